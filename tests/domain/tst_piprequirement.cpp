// PEP 508 requirement lines. Most cases are ported from packaging's
// tests/test_requirements.py (test_basic_valid_requirement_parsing, TestRequirementParsing,
// TestRequirementBehaviour, EQUAL_DEPENDENCIES) and tests/test_markers.py; the expected
// values of the valid rows were produced by packaging itself. Where Kiln deliberately
// differs from packaging (stricter names, URLs and "===" strings, requirements-file and
// shell syntax, a few normalisation fixes) the row says so.
#include "domain/piprequirement.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Kiln::parsePipRequirement;
using Kiln::PipRequirement;

class TestPipRequirement : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void packagingCombinations_data();
    void packagingCombinations();
    void invalid_data();
    void invalid();
    void equivalentLines_data();
    void equivalentLines();
    void toJson();
    void toStringIsNormalised_data();
    void toStringIsNormalised();
    void normalizedName_data();
    void normalizedName();
    void deepNestingIsRefused();
    void randomInputNeverCrashes();
};

namespace {

void addValidColumns()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("extras");
    QTest::addColumn<QString>("specifier"); // null when absent
    QTest::addColumn<QString>("marker");    // null when absent
    QTest::addColumn<QString>("url");       // null when absent
}

void checkValid(const QString &line, const QString &name, const QStringList &extras, const QString &specifier,
                const QString &marker, const QString &url)
{
    const auto parsed = parsePipRequirement(line);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().describe()));
    QCOMPARE(parsed->name, name);
    QCOMPARE(parsed->extras, extras);
    QCOMPARE(parsed->specifier, specifier);
    QCOMPARE(parsed->specifier.isNull(), specifier.isNull());
    QCOMPARE(parsed->marker, marker);
    QCOMPARE(parsed->marker.isNull(), marker.isNull());
    QCOMPARE(parsed->url, url);
    QCOMPARE(parsed->url.isNull(), url.isNull());
    // What is passed to pip parses back to the same requirement.
    const auto again = parsePipRequirement(parsed->toString());
    QVERIFY2(again.ok(), qPrintable(parsed->toString()));
    QCOMPARE(again.value(), parsed.value());
}

} // namespace

