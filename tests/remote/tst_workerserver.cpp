// kiln-test-properties: TIMEOUT 600
#include "layerbuilder.h"
#include "remote/workerapi.h"
#include "testsupport.h"
#include "workerprocess.h"
#include "workerserver.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString networkError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString code() const { return json().value(u"error"_s).toObject().value(u"code"_s).toString(); }
    QString message() const { return json().value(u"error"_s).toObject().value(u"message"_s).toString(); }
    QJsonValue data() const { return json().value(u"data"_s); }
    QByteArray describe() const
    {
        return QByteArray::number(status) + ' ' + body.left(400) + networkError.toUtf8();
    }
};

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

} // namespace

// The worker REST API against a real kiln-worker process.
class TestWorkerServer : public QObject
{
    Q_OBJECT

private:
    KilnTest::WorkerProcess m_worker;
    QNetworkAccessManager m_network;
    QTemporaryDir m_work;
    QString m_tar;
    QByteArray m_admin;
    QByteArray m_reader;
    QByteArray m_manager;
    QByteArray m_revoked;
    QByteArray m_ext4; // the content baked for "tiny"

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token = {},
                const QByteArray &body = {}, const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request(m_worker.baseUrl().resolved(QUrl(path)));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        Answer answer;
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 60000)) {
            reply->abort();
            answer.networkError = u"no answer within 60 s"_s;
        }
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            answer.headers.insert(name.toLower(), value);
        if (reply->error() != QNetworkReply::NoError && answer.status == 0)
            answer.networkError = reply->errorString();
        reply->deleteLater();
        return answer;
    }

    QByteArray warmBody(const QString &tar, qint64 sizeMib = 16) const
    {
        const WarmRequest request{{BakeSourceKind::RootfsTar, tar}, sizeMib, {}};
        return QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
    }

    // Warms `name` from the test tar and waits until it is ready; the CachedImage.
    CachedImage warmUntilReady(const QString &name)
    {
        const Answer warmed = call("PUT", WorkerApi::imagePath(name), m_admin, warmBody(m_tar));
        if (warmed.status != 202 && warmed.status != 200) {
            qWarning("warm: %s", warmed.describe().constData());
            return {};
        }
        CachedImage image;
        const bool ready = QTest::qWaitFor(
            [&] {
                const Answer got = call("GET", WorkerApi::imagePath(name), m_reader);
                auto parsed = CachedImage::fromJson(got.data());
                if (!parsed.ok())
                    return false;
                image = parsed.value();
                return image.status == CachedImageStatus::Ready || image.status == CachedImageStatus::Failed;
            },
            120000);
        if (!ready)
            qWarning("not ready: %s", qPrintable(m_worker.log()));
        return image;
    }

