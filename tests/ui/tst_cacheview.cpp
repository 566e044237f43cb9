// kiln-test-properties: LABELS slow TIMEOUT 1200
#include "bakeimages/bakeimagedetailpane.h"
#include "bakeimages/bakeimagespage.h"
#include "bakeimages/cacheview.h"
#include "bakeimages/registerbakedialog.h"
#include "cacheentrymodel.h"
#include "cataloguefixture.h"
#include "layerbuilder.h"
#include "remote/warmservice.h"
#include "remote/workerclient.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagerepository.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using KilnTest::LayerBuilder;

namespace {

const QString kShots = u"/tmp/h/shots"_s;

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

void shoot(QWidget *widget, const QString &name)
{
    QDir().mkpath(kShots);
    QCoreApplication::processEvents();
    if (!widget->grab().save(kShots + u'/' + name + u".png"_s))
        qWarning("could not save the screenshot %s", qPrintable(name));
}

} // namespace

// The Workers tab of a bake image against two real kiln-worker processes: rows
// turn ready live, a worker killed in the middle fails readably and Re-warm
// Failed brings it back, Evict, the empty state of an image no group covers, and
// registering an image into a group.
class tst_CacheView : public QObject
{
    Q_OBJECT

private:
    static constexpr int kWorkers = 2;
    std::unique_ptr<KilnTest::WorkerProcess> m_workers[kWorkers];
    QTemporaryDir m_work;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<WarmService> m_service;
    QString m_workerIds[kWorkers];
    QString m_groupId;

    const Catalogue &catalogue() const { return m_catalogue->catalogue(); }

    BakeImage registerTar(const QString &name, const QString &tar, qint64 sizeMib)
    {
        BakeImage image;
        image.name = name;
        image.source = BakeSource{BakeSourceKind::RootfsTar, tar};
        image.sizeMib = sizeMib;
        auto registered = BakeImageRepository(catalogue()).registerImage(image);
        if (!registered)
            qFatal("%s", qPrintable(registered.error().message));
        return registered.value();
    }

    QString smallTar(const QString &name)
    {
        LayerBuilder rootfs;
        rootfs.dir("etc").file("etc/hostname", name.toUtf8() + '\n');
        const QString tar = m_work.filePath(name + u".tar"_s);
        if (!rootfs.write(tar))
            qFatal("cannot write %s", qPrintable(tar));
        return tar;
    }

    QString status(const CacheView &view, const QString &workerId) const
    {
        const int row = view.model()->rowOfWorker(workerId);
        return row < 0 ? u"(none)"_s
                       : view.model()->index(row, 0).data(CacheEntryModel::StatusNameRole).toString();
    }

    std::unique_ptr<CacheView> openView(const BakeImage &image)
    {
        auto view = std::make_unique<CacheView>(catalogue(), m_service.get());
        view->resize(760, 360);
        view->setImage(image.id, image.name);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()) ||
            !QTest::qWaitFor([&view] { return !view->isLoading(); }, 10000))
            qWarning("the view did not load");
        return view;
    }