void TestPipRequirement::valid_data()
{
    addValidColumns();
    const auto row = [](const QString &line, const QString &name, const QStringList &extras,
                        const QString &specifier, const QString &marker, const QString &url) {
        QTest::addRow("%s", qPrintable(line)) << line << name << extras << specifier << marker << url;
    };
    row(u"pkg>=1.0"_s, u"pkg"_s, QStringList{}, u">=1.0"_s, QString(), QString());
    row(u"pkg[extra]"_s, u"pkg"_s, QStringList{u"extra"_s}, QString(), QString(), QString());
    row(u"pkg~=1.0"_s, u"pkg"_s, QStringList{}, u"~=1.0"_s, QString(), QString());
    row(u"pkg[a,b]>=1,<2; python_version<\"3.8\" and os_name==\"posix\""_s, u"pkg"_s,
        QStringList{u"a"_s, u"b"_s}, u"<2,>=1"_s, u"python_version < \"3.8\" and os_name == \"posix\""_s,
        QString());
    row(u"name @ https://x/y.whl"_s, u"name"_s, QStringList{}, QString(), QString(), u"https://x/y.whl"_s);
    row(u"pkg===foo"_s, u"pkg"_s, QStringList{}, u"===foo"_s, QString(), QString());
    row(u"pkg==1.0.*"_s, u"pkg"_s, QStringList{}, u"==1.0.*"_s, QString(), QString());
    row(u"name[bar]>=3; python_version == \"2.7\""_s, u"name"_s, QStringList{u"bar"_s}, u">=3"_s,
        u"python_version == \"2.7\""_s, QString());
    row(u"name@ http://foo.com ; extra == \"feature\""_s, u"name"_s, QStringList{}, QString(),
        u"extra == \"feature\""_s, u"http://foo.com"_s);
    row(u"name @ http://foo.com ; extra == \"feature\""_s, u"name"_s, QStringList{}, QString(),
        u"extra == \"feature\""_s, u"http://foo.com"_s);
    row(u"A"_s, u"A"_s, QStringList{}, QString(), QString(), QString());
    row(u"aa"_s, u"aa"_s, QStringList{}, QString(), QString(), QString());
    row(u"name"_s, u"name"_s, QStringList{}, QString(), QString(), QString());
    row(u"foo-bar.quux_baz"_s, u"foo-bar.quux_baz"_s, QStringList{}, QString(), QString(), QString());
    row(u"name>=3"_s, u"name"_s, QStringList{}, u">=3"_s, QString(), QString());
    row(u"name (==4)"_s, u"name"_s, QStringList{}, u"==4"_s, QString(), QString());
    row(u"name>=3,<2"_s, u"name"_s, QStringList{}, u"<2,>=3"_s, QString(), QString());
    row(u"name >=2, <3"_s, u"name"_s, QStringList{}, u"<3,>=2"_s, QString(), QString());
    row(u"foobar [quux,bar]"_s, u"foobar"_s, QStringList{u"bar"_s, u"quux"_s}, QString(), QString(),
        QString());
    row(u"foo[]"_s, u"foo"_s, QStringList{}, QString(), QString(), QString());
    row(u"name()"_s, u"name"_s, QStringList{}, QString(), QString(), QString());
    row(u"name[]()"_s, u"name"_s, QStringList{}, QString(), QString(), QString());
    row(u"name @ file:///absolute/path"_s, u"name"_s, QStringList{}, QString(), QString(),
        u"file:///absolute/path"_s);
    row(u"name @ file://."_s, u"name"_s, QStringList{}, QString(), QString(), u"file://."_s);
    row(u"name [fred,bar] @ http://foo.com ; python_version=='2.7'"_s, u"name"_s,
        QStringList{u"bar"_s, u"fred"_s}, QString(), u"python_version == \"2.7\""_s, u"http://foo.com"_s);
    row(u"foo @ https://example.com/name;v=1.1/?query=foo&bar=baz#blah ; python_version=='3.4'"_s, u"foo"_s,
        QStringList{}, QString(), u"python_version == \"3.4\""_s,
        u"https://example.com/name;v=1.1/?query=foo&bar=baz#blah"_s);
    row(u"name[quux, strange];python_version<'2.7' and platform_version=='2'"_s, u"name"_s,
        QStringList{u"quux"_s, u"strange"_s}, QString(),
        u"python_version < \"2.7\" and platform_version == \"2\""_s, QString());
    row(u"name; os_name=='a' and os_name=='b' or os_name=='c'"_s, u"name"_s, QStringList{}, QString(),
        u"os_name == \"a\" and os_name == \"b\" or os_name == \"c\""_s, QString());
    row(u"foobar[quux]<2,>=3; os_name=='a'"_s, u"foobar"_s, QStringList{u"quux"_s}, u"<2,>=3"_s,
        u"os_name == \"a\""_s, QString());
    row(u"something>=1.2.3; sys_platform == \"foo\""_s, u"something"_s, QStringList{}, u">=1.2.3"_s,
        u"sys_platform == \"foo\""_s, QString());
    row(u"aviato>=1.2.3; 'f' in sys_platform"_s, u"aviato"_s, QStringList{}, u">=1.2.3"_s,
        u"\"f\" in sys_platform"_s, QString());
    row(u"packaging>20.1"_s, u"packaging"_s, QStringList{}, u">20.1"_s, QString(), QString());
    row(u"requests[security, tests]>=2.8.1,==2.8.*;python_version<\"2.7\""_s, u"requests"_s,
        QStringList{u"security"_s, u"tests"_s}, u"==2.8.*,>=2.8.1"_s, u"python_version < \"2.7\""_s,
        QString());
    row(u"requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\""_s, u"requests"_s,
        QStringList{u"security"_s, u"tests"_s}, u"==2.8.*,>=2.8.1"_s, u"python_version < \"2.7\""_s,
        QString());
    row(u"importlib-metadata; python_version<\"3.8\""_s, u"importlib-metadata"_s, QStringList{}, QString(),
        u"python_version < \"3.8\""_s, QString());
    row(u"importlib-metadata; python_version<'3.8'"_s, u"importlib-metadata"_s, QStringList{}, QString(),
        u"python_version < \"3.8\""_s, QString());
    row(u"appdirs>=1.4.4,<2; os_name==\"posix\" and extra==\"testing\""_s, u"appdirs"_s, QStringList{},
        u"<2,>=1.4.4"_s, u"os_name == \"posix\" and extra == \"testing\""_s, QString());
    row(u"scikit-learn==1.0.1"_s, u"scikit-learn"_s, QStringList{}, u"==1.0.1"_s, QString(), QString());
    row(u"scikit_learn==1.0.1"_s, u"scikit_learn"_s, QStringList{}, u"==1.0.1"_s, QString(), QString());
    row(u"Django>=1.4.2,!=1.5.0,!=1.5.1; python_version < \"3\""_s, u"Django"_s, QStringList{},
        u"!=1.5.0,!=1.5.1,>=1.4.2"_s, u"python_version < \"3\""_s, QString());
    row(u"my-pkg @ https://example.com"_s, u"my-pkg"_s, QStringList{}, QString(), QString(),
        u"https://example.com"_s);
    row(u"mariadb>=1.0.1; extra == \"mariadb_connector\""_s, u"mariadb"_s, QStringList{}, u">=1.0.1"_s,
        u"extra == \"mariadb-connector\""_s, QString());
    row(u"name!=2.0"_s, u"name"_s, QStringList{}, u"!=2.0"_s, QString(), QString());
    row(u"name==2.*"_s, u"name"_s, QStringList{}, u"==2.*"_s, QString(), QString());
    row(u"name[a1,b1,b2] @ https://url ; \"3.\" not in python_version"_s, u"name"_s,
        QStringList{u"a1"_s, u"b1"_s, u"b2"_s}, QString(), u"\"3.\" not in python_version"_s,
        u"https://url"_s);
    row(u"name; python_implementation == ''"_s, u"name"_s, QStringList{}, QString(),
        u"platform_python_implementation == \"\""_s, QString());
    row(u"name; platform_python_implementation == ''"_s, u"name"_s, QStringList{}, QString(),
        u"platform_python_implementation == \"\""_s, QString());
    row(u"name; os.name == 'linux'"_s, u"name"_s, QStringList{}, QString(), u"os_name == \"linux\""_s,
        QString());
    row(u"name; '8' in platform.version"_s, u"name"_s, QStringList{}, QString(),
        u"\"8\" in platform_version"_s, QString());
    row(u"name; '8' not in platform.version"_s, u"name"_s, QStringList{}, QString(),
        u"\"8\" not in platform_version"_s, QString());
    row(u"name @ git+ssh://git@github.com:pypa/packaging.git"_s, u"name"_s, QStringList{}, QString(),
        QString(), u"git+ssh://git@github.com:pypa/packaging.git"_s);
    row(u"name @ git+https://git.example.com/MyProject.git@refs/pull/123/head"_s, u"name"_s, QStringList{},
        QString(), QString(), u"git+https://git.example.com/MyProject.git@refs/pull/123/head"_s);
    row(u"name @ ssh://user:pass%20word@example.com/packagename.zip"_s, u"name"_s, QStringList{}, QString(),
        QString(), u"ssh://user:pass%20word@example.com/packagename.zip"_s);
    row(u"pkg>=1.0,>=1.0.0"_s, u"pkg"_s, QStringList{}, u">=1.0"_s, QString(), QString());
    row(u"pkg>=1.0.0,>=1.0"_s, u"pkg"_s, QStringList{}, u">=1.0.0"_s, QString(), QString());
    row(u"pkg==1.0.*,==1.0.*"_s, u"pkg"_s, QStringList{}, u"==1.0.*"_s, QString(), QString());
    row(u"pkg>= 1.0"_s, u"pkg"_s, QStringList{}, u">=1.0"_s, QString(), QString());
    row(u"pkg== 1.0 "_s, u"pkg"_s, QStringList{}, u"==1.0"_s, QString(), QString());
    row(u"pkg>=1.0 ,<2"_s, u"pkg"_s, QStringList{}, u"<2,>=1.0"_s, QString(), QString());
    row(u"pkg (>=1.0)"_s, u"pkg"_s, QStringList{}, u">=1.0"_s, QString(), QString());
    row(u"pkg ( >=1.0 , <2 ) ; os_name==\"a\""_s, u"pkg"_s, QStringList{}, u"<2,>=1.0"_s,
        u"os_name == \"a\""_s, QString());
    row(u"pkg==1.0+abc"_s, u"pkg"_s, QStringList{}, u"==1.0+abc"_s, QString(), QString());
    row(u"pkg!=1.0.*"_s, u"pkg"_s, QStringList{}, u"!=1.0.*"_s, QString(), QString());
    row(u"pkg==1.0-1"_s, u"pkg"_s, QStringList{}, u"==1.0-1"_s, QString(), QString());
    row(u"pkg==v1.0"_s, u"pkg"_s, QStringList{}, u"==v1.0"_s, QString(), QString());
    row(u"pkg==1.0.POST1"_s, u"pkg"_s, QStringList{}, u"==1.0.POST1"_s, QString(), QString());
    row(u"pkg>=1!2"_s, u"pkg"_s, QStringList{}, u">=1!2"_s, QString(), QString());
    row(u"pkg>=01.00"_s, u"pkg"_s, QStringList{}, u">=01.00"_s, QString(), QString());
    row(u"pkg>=1.0RC1"_s, u"pkg"_s, QStringList{}, u">=1.0RC1"_s, QString(), QString());
    row(u"pkg>=1.0-rc.1"_s, u"pkg"_s, QStringList{}, u">=1.0-rc.1"_s, QString(), QString());
    row(u"pkg>=1.0.post"_s, u"pkg"_s, QStringList{}, u">=1.0.post"_s, QString(), QString());
    row(u"pkg>=1.0_dev"_s, u"pkg"_s, QStringList{}, u">=1.0_dev"_s, QString(), QString());
    row(u"pkg<=1!3.0.0.rc2"_s, u"pkg"_s, QStringList{}, u"<=1!3.0.0.rc2"_s, QString(), QString());
    row(u"pkg===a,>=1"_s, u"pkg"_s, QStringList{}, u"===a,>=1"_s, QString(), QString());
    row(u"pkg>=1,===a"_s, u"pkg"_s, QStringList{}, u"===a,>=1"_s, QString(), QString());
    row(u"pkg (===a)"_s, u"pkg"_s, QStringList{}, u"===a"_s, QString(), QString());
    row(u"pkg === arbitrarystring"_s, u"pkg"_s, QStringList{}, u"===arbitrarystring"_s, QString(), QString());
    row(u"pkg>=1.0,"_s, u"pkg"_s, QStringList{}, u">=1.0"_s, QString(), QString());
    row(u"pkg>=1.0, "_s, u"pkg"_s, QStringList{}, u">=1.0"_s, QString(), QString());
    row(u"pkg(>=1.0,)"_s, u"pkg"_s, QStringList{}, u">=1.0"_s, QString(), QString());
    row(u"pkg ~= 2.2.post3"_s, u"pkg"_s, QStringList{}, u"~=2.2.post3"_s, QString(), QString());
    row(u"pkg==2!1.0.*"_s, u"pkg"_s, QStringList{}, u"==2!1.0.*"_s, QString(), QString());
    row(u"pkg>=1.0a-"_s, u"pkg"_s, QStringList{}, u">=1.0a-"_s, QString(), QString());
    row(u"pkg==1.0+ABC"_s, u"pkg"_s, QStringList{}, u"==1.0+ABC"_s, QString(), QString());
    row(u"pkg[b,a,a]"_s, u"pkg"_s, QStringList{u"a"_s, u"b"_s}, QString(), QString(), QString());
    row(u"pkg[ a , b ]"_s, u"pkg"_s, QStringList{u"a"_s, u"b"_s}, QString(), QString(), QString());
    row(u"pkg[A,a]"_s, u"pkg"_s, QStringList{u"A"_s, u"a"_s}, QString(), QString(), QString());
    row(u"pkg[a.b-c_d]"_s, u"pkg"_s, QStringList{u"a.b-c_d"_s}, QString(), QString(), QString());
    row(u"pkg; extra==\"Foo_Bar\""_s, u"pkg"_s, QStringList{}, QString(), u"extra == \"foo-bar\""_s,
        QString());
    row(u"pkg; \"Foo.Bar\"==extra"_s, u"pkg"_s, QStringList{}, QString(), u"\"foo-bar\" == extra"_s,
        QString());
    row(u"pkg;os.name==\"a\""_s, u"pkg"_s, QStringList{}, QString(), u"os_name == \"a\""_s, QString());
    row(u"pkg;sys.platform==\"linux\""_s, u"pkg"_s, QStringList{}, QString(), u"sys_platform == \"linux\""_s,
        QString());
    row(u"pkg;platform.machine==\"x86_64\""_s, u"pkg"_s, QStringList{}, QString(),
        u"platform_machine == \"x86_64\""_s, QString());
    row(u"pkg; python_version<\"3.8\" and (os_name==\"posix\" or ((sys_platform==\"x\")))"_s, u"pkg"_s,
        QStringList{}, QString(),
        u"python_version < \"3.8\" and (os_name == \"posix\" or sys_platform == \"x\")"_s, QString());
    row(u"pkg @ https://x/y.whl ;os_name==\"a\""_s, u"pkg"_s, QStringList{}, QString(), u"os_name == \"a\""_s,
        u"https://x/y.whl"_s);
    row(u"pkg;python_version not  in \"3\""_s, u"pkg"_s, QStringList{}, QString(),
        u"python_version not in \"3\""_s, QString());
    row(u"pkg;python_implementation==\"x\""_s, u"pkg"_s, QStringList{}, QString(),
        u"platform_python_implementation == \"x\""_s, QString());
    row(u"pkg;\"3\"==python_version"_s, u"pkg"_s, QStringList{}, QString(), u"\"3\" == python_version"_s,
        QString());
    row(u"pkg==1.0 ; os_name==\"a\""_s, u"pkg"_s, QStringList{}, u"==1.0"_s, u"os_name == \"a\""_s,
        QString());
    row(u"pkg;python_version>\"3\"and os_name==\"a\""_s, u"pkg"_s, QStringList{}, QString(),
        u"python_version > \"3\" and os_name == \"a\""_s, QString());
    row(u"pkg;(python_version>\"3\")and(os_name==\"a\")"_s, u"pkg"_s, QStringList{}, QString(),
        u"python_version > \"3\" and os_name == \"a\""_s, QString());
    row(u"pkg;python_version in\"3\""_s, u"pkg"_s, QStringList{}, QString(), u"python_version in \"3\""_s,
        QString());
    row(u"pkg;\"a\"==\"b\""_s, u"pkg"_s, QStringList{}, QString(), u"\"a\" == \"b\""_s, QString());
    row(u"pkg;os_name==os_name"_s, u"pkg"_s, QStringList{}, QString(), u"os_name == os_name"_s, QString());
    row(u"pkg ;os_name==\"a\""_s, u"pkg"_s, QStringList{}, QString(), u"os_name == \"a\""_s, QString());
    row(u"pkg; implementation_name == \"cpython\" and implementation_version >= \"3.8\""_s, u"pkg"_s,
        QStringList{}, QString(),
        u"implementation_name == \"cpython\" and implementation_version >= \"3.8\""_s, QString());
    row(u"pkg; python_full_version ~= \"3.8.1\" or platform_release === \"5.0\""_s, u"pkg"_s, QStringList{},
        QString(), u"python_full_version ~= \"3.8.1\" or platform_release === \"5.0\""_s, QString());
    row(u"pkg; platform_system != \"Windows\" and platform_machine <= \"z\""_s, u"pkg"_s, QStringList{},
        QString(), u"platform_system != \"Windows\" and platform_machine <= \"z\""_s, QString());
    row(u"pkg; os_name == 'things @#4 dsfd ((('"_s, u"pkg"_s, QStringList{}, QString(),
        u"os_name == \"things @#4 dsfd (((\""_s, QString());
    row(u"pkg;\tos_name\t==\t\"a\"\t"_s, u"pkg"_s, QStringList{}, QString(), u"os_name == \"a\""_s,
        QString());
    row(u"pkg; (os_name == \"a\")"_s, u"pkg"_s, QStringList{}, QString(), u"os_name == \"a\""_s, QString());
    row(u"pkg; ((os_name == \"a\"))"_s, u"pkg"_s, QStringList{}, QString(), u"os_name == \"a\""_s, QString());
    row(u"pkg; (os_name == \"a\" or os_name == \"b\") and os_name == \"c\""_s, u"pkg"_s, QStringList{},
        QString(), u"(os_name == \"a\" or os_name == \"b\") and os_name == \"c\""_s, QString());
    row(u"pkg; os_name == \"a\" and (os_name == \"b\" or (os_name == \"c\" and os_name == \"d\"))"_s,
        u"pkg"_s, QStringList{}, QString(),
        u"os_name == \"a\" and (os_name == \"b\" or (os_name == \"c\" and os_name == \"d\"))"_s, QString());
    row(u"pkg; os_name == \"\""_s, u"pkg"_s, QStringList{}, QString(), u"os_name == \"\""_s, QString());
    row(u"pkg; extra == \"A\" or (extra == \"b\")"_s, u"pkg"_s, QStringList{}, QString(),
        u"extra == \"a\" or extra == \"b\""_s, QString());
    row(u" pkg"_s, u"pkg"_s, QStringList{}, QString(), QString(), QString());
    row(u"pkg "_s, u"pkg"_s, QStringList{}, QString(), QString(), QString());
    row(u"\tpkg\t"_s, u"pkg"_s, QStringList{}, QString(), QString(), QString());
    row(u" pkg [a] >= 1 ; os_name == \"a\" "_s, u"pkg"_s, QStringList{u"a"_s}, u">=1"_s,
        u"os_name == \"a\""_s, QString());

    // Kiln differs from packaging 24.1 here.
    // A value with '"' in it is written back with single quotes (packaging writes
    // os_name == "a"b", which does not parse).
    row(u"pkg;os_name=='a\"b'"_s, u"pkg"_s, {}, QString(), u"os_name == 'a\"b'"_s, QString());
    // Every extra value is normalised (PEP 685), not only the first comparison
    // (packaging >= 25 normalises each top-level comparison too).
    row(u"pkg;extra==\"a\" and extra==\"B\""_s, u"pkg"_s, {}, QString(),
        u"extra == \"a\" and extra == \"b\""_s, QString());
    row(u"pkg;(extra==\"B_c\")"_s, u"pkg"_s, {}, QString(), u"extra == \"b-c\""_s, QString());
    // packaging drops the parentheses of a doubly parenthesised group inside a longer
    // expression ("a and b or c"), which changes its meaning.
    row(u"pkg;os_name==\"a\" and ((os_name==\"b\" or os_name==\"c\"))"_s, u"pkg"_s, {}, QString(),
        u"os_name == \"a\" and (os_name == \"b\" or os_name == \"c\")"_s, QString());
    row(u"pkg;((os_name==\"b\" or os_name==\"c\")) and os_name==\"a\""_s, u"pkg"_s, {}, QString(),
        u"(os_name == \"b\" or os_name == \"c\") and os_name == \"a\""_s, QString());
    // "===" strings compare verbatim (packaging >= 25), so both stay.
    row(u"pkg===1.0,===1.0.0"_s, u"pkg"_s, {}, u"===1.0,===1.0.0"_s, QString(), QString());
}

