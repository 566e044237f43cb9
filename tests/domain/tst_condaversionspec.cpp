// Cases are ported from conda's tests/models/test_version.py (test_version_order,
// test_openssl_convention, test_pep440, test_ver_eval, test_ver_eval_errors,
// test_version_spec_1..4, test_match, test_local_identifier, test_not_eq_star,
// test_compound_versions, test_invalid_version_specs, test_compatible_release_versions,
// test_pep_440_arbitrary_equality_operator) and from the version cases of
// tst_condamatchspec.cpp. Where conda accepts something Kiln rejects (regular
// expressions, "~=" with ".*"), the row says so.
#include "domain/condamatchspec.h"
#include "domain/condaversionspec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Kiln::CondaVersionSyntax;
using Kiln::parseCondaVersionSpec;
using Kiln::readCondaVersionSpec;

class TestCondaVersionSpec : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void readPositional_data();
    void readPositional();
    void randomInputNeverCrashes();
};

void TestCondaVersionSpec::valid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("stored");

    const auto row = [](const QString &text, const QString &stored) {
        QTest::addRow("%s", qPrintable(text)) << text << stored;
    };
    const auto same = [&row](const QString &text) { row(text, text); };

    // test_version_order, test_openssl_convention, test_pep440, test_hexrd: VersionOrder literals
    for (const QString &v : {u"0.4"_s,
                             u"0.4.0"_s,
                             u"0.4.1a.vc11"_s,
                             u"0.4.1.rc"_s,
                             u"0.5*"_s,
                             u"0.5a1"_s,
                             u"0.5C1"_s,
                             u"0.5za"_s,
                             u"0.5_5"_s,
                             u"0.5-5"_s,
                             u"0.960923"_s,
                             u"1.0.4a3"_s,
                             u"1.1dev1"_s,
                             u"1.1_"_s,
                             u"1.1.dev1"_s,
                             u"1.1.post1"_s,
                             u"1.1.1rc1"_s,
                             u"2g6"_s,
                             u"2.0b1pr0"_s,
                             u"2.2be.ta29"_s,
                             u"3.2.p.r0"_s,
                             u"5.5.kw"_s,
                             u"11g"_s,
                             u"14.3.1.post26.g9d75ca2"_s,
                             u"1996.07.12"_s,
                             u"1!0.4.1"_s,
                             u"2!0.4.1"_s,
                             u"1.0.1_"_s,
                             u"1.0.1post.za"_s,
                             u"1.0a2.dev456"_s,
                             u"1.0b2.post345.dev456"_s,
                             u"1.2.rev33+123456"_s,
                             u"1.2+abc123def"_s,
                             u"1.2+1234.abc"_s,
                             u"1!1.0.post456.dev34"_s,
                             u"1!1.2+123abc456"_s,
                             u"0.3.0.dev"_s})
        same(v);

    // test_ver_eval, test_version_spec_1/3/4, test_match (without the regular expressions)
    for (const QString &v : {u"<=1.7"_s,
                             u"<1.7"_s,
                             u">=1.7"_s,
                             u">1.7"_s,
                             u">2013b"_s,
                             u">1.0.0a"_s,
                             u">1.0.0*"_s,
                             u"1.0*"_s,
                             u"1.0.0*"_s,
                             u"2013a*"_s,
                             u"1.2.3+4*"_s,
                             u"1.7.1"_s,
                             u"1.7.1*"_s,
                             u"1.7.1.*"_s,
                             u"1.7.1*,1.8.1*"_s,
                             u"1.7.1.*,1.8.1.*"_s,
                             u"1.7.*"_s,
                             u"!=1.5"_s,
                             u"!=1.7.1"_s,
                             u"1.7.*|1.8.*"_s,
                             u">1.7,<1.8"_s,
                             u"*"_s,
                             u"1.*.1"_s,
                             u"1.5.*|>1.7,<1.8"_s,
                             u"1.5.*|>1.7,<1.7.1"_s})
        same(v);
    row(u"==1.7"_s, u"1.7"_s);
    row(u"==1.7.1"_s, u"1.7.1"_s);
    row(u"==1.7.1.0"_s, u"1.7.1.0"_s);

    // test_local_identifier
    same(u"1.7.0.post123"_s);
    same(u"1.7.0.post123.gabcdef9"_s);
    same(u"1.7.0.post123+gabcdef9"_s);

    // test_not_eq_star: _sanitize_version_str
    row(u"=3.3"_s, u"3.3*"_s);
    row(u"=3.3.*"_s, u"3.3.*"_s);
    row(u"=3.3*"_s, u"3.3*"_s);
    same(u"3.3.*"_s);
    same(u"!=3.3.*"_s);
    same(u"!=3.3"_s);

    // test_compound_versions, test_compatible_release_versions
    row(u">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*"_s, u">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*"_s);
    same(u"~=1.10"_s);
    same(u"~=3.3.2"_s);
    same(u"~=3.3.2|==2.2"_s);

    // test_version_spec_2: parentheses (conda flattens them in .spec; Kiln keeps the text)
    row(u"( (1.5|((1.6|1.7), 1.8), 1.9 |2.0))|2.1"_s, u"((1.5|((1.6|1.7),1.8),1.9|2.0))|2.1"_s);
    row(u"(1.6|1.7),1.8"_s, u"(1.6|1.7),1.8"_s);
    row(u" ( 1.6 ) "_s, u"(1.6)"_s);

    // _sanitize_version_str with compound specs, and other cases from tst_condamatchspec
    row(u"==1.0,<2"_s, u"1.0,<2"_s);
    same(u"=1.10.*,!=1.10.2"_s);
    same(u"=1.0|2.0"_s);
    row(u"==1.*.3"_s, u"1.*.3"_s);
    row(u"==*+"_s, u"*+"_s);
    row(u"=1.7."_s, u"1.7.*"_s);
    row(u" 1.6 | 1.7 "_s, u"1.6|1.7"_s);
    same(u">=1.0.1*.vc11"_s);
    same(u">=1,*.7.*"_s);
    same(u"*.7.*,>=1"_s);
    same(u">=1.0.*"_s);
    same(u"<1.0.*"_s);
    same(u">=1.1.1_,!=1.1.1c"_s);
    same(u"1.0RC1"_s);
    same(u"1.0-2"_s);
    same(u"1!2.0"_s);
    same(u"1.0+local.1"_s);
}

