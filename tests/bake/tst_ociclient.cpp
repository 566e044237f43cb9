#include "ocitesting.h"
#include "registrypush.h"
#include "registryserver.h"
#include "scriptedserver.h"
#include "testsupport.h"
#include "tokenregistry.h"

#include "bake/ociblobs.h"
#include "bake/ociclient.h"
#include "store/registryrepository.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

class tst_OciClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void parsesWwwAuthenticate_data();
    void parsesWwwAuthenticate();
    void findsNextLink_data();
    void findsNextLink();
    void buildsSuggestions();
    void endpointForRegistry();

    void pingsAnonymously();
    void listsRepositoriesAcrossPages();
    void listsTags();
    void unknownRepositoryIsNotFound();
    void suggestsImagesUnderPrefix();

    void basicAuthWithoutCredentials();
    void basicAuthWithWrongPassword();
    void basicAuthWithRightPassword();

    void connectionRefusedAfterRetries();
    void succeedsWhenRegistryStartsLate();
    void invalidJsonNamesUrlAndOffset();
    void retriesServerErrorsNotClientErrors();
    void timesOut();
    void cancelAllFinishesFutures();
    void bearerTokenFlow();
    void tlsFailuresAreNamed();

private:
    std::unique_ptr<RegistryServer> m_registry;
    std::unique_ptr<RegistryServer> m_locked;
    QStringList m_repositories;
};

void tst_OciClient::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!RegistryServer::program().isEmpty(), "docker-registry is not installed");
    m_registry = std::make_unique<RegistryServer>();
    QVERIFY2(m_registry->start(), qPrintable(m_registry->errorString()));
    m_repositories = {u"kiln/alpha"_s, u"kiln/beta"_s, u"kiln/gamma"_s, u"other/delta"_s, u"zeta"_s};
    for (const QString &repository : std::as_const(m_repositories)) {
        const QStringList tags = repository == u"kiln/alpha"_s ? QStringList{u"1.0"_s, u"1.1"_s, u"latest"_s}
                                                               : QStringList{u"v1"_s};
        const QString error = pushImage(m_registry->address(), repository, tags);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    m_locked = std::make_unique<RegistryServer>();
    m_locked->setHtpasswd(kRegistryUser, kRegistryBcrypt);
    QVERIFY2(m_locked->start(), qPrintable(m_locked->errorString()));
    const QByteArray auth = "Basic " + (kRegistryUser + u':' + kRegistryPassword).toUtf8().toBase64();
    const QString error = pushImage(m_locked->address(), u"private/app"_s, {u"2.0"_s, u"2.1"_s}, auth);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_OciClient::parsesWwwAuthenticate_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("realm");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("scope");

    QTest::newRow("basic") << QByteArray(R"(Basic realm="kiln-test")") << true << u"Basic"_s << u"kiln-test"_s
                           << QString() << QString();
    QTest::newRow("docker hub")
        << QByteArray(R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",)"
                      R"(scope="repository:library/ubuntu:pull")")
        << true << u"Bearer"_s << u"https://auth.docker.io/token"_s << u"registry.docker.io"_s
        << u"repository:library/ubuntu:pull"_s;
    QTest::newRow("comma in scope, spaces")
        << QByteArray(R"(Bearer  realm = "https://h/token" , scope="repository:a/b:pull,push", service=reg)")
        << true << u"Bearer"_s << u"https://h/token"_s << u"reg"_s << u"repository:a/b:pull,push"_s;
    QTest::newRow("escaped quote") << QByteArray(R"(Basic realm="say \"hi\"")") << true << u"Basic"_s
                                   << u"say \"hi\""_s << QString() << QString();
    QTest::newRow("names are case-insensitive")
        << QByteArray(R"(bearer REALM="https://h/t",Service="s")") << true << u"bearer"_s << u"https://h/t"_s
        << u"s"_s << QString();
    QTest::newRow("scheme only") << QByteArray("Basic") << true << u"Basic"_s << QString() << QString()
                                 << QString();
    QTest::newRow("empty") << QByteArray("") << false << QString() << QString() << QString() << QString();
    QTest::newRow("no scheme") << QByteArray(R"(realm="x")") << false << QString() << QString() << QString()
                               << QString();
}

void tst_OciClient::parsesWwwAuthenticate()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);
    const auto challenge = parseWwwAuthenticate(header);
    QCOMPARE(challenge.has_value(), valid);
    if (!valid)
        return;
    QTEST(challenge->scheme, "scheme");
    QTEST(challenge->param(u"realm"_s), "realm");
    QTEST(challenge->param(u"service"_s), "service");
    QTEST(challenge->param(u"scope"_s), "scope");
}