void TestPipRequirement::valid()
{
    QFETCH(QString, line);
    QFETCH(QString, name);
    QFETCH(QStringList, extras);
    QFETCH(QString, specifier);
    QFETCH(QString, marker);
    QFETCH(QString, url);
    checkValid(line, name, extras, specifier, marker, url);
}

// test_basic_valid_requirement_parsing: every combination of name, extras, URL or
// specifier, marker and whitespace.
void TestPipRequirement::packagingCombinations_data()
{
    addValidColumns();
    const QStringList names = {u"package"_s,          u"pAcKaGe"_s,   u"Package"_s,
                               u"foo-bar.quux_bAz"_s, u"installer"_s, u"android12"_s};
    const QList<QStringList> extrasSets = {{}, {u"a"_s}, {u"a"_s, u"b"_s}, {u"B"_s, u"CDEF123"_s, u"a"_s}};
    struct Detail
    {
        QString url;
        QString specifier; // with {ws}
        QString expected;  // normalised specifier
    };
    const QList<Detail> details = {
        {QString(), QString(), QString()},
        {u"https://example.com/packagename.zip"_s, QString(), QString()},
        {u"ssh://user:pass%20word@example.com/packagename.zip"_s, QString(), QString()},
        {u"https://example.com/name;v=1.1/?query=foo&bar=baz#blah"_s, QString(), QString()},
        {u"git+ssh://git.example.com/MyProject"_s, QString(), QString()},
        {u"git+ssh://git@github.com:pypa/packaging.git"_s, QString(), QString()},
        {u"git+https://git.example.com/MyProject.git@master"_s, QString(), QString()},
        {u"git+https://git.example.com/MyProject.git@v1.0"_s, QString(), QString()},
        {u"git+https://git.example.com/MyProject.git@refs/pull/123/head"_s, QString(), QString()},
        {QString(), u"==={ws}arbitrarystring"_s, u"===arbitrarystring"_s},
        {QString(), u"({ws}==={ws}arbitrarystring{ws})"_s, u"===arbitrarystring"_s},
        {QString(), u"=={ws}1.0"_s, u"==1.0"_s},
        {QString(), u"({ws}=={ws}1.0{ws})"_s, u"==1.0"_s},
        {QString(), u"=={ws}1.0-alpha"_s, u"==1.0-alpha"_s},
        {QString(), u"<={ws}1!3.0.0.rc2"_s, u"<=1!3.0.0.rc2"_s},
        {QString(), u">{ws}2.2{ws},{ws}<{ws}3"_s, u"<3,>2.2"_s},
        {QString(), u"(>{ws}2.2{ws},{ws}<{ws}3)"_s, u"<3,>2.2"_s},
    };
    const QList<QPair<QString, QString>> markers = {
        {QString(), QString()},
        {u"python_version{ws}>={ws}'3.3'"_s, u"python_version >= \"3.3\""_s},
        {u"({ws}python_version{ws}>={ws}\"3.4\"{ws}){ws}and extra{ws}=={ws}\"oursql\""_s,
         u"python_version >= \"3.4\" and extra == \"oursql\""_s},
        {u"sys_platform{ws}!={ws}'linux' and(os_name{ws}=={ws}'linux' or python_version{ws}>={ws}'3.3'{ws}){ws}"_s,
         u"sys_platform != \"linux\" and (os_name == \"linux\" or python_version >= \"3.3\")"_s},
    };
    int index = 0;
    for (const QString &ws : {u""_s, u" "_s, u"\t"_s}) {
        for (const QString &name : names) {
            for (const QStringList &extras : extrasSets) {
                for (const Detail &detail : details) {
                    for (const auto &[marker, expectedMarker] : markers) {
                        QStringList parts{name};
                        if (!extras.isEmpty())
                            parts << u"["_s << extras.join(ws + u',' + ws) << u"]"_s;
                        if (!detail.specifier.isNull())
                            parts << QString(detail.specifier).replace(u"{ws}"_s, ws);
                        if (!detail.url.isNull())
                            parts << u"@"_s << detail.url;
                        if (!marker.isNull())
                            parts << (detail.url.isNull() ? u";"_s : u" ;"_s)
                                  << QString(marker).replace(u"{ws}"_s, ws);
                        const QString line = parts.join(ws);
                        QTest::addRow("%d: %s", index++, qPrintable(line))
                            << line << name << extras << detail.expected << expectedMarker << detail.url;
                    }
                }
            }
        }
    }
}

