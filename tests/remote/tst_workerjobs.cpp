// kiln-test-properties: LABELS slow TIMEOUT 1200
#include "bakefixture.h"
#include "remote/workerclient.h"
#include "store/catalogue.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

// WorkerClient's builds and jobs calls (runBuild, jobs, job, cancelJob, jobLog,
// followJobLog) against a real kiln-worker building with buildah.
class TestWorkerJobs : public QObject
{
    Q_OBJECT

private:
    KilnTest::BakeFixture m_fixture;
    KilnTest::WorkerProcess m_worker;
    WorkerEndpoint m_builder;
    WorkerEndpoint m_reader;

    template <typename T>
    static T wait(QFuture<T> future, int timeoutMs = 60000)
    {
        if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs))
            qWarning("the future did not finish within %d ms", timeoutMs);
        return future.result();
    }

    BuildRequest build(const QString &name, const QStringList &apt) const
    {
        BuildRequest request;
        request.spec = {name, m_fixture.baseImage(), apt, {}, {}};
        request.revision = 2;
        return request;
    }

    QByteArray logFile(const QString &id) const
    {
        QFile file(QDir(m_worker.dataDirectory()).filePath(u"logs/%1.log"_s.arg(id)));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        KilnTest::isolateSettings();
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
        const QByteArray builder = m_worker.createToken({u"builds:run"_s}, u"builder"_s);
        const QByteArray reader = m_worker.createToken({u"images:read"_s}, u"reader"_s);
        QVERIFY2(!builder.isEmpty() && !reader.isEmpty(), qPrintable(m_worker.errorString()));
        {
            auto catalogue =
                Catalogue::openSqlite(QDir(m_worker.dataDirectory()).filePath(u"catalogue.sqlite"_s));
            QVERIFY(catalogue.ok());
            QCOMPARE(m_fixture.addPushRegistry(*catalogue.value()), QString());
        }
        m_worker.setServeArguments({u"--storage-root"_s, m_fixture.storageRoot(), u"--run-root"_s,
                                    m_fixture.runRoot(), u"--storage-driver"_s, u"vfs"_s});
        QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
        m_builder = WorkerEndpoint{u"w1"_s, m_worker.baseUrl(), builder, {}};
        m_reader = WorkerEndpoint{u"w1"_s, m_worker.baseUrl(), reader, {}};
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_worker.stop(), 0);
        m_fixture.cleanup();
    }

    void requests()
    {
        // POSTs are never retried, the GETs are.
        const BuildRequest request = build(u"x"_s, {});
        QCOMPARE(WorkerClient::runBuildRequest(request).method, QByteArray("POST"));
        QCOMPARE(WorkerClient::runBuildRequest(request).path, u"/api/v1/builds"_s);
        QVERIFY(!WorkerClient::runBuildRequest(request).idempotent());
        QVERIFY(!WorkerClient::cancelJobRequest(u"j"_s).idempotent());
        QCOMPARE(WorkerClient::cancelJobRequest(u"j 1"_s).path, u"/api/v1/jobs/j%201/cancel"_s);
        QVERIFY(WorkerClient::jobsRequest().idempotent());
        QCOMPARE(WorkerClient::jobsRequest().path, u"/api/v1/jobs"_s);
        QVERIFY(WorkerClient::jobRequest(u"j"_s).idempotent());
        // The body is the contract's BuildRequest.
        const auto parsed = BuildRequest::fromJson(
            QJsonDocument::fromJson(WorkerClient::runBuildRequest(request).body).object());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value(), request);
    }

    void runFollowAndCancel()
    {
        WorkerClient client;
        const auto started = wait(client.runBuild(m_builder, build(u"sleepy"_s, {u"kiln-sleep"_s})));
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
        const WorkerJob job = started.value();
        QCOMPARE(job.status, JobStatus::Queued);
        QCOMPARE(job.specName, u"sleepy"_s);
        QCOMPARE(job.revision, 2);

        QObject context;
        QString followed;
        int deliveries = 0;
        auto follow = client.followJobLog(m_builder, job.id, 2000, &context, [&](const QString &text) {
            QVERIFY(text.endsWith(u'\n'));
            followed += text;
            ++deliveries;
        });
        QTRY_VERIFY2_WITH_TIMEOUT(followed.contains(u"kiln-sleep started"_s), qPrintable(m_worker.log()),
                                  300000);
        QVERIFY(!follow.isFinished()); // still running: the stream stays open

        const auto listed = wait(client.jobs(m_builder));
        QVERIFY(listed.ok());
        QVERIFY(!listed.value().isEmpty());
        QCOMPARE(listed.value().first().id, job.id);
        const auto running = wait(client.job(m_builder, job.id));
        QVERIFY(running.ok());
        QCOMPARE(running.value().status, JobStatus::Running);

        // A second follower with a short timeout: a stream without data for that
        // long ends with a Timeout (the job sleeps and prints nothing).
        WorkerClient impatient;
        impatient.setTimeout(1500);
        QString tail;
        QElapsedTimer clock;
        clock.start();
        const auto timedOut = wait(impatient.followJobLog(m_builder, job.id, 1, &context,
                                                          [&tail](const QString &text) { tail += text; }));
        QVERIFY(!timedOut.ok());
        QCOMPARE(timedOut.error().code, WorkerError::Code::Timeout);
        QVERIFY2(clock.elapsed() < 30000, QByteArray::number(clock.elapsed()).constData());
        QCOMPARE(tail.count(u'\n'), 1); // the tail came before the silence
        QVERIFY(tail.contains(u"kiln-sleep started"_s));

        // Cancelling the future closes the stream.
        auto dropped = client.followJobLog(m_builder, job.id, 5, &context, [](const QString &) {});
        QCOMPARE(client.activeRequests(), 2);
        dropped.cancel();
        QTRY_COMPARE(client.activeRequests(), 1);

        const auto cancelled = wait(client.cancelJob(m_builder, job.id));
        QVERIFY2(cancelled.ok(), qPrintable(cancelled.ok() ? QString() : cancelled.error().message));
        const auto ended = wait(follow, 60000);
        QVERIFY2(ended.ok(), qPrintable(ended.ok() ? QString() : ended.error().message));
        QVERIFY(deliveries >= 2); // the lines came in several pieces
        QCOMPARE(wait(client.job(m_builder, job.id)).value().status, JobStatus::Cancelled);

        // The followed text is the log, and jobLog() reads it too.
        const QString whole = QString::fromUtf8(logFile(job.id));
        QCOMPARE(followed, whole);
        const auto log = wait(client.jobLog(m_builder, job.id));
        QVERIFY(log.ok());
        QCOMPARE(log.value(), whole);
        const auto last = wait(client.jobLog(m_builder, job.id, 1));
        QVERIFY(last.ok());
        QCOMPARE(last.value(), whole.section(u'\n', -2));

        // Finished: cancelling again is refused.
        const auto again = wait(client.cancelJob(m_builder, job.id));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, WorkerError::Code::Rejected);
        QCOMPARE(again.error().apiCode, u"conflict"_s);
    }

    void contextGoneClosesTheStream()
    {
        WorkerClient client;
        const auto started = wait(client.runBuild(m_builder, build(u"orphan"_s, {u"kiln-sleep"_s})));
        QVERIFY(started.ok());
        auto *context = new QObject;
        int calls = 0;
        auto follow = client.followJobLog(m_builder, started.value().id, 10, context,
                                          [&calls](const QString &) { ++calls; });
        delete context;
        const auto result = wait(follow);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, WorkerError::Code::Cancelled);
        QCOMPARE(client.activeRequests(), 0);
        QCOMPARE(calls, 0);
        QVERIFY(wait(client.cancelJob(m_builder, started.value().id)).ok());
        QTRY_VERIFY_WITH_TIMEOUT(wait(client.job(m_builder, started.value().id)).value().isFinished(), 60000);
    }

    void errors()
    {
        WorkerClient client;
        const auto unknown = wait(client.job(m_builder, u"no-such-job"_s));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, WorkerError::Code::NotFound);
        QVERIFY2(unknown.error().message.contains(u"w1"_s), qPrintable(unknown.error().message));
        const auto noLog = wait(client.jobLog(m_builder, u"no-such-job"_s, 10));
        QVERIFY(!noLog.ok());
        QCOMPARE(noLog.error().code, WorkerError::Code::NotFound);
        QObject context;
        const auto noFollow =
            wait(client.followJobLog(m_builder, u"no-such-job"_s, 10, &context, [](const QString &) {}));
        QVERIFY(!noFollow.ok());
        QCOMPARE(noFollow.error().code, WorkerError::Code::NotFound);
        QCOMPARE(noFollow.error().apiCode, u"not_found"_s);

        const auto forbidden = wait(client.runBuild(m_reader, build(u"nope"_s, {})));
        QVERIFY(!forbidden.ok());
        QCOMPARE(forbidden.error().code, WorkerError::Code::Forbidden);
        QVERIFY(wait(client.jobs(m_reader)).error().message.contains(u"builds:run"_s));

        BuildRequest bad = build(u"bad"_s, {u"curl"_s, u" lead"_s});
        const auto rejected = wait(client.runBuild(m_builder, bad));
        QVERIFY(!rejected.ok());
        QCOMPARE(rejected.error().code, WorkerError::Code::Rejected);
        QVERIFY2(rejected.error().message.contains(u"spec.apt[1]"_s), qPrintable(rejected.error().message));
    }
};

QTEST_GUILESS_MAIN(TestWorkerJobs)
#include "tst_workerjobs.moc"
