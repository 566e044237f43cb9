// kiln-test-properties: LABELS slow TIMEOUT 600
#include "cataloguefixture.h"
#include "ocitesting.h"
#include "registryserver.h"
#include "testsupport.h"

#include "bake/registryhealthmonitor.h"
#include "store/registryrepository.h"
#include "store/settings.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

Q_DECLARE_METATYPE(Kiln::RegistryHealth)
Q_DECLARE_METATYPE(Kiln::RegistryHealthStatus)

class tst_RegistryHealthMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void roundsStoreEveryResult();
    void statusChangedOnlyOnChange();
    void checkNowChecksOne();
    void intervalFromTheSetting();
    void randomStartOffsetWithinInterval();
    void deletedRegistryIsNotAnnounced();
    void destroyedWhileChecking();

private:
    std::unique_ptr<TempCatalogue> m_temp;
    std::unique_ptr<OciClient> m_client;
    std::unique_ptr<RegistryHealthChecker> m_checker;
    std::unique_ptr<RegistryServer> m_registry;
    QString m_closed;
};

void tst_RegistryHealthMonitor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    qRegisterMetaType<Kiln::RegistryHealth>();
    qRegisterMetaType<Kiln::RegistryHealthStatus>();
    QVERIFY2(!RegistryServer::program().isEmpty(), "docker-registry is not installed");
    m_closed = u"127.0.0.1:%1"_s.arg(freePort());
}

void tst_RegistryHealthMonitor::init()
{
    m_temp = std::make_unique<TempCatalogue>();
    QVERIFY2(m_temp->isOpen(), qPrintable(m_temp->errorString()));
    m_client = std::make_unique<OciClient>();
    m_client->setRetryPolicy(1, 0);
    m_client->setTransferTimeout(5000);
    m_checker = std::make_unique<RegistryHealthChecker>(m_client.get(), CredentialLookup{});
    m_registry = std::make_unique<RegistryServer>();
    QVERIFY2(m_registry->start(), qPrintable(m_registry->errorString()));
}

void tst_RegistryHealthMonitor::cleanup()
{
    m_checker.reset();
    m_client.reset();
    m_registry.reset();
    m_temp.reset();
}

