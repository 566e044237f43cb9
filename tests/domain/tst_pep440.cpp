// PEP 440 versions and specifiers. The cases are ported from packaging's
// tests/test_version.py (VERSIONS, test_invalid_versions, test_normalized_versions,
// test_version_str_repr), tests/test_specifiers.py (SPECIFIERS,
// test_specifiers_invalid, test_specifiers_normalized, test_specifiers_str_and_repr,
// test_comparison_canonicalizes) and tests/test_utils.py (test_canonicalize_version);
// the expected normal forms were produced by packaging itself.
#include "domain/pep440.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Kiln::matchPep440Specifier;
using Kiln::parsePep440Specifier;
using Kiln::parsePep440Version;

class TestPep440 : public QObject
{
    Q_OBJECT

private slots:
    void validVersion_data();
    void validVersion();
    void versionParts();
    void invalidVersion_data();
    void invalidVersion();
    void canonicalWithoutStrip_data();
    void canonicalWithoutStrip();
    void validSpecifier_data();
    void validSpecifier();
    void invalidSpecifier_data();
    void invalidSpecifier();
    void canonicalKey_data();
    void canonicalKey();
    void matchStopsWhereTheTokenEnds_data();
    void matchStopsWhereTheTokenEnds();
    void randomInputNeverCrashes();
};