void tst_OciClient::findsNextLink_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("target");
    QTest::newRow("registry") << QByteArray(R"(</v2/_catalog?last=b&n=2>; rel="next")")
                              << u"/v2/_catalog?last=b&n=2"_s;
    QTest::newRow("prev first") << QByteArray(R"(</a?x=1>; rel="prev", </b?x=2>; rel="next")") << u"/b?x=2"_s;
    QTest::newRow("unquoted, upper") << QByteArray("<https://h/v2/_catalog?last=z>; REL=next")
                                     << u"https://h/v2/_catalog?last=z"_s;
    QTest::newRow("only prev") << QByteArray(R"(</a>; rel="prev")") << QString();
    QTest::newRow("none") << QByteArray() << QString();
}

void tst_OciClient::findsNextLink()
{
    QFETCH(QByteArray, header);
    QTEST(nextLinkTarget(header), "target");
}

void tst_OciClient::buildsSuggestions()
{
    const QStringList repositories{u"ml/cuda"_s, u"ml/torch"_s, u"mlx/other"_s, u"base"_s, u"ml/empty"_s};
    const QHash<QString, QStringList> tags{{u"ml/cuda"_s, {u"12.4"_s, u"12.1"_s}},
                                           {u"ml/torch"_s, {u"2.3"_s}},
                                           {u"mlx/other"_s, {u"1"_s}},
                                           {u"base"_s, {u"latest"_s}}};
    QCOMPARE(
        imageSuggestions(u"reg:5000/ml"_s, repositories, tags),
        QStringList({u"reg:5000/ml/cuda:12.1"_s, u"reg:5000/ml/cuda:12.4"_s, u"reg:5000/ml/torch:2.3"_s}));
    QCOMPARE(imageSuggestions(u"reg:5000"_s, repositories, tags).size(), 5);
    QCOMPARE(imageSuggestions(u"reg:5000/ml/torch"_s, repositories, tags),
             QStringList({u"reg:5000/ml/torch:2.3"_s}));
}

void tst_OciClient::endpointForRegistry()
{
    Registry registry;
    registry.publicUrl = u"http://127.0.0.1:5000"_s;
    registry.imagePrefix = u"127.0.0.1:5000/kiln"_s;
    registry.tlsVerify = false;
    OciEndpoint endpoint = endpointFor(registry);
    QCOMPARE(endpoint.host, u"127.0.0.1:5000"_s);
    QVERIFY(!endpoint.tls);
    QVERIFY(!endpoint.basic);

    registry.publicUrl = u"https://harbor.example.org"_s;
    registry.imagePrefix = u"harbor.example.org/ml"_s;
    registry.tlsVerify = true;
    registry.customCaFile = u"/etc/kiln/ca.pem"_s;
    endpoint = endpointFor(registry);
    QCOMPARE(endpoint.host, u"harbor.example.org"_s);
    QVERIFY(endpoint.tls);
    QVERIFY(endpoint.verifyPeer);
    QCOMPARE(endpoint.caFile, u"/etc/kiln/ca.pem"_s);
}

void tst_OciClient::pingsAnonymously()
{
    OciClient client;
    const auto ping = await(client.ping(plainEndpoint(m_registry->address())));
    QVERIFY2(ping.ok(), qPrintable(why(ping)));
    QCOMPARE(ping->httpStatus, 200);
    QCOMPARE(ping->apiVersionHeader, u"registry/2.0"_s);
    QVERIFY(!ping->authenticated);
    QVERIFY(ping->latencyMs >= 0);
    QVERIFY(ping->latencyMs < 10000);
}

