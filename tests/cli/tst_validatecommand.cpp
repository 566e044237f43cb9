#include "cli/cli.h"
#include "cli/validatecommand.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

using Run = KilnTest::KilnctlRun;

Run kilnctl(const QStringList &arguments, const QString &input = {})
{
    return KilnTest::runKilnctl(arguments, input);
}

QJsonObject parseObject(const QString &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning("not a JSON object: %s (%s)", qPrintable(line), qPrintable(error.errorString()));
    return doc.object();
}

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

} // namespace

class tst_ValidateCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shapes_data();
    void shapes();
    void edgeCases_data();
    void edgeCases();
    void fileMode();
    void standardInput();
    void usageErrors_data();
    void usageErrors();
    void helpAndVersion();
};

// Every valid answer has exactly the documented keys, with null for absent parts.
void tst_ValidateCommand::shapes_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("keys");
    QTest::newRow("image-ref") << u"image-ref"_s << u"ubuntu"_s
                               << QStringList{u"digest"_s, u"domain"_s, u"familiar"_s, u"normalized"_s,
                                              u"path"_s,   u"tag"_s,    u"valid"_s};
    QTest::newRow("apt") << u"apt"_s << u"curl"_s
                         << QStringList{u"arch"_s, u"name"_s, u"release"_s, u"valid"_s, u"version"_s};
    QTest::newRow("conda") << u"conda"_s << u"numpy"_s
                           << QStringList{u"build"_s,     u"channel"_s, u"keys"_s,  u"name"_s,
                                          u"namespace"_s, u"subdir"_s,  u"valid"_s, u"version"_s};
    QTest::newRow("pip") << u"pip"_s << u"requests"_s << QStringList{u"extras"_s,    u"marker"_s, u"name"_s,
                                                                     u"specifier"_s, u"url"_s,    u"valid"_s};
}

void tst_ValidateCommand::shapes()
{
    QFETCH(QString, kind);
    QFETCH(QString, line);
    QFETCH(QStringList, keys);
    const Run run = kilnctl({u"validate"_s, kind, line});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QVERIFY(run.out.endsWith(u'\n'));
    QCOMPARE(run.out.count(u'\n'), 1);
    const QJsonObject object = parseObject(run.out.trimmed());
    QCOMPARE(sortedKeys(object), keys);
    QCOMPARE(object.value(u"valid"), QJsonValue(true));
}