void TestPep440::validVersion_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalized"); // str(Version(text))
    QTest::addColumn<QString>("canonical");  // canonicalize_version(text)
    const auto row = [](const QString &text, const QString &normalized, const QString &canonical) {
        QTest::addRow("%s", qPrintable(text)) << text << normalized << canonical;
    };
    // test_canonicalize_version
    row(u"1.4.0"_s, u"1.4.0"_s, u"1.4"_s);
    row(u"1.40.0"_s, u"1.40.0"_s, u"1.40"_s);
    row(u"1.4.0.0.00.000.0000"_s, u"1.4.0.0.0.0.0"_s, u"1.4"_s);
    row(u"1.0+abc"_s, u"1.0+abc"_s, u"1+abc"_s);
    row(u"1.0.dev0"_s, u"1.0.dev0"_s, u"1.dev0"_s);
    row(u"1.0.post0"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.0a0"_s, u"1.0a0"_s, u"1a0"_s);
    row(u"1.0rc0"_s, u"1.0rc0"_s, u"1rc0"_s);
    row(u"100!0.0"_s, u"100!0.0"_s, u"100!0"_s);
    // VERSIONS, test_normalized_versions, test_version_str_repr and more
    row(u"1.0.dev456"_s, u"1.0.dev456"_s, u"1.dev456"_s);
    row(u"1.0a1"_s, u"1.0a1"_s, u"1a1"_s);
    row(u"1.0a2.dev456"_s, u"1.0a2.dev456"_s, u"1a2.dev456"_s);
    row(u"1.0a12.dev456"_s, u"1.0a12.dev456"_s, u"1a12.dev456"_s);
    row(u"1.0a12"_s, u"1.0a12"_s, u"1a12"_s);
    row(u"1.0b1.dev456"_s, u"1.0b1.dev456"_s, u"1b1.dev456"_s);
    row(u"1.0b2"_s, u"1.0b2"_s, u"1b2"_s);
    row(u"1.0b2.post345.dev456"_s, u"1.0b2.post345.dev456"_s, u"1b2.post345.dev456"_s);
    row(u"1.0b2.post345"_s, u"1.0b2.post345"_s, u"1b2.post345"_s);
    row(u"1.0b2-346"_s, u"1.0b2.post346"_s, u"1b2.post346"_s);
    row(u"1.0c1.dev456"_s, u"1.0rc1.dev456"_s, u"1rc1.dev456"_s);
    row(u"1.0c1"_s, u"1.0rc1"_s, u"1rc1"_s);
    row(u"1.0rc2"_s, u"1.0rc2"_s, u"1rc2"_s);
    row(u"1.0c3"_s, u"1.0rc3"_s, u"1rc3"_s);
    row(u"1.0"_s, u"1.0"_s, u"1"_s);
    row(u"1.0.post456.dev34"_s, u"1.0.post456.dev34"_s, u"1.post456.dev34"_s);
    row(u"1.0.post456"_s, u"1.0.post456"_s, u"1.post456"_s);
    row(u"1.1.dev1"_s, u"1.1.dev1"_s, u"1.1.dev1"_s);
    row(u"1.2+123abc"_s, u"1.2+123abc"_s, u"1.2+123abc"_s);
    row(u"1.2+123abc456"_s, u"1.2+123abc456"_s, u"1.2+123abc456"_s);
    row(u"1.2+abc"_s, u"1.2+abc"_s, u"1.2+abc"_s);
    row(u"1.2+abc123"_s, u"1.2+abc123"_s, u"1.2+abc123"_s);
    row(u"1.2+abc123def"_s, u"1.2+abc123def"_s, u"1.2+abc123def"_s);
    row(u"1.2+1234.abc"_s, u"1.2+1234.abc"_s, u"1.2+1234.abc"_s);
    row(u"1.2+123456"_s, u"1.2+123456"_s, u"1.2+123456"_s);
    row(u"1.2.r32+123456"_s, u"1.2.post32+123456"_s, u"1.2.post32+123456"_s);
    row(u"1.2.rev33+123456"_s, u"1.2.post33+123456"_s, u"1.2.post33+123456"_s);
    row(u"1!1.0.dev456"_s, u"1!1.0.dev456"_s, u"1!1.dev456"_s);
    row(u"1!1.0a1"_s, u"1!1.0a1"_s, u"1!1a1"_s);
    row(u"1!1.0b2.post345.dev456"_s, u"1!1.0b2.post345.dev456"_s, u"1!1b2.post345.dev456"_s);
    row(u"1!1.0c3"_s, u"1!1.0rc3"_s, u"1!1rc3"_s);
    row(u"1!1.2+1234.abc"_s, u"1!1.2+1234.abc"_s, u"1!1.2+1234.abc"_s);
    row(u"1!1.2.rev33+123456"_s, u"1!1.2.post33+123456"_s, u"1!1.2.post33+123456"_s);
    row(u"1.0dev"_s, u"1.0.dev0"_s, u"1.dev0"_s);
    row(u"1.0.dev"_s, u"1.0.dev0"_s, u"1.dev0"_s);
    row(u"1.0-dev"_s, u"1.0.dev0"_s, u"1.dev0"_s);
    row(u"1.0-dev1"_s, u"1.0.dev1"_s, u"1.dev1"_s);
    row(u"1.0DEV"_s, u"1.0.dev0"_s, u"1.dev0"_s);
    row(u"1.0.DEV1"_s, u"1.0.dev1"_s, u"1.dev1"_s);
    row(u"1.0-DEV"_s, u"1.0.dev0"_s, u"1.dev0"_s);
    row(u"1.0a"_s, u"1.0a0"_s, u"1a0"_s);
    row(u"1.0.a"_s, u"1.0a0"_s, u"1a0"_s);
    row(u"1.0.a1"_s, u"1.0a1"_s, u"1a1"_s);
    row(u"1.0-a"_s, u"1.0a0"_s, u"1a0"_s);
    row(u"1.0-a1"_s, u"1.0a1"_s, u"1a1"_s);
    row(u"1.0alpha"_s, u"1.0a0"_s, u"1a0"_s);
    row(u"1.0.alpha1"_s, u"1.0a1"_s, u"1a1"_s);
    row(u"1.0-ALPHA1"_s, u"1.0a1"_s, u"1a1"_s);
    row(u"1.0A"_s, u"1.0a0"_s, u"1a0"_s);
    row(u"1.0b"_s, u"1.0b0"_s, u"1b0"_s);
    row(u"1.0.B1"_s, u"1.0b1"_s, u"1b1"_s);
    row(u"1.0beta"_s, u"1.0b0"_s, u"1b0"_s);
    row(u"1.0-BETA"_s, u"1.0b0"_s, u"1b0"_s);
    row(u"1.0c"_s, u"1.0rc0"_s, u"1rc0"_s);
    row(u"1.0.c1"_s, u"1.0rc1"_s, u"1rc1"_s);
    row(u"1.0-C"_s, u"1.0rc0"_s, u"1rc0"_s);
    row(u"1.0rc"_s, u"1.0rc0"_s, u"1rc0"_s);
    row(u"1.0.rc"_s, u"1.0rc0"_s, u"1rc0"_s);
    row(u"1.0-rc1"_s, u"1.0rc1"_s, u"1rc1"_s);
    row(u"1.0RC"_s, u"1.0rc0"_s, u"1rc0"_s);
    row(u"1.0pre"_s, u"1.0rc0"_s, u"1rc0"_s);
    row(u"1.0preview2"_s, u"1.0rc2"_s, u"1rc2"_s);
    row(u"1.0-pre.3"_s, u"1.0rc3"_s, u"1rc3"_s);
    row(u"1.0post"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.0.post"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.0post1"_s, u"1.0.post1"_s, u"1.post1"_s);
    row(u"1.0-post"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.0POST"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.0r"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.0rev"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.0.r1"_s, u"1.0.post1"_s, u"1.post1"_s);
    row(u"1.0.rev1"_s, u"1.0.post1"_s, u"1.post1"_s);
    row(u"1.0-5"_s, u"1.0.post5"_s, u"1.post5"_s);
    row(u"1.0-r5"_s, u"1.0.post5"_s, u"1.post5"_s);
    row(u"1.0-rev5"_s, u"1.0.post5"_s, u"1.post5"_s);
    row(u"1.0+AbC"_s, u"1.0+abc"_s, u"1+abc"_s);
    row(u"1.01"_s, u"1.1"_s, u"1.1"_s);
    row(u"1.0a05"_s, u"1.0a5"_s, u"1a5"_s);
    row(u"1.0b07"_s, u"1.0b7"_s, u"1b7"_s);
    row(u"1.0c056"_s, u"1.0rc56"_s, u"1rc56"_s);
    row(u"1.0rc09"_s, u"1.0rc9"_s, u"1rc9"_s);
    row(u"1.0.post000"_s, u"1.0.post0"_s, u"1.post0"_s);
    row(u"1.1.dev09000"_s, u"1.1.dev9000"_s, u"1.1.dev9000"_s);
    row(u"00!1.2"_s, u"1.2"_s, u"1.2"_s);
    row(u"0100!0.0"_s, u"100!0.0"_s, u"100!0"_s);
    row(u"v1.0"_s, u"1.0"_s, u"1"_s);
    row(u"V1.0"_s, u"1.0"_s, u"1"_s);
    row(u"   v1.0\t\n"_s, u"1.0"_s, u"1"_s);
    row(u"1.0.3+7"_s, u"1.0.3+7"_s, u"1.0.3+7"_s);
    row(u"0!1.0.4+8.0"_s, u"1.0.4+8.0"_s, u"1.0.4+8.0"_s);
    row(u"1.0.5+9.5"_s, u"1.0.5+9.5"_s, u"1.0.5+9.5"_s);
    row(u"7!1.0b2.post345.dev456"_s, u"7!1.0b2.post345.dev456"_s, u"7!1b2.post345.dev456"_s);
    row(u"1.0a-1"_s, u"1.0a1"_s, u"1a1"_s);
    row(u"1.0a.post1"_s, u"1.0a0.post1"_s, u"1a0.post1"_s);
    row(u"1.0-dev-1"_s, u"1.0.dev1"_s, u"1.dev1"_s);
    row(u"1.0_post_1"_s, u"1.0.post1"_s, u"1.post1"_s);
    row(u"1.0+a-b_c.d"_s, u"1.0+a.b.c.d"_s, u"1+a.b.c.d"_s);
    row(u"1.0+01.AB"_s, u"1.0+1.ab"_s, u"1+1.ab"_s);
    row(u"2023.01.01"_s, u"2023.1.1"_s, u"2023.1.1"_s);
    row(u"0"_s, u"0"_s, u"0"_s);
    row(u"000"_s, u"0"_s, u"0"_s);
    row(u"1.0.0.0.0.0"_s, u"1.0.0.0.0.0"_s, u"1"_s);
    row(u"99999999999999999999999.1"_s, u"99999999999999999999999.1"_s, u"99999999999999999999999.1"_s);
    row(u"1.0a1-1.dev2+x"_s, u"1.0a1.post1.dev2+x"_s, u"1a1.post1.dev2+x"_s);
}

