// kiln-test-properties: TIMEOUT 900
#include "bakefixture.h"
#include "cataloguefixture.h"
#include "common/logviewer.h"
#include "layerbuilder.h"
#include "mainwindow/mainwindow.h"
#include "remote/warmservice.h"
#include "remote/workerclient.h"
#include "remote/workermonitor.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagerepository.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "testsupport.h"
#include "widgettesting.h"
#include "workercachedimagesmodel.h"
#include "workerjobsmodel.h"
#include "workerlistmodel.h"
#include "workerprocess.h"
#include "workerproxymodel.h"
#include "workers/addworkerdialog.h"
#include "workers/workerdetailpane.h"
#include "workers/workerspage.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Kiln::Worker)
Q_DECLARE_METATYPE(Kiln::WorkerProbe)
Q_DECLARE_METATYPE(Kiln::WarmSummary)

// The Workers page in a real window against a real kiln-worker process: add a
// worker through the dialog (Test Connection included), the background check
// makes it online with its version, a warm shows in the detail pane's cached
// images, removal asks first. KILN_SCREENSHOT_DIR keeps screenshots.
class tst_WorkersPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void startsEmpty();
    void addsAWorkerThroughTheDialog();
    void showsOnlineAfterACheck();
    void detailShowsAWarmedImage();
    void jobLogFollowsAQuietBuild();
    void filtersAndSorts();
    void removeAsksFirst();

private:
    const Catalogue &catalogue() const { return m_catalogue->catalogue(); }
    QString cell(int column, int role = Qt::DisplayRole) const
    {
        const QModelIndex index = m_page->model()->indexOfWorker(m_workerId);
        return index.isValid() ? index.siblingAtColumn(column).data(role).toString() : QString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<WorkerMonitor> m_monitor;
    std::unique_ptr<WarmService> m_warm;
    std::unique_ptr<MainWindow> m_window;
    WorkersPage *m_page = nullptr;
    BakeFixture m_fixture; // base images, and the registry the worker's builds push to
    WorkerProcess m_worker;
    QByteArray m_token;
    QString m_workerId;
};

void tst_WorkersPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    qRegisterMetaType<Worker>();
    qRegisterMetaType<WorkerProbe>();
    qRegisterMetaType<WarmSummary>();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    startWatchdog(m_dir->path());
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
    m_token = m_worker.createToken({u"admin"_s});
    QVERIFY2(!m_token.isEmpty(), qPrintable(m_worker.errorString()));
    {
        // The worker builds with buildah and pushes to the fixture's registry.
        auto workerCatalogue =
            Catalogue::openSqlite(QDir(m_worker.dataDirectory()).filePath(u"catalogue.sqlite"_s));
        QVERIFY(workerCatalogue.ok());
        QCOMPARE(m_fixture.addPushRegistry(*workerCatalogue.value()), QString());
    }
    m_worker.setServeArguments({u"--storage-root"_s, m_fixture.storageRoot(), u"--run-root"_s,
                                m_fixture.runRoot(), u"--storage-driver"_s, u"vfs"_s});
    QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));

    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_vault = std::make_unique<SecretVault>(fileVaultOptions(m_dir->filePath(u"vault"_s)));
    m_client = std::make_unique<WorkerClient>();
    m_client->setTimeout(5000);
    m_client->setRetryPolicy(1, 50);
    m_monitor = std::make_unique<WorkerMonitor>(catalogue(), *m_vault, m_client.get());
    m_monitor->setIntervalMs(3600 * 1000); // only the first round and Check Now during the test
    m_warm = std::make_unique<WarmService>(catalogue(), *m_vault, m_client.get());
    m_warm->setPollInterval(200);

    WorkersPageServices services;
    services.vault = m_vault.get();
    services.client = m_client.get();
    services.monitor = m_monitor.get();
    m_window = std::make_unique<MainWindow>();
    m_page = new WorkersPage(catalogue(), services);
    m_window->addPage(u"workers"_s, QIcon(), u"Workers"_s, m_page);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_monitor->start();
}

void tst_WorkersPage::cleanupTestCase()
{
    m_window.reset();
    m_warm.reset();
    m_monitor.reset();
    m_client.reset();
    m_vault.reset();
    m_catalogue.reset();
    if (m_worker.isRunning())
        QCOMPARE(m_worker.stop(), 0);
    m_fixture.cleanup();
}

