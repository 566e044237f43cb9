// Cases come from dpkg's own test suite: lib/dpkg/t/t-version.c (parsing) and
// scripts/t/Dpkg_Version.t (comparisons), plus Debian Policy 5.6.12.
#include "domain/debianversion.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using Kiln::DebianVersion;
using Kiln::parseDebianVersion;

namespace {

// Splits like dpkg's parseversion_lax() without any check, so that comparisons can
// use dpkg's own data (some of which the strict parser rightly rejects, e.g. "0foo-").
DebianVersion lax(const QString &text)
{
    DebianVersion v;
    QString rest = text;
    if (const qsizetype colon = rest.indexOf(u':'); colon >= 0) {
        v.epoch = rest.left(colon);
        rest = rest.mid(colon + 1);
    }
    if (const qsizetype hyphen = rest.lastIndexOf(u'-'); hyphen >= 0) {
        v.revision = rest.mid(hyphen + 1);
        rest = rest.left(hyphen);
    }
    v.upstream = rest;
    return v;
}

int sign(int x)
{
    return x < 0 ? -1 : (x > 0 ? 1 : 0);
}

} // namespace

class TestDebianVersion : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void compareDpkg_data();
    void compareDpkg();
    void compareParsed_data();
    void compareParsed();
    void policyTildeOrder();
    void toJson();
    void randomInputNeverCrashes();
};

void TestDebianVersion::parseValid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("epoch");
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<QString>("revision");

    const auto row = [](const QString &in, const QString &e, const QString &u, const QString &r) {
        QTest::addRow("%s", qPrintable(in)) << in << e << u << r;
    };
    // dpkg t-version.c
    row(u"0"_s, QString(), u"0"_s, QString());
    row(u"0:0"_s, u"0"_s, u"0"_s, QString());
    row(u"0:0-0"_s, u"0"_s, u"0"_s, u"0"_s);
    row(u"0:0.0-0.0"_s, u"0"_s, u"0.0"_s, u"0.0"_s);
    row(u"1:0"_s, u"1"_s, u"0"_s, QString());
    row(u"5:1"_s, u"5"_s, u"1"_s, QString());
    row(u"0:0-0-0"_s, u"0"_s, u"0-0"_s, u"0"_s);
    row(u"0:0-0-0-0"_s, u"0"_s, u"0-0-0"_s, u"0"_s);
    row(u"0:0:0-0"_s, u"0"_s, u"0:0"_s, u"0"_s);
    row(u"0:0:0:0-0"_s, u"0"_s, u"0:0:0"_s, u"0"_s);
    row(u"0:0:0-0-0"_s, u"0"_s, u"0:0-0"_s, u"0"_s);
    row(u"0:0-0:0-0"_s, u"0"_s, u"0-0:0"_s, u"0"_s);
    row(u"0:09azAZ.-+~:-0"_s, u"0"_s, u"09azAZ.-+~:"_s, u"0"_s);
    row(u"0:0-azAZ09.+~"_s, u"0"_s, u"0"_s, u"azAZ09.+~"_s);
    // Real versions
    row(u"7.88.1-10+deb12u5"_s, QString(), u"7.88.1"_s, u"10+deb12u5"_s);
    row(u"1:2.30-1ubuntu1"_s, u"1"_s, u"2.30"_s, u"1ubuntu1"_s);
    row(u"2.2~rc-4"_s, QString(), u"2.2~rc"_s, u"4"_s);
    row(u"1.0~rc1"_s, QString(), u"1.0~rc1"_s, QString());
    row(u"1:9.10.3.dfsg.P4-12.3+deb9u4"_s, u"1"_s, u"9.10.3.dfsg.P4"_s, u"12.3+deb9u4"_s);
    row(u"12345+that-really-is-some-ver-0"_s, QString(), u"12345+that-really-is-some-ver"_s, u"0"_s);
    row(u"00:1"_s, u"00"_s, u"1"_s, QString());
    row(u"2147483647:1"_s, u"2147483647"_s, u"1"_s, QString());
    row(u"1.0-~"_s, QString(), u"1.0"_s, u"~"_s);
}