void TestPep440::validVersion()
{
    QFETCH(QString, text);
    QFETCH(QString, normalized);
    QFETCH(QString, canonical);
    const auto version = parsePep440Version(text);
    QVERIFY2(version.ok(), qPrintable(version.ok() ? QString() : version.error().message));
    QCOMPARE(version->toString(), normalized);
    QCOMPARE(version->canonical(), canonical);
    // The normal form is itself a version with the same normal form.
    const auto again = parsePep440Version(normalized);
    QVERIFY(again.ok());
    QCOMPARE(again.value(), version.value());
}

void TestPep440::versionParts()
{
    const auto version = parsePep440Version(u"v02!1.002.3-RC.4_REV05.DEV006+Ubuntu-01.x"_s);
    QVERIFY(version.ok());
    QCOMPARE(version->epoch, u"2"_s);
    QCOMPARE(version->release, (QStringList{u"1"_s, u"2"_s, u"3"_s}));
    QCOMPARE(version->preLabel, u"rc"_s);
    QCOMPARE(version->preNumber, u"4"_s);
    QCOMPARE(version->postNumber, std::optional<QString>(u"5"_s));
    QCOMPARE(version->devNumber, std::optional<QString>(u"6"_s));
    QCOMPARE(version->local, (QStringList{u"ubuntu"_s, u"1"_s, u"x"_s}));
    QVERIFY(version->isPrerelease());
    QCOMPARE(version->toString(), u"2!1.2.3rc4.post5.dev6+ubuntu.1.x"_s);

    const auto plain = parsePep440Version(u"1.0"_s);
    QVERIFY(plain.ok());
    QCOMPARE(plain->epoch, u"0"_s);
    QVERIFY(plain->preLabel.isEmpty());
    QVERIFY(!plain->postNumber.has_value());
    QVERIFY(!plain->devNumber.has_value());
    QVERIFY(plain->local.isEmpty());
    QVERIFY(!plain->isPrerelease());
    QVERIFY(parsePep440Version(u"1.0.dev1"_s)->isPrerelease());
    QVERIFY(!parsePep440Version(u"1.0.post1"_s)->isPrerelease());
}