void TestPipRequirement::packagingCombinations()
{
    QFETCH(QString, line);
    QFETCH(QString, name);
    QFETCH(QStringList, extras);
    QFETCH(QString, specifier);
    QFETCH(QString, marker);
    QFETCH(QString, url);
    checkValid(line, name, extras, specifier, marker, url);
}

void TestPipRequirement::invalid_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("message"); // part of the message
    QTest::addColumn<int>("column");
    const auto row = [](const QString &line, const QString &message, int column) {
        QTest::addRow("%s", qPrintable(line)) << line << message << column;
    };
    const QString noName = u"Expected package name at the start of dependency specifier"_s;
    const QString markerOp = u"Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in"_s;
    const QString markerVar = u"Expected a marker variable or quoted string"_s;
    const QString afterName = u"Expected end or semicolon (after name and no valid version specifier)"_s;
    const QString afterSpecifier = u"Expected end or semicolon (after version specifier)"_s;
    const QString afterUrl = u"Expected end or semicolon (after URL and whitespace)"_s;
    const QString onePerLine = u"A package list holds one requirement per line"_s;
    const QString shell = u"is a shell metacharacter, not part of a requirement"_s;

    // TestRequirementParsing.test_error_*: packaging's messages and carets
    row(QString(), noName + u": the line is empty"_s, 1);
    row(u"==0.0"_s, noName, 1);
    row(u"name[bar baz]"_s, u"Expected comma between extra names"_s, 10);
    row(u"name[bar, baz,]"_s, u"Expected extra name after comma"_s, 15);
    row(u"name (>= 1.0"_s,
        u"Expected closing RIGHT_PARENTHESIS ')' for the '(' at column 6, after version specifier"_s, 13);
    row(u"black (>=20.*) ; extra == 'format'"_s,
        u"Invalid specifier: '>=20.*': the .* suffix can only be used with the == and != operators"_s, 12);
    const QString local =
        u"a local version label (+local.version.label) can only be used with the == and != operators"_s;
    row(u"name >= 1.0+local.version.label"_s, u"Invalid specifier: '>= 1.0+local.version.label': "_s + local,
        12);
    row(u"name <= 1.0+local.version.label"_s, local, 12);
    row(u"name > 1.0+local.version.label"_s, local, 11);
    row(u"name < 1.0+local.version.label"_s, local, 11);
    row(u"name ~= 1.0+local.version.label"_s, local, 12);
    row(u"name[bar, baz >= 1.0"_s,
        u"Expected closing RIGHT_BRACKET ']' for the '[' at column 5, after extras"_s, 15);
    row(u"name[bar, baz"_s, u"Expected closing RIGHT_BRACKET ']' for the '[' at column 5, after extras"_s,
        14);
    row(u"name; (extra == 'example'"_s,
        u"Expected closing RIGHT_PARENTHESIS ')' for the '(' at column 7, after marker expression"_s, 26);
    row(u"name @ "_s, u"Expected URL after @"_s, 8);
    row(u"name; invalid_name"_s, markerVar + u", found 'invalid_name'"_s, 7);
    row(u"name; '3.7' <= invalid_name"_s, markerVar + u", found 'invalid_name'"_s, 16);
    row(u"name; '3.7' notin python_version"_s, markerOp, 13);
    row(u"name; '3.6'inpython_version"_s, markerOp, 12);
    row(u"name; '3.7' not python_version"_s, u"Expected 'in' after 'not'"_s, 17);
    row(u"name; '3.7' ~ python_version"_s, markerOp, 13);
    row(u"name==1.0.org1"_s, u"Invalid specifier: '==1.0.org1': '1.0.org1' is not a valid PEP 440 version"_s,
        10);
    row(u"name=="_s, u"Invalid specifier: '==': a version is missing after '=='"_s, 7);
    row(u"name 1.0"_s, afterName, 6);
    row(u"toto 42"_s, afterName, 6);
    row(u"name >= 1.0 <= 2.0"_s, afterSpecifier + u": separate version specifiers with ','"_s, 13);
    row(u"name >= 1.0 #"_s,
        u"'#' is a comment (requirements-file syntax), not part of a requirement. "_s + onePerLine, 13);
    row(u"foo!"_s, u"'!' is not a version operator; use '!=' to exclude a version"_s, 4);
    row(u"name; foobar=='x'"_s, markerVar + u", found 'foobar'"_s, 7);
    // the URL checks packaging 22 had (test_invalid_url, test_invalid_file_urls)
    row(u"name @ gopher:/foo/com"_s, u"Invalid URL 'gopher:/foo/com': expected '//' after 'gopher:'"_s, 15);
    row(u"name @ file:."_s, u"Invalid URL 'file:.': expected '//' after 'file:'"_s, 13);
    row(u"name @ file:/."_s, u"Invalid URL 'file:/.': expected '//' after 'file:'"_s, 13);
    // test_markers.py test_parses_invalid
    row(u"name; this_isnt_a_real_variable >= '1.0'"_s, markerVar + u", found 'this_isnt_a_real_variable'"_s,
        7);
    row(u"name; python_version"_s, markerOp, 21);
    row(u"name; (python_version)"_s, markerOp, 22);
    row(u"name; python_version >= 1.0 and (python_version)"_s, markerVar + u", found '1.0'"_s, 25);

    // the lines from the task
    row(u"pkg>="_s, u"Invalid specifier: '>=': a version is missing after '>='"_s, 6);
    row(u"pkg~=1"_s, u"Invalid specifier: '~=1': '~=' needs a version with at least two release segments"_s,
        7);
    row(u"pkg==1.0.*+local"_s,
        u"Invalid specifier: '==1.0.*+local': a local version label cannot follow the .* suffix"_s, 11);
    row(u"pkg>=1.0.*"_s,
        u"Invalid specifier: '>=1.0.*': the .* suffix can only be used with the == and != operators"_s, 9);
    row(u"pkg["_s, u"Expected closing RIGHT_BRACKET ']' for the '[' at column 4, after extras"_s, 5);
    row(u"pkg; python_version"_s, markerOp, 20);
    row(u"pkg @ notaurl"_s, u"'notaurl' is not a URL: a URL starts with a scheme"_s, 7);
    row(u"-r requirements.txt"_s,
        u"'-r requirements.txt' is a pip option that includes another requirements file, not part of a "
        u"requirement. "_s +
            onePerLine,
        1);
    row(u"pkg; rm -rf /"_s, markerVar + u", found 'rm'"_s, 6);

    // pip options and requirements-file syntax
    row(u"-e ."_s, u"'-e .' is a pip option that installs a local project or VCS checkout in editable mode"_s,
        1);
    row(u"--editable git+https://x/y.git"_s, u"is a pip option that installs a local project"_s, 1);
    row(u"-c constraints.txt"_s, u"'-c constraints.txt' is a pip option that applies a constraints file"_s,
        1);
    row(u"-rrequirements.txt"_s, u"is a pip option that includes another requirements file"_s, 1);
    row(u"--index-url https://pypi.org/simple"_s, u"is a pip option that changes the package index"_s, 1);
    row(u"--extra-index-url=https://x"_s, u"is a pip option that changes the package index"_s, 1);
    row(u"-f ./wheels"_s, u"is a pip option that adds a place to look for archives"_s, 1);
    row(u"--pre"_s, u"'--pre' is a pip option that allows pre-releases"_s, 1);
    row(u"  --no-binary :all:"_s, u"is a pip option that chooses between wheels and source builds"_s, 3);
    row(u"--frobnicate"_s,
        u"'--frobnicate' looks like a command-line option, not part of a requirement. "_s + onePerLine, 1);
    row(u"pkg==1.0 --hash=sha256:abcd"_s, u"'--hash=sha256:abcd' is a pip option that pins an archive hash"_s,
        10);
    row(u"pkg; os_name == 'a' --hash=sha256:ab"_s, u"is a pip option that pins an archive hash"_s, 21);
    row(u"# pinned"_s,
        u"This line is a comment (requirements-file syntax), not a requirement. "_s + onePerLine, 1);
    row(u"pkg # pinned"_s, u"'# pinned' is a comment (requirements-file syntax), not part of a requirement"_s,
        5);
    row(u"pkg==1.0#pinned"_s, u"'#pinned' is a comment"_s, 9);
    row(u"pkg[a] # x"_s, u"'# x' is a comment"_s, 8);
    row(u"./src"_s,
        u"'./src' is a local path, not a requirement; a local project is installed as 'name @ file:///absolute/path'"_s,
        1);
    row(u"."_s, u"is a local path"_s, 1);
    row(u"../pkg"_s, u"is a local path"_s, 1);
    row(u"/opt/pkg"_s, u"is a local path"_s, 1);
    row(u"~/pkg"_s, u"is a local path"_s, 1);
    row(u"C:\\pkg"_s, u"is a local path"_s, 1);
    row(u"src/pkg"_s, u"'src/pkg' looks like a local path"_s, 4);
    row(u"https://example.com/pkg-1.0.tar.gz"_s,
        u"'https://example.com/pkg-1.0.tar.gz' is a bare URL, not a requirement; write it as "
        u"'name @ https://example.com/pkg-1.0.tar.gz'"_s,
        1);
    row(u"git+https://github.com/pypa/pip.git"_s, u"is a bare URL"_s, 1);
    row(u"foo-1.0-py3-none-any.whl"_s, u"'foo-1.0-py3-none-any.whl' looks like an archive file name"_s, 1);
    row(u"foo-1.0.tar.gz"_s, u"looks like an archive file name"_s, 1);
    row(u" Foo.ZIP; os_name == 'posix'"_s, u"looks like an archive file name"_s, 2);

    // shell syntax
    row(u"pkg && rm -rf /"_s, u"'&' "_s + shell, 5);
    row(u"pkg | cat"_s, u"'|' "_s + shell, 5);
    row(u"pkg>=1.0|cat"_s, u"'|' "_s + shell, 9);
    row(u"$(curl evil)"_s, u"'$' "_s + shell, 1);
    row(u"`evil`"_s, u"'`' "_s + shell, 1);
    row(u"pkg`evil`"_s, u"'`' "_s + shell, 4);
    row(u"pkg{a,b}"_s, u"'{' "_s + shell, 4);
    row(u"pkg==1.0 \\"_s, u"'\\' "_s + shell, 10);
    row(u"pkg @ https://x/y.whl && rm -rf /"_s, u"'&' "_s + shell, 23);
    row(u"pkg; os_name == 'a' | cat"_s, u"'|' "_s + shell, 21);
    row(u"\"pkg\""_s, u"Quotes are not part of a requirement"_s, 1);
    row(u"'pkg>=1'"_s, u"Quotes are not part of a requirement"_s, 1);
    row(u"pkg > out.txt"_s, u"Invalid specifier: '> out.txt': 'out.txt' is not a valid PEP 440 version"_s, 7);

    // names and extras (PEP 508: they end with a letter or digit; packaging accepts a trailing '_')
    row(u"foo_"_s, u"Invalid package name 'foo_': it must start and end with a letter or digit"_s, 4);
    row(u"foo-"_s, u"Invalid package name 'foo-'"_s, 4);
    row(u"foo."_s, u"Invalid package name 'foo.'"_s, 4);
    row(u"foo..-_>=1"_s, u"Invalid package name 'foo..-_'"_s, 4);
    row(u"foo\u00e9"_s, u"'\u00e9' is not allowed in a package name"_s, 4);
    row(u"_foo"_s, noName, 1);
    row(u"foo[a_]"_s, u"Invalid extra name 'a_'"_s, 6);
    row(u"foo[_a]"_s, u"Invalid extra name: an extra name starts with an ASCII letter or digit"_s, 5);
    row(u"foo[a,-b]"_s, u"Invalid extra name"_s, 7);
    row(u"foo[a;b]"_s, u"Expected closing RIGHT_BRACKET"_s, 6);

    // specifiers
    row(u"pkg=1.0"_s,
        u"Invalid specifier: '=1.0': '=' is not a version operator; use '==' to pin a version"_s, 4);
    row(u"pkg=>1.0"_s, u"'=>' is not a version operator; did you mean '>='?"_s, 4);
    row(u"pkg>=1.0,=<2"_s, u"'=<' is not a version operator; did you mean '<='?"_s, 10);
    row(u"pkg~1.0"_s, u"'~' is not a version operator; use '~=' for a compatible release"_s, 4);
    row(u"pkg>=1.x"_s, u"Invalid specifier: '>=1.x': '1.x' is not a valid PEP 440 version"_s, 7);
    row(u"pkg>=1.0-"_s, u"'1.0-' is not a valid PEP 440 version"_s, 9);
    row(u"pkg==1.0+"_s, u"'1.0+' is not a valid PEP 440 version"_s, 9);
    row(u"pkg==1.*.0"_s, u"'1.*.0' is not a valid PEP 440 version"_s, 9);
    row(u"pkg==1.0a1.*"_s, u"the .* suffix cannot be used after a pre-release"_s, 11);
    row(u"pkg~=1.0.*"_s, u"the .* suffix can only be used with the == and != operators"_s, 9);
    row(u"pkg>=1.0 dev"_s, afterSpecifier, 10);
    row(u"pkg>=1.0,,<2"_s, afterSpecifier, 10);
    row(u"pkg(>=1.0)(<2)"_s, afterSpecifier, 11);
    row(u"pkg(>=1"_s,
        u"Expected closing RIGHT_PARENTHESIS ')' for the '(' at column 4, after version specifier"_s, 8);
    row(u"pkg===a, >=1"_s, afterSpecifier + u": separate version specifiers with ','"_s, 10);
    // "===" takes an arbitrary string, which packaging then splits on ','
    row(u"pkg==="_s, u"Invalid specifier: '===': a version is missing after '==='"_s, 7);
    row(u"pkg===a,b"_s, u"Invalid specifier: 'b': expected a version operator"_s, 9);
    row(u"pkg===a,>=1.0.*"_s, u"Invalid specifier: '>=1.0.*'"_s, 14);
    row(u"pkg===1.*"_s, u"'*' is not allowed in the arbitrary version after '==='"_s, 9);
    row(u"pkg===a$b"_s, u"'$' is not allowed in the arbitrary version after '==='"_s, 8);

    // URLs
    row(u"pkg @ https://x/y.whl;python_version<\"3\""_s, u"Expected whitespace before ';'"_s, 22);
    row(u"pkg @ https://x/y.whl; extra == 'a'"_s, u"Expected whitespace before ';'"_s, 22);
    row(u"pkg @ https:///y.whl"_s, u"Invalid URL 'https:///y.whl': a host is missing after 'https://'"_s, 15);
    row(u"pkg @ file://"_s, u"Invalid URL 'file://': a path is missing after 'file://'"_s, 14);
    row(u"pkg @ https//x"_s, u"'https//x' is not a URL"_s, 7);
    row(u"pkg @ ./local"_s, u"'./local' is not a URL"_s, 7);
    row(u"pkg @ https://x/a b"_s, afterUrl, 19);
    row(u"pkg @ https://x/|"_s, u"'|' is not allowed in a URL; percent-encode it as %7C"_s, 17);
    row(u"pkg @ https://x/\"a\""_s, u"'\"' is not allowed in a URL; percent-encode it as %22"_s, 17);
    row(u"pkg @ https://x/\u00e9"_s, u"'\u00e9' is not allowed in a URL; percent-encode its UTF-8 bytes"_s,
        17);
    row(u"pkg>=1.0 @ https://x"_s, afterSpecifier, 10);

    // markers
    row(u"pkg; os_name == \"a\\b\""_s,
        u"Invalid quoted string: PEP 508 marker strings cannot contain a backslash"_s, 19);
    row(u"pkg; os_name == \"abc"_s, markerVar + u": the string that starts at column 17 has no closing \""_s,
        21);
    row(u"pkg;os_name==\"a\";"_s,
        u"Expected end of dependency specifier: a requirement has at most one ';'; combine marker conditions "
        u"with "
        u"'and' or 'or'"_s,
        17);
    row(u"pkg; os_name == 'a' or"_s, markerVar + u", but the line ends"_s, 23);
    row(u"pkg>=1.0;"_s, markerVar + u", but the line ends"_s, 10);
    row(u"pkg; os_name = 'a'"_s, markerOp, 14);
    row(u"pkg; os_name not 'a'"_s, u"Expected 'in' after 'not'"_s, 18);
    row(u"pkg; os_name not"_s, u"Expected whitespace after 'not'"_s, 17);
    row(u"pkg; extras == 'a'"_s, markerVar + u", found 'extras'"_s, 6);
    row(u"pkg; platform.release == '1'"_s, markerVar + u", found 'platform.release'"_s, 6);
    row(u"pkg; os_name == 'a' andos_name == 'b'"_s, u"Expected end of dependency specifier"_s, 21);
    row(u"pkg; os_name == 'a' \"b\""_s, u"Expected end of dependency specifier"_s, 21);
    row(u"pkg; (os_name == 'a'))"_s, u"Expected end of dependency specifier"_s, 22);
}