void tst_RegistryHealthMonitor::roundsStoreEveryResult()
{
    const RegistryRepository registries(m_temp->catalogue());
    const Registry good = registries.create(registryAt(u"good"_s, m_registry->address())).value();
    const Registry down = registries.create(registryAt(u"down"_s, m_closed)).value();

    RegistryHealthMonitor monitor(m_temp->catalogue(), m_checker.get());
    monitor.setIntervalMs(400);
    monitor.setStartOffsetMs(0);
    QCOMPARE(monitor.intervalMs(), 400);
    QSignalSpy health(&monitor, &RegistryHealthMonitor::healthChanged);
    QSignalSpy rounds(&monitor, &RegistryHealthMonitor::roundFinished);
    QSignalSpy failed(&monitor, &RegistryHealthMonitor::failed);
    QElapsedTimer clock;
    clock.start();
    monitor.start();
    QVERIFY(monitor.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 1, 30000);
    QCOMPARE(health.size(), 2);
    QCOMPARE(failed.size(), 0);

    const Registry storedGood = registries.get(good.id).value();
    QCOMPARE(storedGood.healthStatus, u"healthy"_s);
    QVERIFY(storedGood.healthLatencyMs.has_value());
    QVERIFY(storedGood.healthCheckedAt.has_value());
    QCOMPARE(storedGood.updatedAt, good.updatedAt); // a check is not an edit
    const Registry storedDown = registries.get(down.id).value();
    QCOMPARE(storedDown.healthStatus, u"unreachable"_s);
    QVERIFY2(storedDown.healthMessage.contains(u"connection refused"_s),
             qPrintable(storedDown.healthMessage));
    QCOMPARE(storedDown.healthLatencyMs, std::nullopt);

    // What was announced is what was stored.
    for (const QList<QVariant> &args : std::as_const(health)) {
        const QString id = args.at(0).toString();
        const RegistryHealth announced = args.at(1).value<RegistryHealth>();
        QCOMPARE(announced, storedHealth(registries.get(id).value()));
    }

    // The interval repeats the rounds.
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 3, 30000);
    QVERIFY2(clock.elapsed() >= 2 * 400, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(health.size() >= 6);
    monitor.stop();
    QVERIFY(!monitor.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(monitor.pendingChecks(), 0, 30000);
    const qsizetype after = rounds.size();
    QTest::qWait(1200);
    QCOMPARE(rounds.size(), after); // stopped: no more rounds
}

void tst_RegistryHealthMonitor::statusChangedOnlyOnChange()
{
    const RegistryRepository registries(m_temp->catalogue());
    const Registry good = registries.create(registryAt(u"good"_s, m_registry->address())).value();

    RegistryHealthMonitor monitor(m_temp->catalogue(), m_checker.get());
    QSignalSpy health(&monitor, &RegistryHealthMonitor::healthChanged);
    QSignalSpy status(&monitor, &RegistryHealthMonitor::statusChanged);
    QSignalSpy rounds(&monitor, &RegistryHealthMonitor::roundFinished);

    monitor.checkAll();
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 1, 30000);
    QCOMPARE(status.size(), 1); // unknown -> healthy
    QCOMPARE(status.at(0).at(0).toString(), good.id);
    QCOMPARE(status.at(0).at(1).value<RegistryHealth>().status, RegistryHealthStatus::Healthy);
    QCOMPARE(status.at(0).at(2).value<RegistryHealthStatus>(), RegistryHealthStatus::Unknown);

    monitor.checkAll();
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 2, 30000);
    QCOMPARE(health.size(), 2); // every result...
    QCOMPARE(status.size(), 1); // ...but the same status

    m_registry->stop();
    monitor.checkAll();
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 3, 30000);
    QCOMPARE(health.size(), 3);
    QCOMPARE(status.size(), 2); // healthy -> unreachable, once
    QCOMPARE(status.at(1).at(1).value<RegistryHealth>().status, RegistryHealthStatus::Unreachable);
    QCOMPARE(status.at(1).at(2).value<RegistryHealthStatus>(), RegistryHealthStatus::Healthy);
    QCOMPARE(registries.get(good.id).value().healthStatus, u"unreachable"_s);

    // A new monitor starts from the stored status: the same status is no change.
    RegistryHealthMonitor second(m_temp->catalogue(), m_checker.get());
    QSignalSpy secondStatus(&second, &RegistryHealthMonitor::statusChanged);
    QSignalSpy secondRounds(&second, &RegistryHealthMonitor::roundFinished);
    second.checkAll();
    QTRY_COMPARE_WITH_TIMEOUT(secondRounds.size(), 1, 30000);
    QCOMPARE(secondStatus.size(), 0);
}

void tst_RegistryHealthMonitor::checkNowChecksOne()
{
    const RegistryRepository registries(m_temp->catalogue());
    const Registry good = registries.create(registryAt(u"good"_s, m_registry->address())).value();
    const Registry other = registries.create(registryAt(u"other"_s, m_closed)).value();

    RegistryHealthMonitor monitor(m_temp->catalogue(), m_checker.get());
    QSignalSpy health(&monitor, &RegistryHealthMonitor::healthChanged);
    QSignalSpy rounds(&monitor, &RegistryHealthMonitor::roundFinished);
    monitor.checkNow(good.id);
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 1 && monitor.pendingChecks() == 0, 30000);
    QTest::qWait(200);
    QCOMPARE(health.size(), 1);
    QCOMPARE(health.at(0).at(0).toString(), good.id);
    QCOMPARE(registries.get(good.id).value().healthStatus, u"healthy"_s);
    QCOMPARE(registries.get(other.id).value().healthStatus, u"unknown"_s);

    QSignalSpy failed(&monitor, &RegistryHealthMonitor::failed);
    monitor.checkNow(u"no-such-registry"_s);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    QVERIFY2(failed.at(0).at(0).toString().contains(u"no-such-registry"_s),
             qPrintable(failed.at(0).at(0).toString()));
}