void TestCondaVersionSpec::valid()
{
    QFETCH(QString, text);
    QFETCH(QString, stored);

    const auto version = parseCondaVersionSpec(text);
    QVERIFY2(version.ok(), qPrintable(version.ok() ? QString() : version.error().describe()));
    QCOMPARE(version.value(), stored);

    // The stored form is what conda keeps: it reads back as itself.
    const auto again = parseCondaVersionSpec(stored);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().describe()));
    QCOMPARE(again.value(), stored);
}

void TestCondaVersionSpec::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const auto row = [](const QString &text, int column, const QString &message) {
        QTest::addRow("%s", qPrintable(text)) << text << column << message;
    };

    row(QString(), 1, u"a version spec cannot be empty"_s);
    row(u"   "_s, 1, u"a version spec cannot be empty"_s);

    // test_version_order: what VersionOrder() rejects
    row(u"3.5&1"_s, 4, u"'&' is not allowed here in the version"_s);
    row(u"5.5++"_s, 5, u"only one local version separator '+'"_s);
    row(u"5.5..mw"_s, 5, u"empty version part"_s);
    row(u"!"_s, 1, u"'!' must be followed by '='"_s);
    row(u"a!1.0"_s, 1, u"the epoch before '!' must be a number"_s);
    row(u"a!b!1.0"_s, 4, u"only one epoch separator '!'"_s);

    // test_ver_eval_errors
    row(u"><2.4.5"_s, 2, u"'<' cannot follow the operator '>'"_s);
    row(u"!!2.4.5"_s, 1, u"'!' must be followed by '=' (!=)"_s);

    // test_version_spec_2 (conda accepts "^1.5" as a regular expression; Kiln does not)
    row(u"(1.5"_s, 5, u"missing ')' to close '('"_s);
    row(u"1.5)"_s, 4, u"')' is not allowed here in the version"_s);
    row(u"1.5||1.6"_s, 5, u"'|' is not allowed here: a version is missing after '|'"_s);
    row(u"^1.5"_s, 1, u"regular expressions (^...$) are not supported"_s);
    row(u"^1\\.7\\.1$"_s, 1, u"regular expressions (^...$) are not supported"_s);
    row(u"1.7.*|^0.*$"_s, 7, u"regular expressions (^...$) are not supported"_s);

    // test_invalid_version_specs
    row(u"~"_s, 1, u"'~' must be followed by '=' (~=)"_s);
    row(u"^"_s, 1, u"regular expressions"_s);
    row(u"1.2+"_s, 5, u"empty version part"_s);
    row(u"+1.2"_s, 1, u"a version is missing before '+'"_s);
    row(u"+1.2+"_s, 5, u"only one local version separator '+'"_s);
    row(u"++"_s, 2, u"only one local version separator '+'"_s);
    row(u"c +, 0/|0 *"_s, 3, u"'+' is not allowed here in the version"_s);
    row(u")|("_s, 1, u"')' is not allowed here: a version is missing after version="_s);
    row(u"==)(=b"_s, 3, u"')' is not allowed here: '==' must be followed by a version"_s);
    row(u"=="_s, 3, u"'==' must be followed by a version"_s);
    row(u"="_s, 2, u"'=' must be followed by a version"_s);
    row(u">="_s, 3, u"'>=' must be followed by a version"_s);
    row(u"<="_s, 3, u"'<=' must be followed by a version"_s);

    // test_compatible_release_versions (conda's error), test_pep_440_arbitrary_equality_operator
    row(u"~=3.3.2.*"_s, 8, u"'~=' cannot be combined with '.*'"_s);
    row(u"===3.3.2"_s, 3, u"'=' cannot follow the operator '=='"_s);

    // The version cases of tst_condamatchspec, in bracket syntax
    row(u">= 1.0"_s, 3, u"no space is allowed after the operator '>='"_s);
    row(u">=1.0,"_s, 7, u"a version is missing after ','"_s);
    row(u"1.0||1.2"_s, 5, u"a version is missing after '|'"_s);
    row(u"|1.0"_s, 1, u"a version is missing after version="_s);
    row(u"=>1.0"_s, 2, u"'>' cannot follow the operator '='"_s);
    row(u">>1"_s, 2, u"'>' cannot follow the operator '>'"_s);
    row(u"!1.0"_s, 1, u"'!' must be followed by '='"_s);
    row(u"~1.0"_s, 1, u"'~' must be followed by '='"_s);
    row(u"(1.6|1.7"_s, 9, u"missing ')' to close '('"_s);
    row(u"()"_s, 2, u"')' is not allowed here: a version is missing after '('"_s);
    row(u"1.0 1.1"_s, 5, u"'1' is not allowed here in the version"_s);
    row(u"1..0"_s, 3, u"empty version part"_s);
    row(u"1.0."_s, 4, u"empty version part"_s);
    row(u".1"_s, 1, u"empty version part"_s);
    row(u"1!!0"_s, 3, u"only one epoch separator"_s);
    row(u"1!"_s, 3, u"a version is missing after '!'"_s);
    row(u"!=!1"_s, 3, u"'!' cannot follow the operator '!='"_s);
    row(u"1.0+a+b"_s, 6, u"only one local version separator"_s);
    row(u"1_0-1"_s, 4, u"both '-' and '_'"_s);
    row(u".*"_s, 1, u"a version is missing before '*'"_s);
    row(u"**"_s, 1, u"a version is missing before '*'"_s);
    row(u"==0+*"_s, 1, u"conda reads this version as '0+*', which is not valid"_s);
    row(u"==**"_s, 1, u"conda reads this version as '**'"_s);
    row(u"1.0=py27"_s, 4, u"'=' is not allowed here in the version"_s);
    row(u"1.0\u00e9"_s, 4, u"U+00E9 is not allowed here in the version"_s);
}

