// kiln-test-properties: TIMEOUT 900
#include "cataloguefixture.h"
#include "layerbuilder.h"
#include "remote/warmservice.h"
#include "remote/workerclient.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagecacherepository.h"
#include "store/bakeimagerepository.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using KilnTest::LayerBuilder;

Q_DECLARE_METATYPE(Kiln::WarmSummary)
Q_DECLARE_METATYPE(Kiln::CacheEntry)

namespace {

template <typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 60000))
        qFatal("a future did not finish within 60 s");
    return future.result();
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

} // namespace

// Warming bake images on three real kiln-worker processes: the fan-out, the rows
// of the cache view, a worker killed in the middle, re-warm after its restart.
class TestWarmService : public QObject
{
    Q_OBJECT

private:
    static constexpr int kWorkers = 3;
    std::unique_ptr<KilnTest::WorkerProcess> m_workers[kWorkers];
    QTemporaryDir m_work;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<WarmService> m_service;
    QString m_workerIds[kWorkers];
    QString m_groupId;

    const Catalogue &catalogue() const { return m_catalogue->catalogue(); }

    BakeImage registerTarImage(const QString &name, const QString &tar, qint64 sizeMib)
    {
        BakeImage image;
        image.name = name;
        image.displayName = name;
        image.source = BakeSource{BakeSourceKind::RootfsTar, tar};
        image.sizeMib = sizeMib;
        auto registered = BakeImageRepository(catalogue()).registerImage(image);
        if (!registered)
            qFatal("%s", qPrintable(registered.error().message));
        return registered.value();
    }

    QHash<QString, CacheEntry> rows(const QString &imageId) const
    {
        QHash<QString, CacheEntry> byWorker;
        const auto listed = BakeImageCacheRepository(catalogue()).listByImage(imageId);
        if (listed) {
            for (const CacheEntry &entry : listed.value())
                byWorker.insert(entry.workerId, entry);
        }
        return byWorker;
    }

