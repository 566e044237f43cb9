// kiln-test-properties: LABELS slow TIMEOUT 900
#include "bake/bakeservice.h"
#include "bake/scanfindings.h"
#include "bakeimageproxymodel.h"
#include "bakeimages/bakeimagedetailpane.h"
#include "bakeimages/bakeimagespage.h"
#include "bakeimages/registerbakedialog.h"
#include "bakeimages/scanfindingsview.h"
#include "cataloguefixture.h"
#include "mainwindow/mainwindow.h"
#include "store/bakeimagerepository.h"
#include "store/secretrepository.h"
#include "testsupport.h"
#include "widgettesting.h"

#include <QAction>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// The Baked Images page through real widgets, a real catalogue and a real bake
// service (which bakes a small root file system tar into ext4 for real).
// KILN_SCREENSHOT_DIR keeps screenshots.
class tst_BakeImagesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void emptyState();
    void listsSeededImages();
    void actionsFollowTheState();
    void detailsShowEverything();
    void filters();
    void deactivateGreysTheRow();
    void registersThroughTheDialog();
    void downloadsContent();
    void deletesContentAfterAsking();
    void bakesARootfsTar();
    void uploadsAnExt4();
    void pullSecretNameIsReadOnThePool();

private:
    QModelIndex row(const QString &name) const
    {
        const auto image = BakeImageRepository(m_catalogue->catalogue()).getByName(name);
        return image ? m_page->model()->indexOfImage(image->id) : QModelIndex();
    }
    void select(const QString &name)
    {
        const QModelIndex index = row(name);
        QVERIFY2(index.isValid(), qPrintable(name));
        m_page->setCurrentImage(index.data(BakeImageListModel::ImageIdRole).toString());
        QCOMPARE(m_page->currentImageId(), index.data(BakeImageListModel::ImageIdRole).toString());
    }
    QString makeRootfsTar(const QString &name);
    QString alphaId() const { return row(u"alpha"_s).data(BakeImageListModel::ImageIdRole).toString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<BakeService> m_bake;
    std::unique_ptr<MainWindow> m_window;
    BakeImagesPage *m_page = nullptr;
    QByteArray m_bravoBytes;
};

void tst_BakeImagesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    m_dir = std::make_unique<QTemporaryDir>();
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_catalogue->catalogue().setClock([] { return QDateTime::currentMSecsSinceEpoch(); });
    const BakeImageRepository repository(m_catalogue->catalogue());

    auto add = [&repository](const QString &name, const BakeSource &source, qint64 mib) {
        BakeImage image;
        image.name = name;
        image.source = source;
        image.sizeMib = mib;
        auto stored = repository.registerImage(image);
        return stored ? stored.value() : BakeImage{};
    };
    // alpha: registered. bravo: content (a file of its own) and a failed scan. charlie: a failed bake.
    BakeImage alpha = add(u"alpha"_s, {BakeSourceKind::Oci, u"docker.io/library/debian:12"_s}, 1024);
    QVERIFY(!alpha.id.isEmpty());
    BakeImage bravo = add(u"bravo"_s, {BakeSourceKind::Oci, u"quay.io/kiln/bravo:1"_s}, 256);
    m_bravoBytes = QByteArray(3 * 1024 * 1024 + 17, 'k');
    const QString bravoPath = m_dir->filePath(u"bravo.ext4"_s);
    QFile file(bravoPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_bravoBytes);
    file.close();
    BakeContent content;
    content.size = m_bravoBytes.size();
    content.mtime = QDateTime::currentMSecsSinceEpoch();
    content.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(m_bravoBytes, QCryptographicHash::Sha256).toHex());
    content.sha1 =
        QString::fromLatin1(QCryptographicHash::hash(m_bravoBytes, QCryptographicHash::Sha1).toHex());
    content.path = bravoPath;
    QVERIFY(repository.setContent(bravo.id, content).ok());
    const ScanOutcome scan = outcomeFromFindings({
        {u"CVE-2023-4911"_s, u"libc6"_s, u"2.36-9"_s, u"2.36-9+deb12u3"_s, ScanSeverity::High,
         u"Looney Tunables"_s},
        {u"CVE-2024-0001"_s, u"openssl"_s, u"3.0.11"_s, u"3.0.13"_s, ScanSeverity::Critical, u"A bad one"_s},
        {u"CVE-2022-9999"_s, u"zlib1g"_s, u"1.2.13"_s, QString(), ScanSeverity::Low, u"Minor"_s},
    });
    QVERIFY(repository
                .setScan(bravo.id, scan.status, scan.reason, QString::fromUtf8(scan.toJson()), 1700000000000)
                .ok());
    BakeImage charlie = add(u"charlie"_s, {BakeSourceKind::RootfsTar, u"/srv/charlie.tar"_s}, 200);
    QVERIFY(repository.requestBake(charlie.id).ok());
    QVERIFY(repository.claimNextBake(u"host|1|1"_s).ok());
    QVERIFY(repository.finishBake(charlie.id, BakeOutcome::failed(u"needs 300 MiB, cap is 200 MiB"_s)).ok());

    BakeOptions options;
    options.logDirectory = m_dir->filePath(u"logs"_s);
    options.contentDirectory = m_dir->filePath(u"content"_s);
    options.blobCacheDirectory = m_dir->filePath(u"blobs"_s);
    options.stagingDirectory = m_dir->filePath(u"staging"_s);
    options.scannerUsesSystemPath = false; // no scanner: the scan is skipped, whatever is installed
    options.engineSearchPaths = {m_dir->filePath(u"no-engines"_s)};
    m_bake = std::make_unique<BakeService>(m_catalogue->catalogue(), options, CredentialResolver{});
    m_bake->start();

    m_window = std::make_unique<MainWindow>();
    m_page = new BakeImagesPage(m_catalogue->catalogue(), m_bake.get());
    m_window->addPage(u"bakeimages"_s, QIcon(), u"Baked Images"_s, m_page);
    m_window->resize(1600, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(!m_page->model()->isLoading());
}

