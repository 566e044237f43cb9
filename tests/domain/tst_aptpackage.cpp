// Package lines as `apt-get install` takes them (apt-get(8)): name[:arch][=version|/release],
// with Debian Policy 5.6.1 names and 5.6.12 versions.
#include "domain/aptpackage.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Kiln::AptPackage;
using Kiln::parseAptPackage;

class TestAptPackage : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void shellSyntax_data();
    void shellSyntax();
    void toJson();
    void randomInputNeverCrashes();
};

void TestAptPackage::valid_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("version"); // null when there is no '='
    QTest::addColumn<QString>("release");

    const auto row = [](const QString &line, const QString &name, const QString &arch, const QString &version,
                        const QString &release) {
        QTest::addRow("%s", qPrintable(line)) << line << name << arch << version << release;
    };
    row(u"curl"_s, u"curl"_s, QString(), QString(), QString());
    row(u"g++"_s, u"g++"_s, QString(), QString(), QString());
    row(u"libstdc++6"_s, u"libstdc++6"_s, QString(), QString(), QString());
    row(u"python3.11"_s, u"python3.11"_s, QString(), QString(), QString());
    row(u"0ad"_s, u"0ad"_s, QString(), QString(), QString());
    row(u"ca-certificates"_s, u"ca-certificates"_s, QString(), QString(), QString());
    row(u"aa"_s, u"aa"_s, QString(), QString(), QString());
    row(u"a+"_s, u"a+"_s, QString(), QString(), QString());
    row(u"curl=7.88.1-10+deb12u5"_s, u"curl"_s, QString(), u"7.88.1-10+deb12u5"_s, QString());
    row(u"libfoo=1:2.0~rc1-1"_s, u"libfoo"_s, QString(), u"1:2.0~rc1-1"_s, QString());
    row(u"bash=5.2.15"_s, u"bash"_s, QString(), u"5.2.15"_s, QString());
    row(u"curl:amd64"_s, u"curl"_s, u"amd64"_s, QString(), QString());
    row(u"libc6:i386=2.36-9"_s, u"libc6"_s, u"i386"_s, u"2.36-9"_s, QString());
    row(u"foo:any"_s, u"foo"_s, u"any"_s, QString(), QString());
    row(u"foo:native"_s, u"foo"_s, u"native"_s, QString(), QString());
    row(u"foo:all"_s, u"foo"_s, u"all"_s, QString(), QString());
    row(u"foo:hurd-i386"_s, u"foo"_s, u"hurd-i386"_s, QString(), QString());
    row(u"foo:musl-linux-arm64"_s, u"foo"_s, u"musl-linux-arm64"_s, QString(), QString());
    row(u"curl/bookworm-backports"_s, u"curl"_s, QString(), QString(), u"bookworm-backports"_s);
    row(u"nginx/stable"_s, u"nginx"_s, QString(), QString(), u"stable"_s);
    row(u"nginx/12"_s, u"nginx"_s, QString(), QString(), u"12"_s);
    row(u"nginx/focal-updates"_s, u"nginx"_s, QString(), QString(), u"focal-updates"_s);
    row(u"nginx/Debian_12.1+x~y"_s, u"nginx"_s, QString(), QString(), u"Debian_12.1+x~y"_s);
    row(u"bar:arm64/bookworm"_s, u"bar"_s, u"arm64"_s, QString(), u"bookworm"_s);
}

void TestAptPackage::valid()
{
    QFETCH(QString, line);
    QFETCH(QString, name);
    QFETCH(QString, arch);
    QFETCH(QString, version);
    QFETCH(QString, release);

    const auto pkg = parseAptPackage(line);
    QVERIFY2(pkg.ok(), qPrintable(pkg.ok() ? QString() : pkg.error().describe()));
    QCOMPARE(pkg->name, name);
    QCOMPARE(pkg->arch, arch);
    QCOMPARE(pkg->arch.isNull(), arch.isNull());
    QCOMPARE(pkg->version.has_value(), !version.isNull());
    if (pkg->version)
        QCOMPARE(pkg->version->toString(), version);
    QCOMPARE(pkg->release, release);
    QCOMPARE(pkg->release.isNull(), release.isNull());
    QCOMPARE(pkg->toString(), line);
}