void TestDebianVersion::parseValid()
{
    QFETCH(QString, input);
    QFETCH(QString, epoch);
    QFETCH(QString, upstream);
    QFETCH(QString, revision);

    const auto v = parseDebianVersion(input);
    QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().describe()));
    QCOMPARE(v->epoch, epoch);
    QCOMPARE(v->epoch.isNull(), epoch.isNull());
    QCOMPARE(v->upstream, upstream);
    QCOMPARE(v->revision, revision);
    QCOMPARE(v->revision.isNull(), revision.isNull());
    QCOMPARE(v->toString(), input);
}

void TestDebianVersion::parseInvalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const auto row = [](const QString &in, int col, const QString &msg) {
        QTest::addRow("%s", qPrintable(in)) << in << col << msg;
    };
    row(QString(), 1, u"cannot be empty"_s);
    row(u"  "_s, 1, u"spaces are not allowed"_s);
    row(u"0:0 0-1"_s, 4, u"spaces are not allowed"_s);
    row(u" 0:0-1"_s, 1, u"spaces are not allowed"_s);
    row(u"0:0-1 "_s, 6, u"spaces are not allowed"_s);
    row(u"1\x01"_s, 2, u"control characters"_s);
    row(u"-1:0-1"_s, 1, u"'-' is not allowed in an epoch"_s);
    row(u"999999999999999999999999:0-1"_s, 1, u"epoch is too big"_s);
    row(u"2147483648:1"_s, 1, u"epoch is too big"_s);
    row(u"a:0-0"_s, 1, u"'a' is not allowed in an epoch"_s);
    row(u"A:0-0"_s, 1, u"'A' is not allowed in an epoch"_s);
    row(u"10a:5.2"_s, 3, u"'a' is not allowed in an epoch"_s);
    row(u"1.0:2"_s, 2, u"'.' is not allowed in an epoch"_s);
    row(u":1.0"_s, 1, u"epoch before ':' is empty"_s);
    row(u"0:"_s, 3, u"nothing follows ':'"_s);
    row(u"2:"_s, 3, u"nothing follows ':'"_s);
    row(u"-0"_s, 1, u"upstream version is empty"_s);
    row(u"0:-0"_s, 3, u"upstream version is empty"_s);
    row(u"-"_s, 2, u"revision after the last '-' is empty"_s);
    row(u"0:0-"_s, 5, u"revision after the last '-' is empty"_s);
    row(u"1.0-"_s, 5, u"revision after the last '-' is empty"_s);
    row(u"0:abc3-0"_s, 3, u"must start with a digit"_s);
    row(u"foo5.2"_s, 1, u"must start with a digit"_s);
    row(u"0:foo5.2"_s, 3, u"must start with a digit"_s);
    row(u"~1"_s, 1, u"must start with a digit"_s);
    row(u"5.2@3-2"_s, 4, u"'@' is not allowed in an upstream version"_s);
    row(u"1.0é"_s, 4, u"U+00E9 is not allowed in an upstream version"_s);
    row(u"1_0"_s, 2, u"'_' is not allowed in an upstream version"_s);
    row(u"0:0-0:0"_s, 6, u"':' is not allowed in a Debian revision"_s);
    row(u"1.0-1_0"_s, 6, u"'_' is not allowed in a Debian revision"_s);
    // dpkg t-version.c: every one of these is invalid in the upstream version ...
    for (QChar c : u"!#@$%&/|\\<>()[]{};,_=*^'"_s)
        row(u"0:0"_s + c + u"-0"_s, 4, u"is not allowed in an upstream version"_s);
    // ... and in the revision.
    for (QChar c : u"!#@$%&/|\\<>()[]{}:;,_=*^'"_s)
        row(u"0:0-"_s + c, 5, u"is not allowed in a Debian revision"_s);
}

void TestDebianVersion::parseInvalid()
{
    QFETCH(QString, input);
    QFETCH(int, column);
    QFETCH(QString, message);

    const auto v = parseDebianVersion(input);
    QVERIFY2(!v.ok(), qPrintable(u"accepted: "_s + (v.ok() ? v->toString() : QString())));
    QVERIFY2(v.error().message.contains(message), qPrintable(v.error().message));
    QCOMPARE(v.error().column, column);
}

