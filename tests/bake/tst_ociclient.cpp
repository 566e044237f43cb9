#include "registryserver.h"
#include "testsupport.h"

#include "bake/ociclient.h"
#include "store/registryrepository.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

const QString kUser = u"kiln"_s;
const QString kRightPassword = u"kiln-right-password"_s;
const QString kWrongPassword = u"kiln-WRONG-password-4711"_s;
const QString kBcrypt = u"$2b$04$2ldOZrXphPZiSEGnVU4gGuaNvJ7mII1dOK.nsjVPlOQoqqhnnOUJO"_s;

template <typename T>
Result<T, OciError> await(QFuture<Result<T, OciError>> future, int timeoutMs = 60000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs))
        return OciError{OciError::Code::Cancelled, u"the test gave up waiting"_s, 0};
    return future.result();
}

template <typename T>
QString why(const Result<T, OciError> &result)
{
    return result.ok() ? QString() : result.error().message;
}

OciEndpoint plain(const QString &address)
{
    OciEndpoint endpoint;
    endpoint.host = address;
    endpoint.tls = false;
    return endpoint;
}

// A synchronous request through the registry API, to push test content.
struct Http
{
    int status = 0;
    QByteArray body;
    QByteArray location;
};

Http request(const QByteArray &verb, const QUrl &url, const QByteArray &auth,
             const QByteArray &contentType = {}, const QByteArray &body = {})
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest req(url);
    if (!auth.isEmpty())
        req.setRawHeader("Authorization", auth);
    if (!contentType.isEmpty())
        req.setRawHeader("Content-Type", contentType);
    std::unique_ptr<QNetworkReply> reply(manager.sendCustomRequest(req, verb, body));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 20000))
        reply->abort();
    Http out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.location = reply->rawHeader("Location");
    return out;
}

QByteArray digestOf(const QByteArray &data)
{
    return "sha256:" + QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// Pushes an OCI image (a config blob, no layers) under each tag, through the real API.
QString pushImage(const QString &address, const QString &repository, const QStringList &tags,
                  const QByteArray &auth = {})
{
    const QUrl base(u"http://"_s + address);
    const QByteArray config =
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
    const QByteArray configDigest = digestOf(config);
    const Http started =
        request("POST", base.resolved(QUrl(u"/v2/"_s + repository + u"/blobs/uploads/"_s)), auth);
    if (started.status != 202)
        return u"upload start answered %1: %2"_s.arg(started.status).arg(QString::fromUtf8(started.body));
    QUrl upload = base.resolved(QUrl(QString::fromLatin1(started.location)));
    QString query = upload.query();
    upload.setQuery(query + (query.isEmpty() ? u""_s : u"&"_s) + u"digest="_s +
                    QString::fromLatin1(configDigest));
    const Http put = request("PUT", upload, auth, "application/octet-stream", config);
    if (put.status != 201)
        return u"blob upload answered %1: %2"_s.arg(put.status).arg(QString::fromUtf8(put.body));
    const QJsonObject manifest{
        {u"schemaVersion"_s, 2},
        {u"mediaType"_s, u"application/vnd.oci.image.manifest.v1+json"_s},
        {u"config"_s, QJsonObject{{u"mediaType"_s, u"application/vnd.oci.image.config.v1+json"_s},
                                  {u"digest"_s, QString::fromLatin1(configDigest)},
                                  {u"size"_s, config.size()}}},
        {u"layers"_s, QJsonArray()},
    };
    const QByteArray manifestBytes = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    for (const QString &tag : tags) {
        const Http pushed =
            request("PUT", base.resolved(QUrl(u"/v2/"_s + repository + u"/manifests/"_s + tag)), auth,
                    "application/vnd.oci.image.manifest.v1+json", manifestBytes);
        if (pushed.status != 201)
            return u"manifest %1 answered %2: %3"_s.arg(tag)
                .arg(pushed.status)
                .arg(QString::fromUtf8(pushed.body));
    }
    return {};
}

// Injects faults a real registry cannot produce on demand: each connection gets the
// next canned answer (the last one repeats); an empty answer is never sent.
class FaultServer : public QObject
{
public:
    explicit FaultServer(QList<QByteArray> answers)
        : m_answers(std::move(answers))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_buffers[socket] += socket->readAll();
                    if (!m_buffers[socket].contains("\r\n\r\n"))
                        return;
                    const QByteArray answer = m_answers.at(qMin(m_requests, int(m_answers.size()) - 1));
                    ++m_requests;
                    if (answer.isEmpty())
                        return;
                    socket->write(answer);
                    socket->disconnectFromHost();
                });
            }
        });
    }
    QString address() const { return u"127.0.0.1:%1"_s.arg(m_server.serverPort()); }
    int requests() const { return m_requests; }

    static QByteArray http(const QByteArray &status, const QByteArray &body)
    {
        return "HTTP/1.1 " + status +
               "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
               "\r\nConnection: close\r\n\r\n" + body;
    }