    // Waits for the warm's summary.
    std::optional<WarmSummary> warm(const QString &imageId, WarmScope scope = WarmScope::All)
    {
        QSignalSpy finished(m_service.get(), &WarmService::warmFinished);
        QSignalSpy failed(m_service.get(), &WarmService::warmFailed);
        m_service->warm(imageId, scope);
        if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 120000))
            return std::nullopt;
        if (!failed.isEmpty()) {
            qWarning() << "warm failed:" << failed.constFirst().at(1).toString();
            return std::nullopt;
        }
        return finished.constFirst().at(1).value<WarmSummary>();
    }

    bool waitSettled(const QString &imageId, int timeoutMs = 180000)
    {
        return QTest::qWaitFor(
            [&] {
                for (const CacheEntry &entry : rows(imageId)) {
                    if (entry.status == WorkerCacheStatus::Pending ||
                        entry.status == WorkerCacheStatus::Building)
                        return false;
                }
                return !m_service->isWatching(imageId);
            },
            timeoutMs);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<WarmSummary>();
        qRegisterMetaType<CacheEntry>();
        QVERIFY(m_work.isValid());
        KilnTest::startWatchdog(m_work.path());
        m_catalogue = std::make_unique<KilnTest::TempCatalogue>();
        QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
        m_vault = std::make_unique<SecretVault>(KilnTest::fileVaultOptions(m_work.filePath(u"vault"_s)));
        m_client = std::make_unique<WorkerClient>();
        m_client->setTimeout(5000);
        m_client->setRetryPolicy(2, 100);
        m_service = std::make_unique<WarmService>(catalogue(), *m_vault, m_client.get());
        m_service->setPollInterval(200);
        m_service->setWorkerTimeout(8000);

        AvailabilityGroup group;
        group.name = u"gpu-a"_s;
        auto created = AvailabilityGroupRepository(catalogue()).create(group);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
        m_groupId = created->id;

        for (int i = 0; i < kWorkers; ++i) {
            m_workers[i] = std::make_unique<KilnTest::WorkerProcess>();
            QVERIFY2(m_workers[i]->start(), qPrintable(m_workers[i]->errorString()));
            const QByteArray token = m_workers[i]->createToken({u"images:read"_s, u"images:manage"_s});
            QVERIFY2(!token.isEmpty(), qPrintable(m_workers[i]->errorString()));
            Worker worker;
            worker.name = u"worker-%1"_s.arg(i + 1);
            worker.url = m_workers[i]->baseUrl().toString();
            const auto added = await(addWorker(catalogue(), *m_vault, worker, token));
            QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error()));
            m_workerIds[i] = added->id;
            QVERIFY(AvailabilityGroupRepository(catalogue()).addWorker(m_groupId, added->id).ok());
        }
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_client.reset();
        for (auto &worker : m_workers) {
            if (worker && worker->isRunning())
                QCOMPARE(worker->stop(), 0);
        }
    }

    void imageWithoutGroupWarmsNothing()
    {
        LayerBuilder rootfs;
        rootfs.dir("etc").file("etc/hostname", "lonely\n");
        const QString tar = m_work.filePath(u"lonely.tar"_s);
        QVERIFY(rootfs.write(tar));
        const BakeImage image = registerTarImage(u"lonely"_s, tar, 8);
        const auto summary = warm(image.id);
        QVERIFY(summary);
        QCOMPARE(*summary, WarmSummary{});
        QVERIFY(rows(image.id).isEmpty());
    }

    void warmsOnEveryWorkerOfTheGroup()
    {
        LayerBuilder rootfs;
        rootfs.dir("etc")
            .file("etc/os-release", "ID=kiln\n")
            .dir("opt")
            .file("opt/data", randomBytes(1 << 20, 3));
        const QString tar = m_work.filePath(u"small.tar"_s);
        QVERIFY(rootfs.write(tar));
        const BakeImage image = registerTarImage(u"small"_s, tar, 16);
        QVERIFY(AvailabilityGroupRepository(catalogue()).attachImage(m_groupId, image.id).ok());

        QSignalSpy changed(m_service.get(), &WarmService::entryChanged);
        const auto summary = warm(image.id);
        QVERIFY(summary);
        QCOMPARE(summary->total(), kWorkers);
        QCOMPARE(summary->failed, 0);
        QCOMPARE(summary->skipped, 0);
        QVERIFY(waitSettled(image.id));
        const auto settled = rows(image.id);
        QCOMPARE(settled.size(), kWorkers);
        QString checksum;
        for (const QString &id : m_workerIds) {
            const CacheEntry entry = settled.value(id);
            QVERIFY2(entry.status == WorkerCacheStatus::Ready, qPrintable(entry.errorText));
            QCOMPARE(entry.contentSha256.size(), 64);
            QVERIFY(entry.contentSize.value_or(0) > 0);
            // The same tar bakes to the same ext4 everywhere? Not necessarily (mtimes,
            // UUIDs); each worker reports the checksum of its own file.
            checksum = entry.contentSha256;
        }
        QVERIFY(!checksum.isEmpty());
        QVERIFY(changed.size() >= 2 * kWorkers); // pending, then at least the final state

        // Warming again an image that is ready answers at once: ready everywhere.
        QElapsedTimer clock;
        clock.start();
        const auto again = warm(image.id);
        QVERIFY(again);
        QCOMPARE(*again, (WarmSummary{0, kWorkers, 0, 0}));
        QVERIFY2(clock.elapsed() < 5000, QByteArray::number(clock.elapsed()).constData());
    }

    void killedWorkerFailsReadablyAndRewarmRecovers()
    {
        // Big enough that the bake is still under way when the worker dies.
        LayerBuilder rootfs;
        rootfs.dir("srv");
        for (int i = 0; i < 6; ++i)
            rootfs.file("srv/blob-" + QByteArray::number(i), randomBytes(24 << 20, 10 + i));
        const QString tar = m_work.filePath(u"big.tar"_s);
        QVERIFY(rootfs.write(tar));
        const BakeImage image = registerTarImage(u"big"_s, tar, 256);
        QVERIFY(AvailabilityGroupRepository(catalogue()).attachImage(m_groupId, image.id).ok());

        const auto summary = warm(image.id);
        QVERIFY(summary);
        QCOMPARE(summary->failed, 0);
        // Worker 2 dies while the warm is under way.
        m_workers[1]->kill();
        QVERIFY(waitSettled(image.id));
        auto settled = rows(image.id);
        const CacheEntry dead = settled.value(m_workerIds[1]);
        if (dead.status == WorkerCacheStatus::Ready)
            QSKIP("worker-2 finished baking before it was killed; the machine is too fast for this tar");
        QCOMPARE(dead.status, WorkerCacheStatus::Failed);
        QVERIFY2(dead.errorText.contains(u"worker-2"_s), qPrintable(dead.errorText));
        QVERIFY2(!dead.errorText.contains(u"kw_"_s), qPrintable(dead.errorText)); // no token in messages
        QCOMPARE(settled.value(m_workerIds[0]).status, WorkerCacheStatus::Ready);
        QCOMPARE(settled.value(m_workerIds[2]).status, WorkerCacheStatus::Ready);

        // Restarted on the same port and data directory, re-warm of the failed
        // ones asks it alone and brings it to ready.
        QVERIFY2(m_workers[1]->start(), qPrintable(m_workers[1]->errorString()));
        const auto rewarm = warm(image.id, WarmScope::FailedOnly);
        QVERIFY(rewarm);
        QCOMPARE(rewarm->total(), 1);
        QVERIFY(waitSettled(image.id));
        settled = rows(image.id);
        for (const QString &id : m_workerIds)
            QVERIFY2(settled.value(id).status == WorkerCacheStatus::Ready,
                     qPrintable(settled.value(id).errorText));
    }

    void evictOnOneWorker()
    {
        const auto image = BakeImageRepository(catalogue()).getByName(u"small"_s);
        QVERIFY(image.ok());
        QSignalSpy evicted(m_service.get(), &WarmService::evictFinished);
        m_service->evict(image->id, m_workerIds[2]);
        QVERIFY(QTest::qWaitFor([&] { return !evicted.isEmpty(); }, 30000));
        QCOMPARE(evicted.constFirst().at(2).toString(), QString());
        QCOMPARE(rows(image->id).value(m_workerIds[2]).status, WorkerCacheStatus::Evicted);
        QCOMPARE(rows(image->id).value(m_workerIds[0]).status, WorkerCacheStatus::Ready);
    }

    void disabledWorkerIsSkipped()
    {
        auto worker = WorkerRepository(catalogue()).get(m_workerIds[0]);
        QVERIFY(worker.ok());
        Worker disabled = worker.value();
        disabled.enabled = false;
        QVERIFY(WorkerRepository(catalogue()).update(disabled).ok());
        const auto summary = warm(u"small"_s);
        QVERIFY(summary);
        QCOMPARE(summary->skipped, 1);
        QCOMPARE(summary->total(), kWorkers);
        disabled.enabled = true;
        QVERIFY(WorkerRepository(catalogue()).update(disabled).ok());
    }
};

QTEST_GUILESS_MAIN(TestWarmService)
#include "tst_warmservice.moc"