void TestDebianVersion::compareDpkg_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("expected");

    // The __DATA__ section of dpkg's scripts/t/Dpkg_Version.t, both generations.
    const char *const data[] = {
        "1.0-1 2.0-2 -1",
        "2.2~rc-4 2.2-1 -1",
        "2.2-1 2.2~rc-4 1",
        "1.0000-1 1.0-1 0",
        "1 0:1 0",
        "0 0:0-0 0",
        "2:2.5 1:7.5 1",
        "1:foo foo 1",
        "0:foo foo 0",
        "foo foo 0",
        "foo- foo 0",
        "foo- foo-0 0",
        "foo fo 1",
        "foo- foo+ -1",
        "foo~1 foo -1",
        "foo~foo+Bar foo~foo+bar -1",
        "foo~~ foo~ -1",
        "1~ 1 -1",
        "12345+that-really-is-some-ver-0 12345+that-really-is-some-ver-10 -1",
        "foo-0 foo-01 -1",
        "foo.bar foobar 1",
        "foo.bar foo1bar 1",
        "foo.bar foo0bar 1",
        "1foo-1 foo-1 -1",
        "foo2.0 foo2 1",
        "foo2.0.0 foo2.10.0 -1",
        "foo2.0 foo2.0.0 -1",
        "foo2.0 foo2.10 -1",
        "foo2.1 foo2.10 -1",
        "1:0foo 0foo 1",
        "0:0foo 0foo 0",
        "0foo 0foo 0",
        "0foo- 0foo 0",
        "0foo- 0foo-0 0",
        "0foo 0fo 1",
        "0foo- 0foo+ -1",
        "0foo~1 0foo -1",
        "0foo~foo+Bar 0foo~foo+bar -1",
        "0foo~~ 0foo~ -1",
        "0foo-0 0foo-01 -1",
        "0foo.bar 0foobar 1",
        "0foo.bar 0foo1bar 1",
        "0foo.bar 0foo0bar 1",
        "0foo1bar-1 0foobar-1 -1",
        "0foo2.0 0foo2 1",
        "0foo2.0.0 0foo2.10.0 -1",
        "0foo2.0 0foo2.0.0 -1",
        "0foo2.0 0foo2.10 -1",
        "0foo2.1 0foo2.10 -1",
        "1.09 1.9 0",
        "1.0.8+nmu1 1.0.8 1",
        "3.11 3.10+nmu1 1",
        "0.9j-20080306-4 0.9i-20070324-2 1",
        "1.2.0~b7-1 1.2.0~b6-1 1",
        "1.011-1 1.06-2 1",
        "0.0.9+dfsg1-1 0.0.8+dfsg1-3 1",
        "4.6.99+svn6582-1 4.6.99+svn6496-1 1",
        "53 52 1",
        "0.9.9~pre122-1 0.9.9~pre111-1 1",
        "2:2.3.2-2+lenny2 2:2.3.2-2 1",
        "1:3.8.1-1 3.8.GA-1 1",
        "1.0.1+gpl-1 1.0.1-2 1",
        "1a 1000a -1",
        "-0.6.5 0.9.1 -1",
        // lib/dpkg/t/t-version.c
        "0-00 00-0 0",
        "1:2-3 1:2-3 0",
        "0-0 1:0-0 -1",
        "a-0 b-0 -1",
        "0-a 0-b -1",
        "1-1 2-1 -1",
        "1-1 1-2 -1",
    };
    for (const char *line : data) {
        const QStringList parts = QString::fromLatin1(line).split(u' ');
        QTest::addRow("%s", line) << parts[0] << parts[1] << parts[2].toInt();
    }
}

void TestDebianVersion::compareDpkg()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, expected);

    QCOMPARE(sign(DebianVersion::compare(lax(a), lax(b))), expected);
    QCOMPARE(sign(DebianVersion::compare(lax(b), lax(a))), -expected);
}

