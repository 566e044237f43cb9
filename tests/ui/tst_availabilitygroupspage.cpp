// kiln-test-properties: LABELS slow TIMEOUT 900
#include "availability/availabilitygroupdialog.h"
#include "availability/availabilitygroupspage.h"
#include "availabilitygrouplistmodel.h"
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

#include <QDialogButtonBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QTreeWidget>
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

void shoot(QWidget *widget, const QString &name)
{
    QDir().mkpath(kShots);
    QCoreApplication::processEvents();
    if (!widget->grab().save(kShots + u'/' + name + u".png"_s))
        qWarning("could not save the screenshot %s", qPrintable(name));
}

} // namespace

// The Availability Groups page against a real kiln-worker: a group created
// through the dialog, a worker and an image added through the pickers, and the
// image warmed to ready on the worker.
class tst_AvailabilityGroupsPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    std::unique_ptr<KilnTest::WorkerProcess> m_worker;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<WarmService> m_service;
    std::unique_ptr<AvailabilityGroupsPage> m_page;
    QString m_workerId;
    BakeImage m_image;

    const Catalogue &catalogue() const { return m_catalogue->catalogue(); }

    std::optional<CacheEntry> row(const QString &imageId, const QString &workerId) const
    {
        const auto entry = BakeImageCacheRepository(catalogue()).get(imageId, workerId);
        return entry ? std::optional<CacheEntry>(entry.value()) : std::nullopt;
    }

    bool ready(const QString &imageId) const
    {
        const auto entry = row(imageId, m_workerId);
        return entry && entry->status == WorkerCacheStatus::Ready;
    }

    static QPushButton *ok(QDialog *dialog)
    {
        return dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }

    QStringList shownGroups() const
    {
        QStringList names;
        for (int r = 0; r < m_page->proxy()->rowCount(); ++r)
            names << m_page->proxy()->index(r, 0).data().toString();
        return names;
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

        m_worker = std::make_unique<KilnTest::WorkerProcess>();
        QVERIFY2(m_worker->start(), qPrintable(m_worker->errorString()));
        const QByteArray token = m_worker->createToken({u"images:read"_s, u"images:manage"_s});
        QVERIFY2(!token.isEmpty(), qPrintable(m_worker->errorString()));
        Worker worker;
        worker.name = u"worker-1"_s;
        worker.url = m_worker->baseUrl().toString();
        const auto added = await(addWorker(catalogue(), *m_vault, worker, token));
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error()));
        m_workerId = added->id;

        LayerBuilder rootfs;
        rootfs.dir("etc").file("etc/os-release", "ID=kiln\n");
        const QString tar = m_work.filePath(u"small.tar"_s);
        QVERIFY(rootfs.write(tar));
        BakeImage image;
        image.name = u"small"_s;
        image.source = BakeSource{BakeSourceKind::RootfsTar, tar};
        image.sizeMib = 16;
        auto registered = BakeImageRepository(catalogue()).registerImage(image);
        QVERIFY(registered.ok());
        m_image = registered.value();

        m_page = std::make_unique<AvailabilityGroupsPage>(catalogue(), m_service.get());
        m_page->resize(1100, 600);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_VERIFY(!m_page->isBusy());
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_service.reset();
        m_client.reset();
        if (m_worker && m_worker->isRunning())
            QCOMPARE(m_worker->stop(), 0);
    }

    void startsEmpty()
    {
        QVERIFY(m_page->isEmptyStateShown());
        QVERIFY(m_page->findChild<QPushButton *>(u"emptyNewButton"_s)->isVisible());
        shoot(m_page.get(), u"agroups-empty"_s);
    }

    void createAddWorkerAndImageWarmsIt()
    {
        QPointer<AvailabilityGroupDialog> dialog = m_page->newGroup();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(!ok(dialog)->isEnabled());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"nameEdit"_s), u"gpu-eu"_s);
        dialog->findChild<QPlainTextEdit *>(u"descriptionEdit"_s)->setPlainText(u"Frankfurt GPU hosts"_s);
        QVERIFY(ok(dialog)->isEnabled());
        shoot(dialog, u"agroups-dialog"_s);
        QTest::mouseClick(ok(dialog), Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull());
        QVERIFY(!m_page->isEmptyStateShown());
        QCOMPARE(shownGroups(), QStringList{u"gpu-eu"_s});
        const QString groupId = m_page->currentGroupId();
        QVERIFY(!groupId.isEmpty());
        QCOMPARE(AvailabilityGroupRepository(catalogue()).get(groupId)->description,
                 u"Frankfurt GPU hosts"_s);

        // A worker first: the group has no images, nothing is warmed.
        QPointer<QInputDialog> picker = m_page->chooseWorker(groupId);
        QVERIFY(picker && picker->isVisible());
        QCOMPARE(picker->comboBoxItems(), QStringList{u"worker-1"_s});
        picker->setTextValue(u"worker-1"_s);
        picker->accept();
        QTRY_COMPARE(m_page->workerList()->topLevelItemCount(), 1);
        QCOMPARE(m_page->workerList()->topLevelItem(0)->text(0), u"worker-1"_s);
        QVERIFY2(m_page->warmStatusLabel()->text().contains(u"no images yet"_s),
                 qPrintable(m_page->warmStatusLabel()->text()));
        QCOMPARE(m_page->model()->index(0, AvailabilityGroupListModel::WorkersColumn).data().toInt(), 1);

        // Then the image: it warms on the group's worker.
        QSignalSpy reported(m_page.get(), &AvailabilityGroupsPage::warmReported);
        picker = m_page->chooseImage(groupId);
        QVERIFY(picker);
        QCOMPARE(picker->comboBoxItems(), QStringList{u"small"_s});
        picker->setTextValue(u"small"_s);
        picker->accept();
        QTRY_COMPARE(m_page->imageList()->topLevelItemCount(), 1);
        QCOMPARE(m_page->imageList()->topLevelItem(0)->text(0), u"small"_s);
        QTRY_COMPARE_WITH_TIMEOUT(reported.size(), 1, 60000);
        const WarmSummary summary = reported.constFirst().at(1).value<WarmSummary>();
        QCOMPARE(summary.total(), 1);
        QCOMPARE(summary.failed, 0);
        const QString line = m_page->warmStatusLabel()->text();
        QCOMPARE(line,
                 u"Warm: %1 queued, %2 ready, 0 failed, 0 skipped"_s.arg(summary.queued).arg(summary.ready));
        QCOMPARE(m_page->pendingWarms(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(ready(m_image.id), 120000);
        const auto entry = row(m_image.id, m_workerId);
        QCOMPARE(entry->contentSha256.size(), 64);
        shoot(m_page.get(), u"agroups-page"_s);
    }

    void addingAWorkerWarmsEveryImageOfTheGroup()
    {
        // A second group with the image (already ready there): adding the worker
        // asks it for every image of the group, which answers at once.
        AvailabilityGroup group;
        group.name = u"cpu-us"_s;
        const auto created = AvailabilityGroupRepository(catalogue()).create(group);
        QVERIFY(created.ok());
        QVERIFY(AvailabilityGroupRepository(catalogue()).attachImage(created->id, m_image.id).ok());
        m_page->reload();
        QTRY_VERIFY(!m_page->isBusy());
        QCOMPARE(shownGroups(), (QStringList{u"cpu-us"_s, u"gpu-eu"_s}));
        m_page->setCurrentGroup(created->id);
        QCOMPARE(m_page->imageList()->topLevelItemCount(), 1);
        QSignalSpy reported(m_page.get(), &AvailabilityGroupsPage::warmReported);
        m_page->addWorker(created->id, m_workerId);
        QTRY_COMPARE_WITH_TIMEOUT(reported.size(), 1, 60000);
        QCOMPARE(reported.constFirst().at(1).value<WarmSummary>(), (WarmSummary{0, 1, 0, 0}));
        QCOMPARE(m_page->warmStatusLabel()->text(),
                 u"Warm on worker-1: 0 queued, 1 ready, 0 failed, 0 skipped"_s);
    }

    void filtersAndSorts()
    {
        m_page->filterEdit()->setText(u"frankfurt"_s); // the description matches too
        QTRY_COMPARE(shownGroups(), QStringList{u"gpu-eu"_s});
        m_page->filterEdit()->setText(u"nothing-like-it"_s);
        QTRY_VERIFY(m_page->isEmptyStateShown());
        m_page->filterEdit()->clear();
        QTRY_COMPARE(shownGroups(), (QStringList{u"cpu-us"_s, u"gpu-eu"_s}));
        m_page->listView()->sortByColumn(AvailabilityGroupListModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(shownGroups(), (QStringList{u"gpu-eu"_s, u"cpu-us"_s}));
        m_page->listView()->sortByColumn(AvailabilityGroupListModel::NameColumn, Qt::AscendingOrder);
    }

    void removeDetachesWithoutWarming()
    {
        const auto group = AvailabilityGroupRepository(catalogue()).getByName(u"cpu-us"_s);
        QVERIFY(group.ok());
        m_page->setCurrentGroup(group->id);
        m_page->removeImage(group->id, m_image.id);
        QTRY_COMPARE(m_page->imageList()->topLevelItemCount(), 0);
        QCOMPARE(m_page->warmStatusLabel()->text(), u"Detached small from cpu-us."_s);
        QVERIFY(AvailabilityGroupRepository(catalogue()).get(group->id)->imageIds.isEmpty());
    }

    void deleteAsksFirst()
    {
        const auto group = AvailabilityGroupRepository(catalogue()).getByName(u"cpu-us"_s);
        QVERIFY(group.ok());
        QPointer<QMessageBox> box = m_page->deleteGroup(group->id);
        QVERIFY(box && box->isVisible());
        QVERIFY(box->text().contains(u"cpu-us"_s));
        QCOMPARE(shownGroups().size(), 2); // nothing before the confirmation
        QTest::mouseClick(box->findChild<QPushButton *>(u"confirmDelete"_s), Qt::LeftButton);
        QTRY_COMPARE(shownGroups(), QStringList{u"gpu-eu"_s});
        QVERIFY(!AvailabilityGroupRepository(catalogue()).get(group->id).ok());
        // The image stays ready on the worker.
        QVERIFY(ready(m_image.id));
    }
};

QTEST_MAIN(tst_AvailabilityGroupsPage)
#include "tst_availabilitygroupspage.moc"