void tst_OciClient::listsRepositoriesAcrossPages()
{
    // The registry does page: n=2 gives two names and a Link to the rest.
    const auto raw = m_registry->get(u"/v2/_catalog?n=2"_s);
    QCOMPARE(raw.status, 200);
    QCOMPARE(QJsonDocument::fromJson(raw.body).object().value(u"repositories"_s).toArray().size(), 2);
    QVERIFY(!nextLinkTarget(raw.header("Link")).isEmpty());

    OciClient client;
    client.setPageSize(2);
    const auto all = await(client.repositories(plainEndpoint(m_registry->address())));
    QVERIFY2(all.ok(), qPrintable(why(all)));
    QCOMPARE(all.value(), m_repositories);

    const auto three = await(client.repositories(plainEndpoint(m_registry->address()), 3));
    QVERIFY(three.ok());
    QCOMPARE(three.value(), m_repositories.mid(0, 3));

    // More than one page of the default size (100): 120 repositories, two pages.
    RegistryServer many;
    QVERIFY2(many.start(), qPrintable(many.errorString()));
    QStringList names;
    for (int i = 0; i < 120; ++i)
        names.append(u"bulk/repo-%1"_s.arg(i, 3, 10, QChar(u'0')));
    for (const QString &name : std::as_const(names)) {
        const QString error = pushImage(many.address(), name, {u"v1"_s});
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    const auto firstPage = many.get(u"/v2/_catalog?n=100"_s);
    QCOMPARE(QJsonDocument::fromJson(firstPage.body).object().value(u"repositories"_s).toArray().size(), 100);
    OciClient defaults;
    const auto listed = await(defaults.repositories(plainEndpoint(many.address())));
    QVERIFY2(listed.ok(), qPrintable(why(listed)));
    QCOMPARE(listed.value(), names);
}

void tst_OciClient::listsTags()
{
    OciClient client;
    const QStringList pushed{u"1.0"_s, u"1.1"_s, u"latest"_s};
    const auto tags = await(client.tags(plainEndpoint(m_registry->address()), u"kiln/alpha"_s));
    QVERIFY2(tags.ok(), qPrintable(why(tags)));
    QStringList sorted = tags.value(); // in the registry's order, which is not lexical here
    sorted.sort();
    QCOMPARE(sorted, pushed);

    client.setPageSize(2);
    const auto two = await(client.tags(plainEndpoint(m_registry->address()), u"kiln/alpha"_s, 2));
    QVERIFY(two.ok());
    QCOMPARE(two.value().size(), 2);
    for (const QString &tag : two.value())
        QVERIFY(pushed.contains(tag));
}

void tst_OciClient::unknownRepositoryIsNotFound()
{
    OciClient client;
    const auto tags = await(client.tags(plainEndpoint(m_registry->address()), u"kiln/nope"_s));
    QVERIFY(!tags.ok());
    QCOMPARE(tags.error().code, OciError::Code::NotFound);
    QCOMPARE(tags.error().httpStatus, 404);
    const QString message = tags.error().message;
    QVERIFY2(
        message.startsWith(m_registry->address() + u" answered 404 Not Found for /v2/kiln/nope/tags/list"_s),
        qPrintable(message));
    QVERIFY2(message.contains(u"repository name not known"_s), qPrintable(message));
    const auto invalid = await(client.tags(plainEndpoint(m_registry->address()), u"../Kiln"_s));
    QVERIFY(!invalid.ok());
    QVERIFY2(invalid.error().message.contains(u"'../Kiln' is not a repository name"_s),
             qPrintable(invalid.error().message));
}

void tst_OciClient::suggestsImagesUnderPrefix()
{
    OciClient client;
    client.setPageSize(2);
    const QString host = m_registry->address();
    const auto suggestions = await(client.suggestions(plainEndpoint(host), u"kiln"_s));
    QVERIFY2(suggestions.ok(), qPrintable(why(suggestions)));
    QCOMPARE(suggestions.value(), QStringList({host + u"/kiln/alpha:1.0"_s, host + u"/kiln/alpha:1.1"_s,
                                               host + u"/kiln/alpha:latest"_s, host + u"/kiln/beta:v1"_s,
                                               host + u"/kiln/gamma:v1"_s}));
    const auto all = await(client.suggestions(plainEndpoint(host), {}, 50, 1));
    QVERIFY(all.ok());
    QCOMPARE(all.value().size(), 5); // one tag of each repository
}

void tst_OciClient::basicAuthWithoutCredentials()
{
    OciClient client;
    const auto ping = await(client.ping(plainEndpoint(m_locked->address())));
    QVERIFY(!ping.ok());
    QCOMPARE(ping.error().code, OciError::Code::Unauthorized);
    QCOMPARE(ping.error().httpStatus, 401);
    QCOMPARE(ping.error().message,
             m_locked->address() + u" asks for a login (Basic): add credentials to the registry"_s);
}

void tst_OciClient::basicAuthWithWrongPassword()
{
    OciClient client;
    OciEndpoint endpoint = plainEndpoint(m_locked->address());
    endpoint.basic = std::pair{kRegistryUser, kWrongRegistryPassword};
    for (const auto &result :
         {await(client.repositories(endpoint)), await(client.tags(endpoint, u"private/app"_s))}) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, OciError::Code::Unauthorized);
        QVERIFY2(result.error().message.contains(u"refused the login of user 'kiln' (Basic)"_s),
                 qPrintable(result.error().message));
        QVERIFY(!result.error().message.contains(kWrongRegistryPassword));
        QVERIFY(!result.error().message.contains(
            QString::fromLatin1(kWrongRegistryPassword.toUtf8().toBase64())));
    }
}