void tst_BakeImagesPage::cleanupTestCase()
{
    m_window.reset();
    if (m_bake)
        m_bake->stop();
    m_bake.reset();
    m_catalogue.reset();
}

void tst_BakeImagesPage::emptyState()
{
    TempCatalogue empty;
    QVERIFY(empty.isOpen());
    BakeImagesPage page(empty.catalogue(), nullptr);
    page.resize(1000, 600);
    page.show();
    QTRY_VERIFY(page.isEmptyStateShown());
    QVERIFY(page.findChild<QLabel *>(u"emptyText"_s)->text().contains(u"No bake images yet"_s));
    auto *button = page.findChild<QPushButton *>(u"emptyRegisterButton"_s);
    QVERIFY(button && button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    auto *dialog = page.findChild<RegisterBakeDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->reject();
    // Without a service nothing can be baked.
    QVERIFY(!page.bakeAction()->isEnabled());
}

void tst_BakeImagesPage::listsSeededImages()
{
    QVERIFY(!m_page->isEmptyStateShown());
    QCOMPARE(m_page->proxy()->rowCount(), 3);
    QCOMPARE(m_page->listView()->model()->index(0, 0).data().toString(), u"alpha"_s);
    QCOMPARE(row(u"alpha"_s).siblingAtColumn(BakeImageListModel::StateColumn).data().toString(),
             u"Registered"_s);
    QCOMPARE(row(u"bravo"_s).siblingAtColumn(BakeImageListModel::StateColumn).data().toString(), u"Baked"_s);
    QCOMPARE(row(u"bravo"_s).siblingAtColumn(BakeImageListModel::ScanColumn).data().toString(), u"Failed"_s);
    QVERIFY(row(u"bravo"_s)
                .siblingAtColumn(BakeImageListModel::ContentColumn)
                .data()
                .toString()
                .startsWith(u"3.0 MiB"_s));
    QCOMPARE(row(u"charlie"_s).siblingAtColumn(BakeImageListModel::StateColumn).data().toString(),
             u"Failed"_s);
}

void tst_BakeImagesPage::actionsFollowTheState()
{
    struct Expected
    {
        QString name;
        bool bake, cancel, rescan, download, upload, deleteContent;
    };
    const QList<Expected> cases{
        {u"alpha"_s, true, false, false, false, true, false},
        {u"bravo"_s, false, false, true, true, false, true},
        {u"charlie"_s, true, false, false, false, true, false},
    };
    for (const Expected &expected : cases) {
        select(expected.name);
        QCOMPARE(m_page->bakeAction()->isEnabled(), expected.bake);
        QCOMPARE(m_page->cancelBakeAction()->isEnabled(), expected.cancel);
        QCOMPARE(m_page->rescanAction()->isEnabled(), expected.rescan);
        QCOMPARE(m_page->downloadAction()->isEnabled(), expected.download);
        QCOMPARE(m_page->uploadAction()->isEnabled(), expected.upload);
        QCOMPARE(m_page->deleteContentAction()->isEnabled(), expected.deleteContent);
        QVERIFY(m_page->deactivateAction()->isEnabled());
        QVERIFY(m_page->deleteAction()->isEnabled());
    }
    QCOMPARE(m_page->bakeAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_B));
    QCOMPARE(m_page->registerAction()->shortcut(), QKeySequence(QKeySequence::New));
}