private:
    QTcpServer m_server;
    QList<QByteArray> m_answers;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_requests = 0;
};

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A token issuer as docker-registry's `auth: token` expects one: RS256 JWTs carrying
// (x5c) a self-signed certificate, made with the openssl command line, that the
// registry trusts (rootcertbundle). Grants every scope asked for with the right login.
class TokenIssuer : public QObject
{
public:
    bool setUp(const QString &dir, QString *error)
    {
        m_key = dir + u"/key.pem"_s;
        m_cert = dir + u"/cert.pem"_s;
        QProcess openssl;
        openssl.start(u"openssl"_s,
                      {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, m_key,
                       u"-out"_s, m_cert, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=kiln-token-issuer"_s});
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
            *error = u"openssl req failed: "_s + QString::fromLocal8Bit(openssl.readAllStandardError());
            return false;
        }
        QFile cert(m_cert);
        if (!cert.open(QIODevice::ReadOnly)) {
            *error = u"cannot read "_s + m_cert;
            return false;
        }
        for (const QByteArray &line : cert.readAll().split('\n')) {
            if (!line.startsWith("-----"))
                m_x5c += line.trimmed();
        }
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost, 0)) {
            *error = m_server.errorString();
            return false;
        }
        return true;
    }
    QString certificatePath() const { return m_cert; }
    QString realm() const { return u"http://127.0.0.1:%1/token"_s.arg(m_server.serverPort()); }
    int requests() const { return m_requests; }

    // A token for `scope` ("repository:a/b:pull,push registry:catalog:*").
    QByteArray mint(const QString &scope) const
    {
        QJsonArray access;
        for (const QString &item : scope.split(u' ', Qt::SkipEmptyParts)) {
            const qsizetype first = item.indexOf(u':');
            const qsizetype last = item.lastIndexOf(u':');
            access.append(
                QJsonObject{{u"type"_s, item.left(first)},
                            {u"name"_s, item.mid(first + 1, last - first - 1)},
                            {u"actions"_s, QJsonArray::fromStringList(item.mid(last + 1).split(u','))}});
        }
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QJsonObject header{
            {u"typ"_s, u"JWT"_s}, {u"alg"_s, u"RS256"_s}, {u"x5c"_s, QJsonArray{QString::fromLatin1(m_x5c)}}};
        const QJsonObject claims{
            {u"iss"_s, u"kiln-test-issuer"_s},
            {u"sub"_s, kUser},
            {u"aud"_s, u"kiln-registry"_s},
            {u"exp"_s, now + 300},
            {u"nbf"_s, now - 10},
            {u"iat"_s, now - 10},
            {u"jti"_s, QString(QString::number(now) + u'-' + QString::number(m_requests))},
            {u"access"_s, access}};
        const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                                 base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        QProcess openssl;
        openssl.start(u"openssl"_s, {u"dgst"_s, u"-sha256"_s, u"-sign"_s, m_key});
        openssl.write(input);
        openssl.closeWriteChannel();
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
            return {};
        return input + '.' + base64Url(openssl.readAllStandardOutput());
    }

