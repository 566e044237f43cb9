// kiln-test-properties: LABELS slow TIMEOUT 1200
#include "bakefixture.h"
#include "remote/workerapi.h"
#include "store/catalogue.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QString networkError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString code() const { return json().value(u"error"_s).toObject().value(u"code"_s).toString(); }
    QString message() const { return json().value(u"error"_s).toObject().value(u"message"_s).toString(); }
    QJsonValue data() const { return json().value(u"data"_s); }
    QByteArray describe() const
    {
        return QByteArray::number(status) + ' ' + body.left(600) + networkError.toUtf8();
    }
};

// A followed log: what arrived, and when the stream ended.
struct Followed
{
    QNetworkReply *reply = nullptr;
    QByteArray text;
    bool finished = false;
};

} // namespace

// POST /builds and the jobs resource of a real kiln-worker that builds real specs
// with buildah: the base images come from the local registry fixture, the built
// images go back to it.
class TestWorkerBuilds : public QObject
{
    Q_OBJECT

private:
    KilnTest::BakeFixture m_fixture;
    KilnTest::WorkerProcess m_worker;
    QNetworkAccessManager m_network;
    QByteArray m_builder; // builds:run
    QByteArray m_admin;
    QByteArray m_reader; // images:read

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token,
                const QByteArray &body = {})
    {
        QNetworkRequest request(m_worker.baseUrl().resolved(QUrl(path)));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
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
        answer.contentType = reply->rawHeader("Content-Type");
        if (reply->error() != QNetworkReply::NoError && answer.status == 0)
            answer.networkError = reply->errorString();
        reply->deleteLater();
        return answer;
    }

    static QByteArray body(const BuildRequest &request)
    {
        return QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
    }

    BuildRequest build(const QString &name, const QStringList &apt, qint64 revision = 1) const
    {
        BuildRequest request;
        request.spec = {name, m_fixture.baseImage(), apt, {}, {}};
        request.revision = revision;
        return request;
    }

    // POST /builds; the job as answered.
    WorkerJob runBuild(const BuildRequest &request)
    {
        const Answer posted = call("POST", WorkerApi::buildsPath(), m_builder, body(request));
        if (posted.status != 202)
            qWarning("POST /builds: %s", posted.describe().constData());
        auto job = WorkerJob::fromJson(posted.data());
        return job.ok() ? job.value() : WorkerJob{};
    }

    WorkerJob job(const QString &id)
    {
        auto parsed = WorkerJob::fromJson(call("GET", WorkerApi::jobPath(id), m_builder).data());
        return parsed.ok() ? parsed.value() : WorkerJob{};
    }

    // Waits until the job has finished; its last state.
    WorkerJob waitFinished(const QString &id, int timeoutMs = 300000)
    {
        WorkerJob last;
        const bool done = QTest::qWaitFor(
            [&] {
                last = job(id);
                return last.isFinished();
            },
            timeoutMs);
        if (!done)
            qWarning("job %s still %s: %s", qPrintable(id), qPrintable(jobStatusName(last.status)),
                     qPrintable(m_worker.log()));
        return last;
    }

    Followed *follow(const QString &id, int tail)
    {
        QNetworkRequest request(
            m_worker.baseUrl().resolved(QUrl(WorkerApi::jobLogPath(id) + u"?tail=%1&follow=1"_s.arg(tail))));
        request.setRawHeader("Authorization", "Bearer " + m_builder);
        auto *followed = new Followed;
        followed->reply = m_network.get(request);
        connect(followed->reply, &QNetworkReply::readyRead, this,
                [followed] { followed->text += followed->reply->readAll(); });
        connect(followed->reply, &QNetworkReply::finished, this, [followed] {
            followed->text += followed->reply->readAll();
            followed->finished = true;
        });
        return followed;
    }

    QString logFile(const QString &id) const
    {
        return QDir(m_worker.dataDirectory()).filePath(u"logs/%1.log"_s.arg(id));
    }

    static QByteArray readFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static QByteArray lastLines(const QByteArray &text, int n)
    {
        QList<QByteArray> lines = text.split('\n');
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        QByteArray out;
        for (const QByteArray &line : lines.mid(qMax<qsizetype>(0, lines.size() - n)))
            out += line + '\n';
        return out;
    }

