// kiln-test-properties: TIMEOUT 900
#include "bake/ociclient.h"
#include "bakefixture.h"
#include "cataloguefixture.h"
#include "common/logviewer.h"
#include "common/uistate.h"
#include "imagebuilder/imagebuilderpage.h"
#include "imagebuilder/packageeditor.h"
#include "imagebuilder/pushregistrydialog.h"
#include "imagebuilder/specdialog.h"
#include "imagebuilder/specview.h"
#include "joblistmodel.h"
#include "mainwindow/mainwindow.h"
#include "remote/remotebuilds.h"
#include "remote/workerclient.h"
#include "speclistmodel.h"
#include "specproxymodel.h"
#include "store/registryrepository.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeView>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// The Image Builder screen driven like an administrator would: real widgets, a
// real catalogue, a real bake service building with buildah against a local
// registry. Set KILN_SCREENSHOT_DIR to keep screenshots of each step.
class tst_ImageBuilderPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void emptyStateAndPushRegistry();
    void createBuildWatchCancelRebuild();
    void editDiffAndUnchanged();
    void keyboardAndFilter();
    void cancelBuildAndDelete();
    void runOnAWorker();

private:
    void shoot(QWidget *widget, const QString &name);
    QString specId(const QString &name) const;
    static QPushButton *okButton(QDialog *dialog);
    static void typeInto(QWidget *widget, const QString &text);
    void activate();

    BakeFixture m_fixture;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<BakeService> m_bake;
    std::unique_ptr<OciClient> m_oci;
    std::unique_ptr<MainWindow> m_window;
    ImageBuilderPage *m_page = nullptr;
    // runOnAWorker(): a real kiln-worker building with buildah.
    WorkerProcess m_worker;
    QTemporaryDir m_work;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<RemoteBuilds> m_remote;
};

void tst_ImageBuilderPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    KilnTest::isolateSettings(); // the remembered "Run on" choice among them
    if (BaseImage::buildahPath().isEmpty() || RegistryServer::program().isEmpty())
        QFAIL("buildah and docker-registry are needed: run scripts/dev deps");
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    // Durations and "updated" times are read against the wall clock here.
    m_catalogue->catalogue().setClock([] { return QDateTime::currentMSecsSinceEpoch(); });
    m_bake =
        std::make_unique<BakeService>(m_catalogue->catalogue(), m_fixture.options(), CredentialResolver());
    m_bake->start();
    m_window = std::make_unique<MainWindow>();
    m_oci = std::make_unique<OciClient>();
    m_page = new ImageBuilderPage(m_catalogue->catalogue(), m_bake.get(), m_oci.get());
    m_window->addPage(u"imagebuilder"_s, QIcon(), u"Image Builder"_s, m_page);
    m_window->resize(1280, 820);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_ImageBuilderPage::activate()
{
    // Shortcuts only reach the active window.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_ImageBuilderPage::cleanupTestCase()
{
    m_window.reset();
    m_remote.reset();
    m_client.reset();
    if (m_worker.isRunning())
        m_worker.stop();
    m_oci.reset();
    m_bake.reset();
    m_catalogue.reset();
    m_fixture.cleanup();
}

void tst_ImageBuilderPage::shoot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KILN_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(dir + u'/' + name + u".png"_s));
}

QString tst_ImageBuilderPage::specId(const QString &name) const
{
    const auto spec = SpecRepository(m_catalogue->catalogue()).getByName(name);
    return spec ? spec->id : QString();
}

QPushButton *tst_ImageBuilderPage::okButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
}

void tst_ImageBuilderPage::typeInto(QWidget *widget, const QString &text)
{
    widget->setFocus();
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(widget, Qt::Key_Return);
        QTest::keyClicks(widget, lines.at(i));
    }
}

void tst_ImageBuilderPage::emptyStateAndPushRegistry()
{
    QTRY_VERIFY(m_page->isEmptyStateShown());
    QVERIFY(!RegistryRepository(m_catalogue->catalogue()).pushTarget()->has_value());
    shoot(m_window.get(), u"imagebuilder-empty"_s);

    auto *dialog = new PushRegistryDialog(m_catalogue->catalogue(), m_page);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QSignalSpy saved(dialog, &PushRegistryDialog::saved);
    auto *prefix = dialog->findChild<QLineEdit *>(u"prefixEdit"_s);
    typeInto(prefix, u"not a prefix"_s);
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY(!dialog->validationMessage().isEmpty());
    prefix->clear();
    typeInto(prefix, m_fixture.registry().address() + u"/kiln-gui"_s);
    dialog->findChild<QCheckBox *>(u"tlsCheck"_s)->setChecked(false);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    const auto target = RegistryRepository(m_catalogue->catalogue()).pushTarget();
    QVERIFY(target && target->has_value());
    QCOMPARE(target->value().imagePrefix, m_fixture.registry().address() + u"/kiln-gui"_s);
    QVERIFY(!target->value().tlsVerify);
    m_page->refreshPushRegistry();
}