void TestPipRequirement::invalid()
{
    QFETCH(QString, line);
    QFETCH(QString, message);
    QFETCH(int, column);
    const auto parsed = parsePipRequirement(line);
    QVERIFY2(!parsed.ok(), qPrintable(parsed.ok() ? parsed->toString() : QString()));
    QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    QCOMPARE(parsed.error().column, column);
    QCOMPARE(parsed.error().line, 0);
    QVERIFY(parsed.error().field.isEmpty());
}

// EQUAL_DEPENDENCIES and EQUIVALENT_DEPENDENCIES: different spellings, one requirement.
void TestPipRequirement::equivalentLines_data()
{
    QTest::addColumn<QString>("left");
    QTest::addColumn<QString>("right");
    QTest::addColumn<bool>("equal");
    QTest::newRow("packaging>20.1") << u"packaging>20.1"_s << u"packaging>20.1"_s << true;
    QTest::newRow("requests") << u"requests[security, tests]>=2.8.1,==2.8.*;python_version<\"2.7\""_s
                              << u"requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\""_s
                              << true;
    QTest::newRow("importlib-metadata") << u"importlib-metadata; python_version<\"3.8\""_s
                                        << u"importlib-metadata; python_version<'3.8'"_s << true;
    QTest::newRow("appdirs") << u"appdirs>=1.4.4,<2; os_name==\"posix\" and extra==\"testing\""_s
                             << u"appdirs>=1.4.4,<2; os_name == 'posix' and extra == 'testing'"_s << true;
    QTest::newRow("deprecated names")
        << u"pkg; os.name == 'nt' or python_implementation == 'PyPy'"_s
        << u"pkg; os_name == 'nt' or platform_python_implementation == 'PyPy'"_s << true;
    // DIFFERENT_DEPENDENCIES
    QTest::newRow("package_one") << u"package_one"_s << u"package_two"_s << false;
    QTest::newRow(">20.1 >=20.1") << u"packaging>20.1"_s << u"packaging>=20.1"_s << false;
    QTest::newRow(">20.1 >21.1") << u"packaging>20.1"_s << u"packaging>21.1"_s << false;
    QTest::newRow("package") << u"packaging>20.1"_s << u"package>20.1"_s << false;
    QTest::newRow("requests ==2.8.*")
        << u"requests[security,tests]>=2.8.1,==2.8.*;python_version<\"2.7\""_s
        << u"requests [security,tests] >= 2.8.1 ; python_version < \"2.7\""_s << false;
    QTest::newRow("3.7") << u"importlib-metadata; python_version<\"3.8\""_s
                         << u"importlib-metadata; python_version<'3.7'"_s << false;
    QTest::newRow("docs") << u"appdirs>=1.4.4,<2; os_name==\"posix\" and extra==\"testing\""_s
                          << u"appdirs>=1.4.4,<2; os_name == 'posix' and extra == 'docs'"_s << false;
    // The name is kept as written; normalizedName() is what compares equal.
    QTest::newRow("scikit-learn") << u"scikit-learn==1.0.1"_s << u"scikit_learn==1.0.1"_s << false;
}