void TestPep440::invalidVersion_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    const auto row = [](const QString &text, int column) {
        QTest::addRow("%s", qPrintable(text)) << text << column;
    };
    row(u"french toast"_s, 1);
    row(u"1.0+a+"_s, 6);
    row(u"1.0++"_s, 4);
    row(u"1.0+_foobar"_s, 4);
    row(u"1.0+foo&asd"_s, 8);
    row(u"1.0+1+1"_s, 6);
    row(u""_s, 1);
    row(u"v"_s, 1);
    row(u"1.0."_s, 4);
    row(u"1..0"_s, 2);
    row(u"1!"_s, 2);
    row(u"!1"_s, 1);
    row(u"1.0 a"_s, 5);
    row(u"1.0-"_s, 4);
    row(u"1.0+"_s, 4);
    row(u"1.0.*"_s, 4);
    row(u"1.0a1a2"_s, 6);
    row(u"1.0.post1.post2"_s, 10);
    row(u"1.0.dev1.dev2"_s, 9);
    row(u"a1.0"_s, 1);
    row(u"1,0"_s, 2);
    row(u"1.0-1-1"_s, 6);
    row(u"1.0ab"_s, 5);
    row(u"\u0967.0"_s, 1);
    row(u"1.0+\u00e9"_s, 4);
    row(u"1.0 +abc"_s, 5);
    row(u"v 1.0"_s, 1);
    row(u"vv1.0"_s, 1);
}

void TestPep440::invalidVersion()
{
    QFETCH(QString, text);
    QFETCH(int, column);
    const auto version = parsePep440Version(text);
    QVERIFY(!version.ok());
    QVERIFY2(version.error().message.startsWith(u"Invalid version: '"_s),
             qPrintable(version.error().message));
    QCOMPARE(version.error().column, column);
}

void TestPep440::canonicalWithoutStrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    // test_canonicalize_version_no_strip_trailing_zero, plus leading zeros and epochs
    QTest::newRow("1.4.0") << u"1.4.0"_s << u"1.4.0"_s;
    QTest::newRow("1.0") << u"1.0"_s << u"1.0"_s;
    QTest::newRow("0!01.00") << u"0!01.00"_s << u"1.0"_s;
    QTest::newRow("3!1.0.0a1") << u"3!1.0.0a1"_s << u"3!1.0.0a1"_s;
}

void TestPep440::canonicalWithoutStrip()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    const auto version = parsePep440Version(text);
    QVERIFY(version.ok());
    QCOMPARE(version->canonical(false), canonical);
}