void TestDebianVersion::compareParsed_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("expected");

    QTest::newRow("rc before release") << u"1.0~rc1"_s << u"1.0"_s << -1;
    QTest::newRow("epoch wins") << u"1:0"_s << u"2.0"_s << 1;
    QTest::newRow("leading zeros in epoch") << u"01:1.0"_s << u"1:1.0"_s << 0;
    QTest::newRow("big epochs") << u"2147483647:1"_s << u"999:1"_s << 1;
    QTest::newRow("backport below release") << u"1.0-1~bpo12+1"_s << u"1.0-1"_s << -1;
    QTest::newRow("security update") << u"7.88.1-10+deb12u5"_s << u"7.88.1-10"_s << 1;
    QTest::newRow("letters before dot") << u"1.0a"_s << u"1.0.1"_s << -1;
    QTest::newRow("numeric parts") << u"1.10"_s << u"1.9"_s << 1;
    QTest::newRow("no revision equals empty") << u"1.0"_s << u"1.0"_s << 0;
    QTest::newRow("revision present") << u"1.0-0"_s << u"1.0"_s << 0;
    QTest::newRow("plus after end") << u"1.0+1"_s << u"1.0"_s << 1;
}

void TestDebianVersion::compareParsed()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, expected);

    const auto va = parseDebianVersion(a);
    const auto vb = parseDebianVersion(b);
    QVERIFY(va.ok());
    QVERIFY(vb.ok());
    QCOMPARE(sign(DebianVersion::compare(*va, *vb)), expected);
    QCOMPARE(sign(DebianVersion::compare(*vb, *va)), -expected);
}

// Debian Policy 5.6.12: "~~ < ~~a < ~ < (empty) < a".
void TestDebianVersion::policyTildeOrder()
{
    const QStringList expected = {u"1.0~~"_s, u"1.0~~a"_s, u"1.0~"_s, u"1.0"_s, u"1.0a"_s};
    QList<DebianVersion> versions;
    for (const QString &text : {expected[3], expected[0], expected[4], expected[2], expected[1]}) {
        const auto v = parseDebianVersion(text);
        QVERIFY(v.ok());
        versions.append(*v);
    }
    std::sort(versions.begin(), versions.end(), [](const DebianVersion &a, const DebianVersion &b) {
        return DebianVersion::compare(a, b) < 0;
    });
    QStringList sorted;
    for (const DebianVersion &v : versions)
        sorted.append(v.toString());
    QCOMPARE(sorted, expected);
}

void TestDebianVersion::toJson()
{
    const auto full = parseDebianVersion(u"1:2.30-1ubuntu1"_s);
    QVERIFY(full.ok());
    QCOMPARE(full->toJson(),
             (QJsonObject{{u"epoch"_s, u"1"_s}, {u"upstream"_s, u"2.30"_s}, {u"revision"_s, u"1ubuntu1"_s}}));

    const auto bare = parseDebianVersion(u"2.30"_s);
    QVERIFY(bare.ok());
    const QJsonObject json = bare->toJson();
    QVERIFY(json.value(u"epoch"_s).isNull());
    QVERIFY(json.value(u"revision"_s).isNull());
    QCOMPARE(json.value(u"upstream"_s).toString(), u"2.30"_s);
}

// Nothing may crash, every error points inside the input (or one past it), and
// whatever is accepted prints back to exactly the input.
void TestDebianVersion::randomInputNeverCrashes()
{
    const QString alphabet = u"0123456789:-.+~abzAZ_ @!"_s;
    QRandomGenerator rng(20240501);
    for (int i = 0; i < 20000; ++i) {
        QString text;
        const int length = int(rng.bounded(12));
        for (int k = 0; k < length; ++k)
            text += alphabet[int(rng.bounded(qsizetype(alphabet.size())))];
        const auto v = parseDebianVersion(text);
        if (v.ok()) {
            QCOMPARE(v->toString(), text);
            QCOMPARE(DebianVersion::compare(*v, *v), 0);
        } else {
            QVERIFY2(v.error().column >= 1 && v.error().column <= text.size() + 1, qPrintable(text));
            QVERIFY(!v.error().message.isEmpty());
        }
    }
}

QTEST_GUILESS_MAIN(TestDebianVersion)
#include "tst_debianversion.moc"