void tst_BakeImagesPage::detailsShowEverything()
{
    select(u"charlie"_s);
    BakeImageDetailPane *details = m_page->detailPane();
    QCOMPARE(details->titleLabel()->text(), u"charlie"_s);
    QCOMPARE(details->stateLabel()->text(), u"Failed"_s);
    QVERIFY(details->errorLabel()->isVisible());
    QCOMPARE(details->errorLabel()->text(), u"needs 300 MiB, cap is 200 MiB"_s);
    QVERIFY(details->errorLabel()->textInteractionFlags() & Qt::TextSelectableByMouse);
    QCOMPARE(details->fieldText(u"Source:"_s), u"rootfs tar \u00b7 /srv/charlie.tar"_s);
    QCOMPARE(details->fieldText(u"Size cap:"_s), u"200 MiB"_s);

    select(u"bravo"_s);
    QVERIFY(!details->errorLabel()->isVisible());
    QCOMPARE(details->fieldText(u"sha256:"_s),
             QString::fromLatin1(QCryptographicHash::hash(m_bravoBytes, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(details->fieldText(u"Format:"_s), u"ext4"_s);
    QCOMPARE(details->fieldText(u"Path:"_s), m_dir->filePath(u"bravo.ext4"_s));
    ScanFindingsView *findings = details->findings();
    QCOMPARE(findings->statusLabel()->text().left(6), u"Failed"_s);
    QVERIFY(findings->countsLabel()->text().contains(u"critical"_s));
    QCOMPARE(findings->table()->topLevelItemCount(), 3);
    // Worst first.
    QCOMPARE(findings->table()->topLevelItem(0)->text(ScanFindingsView::IdColumn), u"CVE-2024-0001"_s);
    QCOMPARE(findings->table()->topLevelItem(0)->text(ScanFindingsView::SeverityColumn), u"CRITICAL"_s);
    QCOMPARE(findings->table()->topLevelItem(2)->text(ScanFindingsView::FixedColumn), u"no fix yet"_s);
    saveScreenshot(m_window.get(), u"bake-page-findings"_s);
}

void tst_BakeImagesPage::filters()
{
    m_page->filterEdit()->setText(u"quay.io"_s);
    QTRY_COMPARE(m_page->proxy()->rowCount(), 1);
    QCOMPARE(m_page->proxy()->index(0, 0).data().toString(), u"bravo"_s);
    m_page->filterEdit()->setText(u"nothing-matches"_s);
    QTRY_VERIFY(m_page->isEmptyStateShown());
    QVERIFY(m_page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"No bake image matches"_s));
    m_page->filterEdit()->clear();
    QTRY_COMPARE(m_page->proxy()->rowCount(), 3);
}

void tst_BakeImagesPage::deactivateGreysTheRow()
{
    select(u"alpha"_s);
    QCOMPARE(m_page->deactivateAction()->text().remove(u'&'), u"Deactivate"_s);
    m_page->deactivateAction()->trigger();
    const QModelIndex alpha = row(u"alpha"_s);
    // Stored on the pool: the row follows when it is, the action waits meanwhile.
    QVERIFY(!alpha.data(BakeImageListModel::DeactivatedRole).toBool());
    QVERIFY(!m_page->deactivateAction()->isEnabled());
    QTRY_VERIFY(alpha.data(BakeImageListModel::DeactivatedRole).toBool());
    QVERIFY(m_page->deactivateAction()->isEnabled());
    QVERIFY(BakeImageRepository(m_catalogue->catalogue()).getByName(u"alpha"_s)->deactivated);
    QCOMPARE(alpha.siblingAtColumn(BakeImageListModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
             QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
    QVERIFY(m_page->detailPane()->badgeLabel()->isVisible());
    QVERIFY(!m_page->bakeAction()->isEnabled()); // nothing new starts from it
    QVERIFY(!m_page->uploadAction()->isEnabled());
    QCOMPARE(m_page->deactivateAction()->text().remove(u'&'), u"Reactivate"_s);
    saveScreenshot(m_window.get(), u"bake-page-deactivated"_s);

    // "Show deactivated" off hides it.
    m_page->showDeactivatedCheck()->setChecked(false);
    QCOMPARE(m_page->proxy()->rowCount(), 2);
    m_page->showDeactivatedCheck()->setChecked(true);
    QCOMPARE(m_page->proxy()->rowCount(), 3);

    select(u"alpha"_s);
    m_page->deactivateAction()->trigger();
    QVERIFY(row(u"alpha"_s).data(BakeImageListModel::DeactivatedRole).toBool());
    QVERIFY(!m_page->deactivateAction()->isEnabled());
    QTRY_VERIFY(!row(u"alpha"_s).data(BakeImageListModel::DeactivatedRole).toBool());
    QVERIFY(!m_page->detailPane()->badgeLabel()->isVisible());
    QVERIFY(m_page->bakeAction()->isEnabled());
}

void tst_BakeImagesPage::registersThroughTheDialog()
{
    m_page->registerAction()->trigger();
    auto *dialog = m_page->findChild<RegisterBakeDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"delta"_s);
    dialog->findChild<QLineEdit *>(u"sourceEdit"_s)->setText(u"docker.io/library/alpine:3.19"_s);
    dialog->findChild<QLineEdit *>(u"sizeEdit"_s)->setText(u"512"_s);
    dialog->findChild<QCheckBox *>(u"bakeNowCheck"_s)->setChecked(false); // no registry here
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // the choices and the name are read on the pool first
    QTRY_VERIFY2(ok->isEnabled(), qPrintable(dialog->validationMessage()));
    QSignalSpy inserted(m_page->model(), &QAbstractItemModel::rowsInserted);
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(m_page->proxy()->rowCount(), 4);
    QVERIFY(row(u"delta"_s).isValid());
    QCOMPARE(m_page->currentImageId(), row(u"delta"_s).data(BakeImageListModel::ImageIdRole).toString());
    QCOMPARE(m_page->detailPane()->titleLabel()->text(), u"delta"_s);
    QCOMPARE(row(u"delta"_s).siblingAtColumn(BakeImageListModel::StateColumn).data().toString(),
             u"Registered"_s);
}

void tst_BakeImagesPage::downloadsContent()
{
    select(u"bravo"_s);
    const QString target = m_dir->filePath(u"download/bravo-copy.ext4"_s);
    QVERIFY(QDir().mkpath(QFileInfo(target).absolutePath()));
    QSignalSpy finished(m_page, &BakeImagesPage::transferFinished);
    m_page->downloadTo(row(u"bravo"_s).data(BakeImageListModel::ImageIdRole).toString(), target);
    QVERIFY(m_page->isTransferring());
    QVERIFY(!m_page->downloadAction()->isEnabled()); // one at a time
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished[0].at(1).toString(), QString());
    QVERIFY(!m_page->isTransferring());
    QVERIFY(!m_page->detailPane()->transferBar()->isVisible());
    QFile copy(target);
    QVERIFY(copy.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), m_bravoBytes);
    QVERIFY(m_page->downloadAction()->isEnabled());
}

void tst_BakeImagesPage::deletesContentAfterAsking()
{
    select(u"bravo"_s);
    QMessageBox *box = m_page->deleteContent(m_page->currentImageId());
    QVERIFY(box);
    QVERIFY(box->informativeText().contains(u"bravo.ext4"_s));
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmDelete"_s), Qt::LeftButton);
    QTRY_COMPARE(row(u"bravo"_s).siblingAtColumn(BakeImageListModel::StateColumn).data().toString(),
                 u"Registered"_s);
    QVERIFY(!QFile::exists(m_dir->filePath(u"bravo.ext4"_s)));
    QVERIFY(!m_page->downloadAction()->isEnabled());
    QVERIFY(m_page->uploadAction()->isEnabled());
    QVERIFY(m_page->bakeAction()->isEnabled());
}

QString tst_BakeImagesPage::makeRootfsTar(const QString &name)
{
    const QString root = m_dir->filePath(name);
    QDir().mkpath(root + u"/etc"_s);
    QDir().mkpath(root + u"/usr/bin"_s);
    QFile release(root + u"/etc/os-release"_s);
    if (release.open(QIODevice::WriteOnly))
        release.write("ID=kiln\nNAME=\"Kiln test\"\n");
    release.close();
    QFile data(root + u"/usr/bin/payload"_s);
    if (data.open(QIODevice::WriteOnly))
        data.write(QByteArray(2 * 1024 * 1024, 'p'));
    data.close();
    const QString tar = m_dir->filePath(name + u".tar"_s);
    if (QProcess::execute(u"tar"_s, {u"--numeric-owner"_s, u"-cf"_s, tar, u"-C"_s, root, u"."_s}) != 0)
        return {};
    return tar;
}

void tst_BakeImagesPage::bakesARootfsTar()
{
    const QString tar = makeRootfsTar(u"tiny-rootfs"_s);
    QVERIFY(!tar.isEmpty());

    // What the detail pane showed while the bake ran (read after the page updated it).
    QStringList phases;
    qint64 maxBar = 0;
    connect(m_page->model(), &QAbstractItemModel::dataChanged, this, [this, &phases, &maxBar] {
        BakeImageDetailPane *details = m_page->detailPane();
        if (!details->phaseLabel()->isVisible())
            return;
        if (phases.isEmpty() || phases.last() != details->phaseLabel()->text())
            phases.append(details->phaseLabel()->text());
        maxBar = qMax<qint64>(maxBar, details->progressBar()->maximum());
    });

    m_page->registerAction()->trigger();
    auto *dialog = m_page->findChild<RegisterBakeDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"tiny"_s);
    dialog->findChild<QLineEdit *>(u"displayNameEdit"_s)->setText(u"Tiny test root"_s);
    dialog->findChild<QRadioButton *>(u"tarRadio"_s)->setChecked(true);
    dialog->findChild<QLineEdit *>(u"sourceEdit"_s)->setText(tar);
    dialog->findChild<QLineEdit *>(u"sizeEdit"_s)->setText(u"64"_s);
    QVERIFY(dialog->findChild<QCheckBox *>(u"bakeNowCheck"_s)->isChecked());
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    QTRY_VERIFY2(ok->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(row(u"tiny"_s).isValid());
    QCOMPARE(m_page->detailPane()->titleLabel()->text(), u"Tiny test root (tiny)"_s);

    const auto state = [this] {
        return BakeState(row(u"tiny"_s).data(BakeImageListModel::StateRole).toInt());
    };
    QTRY_VERIFY_WITH_TIMEOUT(state() != BakeState::Registered && state() != BakeState::Queued &&
                                 state() != BakeState::Baking,
                             180000);
    QVERIFY2(state() == BakeState::Baked,
             qPrintable(row(u"tiny"_s).data(BakeImageListModel::ErrorRole).toString()));
    qInfo() << "phases shown:" << phases;
    QVERIFY2(!phases.isEmpty(), "the detail pane showed no phase while baking");
    // A phase with its number, and never back to waiting once it started.
    QVERIFY2(std::any_of(phases.cbegin(), phases.cend(),
                         [](const QString &phase) {
                             return QRegularExpression(u"^Phase \\d of \\d: \\S"_s).match(phase).hasMatch();
                         }),
             qPrintable(phases.join(u" | "_s)));
    const qsizetype started = phases.indexOf(u"Starting\u2026"_s);
    QVERIFY2(started < 0 || !phases.mid(started).contains(u"Waiting for a bake slot\u2026"_s),
             qPrintable(phases.join(u" | "_s)));
    QVERIFY(!m_page->detailPane()->progressBar()->isVisible()); // done
    QCOMPARE(m_page->detailPane()->stateLabel()->text(), u"Baked"_s);
    QVERIFY(!m_page->detailPane()->fieldText(u"sha256:"_s).isEmpty());
    QCOMPARE(m_page->detailPane()->fieldText(u"Format:"_s), u"ext4"_s);
    QVERIFY(m_page->downloadAction()->isEnabled());
    QVERIFY(!m_page->bakeAction()->isEnabled());
    // The scan follows (skipped: no scanner here).
    QTRY_COMPARE_WITH_TIMEOUT(ScanStatus(row(u"tiny"_s).data(BakeImageListModel::ScanStatusRole).toInt()) !=
                                  ScanStatus::Pending,
                              true, 60000);
    saveScreenshot(m_window.get(), u"bake-page"_s);
}

void tst_BakeImagesPage::uploadsAnExt4()
{
    // The ext4 file the bake made, uploaded as the content of another image.
    const QModelIndex tiny = row(u"tiny"_s);
    QVERIFY(tiny.isValid());
    const QString ext4 = m_page->model()->image(tiny.row()).content->path;
    QVERIFY(QFile::exists(ext4));
    select(u"delta"_s);
    QVERIFY(m_page->uploadAction()->isEnabled());
    QSignalSpy finished(m_page, &BakeImagesPage::transferFinished);
    m_page->uploadFrom(m_page->currentImageId(), ext4);
    QVERIFY(m_page->isTransferring());
    QVERIFY(!m_page->uploadAction()->isEnabled());
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished[0].at(1).toString().isEmpty(), qPrintable(finished[0].at(1).toString()));
    QCOMPARE(row(u"delta"_s).siblingAtColumn(BakeImageListModel::StateColumn).data().toString(), u"Baked"_s);
    QCOMPARE(row(u"delta"_s).data(BakeImageListModel::ContentSha256Role).toString(),
             tiny.data(BakeImageListModel::ContentSha256Role).toString());
    QCOMPARE(m_page->detailPane()->stateLabel()->text(), u"Baked"_s);
    QVERIFY(m_page->downloadAction()->isEnabled());
    QVERIFY(!m_page->uploadAction()->isEnabled());
}