private Q_SLOTS:
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
        QVERIFY(created.ok());
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

    void rowsTurnReadyLive()
    {
        const BakeImage image = registerTar(u"small"_s, smallTar(u"small"_s), 16);
        QVERIFY(AvailabilityGroupRepository(catalogue()).attachImage(m_groupId, image.id).ok());
        auto view = openView(image);
        QVERIFY(!view->isEmptyStateShown());
        // Both targets listed before anything was warmed.
        QCOMPARE(view->model()->rowCount(), kWorkers);
        QCOMPARE(view->summaryLabel()->text(), u"2 workers: 0 ready, 0 building, 0 failed, 2 not warmed"_s);
        QVERIFY(view->rewarmFailedButton()->isEnabled()); // not warmed counts
        shoot(view.get(), u"cache-not-warmed"_s);

        QSignalSpy finished(m_service.get(), &WarmService::warmFinished);
        QTest::mouseClick(view->rewarmButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QTRY_VERIFY2_WITH_TIMEOUT(status(*view, m_workerIds[0]) == u"ready"_s &&
                                      status(*view, m_workerIds[1]) == u"ready"_s,
                                  qPrintable(view->summaryLabel()->text()), 120000);
        QCOMPARE(view->summaryLabel()->text(), u"2 workers: 2 ready, 0 building, 0 failed"_s);
        QVERIFY2(view->warmStatusLabel()->text().startsWith(u"Warm: "_s),
                 qPrintable(view->warmStatusLabel()->text()));
        QVERIFY(view->warmStatusLabel()->text().endsWith(u"0 failed, 0 skipped"_s));
        QVERIFY(!view->rewarmFailedButton()->isEnabled());
        const QModelIndex sha = view->model()->index(0, CacheEntryModel::Sha256Column);
        QCOMPARE(sha.data().toString().size(), 12);
        QCOMPARE(sha.data(CacheEntryModel::Sha256Role).toString().size(), 64);
        shoot(view.get(), u"cache-ready"_s);
    }

    void killedWorkerFailsAndRewarmFailedRecovers()
    {
        LayerBuilder rootfs;
        rootfs.dir("srv");
        for (int i = 0; i < 5; ++i)
            rootfs.file("srv/blob-" + QByteArray::number(i), randomBytes(24 << 20, 20 + i));
        const QString tar = m_work.filePath(u"big.tar"_s);
        QVERIFY(rootfs.write(tar));
        const BakeImage image = registerTar(u"big"_s, tar, 256);
        QVERIFY(AvailabilityGroupRepository(catalogue()).attachImage(m_groupId, image.id).ok());
        auto view = openView(image);

        QSignalSpy finished(m_service.get(), &WarmService::warmFinished);
        view->rewarm();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        m_workers[1]->kill(); // worker-2 dies while it bakes
        QTRY_VERIFY_WITH_TIMEOUT(!view->model()->isBusy(), 180000);
        if (status(*view, m_workerIds[1]) == u"ready"_s)
            QSKIP("worker-2 finished baking before it was killed; the machine is too fast for this tar");
        QCOMPARE(status(*view, m_workerIds[1]), u"failed"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(*view, m_workerIds[0]), u"ready"_s, 180000);
        const int row = view->model()->rowOfWorker(m_workerIds[1]);
        const QString error = view->model()->index(row, 0).data(CacheEntryModel::ErrorRole).toString();
        QVERIFY2(error.contains(u"worker-2"_s), qPrintable(error));
        QVERIFY2(!error.contains(u"kw_"_s), qPrintable(error));
        QCOMPARE(view->model()->index(row, CacheEntryModel::ErrorColumn).data().toString(),
                 error.section(u'\n', 0, 0));
        QCOMPARE(view->summaryLabel()->text(), u"2 workers: 1 ready, 0 building, 1 failed"_s);
        QVERIFY(view->rewarmFailedButton()->isEnabled());
        shoot(view.get(), u"cache-failed"_s);

        QVERIFY2(m_workers[1]->start(), qPrintable(m_workers[1]->errorString()));
        finished.clear();
        QTest::mouseClick(view->rewarmFailedButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.constFirst().at(1).value<WarmSummary>().total(), 1); // worker-2 alone
        QTRY_COMPARE_WITH_TIMEOUT(status(*view, m_workerIds[1]), u"ready"_s, 180000);
        QCOMPARE(status(*view, m_workerIds[0]), u"ready"_s);
        QVERIFY(!view->rewarmFailedButton()->isEnabled());
    }

    void evictAsksThenEvicts()
    {
        const auto image = BakeImageRepository(catalogue()).getByName(u"small"_s);
        QVERIFY(image.ok());
        auto view = openView(image.value());
        QCOMPARE(status(*view, m_workerIds[0]), u"ready"_s);
        QVERIFY(!view->evictButton()->isEnabled()); // nothing selected
        QVERIFY(!view->evictSelected());
        const QModelIndex source = view->model()->index(view->model()->rowOfWorker(m_workerIds[0]), 0);
        view->table()->setCurrentIndex(view->proxy()->mapFromSource(source));
        QVERIFY(view->evictButton()->isEnabled());
        QPointer<QMessageBox> box = view->evictSelected();
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(box->text().contains(u"worker-1"_s));
        QCOMPARE(status(*view, m_workerIds[0]), u"ready"_s); // nothing before the confirmation
        shoot(box, u"cache-evict-confirm"_s);
        QTest::mouseClick(box->findChild<QPushButton *>(u"confirmEvict"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(status(*view, m_workerIds[0]), u"evicted"_s, 30000);
        QCOMPARE(status(*view, m_workerIds[1]), u"ready"_s);
        QTRY_VERIFY(view->warmStatusLabel()->text().startsWith(u"Evicted small from worker-1"_s));
        QVERIFY(view->summaryLabel()->text().contains(u"1 evicted"_s));
        QVERIFY(view->rewarmFailedButton()->isEnabled()); // an evicted row can be warmed again
        shoot(view.get(), u"cache-evicted"_s);
    }

    void imageWithoutGroupOffersToAddOne()
    {
        const BakeImage image = registerTar(u"lonely"_s, smallTar(u"lonely"_s), 8);
        auto view = openView(image);
        QVERIFY(view->isEmptyStateShown());
        QCOMPARE(view->emptyLabel()->text(),
                 u"No availability group includes this image, so warming does nothing."_s);
        QVERIFY(view->addToGroupButton()->isVisible());
        QVERIFY(!view->rewarmButton()->isEnabled());
        shoot(view.get(), u"cache-no-group"_s);

        QTest::mouseClick(view->addToGroupButton(), Qt::LeftButton);
        QMenu *menu = view->groupMenu();
        QTRY_VERIFY(menu->isVisible());
        QAction *gpu = nullptr;
        for (QAction *action : menu->actions()) {
            if (action->data().toString() == m_groupId)
                gpu = action;
        }
        QVERIFY(gpu);
        QCOMPARE(gpu->text(), u"gpu-a (2 workers)"_s);
        QSignalSpy messages(view.get(), &CacheView::statusMessage);
        gpu->trigger();
        menu->hide();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isEmptyStateShown(), 10000);
        const auto groups = AvailabilityGroupRepository(catalogue()).groupsOfImage(image.id);
        QVERIFY(groups.ok());
        QCOMPARE(groups->size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(status(*view, m_workerIds[0]) == u"ready"_s &&
                                     status(*view, m_workerIds[1]) == u"ready"_s,
                                 120000);
        // The summary went to the status bar too.
        QTRY_VERIFY(!messages.isEmpty());
        QVERIFY2(messages.constLast().at(0).toString().startsWith(u"Warm: "_s),
                 qPrintable(messages.constLast().at(0).toString()));
    }

    void registeringIntoAGroupWarmsAndShowsTheSummary()
    {
        BakeImagesPage page(catalogue(), nullptr, m_service.get());
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy messages(&page, &BakeImagesPage::statusMessage);
        QPointer<RegisterBakeDialog> dialog = page.registerImage();
        QVERIFY(dialog);
        QTRY_VERIFY(!dialog->isReadingChoices());
        auto *groups = dialog->findChild<QListWidget *>(u"availabilityGroupsList"_s);
        QVERIFY(groups && groups->isVisible());
        QCOMPARE(groups->count(), 1);
        QCOMPARE(groups->item(0)->text(), u"gpu-a (2 workers)"_s);
        dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"fresh"_s);
        dialog->findChild<QRadioButton *>(u"tarRadio"_s)->setChecked(true);
        dialog->findChild<QLineEdit *>(u"sourceEdit"_s)->setText(smallTar(u"fresh"_s));
        dialog->findChild<QLineEdit *>(u"sizeEdit"_s)->setText(u"16"_s);
        groups->item(0)->setCheckState(Qt::Checked);
        QCOMPARE(dialog->availabilityGroupIds(), QStringList{m_groupId});
        shoot(dialog, u"cache-register-dialog"_s);
        QTRY_VERIFY(dialog->isInputValid() && !dialog->isCheckingName());
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 30000);
        const auto fresh = BakeImageRepository(catalogue()).getByName(u"fresh"_s);
        QVERIFY(fresh.ok());
        QCOMPARE(page.currentImageId(), fresh->id);
        // The Workers tab shows, the image is in the group and its warm summary arrives.
        QCOMPARE(page.detailPane()->tabs()->currentWidget(), page.cacheView());
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(messages.cbegin(), messages.cend(),
                                             [](const QList<QVariant> &args) {
                                                 return args.at(0).toString().startsWith(u"Warm: "_s);
                                             }),
                                 60000);
        QTRY_VERIFY_WITH_TIMEOUT(status(*page.cacheView(), m_workerIds[0]) == u"ready"_s &&
                                     status(*page.cacheView(), m_workerIds[1]) == u"ready"_s,
                                 120000);
        QVERIFY(page.cacheView()->warmStatusLabel()->text().startsWith(u"Warm: "_s));
        shoot(&page, u"cache-in-bakeimages"_s);
    }
};

QTEST_MAIN(tst_CacheView)
#include "tst_cacheview.moc"