void TestAptPackage::invalid_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const auto row = [](const QString &line, int column, const QString &message) {
        QTest::addRow("%s", qPrintable(line)) << line << column << message;
    };
    row(QString(), 1, u"cannot be empty"_s);
    row(u"Curl"_s, 1, u"uppercase letters are not allowed in Debian package names"_s);
    row(u"libFoo"_s, 4, u"uppercase letters are not allowed in Debian package names"_s);
    row(u"x"_s, 2, u"package name must be at least two characters"_s);
    row(u"x=1.0"_s, 2, u"package name must be at least two characters"_s);
    row(u"=1.0"_s, 1, u"package name is missing"_s);
    row(u":amd64"_s, 1, u"package name is missing"_s);
    row(u"/stable"_s, 1, u"package name is missing"_s);
    row(u"-curl"_s, 1, u"must start with a lowercase letter or a digit"_s);
    row(u".curl"_s, 1, u"must start with a lowercase letter or a digit"_s);
    row(u"+curl"_s, 1, u"must start with a lowercase letter or a digit"_s);
    row(u"curl_dev"_s, 5, u"'_' is not allowed in a Debian package name"_s);
    row(u"curl,wget"_s, 5, u"',' is not allowed in a Debian package name"_s);
    row(u"curl@1"_s, 5, u"'@' is not allowed in a Debian package name"_s);
    row(u"c\u00fcrl"_s, 2, u"U+00FC is not allowed in a Debian package name"_s);
    row(u"curl-"_s, 5, u"remove"_s);
    row(u"curl="_s, 6, u"'=' must be followed by a version"_s);
    row(u"curl/"_s, 6, u"'/' must be followed by a release"_s);
    row(u"curl:"_s, 6, u"':' must be followed by an architecture"_s);
    row(u"curl=1.0/stable"_s, 9, u"'=version' or '/release', not both"_s);
    row(u"curl/stable=1.0"_s, 12, u"'=version' or '/release', not both"_s);
    row(u"curl=abc"_s, 6, u"must start with a digit"_s);
    row(u"curl=1.0-"_s, 10, u"revision after the last '-' is empty"_s);
    row(u"curl=1:"_s, 8, u"nothing follows ':'"_s);
    row(u"curl=a:1"_s, 6, u"'a' is not allowed in an epoch"_s);
    row(u"curl=1.0_1"_s, 9, u"'_' is not allowed in an upstream version"_s);
    row(u"curl=1:1.0-1:2"_s, 13, u"':' is not allowed in a Debian revision"_s);
    row(u"curl:AMD64"_s, 6, u"uppercase letters are not allowed in architecture names"_s);
    row(u"curl:amd64:i386"_s, 11, u"only one ':'"_s);
    row(u"curl:64bit"_s, 6, u"must start with a lowercase letter"_s);
    row(u"curl:amd_64"_s, 9, u"'_' is not allowed in an architecture name"_s);
    row(u"curl:amd64-"_s, 11, u"cannot end with '-'"_s);
    row(u"curl/-stable"_s, 6, u"release name must start with a letter or a digit"_s);
    row(u"curl/sta:ble"_s, 9, u"':' is not allowed in a release name"_s);
    row(u"curl/a/b"_s, 7, u"'/' is not allowed in a release name"_s);
    row(u"curl/st@ble"_s, 8, u"'@' is not allowed in a release name"_s);
}