void TestPep440::validSpecifier_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalized"); // str(Specifier(text))
    const auto row = [](const QString &text, const QString &normalized) {
        QTest::addRow("%s", qPrintable(text)) << text << normalized;
    };
    row(u"~=2.0"_s, u"~=2.0"_s);
    row(u"==2.1.*"_s, u"==2.1.*"_s);
    row(u"==2.1.0.3"_s, u"==2.1.0.3"_s);
    row(u"!=2.2.*"_s, u"!=2.2.*"_s);
    row(u"!=2.2.0.5"_s, u"!=2.2.0.5"_s);
    row(u"<=5"_s, u"<=5"_s);
    row(u">=7.9a1"_s, u">=7.9a1"_s);
    row(u"<1.0.dev1"_s, u"<1.0.dev1"_s);
    row(u">2.0.post1"_s, u">2.0.post1"_s);
    row(u"< 2"_s, u"<2"_s);
    row(u"== 1.0"_s, u"==1.0"_s);
    row(u"  >=1.0  "_s, u">=1.0"_s);
    row(u"===arbitrary"_s, u"===arbitrary"_s);
    row(u"=== foo"_s, u"===foo"_s);
    row(u"===1.0"_s, u"===1.0"_s);
    row(u"~=1.0.0"_s, u"~=1.0.0"_s);
    row(u"~=2!1.0"_s, u"~=2!1.0"_s);
    row(u">=1!2.0"_s, u">=1!2.0"_s);
    row(u"==1.0+local.1"_s, u"==1.0+local.1"_s);
    row(u"!=1.0+abc"_s, u"!=1.0+abc"_s);
    row(u"~=1.0a1"_s, u"~=1.0a1"_s);
    row(u">=v1.0"_s, u">=v1.0"_s);
    row(u"==1.0-1"_s, u"==1.0-1"_s);
    row(u"==1.0.POST1"_s, u"==1.0.POST1"_s);
    row(u">=1.0RC1"_s, u">=1.0RC1"_s);
    row(u"===1.0-legacy_v2+x"_s, u"===1.0-legacy_v2+x"_s);
    row(u"~=1.0dev"_s, u"~=1.0dev"_s);
    row(u"==1.0dev"_s, u"==1.0dev"_s);
    row(u"!=1.0dev"_s, u"!=1.0dev"_s);
    row(u"<=1.0dev"_s, u"<=1.0dev"_s);
    row(u">=1.0dev"_s, u">=1.0dev"_s);
    row(u"<1.0dev"_s, u"<1.0dev"_s);
    row(u">1.0dev"_s, u">1.0dev"_s);
    row(u"~=1.0.dev"_s, u"~=1.0.dev"_s);
    row(u"==1.0.dev"_s, u"==1.0.dev"_s);
    row(u"!=1.0.dev"_s, u"!=1.0.dev"_s);
    row(u"<=1.0.dev"_s, u"<=1.0.dev"_s);
    row(u">=1.0.dev"_s, u">=1.0.dev"_s);
    row(u"<1.0.dev"_s, u"<1.0.dev"_s);
    row(u">1.0.dev"_s, u">1.0.dev"_s);
    row(u"~=1.0-DEV1"_s, u"~=1.0-DEV1"_s);
    row(u"==1.0-DEV1"_s, u"==1.0-DEV1"_s);
    row(u"!=1.0-DEV1"_s, u"!=1.0-DEV1"_s);
    row(u"<=1.0-DEV1"_s, u"<=1.0-DEV1"_s);
    row(u">=1.0-DEV1"_s, u">=1.0-DEV1"_s);
    row(u"<1.0-DEV1"_s, u"<1.0-DEV1"_s);
    row(u">1.0-DEV1"_s, u">1.0-DEV1"_s);
    row(u"~=1.0a"_s, u"~=1.0a"_s);
    row(u"==1.0a"_s, u"==1.0a"_s);
    row(u"!=1.0a"_s, u"!=1.0a"_s);
    row(u"<=1.0a"_s, u"<=1.0a"_s);
    row(u">=1.0a"_s, u">=1.0a"_s);
    row(u"<1.0a"_s, u"<1.0a"_s);
    row(u">1.0a"_s, u">1.0a"_s);
    row(u"~=1.0.ALPHA1"_s, u"~=1.0.ALPHA1"_s);
    row(u"==1.0.ALPHA1"_s, u"==1.0.ALPHA1"_s);
    row(u"!=1.0.ALPHA1"_s, u"!=1.0.ALPHA1"_s);
    row(u"<=1.0.ALPHA1"_s, u"<=1.0.ALPHA1"_s);
    row(u">=1.0.ALPHA1"_s, u">=1.0.ALPHA1"_s);
    row(u"<1.0.ALPHA1"_s, u"<1.0.ALPHA1"_s);
    row(u">1.0.ALPHA1"_s, u">1.0.ALPHA1"_s);
    row(u"~=1.0-B1"_s, u"~=1.0-B1"_s);
    row(u"==1.0-B1"_s, u"==1.0-B1"_s);
    row(u"!=1.0-B1"_s, u"!=1.0-B1"_s);
    row(u"<=1.0-B1"_s, u"<=1.0-B1"_s);
    row(u">=1.0-B1"_s, u">=1.0-B1"_s);
    row(u"<1.0-B1"_s, u"<1.0-B1"_s);
    row(u">1.0-B1"_s, u">1.0-B1"_s);
    row(u"~=1.0c"_s, u"~=1.0c"_s);
    row(u"==1.0c"_s, u"==1.0c"_s);
    row(u"!=1.0c"_s, u"!=1.0c"_s);
    row(u"<=1.0c"_s, u"<=1.0c"_s);
    row(u">=1.0c"_s, u">=1.0c"_s);
    row(u"<1.0c"_s, u"<1.0c"_s);
    row(u">1.0c"_s, u">1.0c"_s);
    row(u"~=1.0.RC1"_s, u"~=1.0.RC1"_s);
    row(u"==1.0.RC1"_s, u"==1.0.RC1"_s);
    row(u"!=1.0.RC1"_s, u"!=1.0.RC1"_s);
    row(u"<=1.0.RC1"_s, u"<=1.0.RC1"_s);
    row(u">=1.0.RC1"_s, u">=1.0.RC1"_s);
    row(u"<1.0.RC1"_s, u"<1.0.RC1"_s);
    row(u">1.0.RC1"_s, u">1.0.RC1"_s);
    row(u"~=1.0post"_s, u"~=1.0post"_s);
    row(u"==1.0post"_s, u"==1.0post"_s);
    row(u"!=1.0post"_s, u"!=1.0post"_s);
    row(u"<=1.0post"_s, u"<=1.0post"_s);
    row(u">=1.0post"_s, u">=1.0post"_s);
    row(u"<1.0post"_s, u"<1.0post"_s);
    row(u">1.0post"_s, u">1.0post"_s);
    row(u"~=1.0-POST1"_s, u"~=1.0-POST1"_s);
    row(u"==1.0-POST1"_s, u"==1.0-POST1"_s);
    row(u"!=1.0-POST1"_s, u"!=1.0-POST1"_s);
    row(u"<=1.0-POST1"_s, u"<=1.0-POST1"_s);
    row(u">=1.0-POST1"_s, u">=1.0-POST1"_s);
    row(u"<1.0-POST1"_s, u"<1.0-POST1"_s);
    row(u">1.0-POST1"_s, u">1.0-POST1"_s);
    row(u"~=1.0-5"_s, u"~=1.0-5"_s);
    row(u"==1.0-5"_s, u"==1.0-5"_s);
    row(u"!=1.0-5"_s, u"!=1.0-5"_s);
    row(u"<=1.0-5"_s, u"<=1.0-5"_s);
    row(u">=1.0-5"_s, u">=1.0-5"_s);
    row(u"<1.0-5"_s, u"<1.0-5"_s);
    row(u">1.0-5"_s, u">1.0-5"_s);
    row(u"~=1.01"_s, u"~=1.01"_s);
    row(u"==1.01"_s, u"==1.01"_s);
    row(u"!=1.01"_s, u"!=1.01"_s);
    row(u"<=1.01"_s, u"<=1.01"_s);
    row(u">=1.01"_s, u">=1.01"_s);
    row(u"<1.01"_s, u"<1.01"_s);
    row(u">1.01"_s, u">1.01"_s);
    row(u"~=1.0a05"_s, u"~=1.0a05"_s);
    row(u"==1.0a05"_s, u"==1.0a05"_s);
    row(u"!=1.0a05"_s, u"!=1.0a05"_s);
    row(u"<=1.0a05"_s, u"<=1.0a05"_s);
    row(u">=1.0a05"_s, u">=1.0a05"_s);
    row(u"<1.0a05"_s, u"<1.0a05"_s);
    row(u">1.0a05"_s, u">1.0a05"_s);
    row(u"~=00!1.2"_s, u"~=00!1.2"_s);
    row(u"==00!1.2"_s, u"==00!1.2"_s);
    row(u"!=00!1.2"_s, u"!=00!1.2"_s);
    row(u"<=00!1.2"_s, u"<=00!1.2"_s);
    row(u">=00!1.2"_s, u">=00!1.2"_s);
    row(u"<00!1.2"_s, u"<00!1.2"_s);
    row(u">00!1.2"_s, u">00!1.2"_s);
    row(u"~=0100!0.0"_s, u"~=0100!0.0"_s);
    row(u"==0100!0.0"_s, u"==0100!0.0"_s);
    row(u"!=0100!0.0"_s, u"!=0100!0.0"_s);
    row(u"<=0100!0.0"_s, u"<=0100!0.0"_s);
    row(u">=0100!0.0"_s, u">=0100!0.0"_s);
    row(u"<0100!0.0"_s, u"<0100!0.0"_s);
    row(u">0100!0.0"_s, u">0100!0.0"_s);
    row(u"~=v1.0"_s, u"~=v1.0"_s);
    row(u"==v1.0"_s, u"==v1.0"_s);
    row(u"!=v1.0"_s, u"!=v1.0"_s);
    row(u"<=v1.0"_s, u"<=v1.0"_s);
    row(u">=v1.0"_s, u">=v1.0"_s);
    row(u"<v1.0"_s, u"<v1.0"_s);
    row(u">v1.0"_s, u">v1.0"_s);
    row(u"~=  \r \f \u000b v1.0\t\n"_s, u"~=v1.0"_s);
    row(u"==  \r \f \u000b v1.0\t\n"_s, u"==v1.0"_s);
    row(u"!=  \r \f \u000b v1.0\t\n"_s, u"!=v1.0"_s);
    row(u"<=  \r \f \u000b v1.0\t\n"_s, u"<=v1.0"_s);
    row(u">=  \r \f \u000b v1.0\t\n"_s, u">=v1.0"_s);
    row(u"<  \r \f \u000b v1.0\t\n"_s, u"<v1.0"_s);
    row(u">  \r \f \u000b v1.0\t\n"_s, u">v1.0"_s);
    row(u"==1.0+AbC"_s, u"==1.0+AbC"_s);
    row(u"!=1.0+AbC"_s, u"!=1.0+AbC"_s);
}