// Edge cases from the reference grammars. `expected` lists the keys to check
// (a subset of the answer); an invalid line checks the error column.
void tst_ValidateCommand::edgeCases_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");

    const QString digest = u"sha256:"_s + QString(64, u'a');
    QTest::newRow("ref: short name")
        << u"image-ref"_s << u"ubuntu"_s << 0
        << uR"({"domain":"docker.io","path":"library/ubuntu","tag":null,"digest":null,
                                          "normalized":"docker.io/library/ubuntu:latest","familiar":"ubuntu"})"_s;
    QTest::newRow("ref: port") << u"image-ref"_s << u"localhost:5000/team/app:1.0"_s << 0
                               << uR"({"domain":"localhost:5000","path":"team/app","tag":"1.0",
                                    "normalized":"localhost:5000/team/app:1.0"})"_s;
    QTest::newRow("ref: uppercase domain") << u"image-ref"_s << u"Registry.Example.com/app"_s << 0
                                           << uR"({"domain":"Registry.Example.com","path":"app"})"_s;
    QTest::newRow("ref: uppercase path")
        << u"image-ref"_s << u"docker.io/Library/ubuntu"_s << 1 << uR"({"error":{"column":11}})"_s;
    QTest::newRow("ref: digest") << u"image-ref"_s << (u"ubuntu@"_s + digest) << 0
                                 << (uR"({"tag":null,"digest":")"_s + digest + uR"(","familiar":"ubuntu@)"_s +
                                     digest + u"\"}"_s);
    QTest::newRow("ref: tag and digest")
        << u"image-ref"_s << (u"quay.io/a/b:v1@"_s + digest) << 0
        << (uR"({"domain":"quay.io","tag":"v1","digest":")"_s + digest + u"\"}"_s);
    QTest::newRow("ref: short digest") << u"image-ref"_s << u"ubuntu@sha256:abc"_s << 1 << u"{}"_s;
    QTest::newRow("ref: port not a number") << u"image-ref"_s << u"localhost:port/app"_s << 1 << u"{}"_s;

    QTest::newRow("apt: epoch and tilde") << u"apt"_s << u"libc6:amd64=2:2.36-9~deb12u1"_s << 0
                                          << uR"({"name":"libc6","arch":"amd64","release":null,
                                               "version":{"epoch":"2","upstream":"2.36","revision":"9~deb12u1"}})"_s;
    QTest::newRow("apt: release") << u"apt"_s << u"linux-image-amd64/bookworm-backports"_s << 0
                                  << uR"({"name":"linux-image-amd64","arch":null,"version":null,
                                       "release":"bookworm-backports"})"_s;
    QTest::newRow("apt: upstream with hyphen")
        << u"apt"_s << u"foo=1.0-beta-2"_s << 0 << uR"({"version":{"epoch":null,"upstream":"1.0-beta",
                                                    "revision":"2"}})"_s;
    QTest::newRow("apt: uppercase") << u"apt"_s << u"Curl"_s << 1 << uR"({"error":{"column":1}})"_s;
    QTest::newRow("apt: shell") << u"apt"_s << u"curl; rm -rf /"_s << 1 << uR"({"error":{"column":5}})"_s;

    QTest::newRow("conda: channel and glob") << u"conda"_s << u"conda-forge::numpy==1.17*"_s << 0
                                             << uR"({"channel":"conda-forge","name":"numpy"})"_s;
    QTest::newRow("conda: subdir") << u"conda"_s << u"conda-forge/linux-64::numpy"_s << 0
                                   << uR"({"channel":"conda-forge","subdir":"linux-64","name":"numpy"})"_s;
    QTest::newRow("conda: bracket keys")
        << u"conda"_s << (u"numpy[build_number=3,md5="_s + QString(32, u'e') + u"]"_s) << 0
        << uR"({"name":"numpy"})"_s;
    QTest::newRow("conda: unknown key") << u"conda"_s << u"numpy[colour=blue]"_s << 1 << u"{}"_s;
    QTest::newRow("conda: dangling operator") << u"conda"_s << u"numpy>="_s << 1 << u"{}"_s;

    QTest::newRow("pip: extras and marker")
        << u"pip"_s << u"requests[security,socks]>=2.8.1; python_version < \"3.8\""_s << 0
        << uR"({"name":"requests","extras":["security","socks"],"url":null})"_s;
    QTest::newRow("pip: url")
        << u"pip"_s << u"pkg @ https://example.com/pkg-1.0.whl"_s << 0
        << uR"({"name":"pkg","url":"https://example.com/pkg-1.0.whl","specifier":null})"_s;
    QTest::newRow("pip: compatible release") << u"pip"_s << u"pkg~=1.0"_s << 0 << uR"({"name":"pkg"})"_s;
    QTest::newRow("pip: arbitrary equality") << u"pip"_s << u"pkg===foobar"_s << 0 << uR"({"name":"pkg"})"_s;
    QTest::newRow("pip: dangling") << u"pip"_s << u"pkg>="_s << 1 << uR"({"error":{"column":6}})"_s;
    // After "--", a line may start with '-'; pip options are still not requirements.
    QTest::newRow("pip: requirement file")
        << u"pip"_s << u"-r requirements.txt"_s << 1 << uR"({"error":{"column":1}})"_s;
}

void tst_ValidateCommand::edgeCases()
{
    QFETCH(QString, kind);
    QFETCH(QString, line);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);

    const Run run = kilnctl({u"validate"_s, kind, u"--"_s, line});
    QCOMPARE(run.code, exitCode);
    const QJsonObject object = parseObject(run.out.trimmed());
    QCOMPARE(object.value(u"valid").toBool(), exitCode == 0);
    if (exitCode != 0) {
        const QJsonObject error = object.value(u"error").toObject();
        QVERIFY2(!error.value(u"message").toString().isEmpty(), qPrintable(run.out));
        QVERIFY2(error.value(u"column").toInt() >= 1, qPrintable(run.out));
    }
    const QJsonObject want = parseObject(expected);
    QVERIFY(!want.isEmpty() || expected == u"{}");
    for (auto it = want.begin(); it != want.end(); ++it) {
        const QJsonValue actual = object.value(it.key());
        if (it.value().isObject() && actual.isObject()) {
            const QJsonObject sub = it.value().toObject();
            for (auto s = sub.begin(); s != sub.end(); ++s)
                QVERIFY2(actual.toObject().value(s.key()) == s.value(),
                         qPrintable(it.key() + u'.' + s.key() + u" in " + run.out));
        } else {
            QVERIFY2(actual == it.value(), qPrintable(it.key() + u" in " + run.out));
        }
    }
}