void tst_RegistryHealthMonitor::intervalFromTheSetting()
{
    QVERIFY(Settings(m_temp->catalogue()).set(Setting::HealthCheckIntervalMinutes, 7).ok());
    const RegistryRepository registries(m_temp->catalogue());
    QVERIFY(registries.create(registryAt(u"good"_s, m_registry->address())).ok());
    RegistryHealthMonitor monitor(m_temp->catalogue(), m_checker.get());
    QCOMPARE(monitor.intervalMs(), 5 * 60 * 1000); // the default until read
    QSignalSpy rounds(&monitor, &RegistryHealthMonitor::roundFinished);
    monitor.checkAll();
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 1, 30000);
    QCOMPARE(monitor.intervalMs(), 7 * 60 * 1000);
    monitor.setIntervalMs(1234);
    QCOMPARE(monitor.intervalMs(), 1234);
}

void tst_RegistryHealthMonitor::randomStartOffsetWithinInterval()
{
    const RegistryRepository registries(m_temp->catalogue());
    QVERIFY(registries.create(registryAt(u"good"_s, m_registry->address())).ok());
    RegistryHealthMonitor monitor(m_temp->catalogue(), m_checker.get());
    monitor.setIntervalMs(1500); // no start offset given: a random one below 1500 ms
    QSignalSpy rounds(&monitor, &RegistryHealthMonitor::roundFinished);
    QElapsedTimer clock;
    clock.start();
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 1, 30000);
    QVERIFY2(clock.elapsed() < 1500 + 5000, qPrintable(QString::number(clock.elapsed())));
}

void tst_RegistryHealthMonitor::deletedRegistryIsNotAnnounced()
{
    const RegistryRepository registries(m_temp->catalogue());
    // A peer that accepts and never answers: the check runs until the transfer timeout.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const Registry doomed =
        registries.create(registryAt(u"doomed"_s, u"127.0.0.1:%1"_s.arg(silent.serverPort()))).value();
    RegistryHealthMonitor monitor(m_temp->catalogue(), m_checker.get());
    QSignalSpy health(&monitor, &RegistryHealthMonitor::healthChanged);
    QSignalSpy failed(&monitor, &RegistryHealthMonitor::failed);
    QSignalSpy rounds(&monitor, &RegistryHealthMonitor::roundFinished);
    monitor.checkAll();
    // Deleted while its check runs (the listing has already been read).
    QTRY_VERIFY_WITH_TIMEOUT(monitor.pendingChecks() > 0, 30000);
    QVERIFY(registries.remove(doomed.id).ok());
    QTRY_COMPARE_WITH_TIMEOUT(rounds.size(), 1, 30000);
    QCOMPARE(health.size(), 0);
    QCOMPARE(failed.size(), 0);
}

void tst_RegistryHealthMonitor::destroyedWhileChecking()
{
    const RegistryRepository registries(m_temp->catalogue());
    for (int i = 0; i < 5; ++i)
        QVERIFY(registries.create(registryAt(u"r%1"_s.arg(i), m_registry->address())).ok());
    auto monitor = std::make_unique<RegistryHealthMonitor>(m_temp->catalogue(), m_checker.get());
    monitor->setIntervalMs(50);
    monitor->setStartOffsetMs(0);
    monitor->start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor->pendingChecks() > 0, 30000);
    monitor.reset(); // checks under way: their results go nowhere
    QTest::qWait(500);
    // Whatever was stored is a complete result; nothing crashed after the monitor went.
    for (const Registry &r : registries.list().value())
        QVERIFY(r.healthStatus == u"unknown"_s || r.healthStatus == u"healthy"_s);
}

QTEST_GUILESS_MAIN(tst_RegistryHealthMonitor)
#include "tst_registryhealthmonitor.moc"