void tst_WorkersPage::startsEmpty()
{
    QTRY_VERIFY(m_page->isEmptyStateShown());
    QVERIFY2(
        m_page->emptyStateText().contains(u"No workers yet: add a kiln-worker with its URL and a token"_s),
        qPrintable(m_page->emptyStateText()));
    QVERIFY(m_page->addWorkerAction()->isEnabled());
    QVERIFY(!m_page->removeAction()->isEnabled());
    QVERIFY(!m_page->checkAction()->isEnabled());
    saveScreenshot(m_window.get(), u"workers-empty"_s);
}

void tst_WorkersPage::addsAWorkerThroughTheDialog()
{
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"emptyAddButton"_s), Qt::LeftButton);
    auto *dialog = m_page->findChild<AddWorkerDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *ok = dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"gpu-1"_s);
    dialog->findChild<QLineEdit *>(u"urlEdit"_s)->setText(m_worker.baseUrl().toString());
    dialog->findChild<QLineEdit *>(u"tokenEdit"_s)->setText(QString::fromUtf8(m_token));
    QVERIFY(ok->isEnabled());

    // Test Connection against the real worker: busy, then what it said about itself.
    QSignalSpy tested(dialog, &AddWorkerDialog::testFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"testButton"_s), Qt::LeftButton);
    QVERIFY(dialog->isTesting());
    QVERIFY(tested.wait(30000));
    const QString result = dialog->findChild<QLabel *>(u"testResult"_s)->text();
    QVERIFY2(result.startsWith(u"Online: kiln-worker %1, "_s.arg(WorkerApi::version())), qPrintable(result));
    QVERIFY2(result.contains(u" engine"_s) && result.endsWith(u" free"_s), qPrintable(result));
    QVERIFY(dialog->testResult()->info.has_value());
    // Testing wrote nothing.
    QCOMPARE(WorkerRepository(catalogue()).list()->size(), 0);
    saveScreenshot(dialog, u"workers-add-dialog-online"_s);

    QSignalSpy added(dialog, &AddWorkerDialog::added);
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(added.wait(20000) || !added.isEmpty());
    m_workerId = added.at(0).at(0).value<Worker>().id;
    QTRY_VERIFY(m_page->findChild<AddWorkerDialog *>() == nullptr);
    QVERIFY(!m_page->isEmptyStateShown());
    QCOMPARE(m_page->model()->rowCount(), 1);
    QCOMPARE(m_page->currentWorkerId(), m_workerId);
    QVERIFY(m_page->removeAction()->isEnabled());
}

void tst_WorkersPage::showsOnlineAfterACheck()
{
    // Adding checks the new worker at once.
    QTRY_COMPARE_WITH_TIMEOUT(cell(WorkerListModel::HealthColumn), u"Online"_s, 30000);
    QCOMPARE(cell(WorkerListModel::VersionColumn), WorkerApi::version());
    QVERIFY(cell(WorkerListModel::CapacityColumn).contains(u" running / "_s));
    QVERIFY(m_page->model()->indexOfWorker(m_workerId).data(WorkerListModel::DiskFreeBytesRole).toLongLong() >
            0);
    QCOMPARE(cell(WorkerListModel::LastSeenColumn), u"just now"_s);
    QCOMPARE(m_page->detailPane()->fieldText(u"Version:"_s), WorkerApi::version());

    // Check Now with a revoked token: auth failed, with the reason in the tooltip.
    const QString tokenId = QString::fromUtf8(m_token).section(u'_', 1, 1);
    QVERIFY2(m_worker.revokeToken(tokenId), qPrintable(m_worker.errorString()));
    m_page->checkAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(cell(WorkerListModel::HealthColumn), u"Auth failed"_s, 30000);
    QVERIFY2(cell(WorkerListModel::HealthColumn, Qt::ToolTipRole).contains(u"gpu-1"_s),
             qPrintable(cell(WorkerListModel::HealthColumn, Qt::ToolTipRole)));
    QVERIFY(m_page->detailPane()->healthLabel()->text().startsWith(u"Auth failed: "_s));
    saveScreenshot(m_window.get(), u"workers-auth-failed"_s);

    // Edit Token with a new one: online again.
    m_token = m_worker.createToken({u"admin"_s});
    QVERIFY(!m_token.isEmpty());
    m_page->setToken(m_workerId, m_token);
    QTRY_COMPARE_WITH_TIMEOUT(cell(WorkerListModel::HealthColumn), u"Online"_s, 30000);
}