void TestAptPackage::invalid()
{
    QFETCH(QString, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const auto pkg = parseAptPackage(line);
    QVERIFY2(!pkg.ok(), qPrintable(u"accepted: "_s + (pkg.ok() ? pkg->toString() : QString())));
    QVERIFY2(pkg.error().message.contains(message), qPrintable(pkg.error().message));
    QCOMPARE(pkg.error().column, column);
}

void TestAptPackage::shellSyntax_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("column");

    const auto row = [](const QString &line, int column) {
        QTest::addRow("%s", qPrintable(QString(line).replace(u'\n', u"\\n"_s).replace(u'\t', u"\\t"_s)))
            << line << column;
    };
    row(u"curl;rm -rf /"_s, 5);
    row(u"curl vim"_s, 5);
    row(u" curl"_s, 1);
    row(u"curl "_s, 5);
    row(u"curl\tvim"_s, 5);
    row(u"curl\nvim"_s, 5);
    row(u"curl\r"_s, 5);
    row(u"curl\u0001"_s, 5);
    row(u"$(reboot)"_s, 1);
    row(u"curl$HOME"_s, 5);
    row(u"`id`"_s, 1);
    row(u"curl|sh"_s, 5);
    row(u"curl&&x"_s, 5);
    row(u"curl&"_s, 5);
    row(u"curl>x"_s, 5);
    row(u"curl<x"_s, 5);
    row(u"curl(x)"_s, 5);
    row(u"'curl'"_s, 1);
    row(u"\"curl\""_s, 1);
    row(u"curl\\"_s, 5);
    row(u"curl*"_s, 5);
    row(u"curl?"_s, 5);
    row(u"curl[1]"_s, 5);
    row(u"{a,b}"_s, 1);
    row(u"!curl"_s, 1);
    row(u"#curl"_s, 1);
    row(u"curl=1.0 "_s, 9);
    row(u"curl=1.0;id"_s, 9);
}

void TestAptPackage::shellSyntax()
{
    QFETCH(QString, line);
    QFETCH(int, column);

    const auto pkg = parseAptPackage(line);
    QVERIFY(!pkg.ok());
    QVERIFY2(pkg.error().message.contains(u"shell syntax is not allowed in a package line"_s),
             qPrintable(pkg.error().message));
    QCOMPARE(pkg.error().column, column);
}

void TestAptPackage::toJson()
{
    const auto full = parseAptPackage(u"libc6:i386=1:2.36-9"_s);
    QVERIFY(full.ok());
    const QJsonObject expected{
        {u"valid"_s, true},
        {u"name"_s, u"libc6"_s},
        {u"arch"_s, u"i386"_s},
        {u"version"_s,
         QJsonObject{{u"epoch"_s, u"1"_s}, {u"upstream"_s, u"2.36"_s}, {u"revision"_s, u"9"_s}}},
        {u"release"_s, QJsonValue(QJsonValue::Null)},
    };
    QCOMPARE(full->toJson(), expected);

    const auto bare = parseAptPackage(u"curl/stable"_s);
    QVERIFY(bare.ok());
    const QJsonObject json = bare->toJson();
    QCOMPARE(json.value(u"name"_s).toString(), u"curl"_s);
    QVERIFY(json.value(u"arch"_s).isNull());
    QVERIFY(json.value(u"version"_s).isNull());
    QCOMPARE(json.value(u"release"_s).toString(), u"stable"_s);
}

// Nothing may crash, errors point inside the line (or one past it), and whatever is
// accepted prints back to exactly the line and contains nothing a shell would act on.
void TestAptPackage::randomInputNeverCrashes()
{
    const QString alphabet = u"abcz09+-.:=/~_A ;$|"_s;
    QRandomGenerator rng(424242);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        QString line;
        const int length = int(rng.bounded(14));
        for (int k = 0; k < length; ++k)
            line += alphabet[int(rng.bounded(qsizetype(alphabet.size())))];
        const auto pkg = parseAptPackage(line);
        if (pkg.ok()) {
            ++accepted;
            QCOMPARE(pkg->toString(), line);
            QCOMPARE(parseAptPackage(pkg->toString()).value(), pkg.value());
            for (QChar c : line)
                QVERIFY2(!QStringView(u" ;$|").contains(c), qPrintable(line));
        } else {
            QVERIFY2(pkg.error().column >= 1 && pkg.error().column <= line.size() + 1, qPrintable(line));
        }
    }
    QVERIFY(accepted > 0);
}

QTEST_GUILESS_MAIN(TestAptPackage)
#include "tst_aptpackage.moc"
