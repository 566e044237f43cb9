#include "store/registryrepository.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

Registry valid()
{
    Registry r;
    r.name = u"harbor"_s;
    r.publicUrl = u"https://harbor.example.org"_s;
    r.imagePrefix = u"harbor.example.org/ml"_s;
    return r;
}

} // namespace

// validateRegistry() and registryHost(): pure functions, no catalogue.
class TestValidateRegistry : public QObject
{
    Q_OBJECT

private slots:
    void publicUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("column"); // 0: valid
        QTest::addColumn<QString>("why");
        QTest::newRow("https") << u"https://harbor.example.org"_s << 0 << QString();
        QTest::newRow("http with port and path") << u"http://localhost:5000/v2/"_s << 0 << QString();
        QTest::newRow("ipv6") << u"https://[::1]:5443"_s << 0 << QString();
        QTest::newRow("ipv4") << u"http://127.0.0.1:5000"_s << 0 << QString();
        QTest::newRow("empty") << QString() << 1 << u"required"_s;
        QTest::newRow("no scheme") << u"harbor.example.org"_s << 1 << u"http:// or https://"_s;
        QTest::newRow("ftp") << u"ftp://harbor.example.org"_s << 1 << u"http:// or https://"_s;
        QTest::newRow("no host") << u"https://"_s << 9 << u"host is missing"_s;
        QTest::newRow("no host before path") << u"https:///v2"_s << 9 << u"host is missing"_s;
        QTest::newRow("user info") << u"https://bob:pw@harbor.example.org"_s << 9
                                   << u"user name or password"_s;
        QTest::newRow("bad host char") << u"https://har_bor.example.org"_s << 12 << u"'_'"_s;
        QTest::newRow("leading dot") << u"https://.example.org"_s << 9 << u"cannot start"_s;
        QTest::newRow("port not a number") << u"https://h.org:5x0"_s << 16 << u"number"_s;
        QTest::newRow("port zero") << u"https://h.org:0"_s << 15 << u"1 to 65535"_s;
        QTest::newRow("port too big") << u"https://h.org:65536"_s << 15 << u"1 to 65535"_s;
        QTest::newRow("empty port") << u"https://h.org:"_s << 15 << u"1 to 65535"_s;
        QTest::newRow("space in path") << u"https://h.org/a b"_s << 16 << u"blanks"_s;
        QTest::newRow("unclosed ipv6") << u"https://[::1/x"_s << 13 << u"']'"_s;
    }

    void publicUrl()
    {
        QFETCH(QString, url);
        QFETCH(int, column);
        QFETCH(QString, why);
        Registry r = valid();
        r.publicUrl = url;
        const auto result = validateRegistry(r);
        if (column == 0) {
            QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
            return;
        }
        QVERIFY(!result.ok());
        QCOMPARE(result.error().field, u"Public URL"_s);
        QCOMPARE(result.error().column, column);
        QVERIFY2(result.error().message.contains(why), qPrintable(result.error().message));
    }

    void imagePrefix_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("column"); // 0: valid
        QTest::addColumn<QString>("why");
        QTest::newRow("host") << u"harbor.example.org"_s << 0 << QString();
        QTest::newRow("host and path") << u"harbor.example.org/ml/team"_s << 0 << QString();
        QTest::newRow("localhost with port") << u"localhost:5000/kiln"_s << 0 << QString();
        QTest::newRow("localhost") << u"localhost"_s << 0 << QString();
        QTest::newRow("ipv6") << u"[::1]:5000/x"_s << 0 << QString();
        QTest::newRow("empty") << QString() << 1 << u"required"_s;
        QTest::newRow("scheme") << u"https://harbor.example.org"_s << 1 << u"no scheme"_s;
        QTest::newRow("trailing slash") << u"harbor.example.org/ml/"_s << 22 << u"end with '/'"_s;
        QTest::newRow("docker hub path") << u"library/ubuntu"_s << 1 << u"registry host"_s;
        QTest::newRow("tag") << u"harbor.example.org/ml:1.0"_s << 22 << u"tag"_s;
        QTest::newRow("digest") << u"harbor.example.org/ml@sha256"_s << 22 << u"digest"_s;
        QTest::newRow("upper case path") << u"harbor.example.org/ML"_s << 20 << QString();
        QTest::newRow("double slash") << u"harbor.example.org//ml"_s << 20 << QString();
    }

    void imagePrefix()
    {
        QFETCH(QString, prefix);
        QFETCH(int, column);
        QFETCH(QString, why);
        Registry r = valid();
        r.imagePrefix = prefix;
        const auto result = validateRegistry(r);
        if (column == 0) {
            QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
            return;
        }
        QVERIFY(!result.ok());
        QCOMPARE(result.error().field, u"Image prefix"_s);
        QCOMPARE(result.error().column, column);
        QVERIFY2(result.error().message.contains(why), qPrintable(result.error().message));
    }

    void otherFields_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("line");
        QTest::newRow("valid") << u"none"_s << QString() << 0;
        QTest::newRow("bad name") << u"name"_s << u"Name"_s << 0;
        QTest::newRow("relative CA file") << u"ca"_s << u"CA file"_s << 0;
        QTest::newRow("layer size -2") << u"layer"_s << u"Max layer size (MB)"_s << 0;
        QTest::newRow("storage size -5") << u"storage"_s << u"Storage size (MB)"_s << 0;
        QTest::newRow("memory -2") << u"memory"_s << u"Memory (MB)"_s << 0;
        QTest::newRow("blank metadata key") << u"metadata"_s << u"Metadata"_s << 1; // "  " sorts first
        QTest::newRow("bad tag") << u"tag"_s << u"Tags"_s << 2;
        QTest::newRow("duplicate tag") << u"duplicate"_s << u"Tags"_s << 3;
    }

    void otherFields()
    {
        QFETCH(QString, change);
        QFETCH(QString, field);
        QFETCH(int, line);
        Registry r = valid();
        r.customCaFile = u"/etc/ssl/certs/ca.pem"_s;
        r.maxLayerSizeMb = -1;
        r.storageSizeMb = 0;
        r.memoryMb = 2048;
        r.metadata = {{u"a"_s, u"1"_s}, {u"b"_s, u"2"_s}};
        r.tags = {u"gpu"_s, u"prod"_s};
        if (change == u"name")
            r.name = u"Harbor"_s;
        else if (change == u"ca")
            r.customCaFile = u"certs/ca.pem"_s;
        else if (change == u"layer")
            r.maxLayerSizeMb = -2;
        else if (change == u"storage")
            r.storageSizeMb = -5;
        else if (change == u"memory")
            r.memoryMb = -2;
        else if (change == u"metadata")
            r.metadata.insert(u"  "_s, u"x"_s);
        else if (change == u"tag")
            r.tags = {u"gpu"_s, u"Prod"_s};
        else if (change == u"duplicate")
            r.tags = {u"gpu"_s, u"prod"_s, u"gpu"_s};
        const auto result = validateRegistry(r);
        if (field.isEmpty()) {
            QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
            return;
        }
        QVERIFY(!result.ok());
        QCOMPARE(result.error().field, field);
        QCOMPARE(result.error().line, line);
    }

    void host_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("host");
        QTest::newRow("prefix host") << u"https://harbor.example.org"_s << u"harbor.example.org/ml"_s
                                     << u"harbor.example.org"_s;
        QTest::newRow("prefix port") << u"http://localhost:5000"_s << u"localhost:5000/kiln"_s
                                     << u"localhost:5000"_s;
        QTest::newRow("prefix only host") << QString() << u"quay.io"_s << u"quay.io"_s;
        QTest::newRow("url when no prefix")
            << u"https://r.example.org:5443/x"_s << QString() << u"r.example.org:5443"_s;
        QTest::newRow("url never gives user info")
            << u"https://u:p@r.example.org"_s << QString() << u"r.example.org"_s;
    }

    void host()
    {
        QFETCH(QString, url);
        QFETCH(QString, prefix);
        QFETCH(QString, host);
        Registry r;
        r.publicUrl = url;
        r.imagePrefix = prefix;
        QCOMPARE(registryHost(r), host);
    }
};

QTEST_GUILESS_MAIN(TestValidateRegistry)
#include "tst_validateregistry.moc"