void tst_WorkersPage::detailShowsAWarmedImage()
{
    LayerBuilder rootfs;
    rootfs.dir("etc").file("etc/os-release", "ID=kiln\n");
    const QString tar = m_dir->filePath(u"rootfs.tar"_s);
    QVERIFY(rootfs.write(tar));
    BakeImage image;
    image.name = u"tiny"_s;
    image.displayName = u"tiny"_s;
    image.source = BakeSource{BakeSourceKind::RootfsTar, tar};
    image.sizeMib = 16;
    auto registered = BakeImageRepository(catalogue()).registerImage(image);
    QVERIFY(registered.ok());
    AvailabilityGroup group;
    group.name = u"site-a"_s;
    auto created = AvailabilityGroupRepository(catalogue()).create(group);
    QVERIFY(created.ok());
    QVERIFY(AvailabilityGroupRepository(catalogue()).addWorker(created->id, m_workerId).ok());
    QVERIFY(AvailabilityGroupRepository(catalogue()).attachImage(created->id, registered->id).ok());
    QSignalSpy warmed(m_warm.get(), &WarmService::warmFinished);
    QSignalSpy settled(m_warm.get(), &WarmService::settled);
    m_warm->warm(registered->id);
    QVERIFY(warmed.wait(60000));
    QVERIFY(settled.wait(180000) || !settled.isEmpty());

    WorkerDetailPane *pane = m_page->detailPane();
    QCOMPARE(pane->tabs()->tabText(0), u"Cached images"_s);
    QCOMPARE(pane->tabs()->tabText(1), u"Jobs"_s);
    QSignalSpy refreshed(pane, &WorkerDetailPane::imagesRefreshed);
    QTest::mouseClick(pane->refreshImagesButton(), Qt::LeftButton);
    QVERIFY(refreshed.wait(30000));
    QVERIFY2(refreshed.at(0).at(0).toString().isEmpty(), qPrintable(refreshed.at(0).at(0).toString()));
    WorkerCachedImagesModel *images = pane->imagesModel();
    QCOMPARE(images->rowCount(), 1);
    const QModelIndex row = images->indexOfImage(u"tiny"_s);
    QVERIFY(row.isValid());
    QCOMPARE(row.siblingAtColumn(WorkerCachedImagesModel::StatusColumn).data().toString(), u"Ready"_s);
    QCOMPARE(row.data(WorkerCachedImagesModel::Sha256Role).toString().size(), 64);
    QVERIFY(row.data(WorkerCachedImagesModel::SizeRole).toLongLong() > 0);
    QVERIFY(pane->imagesStatusLabel()->text().startsWith(u"1 cached image"_s));
    m_window->resize(1400, 800);
    saveScreenshot(m_window.get(), u"workers-page"_s);

    // Refreshing again changes nothing: no reset, no row signals.
    QSignalSpy reset(images, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(images, &QAbstractItemModel::rowsInserted);
    refreshed.clear();
    QTest::mouseClick(pane->refreshImagesButton(), Qt::LeftButton);
    QVERIFY(refreshed.wait(30000));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);

    // The Jobs tab reads the worker's jobs (none here) without an error.
    pane->tabs()->setCurrentIndex(1);
    QSignalSpy jobs(pane, &WorkerDetailPane::jobsRefreshed);
    pane->refreshJobs();
    QVERIFY(jobs.wait(30000));
    QVERIFY2(jobs.at(0).at(0).toString().isEmpty(), qPrintable(jobs.at(0).at(0).toString()));
    QVERIFY(pane->jobsStatusLabel()->text().startsWith(u"No jobs"_s));
    saveScreenshot(m_window.get(), u"workers-jobs"_s);
    pane->tabs()->setCurrentIndex(0);
}