private slots:
    void initTestCase()
    {
        KilnTest::isolateSettings();
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
        m_builder = m_worker.createToken({u"builds:run"_s}, u"builder"_s);
        m_admin = m_worker.createToken({u"admin"_s}, u"admin"_s);
        m_reader = m_worker.createToken({u"images:read"_s}, u"reader"_s);
        QVERIFY2(!m_builder.isEmpty() && !m_admin.isEmpty() && !m_reader.isEmpty(),
                 qPrintable(m_worker.errorString()));
        {
            // The worker's own catalogue knows the fixture's registry (plain HTTP)
            // and pushes there, as an operator would set it up.
            auto catalogue =
                Catalogue::openSqlite(QDir(m_worker.dataDirectory()).filePath(u"catalogue.sqlite"_s));
            QVERIFY2(catalogue.ok(), qPrintable(catalogue.ok() ? QString() : catalogue.error().message));
            QCOMPARE(m_fixture.addPushRegistry(*catalogue.value()), QString());
        }
        m_worker.setServeArguments({u"--storage-root"_s, m_fixture.storageRoot(), u"--run-root"_s,
                                    m_fixture.runRoot(), u"--storage-driver"_s, u"vfs"_s});
        QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
    }

    void cleanupTestCase()
    {
        if (m_worker.isRunning())
            QCOMPARE(m_worker.stop(), 0);
        m_fixture.cleanup();
    }

    void buildRunsAndPushes()
    {
        const WorkerJob queued = runBuild(build(u"demo"_s, {u"curl"_s}, 4));
        QVERIFY(!queued.id.isEmpty());
        QCOMPARE(queued.status, JobStatus::Queued);
        QCOMPARE(queued.specName, u"demo"_s);
        QCOMPARE(queued.revision, 4);
        const QString prefix = m_fixture.registry().address() + u"/kiln-built/demo:"_s;
        QVERIFY2(queued.targetImage.startsWith(prefix), qPrintable(queued.targetImage));

        const WorkerJob done = waitFinished(queued.id);
        QVERIFY2(done.status == JobStatus::Succeeded, qPrintable(done.error + m_worker.log()));
        QVERIFY(done.finishedAt.isValid());
        QCOMPARE(done.revision, 4);
        QVERIFY(done.error.isEmpty());
        // The image is in the registry.
        const QString tag = done.targetImage.mid(prefix.size());
        QVERIFY(m_fixture.manifestDigest(u"kiln-built/demo"_s, tag).startsWith(u"sha256:"_s));

        // Listed, newest first.
        const auto listed = workerJobsFromJson(call("GET", WorkerApi::jobsPath(), m_builder).data());
        QVERIFY(listed.ok());
        QVERIFY(!listed.value().isEmpty());
        QCOMPARE(listed.value().first().id, queued.id);

        // tail=5: exactly the last five lines of the job's log file.
        const QByteArray whole = readFile(logFile(queued.id));
        QVERIFY2(whole.count('\n') > 5, whole.constData());
        const Answer tail = call("GET", WorkerApi::jobLogPath(queued.id) + u"?tail=5"_s, m_builder);
        QCOMPARE(tail.status, 200);
        QCOMPARE(tail.contentType, QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(tail.body.count('\n'), 5);
        QCOMPARE(tail.body, lastLines(whole, 5));
        QVERIFY2(whole.contains("apt-get ran as uid 0"), whole.constData());
        // Without tail: the last 2000 lines, here the whole log.
        QCOMPARE(call("GET", WorkerApi::jobLogPath(queued.id), m_builder).body, whole);
        // A follow of a finished job sends the tail and ends.
        Followed *followed = follow(queued.id, 3);
        QTRY_VERIFY_WITH_TIMEOUT(followed->finished, 30000);
        QCOMPARE(followed->reply->error(), QNetworkReply::NoError);
        QCOMPARE(followed->text, lastLines(whole, 3));
        followed->reply->deleteLater();
        delete followed;

        // Cancelling a finished job: 409.
        const Answer cancel = call("POST", WorkerApi::jobCancelPath(queued.id), m_builder);
        QCOMPARE(cancel.status, 409);
        QCOMPARE(cancel.code(), u"conflict"_s);
    }

    void followStreamsWhileRunningThenCancel()
    {
        // 5000 lines, then a sleep that only a cancel ends.
        const WorkerJob queued = runBuild(build(u"sleepy"_s, {u"kiln-chatty"_s, u"kiln-sleep"_s}));
        QVERIFY(!queued.id.isEmpty());
        Followed *followed = follow(queued.id, 2000);
        QTRY_VERIFY2_WITH_TIMEOUT(followed->text.contains("kiln-sleep started"),
                                  qPrintable(QString::fromUtf8(followed->text.right(500)) + m_worker.log()),
                                  300000);
        // Lines came while the job runs, and the stream is still open.
        QCOMPARE(job(queued.id).status, JobStatus::Running);
        QVERIFY(!followed->finished);
        QVERIFY(followed->text.contains("chatty line 4999\n"));
        QVERIFY(!KilnTest::processesMatching(m_fixture.sleepCommand()).isEmpty());

        const Answer cancel = call("POST", WorkerApi::jobCancelPath(queued.id), m_builder);
        QVERIFY2(cancel.status == 200, cancel.describe().constData());
        QTRY_VERIFY_WITH_TIMEOUT(followed->finished, 60000);
        QCOMPARE(followed->reply->error(), QNetworkReply::NoError);
        QCOMPARE(job(queued.id).status, JobStatus::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(KilnTest::processesMatching(m_fixture.sleepCommand()).isEmpty(), 30000);
        // The stream carried the whole log, byte for byte; its tail is the tail.
        const QByteArray whole = readFile(logFile(queued.id));
        QVERIFY(whole.count('\n') > 5000);
        QCOMPARE(followed->text, whole);
        QCOMPARE(call("GET", WorkerApi::jobLogPath(queued.id) + u"?tail=2000"_s, m_builder).body,
                 lastLines(whole, 2000));
        followed->reply->deleteLater();
        delete followed;
        QCOMPARE(call("POST", WorkerApi::jobCancelPath(queued.id), m_builder).status, 409);
    }

    void cancelQueuedJobAtOnce()
    {
        // Two at once with capacity 1: the second waits in the queue.
        const WorkerJob first = runBuild(build(u"first"_s, {u"kiln-sleep"_s}));
        const WorkerJob second = runBuild(build(u"second"_s, {u"curl"_s}));
        QVERIFY(!first.id.isEmpty() && !second.id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(job(first.id).status, JobStatus::Running, 60000);
        const Answer cancel = call("POST", WorkerApi::jobCancelPath(second.id), m_admin);
        QVERIFY2(cancel.status == 200, cancel.describe().constData());
        const auto cancelled = WorkerJob::fromJson(cancel.data());
        QVERIFY(cancelled.ok());
        QCOMPARE(cancelled.value().status, JobStatus::Cancelled);
        QVERIFY(cancelled.value().finishedAt.isValid());
        QCOMPARE(call("POST", WorkerApi::jobCancelPath(first.id), m_admin).status, 200);
        QCOMPARE(waitFinished(first.id, 60000).status, JobStatus::Cancelled);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");

        const QByteArray good =
            body(BuildRequest{{u"x"_s, u"127.0.0.1:1/base:1"_s, {}, {}, {}}, 1, u"127.0.0.1:1/out/x:1"_s});
        const QString missing = WorkerApi::jobPath(u"0d5f3c2e-0000-4000-8000-000000000000"_s);
        QTest::newRow("no token") << QByteArray("GET") << WorkerApi::jobsPath() << QString() << QByteArray()
                                  << 401 << u"unauthorized"_s << u"token"_s;
        QTest::newRow("reader cannot build") << QByteArray("POST") << WorkerApi::buildsPath() << u"reader"_s
                                             << good << 403 << u"forbidden"_s << u"builds:run"_s;
        QTest::newRow("reader cannot list jobs") << QByteArray("GET") << WorkerApi::jobsPath() << u"reader"_s
                                                 << QByteArray() << 403 << u"forbidden"_s << u"builds:run"_s;
        QTest::newRow("reader cannot read a log")
            << QByteArray("GET") << WorkerApi::jobLogPath(u"x"_s) << u"reader"_s << QByteArray() << 403
            << u"forbidden"_s << u"builds:run"_s;
        QTest::newRow("reader cannot cancel")
            << QByteArray("POST") << WorkerApi::jobCancelPath(u"x"_s) << u"reader"_s << QByteArray() << 403
            << u"forbidden"_s << u"builds:run"_s;
        QTest::newRow("not JSON") << QByteArray("POST") << WorkerApi::buildsPath() << u"builder"_s
                                  << QByteArray("{\"spec\":") << 400 << u"bad_request"_s << u"offset"_s;
        QTest::newRow("revision missing")
            << QByteArray("POST") << WorkerApi::buildsPath() << u"builder"_s
            << QByteArray(R"({"spec":{"name":"x","baseImage":"a/b:1","apt":[],"conda":[],"pip":[]}})") << 400
            << u"bad_request"_s << u"revision is missing"_s;
        QTest::newRow("revision zero")
            << QByteArray("POST") << WorkerApi::buildsPath() << u"builder"_s
            << QByteArray(
                   R"({"spec":{"name":"x","baseImage":"a/b:1","apt":[],"conda":[],"pip":[]},"revision":0})")
            << 400 << u"bad_request"_s << u"revision must be at least 1"_s;
        QTest::newRow("apt not strings")
            << QByteArray("POST") << WorkerApi::buildsPath() << u"admin"_s
            << QByteArray(
                   R"({"spec":{"name":"x","baseImage":"a/b:1","apt":["a",2],"conda":[],"pip":[]},"revision":1})")
            << 400 << u"bad_request"_s << u"spec.apt[1] must be a string"_s;
        QTest::newRow("bad name")
            << QByteArray("POST") << WorkerApi::buildsPath() << u"builder"_s
            << QByteArray(
                   R"({"spec":{"name":"No","baseImage":"a/b:1","apt":[],"conda":[],"pip":[]},"revision":1})")
            << 400 << u"bad_request"_s << u"spec.name"_s;
        QTest::newRow("bad package line")
            << QByteArray("POST") << WorkerApi::buildsPath() << u"builder"_s
            << QByteArray(
                   R"({"spec":{"name":"x","baseImage":"a/b:1","apt":["ok"," lead"],"conda":[],"pip":[]},"revision":1})")
            << 400 << u"bad_request"_s << u"spec.apt[1]"_s;
        QTest::newRow("bad target")
            << QByteArray("POST") << WorkerApi::buildsPath() << u"builder"_s
            << QByteArray(
                   R"({"spec":{"name":"x","baseImage":"a/b:1","apt":[],"conda":[],"pip":[]},"revision":1,"targetImage":"Not A Ref"})")
            << 400 << u"bad_request"_s << u"targetImage"_s;
        QTest::newRow("unknown job") << QByteArray("GET") << missing << u"builder"_s << QByteArray() << 404
                                     << u"not_found"_s << u"no job"_s;
        QTest::newRow("cancel unknown job") << QByteArray("POST") << missing + u"/cancel"_s << u"builder"_s
                                            << QByteArray() << 404 << u"not_found"_s << u"no job"_s;
        QTest::newRow("log of unknown job") << QByteArray("GET") << missing + u"/log?tail=5"_s << u"builder"_s
                                            << QByteArray() << 404 << u"not_found"_s << u"no job"_s;
        QTest::newRow("tail zero") << QByteArray("GET") << missing + u"/log?tail=0"_s << u"builder"_s
                                   << QByteArray() << 400 << u"bad_request"_s << u"tail"_s;
        QTest::newRow("tail too big") << QByteArray("GET") << missing + u"/log?tail=2001"_s << u"builder"_s
                                      << QByteArray() << 400 << u"bad_request"_s << u"tail"_s;
        QTest::newRow("tail not a number")
            << QByteArray("GET") << missing + u"/log?tail=ten"_s << u"builder"_s << QByteArray() << 400
            << u"bad_request"_s << u"tail"_s;
        QTest::newRow("follow not a flag")
            << QByteArray("GET") << missing + u"/log?follow=yes"_s << u"builder"_s << QByteArray() << 400
            << u"bad_request"_s << u"follow"_s;
        QTest::newRow("GET builds") << QByteArray("GET") << WorkerApi::buildsPath() << u"builder"_s
                                    << QByteArray() << 405 << u"method_not_allowed"_s << u"POST"_s;
        QTest::newRow("DELETE job") << QByteArray("DELETE") << missing << u"admin"_s << QByteArray() << 405
                                    << u"method_not_allowed"_s << u"GET"_s;
    }

    void refusals()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, token);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        const QByteArray bearer = token == u"reader"_s    ? m_reader
                                  : token == u"builder"_s ? m_builder
                                  : token == u"admin"_s   ? m_admin
                                                          : QByteArray();
        const Answer answer = call(method, path, bearer, body);
        QVERIFY2(answer.status == status, answer.describe().constData());
        QCOMPARE(answer.code(), code);
        QVERIFY2(answer.message().contains(mentions), qPrintable(answer.message()));
    }

    // Last: SIGTERM ends a running build as interrupted, and its followers cleanly.
    void sigtermInterruptsAndEndsStreams()
    {
        const WorkerJob queued = runBuild(build(u"stopped"_s, {u"kiln-sleep"_s}));
        QVERIFY(!queued.id.isEmpty());
        Followed *followed = follow(queued.id, 2000);
        QTRY_VERIFY2_WITH_TIMEOUT(followed->text.contains("kiln-sleep started"),
                                  qPrintable(QString::fromUtf8(followed->text.right(500)) + m_worker.log()),
                                  300000);
        QCOMPARE(m_worker.stop(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(followed->finished, 10000);
        // The chunked stream ended with its last chunk, not a dropped connection.
        QCOMPARE(followed->reply->error(), QNetworkReply::NoError);
        QCOMPARE(followed->text, readFile(logFile(queued.id)));
        followed->reply->deleteLater();
        delete followed;
        QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
        const WorkerJob after = job(queued.id);
        QCOMPARE(after.status, JobStatus::Interrupted);
        QVERIFY2(after.error.contains(u"Interrupted"_s), qPrintable(after.error));
    }
};

QTEST_GUILESS_MAIN(TestWorkerBuilds)
#include "tst_workerbuilds.moc"
