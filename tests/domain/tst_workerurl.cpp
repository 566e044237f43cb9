// Tests for validateWorkerUrl(), isLoopbackHost() and validateWorkerForm().

#include "domain/workerurl.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestWorkerUrl : public QObject
{
    Q_OBJECT

private slots:
    void valid_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("https host") << u"https://worker-1.example.org"_s;
        QTest::newRow("https host port") << u"https://worker-1.example.org:8443"_s;
        QTest::newRow("https path") << u"https://proxy.example.org/workers/w1"_s;
        QTest::newRow("https ip") << u"https://10.0.0.7:8443/"_s;
        QTest::newRow("https ipv6") << u"https://[2001:db8::1]:8443"_s;
        QTest::newRow("http localhost") << u"http://localhost:8080"_s;
        QTest::newRow("http LOCALHOST") << u"http://LOCALHOST:8080"_s;
        QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:41234"_s;
        QTest::newRow("http 127.5.6.7") << u"http://127.5.6.7"_s;
        QTest::newRow("http ::1") << u"http://[::1]:8080"_s;
        QTest::newRow("scheme case") << u"HTTPS://worker.example.org"_s;
    }

    void valid()
    {
        QFETCH(QString, url);
        const auto result = Kiln::validateWorkerUrl(url);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("why");
        QTest::newRow("empty") << QString() << 1 << u"a URL is required"_s;
        QTest::newRow("blank") << u"   "_s << 1 << u"a URL is required"_s;
        QTest::newRow("no scheme") << u"worker.example.org"_s << 1 << u"must start with https://"_s;
        QTest::newRow("ftp") << u"ftp://worker.example.org"_s << 1 << u"must start with https://"_s;
        QTest::newRow("http remote") << u"http://worker.example.org:8080"_s << 1
                                     << u"use https:// for worker.example.org: the worker token"_s;
        QTest::newRow("http lan ip") << u"http://10.0.0.7"_s << 1 << u"use https:// for 10.0.0.7"_s;
        QTest::newRow("http localhost lookalike")
            << u"http://localhost.example.org"_s << 1 << u"use https:// for localhost.example.org"_s;
        QTest::newRow("no host") << u"https://"_s << 9 << u"a host is missing"_s;
        QTest::newRow("no host path") << u"https:///x"_s << 9 << u"a host is missing"_s;
        QTest::newRow("user info") << u"https://bob:pw@worker.example.org"_s << 9
                                   << u"user name or password"_s;
        QTest::newRow("bad host char") << u"https://work_er.example.org"_s << 13 << u"'_' cannot be part"_s;
        QTest::newRow("leading dot") << u"https://.example.org"_s << 9 << u"cannot start with '.'"_s;
        QTest::newRow("empty host before port") << u"https://:8443"_s << 9 << u"host is missing before"_s;
        QTest::newRow("empty port") << u"https://w.example.org:"_s << 23 << u"port is missing"_s;
        QTest::newRow("port letters") << u"https://w.example.org:84x3"_s << 25 << u"a port is a number"_s;
        QTest::newRow("port zero") << u"https://w.example.org:0"_s << 23 << u"from 1 to 65535"_s;
        QTest::newRow("port too big") << u"https://w.example.org:65536"_s << 23 << u"from 1 to 65535"_s;
        QTest::newRow("ipv6 unclosed") << u"https://[::1"_s << 13 << u"closing ']'"_s;
        QTest::newRow("ipv6 bad char") << u"https://[::g]"_s << 12 << u"'g' cannot be part of an IPv6"_s;
        QTest::newRow("ipv6 junk") << u"https://[1:2:3]"_s << 10 << u"not a valid IPv6"_s;
        QTest::newRow("query") << u"https://w.example.org/api?x=1"_s << 26 << u"no query or fragment"_s;
        QTest::newRow("fragment") << u"https://w.example.org#top"_s << 22 << u"no query or fragment"_s;
        QTest::newRow("blank in path") << u"https://w.example.org/a b"_s << 24 << u"blanks and control"_s;
    }

    void invalid()
    {
        QFETCH(QString, url);
        QFETCH(int, column);
        QFETCH(QString, why);
        const auto result = Kiln::validateWorkerUrl(url);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().field, u"URL"_s);
        QVERIFY2(result.error().message.contains(why), qPrintable(result.error().message));
        QCOMPARE(result.error().column, column);
    }

    void loopback_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("localhost") << u"localhost"_s << true;
        QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << true;
        QTest::newRow("127.255.0.9") << u"127.255.0.9"_s << true;
        QTest::newRow("[::1]") << u"[::1]"_s << true;
        QTest::newRow("::1") << u"::1"_s << true;
        QTest::newRow("10.0.0.1") << u"10.0.0.1"_s << false;
        QTest::newRow("128.0.0.1") << u"128.0.0.1"_s << false;
        QTest::newRow("name") << u"worker.example.org"_s << false;
        QTest::newRow("localhost.evil") << u"localhost.evil"_s << false;
        QTest::newRow("empty") << QString() << false;
    }

    void loopback()
    {
        QFETCH(QString, host);
        QFETCH(bool, loopback);
        QCOMPARE(Kiln::isLoopbackHost(host), loopback);
    }
    void form_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QStringList>("fields"); // the fields refused, in order
        QTest::addColumn<QString>("why");        // part of the first message
        QTest::addColumn<int>("column");         // of the first error

        const QString token = u"kw_0123456789abcdef_secret-part_x"_s;
        const QString url = u"https://worker-1.example.org:8443"_s;
        QTest::newRow("valid") << u"worker-1"_s << url << token << QString() << QStringList() << QString()
                               << 0;
        QTest::newRow("valid ca, blanks") << u" worker-1 "_s << u" http://127.0.0.1:4000 "_s << u" "_s + token
                                          << u"/etc/kiln/ca.pem"_s << QStringList() << QString() << 0;
        QTest::newRow("empty form") << QString() << QString() << QString() << QString()
                                    << QStringList{u"Name"_s, u"URL"_s, u"Token"_s} << u"a name is required"_s
                                    << 1;
        QTest::newRow("name uppercase")
            << u"Worker"_s << url << token << QString() << QStringList{u"Name"_s} << u"lowercase"_s << 1;
        QTest::newRow("name bad char")
            << u"worker_1"_s << url << token << QString() << QStringList{u"Name"_s} << u"'_'"_s << 7;
        QTest::newRow("url remote http") << u"w"_s << u"http://w.example.org"_s << token << QString()
                                         << QStringList{u"URL"_s} << u"use https://"_s << 1;
        QTest::newRow("token missing") << u"w"_s << url << QString() << QString() << QStringList{u"Token"_s}
                                       << u"a token is required"_s << 1;
        QTest::newRow("token blank inside")
            << u"w"_s << url << u"kw_abc def"_s << QString() << QStringList{u"Token"_s} << u"one word"_s << 7;
        QTest::newRow("token not kw") << u"w"_s << url << u"ghp_abcdef"_s << QString()
                                      << QStringList{u"Token"_s} << u"starts with kw_"_s << 1;
        QTest::newRow("ca relative") << u"w"_s << url << token << u"certs/ca.pem"_s
                                     << QStringList{u"CA file"_s} << u"not an absolute path"_s << 1;
        QTest::newRow("url and ca") << u"w"_s << u"ftp://x"_s << token << u"ca.pem"_s
                                    << QStringList{u"URL"_s, u"CA file"_s} << u"must start with https://"_s
                                    << 1;
    }

    void form()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, token);
        QFETCH(QString, caFile);
        QFETCH(QStringList, fields);
        QFETCH(QString, why);
        QFETCH(int, column);
        const QList<Kiln::ValidationError> errors = Kiln::validateWorkerForm({name, url, token, caFile});
        QStringList refused;
        for (const Kiln::ValidationError &error : errors)
            refused.append(error.field);
        QCOMPARE(refused, fields);
        if (errors.isEmpty())
            return;
        QVERIFY2(errors.first().message.contains(why), qPrintable(errors.first().message));
        QCOMPARE(errors.first().column, column);
        // The token itself never shows in a message.
        for (const Kiln::ValidationError &error : errors)
            QVERIFY(!error.message.contains(u"secret-part"_s));
    }
};

QTEST_APPLESS_MAIN(TestWorkerUrl)
#include "tst_workerurl.moc"