void TestCondaVersionSpec::invalid()
{
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(QString, message);

    const auto version = parseCondaVersionSpec(text);
    QVERIFY2(!version.ok(), qPrintable(u"accepted: "_s + (version.ok() ? version.value() : QString())));
    QVERIFY2(version.error().message.contains(message), qPrintable(version.error().message));
    QCOMPARE(version.error().column, column);
}

// The version after the name in "name version build": where it ends, what conda stores
// (a build after it changes the rewrite of "=" and "=="), and the errors.
void TestCondaVersionSpec::readPositional_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("begin");
    QTest::addColumn<QString>("version"); // null when an error is expected
    QTest::addColumn<int>("end");         // index just past the version, or the error column
    QTest::addColumn<QString>("message");

    const auto ok = [](const QString &line, int begin, const QString &version, int end) {
        QTest::addRow("%s", qPrintable(line)) << line << begin << version << end << QString();
    };
    const auto bad = [](const QString &line, int begin, int column, const QString &message) {
        QTest::addRow("%s", qPrintable(line)) << line << begin << QString() << column << message;
    };

    ok(u"numpy 1.7"_s, 6, u"1.7"_s, 9);
    ok(u"numpy=1.7"_s, 5, u"1.7*"_s, 9);
    ok(u"numpy=1.7=py3*_2"_s, 5, u"1.7"_s, 9);
    ok(u"numpy=1.7.*=py3*_2"_s, 5, u"1.7.*"_s, 11);
    ok(u"numpy==1.7"_s, 5, u"1.7"_s, 10);
    ok(u"numpy==1.10=py38_0"_s, 5, u"1.10"_s, 11);
    ok(u"numpy 1.8* py27_0"_s, 6, u"1.8*"_s, 10);
    ok(u"numpy==1.0,<2 py27_0"_s, 5, u"==1.0,<2"_s, 13);
    ok(u"numpy==1.0,<2"_s, 5, u"1.0,<2"_s, 13);
    ok(u"numpy >=1.0.1a py27*"_s, 6, u">=1.0.1a"_s, 14);
    ok(u"foo >= 1.0"_s, 4, u">=1.0"_s, 10);
    ok(u"foo >=1.0 , < 2.0 py34_0"_s, 4, u">=1.0,<2.0"_s, 17);
    ok(u"foo >=1.0 , < 2.0 =py34_0"_s, 4, u">=1.0,<2.0"_s, 17);
    ok(u"numpy >1.8,<2|==1.7,!=1.9,~=1.7.1 py34_0"_s, 6, u">1.8,<2|==1.7,!=1.9,~=1.7.1"_s, 33);
    ok(u"numpy 1.0  py27"_s, 6, u"1.0"_s, 9);
    ok(u"numpy 1.0="_s, 6, u"1.0"_s, 9); // the '=' and its build are the caller's
    ok(u"* * openblas_0"_s, 2, u"*"_s, 3);
    ok(u"numpy !=1.10 py38_0"_s, 6, u"!=1.10"_s, 12);

    bad(u"numpy (1.6|1.7)"_s, 6, 7,
        u"parentheses in a version are only understood inside [version=\"...\"]"_s);
    bad(u"numpy 1.0)"_s, 6, 10, u"')' without a matching '('"_s);
    bad(u"numpy 1.0;x"_s, 6, 10, u"';' is not allowed in a version"_s);
    bad(u"numpy >=1.0 <2"_s, 6, 13, u"version constraints must be joined with ','"_s);
    bad(u"numpy 1.0 !=2"_s, 6, 11, u"version constraints must be joined with ','"_s);
    bad(u"numpy |1.0"_s, 6, 7, u"'|' is not allowed here: a version is missing after the package name"_s);
    bad(u"numpy>="_s, 5, 8, u"'>=' must be followed by a version"_s);
    bad(u"numpy= "_s, 5, 8, u"'=' must be followed by a version"_s);
    bad(u"numpy 1.0||1.2"_s, 6, 11, u"a version is missing after '|'"_s);
    bad(u"build==0+*"_s, 5, 6, u"conda reads this version as '0+*', which is not valid"_s);
    bad(u"numpy"_s, 100, 6, u"a version is missing after the package name"_s);
    ok(u"1.0"_s, -3, u"1.0"_s, 3); // a negative begin reads from the start
}