void TestPep440::validSpecifier()
{
    QFETCH(QString, text);
    QFETCH(QString, normalized);
    const auto specifier = parsePep440Specifier(text);
    QVERIFY2(specifier.ok(), qPrintable(specifier.ok() ? QString() : specifier.error().message));
    QCOMPARE(specifier->toString(), normalized);
    QCOMPARE(specifier->op + specifier->version, normalized);
    const auto again = parsePep440Specifier(normalized);
    QVERIFY(again.ok());
    QCOMPARE(again.value(), specifier.value());
}

void TestPep440::invalidSpecifier_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason"); // part of the message
    QTest::addColumn<int>("column");
    const auto row = [](const QString &text, const QString &reason, int column) {
        QTest::addRow("%s", qPrintable(text)) << text << reason << column;
    };
    // test_specifiers_invalid
    row(u"2.0"_s, u"expected a version operator"_s, 1);
    row(u"=>2.0"_s, u"did you mean '>='?"_s, 1);
    row(u"=="_s, u"a version is missing after '=='"_s, 3);
    const QString local = u"can only be used with the == and != operators"_s;
    row(u"~=1.0+5"_s, local, 6);
    row(u">=1.0+deadbeef"_s, local, 6);
    row(u"<=1.0+abc123"_s, local, 6);
    row(u">1.0+watwat"_s, local, 5);
    row(u"<1.0+1.0"_s, local, 5);
    const QString wildcard = u"the .* suffix can only be used with the == and != operators"_s;
    row(u"~=1.0.*"_s, wildcard, 6);
    row(u">=1.0.*"_s, wildcard, 6);
    row(u"<=1.0.*"_s, wildcard, 6);
    row(u">1.0.*"_s, wildcard, 5);
    row(u"<1.0.*"_s, wildcard, 5);
    row(u"==1.0.*+5"_s, u"a local version label cannot follow the .* suffix"_s, 8);
    row(u"!=1.0.*+deadbeef"_s, u"a local version label cannot follow the .* suffix"_s, 8);
    const QString suffix = u"the .* suffix cannot be used after a pre-release"_s;
    row(u"==2.0a1.*"_s, suffix, 8);
    row(u"!=2.0a1.*"_s, suffix, 8);
    row(u"==2.0.post1.*"_s, suffix, 12);
    row(u"!=2.0.post1.*"_s, suffix, 12);
    row(u"==2.0.dev1.*"_s, suffix, 11);
    row(u"!=2.0.dev1.*"_s, suffix, 11);
    row(u"==1.0+5.*"_s, suffix, 8);
    row(u"!=1.0+deadbeef.*"_s, suffix, 15);
    row(u"==1.0.*.5"_s, u"'1.0.*.5' is not a valid PEP 440 version"_s, 8);
    row(u"~=1"_s, u"'~=' needs a version with at least two release segments"_s, 4);
    row(u"~=1.*"_s, u"'~=' needs a version with at least two release segments"_s, 4);
    // more
    row(QString(), u"expected a version operator"_s, 1);
    row(u"=1.0"_s, u"use '==' to pin a version"_s, 1);
    row(u"~1.0"_s, u"use '~=' for a compatible release"_s, 1);
    row(u">= "_s, u"a version is missing after '>='"_s, 4);
    row(u"==1.0.org1"_s, u"'1.0.org1' is not a valid PEP 440 version (use '===' to match an arbitrary"_s, 6);
    row(u">=1.x"_s, u"'1.x' is not a valid PEP 440 version"_s, 4);
    row(u">=1.0 1"_s, u"unexpected '1' after the version"_s, 7);
    // packaging accepts these arbitrary strings; Kiln does not.
    row(u"==="_s, u"a version is missing after '==='"_s, 4);
    row(u"===a,b"_s, u"',' is not allowed in the arbitrary version"_s, 5);
    row(u"===a$b"_s, u"'$' is not allowed in the arbitrary version"_s, 5);
    row(u"===1.*"_s, u"'*' is not allowed in the arbitrary version"_s, 6);
    row(u"===\u00e9"_s, u"'\u00e9' is not allowed in the arbitrary version"_s, 4);
}

