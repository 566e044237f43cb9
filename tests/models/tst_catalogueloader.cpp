#include "catalogueloader.h"
#include "catalogueseeds.h"
#include "modeltesting.h"
#include "store/specrepository.h"

#include <QSemaphore>
#include <QThread>
#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

// What a read saw, on its pool thread.
struct Seen
{
    QThread *thread = nullptr;
    qint64 specs = -1;
    int tag = 0;
};

Seen countSpecs(const Catalogue &catalogue, int tag)
{
    const auto counted = SpecRepository(catalogue).count({});
    return Seen{QThread::currentThread(), counted.ok() ? counted.value() : -1, tag};
}

// Releases `gate` from another thread after `ms`, while this one may be blocked
// in a destructor.
std::thread releaseLater(QSemaphore &gate, int ms)
{
    return std::thread([&gate, ms] {
        QThread::msleep(ms);
        gate.release();
    });
}

} // namespace

class tst_CatalogueLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        QVERIFY(!KilnTest::addSpec(m_fixture.catalogue(), u"cuda"_s).spec.id.isEmpty());
        QVERIFY(!KilnTest::addSpec(m_fixture.catalogue(), u"rocm"_s).spec.id.isEmpty());
    }

    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone();
        QThreadPool::globalInstance()->setMaxThreadCount(QThread::idealThreadCount());
        m_fixture.cleanup();
    }

    void readsOnThePoolAndDeliversOnTheOwnersThread()
    {
        QObject owner;
        auto *loader = new CatalogueLoader(m_fixture.catalogue(), &owner);
        QList<Seen> delivered;
        QThread *deliveredOn = nullptr;
        int pendingWhileDelivering = -1;
        loader->run([](const Catalogue &catalogue) { return countSpecs(catalogue, 1); },
                    [&](const Seen &seen) {
                        delivered.append(seen);
                        deliveredOn = QThread::currentThread();
                        pendingWhileDelivering = loader->pendingCount();
                    });
        QCOMPARE(loader->pendingCount(), 1);
        QVERIFY(loader->isBusy());
        QVERIFY(delivered.isEmpty()); // never synchronously
        QTRY_COMPARE(delivered.size(), 1);
        QCOMPARE(delivered.first().specs, 2);
        QVERIFY(delivered.first().thread != nullptr);
        QVERIFY(delivered.first().thread != QThread::currentThread());
        QCOMPARE(deliveredOn, QThread::currentThread());
        QCOMPARE(pendingWhileDelivering, 0);
        QVERIFY(!loader->isBusy());
    }

    void dropsWhatWasStartedBeforeDiscardPending()
    {
        CatalogueLoader loader(m_fixture.catalogue());
        QSemaphore gate;
        QList<int> delivered;
        const auto deliver = [&delivered](const Seen &seen) { delivered.append(seen.tag); };
        loader.run(
            [&gate](const Catalogue &catalogue) {
                gate.tryAcquire(1, 10000);
                return countSpecs(catalogue, 1);
            },
            deliver);
        loader.discardPending();
        loader.run([](const Catalogue &catalogue) { return countSpecs(catalogue, 2); }, deliver);
        QTRY_COMPARE(delivered, QList<int>{2});
        QCOMPARE(loader.pendingCount(), 1); // the stale read still runs: it counts
        gate.release();
        QTRY_VERIFY(!loader.isBusy());
        QTest::qWait(50);
        QCOMPARE(delivered, QList<int>{2});

        loader.run([](const Catalogue &catalogue) { return countSpecs(catalogue, 3); }, deliver);
        QTRY_COMPARE(delivered, (QList<int>{2, 3})); // a later read is delivered again
    }

    void destructionWaitsForARunningReadAndDeliversNothing()
    {
        auto owner = std::make_unique<QObject>();
        auto *loader = new CatalogueLoader(m_fixture.catalogue(), owner.get());
        QSemaphore started;
        QSemaphore gate;
        std::atomic<bool> finished = false;
        bool delivered = false;
        loader->run(
            [&](const Catalogue &catalogue) {
                started.release();
                gate.tryAcquire(1, 10000);
                Seen seen = countSpecs(catalogue, 1);
                finished = true;
                return seen;
            },
            [&delivered](const Seen &) { delivered = true; });
        QVERIFY(started.tryAcquire(1, 10000));
        std::thread releaser = releaseLater(gate, 200);
        owner.reset(); // deletes the loader: waits for the read
        const bool finishedBeforeReturn = finished;
        releaser.join();
        QVERIFY(finishedBeforeReturn);
        QTest::qWait(50);
        QVERIFY(!delivered);
    }

    void destructionCancelsReadsThatHaveNotStarted()
    {
        QThreadPool::globalInstance()->setMaxThreadCount(1);
        auto *loader = new CatalogueLoader(m_fixture.catalogue());
        QSemaphore started;
        QSemaphore gate;
        std::atomic<int> ran = 0;
        int delivered = 0;
        loader->run(
            [&](const Catalogue &catalogue) {
                started.release();
                gate.tryAcquire(1, 10000);
                ++ran;
                return countSpecs(catalogue, 1);
            },
            [&delivered](const Seen &) { ++delivered; });
        loader->run(
            [&ran](const Catalogue &catalogue) {
                ++ran;
                return countSpecs(catalogue, 2);
            },
            [&delivered](const Seen &) { ++delivered; });
        QVERIFY(started.tryAcquire(1, 10000)); // the first runs, the second waits for the thread
        QCOMPARE(loader->pendingCount(), 2);
        std::thread releaser = releaseLater(gate, 100);
        delete loader;
        releaser.join();
        QCOMPARE(ran.load(), 1);
        QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
        QCOMPARE(ran.load(), 1); // the second never ran
        QTest::qWait(50);
        QCOMPARE(delivered, 0);
    }

private:
    KilnTest::ModelTestFixture m_fixture;
};

QTEST_MAIN(tst_CatalogueLoader)
#include "tst_catalogueloader.moc"