void tst_ValidateCommand::fileMode()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("numpy>=1.0\n\n  pandas[excel]\nbad line here\r\nrequests\n");
    file.close();

    const Run run = kilnctl({u"validate"_s, u"pip"_s, u"--file"_s, file.fileName()});
    QCOMPARE(run.code, 1);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // the blank line is not a package
    const QList<int> numbers{1, 3, 4, 5};
    const QList<bool> valid{true, true, false, true};
    for (int i = 0; i < lines.size(); ++i) {
        const QJsonObject object = parseObject(lines[i]);
        QCOMPARE(object.value(u"line").toInt(), numbers[i]);
        QCOMPARE(object.value(u"valid").toBool(), valid[i]);
    }
    // The column of an error counts the leading blanks of the line as written.
    QVERIFY(parseObject(lines[2]).value(u"error").toObject().value(u"column").toInt() > 1);

    QVERIFY(file.open());
    file.resize(0);
    file.write("curl\nlibssl3=3.0.11-1~deb12u2\n");
    file.close();
    const Run good = kilnctl({u"validate"_s, u"apt"_s, u"--file"_s, file.fileName()});
    QCOMPARE(good.code, 0);
    QCOMPARE(good.out.count(u'\n'), 2);
}

void tst_ValidateCommand::standardInput()
{
    const Run run = kilnctl({u"validate"_s, u"image-ref"_s, u"--file"_s, u"-"_s}, u"alpine:3.19\nBAD\n"_s);
    QCOMPARE(run.code, 1);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(parseObject(lines[0]).value(u"normalized").toString(), u"docker.io/library/alpine:3.19"_s);
    QCOMPARE(parseObject(lines[1]).value(u"valid").toBool(), false);
}

void tst_ValidateCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("stderrContains");
    QTest::newRow("no command") << QStringList{} << u"Commands:"_s;
    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"unknown command 'frobnicate'"_s;
    QTest::newRow("no kind") << QStringList{u"validate"_s} << u"missing the kind"_s;
    QTest::newRow("unknown kind") << QStringList{u"validate"_s, u"rpm"_s, u"x"_s} << u"unknown kind 'rpm'"_s;
    QTest::newRow("no line") << QStringList{u"validate"_s, u"apt"_s} << u"exactly one LINE"_s;
    QTest::newRow("two lines") << QStringList{u"validate"_s, u"apt"_s, u"a"_s, u"b"_s}
                               << u"exactly one LINE"_s;
    QTest::newRow("line and file") << QStringList{u"validate"_s, u"apt"_s, u"a"_s, u"--file"_s, u"x"_s}
                                   << u"not both"_s;
    QTest::newRow("missing file") << QStringList{u"validate"_s, u"apt"_s, u"--file"_s, u"/nonexistent/list"_s}
                                  << u"cannot read /nonexistent/list"_s;
    QTest::newRow("bad option") << QStringList{u"validate"_s, u"--bogus"_s} << u"bogus"_s;
}

void tst_ValidateCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, stderrContains);
    const Run run = kilnctl(arguments);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(stderrContains), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void tst_ValidateCommand::helpAndVersion()
{
    QCoreApplication::setApplicationName(u"kilnctl"_s);
    QCoreApplication::setApplicationVersion(u"9.9.9"_s);
    Run run = kilnctl({u"--version"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"kilnctl 9.9.9\n"_s);
    run = kilnctl({u"--help"_s});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(u"validate"));
    run = kilnctl({u"validate"_s, u"--help"_s});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(u"--file"));
}

QTEST_GUILESS_MAIN(tst_ValidateCommand)
#include "tst_validatecommand.moc"