void tst_OciClient::basicAuthWithRightPassword()
{
    OciClient client;
    OciEndpoint endpoint = plainEndpoint(m_locked->address());
    endpoint.basic = std::pair{kRegistryUser, kRegistryPassword};
    const auto ping = await(client.ping(endpoint));
    QVERIFY2(ping.ok(), qPrintable(why(ping)));
    QCOMPARE(ping->httpStatus, 200);
    QVERIFY(ping->authenticated);
    const auto repositories = await(client.repositories(endpoint));
    QVERIFY2(repositories.ok(), qPrintable(why(repositories)));
    QCOMPARE(repositories.value(), QStringList{u"private/app"_s});
    const auto tags = await(client.tags(endpoint, u"private/app"_s));
    QVERIFY(tags.ok());
    QCOMPARE(tags.value(), QStringList({u"2.0"_s, u"2.1"_s}));
    // An error with the right credentials does not show them either.
    const auto missing = await(client.tags(endpoint, u"private/none"_s));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, OciError::Code::NotFound);
    QVERIFY(!missing.error().message.contains(kRegistryPassword));
}

void tst_OciClient::connectionRefusedAfterRetries()
{
    const int port = freePort();
    QVERIFY(port > 0);
    OciClient client;
    client.setRetryPolicy(3, 200);
    QElapsedTimer timer;
    timer.start();
    const auto ping = await(client.ping(plainEndpoint(u"127.0.0.1:%1"_s.arg(port))));
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!ping.ok());
    QCOMPARE(ping.error().code, OciError::Code::Network);
    QCOMPARE(ping.error().message, u"cannot connect to 127.0.0.1:%1: connection refused"_s.arg(port));
    // Three tries: waits of 200 and 400 ms (plus jitter) between them.
    QVERIFY2(elapsed >= 600, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
}

void tst_OciClient::succeedsWhenRegistryStartsLate()
{
    const int port = freePort();
    QVERIFY(port > 0);
    RegistryServer late;
    late.setPort(port);
    OciClient client;
    client.setRetryPolicy(8, 200); // waits 0.2 + 0.4 + ... + 12.8 s: room for a slow start
    QElapsedTimer timer;
    timer.start();
    auto future = client.ping(plainEndpoint(u"127.0.0.1:%1"_s.arg(port)));
    bool started = false;
    QTimer::singleShot(300, this, [&] { started = late.start(); });
    const auto ping = await(future);
    QVERIFY2(started || late.isRunning(), qPrintable(late.errorString()));
    QVERIFY2(ping.ok(), qPrintable(why(ping)));
    QCOMPARE(ping->httpStatus, 200);
    QVERIFY(timer.elapsed() >= 300); // the first try failed
}