private:
    void answer(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        ++m_requests;
        const QList<QByteArray> lines = buffer.left(buffer.indexOf("\r\n\r\n")).split('\n');
        const QUrl url(QString::fromLatin1(lines.first().split(' ').value(1)));
        QByteArray auth;
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("authorization:"))
                auth = line.mid(14).trimmed();
        }
        const QByteArray right = "Basic " + (kUser + u':' + kRightPassword).toUtf8().toBase64();
        QByteArray body;
        if (auth == right) {
            const QString scope = QUrlQuery(url).queryItemValue(u"scope"_s, QUrl::FullyDecoded);
            body = QJsonDocument(QJsonObject{{u"access_token"_s, QString::fromLatin1(mint(scope))},
                                             {u"expires_in"_s, 300}})
                       .toJson(QJsonDocument::Compact);
            socket->write(FaultServer::http("200 OK", body));
        } else {
            socket->write(FaultServer::http("401 Unauthorized", R"({"details":"bad credentials"})"));
        }
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QString m_key;
    QString m_cert;
    QByteArray m_x5c;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_requests = 0;
};
} // namespace

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
    m_locked->setHtpasswd(kUser, kBcrypt);
    QVERIFY2(m_locked->start(), qPrintable(m_locked->errorString()));
    const QByteArray auth = "Basic " + (kUser + u':' + kRightPassword).toUtf8().toBase64();
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
    const auto ping = await(client.ping(plain(m_registry->address())));
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
    const auto all = await(client.repositories(plain(m_registry->address())));
    QVERIFY2(all.ok(), qPrintable(why(all)));
    QCOMPARE(all.value(), m_repositories);

    const auto three = await(client.repositories(plain(m_registry->address()), 3));
    QVERIFY(three.ok());
    QCOMPARE(three.value(), m_repositories.mid(0, 3));
}

void tst_OciClient::listsTags()
{
    OciClient client;
    const QStringList pushed{u"1.0"_s, u"1.1"_s, u"latest"_s};
    const auto tags = await(client.tags(plain(m_registry->address()), u"kiln/alpha"_s));
    QVERIFY2(tags.ok(), qPrintable(why(tags)));
    QStringList sorted = tags.value(); // in the registry's order, which is not lexical here
    sorted.sort();
    QCOMPARE(sorted, pushed);

    client.setPageSize(2);
    const auto two = await(client.tags(plain(m_registry->address()), u"kiln/alpha"_s, 2));
    QVERIFY(two.ok());
    QCOMPARE(two.value().size(), 2);
    for (const QString &tag : two.value())
        QVERIFY(pushed.contains(tag));
}

void tst_OciClient::unknownRepositoryIsNotFound()
{
    OciClient client;
    const auto tags = await(client.tags(plain(m_registry->address()), u"kiln/nope"_s));
    QVERIFY(!tags.ok());
    QCOMPARE(tags.error().code, OciError::Code::NotFound);
    QCOMPARE(tags.error().httpStatus, 404);
    const QString message = tags.error().message;
    QVERIFY2(
        message.startsWith(m_registry->address() + u" answered 404 Not Found for /v2/kiln/nope/tags/list"_s),
        qPrintable(message));
    QVERIFY2(message.contains(u"repository name not known"_s), qPrintable(message));
    const auto invalid = await(client.tags(plain(m_registry->address()), u"../Kiln"_s));
    QVERIFY(!invalid.ok());
    QVERIFY2(invalid.error().message.contains(u"'../Kiln' is not a repository name"_s),
             qPrintable(invalid.error().message));
}

void tst_OciClient::suggestsImagesUnderPrefix()
{
    OciClient client;
    client.setPageSize(2);
    const QString host = m_registry->address();
    const auto suggestions = await(client.suggestions(plain(host), u"kiln"_s));
    QVERIFY2(suggestions.ok(), qPrintable(why(suggestions)));
    QCOMPARE(suggestions.value(), QStringList({host + u"/kiln/alpha:1.0"_s, host + u"/kiln/alpha:1.1"_s,
                                               host + u"/kiln/alpha:latest"_s, host + u"/kiln/beta:v1"_s,
                                               host + u"/kiln/gamma:v1"_s}));
    const auto all = await(client.suggestions(plain(host), {}, 50, 1));
    QVERIFY(all.ok());
    QCOMPARE(all.value().size(), 5); // one tag of each repository
}