void TestPep440::invalidSpecifier()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    QFETCH(int, column);
    const auto specifier = parsePep440Specifier(text);
    QVERIFY(!specifier.ok());
    const QString message = specifier.error().message;
    QVERIFY2(message.startsWith(u"Invalid specifier: '"_s + text.trimmed() + u"': "_s), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    QCOMPARE(specifier.error().column, column);
}

void TestPep440::canonicalKey_data()
{
    QTest::addColumn<QString>("left");
    QTest::addColumn<QString>("right");
    QTest::addColumn<bool>("equal");
    // test_comparison_canonicalizes and Specifier.__eq__ (upstream: "===" and ".*"
    // versions compare verbatim, "~=" keeps trailing zeros)
    QTest::newRow("==2.8.0 ==2.8") << u"==2.8.0"_s << u"==2.8"_s << true;
    QTest::newRow(">=1.0 >=1.0.0.0") << u">=1.0"_s << u">=1.0.0.0"_s << true;
    QTest::newRow("!=v1.0 !=1") << u"!=v1.0"_s << u"!=1"_s << true;
    QTest::newRow(">=1.0a0 >=1.0a") << u">=1.0a0"_s << u">=1.0a"_s << true;
    QTest::newRow("==1.0+ABC ==1.0+abc") << u"==1.0+ABC"_s << u"==1.0+abc"_s << true;
    QTest::newRow("~=2.0 ~=2.0.0") << u"~=2.0"_s << u"~=2.0.0"_s << false;
    QTest::newRow("==1.0.* ==1.0.0.*") << u"==1.0.*"_s << u"==1.0.0.*"_s << false;
    QTest::newRow("===1.0 ===1.0.0") << u"===1.0"_s << u"===1.0.0"_s << false;
    QTest::newRow(">=1.0 >1.0") << u">=1.0"_s << u">1.0"_s << false;
    QTest::newRow("==2!1.0 ==1.0") << u"==2!1.0"_s << u"==1.0"_s << false;
}