void tst_ImageBuilderPage::createBuildWatchCancelRebuild()
{
    SpecDialog *dialog = m_page->newSpec();
    QVERIFY(dialog);
    QSignalSpy saved(dialog, &SpecDialog::saved);
    // The base image completes from the tags in the configured registry.
    QTRY_VERIFY_WITH_TIMEOUT(dialog->baseImageSuggestions().contains(m_fixture.baseImage()), 10000);
    QVERIFY(dialog->baseImageSuggestions().contains(m_fixture.userBaseImage()));
    typeInto(dialog->findChild<QLineEdit *>(u"nameEdit"_s), u"Demo"_s);
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY(dialog->validationMessage().startsWith(u"Name"_s));
    auto *name = dialog->findChild<QLineEdit *>(u"nameEdit"_s);
    name->clear();
    typeInto(name, u"demo"_s);
    typeInto(dialog->findChild<QLineEdit *>(u"baseEdit"_s), m_fixture.baseImage());
    typeInto(dialog->findChild<PackageEditor *>(u"aptEditor"_s), u"kiln-sleep"_s);

    // An invalid pip line: Confirm is disabled and the line is marked in place.
    auto *pip = dialog->findChild<PackageEditor *>(u"pipEditor"_s);
    typeInto(pip, u"requests\nflask>>2"_s);
    QCOMPARE(pip->invalidCount(), 1);
    QVERIFY(!pip->extraSelections().isEmpty());
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY2(dialog->validationMessage().contains(u"Pip packages, line 2, column"_s),
             qPrintable(dialog->validationMessage()));
    dialog->findChild<QTabWidget *>(u"packageTabs"_s)->setCurrentIndex(2);
    shoot(dialog, u"specdialog-errors"_s);

    // Fixed: Confirm is enabled, and confirming queues a build at once.
    QTest::keyClick(pip, Qt::Key_Backspace);
    QTest::keyClick(pip, Qt::Key_Backspace);
    QTest::keyClick(pip, Qt::Key_Backspace);
    QTest::keyClicks(pip, u">=2"_s);
    QCOMPARE(pip->invalidCount(), 0);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    const QString id = specId(u"demo"_s);
    QVERIFY(!id.isEmpty());

    // The page shows the spec's Jobs, with the new job, following its log live.
    SpecView *view = m_page->specView();
    QVERIFY(!m_page->isShowingList());
    QCOMPARE(view->specId(), id);
    QTRY_COMPARE(view->jobsModel()->rowCount(), 1);
    const QString jobId = view->jobsModel()->job(0).id;
    QTRY_COMPARE(view->viewedJobId(), jobId);
    QTRY_VERIFY_WITH_TIMEOUT(view->logViewer()->textView()->toPlainText().contains(u"kiln-sleep started"_s),
                             120000);
    QVERIFY(view->logViewer()->isFollowing());
    QTRY_VERIFY(m_page->model()
                    ->index(m_page->model()->indexOfSpec(id).row(), 0)
                    .data(SpecListModel::RunningRole)
                    .toBool());
    shoot(m_window.get(), u"imagebuilder-jobs-running"_s);

    // Cancel from the Jobs tab.
    auto *cancel = view->findChild<QPushButton *>(u"cancelButton"_s);
    QTRY_VERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view->jobsModel()->job(0).status, JobStatus::Cancelled, 10000);
    QTRY_VERIFY(!m_page->model()
                     ->index(m_page->model()->indexOfSpec(id).row(), 0)
                     .data(SpecListModel::RunningRole)
                     .toBool());
    QVERIFY(processesMatching(m_fixture.sleepCommand()).isEmpty());
    QTRY_VERIFY(view->logViewer()->textView()->toPlainText().contains(u"Cancelled"_s));

    // Download writes the whole log, byte for byte.
    QTemporaryDir downloads;
    const QString destination = downloads.filePath(view->logViewer()->downloadName());
    QVERIFY(view->logViewer()->downloadName().startsWith(u"demo-"_s));
    QSignalSpy downloaded(view->logViewer(), &LogViewer::downloadFinished);
    view->logViewer()->startDownload(destination);
    QVERIFY(downloaded.wait(10000));
    QFile source(JobRepository(m_catalogue->catalogue()).get(jobId)->logPath);
    QFile copy(destination);
    QVERIFY(source.open(QIODevice::ReadOnly) && copy.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), source.readAll());

    // Rebuild: a new job for the same revision, which can be cancelled as well.
    auto *rebuild = view->findChild<QPushButton *>(u"rebuildButton"_s);
    QTRY_VERIFY(rebuild->isEnabled());
    QTest::mouseClick(rebuild, Qt::LeftButton);
    QTRY_COMPARE(view->jobsModel()->rowCount(), 2);
    const BuildJob again = view->jobsModel()->job(0);
    QVERIFY(again.id != jobId);
    QCOMPARE(again.revisionId, view->jobsModel()->job(1).revisionId);
    QTRY_COMPARE(view->viewedJobId(), again.id);
    QTRY_VERIFY_WITH_TIMEOUT(view->logViewer()->textView()->toPlainText().contains(u"kiln-sleep started"_s),
                             120000);
    shoot(view->logViewer(), u"logviewer-live"_s);
    view->cancelJob(again.id);
    QTRY_COMPARE_WITH_TIMEOUT(view->jobsModel()->job(0).status, JobStatus::Cancelled, 10000);
}