void TestCondaVersionSpec::readPositional()
{
    QFETCH(QString, line);
    QFETCH(int, begin);
    QFETCH(QString, version);
    QFETCH(int, end);
    QFETCH(QString, message);

    const auto read = readCondaVersionSpec(line, begin, CondaVersionSyntax::Positional);
    if (version.isNull()) {
        QVERIFY2(!read.ok(), qPrintable(u"accepted: "_s + (read.ok() ? read->version : QString())));
        QVERIFY2(read.error().message.contains(message), qPrintable(read.error().message));
        QCOMPARE(read.error().column, end);
    } else {
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().describe()));
        QCOMPARE(read->version, version);
        QCOMPARE(read->end, qsizetype(end));
    }
}

// Nothing may crash, errors point inside the text (or one past it), the stored form reads
// back as itself, and a MatchSpec's [version="..."] agrees with parseCondaVersionSpec(),
// with the column moved by the offset of the value.
void TestCondaVersionSpec::randomInputNeverCrashes()
{
    const QStringList pieces = {
        u"1"_s, u"0"_s,   u"."_s,  u"*"_s, u"_"_s,  u"-"_s,  u"+"_s,  u"!"_s, u"a"_s, u"rc"_s,
        u" "_s, u"="_s,   u"=="_s, u"<"_s, u">="_s, u"!="_s, u"~="_s, u","_s, u"|"_s, u"("_s,
        u")"_s, u"1.0"_s, u".*"_s, u"~"_s, u">"_s,  u"2!"_s, u"Z"_s,  u"/"_s, u"%"_s,
    };
    QRandomGenerator rng(4242);
    int accepted = 0;
    for (int i = 0; i < 50000; ++i) {
        QString text;
        const int count = int(rng.bounded(8));
        for (int k = 0; k < count; ++k)
            text += pieces[int(rng.bounded(qsizetype(pieces.size())))];
        const auto version = parseCondaVersionSpec(text);
        const auto positional = readCondaVersionSpec(text, 0, CondaVersionSyntax::Positional);
        if (!positional.ok())
            QVERIFY2(positional.error().column >= 1 && positional.error().column <= text.size() + 1,
                     qPrintable(text));
        else
            QVERIFY2(positional->end >= 0 && positional->end <= text.size(), qPrintable(text));

        const QString line = u"numpy[version=\""_s + text + u"\"]"_s;
        const auto spec = Kiln::parseCondaMatchSpec(line);
        if (version.ok()) {
            ++accepted;
            const auto again = parseCondaVersionSpec(version.value());
            QVERIFY2(again.ok() && again.value() == version.value(), qPrintable(text));
            QVERIFY2(spec.ok() && spec->version == version.value(), qPrintable(line));
        } else {
            QVERIFY2(version.error().column >= 1 && version.error().column <= text.size() + 1,
                     qPrintable(text));
            QVERIFY(!version.error().message.isEmpty());
            if (!text.trimmed().isEmpty()) {
                QVERIFY2(!spec.ok(), qPrintable(line));
                QCOMPARE(spec.error().message, version.error().message);
                QCOMPARE(spec.error().column, version.error().column + 15);
            }
        }
    }
    QVERIFY(accepted > 1000);
}

QTEST_GUILESS_MAIN(TestCondaVersionSpec)
#include "tst_condaversionspec.moc"
