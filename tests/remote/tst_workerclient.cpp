// kiln-test-properties: TIMEOUT 600
#include "layerbuilder.h"
#include "remote/workerclient.h"
#include "scriptedserver.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QProcess>
#include <QSslKey>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;
using KilnTest::ScriptedServer;

namespace {

const QByteArray kToken = "kw_0011aabb_TopSecretTokenValue";

WorkerEndpoint endpointOf(const ScriptedServer &server, const QByteArray &token = kToken)
{
    return WorkerEndpoint{u"w1"_s, QUrl(u"http://"_s + server.address()), token, {}};
}

QByteArray json(const QByteArray &status, const QByteArray &body)
{
    return ScriptedServer::response(status, "application/json", body);
}

QString sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

template <typename T>
T await(QFuture<T> future, int timeoutMs = 20000)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        qFatal("the future did not finish");
    return future.result();
}

WorkerRequest get(const QString &path, int timeoutMs = 0)
{
    WorkerRequest r;
    r.path = path;
    r.timeoutMs = timeoutMs;
    return r;
}

} // namespace

// The transport of WorkerClient against faults a real kiln-worker cannot produce on
// demand (a hang, a reset, broken JSON, a 500 once); the error mapping as a pure function.
class TestWorkerClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void describeFailure_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("apiCode");
        QTest::newRow("refused") << int(QNetworkReply::ConnectionRefusedError) << 0 << QByteArray()
                                 << int(WorkerError::Code::Network)
                                 << u"cannot connect to w1: connection refused"_s << QString();
        QTest::newRow("unknown host")
            << int(QNetworkReply::HostNotFoundError) << 0 << QByteArray() << int(WorkerError::Code::Network)
            << u"cannot connect to w1: the host name is not known"_s << QString();
        QTest::newRow("closed") << int(QNetworkReply::RemoteHostClosedError) << 0 << QByteArray()
                                << int(WorkerError::Code::Network)
                                << u"w1 closed the connection before answering GET /api/v1/images"_s
                                << QString();
        QTest::newRow("timeout") << int(QNetworkReply::OperationCanceledError) << 0 << QByteArray()
                                 << int(WorkerError::Code::Timeout)
                                 << u"w1 did not answer GET /api/v1/images within 2.5 s"_s << QString();
        QTest::newRow("tls") << int(QNetworkReply::SslHandshakeFailedError) << 0 << QByteArray()
                             << int(WorkerError::Code::Tls)
                             << u"TLS handshake with w1 failed: The issuer certificate could not be found"_s
                             << QString();
        QTest::newRow("404 envelope")
            << int(QNetworkReply::ContentNotFoundError) << 404
            << QByteArray(R"({"success":false,"error":{"code":"not_found","message":"no image named cuda"}})")
            << int(WorkerError::Code::NotFound)
            << u"w1 answered 404 Not Found for GET /api/v1/images: no image named cuda (not_found)"_s
            << u"not_found"_s;
        QTest::newRow("401")
            << int(QNetworkReply::AuthenticationRequiredError) << 401
            << QByteArray(R"({"success":false,"error":{"code":"unauthorized","message":"bad token"}})")
            << int(WorkerError::Code::Unauthorized)
            << u"w1 answered 401 Unauthorized for GET /api/v1/images: bad token (unauthorized)"_s
            << u"unauthorized"_s;
        QTest::newRow("403")
            << int(QNetworkReply::ContentAccessDenied) << 403
            << QByteArray(R"({"success":false,"error":{"code":"forbidden","message":"needs images:read"}})")
            << int(WorkerError::Code::Forbidden)
            << u"w1 answered 403 Forbidden for GET /api/v1/images: needs images:read (forbidden)"_s
            << u"forbidden"_s;
        QTest::newRow("409") << int(QNetworkReply::ContentConflictError) << 409
                             << QByteArray(
                                    R"({"success":false,"error":{"code":"conflict","message":"busy"}})")
                             << int(WorkerError::Code::Rejected)
                             << u"w1 answered 409 Conflict for GET /api/v1/images: busy (conflict)"_s
                             << u"conflict"_s;
        QTest::newRow("500 html") << int(QNetworkReply::InternalServerError) << 500
                                  << QByteArray("<html>oops</html>") << int(WorkerError::Code::Server)
                                  << u"w1 answered 500 Internal Server Error for GET /api/v1/images"_s
                                  << QString();
    }

    void describeFailure()
    {
        QFETCH(int, error);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(QString, message);
        QFETCH(QString, apiCode);
        WorkerFailure failure;
        failure.worker = u"w1"_s;
        failure.method = "GET";
        failure.path = u"/api/v1/images"_s;
        failure.error = QNetworkReply::NetworkError(error);
        failure.status = status;
        failure.errorString = u"The issuer certificate could not be found"_s;
        failure.body = body;
        failure.timeoutMs = 2500;
        const WorkerError e = describeWorkerFailure(failure);
        QCOMPARE(int(e.code), code);
        QCOMPARE(e.message, message);
        QCOMPARE(e.apiCode, apiCode);
        QCOMPARE(e.httpStatus, status);
    }

    void describeParseError()
    {
        WorkerFailure failure;
        failure.worker = u"w1"_s;
        failure.method = "GET";
        failure.path = u"/api/v1/info"_s;
        failure.status = 200;
        QJsonParseError parseError;
        QJsonDocument::fromJson("{\"success\": tru}", &parseError);
        failure.parseError = parseError;
        const WorkerError e = describeWorkerFailure(failure);
        QCOMPARE(describeWorkerFailure({u"w1"_s,
                                        "PUT",
                                        u"/api/v1/images/x"_s,
                                        QNetworkReply::NoError,
                                        0,
                                        {},
                                        {},
                                        {},
                                        0,
                                        std::nullopt,
                                        {},
                                        true})
                     .message,
                 u"w1: PUT /api/v1/images/x was cancelled"_s);
        QCOMPARE(e.code, WorkerError::Code::Protocol);
        QCOMPARE(e.message, u"w1 answered GET /api/v1/info with JSON that cannot be read: %1 at offset %2"_s
                                .arg(parseError.errorString())
                                .arg(parseError.offset));
        QVERIFY(parseError.offset > 0);
    }

    void successAndBearer()
    {
        ScriptedServer server(
            {json("200 OK", R"({"success":true,"data":{"status":"ok","version":"0.1.0"}})")});
        QVERIFY(server.isListening());
        WorkerClient client;
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/health"_s)));
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message));
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->data.toObject().value(u"version"_s).toString(), u"0.1.0"_s);
        QCOMPARE(server.header(0, "Authorization"), QByteArray("Bearer " + kToken));
        QVERIFY(server.heads().at(0).startsWith("GET /api/v1/health HTTP/1.1"));
        QCOMPARE(client.activeRequests(), 0);
    }

    void basePathAndQuery()
    {
        ScriptedServer server({json("200 OK", R"({"success":true,"data":null})")});
        WorkerClient client;
        WorkerEndpoint endpoint = endpointOf(server, {});
        endpoint.baseUrl = QUrl(u"http://"_s + server.address() + u"/proxy/w1/"_s);
        QVERIFY(await(client.send(endpoint, get(u"/api/v1/jobs/7/log?tail=5"_s))).ok());
        QVERIFY2(server.heads().at(0).startsWith("GET /proxy/w1/api/v1/jobs/7/log?tail=5 HTTP/1.1"),
                 server.heads().at(0).constData());
        QVERIFY(server.header(0, "Authorization").isEmpty()); // no token: no header
    }

    void hungServerTimesOut()
    {
        ScriptedServer server({QByteArray()}); // never answers
        WorkerClient client;
        client.setRetryPolicy(1, 10);
        QElapsedTimer clock;
        clock.start();
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/info"_s, 400)));
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, WorkerError::Code::Timeout);
        QCOMPARE(reply.error().message, u"w1 did not answer GET /api/v1/info within 0.4 s"_s);
        QVERIFY2(clock.elapsed() < 3000, QByteArray::number(clock.elapsed()).constData());
        QVERIFY(!reply.error().message.contains(QString::fromLatin1(kToken)));
    }

    void timeoutIsRetriedForGet()
    {
        ScriptedServer server({QByteArray(), json("200 OK", R"({"success":true,"data":[]})")});
        WorkerClient client;
        client.setRetryPolicy(3, 10);
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/images"_s, 300)));
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message));
        QCOMPARE(server.requests(), 2);
    }

    void connectionReset()
    {
        ScriptedServer server([](int, const QByteArray &, QTcpSocket *socket) { socket->abort(); });
        WorkerClient client;
        client.setRetryPolicy(2, 10);
        // QNetworkAccessManager itself sends an idempotent request once more when a
        // connection closes before any answer; each of our 2 tries is 1 or 2 requests.
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/images"_s)));
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, WorkerError::Code::Network);
        QCOMPARE(reply.error().message, u"w1 closed the connection before answering GET /api/v1/images"_s);
        QVERIFY2(server.requests() >= 2 && server.requests() <= 4,
                 QByteArray::number(server.requests()).constData());
    }

    void badJson()
    {
        const QByteArray body = R"({"success":true,"data":[{"name":"a"},]})";
        ScriptedServer server({json("200 OK", body)});
        WorkerClient client;
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/images"_s)));
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, WorkerError::Code::Protocol);
        QJsonParseError expected;
        QJsonDocument::fromJson(body, &expected);
        QVERIFY2(reply.error().message.endsWith(u" at offset %1"_s.arg(expected.offset)),
                 qPrintable(reply.error().message));
        QVERIFY(reply.error().message.startsWith(
            u"w1 answered GET /api/v1/images with JSON that cannot be read: "_s));
        QCOMPARE(server.requests(), 1); // a malformed answer is not retried
    }

    void notAnEnvelope()
    {
        ScriptedServer server({json("200 OK", R"([1,2,3])")});
        WorkerClient client;
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/images"_s)));
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, WorkerError::Code::Protocol);
        QVERIFY2(reply.error().message.contains(u"not the worker API's envelope"_s),
                 qPrintable(reply.error().message));
    }

    void serverErrorThenSuccessIsRetried()
    {
        ScriptedServer server(
            {json("500 Internal Server Error",
                  R"({"success":false,"error":{"code":"internal","message":"boom"}})"),
             json("200 OK", R"({"success":true,"data":{"name":"cuda","status":"ready"}})")});
        WorkerClient client;
        client.setRetryPolicy(3, 10);
        WorkerRequest put;
        put.method = "PUT";
        put.path = u"/api/v1/images/cuda"_s;
        put.body = R"({"source":{"kind":"oci","ref":"x"},"sizeMib":10})";
        const auto reply = await(client.send(endpointOf(server), put));
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message));
        QCOMPARE(server.requests(), 2);
        QCOMPARE(reply->data.toObject().value(u"status"_s).toString(), u"ready"_s);
        QVERIFY(server.heads().at(1).startsWith("PUT /api/v1/images/cuda"));
        QCOMPARE(server.header(1, "Content-Type"), QByteArray("application/json"));
    }

    void postIsNeverRetried()
    {
        ScriptedServer server(
            {json("503 Service Unavailable",
                  R"({"success":false,"error":{"code":"unavailable","message":"shutting down"}})"),
             json("200 OK", R"({"success":true,"data":{}})")});
        WorkerClient client;
        client.setRetryPolicy(3, 10);
        WorkerRequest post;
        post.method = "POST";
        post.path = u"/api/v1/builds"_s;
        post.body = "{}";
        const auto reply = await(client.send(endpointOf(server), post));
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, WorkerError::Code::Server);
        QCOMPARE(reply.error().apiCode, u"unavailable"_s);
        QCOMPARE(reply.error().message,
                 u"w1 answered 503 Service Unavailable for POST /api/v1/builds: shutting "
                 "down (unavailable)"_s);
        QTest::qWait(100);
        QCOMPARE(server.requests(), 1);
    }

    void clientErrorsAreNotRetried()
    {
        ScriptedServer server({json(
            "404 Not Found", R"({"success":false,"error":{"code":"not_found","message":"no image"}})")});
        WorkerClient client;
        client.setRetryPolicy(3, 10);
        WorkerRequest del;
        del.method = "DELETE";
        del.path = u"/api/v1/images/x"_s;
        const auto reply = await(client.send(endpointOf(server), del));
        QCOMPARE(reply.error().code, WorkerError::Code::NotFound);
        QCOMPARE(server.requests(), 1);
    }

    void retriesGiveUp()
    {
        ScriptedServer server({json("500 Internal Server Error", "{}")});
        WorkerClient client;
        client.setRetryPolicy(3, 10);
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/info"_s)));
        QCOMPARE(reply.error().code, WorkerError::Code::Server);
        QCOMPARE(server.requests(), 3);
    }

    void failureEnvelopeWithSuccessStatus()
    {
        ScriptedServer server(
            {json("200 OK", R"({"success":false,"error":{"code":"internal","message":"odd"}})")});
        WorkerClient client;
        const auto reply = await(client.send(endpointOf(server), get(u"/api/v1/info"_s)));
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().apiCode, u"internal"_s);
        QVERIFY2(reply.error().message.contains(u": odd (internal)"_s), qPrintable(reply.error().message));
    }

    void cancelAbortsTheRequest()
    {
        ScriptedServer server({QByteArray()});
        WorkerClient client;
        auto future = client.send(endpointOf(server), get(u"/api/v1/info"_s, 30000));
        QTRY_COMPARE(server.requests(), 1);
        QCOMPARE(client.activeRequests(), 1);
        future.cancel();
        QTRY_COMPARE(client.activeRequests(), 0);
        QVERIFY(future.isCanceled());

        auto second = client.send(endpointOf(server), get(u"/api/v1/info"_s, 30000));
        QTRY_COMPARE(server.requests(), 2);
        client.cancelAll();
        QVERIFY(second.isFinished());
        QCOMPARE(second.result().error().code, WorkerError::Code::Cancelled);
        QCOMPARE(second.result().error().message, u"w1: GET /api/v1/info was cancelled"_s);
    }

    void refusedAndBadCaFile()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        WorkerClient client;
        client.setRetryPolicy(1, 10);
        WorkerEndpoint closed{u"w9"_s, QUrl(u"http://127.0.0.1:%1"_s.arg(port)), kToken, {}};
        const auto refused = await(client.send(closed, get(u"/api/v1/health"_s)));
        QCOMPARE(refused.error().code, WorkerError::Code::Network);
        QCOMPARE(refused.error().message, u"cannot connect to w9: connection refused"_s);

        QTemporaryDir dir;
        const QString ca = dir.filePath(u"ca.pem"_s);
        QFile file(ca);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a certificate\n");
        file.close();
        WorkerEndpoint tls{u"w9"_s, QUrl(u"https://127.0.0.1:%1"_s.arg(port)), kToken, ca};
        const auto badCa = await(client.send(tls, get(u"/api/v1/health"_s)));
        QCOMPARE(badCa.error().code, WorkerError::Code::Tls);
        QCOMPARE(badCa.error().message, u"the CA file %1 of w9 holds no readable PEM certificate"_s.arg(ca));
    }

    // Verification is on by default: a self-signed worker is refused until its CA file is given.
    void tlsVerificationAndCustomCa()
    {
        QTemporaryDir dir;
        const QString key = dir.filePath(u"key.pem"_s);
        const QString cert = dir.filePath(u"cert.pem"_s);
        QProcess openssl;
        openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                                     u"-keyout"_s, key, u"-out"_s, cert, u"-days"_s, u"2"_s, u"-subj"_s,
                                     u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        QSslServer server;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(QSslCertificate::fromPath(cert).value(0));
        QFile keyFile(key);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        server.setSslConfiguration(config);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int answered = 0;
        connect(&server, &QTcpServer::pendingConnectionAvailable, this, [&] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                socket->setParent(&server);
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [&answered, socket, buffer] {
                    *buffer += socket->readAll();
                    if (!buffer->contains("\r\n\r\n"))
                        return;
                    ++answered;
                    socket->write(json("200 OK", R"({"success":true,"data":{"status":"ok"}})"));
                    socket->disconnectFromHost();
                });
            }
        });
        WorkerClient client;
        client.setRetryPolicy(1, 10);
        WorkerEndpoint endpoint{
            u"w1"_s, QUrl(u"https://127.0.0.1:%1"_s.arg(server.serverPort())), kToken, {}};
        const auto refused = await(client.send(endpoint, get(u"/api/v1/health"_s, 5000)));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, WorkerError::Code::Tls);
        QVERIFY2(refused.error().message.startsWith(u"TLS handshake with w1 failed: "_s),
                 qPrintable(refused.error().message));
        QCOMPARE(answered, 0); // the token never went out

        // The same client (a CA file added after a failed test connection).
        endpoint.caFile = cert;
        const auto trusted = await(client.send(endpoint, get(u"/api/v1/health"_s, 5000)));
        QVERIFY2(trusted.ok(), qPrintable(trusted.ok() ? QString() : trusted.error().message));
        QCOMPARE(trusted->data.toObject().value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(answered, 1);
    }

    // A connection that drops half-way is resumed with Range and If-Range.
    void downloadResumesAfterADrop()
    {
        QByteArray content(300000, Qt::Uninitialized);
        for (int i = 0; i < content.size(); ++i)
            content[i] = char((i * 7 + i / 1000) & 0xff);
        const QByteArray etag = "\"sha256:abc\"";
        const qint64 cut = 120000;
        ScriptedServer server([&](int index, const QByteArray &, QTcpSocket *socket) {
            if (index == 0) {
                socket->write(ScriptedServer::head("200 OK", content.size(), "ETag: " + etag + "\r\n"));
                socket->write(content.left(cut));
                socket->flush();
                QTimer::singleShot(100, socket, [socket] { socket->abort(); });
                return;
            }
            socket->write(ScriptedServer::head("206 Partial Content", content.size() - cut,
                                               "ETag: " + etag + "\r\nContent-Range: bytes " +
                                                   QByteArray::number(cut) + "-" +
                                                   QByteArray::number(content.size() - 1) + "/" +
                                                   QByteArray::number(content.size()) + "\r\n"));
            socket->write(content.mid(cut));
            socket->disconnectFromHost();
        });
        QTemporaryDir dir;
        const QString path = dir.filePath(u"cuda.ext4"_s);
        WorkerClient client;
        client.setRetryPolicy(2, 10);
        qint64 lastProgress = 0;
        const auto done = await(client.download(endpointOf(server), u"cuda"_s, path, {},
                                                [&](qint64 bytes, qint64) { lastProgress = bytes; }));
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
        QCOMPARE(done->size, content.size());
        QCOMPARE(done->resumedFrom, 0);
        QCOMPARE(done->restarts, 1);
        QCOMPARE(done->etag, etag);
        QCOMPARE(lastProgress, content.size());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() == content);
        QVERIFY(server.heads().at(0).startsWith("GET /api/v1/images/cuda/content HTTP/1.1"));
        QVERIFY(server.header(0, "Range").isEmpty());
        QCOMPARE(server.requests(), 2);
        QCOMPARE(server.header(1, "Range"), QByteArray("bytes=120000-"));
        QCOMPARE(server.header(1, "If-Range"), etag);
        QCOMPARE(server.header(1, "Authorization"), QByteArray("Bearer " + kToken));
    }

    void downloadContinuesAPartialFileOrStartsOver()
    {
        const QByteArray content = QByteArray("0123456789").repeated(100);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"x.ext4"_s);
        QFile partial(path);
        QVERIFY(partial.open(QIODevice::WriteOnly));
        partial.write(content.left(250));
        partial.close();
        // The content changed (If-Range did not match): a 200 with everything.
        ScriptedServer changed({ScriptedServer::head("200 OK", content.size()) + content});
        WorkerClient client;
        const auto over = await(client.download(endpointOf(changed), u"x"_s, path, "\"old\""));
        QVERIFY2(over.ok(), qPrintable(over.ok() ? QString() : over.error().message));
        QCOMPARE(over->resumedFrom, 250);
        QCOMPARE(over->size, content.size());
        QCOMPARE(changed.header(0, "Range"), QByteArray("bytes=250-"));
        QVERIFY(partial.open(QIODevice::ReadOnly));
        QVERIFY(partial.readAll() == content);
        partial.close();

        // Complete already: 416 with the total.
        ScriptedServer complete({ScriptedServer::response(
            "416 Range Not Satisfiable", "application/json",
            R"({"success":false,"error":{"code":"range_not_satisfiable","message":"past the end"}})",
            "Content-Range: bytes */1000\r\n")});
        const auto same = await(client.download(endpointOf(complete), u"x"_s, path));
        QVERIFY2(same.ok(), qPrintable(same.ok() ? QString() : same.error().message));
        QCOMPARE(same->size, 1000);

        // A 404 is an error with the envelope's text.
        ScriptedServer missing({json(
            "404 Not Found", R"({"success":false,"error":{"code":"not_found","message":"no content"}})")});
        const auto none = await(client.download(endpointOf(missing), u"y"_s, dir.filePath(u"y"_s)));
        QVERIFY(!none.ok());
        QCOMPARE(none.error().message,
                 u"w1 answered 404 Not Found for GET /api/v1/images/y/content: no content (not_found)"_s);
    }

    // call(): the typed layer over send() with a contract parser.
    void typedCall()
    {
        const auto status = &WorkerHealth::fromJson;
        ScriptedServer server({json("200 OK", R"({"success":true,"data":{"status":"ok","version":"0.1.0"}})"),
                               json("200 OK", R"({"success":true,"data":{"status":7}})"), QByteArray()});
        WorkerClient client;
        const auto ok =
            await(client.call<WorkerHealth>(endpointOf(server), get(u"/api/v1/health"_s), status));
        QVERIFY(ok.ok());
        QCOMPARE(ok->version, u"0.1.0"_s);
        const auto wrong =
            await(client.call<WorkerHealth>(endpointOf(server), get(u"/api/v1/health"_s), status));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, WorkerError::Code::Protocol);
        QCOMPARE(wrong.error().message,
                 u"w1 answered GET /api/v1/health with an unexpected body: status must be a string"_s);
        auto hung = client.call<WorkerHealth>(endpointOf(server), get(u"/api/v1/health"_s, 30000), status);
        QTRY_COMPARE(server.requests(), 3);
        QCOMPARE(client.activeRequests(), 1);
        hung.cancel();
        QTRY_COMPARE(client.activeRequests(), 0);
        QTRY_VERIFY(hung.isFinished());
    }

    // The happy paths, against a real kiln-worker: every typed call, a warm that
    // bakes, the idempotent re-warm, content info, a download and its resume, evict.
    void realWorker()
    {
        KilnTest::WorkerProcess worker;
        QVERIFY2(worker.start(), qPrintable(worker.errorString()));
        const QByteArray admin = worker.createToken({u"admin"_s});
        QVERIFY2(!admin.isEmpty(), qPrintable(worker.errorString()));
        const WorkerEndpoint endpoint{u"w1"_s, worker.baseUrl(), admin, {}};
        WorkerClient client;

        const auto health = await(client.health(endpoint));
        QVERIFY2(health.ok(), qPrintable(health.ok() ? QString() : health.error().message));
        QCOMPARE(health->status, u"ok"_s);
        QCOMPARE(health->version, WorkerApi::version());
        const auto info = await(client.info(endpoint));
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
        QCOMPARE(info->version, WorkerApi::version());
        QVERIFY(info->capacity >= 1);
        QVERIFY(info->diskFreeBytes > 0);
        QCOMPARE(info->runningJobs, 0);
        const auto none = await(client.listImages(endpoint));
        QVERIFY2(none.ok(), qPrintable(none.ok() ? QString() : none.error().message));
        QVERIFY(none->isEmpty());
        const auto missing = await(client.image(endpoint, u"tiny"_s));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, WorkerError::Code::NotFound);
        QCOMPARE(missing.error().apiCode, u"not_found"_s);
        QVERIFY2(
            missing.error().message.startsWith(u"w1 answered 404 Not Found for GET /api/v1/images/tiny: "_s),
            qPrintable(missing.error().message));

        // A warm from a rootfs tar on the worker's disk bakes it there.
        QTemporaryDir dir;
        const QString tar = dir.filePath(u"rootfs.tar"_s);
        QVERIFY(KilnTest::LayerBuilder()
                    .dir("etc")
                    .file("etc/hello", "hello from the worker\n")
                    .file("etc/os-release", "ID=kiln-test\n")
                    .write(tar));
        WarmRequest warm;
        warm.source = {BakeSourceKind::RootfsTar, tar};
        warm.sizeMib = 16;
        const auto queued = await(client.warm(endpoint, u"tiny"_s, warm));
        QVERIFY2(queued.ok(), qPrintable(queued.ok() ? QString() : queued.error().message));
        QCOMPARE(queued->name, u"tiny"_s);
        QVERIFY(queued->status != CachedImageStatus::Failed && queued->status != CachedImageStatus::Evicted);
        CachedImage ready;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const auto now = await(client.image(endpoint, u"tiny"_s));
                         if (now.ok())
                             ready = now.value();
                         return now.ok() && (now->status == CachedImageStatus::Ready ||
                                             now->status == CachedImageStatus::Failed);
                     },
                     120000),
                 "the warm did not settle");
        QVERIFY2(ready.status == CachedImageStatus::Ready, qPrintable(ready.error));
        QVERIFY(ready.content);
        QCOMPARE(ready.content->size, 16LL * 1024 * 1024);

        // Warming a ready image again answers at once with the same image.
        const auto again = await(client.warm(endpoint, u"tiny"_s, warm));
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        QCOMPARE(again->status, CachedImageStatus::Ready);
        QCOMPARE(again->content, ready.content);
        const auto listed = await(client.listImages(endpoint));
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().name, u"tiny"_s);
        const auto stat = await(client.contentInfo(endpoint, u"tiny"_s));
        QVERIFY2(stat.ok(), qPrintable(stat.ok() ? QString() : stat.error().message));
        QCOMPARE(stat->size, ready.content->size);
        QCOMPARE(stat->sha256, ready.content->sha256);

        // The content, whole and then resumed from the middle.
        const QString path = dir.filePath(u"tiny.ext4"_s);
        const auto whole = await(client.download(endpoint, u"tiny"_s, path));
        QVERIFY2(whole.ok(), qPrintable(whole.ok() ? QString() : whole.error().message));
        QCOMPARE(whole->size, ready.content->size);
        QCOMPARE(whole->resumedFrom, 0);
        QCOMPARE(whole->etag, WorkerApi::contentETag(ready.content->sha256));
        QCOMPARE(sha256Of(path), ready.content->sha256);
        QVERIFY(QFile::resize(path, 5 * 1024 * 1024 + 123));
        const auto resumed = await(client.download(endpoint, u"tiny"_s, path, whole->etag));
        QVERIFY2(resumed.ok(), qPrintable(resumed.ok() ? QString() : resumed.error().message));
        QCOMPARE(resumed->resumedFrom, 5 * 1024 * 1024 + 123);
        QCOMPARE(resumed->size, ready.content->size);
        QCOMPARE(sha256Of(path), ready.content->sha256);

        // 401, 403 and a malformed body, in the envelope.
        const auto anonymous = await(client.info({u"w1"_s, worker.baseUrl(), {}, {}}));
        QCOMPARE(anonymous.error().code, WorkerError::Code::Unauthorized);
        QCOMPARE(anonymous.error().apiCode, u"unauthorized"_s);
        const QByteArray reader = worker.createToken({u"images:read"_s});
        const auto forbidden = await(client.evict({u"w1"_s, worker.baseUrl(), reader, {}}, u"tiny"_s));
        QCOMPARE(forbidden.error().code, WorkerError::Code::Forbidden);
        QCOMPARE(forbidden.error().apiCode, u"forbidden"_s);
        QVERIFY(!forbidden.error().message.contains(QString::fromLatin1(reader)));
        WorkerRequest malformed = WorkerClient::warmRequest(u"tiny"_s, warm);
        malformed.body = "{\"source\": ";
        const auto bad = await(client.send(endpoint, malformed));
        QCOMPARE(bad.error().code, WorkerError::Code::Rejected);
        QCOMPARE(bad.error().httpStatus, 400);
        QCOMPARE(bad.error().apiCode, u"bad_request"_s);

        const auto evicted = await(client.evict(endpoint, u"tiny"_s));
        QVERIFY2(evicted.ok(), qPrintable(evicted.ok() ? QString() : evicted.error().message));
        QCOMPARE(evicted->status, CachedImageStatus::Evicted);
    }
};

QTEST_GUILESS_MAIN(TestWorkerClient)
#include "tst_workerclient.moc"