void tst_ImageBuilderPage::editDiffAndUnchanged()
{
    const QString id = specId(u"demo"_s);
    QVERIFY(!id.isEmpty());
    SpecView *view = m_page->specView();
    const int jobsBefore = view->jobsModel()->rowCount();

    // Unchanged: nothing is stored, nothing is built.
    SpecDialog *same = m_page->editSpec(id);
    QVERIFY(same);
    QVERIFY(same->findChild<QLineEdit *>(u"nameEdit"_s)->isReadOnly());
    QSignalSpy sameSaved(same, &SpecDialog::saved);
    QTest::mouseClick(okButton(same), Qt::LeftButton);
    QCOMPARE(sameSaved.size(), 1);
    QCOMPARE(sameSaved.first().first().value<SpecSaved>().kind, SpecSaveKind::Unchanged);
    QTest::qWait(500);
    QCOMPARE(view->jobsModel()->rowCount(), jobsBefore);

    // Changed: a new revision and a build that succeeds.
    SpecDialog *edit = m_page->editSpec(id);
    auto *apt = edit->findChild<PackageEditor *>(u"aptEditor"_s);
    apt->selectAll();
    QTest::keyClicks(apt, u"curl"_s);
    QTest::mouseClick(okButton(edit), Qt::LeftButton);
    QTRY_COMPARE(view->jobsModel()->rowCount(), jobsBefore + 1);
    const QString built = view->jobsModel()->job(0).id;
    QTRY_COMPARE_WITH_TIMEOUT(JobRepository(m_catalogue->catalogue()).get(built)->status,
                              JobStatus::Succeeded, 180000);
    QTRY_COMPARE(view->jobsModel()->job(0).status, JobStatus::Succeeded);
    const QModelIndex row = m_page->model()->indexOfSpec(id);
    QTRY_COMPARE(m_page->model()->index(row.row(), SpecListModel::ImageColumn).data(SpecListModel::ImageRole),
                 QVariant(view->jobsModel()->job(0).targetImage));

    view->diffJob(built);
    QVERIFY2(view->changesText().contains(u"+ apt curl"_s), qPrintable(view->changesText()));
    QVERIFY(view->changesText().contains(u"- apt kiln-sleep"_s));
    QCOMPARE(view->detailTabs()->currentIndex(), int(SpecView::ChangesDetail));

    view->tabs()->setCurrentIndex(SpecView::InfoTab);
    QVERIFY(view->findChild<QPlainTextEdit *>(u"infoContainerfile"_s)->toPlainText().contains(u"'curl'"_s));
    shoot(m_window.get(), u"imagebuilder-info"_s);
}