void TestPipRequirement::equivalentLines()
{
    QFETCH(QString, left);
    QFETCH(QString, right);
    QFETCH(bool, equal);
    const auto l = parsePipRequirement(left);
    const auto r = parsePipRequirement(right);
    QVERIFY(l.ok() && r.ok());
    QCOMPARE(l.value() == r.value(), equal);
    QCOMPARE(l->toString() == r->toString(), equal);
}

void TestPipRequirement::toJson()
{
    const auto full = parsePipRequirement(u"pkg[b,a]>=1,<2; python_version<\"3.8\" and os_name==\"posix\""_s);
    QVERIFY(full.ok());
    const QJsonObject json = full->toJson();
    QCOMPARE(json.value(u"valid"_s), QJsonValue(true));
    QCOMPARE(json.value(u"name"_s), QJsonValue(u"pkg"_s));
    QCOMPARE(json.value(u"extras"_s), QJsonValue(QJsonArray{u"a"_s, u"b"_s}));
    QCOMPARE(json.value(u"specifier"_s), QJsonValue(u"<2,>=1"_s));
    QCOMPARE(json.value(u"marker"_s), QJsonValue(u"python_version < \"3.8\" and os_name == \"posix\""_s));
    QVERIFY(json.contains(u"url"_s));
    QVERIFY(json.value(u"url"_s).isNull());
    QCOMPARE(json.keys(),
             (QStringList{u"extras"_s, u"marker"_s, u"name"_s, u"specifier"_s, u"url"_s, u"valid"_s}));

    const auto url = parsePipRequirement(u"name @ https://x/y.whl"_s);
    QVERIFY(url.ok());
    const QJsonObject urlJson = url->toJson();
    QCOMPARE(urlJson.value(u"url"_s), QJsonValue(u"https://x/y.whl"_s));
    QVERIFY(urlJson.value(u"specifier"_s).isNull());
    QVERIFY(urlJson.value(u"marker"_s).isNull());
    QVERIFY(urlJson.value(u"extras"_s).isArray());
    QVERIFY(urlJson.value(u"extras"_s).toArray().isEmpty());

    // "pkg()" and "pkg[]" have no specifier and no extras: null and [].
    for (const QString &line : {u"pkg"_s, u"pkg[]()"_s}) {
        const auto bare = parsePipRequirement(line);
        QVERIFY(bare.ok());
        const QJsonObject bareJson = bare->toJson();
        QCOMPARE(bareJson.value(u"name"_s), QJsonValue(u"pkg"_s));
        QCOMPARE(bareJson.value(u"extras"_s), QJsonValue(QJsonArray{}));
        QVERIFY(bareJson.value(u"specifier"_s).isNull());
        QVERIFY(bareJson.value(u"marker"_s).isNull());
        QVERIFY(bareJson.value(u"url"_s).isNull());
    }
}

