// kiln-test-properties: TIMEOUT 600
#include "cataloguefixture.h"
#include "domain/settingsschema.h"
#include "remote/workerclient.h"
#include "remote/workermonitor.h"
#include "store/secretvault.h"
#include "store/settings.h"
#include "store/workerrepository.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;

Q_DECLARE_METATYPE(Kiln::Worker)

namespace {

template <typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 60000))
        qFatal("a future did not finish within 60 s");
    return future.result();
}

} // namespace

// WorkerMonitor against real kiln-worker processes: online, a wrong token, a
// killed worker, what is stored, and Test Connection writing nothing.
class tst_WorkerMonitor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<WorkerMonitor> m_monitor;
    KilnTest::WorkerProcess m_good;
    KilnTest::WorkerProcess m_doomed;
    QByteArray m_token;
    QByteArray m_doomedToken;
    QString m_goodId;
    QString m_wrongId;
    QString m_doomedId;

    const Catalogue &catalogue() const { return m_catalogue->catalogue(); }

    QString add(const QString &name, const QUrl &url, const QByteArray &token)
    {
        Worker worker;
        worker.name = name;
        worker.url = url.toString();
        const auto added = await(addWorker(catalogue(), *m_vault, worker, token));
        if (!added.ok())
            qWarning("add(%s): %s", qPrintable(name), qPrintable(added.error()));
        return added.ok() ? added->id : QString();
    }

    Worker stored(const QString &id) const
    {
        const auto worker = WorkerRepository(catalogue()).get(id);
        return worker.ok() ? worker.value() : Worker{};
    }

    // Checks `ids` (empty: all) and waits for the round to end; the workers announced.
    QHash<QString, Worker> checkAndWait(const QString &id = {})
    {
        QSignalSpy checked(m_monitor.get(), &WorkerMonitor::workerChecked);
        QSignalSpy finished(m_monitor.get(), &WorkerMonitor::roundFinished);
        m_monitor->checkNow(id);
        if (!finished.wait(60000))
            qWarning("the round did not finish");
        QHash<QString, Worker> out;
        for (const QList<QVariant> &args : std::as_const(checked)) {
            const Worker worker = args.at(0).value<Worker>();
            out.insert(worker.id, worker);
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<Worker>();
        QVERIFY(m_work.isValid());
        KilnTest::startWatchdog(m_work.path());
        m_catalogue = std::make_unique<KilnTest::TempCatalogue>();
        QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
        m_vault = std::make_unique<SecretVault>(KilnTest::fileVaultOptions(m_work.filePath(u"vault"_s)));
        m_client = std::make_unique<WorkerClient>();
        m_client->setTimeout(3000);
        m_client->setRetryPolicy(1, 100);
        m_monitor = std::make_unique<WorkerMonitor>(catalogue(), *m_vault, m_client.get());
        m_monitor->setWorkerTimeout(5000);

        QVERIFY2(m_good.start(), qPrintable(m_good.errorString()));
        QVERIFY2(m_doomed.start(), qPrintable(m_doomed.errorString()));
        m_token = m_good.createToken({u"images:read"_s});
        QVERIFY2(!m_token.isEmpty(), qPrintable(m_good.errorString()));
        m_doomedToken = m_doomed.createToken({u"images:read"_s});
        QVERIFY2(!m_doomedToken.isEmpty(), qPrintable(m_doomed.errorString()));
        // A token of the doomed worker is unknown to the good one: 401.
        m_goodId = add(u"good"_s, m_good.baseUrl(), m_token);
        m_wrongId = add(u"wrong-token"_s, m_good.baseUrl(), m_doomedToken);
        m_doomedId = add(u"doomed"_s, m_doomed.baseUrl(), m_doomedToken);
        QVERIFY(!m_goodId.isEmpty() && !m_wrongId.isEmpty() && !m_doomedId.isEmpty());
    }

    void cleanupTestCase()
    {
        m_monitor.reset();
        m_client.reset();
        if (m_good.isRunning())
            QCOMPARE(m_good.stop(), 0);
        if (m_doomed.isRunning())
            m_doomed.stop();
    }

    void mapsAnswersToChecks()
    {
        // The one mapping, as kilnctl uses it too.
        WorkerInfo info;
        info.version = u"0.1.0"_s;
        info.capacity = 2;
        info.diskFreeBytes = 1234;
        info.runningJobs = 1;
        WorkerCheck check = workerCheckFrom(info, 42);
        QCOMPARE(check.status, u"online"_s);
        QCOMPARE(check.seenAt, std::optional<qint64>(42));
        QCOMPARE(check.capacity, std::optional<qint64>(2));
        QVERIFY(check.message.isEmpty());
        const struct
        {
            WorkerError::Code code;
            int http;
            QString status;
        } cases[] = {
            {WorkerError::Code::Unauthorized, 401, u"auth-failed"_s},
            {WorkerError::Code::Forbidden, 403, u"auth-failed"_s},
            {WorkerError::Code::Network, 0, u"unreachable"_s},
            {WorkerError::Code::Timeout, 0, u"unreachable"_s},
            {WorkerError::Code::Tls, 0, u"unreachable"_s},
            {WorkerError::Code::Server, 500, u"error"_s},
            {WorkerError::Code::Protocol, 200, u"error"_s},
        };
        for (const auto &c : cases) {
            check = workerCheckFrom(WorkerError{c.code, u"why"_s, c.http, {}}, 7);
            QCOMPARE(check.status, c.status);
            QCOMPARE(check.message, u"why"_s);
            // Seen whenever it answered over HTTP.
            QCOMPARE(check.seenAt.has_value(), c.http != 0);
        }
    }

    void checksEveryWorkerAndStoresIt()
    {
        const auto checked = checkAndWait();
        QCOMPARE(checked.size(), 3);

        const Worker good = stored(m_goodId);
        QCOMPARE(good.status, u"online"_s);
        QVERIFY(good.statusMessage.isEmpty());
        QCOMPARE(good.version, WorkerApi::version());
        QVERIFY(good.capacity.value_or(0) > 0);
        QVERIFY(good.diskFreeBytes.value_or(0) > 0);
        QVERIFY(good.lastSeenAt.has_value());
        QCOMPARE(checked.value(m_goodId), good); // announced as stored

        const Worker wrong = stored(m_wrongId);
        QCOMPARE(wrong.status, u"auth-failed"_s);
        QVERIFY2(wrong.statusMessage.contains(u"wrong-token"_s), qPrintable(wrong.statusMessage));
        QVERIFY2(wrong.statusMessage.contains(u"401"_s) ||
                     wrong.statusMessage.contains(u"unauthorized"_s, Qt::CaseInsensitive),
                 qPrintable(wrong.statusMessage));
        QVERIFY(!wrong.statusMessage.contains(u"kw_"_s)); // never the token
        QVERIFY(wrong.lastSeenAt.has_value());            // it answered
        QVERIFY(wrong.version.isEmpty());

        QCOMPARE(stored(m_doomedId).status, u"online"_s);
    }

    void killedWorkerTurnsUnreachable()
    {
        const Worker before = stored(m_doomedId);
        QVERIFY(before.lastSeenAt.has_value());
        m_doomed.kill();
        const auto checked = checkAndWait(m_doomedId);
        QCOMPARE(checked.size(), 1); // only the one asked for
        const Worker doomed = stored(m_doomedId);
        QCOMPARE(doomed.status, u"unreachable"_s);
        QVERIFY2(doomed.statusMessage.contains(u"doomed"_s), qPrintable(doomed.statusMessage));
        QVERIFY2(doomed.statusMessage.contains(u"refused"_s, Qt::CaseInsensitive),
                 qPrintable(doomed.statusMessage)); // "cannot connect to doomed: connection refused"
        // Last seen stays when it was not seen.
        QCOMPARE(doomed.lastSeenAt, before.lastSeenAt);
        QCOMPARE(checked.value(m_doomedId).status, u"unreachable"_s);
    }

    void disabledWorkersAreNotPolled()
    {
        Worker good = stored(m_goodId);
        good.enabled = false;
        QVERIFY(WorkerRepository(catalogue()).update(good).ok());
        const auto checked = checkAndWait();
        QVERIFY(!checked.contains(m_goodId));
        QCOMPARE(checked.size(), 2);
        good.enabled = true;
        QVERIFY(WorkerRepository(catalogue()).update(good).ok());
    }

    void periodicRoundsFollowTheInterval()
    {
        QVERIFY(Settings(catalogue()).set(Setting::WorkerPollSeconds, 5).ok());
        WorkerMonitor monitor(catalogue(), *m_vault, m_client.get());
        monitor.setIntervalMs(300);
        QSignalSpy checked(&monitor, &WorkerMonitor::workerChecked);
        QSignalSpy finished(&monitor, &WorkerMonitor::roundFinished);
        monitor.start();
        QVERIFY(monitor.isRunning());
        // The first round at once, then more every 300 ms.
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() >= 3, 30000);
        monitor.stop();
        QVERIFY(!monitor.isRunning());
        QVERIFY(checked.size() >= 9);
        QTest::qWait(200);
        const auto rounds = finished.size();
        QTest::qWait(800);
        QCOMPARE(finished.size(), rounds); // stopped: no more rounds

        // Without an override the setting decides (read before each round).
        WorkerMonitor bySetting(catalogue(), *m_vault, m_client.get());
        QSignalSpy first(&bySetting, &WorkerMonitor::roundFinished);
        bySetting.start();
        QVERIFY(first.wait(30000));
        QCOMPARE(bySetting.intervalMs(), 5000);
    }

    void testConnectionWritesNothing()
    {
        const int before = int(WorkerRepository(catalogue()).list()->size());
        WorkerProbe probe = await(m_monitor->testConnection(m_good.baseUrl().toString(), m_token, {}));
        QCOMPARE(probe.check.status, u"online"_s);
        QVERIFY(probe.info.has_value());
        QCOMPARE(probe.info->version, WorkerApi::version());
        QVERIFY(probe.info->diskFreeBytes > 0);

        probe = await(m_monitor->testConnection(m_good.baseUrl().toString(), "kw_0123456789abcdef_nope", {}));
        QCOMPARE(probe.check.status, u"auth-failed"_s);
        QVERIFY(!probe.info.has_value());
        QVERIFY(!probe.check.message.contains(u"nope"_s));

        // A port nobody listens on.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        probe = await(m_monitor->testConnection(u"http://127.0.0.1:%1"_s.arg(port), m_token, {}));
        QCOMPARE(probe.check.status, u"unreachable"_s);
        QVERIFY2(!probe.check.message.isEmpty(), "a readable reason");
        QCOMPARE(int(WorkerRepository(catalogue()).list()->size()), before);
    }

    void endpointOfReadsTheTokenOnce()
    {
        const Worker good = stored(m_goodId);
        const auto endpoint = await(m_monitor->endpointOf(good));
        QVERIFY(endpoint.ok());
        QCOMPARE(endpoint->token, m_token);
        QCOMPARE(endpoint->baseUrl, QUrl(good.url));
    }
};

QTEST_GUILESS_MAIN(tst_WorkerMonitor)
#include "tst_workermonitor.moc"