void tst_ImageBuilderPage::keyboardAndFilter()
{
    // A second spec, saved straight to the catalogue (as kilnctl would), shows
    // up when the page hears of it.
    const auto other = saveSpec(m_catalogue->catalogue(), {}, u"other-tools"_s,
                                SpecDraft{m_fixture.baseImage(), {u"git"_s}, {}, {}, {}});
    QVERIFY(other.ok());
    m_page->model()->specSaved(other->stored.spec.id);
    m_page->showList();
    QTRY_COMPARE(m_page->proxy()->rowCount(), 2);
    shoot(m_window.get(), u"imagebuilder-list"_s);

    // The filter filters as you type.
    QTest::keyClicks(m_page->filterEdit(), u"other"_s);
    QTRY_COMPARE(m_page->proxy()->rowCount(), 1);
    m_page->filterEdit()->clear();
    QTRY_COMPARE(m_page->proxy()->rowCount(), 2);

    // Enter on a row views it; Alt+Left goes back.
    QTreeView *list = m_page->listView();
    list->setFocus();
    list->setCurrentIndex(m_page->proxy()->index(0, 0));
    const QString first = m_page->proxy()->index(0, 0).data(SpecListModel::SpecIdRole).toString();
    QTest::keyClick(list, Qt::Key_Return);
    QVERIFY(!m_page->isShowingList());
    QCOMPARE(m_page->specView()->specId(), first);
    // Ctrl+N works from a spec as well.
    activate();
    QTest::keyClick(m_page->specView(), Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(m_page->findChild<SpecDialog *>());
    m_page->findChild<SpecDialog *>()->reject();
    QTRY_VERIFY(!m_page->findChild<SpecDialog *>());
    m_page->showList();
    QVERIFY(m_page->isShowingList());

    // F2 edits the current spec.
    activate();
    list->setFocus();
    list->setCurrentIndex(m_page->proxy()->index(0, 0));
    QTest::keyClick(list, Qt::Key_F2);
    auto *dialog = m_page->findChild<SpecDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit *>(u"nameEdit"_s)->text(),
             m_page->proxy()->index(0, 0).data(SpecListModel::NameRole).toString());
    dialog->reject();
    QTRY_VERIFY(!m_page->findChild<SpecDialog *>());
}

void tst_ImageBuilderPage::cancelBuildAndDelete()
{
    const QString id = specId(u"demo"_s);
    SpecDialog *edit = m_page->editSpec(id);
    auto *apt = edit->findChild<PackageEditor *>(u"aptEditor"_s);
    apt->selectAll();
    typeInto(apt, u"kiln-sleep\ncurl"_s);
    QTest::mouseClick(okButton(edit), Qt::LeftButton);
    SpecView *view = m_page->specView();
    QTRY_VERIFY_WITH_TIMEOUT(view->logViewer()->textView()->toPlainText().contains(u"kiln-sleep started"_s),
                             120000);
    const auto footprint = specFootprint(m_catalogue->catalogue(), id);
    QVERIFY(footprint.ok());
    QCOMPARE(footprint->activeJobIds.size(), 1);
    const QStringList logs = footprint->logPaths;
    QVERIFY(logs.size() >= 3);

    m_page->showList();
    m_page->listView()->setCurrentIndex(m_page->proxy()->mapFromSource(m_page->model()->indexOfSpec(id)));
    activate();
    m_page->listView()->setFocus();
    QTest::keyClick(m_page->listView(), Qt::Key_Delete);
    auto *box = m_page->findChild<QMessageBox *>(u"deleteSpecBox"_s);
    QVERIFY(box);
    QVERIFY(box->text().contains(u"demo"_s));
    QVERIFY2(box->informativeText().contains(u"build jobs: %1"_s.arg(footprint->jobs)),
             qPrintable(box->informativeText()));
    auto *confirm = box->findChild<QPushButton *>(u"confirmDelete"_s);
    QVERIFY(confirm->text().contains(u"Cancel Build"_s));
    shoot(box, u"delete-running"_s);
    QTest::mouseClick(confirm, Qt::LeftButton);

    QTRY_VERIFY_WITH_TIMEOUT(specId(u"demo"_s).isEmpty(), 15000);
    QTRY_VERIFY(!m_page->model()->indexOfSpec(id).isValid());
    for (const QString &log : logs)
        QVERIFY2(!QFile::exists(log), qPrintable(log));
    QVERIFY(processesMatching(m_fixture.sleepCommand()).isEmpty());
    QCOMPARE(m_page->proxy()->rowCount(), 1);
}