void TestPep440::canonicalKey()
{
    QFETCH(QString, left);
    QFETCH(QString, right);
    QFETCH(bool, equal);
    const auto l = parsePep440Specifier(left);
    const auto r = parsePep440Specifier(right);
    QVERIFY(l.ok() && r.ok());
    QCOMPARE(l->canonicalKey() == r->canonicalKey(), equal);
}

void TestPep440::matchStopsWhereTheTokenEnds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("end"); // -1: no match
    QTest::addColumn<QString>("specifier");
    // packaging's SPECIFIER token is not anchored at the end: the parser decides
    // what may follow it.
    QTest::newRow("name>=1.0,<2") << u"name>=1.0,<2"_s << 4 << 9 << u">=1.0"_s;
    QTest::newRow("==1.0.*+x") << u"==1.0.*+x"_s << 0 << 7 << u"==1.0.*"_s;
    QTest::newRow(">=1.0.*") << u">=1.0.*"_s << 0 << 5 << u">=1.0"_s;
    QTest::newRow(">=1.0+local") << u">=1.0+local"_s << 0 << 5 << u">=1.0"_s;
    QTest::newRow("==1.0a1.*") << u"==1.0a1.*"_s << 0 << 7 << u"==1.0a1"_s;
    QTest::newRow("===foo,bar;x") << u"===foo,bar;x"_s << 0 << 10 << u"===foo,bar"_s;
    QTest::newRow("=== x)") << u"=== x)"_s << 0 << 5 << u"===x"_s;
    QTest::newRow(">= 1.0 ,") << u">= 1.0 ,"_s << 0 << 6 << u">=1.0"_s;
    QTest::newRow("~=1") << u"~=1"_s << 0 << -1 << QString();
    QTest::newRow(">=") << u">="_s << 0 << -1 << QString();
    QTest::newRow("=>1") << u"=>1"_s << 0 << -1 << QString();
    QTest::newRow(">=1!x") << u">=1!x"_s << 0 << 3 << u">=1"_s;
    QTest::newRow("==1.0-") << u"==1.0-"_s << 0 << 5 << u"==1.0"_s;
    QTest::newRow("==1.0a-") << u"==1.0a-"_s << 0 << 7 << u"==1.0a-"_s;
    QTest::newRow("<=1.0previe") << u"<=1.0previe"_s << 0 << 8 << u"<=1.0pre"_s;
    QTest::newRow("past the end") << u">=1"_s << 7 << -1 << QString();
}

void TestPep440::matchStopsWhereTheTokenEnds()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(int, end);
    QFETCH(QString, specifier);
    const auto match = matchPep440Specifier(text, position);
    QCOMPARE(int(match.end), end);
    if (end >= 0)
        QCOMPARE(match.specifier.toString(), specifier);
}

void TestPep440::randomInputNeverCrashes()
{
    const QString alphabet = u"0123456789.!+-_*=<>~ vVaAbcdeoprstv,;()\t\u00e9"_s;
    auto *random = QRandomGenerator::global();
    for (int i = 0; i < 20000; ++i) {
        QString text;
        const int length = int(random->bounded(12));
        for (int k = 0; k < length; ++k)
            text += alphabet.at(int(random->bounded(int(alphabet.size()))));
        const auto version = parsePep440Version(text);
        if (version.ok())
            QVERIFY(parsePep440Version(version->toString()).ok());
        else
            QVERIFY(version.error().column >= 1 && version.error().column <= text.size() + 1);
        const auto specifier = parsePep440Specifier(text);
        if (!specifier.ok())
            QVERIFY(specifier.error().column >= 1 && specifier.error().column <= text.size() + 1);
        for (qsizetype p = 0; p <= text.size(); ++p) {
            const auto match = matchPep440Specifier(text, p);
            QVERIFY(match.end == -1 || (match.end > p && match.end <= text.size()));
        }
    }
}

QTEST_GUILESS_MAIN(TestPep440)
#include "tst_pep440.moc"