void tst_OciClient::invalidJsonNamesUrlAndOffset()
{
    ScriptedServer server(
        {ScriptedServer::response("200 OK", "application/json", R"({"repositories": ["a", )")});
    OciClient client;
    const auto listed = await(client.repositories(plainEndpoint(server.address())));
    QVERIFY(!listed.ok());
    QCOMPARE(listed.error().code, OciError::Code::Protocol);
    const QString message = listed.error().message;
    QVERIFY2(message.startsWith(u"the answer of http://%1/v2/_catalog is not JSON: "_s.arg(server.address())),
             qPrintable(message));
    QVERIFY2(message.contains(u"at offset 23"_s), qPrintable(message));
    QCOMPARE(server.requests(), 1); // a 200 with a bad body is not retried

    ScriptedServer wrongShape({ScriptedServer::response("200 OK", "application/json", R"({"repos": []})")});
    const auto shaped = await(client.repositories(plainEndpoint(wrongShape.address())));
    QVERIFY(!shaped.ok());
    QVERIFY2(shaped.error().message.contains(u"has no \"repositories\" list"_s),
             qPrintable(shaped.error().message));
}

void tst_OciClient::retriesServerErrorsNotClientErrors()
{
    OciClient client;
    client.setRetryPolicy(3, 50);
    ScriptedServer flaky(
        {ScriptedServer::response("503 Service Unavailable", "application/json", "{}"),
         ScriptedServer::response("200 OK", "application/json", R"({"repositories":["x"]})")});
    const auto listed = await(client.repositories(plainEndpoint(flaky.address())));
    QVERIFY2(listed.ok(), qPrintable(why(listed)));
    QCOMPARE(listed.value(), QStringList{u"x"_s});
    QCOMPARE(flaky.requests(), 2);

    ScriptedServer broken({ScriptedServer::response("500 Internal Server Error", "application/json", "{}")});
    const auto failed = await(client.repositories(plainEndpoint(broken.address())));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, OciError::Code::Network);
    QCOMPARE(failed.error().httpStatus, 500);
    QCOMPARE(broken.requests(), 3);

    ScriptedServer refusing({ScriptedServer::response("400 Bad Request", "application/json", "{}")});
    const auto bad = await(client.repositories(plainEndpoint(refusing.address())));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, OciError::Code::Protocol);
    QCOMPARE(refusing.requests(), 1);
}

void tst_OciClient::timesOut()
{
    ScriptedServer silent({QByteArray()});
    OciClient client;
    client.setTransferTimeout(300);
    client.setRetryPolicy(2, 50);
    QElapsedTimer timer;
    timer.start();
    const auto ping = await(client.ping(plainEndpoint(silent.address())));
    QVERIFY(!ping.ok());
    QCOMPARE(ping.error().code, OciError::Code::Timeout);
    QCOMPARE(ping.error().message, u"%1 did not answer /v2/ within 0.3 s"_s.arg(silent.address()));
    QCOMPARE(silent.requests(), 2);
    QVERIFY(timer.elapsed() >= 600);
}

void tst_OciClient::cancelAllFinishesFutures()
{
    ScriptedServer silent({QByteArray()});
    OciClient client;
    auto ping = client.ping(plainEndpoint(silent.address()));
    auto tags = client.tags(plainEndpoint(silent.address()), u"a/b"_s);
    QVERIFY(QTest::qWaitFor([&silent] { return silent.requests() == 2; }, 5000));
    client.cancelAll();
    const auto first = await(ping, 1000);
    const auto second = await(tags, 1000);
    QVERIFY(!first.ok());
    QCOMPARE(first.error().code, OciError::Code::Cancelled);
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, OciError::Code::Cancelled);
    QVERIFY(second.error().message.contains(silent.address()));
}