void tst_WorkersPage::jobLogFollowsAQuietBuild()
{
    // A build that prints nothing for longer than the client's idle timeout: the
    // log stream ends with a Timeout, and the pane follows on without an error.
    m_client->setTimeout(1500);
    const auto worker = WorkerRepository(catalogue()).get(m_workerId);
    QVERIFY(worker.ok());
    const WorkerEndpoint endpoint = endpointFor(worker.value(), m_token);
    BuildRequest request;
    request.spec = {u"quiet"_s, m_fixture.baseImage(), {u"kiln-sleep"_s}, {}, {}};
    request.revision = 1;
    auto sent = m_client->runBuild(endpoint, request);
    QTRY_VERIFY_WITH_TIMEOUT(sent.isFinished(), 30000);
    QVERIFY2(sent.result().ok(), qPrintable(sent.result().ok() ? QString() : sent.result().error().message));
    const QString jobId = sent.result()->id;

    WorkerDetailPane *pane = m_page->detailPane();
    pane->tabs()->setCurrentIndex(1);
    QSignalSpy jobs(pane, &WorkerDetailPane::jobsRefreshed);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (!pane->isLoadingJobs())
                pane->refreshJobs();
            const QModelIndex row = pane->jobsModel()->indexOfJob(jobId);
            return row.isValid() && row.data(WorkerJobsModel::RunningRole).toBool();
        }(),
        60000);
    QSignalSpy opened(pane, &WorkerDetailPane::logOpened);
    pane->openLog(jobId);
    QVERIFY(opened.wait(30000));
    QVERIFY2(opened.at(0).at(1).toString().isEmpty(), qPrintable(opened.at(0).at(1).toString()));
    QPlainTextEdit *text = pane->logViewer()->textView();
    QTRY_VERIFY_WITH_TIMEOUT(text->toPlainText().contains(u"kiln-sleep started"_s), 300000);

    // Several idle timeouts later: still live, every line once.
    QTest::qWait(5000);
    QVERIFY(pane->logViewer()->isLive());
    QCOMPARE(text->toPlainText().count(u"kiln-sleep started"_s), 1);
    saveScreenshot(m_window.get(), u"workers-job-log-quiet"_s);

    // The job ends: so does the stream.
    auto cancelled = m_client->cancelJob(endpoint, jobId);
    QTRY_VERIFY_WITH_TIMEOUT(cancelled.isFinished(), 30000);
    QVERIFY(cancelled.result().ok());
    QTRY_VERIFY_WITH_TIMEOUT(!pane->logViewer()->isLive(), 30000);
    QCOMPARE(text->toPlainText().count(u"kiln-sleep started"_s), 1);
    QTRY_VERIFY_WITH_TIMEOUT(processesMatching(m_fixture.sleepCommand()).isEmpty(), 30000);
    m_client->setTimeout(5000);
    pane->tabs()->setCurrentIndex(0);
}

void tst_WorkersPage::filtersAndSorts()
{
    m_page->filterEdit()->setText(u"nothing-like-it"_s);
    QTRY_VERIFY(m_page->isEmptyStateShown());
    QVERIFY(m_page->emptyStateText().contains(u"No worker matches"_s));
    m_page->filterEdit()->setText(u"gpu"_s);
    QTRY_VERIFY(!m_page->isEmptyStateShown());
    QCOMPARE(m_page->proxy()->rowCount(), 1);
    m_page->filterEdit()->clear();
    QTRY_COMPARE(m_page->proxy()->rowCount(), 1);
}

void tst_WorkersPage::removeAsksFirst()
{
    m_page->setCurrentWorker(m_workerId);
    QMessageBox *box = m_page->removeWorker(m_workerId);
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(u"gpu-1"_s));
    saveScreenshot(box, u"workers-remove"_s);
    // Cancel keeps it.
    box->button(QMessageBox::Cancel)->click();
    QTest::qWait(50);
    QCOMPARE(m_page->model()->rowCount(), 1);

    box = m_page->removeWorker(m_workerId);
    QVERIFY(box);
    box->findChild<QPushButton *>(u"confirmRemove"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 0, 20000);
    QTRY_VERIFY(m_page->isEmptyStateShown());
    QVERIFY(!WorkerRepository(catalogue()).get(m_workerId).ok());
    QVERIFY(!m_page->detailPane()->worker().has_value());
}

QTEST_MAIN(tst_WorkersPage)
#include "tst_workerspage.moc"