void tst_BakeImagesPage::pullSecretNameIsReadOnThePool()
{
    const Catalogue &catalogue = m_catalogue->catalogue();
    const auto quay = SecretRepository(catalogue).create(u"quay-robot"_s, SecretKind::PullSecret, u"robot"_s,
                                                         u"kiln:test-quay"_s);
    const auto ghcr = SecretRepository(catalogue).create(u"ghcr-bot"_s, SecretKind::PullSecret, u"bot"_s,
                                                         u"kiln:test-ghcr"_s);
    QVERIFY2(quay.ok(), whyNot(quay).constData());
    QVERIFY2(ghcr.ok(), whyNot(ghcr).constData());
    auto add = [&catalogue](const QString &name, const QString &secretId) {
        BakeImage image;
        image.name = name;
        image.source = {BakeSourceKind::Oci, u"quay.io/kiln/"_s + name + u":1"_s};
        image.sizeMib = 256;
        image.pullSecretId = secretId;
        const auto stored = BakeImageRepository(catalogue).registerImage(image);
        return stored ? stored->id : QString();
    };
    const QString echo = add(u"echo"_s, quay->id);
    const QString foxtrot = add(u"foxtrot"_s, ghcr->id);
    QVERIFY(!echo.isEmpty() && !foxtrot.isEmpty());
    m_page->reload();
    QTRY_VERIFY(row(u"echo"_s).isValid() && row(u"foxtrot"_s).isValid());
    BakeImageDetailPane *details = m_page->detailPane();

    // Shown at once, its name when it has been read.
    m_page->setCurrentImage(echo);
    QCOMPARE(details->titleLabel()->text(), u"echo"_s);
    QCOMPARE(details->fieldText(u"Pull secret:"_s), u"\u2026"_s);
    QTRY_COMPARE(details->fieldText(u"Pull secret:"_s), u"quay-robot"_s);
    // Echo's answer comes too late for foxtrot: never shown for it.
    m_page->setCurrentImage(alphaId());
    m_page->setCurrentImage(echo);
    m_page->setCurrentImage(foxtrot);
    QCOMPARE(details->fieldText(u"Pull secret:"_s), u"\u2026"_s);
    QTRY_COMPARE(details->fieldText(u"Pull secret:"_s), u"ghcr-bot"_s);
    QTest::qWait(100);
    QCOMPARE(details->fieldText(u"Pull secret:"_s), u"ghcr-bot"_s);
    // Without a secret: none.
    m_page->setCurrentImage(alphaId());
    QCOMPARE(details->fieldText(u"Pull secret:"_s), u"none"_s);
}

QTEST_MAIN(tst_BakeImagesPage)
#include "tst_bakeimagespage.moc"