void tst_OciClient::basicAuthWithoutCredentials()
{
    OciClient client;
    const auto ping = await(client.ping(plain(m_locked->address())));
    QVERIFY(!ping.ok());
    QCOMPARE(ping.error().code, OciError::Code::Unauthorized);
    QCOMPARE(ping.error().httpStatus, 401);
    QCOMPARE(ping.error().message,
             m_locked->address() + u" asks for a login (Basic): add credentials to the registry"_s);
}

void tst_OciClient::basicAuthWithWrongPassword()
{
    OciClient client;
    OciEndpoint endpoint = plain(m_locked->address());
    endpoint.basic = std::pair{kUser, kWrongPassword};
    for (const auto &result :
         {await(client.repositories(endpoint)), await(client.tags(endpoint, u"private/app"_s))}) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, OciError::Code::Unauthorized);
        QVERIFY2(result.error().message.contains(u"refused the login of user 'kiln' (Basic)"_s),
                 qPrintable(result.error().message));
        QVERIFY(!result.error().message.contains(kWrongPassword));
        QVERIFY(!result.error().message.contains(QString::fromLatin1(kWrongPassword.toUtf8().toBase64())));
    }
}

void tst_OciClient::basicAuthWithRightPassword()
{
    OciClient client;
    OciEndpoint endpoint = plain(m_locked->address());
    endpoint.basic = std::pair{kUser, kRightPassword};
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
    QVERIFY(!missing.error().message.contains(kRightPassword));
}

void tst_OciClient::connectionRefusedAfterRetries()
{
    const int port = freePort();
    QVERIFY(port > 0);
    OciClient client;
    client.setRetryPolicy(3, 200);
    QElapsedTimer timer;
    timer.start();
    const auto ping = await(client.ping(plain(u"127.0.0.1:%1"_s.arg(port))));
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
    auto future = client.ping(plain(u"127.0.0.1:%1"_s.arg(port)));
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
    FaultServer server({FaultServer::http("200 OK", R"({"repositories": ["a", )")});
    OciClient client;
    const auto listed = await(client.repositories(plain(server.address())));
    QVERIFY(!listed.ok());
    QCOMPARE(listed.error().code, OciError::Code::Protocol);
    const QString message = listed.error().message;
    QVERIFY2(message.startsWith(u"the answer of http://%1/v2/_catalog is not JSON: "_s.arg(server.address())),
             qPrintable(message));
    QVERIFY2(message.contains(u"at offset 23"_s), qPrintable(message));
    QCOMPARE(server.requests(), 1); // a 200 with a bad body is not retried

    FaultServer wrongShape({FaultServer::http("200 OK", R"({"repos": []})")});
    const auto shaped = await(client.repositories(plain(wrongShape.address())));
    QVERIFY(!shaped.ok());
    QVERIFY2(shaped.error().message.contains(u"has no \"repositories\" list"_s),
             qPrintable(shaped.error().message));
}

void tst_OciClient::retriesServerErrorsNotClientErrors()
{
    OciClient client;
    client.setRetryPolicy(3, 50);
    FaultServer flaky({FaultServer::http("503 Service Unavailable", "{}"),
                       FaultServer::http("200 OK", R"({"repositories":["x"]})")});
    const auto listed = await(client.repositories(plain(flaky.address())));
    QVERIFY2(listed.ok(), qPrintable(why(listed)));
    QCOMPARE(listed.value(), QStringList{u"x"_s});
    QCOMPARE(flaky.requests(), 2);

    FaultServer broken({FaultServer::http("500 Internal Server Error", "{}")});
    const auto failed = await(client.repositories(plain(broken.address())));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, OciError::Code::Network);
    QCOMPARE(failed.error().httpStatus, 500);
    QCOMPARE(broken.requests(), 3);

    FaultServer refusing({FaultServer::http("400 Bad Request", "{}")});
    const auto bad = await(client.repositories(plain(refusing.address())));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, OciError::Code::Protocol);
    QCOMPARE(refusing.requests(), 1);
}