void TestPipRequirement::toStringIsNormalised_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");
    // test_string_specifier_marker, test_string_url, test_str_and_repr, test_normalized_requirements
    QTest::newRow("1") << u"name[bar]>=3; python_version == \"2.7\""_s
                       << u"name[bar]>=3; python_version == \"2.7\""_s;
    QTest::newRow("2") << u"name@ http://foo.com"_s << u"name @ http://foo.com"_s;
    QTest::newRow("3") << u"name@ http://foo.com ; extra == \"feature\""_s
                       << u"name @ http://foo.com ; extra == \"feature\""_s;
    QTest::newRow("4") << u"name[a1,b1,b2]!=2.0; \"3.\" not in python_version"_s
                       << u"name[a1,b1,b2]!=2.0; \"3.\" not in python_version"_s;
    QTest::newRow("5") << u"mariadb>=1.0.1; python_version >= \"3\" and extra == \"mariadb_connector\""_s
                       << u"mariadb>=1.0.1; python_version >= \"3\" and extra == \"mariadb-connector\""_s;
    QTest::newRow("6") << u"  Foo [ b , a ] ( >= 1.0 , < 2 , != 1.5 ) ;os.name=='posix'  "_s
                       << u"Foo[a,b]!=1.5,<2,>=1.0; os_name == \"posix\""_s;
    QTest::newRow("7") << u"pkg[x]@https://x.org/p.whl ;(sys_platform=='linux')"_s
                       << u"pkg[x] @ https://x.org/p.whl ; sys_platform == \"linux\""_s;
    QTest::newRow("8") << u"pkg>=1.0,>=1.0.0,==1.*"_s << u"pkg==1.*,>=1.0"_s;
}