void tst_OciClient::bearerTokenFlow()
{
    TokenRegistry registry(kRegistryUser, kRegistryPassword);
    QString error;
    QVERIFY2(registry.start(&error), qPrintable(error));
    TokenIssuer &issuer = registry.issuer();
    const QString address = registry.address();
    const QString pushed = pushImage(address, u"team/app"_s, {u"3.0"_s},
                                     "Bearer " + issuer.mint(u"repository:team/app:pull,push"_s));
    QVERIFY2(pushed.isEmpty(), qPrintable(pushed));

    OciClient client;
    const auto anonymous = await(client.repositories(plainEndpoint(address)));
    QVERIFY(!anonymous.ok());
    QCOMPARE(anonymous.error().code, OciError::Code::Unauthorized);
    QVERIFY2(anonymous.error().message.startsWith(address + u" asks for a login (Bearer, token service"_s),
             qPrintable(anonymous.error().message));

    OciEndpoint endpoint = plainEndpoint(address);
    endpoint.basic = std::pair{kRegistryUser, kWrongRegistryPassword};
    const auto wrong = await(client.repositories(endpoint));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, OciError::Code::Unauthorized);
    QVERIFY2(wrong.error().message.contains(u"refused the login of user 'kiln'"_s),
             qPrintable(wrong.error().message));
    QVERIFY(!wrong.error().message.contains(kWrongRegistryPassword));

    endpoint.basic = std::pair{kRegistryUser, kRegistryPassword};
    const auto ping = await(client.ping(endpoint));
    QVERIFY2(ping.ok(), qPrintable(why(ping)));
    QVERIFY(ping->authenticated);
    const auto repositories = await(client.repositories(endpoint));
    QVERIFY2(repositories.ok(), qPrintable(why(repositories)));
    QCOMPARE(repositories.value(), QStringList{u"team/app"_s});
    const auto tags = await(client.tags(endpoint, u"team/app"_s));
    QVERIFY2(tags.ok(), qPrintable(why(tags)));
    QCOMPARE(tags.value(), QStringList{u"3.0"_s});
    // The catalogue token is cached: listing again asks the issuer nothing.
    const int issued = issuer.requests();
    QVERIFY(await(client.repositories(endpoint)).ok());
    QCOMPARE(issuer.requests(), issued);

    // Manifests and blobs go through the same tokens (scope repository:team/app:pull).
    OciBlobs blobs(&client);
    const auto image = await(blobs.manifest(endpoint, u"team/app"_s, u"3.0"_s));
    QVERIFY2(image.ok(), qPrintable(why(image)));
    const auto imageConfig = await(blobs.imageConfig(endpoint, u"team/app"_s, image->manifest.config));
    QVERIFY2(imageConfig.ok(), qPrintable(why(imageConfig)));
    QCOMPARE(imageConfig->architecture, u"amd64"_s);
    const auto anonymousManifest = await(blobs.manifest(plainEndpoint(address), u"team/app"_s, u"3.0"_s));
    QVERIFY(!anonymousManifest.ok());
    QCOMPARE(anonymousManifest.error().code, OciError::Code::Unauthorized);
}

void tst_OciClient::tlsFailuresAreNamed()
{
    OciClient client;
    OciEndpoint endpoint = plainEndpoint(m_registry->address());
    endpoint.tls = true; // a plain-HTTP registry does not speak TLS
    const auto handshake = await(client.ping(endpoint));
    QVERIFY(!handshake.ok());
    QCOMPARE(handshake.error().code, OciError::Code::Tls);
    QVERIFY2(handshake.error().message.startsWith(u"TLS handshake with %1 failed: "_s.arg(endpoint.host)),
             qPrintable(handshake.error().message));
    endpoint.caFile = u"/nonexistent/ca.pem"_s;
    const auto ca = await(client.ping(endpoint));
    QVERIFY(!ca.ok());
    QCOMPARE(ca.error().code, OciError::Code::Tls);
    QCOMPARE(ca.error().message,
             u"the CA file /nonexistent/ca.pem of %1 holds no readable PEM certificate"_s.arg(endpoint.host));
}

QTEST_GUILESS_MAIN(tst_OciClient)
#include "tst_ociclient.moc"