void tst_OciClient::timesOut()
{
    FaultServer silent({QByteArray()});
    OciClient client;
    client.setTransferTimeout(300);
    client.setRetryPolicy(2, 50);
    QElapsedTimer timer;
    timer.start();
    const auto ping = await(client.ping(plain(silent.address())));
    QVERIFY(!ping.ok());
    QCOMPARE(ping.error().code, OciError::Code::Timeout);
    QCOMPARE(ping.error().message, u"%1 did not answer /v2/ within 0.3 s"_s.arg(silent.address()));
    QCOMPARE(silent.requests(), 2);
    QVERIFY(timer.elapsed() >= 600);
}

void tst_OciClient::cancelAllFinishesFutures()
{
    FaultServer silent({QByteArray()});
    OciClient client;
    auto ping = client.ping(plain(silent.address()));
    auto tags = client.tags(plain(silent.address()), u"a/b"_s);
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
    QTemporaryDir dir(QDir::tempPath() + u"/kiln-oci-token-XXXXXX"_s);
    QVERIFY(dir.isValid());
    TokenIssuer issuer;
    QString error;
    QVERIFY2(issuer.setUp(dir.path(), &error), qPrintable(error));

    // docker-registry with token auth (RegistryServer waits for a 200 that token auth never gives).
    const QString address = u"127.0.0.1:%1"_s.arg(freePort());
    const QString config = u"version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: true\n"
                           "storage:\n  filesystem:\n    rootdirectory: %1/storage\n"
                           "http:\n  addr: %2\n  secret: kiln-test\n"
                           "auth:\n  token:\n    realm: %3\n    service: kiln-registry\n"
                           "    issuer: kiln-test-issuer\n    rootcertbundle: %4\n"_s.arg(
                               dir.path(), address, issuer.realm(), issuer.certificatePath());
    QFile file(dir.filePath(u"config.yml"_s));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(config.toUtf8()) > 0);
    file.close();
    auto registry = std::make_unique<QProcess>();
    registry->setStandardOutputFile(dir.filePath(u"registry.log"_s));
    registry->setStandardErrorFile(dir.filePath(u"registry.log"_s), QIODevice::Append);
    registry->start(RegistryServer::program(), {u"serve"_s, file.fileName()});
    QVERIFY(registry->waitForStarted());
    startWatchdog(dir.path(), u"kill -9 %1 2>/dev/null"_s.arg(registry->processId()));
    QVERIFY2(waitForHttp(registry, u"docker-registry"_s, address, u"/v2/"_s, 401, 30000, &error),
             qPrintable(error));
    auto stop = qScopeGuard([&registry] { stopProcess(registry); });
    const QString pushed = pushImage(address, u"team/app"_s, {u"3.0"_s},
                                     "Bearer " + issuer.mint(u"repository:team/app:pull,push"_s));
    QVERIFY2(pushed.isEmpty(), qPrintable(pushed));

    OciClient client;
    const auto anonymous = await(client.repositories(plain(address)));
    QVERIFY(!anonymous.ok());
    QCOMPARE(anonymous.error().code, OciError::Code::Unauthorized);
    QVERIFY2(anonymous.error().message.startsWith(address + u" asks for a login (Bearer, token service"_s),
             qPrintable(anonymous.error().message));

    OciEndpoint endpoint = plain(address);
    endpoint.basic = std::pair{kUser, kWrongPassword};
    const auto wrong = await(client.repositories(endpoint));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, OciError::Code::Unauthorized);
    QVERIFY2(wrong.error().message.contains(u"refused the login of user 'kiln'"_s),
             qPrintable(wrong.error().message));
    QVERIFY(!wrong.error().message.contains(kWrongPassword));

    endpoint.basic = std::pair{kUser, kRightPassword};
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
}

void tst_OciClient::tlsFailuresAreNamed()
{
    OciClient client;
    OciEndpoint endpoint = plain(m_registry->address());
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