void TestPipRequirement::toStringIsNormalised()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    const auto parsed = parsePipRequirement(line);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->toString(), expected);
}

void TestPipRequirement::normalizedName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("normalized");
    // packaging tests/test_utils.py test_canonicalize_name
    for (const auto &[name, normalized] : QList<QPair<QString, QString>>{
             {u"foo"_s, u"foo"_s},
             {u"Foo"_s, u"foo"_s},
             {u"fOo"_s, u"foo"_s},
             {u"foo.bar"_s, u"foo-bar"_s},
             {u"Foo.Bar"_s, u"foo-bar"_s},
             {u"Foo.....Bar"_s, u"foo-bar"_s},
             {u"foo_bar"_s, u"foo-bar"_s},
             {u"foo___bar"_s, u"foo-bar"_s},
             {u"foo-bar"_s, u"foo-bar"_s},
             {u"foo----bar"_s, u"foo-bar"_s},
             {u"a--b"_s, u"a-b"_s},
             {u"1--1"_s, u"1-1"_s},
             {u"Foo_-.Bar.-_baz"_s, u"foo-bar-baz"_s},
         })
        QTest::addRow("%s", qPrintable(name)) << name << normalized;
}

void TestPipRequirement::normalizedName()
{
    QFETCH(QString, name);
    QFETCH(QString, normalized);
    const auto parsed = parsePipRequirement(name);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->name, name);
    QCOMPARE(parsed->normalizedName(), normalized);
}

void TestPipRequirement::deepNestingIsRefused()
{
    const QString line = u"pkg; "_s + QString(100, u'(') + u"os_name == 'a'"_s + QString(100, u')');
    const auto parsed = parsePipRequirement(line);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().message.contains(u"nested more than 64 levels"_s),
             qPrintable(parsed.error().message));
    QCOMPARE(parsed.error().column, 71);

    const QString ok = u"pkg; "_s + QString(60, u'(') + u"os_name == 'a'"_s + QString(60, u')');
    QCOMPARE(parsePipRequirement(ok)->marker, u"os_name == \"a\""_s);
}

void TestPipRequirement::randomInputNeverCrashes()
{
    const QStringList seeds = {
        u"pkg[a,b]>=1,<2; python_version<\"3.8\" and os_name==\"posix\""_s,
        u"name [fred,bar] @ http://foo.com ; python_version=='2.7'"_s,
        u"foo (===arbitrary) ; (extra == 'x' or os_name != 'nt') and platform_machine in 'x86_64 arm64'"_s,
        u"pkg~=1.4.2.post1.dev3,!=1.4.5,==1.*"_s,
    };
    const QString alphabet = u"aZ19._-[],;()<>=!~@ \t\"'*+/:#\\$|&`{}\u00e9"_s;
    auto *random = QRandomGenerator::global();
    for (int i = 0; i < 30000; ++i) {
        QString line;
        if (i % 2 == 0) {
            line = seeds.at(int(random->bounded(int(seeds.size()))));
            for (int edits = 1 + int(random->bounded(3)); edits > 0; --edits) {
                const int at = int(random->bounded(int(line.size()) + 1));
                if (random->bounded(2) == 0)
                    line.insert(at, alphabet.at(int(random->bounded(int(alphabet.size())))));
                else if (at < line.size())
                    line.remove(at, 1);
            }
        } else {
            for (int k = int(random->bounded(24)); k > 0; --k)
                line += alphabet.at(int(random->bounded(int(alphabet.size()))));
        }
        const auto parsed = parsePipRequirement(line);
        if (parsed.ok()) {
            const auto again = parsePipRequirement(parsed->toString());
            QVERIFY2(again.ok() && again.value() == parsed.value(), qPrintable(line));
        } else {
            QVERIFY2(!parsed.error().message.isEmpty(), qPrintable(line));
            QVERIFY2(parsed.error().column >= 1 && parsed.error().column <= line.size() + 1,
                     qPrintable(line));
        }
    }
}

QTEST_GUILESS_MAIN(TestPipRequirement)
#include "tst_piprequirement.moc"
