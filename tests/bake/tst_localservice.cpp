#include "bake/localservice.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_LocalService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detectsOnItsOwnThread();
    void stopsCleanly();
};

// Detection runs on the service's thread and reports back through a queued signal.
void tst_LocalService::detectsOnItsOwnThread()
{
    LocalService service;
    QSignalSpy spy(&service, &LocalService::enginesDetected);
    QVERIFY(!service.isRunning());
    service.start();
    QVERIFY(service.isRunning());
    QVERIFY(spy.wait(20000));
    const auto engines = spy.takeFirst().at(0).value<QList<ContainerEngineInfo>>();
    QCOMPARE(engines.size(), 3);
    QCOMPARE(service.engines().size(), 3);
    QCOMPARE(service.engines().first().kind, engines.first().kind);

    // A second request gives a second answer.
    service.detectEngines();
    QVERIFY(spy.wait(20000));
}

void tst_LocalService::stopsCleanly()
{
    auto service = std::make_unique<LocalService>();
    service->start();
    service->detectEngines();
    QVERIFY(service->isRunning());
    service.reset(); // must join the thread without hanging or crashing, with work queued
}

QTEST_GUILESS_MAIN(tst_LocalService)
#include "tst_localservice.moc"