void tst_ImageBuilderPage::runOnAWorker()
{
    // A kiln-worker that builds with buildah and pushes to the fixture's registry.
    const QByteArray token = m_worker.createToken({u"builds:run"_s}, u"desktop"_s);
    QVERIFY2(!token.isEmpty(), qPrintable(m_worker.errorString()));
    {
        auto workerCatalogue =
            Catalogue::openSqlite(QDir(m_worker.dataDirectory()).filePath(u"catalogue.sqlite"_s));
        QVERIFY(workerCatalogue.ok());
        QCOMPARE(m_fixture.addPushRegistry(*workerCatalogue.value()), QString());
    }
    m_worker.setServeArguments({u"--storage-root"_s, m_fixture.storageRoot(), u"--run-root"_s,
                                m_fixture.runRoot(), u"--storage-driver"_s, u"vfs"_s});
    QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
    m_vault = std::make_unique<SecretVault>(fileVaultOptions(m_work.filePath(u"vault"_s)));
    Worker worker;
    worker.name = u"builder-1"_s;
    worker.url = m_worker.baseUrl().toString();
    auto added = addWorker(m_catalogue->catalogue(), *m_vault, worker, token);
    QTRY_VERIFY_WITH_TIMEOUT(added.isFinished(), 30000);
    QVERIFY2(added.result().ok(), qPrintable(added.result().ok() ? QString() : added.result().error()));
    Worker disabled;
    disabled.name = u"parked"_s;
    disabled.url = u"http://127.0.0.1:9"_s;
    disabled.enabled = false;
    QVERIFY(WorkerRepository(m_catalogue->catalogue()).create(disabled).ok());

    m_client = std::make_unique<WorkerClient>();
    m_remote = std::make_unique<RemoteBuilds>(m_catalogue->catalogue(), *m_vault, m_client.get());
    m_remote->setPollInterval(250);
    UiState::imageBuilderRunOn.reset(); // test settings outlive a run
    QSignalSpy refreshed(m_page, &ImageBuilderPage::runnersRefreshed);
    m_page->showList();
    m_page->setRemoteBuilds(m_remote.get());
    QTRY_VERIFY(!refreshed.isEmpty());

    // "This computer" and the enabled worker only.
    QComboBox *runOn = m_page->runOnCombo();
    QVERIFY(runOn->isVisible());
    QCOMPARE(runOn->count(), 2);
    QCOMPARE(runOn->itemText(0), u"This computer"_s);
    QCOMPARE(runOn->itemText(1), u"builder-1"_s);
    QCOMPARE(runOn->currentIndex(), 0);
    QVERIFY(runOn->isEnabled());
    runOn->setFocus();
    QTest::keyClick(runOn, Qt::Key_Down);
    QCOMPARE(runOn->currentText(), u"builder-1"_s);
    QCOMPARE(UiState::imageBuilderRunOn.get(), u"builder-1"_s);
    shoot(m_window.get(), u"runon-list"_s);

    // A new spec is built on the worker.
    SpecDialog *dialog = m_page->newSpec();
    QVERIFY(dialog);
    typeInto(dialog->findChild<QLineEdit *>(u"nameEdit"_s), u"remote-demo"_s);
    typeInto(dialog->findChild<QLineEdit *>(u"baseEdit"_s), m_fixture.baseImage());
    typeInto(dialog->findChild<PackageEditor *>(u"aptEditor"_s), u"curl"_s);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    const QString id = specId(u"remote-demo"_s);
    QVERIFY(!id.isEmpty());

    SpecView *view = m_page->specView();
    QCOMPARE(view->specId(), id);
    QTRY_COMPARE_WITH_TIMEOUT(view->jobsModel()->rowCount(), 1, 30000);
    const QModelIndex status = view->jobsModel()->index(0, JobListModel::StatusColumn);
    QCOMPARE(status.data(JobListModel::WorkerNameRole).toString(), u"builder-1"_s);
    QVERIFY2(status.data().toString().endsWith(u" on builder-1"_s), qPrintable(status.data().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(status.data(JobListModel::StatusRole).toInt(), int(JobStatus::Succeeded),
                              300000);
    QCOMPARE(status.data().toString(), u"Succeeded on builder-1"_s);
    // Its log, as the worker wrote it, in the same viewer.
    view->viewJob(view->jobsModel()->job(0).id);
    view->detailTabs()->setCurrentIndex(SpecView::LogDetail);
    QTRY_VERIFY_WITH_TIMEOUT(view->logViewer()->textView()->toPlainText().contains(u"ran as uid 0"_s), 30000);
    shoot(m_window.get(), u"runon-jobs"_s);
    QCOMPARE(view->jobsModel()->job(0).workerId, added.result()->id);

    // The choice is remembered: a fresh list selects the worker again.
    m_page->showList();
    runOn->setCurrentIndex(0);
    refreshed.clear();
    m_page->refreshRunners();
    QTRY_VERIFY(!refreshed.isEmpty());
    QCOMPARE(runOn->currentText(), u"builder-1"_s);
}

QTEST_MAIN(tst_ImageBuilderPage)
#include "tst_imagebuilderpage.moc"