private slots:
    void initTestCase()
    {
        KilnTest::isolateSettings();
        QVERIFY(QFile::exists(KilnTest::WorkerProcess::binary()));
        QVERIFY(m_work.isValid());
        m_tar = m_work.filePath(u"rootfs.tar"_s);
        QVERIFY(KilnTest::LayerBuilder()
                    .dir("etc")
                    .file("etc/hostname", "worker-test\n")
                    .dir("usr/bin")
                    .file("usr/bin/payload", QByteArray("0123456789abcdef").repeated(64 * 1024), 0755)
                    .write(m_tar));
        m_admin = m_worker.createToken({u"admin"_s}, u"admin"_s);
        m_reader = m_worker.createToken({u"images:read"_s}, u"reader"_s);
        m_manager = m_worker.createToken({u"images:manage"_s});
        m_revoked = m_worker.createToken({u"admin"_s}, u"gone"_s);
        QVERIFY2(!m_admin.isEmpty() && !m_reader.isEmpty() && !m_manager.isEmpty() && !m_revoked.isEmpty(),
                 qPrintable(m_worker.errorString()));
        QVERIFY2(m_worker.revokeToken(parseWorkerToken(m_revoked)->id), qPrintable(m_worker.errorString()));
        QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
    }

    void linksNoGui()
    {
        const QString ldd = QStandardPaths::findExecutable(u"ldd"_s);
        QVERIFY2(!ldd.isEmpty(), "ldd is not installed");
        QProcess process;
        process.start(ldd, {KilnTest::WorkerProcess::binary()});
        QVERIFY(process.waitForFinished(30000));
        const QString libraries = QString::fromLocal8Bit(process.readAllStandardOutput());
        QVERIFY2(libraries.contains(u"libQt6HttpServer"), qPrintable(libraries));
        QVERIFY2(!libraries.contains(u"libQt6Gui"), qPrintable(libraries));
        QVERIFY2(!libraries.contains(u"libQt6Widgets"), qPrintable(libraries));
    }

    void refusesPlainHttpWithoutTheFlag()
    {
        const auto run = m_worker.run({u"serve"_s, u"--port"_s, u"0"_s});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(u"--insecure-http"_s), qPrintable(run.err));
    }

    // --cert/--key: HTTPS, verified by a client that trusts the certificate.
    void servesHttps()
    {
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        QVERIFY2(!openssl.isEmpty(), "openssl is not installed");
        const QString cert = m_work.filePath(u"cert.pem"_s);
        const QString key = m_work.filePath(u"key.pem"_s);
        QProcess make;
        make.start(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s,
                             u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s,
                             u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s, key, u"-out"_s, cert});
        QVERIFY(make.waitForFinished(60000));
        QCOMPARE(make.exitCode(), 0);

        QProcess https;
        https.start(KilnTest::WorkerProcess::binary(),
                    {u"serve"_s, u"--data-dir"_s, m_worker.dataDirectory() + u"-https"_s, u"--port"_s, u"0"_s,
                     u"--cert"_s, cert, u"--key"_s, key});
        QVERIFY(https.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(https.canReadLine() || https.state() == QProcess::NotRunning, 20000);
        const QString line = QString::fromUtf8(https.readLine()).trimmed();
        QVERIFY2(line.contains(u"listening on https://127.0.0.1:"_s), qPrintable(line));
        const QUrl base(line.section(u' ', -1));

        QNetworkRequest request(base.resolved(QUrl(WorkerApi::healthPath())));
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(cert));
        request.setSslConfiguration(ssl);
        QNetworkReply *reply = m_network.get(request);
        QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 30000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY(reply->readAll().contains("\"ok\""));
        reply->deleteLater();

        // Plain HTTP to the HTTPS port gets no answer.
        QUrl plain = base;
        plain.setScheme(u"http"_s);
        QNetworkReply *clear = m_network.get(QNetworkRequest(plain.resolved(QUrl(WorkerApi::healthPath()))));
        QVERIFY(QTest::qWaitFor([clear] { return clear->isFinished(); }, 30000));
        QVERIFY(clear->error() != QNetworkReply::NoError);
        clear->deleteLater();

        ::kill(pid_t(https.processId()), SIGTERM);
        QVERIFY(https.waitForFinished(30000));
        QCOMPARE(https.exitStatus(), QProcess::NormalExit);
        QCOMPARE(https.exitCode(), 0);
    }

    void tokenList()
    {
        const auto run = m_worker.run({u"token"_s, u"list"_s});
        QCOMPARE(run.code, 0);
        QVERIFY2(run.out.contains(u"reader\timages:read\t"_s), qPrintable(run.out));
        // Never the secrets.
        QVERIFY(!run.out.contains(QString::fromLatin1(m_admin.mid(20))));
        QCOMPARE(run.out.count(u'\n'), 5); // the heading and four tokens
    }

    void health()
    {
        const Answer answer = call("GET", WorkerApi::healthPath());
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value(u"success"_s), QJsonValue(true));
        const auto health = WorkerHealth::fromJson(answer.data());
        QVERIFY(health.ok());
        QCOMPARE(health.value(), (WorkerHealth{u"ok"_s, WorkerApi::version()}));
    }

    void info()
    {
        const Answer answer = call("GET", WorkerApi::infoPath(), m_reader);
        QCOMPARE(answer.status, 200);
        const auto info = WorkerInfo::fromJson(answer.data());
        QVERIFY2(info.ok(), answer.describe().constData());
        QCOMPARE(info.value().version, WorkerApi::version());
        QVERIFY(info.value().diskFreeBytes > 0);
        QVERIFY(info.value().capacity >= 1);
    }

    void unauthorized_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing") << QByteArray() << u"needs a token"_s;
        QTest::newRow("basic") << QByteArray("Basic YTpi") << u"is not \"Bearer <token>\""_s;
        QTest::newRow("malformed") << QByteArray("Bearer kw_nope") << u"not a kiln-worker token"_s;
        QTest::newRow("unknown") << QByteArray("Bearer kw_0000000000000000_") + QByteArray(43, 'A')
                                 << u"not known"_s;
        QTest::newRow("revoked") << QByteArray() << u"revoked"_s;
        QTest::newRow("wrong secret") << QByteArray() << u"not valid"_s;
    }

    void unauthorized()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(QString, message);
        if (QByteArrayView(QTest::currentDataTag()) == "revoked")
            authorization = "Bearer " + m_revoked;
        if (QByteArrayView(QTest::currentDataTag()) == "wrong secret")
            authorization = "Bearer " + m_admin.left(20) + QByteArray(43, 'x');
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        const Answer answer = call("GET", WorkerApi::imagesPath(), {}, {}, headers);
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.code(), u"unauthorized"_s);
        QVERIFY2(answer.message().contains(message), answer.describe().constData());
        QVERIFY(answer.headers.value("www-authenticate").startsWith("Bearer"));
    }

    void forbidden_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("scope");
        QTest::newRow("reader warms")
            << QByteArray("PUT") << WorkerApi::imagePath(u"x") << u"reader"_s << u"images:manage"_s;
        QTest::newRow("reader evicts")
            << QByteArray("DELETE") << WorkerApi::imagePath(u"x") << u"reader"_s << u"images:manage"_s;
        QTest::newRow("manager reads")
            << QByteArray("GET") << WorkerApi::infoPath() << u"manager"_s << u"images:read"_s;
    }

    void forbidden()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, token);
        QFETCH(QString, scope);
        const Answer answer = call(method, path, token == u"reader" ? m_reader : m_manager, "{}");
        QCOMPARE(answer.status, 403);
        QCOMPARE(answer.code(), u"forbidden"_s);
        QVERIFY2(answer.message().contains(scope), answer.describe().constData());
    }

    void unknownRoutesAndMethods()
    {
        Answer answer = call("GET", u"/api/v1/nothing/here"_s, m_admin);
        QCOMPARE(answer.status, 404);
        QCOMPARE(answer.code(), u"not_found"_s);
        QCOMPARE(answer.json().value(u"success"_s), QJsonValue(false));
        answer = call("GET", u"/"_s);
        QCOMPARE(answer.status, 404);
        QCOMPARE(answer.code(), u"not_found"_s);
        answer = call("POST", WorkerApi::imagePath(u"x"), m_admin, "{}");
        QCOMPARE(answer.status, 405);
        QCOMPARE(answer.code(), u"method_not_allowed"_s);
        QCOMPARE(answer.headers.value("allow"), QByteArray("GET, PUT, DELETE"));
        answer = call("GET", WorkerApi::imagePath(u"never-warmed"), m_reader);
        QCOMPARE(answer.status, 404);
        QCOMPARE(answer.code(), u"not_found"_s);
    }

    void badRequests_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("malformed json") << u"img"_s << QByteArray("{\"source\": {") << u"at offset 12"_s;
        QTest::newRow("empty body") << u"img"_s << QByteArray() << u"is not valid JSON"_s;
        QTest::newRow("missing field")
            << u"img"_s << QByteArray("{\"sizeMib\": 16}") << u"source is missing"_s;
        QTest::newRow("bad kind") << u"img"_s
                                  << QByteArray(
                                         "{\"source\":{\"kind\":\"zip\",\"ref\":\"/a\"},\"sizeMib\":1}")
                                  << u"source.kind"_s;
        QTest::newRow("bad name") << u"Bad_Name"_s << warmBody(u"/tmp/x.tar"_s) << u"is not valid"_s;
        QTest::newRow("digest on a tar") << u"img"_s
                                         << QByteArray("{\"source\":{\"kind\":\"rootfs-tar\",\"ref\":\"/"
                                                       "a.tar\"},\"sizeMib\":1,\"digest\":\"sha256:") +
                                                QByteArray(64, 'a') + "\"}"
                                         << u"digest applies to oci sources only"_s;
    }

    void badRequests()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const Answer answer = call("PUT", WorkerApi::imagePath(name), m_admin, body);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.code(), u"bad_request"_s);
        QVERIFY2(answer.message().contains(message), answer.describe().constData());
        // Nothing was registered.
        QCOMPARE(call("GET", WorkerApi::imagePath(name), m_admin).status, 404);
    }

    void tooLargeBody()
    {
        const QByteArray body = "{\"pad\":\"" + QByteArray(WorkerApi::MaxJsonBodyBytes + 10, 'x') + "\"}";
        const Answer answer = call("PUT", WorkerApi::imagePath(u"big"), m_admin, body);
        QCOMPARE(answer.status, 413);
        QCOMPARE(answer.code(), u"too_large"_s);
        // Headers over 16 KiB too.
        const Answer head =
            call("GET", WorkerApi::infoPath(), m_reader, {}, {{"X-Pad", QByteArray(17 * 1024, 'p')}});
        QCOMPARE(head.status, 413);
        QCOMPARE(head.code(), u"too_large"_s);
        // The worker is still there.
        QCOMPARE(call("GET", WorkerApi::healthPath()).status, 200);
    }

    void warmIsIdempotent()
    {
        const Answer first = call("PUT", WorkerApi::imagePath(u"tiny"), m_manager, warmBody(m_tar));
        QCOMPARE(first.status, 202);
        const auto pending = CachedImage::fromJson(first.data());
        QVERIFY2(pending.ok(), first.describe().constData());
        QCOMPARE(pending.value().name, u"tiny"_s);
        QVERIFY(pending.value().status == CachedImageStatus::Pending ||
                pending.value().status == CachedImageStatus::Building);
        QVERIFY(!pending.value().content);

        const CachedImage ready = warmUntilReady(u"tiny"_s);
        QCOMPARE(cachedImageStatusName(ready.status), u"ready"_s);
        QVERIFY(ready.content);
        QCOMPARE(ready.content->size, 16 * 1024 * 1024);
        QVERIFY(ready.error.isEmpty());

        // Ready: answered at once with 200 and the same image.
        QElapsedTimer timer;
        timer.start();
        const Answer again = call("PUT", WorkerApi::imagePath(u"tiny"), m_admin, warmBody(m_tar));
        QCOMPARE(again.status, 200);
        QVERIFY(timer.elapsed() < 5000);
        // (updatedAt may move on: the scan after the bake updates the image.)
        CachedImage same = CachedImage::fromJson(again.data()).value();
        QVERIFY(same.updatedAt >= ready.updatedAt);
        same.updatedAt = ready.updatedAt;
        QCOMPARE(same, ready);

        // Another source under the same name is a conflict.
        const Answer other =
            call("PUT", WorkerApi::imagePath(u"tiny"), m_admin, warmBody(u"/srv/other.tar"_s));
        QCOMPARE(other.status, 409);
        QCOMPARE(other.code(), u"conflict"_s);

        // The list has it.
        const auto list = cachedImagesFromJson(call("GET", WorkerApi::imagesPath(), m_reader).data());
        QVERIFY(list.ok());
        QCOMPARE(list.value().size(), 1);
        QCOMPARE(list.value().at(0).name, u"tiny"_s);
        QCOMPARE(list.value().at(0).content, ready.content);
    }

    void scan()
    {
        const Answer read = call("GET", WorkerApi::scanPath(u"tiny"), m_reader);
        QCOMPARE(read.status, 200);
        QVERIFY2(WorkerScan::fromJson(read.data()).ok(), read.describe().constData());
        QCOMPARE(call("POST", WorkerApi::scanPath(u"tiny"), m_reader).status, 403);
        const Answer started = call("POST", WorkerApi::scanPath(u"tiny"), m_manager);
        QCOMPARE(started.status, 202);
        QCOMPARE(WorkerScan::fromJson(started.data()).value().status, ScanStatus::Pending);
        // The scan finishes (passed, failed, or skipped when no scanner is installed).
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto scan =
                    WorkerScan::fromJson(call("GET", WorkerApi::scanPath(u"tiny"), m_reader).data());
                return scan.ok() && scan.value().status != ScanStatus::Pending &&
                       !scan.value().reason.isEmpty() && scan.value().reason != u"Rescan requested.";
            }(),
            120000);
        QCOMPARE(call("POST", WorkerApi::scanPath(u"never-warmed"), m_manager).status, 404);
    }

    void content()
    {
        const Answer image = call("GET", WorkerApi::imagePath(u"tiny"), m_reader);
        const CachedImage ready = CachedImage::fromJson(image.data()).value();
        QVERIFY(ready.content);

        const Answer info = call("GET", WorkerApi::contentInfoPath(u"tiny"), m_reader);
        QCOMPARE(info.status, 200);
        const auto contentInfo = WorkerContentInfo::fromJson(info.data());
        QVERIFY2(contentInfo.ok(), info.describe().constData());
        QCOMPARE(contentInfo.value().sha256, ready.content->sha256);
        QCOMPARE(contentInfo.value().size, ready.content->size);
        QCOMPARE(contentInfo.value().fmt, u"ext4"_s);

        const Answer full = call("GET", WorkerApi::contentPath(u"tiny"), m_reader);
        QCOMPARE(full.status, 200);
        QCOMPARE(full.body.size(), ready.content->size);
        QCOMPARE(QString::fromLatin1(sha256(full.body)), ready.content->sha256);
        m_ext4 = full.body;
        QCOMPARE(full.headers.value("etag"), WorkerApi::contentETag(ready.content->sha256));
        QCOMPARE(full.headers.value("accept-ranges"), QByteArray("bytes"));

        // Resume: the first part, then the rest from where it stopped.
        const qint64 cut = 5 * 1024 * 1024 + 123;
        const Answer head = call("GET", WorkerApi::contentPath(u"tiny"), m_reader, {},
                                 {{"Range", "bytes=0-" + QByteArray::number(cut - 1)}});
        QCOMPARE(head.status, 206);
        QCOMPARE(head.body.size(), cut);
        QCOMPARE(head.headers.value("content-range"),
                 "bytes 0-" + QByteArray::number(cut - 1) + '/' + QByteArray::number(ready.content->size));
        const Answer rest = call("GET", WorkerApi::contentPath(u"tiny"), m_reader, {},
                                 {{"Range", "bytes=" + QByteArray::number(cut) + '-'},
                                  {"If-Range", WorkerApi::contentETag(ready.content->sha256)}});
        QCOMPARE(rest.status, 206);
        QCOMPARE(rest.body.size(), ready.content->size - cut);
        QCOMPARE(QString::fromLatin1(sha256(head.body + rest.body)), ready.content->sha256);

        // A client that drops the connection in the middle leaves the worker serving.
        QNetworkRequest request(m_worker.baseUrl().resolved(QUrl(WorkerApi::contentPath(u"tiny"))));
        request.setRawHeader("Authorization", "Bearer " + m_reader);
        QNetworkReply *dropped = m_network.get(request);
        dropped->setReadBufferSize(64 * 1024);
        QVERIFY(QTest::qWaitFor([dropped] { return dropped->bytesAvailable() > 0 || dropped->isFinished(); },
                                30000));
        QVERIFY(!dropped->isFinished());
        dropped->abort();
        dropped->deleteLater();
        QCOMPARE(call("GET", WorkerApi::healthPath()).status, 200);
        QCOMPARE(sha256(call("GET", WorkerApi::contentPath(u"tiny"), m_reader).body),
                 ready.content->sha256.toLatin1());

        const Answer beyond = call("GET", WorkerApi::contentPath(u"tiny"), m_reader, {},
                                   {{"Range", "bytes=" + QByteArray::number(ready.content->size) + '-'}});
        QCOMPARE(beyond.status, 416);
        QCOMPARE(beyond.code(), u"range_not_satisfiable"_s);
        QCOMPARE(beyond.headers.value("content-range"), "bytes */" + QByteArray::number(ready.content->size));
    }

    // Chunked upload: POST, PATCH chunks with Content-Range, PUT ?digest=.
    void upload()
    {
        QVERIFY(!m_ext4.isEmpty());
        // An image without content: its warm fails (the tar does not exist).
        const QByteArray missing = warmBody(m_work.filePath(u"missing.tar"_s));
        QCOMPARE(call("PUT", WorkerApi::imagePath(u"up"), m_admin, missing).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(
            CachedImage::fromJson(call("GET", WorkerApi::imagePath(u"up"), m_reader).data()).value().status,
            CachedImageStatus::Failed, 60000);

        // Nothing to scan yet.
        QCOMPARE(call("POST", WorkerApi::scanPath(u"up"), m_manager).code(), u"conflict"_s);
        // Reading is not enough; an unknown image is 404; an image with content is a conflict.
        QCOMPARE(call("POST", WorkerApi::uploadsPath(u"up"), m_reader).status, 403);
        QCOMPARE(call("POST", WorkerApi::uploadsPath(u"nope"), m_manager).status, 404);
        QCOMPARE(call("POST", WorkerApi::uploadsPath(u"tiny"), m_manager).code(), u"conflict"_s);

        // A wrong digest is refused and the upload is gone.
        Answer started = call("POST", WorkerApi::uploadsPath(u"up"), m_manager);
        QCOMPARE(started.status, 202);
        QString location = QString::fromLatin1(started.headers.value("location"));
        QVERIFY2(location.startsWith(u"/api/v1/uploads/"_s), started.describe().constData());
        const QByteArray head = m_ext4.left(4096);
        Answer patched = call("PATCH", location, m_manager, head, {{"Content-Range", "bytes 0-4095/*"}});
        QCOMPARE(patched.status, 202);
        QCOMPARE(patched.headers.value("range"), QByteArray("0-4095"));
        const Answer wrong = call("PUT", location + u"?digest=sha256:"_s + QString(64, u'0'), m_manager);
        QCOMPARE(wrong.status, 400);
        QCOMPARE(wrong.code(), u"digest_mismatch"_s);
        QCOMPARE(call("PATCH", location, m_manager, "x", {{"Content-Range", "bytes 4096-4096/*"}}).status,
                 404);

        // The whole file in chunks, one of them refused for starting at the wrong byte.
        started = call("POST", WorkerApi::uploadsPath(u"up"), m_manager);
        location = QString::fromLatin1(started.headers.value("location"));
        const qint64 half = m_ext4.size() / 2;
        patched = call("PATCH", location, m_manager, m_ext4.left(half),
                       {{"Content-Range", "bytes 0-" + QByteArray::number(half - 1) + "/*"}});
        QCOMPARE(patched.status, 202);
        QCOMPARE(patched.json().value(u"data"_s).toObject().value(u"offset"_s).toInteger(), half);
        const Answer gap = call("PATCH", location, m_manager, "xy", {{"Content-Range", "bytes 5-6/*"}});
        QCOMPARE(gap.status, 416);
        QCOMPARE(gap.code(), u"range_not_satisfiable"_s);
        QCOMPARE(gap.headers.value("range"), "0-" + QByteArray::number(half - 1));
        const Answer lying = call("PATCH", location, m_manager, "xy",
                                  {{"Content-Range", "bytes " + QByteArray::number(half) + '-' +
                                                         QByteArray::number(half + 9) + "/*"}});
        QCOMPARE(lying.status, 400);
        const QByteArray rest = m_ext4.mid(half);
        patched = call("PATCH", location, m_manager, rest,
                       {{"Content-Range", "bytes " + QByteArray::number(half) + '-' +
                                              QByteArray::number(m_ext4.size() - 1) + "/*"}});
        QCOMPARE(patched.status, 202);
        const QByteArray digest = "sha256:" + sha256(m_ext4);
        const Answer done = call("PUT", location + u"?digest="_s + QString::fromLatin1(digest), m_manager);
        QCOMPARE(done.status, 201);
        QCOMPARE(done.headers.value("docker-content-digest"), digest);
        const auto image = CachedImage::fromJson(done.data());
        QVERIFY2(image.ok(), done.describe().constData());
        QCOMPARE(image.value().status, CachedImageStatus::Ready);
        QCOMPARE(image.value().content->sha256.toLatin1(), sha256(m_ext4));
        QCOMPARE(sha256(call("GET", WorkerApi::contentPath(u"up"), m_reader).body), sha256(m_ext4));

        // A chunk over 16 MiB is too large.
        started = call("POST", WorkerApi::uploadsPath(u"tiny"), m_manager);
        QCOMPARE(started.status, 409);
        QCOMPARE(call("DELETE", WorkerApi::imagePath(u"up"), m_manager).status, 200);
        QCOMPARE(call("PUT", WorkerApi::imagePath(u"up"), m_admin, missing).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(
            CachedImage::fromJson(call("GET", WorkerApi::imagePath(u"up"), m_reader).data()).value().status,
            CachedImageStatus::Failed, 60000);
        started = call("POST", WorkerApi::uploadsPath(u"up"), m_manager);
        QCOMPARE(started.status, 202);
        const Answer huge = call("PATCH", QString::fromLatin1(started.headers.value("location")), m_manager,
                                 QByteArray(WorkerApi::MaxUploadChunkBytes + 1, 'z'));
        QCOMPARE(huge.status, 413);
        QCOMPARE(huge.code(), u"too_large"_s);
    }

    void evict()
    {
        const Answer evicted = call("DELETE", WorkerApi::imagePath(u"tiny"), m_manager);
        QCOMPARE(evicted.status, 200);
        const auto image = CachedImage::fromJson(evicted.data());
        QVERIFY2(image.ok(), evicted.describe().constData());
        QCOMPARE(image.value().status, CachedImageStatus::Evicted);
        QVERIFY(!image.value().content);
        QCOMPARE(call("GET", WorkerApi::imagePath(u"tiny"), m_reader).status, 404);
        QCOMPARE(call("GET", WorkerApi::contentPath(u"tiny"), m_reader).status, 404);
        QCOMPARE(call("DELETE", WorkerApi::imagePath(u"tiny"), m_manager).status, 404);
        QVERIFY(!QFile::exists(m_worker.dataDirectory() + u"/content/tiny.ext4"_s));
    }

    void parsesRanges_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<int>("outcome"); // 0 whole file, 1 range, 2 unsatisfiable
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        QTest::newRow("none") << QByteArray() << qint64(100) << 0 << qint64(0) << qint64(0);
        QTest::newRow("from") << QByteArray("bytes=10-") << qint64(100) << 1 << qint64(10) << qint64(99);
        QTest::newRow("span") << QByteArray("bytes=10-19") << qint64(100) << 1 << qint64(10) << qint64(19);
        QTest::newRow("clamped") << QByteArray("bytes=90-500") << qint64(100) << 1 << qint64(90)
                                 << qint64(99);
        QTest::newRow("suffix") << QByteArray("bytes=-30") << qint64(100) << 1 << qint64(70) << qint64(99);
        QTest::newRow("big suffix") << QByteArray("bytes=-300") << qint64(100) << 1 << qint64(0)
                                    << qint64(99);
        QTest::newRow("at end") << QByteArray("bytes=100-") << qint64(100) << 2 << qint64(0) << qint64(0);
        QTest::newRow("empty file") << QByteArray("bytes=0-") << qint64(0) << 2 << qint64(0) << qint64(0);
        QTest::newRow("zero suffix") << QByteArray("bytes=-0") << qint64(100) << 2 << qint64(0) << qint64(0);
        QTest::newRow("several") << QByteArray("bytes=0-1,5-6") << qint64(100) << 0 << qint64(0) << qint64(0);
        QTest::newRow("other unit") << QByteArray("items=0-1") << qint64(100) << 0 << qint64(0) << qint64(0);
        QTest::newRow("reversed") << QByteArray("bytes=9-1") << qint64(100) << 0 << qint64(0) << qint64(0);
        QTest::newRow("garbage") << QByteArray("bytes=a-b") << qint64(100) << 0 << qint64(0) << qint64(0);
    }

    void parsesRanges()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, size);
        QFETCH(int, outcome);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        const auto range = parseRangeHeader(header, size);
        if (outcome == 2) {
            QVERIFY(!range.ok());
            QCOMPARE(range.error().code, WorkerApiErrorCode::RangeNotSatisfiable);
            return;
        }
        QVERIFY(range.ok());
        QCOMPARE(range.value().has_value(), outcome == 1);
        if (outcome == 1) {
            QCOMPARE(range.value()->first, first);
            QCOMPARE(range.value()->last, last);
        }
    }

    // SIGTERM while a bake runs: the worker exits 0 and the bake is marked
    // interrupted (seen after a restart on the same data directory).
    void sigtermInterruptsRunningBakes()
    {
        // A "registry" that accepts connections and never answers: the bake hangs pulling.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> held;
        connect(&silent, &QTcpServer::newConnection, this, [&silent, &held] {
            while (QTcpSocket *socket = silent.nextPendingConnection())
                held.append(socket);
        });
        const WarmRequest request{
            {BakeSourceKind::Oci, u"127.0.0.1:%1/kiln/hang:1"_s.arg(silent.serverPort())}, 16, {}};
        const Answer warmed = call("PUT", WorkerApi::imagePath(u"hang"), m_admin,
                                   QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact));
        QCOMPARE(warmed.status, 202);
        QTRY_VERIFY_WITH_TIMEOUT(
            CachedImage::fromJson(call("GET", WorkerApi::imagePath(u"hang"), m_reader).data())
                    .value()
                    .status == CachedImageStatus::Building,
            30000);

        QCOMPARE(m_worker.stop(), 0);
        QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
        const auto image = CachedImage::fromJson(call("GET", WorkerApi::imagePath(u"hang"), m_reader).data());
        QVERIFY(image.ok());
        QCOMPARE(image.value().status, CachedImageStatus::Failed);
        QVERIFY2(image.value().error.contains(u"Interrupted"_s), qPrintable(image.value().error));

        // A failed image is warmed again (202); evicting it while it hangs again is a conflict.
        QCOMPARE(call("PUT", WorkerApi::imagePath(u"hang"), m_admin,
                      QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact))
                     .status,
                 202);
        QTRY_VERIFY_WITH_TIMEOUT(
            CachedImage::fromJson(call("GET", WorkerApi::imagePath(u"hang"), m_reader).data())
                    .value()
                    .status == CachedImageStatus::Building,
            30000);
        const Answer busy = call("DELETE", WorkerApi::imagePath(u"hang"), m_admin);
        QCOMPARE(busy.status, 409);
        QCOMPARE(busy.code(), u"conflict"_s);
        // The cancel lands; then the eviction goes through.
        int status = 0;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(QTest::qWaitFor(
            [&] {
                status = call("DELETE", WorkerApi::imagePath(u"hang"), m_admin).status;
                return status != 409;
            },
            60000));
        QCOMPARE(status, 200);
        qInfo("evicted %lld ms after the cancel", timer.elapsed());
        qDeleteAll(held);
    }

    // Last: SIGTERM stops the worker cleanly.
    void sigtermExitsCleanly()
    {
        QCOMPARE(m_worker.stop(), 0);
        QVERIFY2(m_worker.log().contains(u"stopping"_s), qPrintable(m_worker.log()));
        QCOMPARE(call("GET", WorkerApi::healthPath()).status, 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkerServer)
#include "tst_workerserver.moc"
