// kiln-test-properties: TIMEOUT 900
#include "bake/ociclient.h"
#include "bakefixture.h"
#include "cataloguefixture.h"
#include "common/logviewer.h"
#include "groups/editgroupsdialog.h"
#include "imagebuilder/packageeditor.h"
#include "imagebuilder/specview.h"
#include "imagelistmodel.h"
#include "imageproxymodel.h"
#include "images/builddetailsdialog.h"
#include "images/imagedialog.h"
#include "images/imagespage.h"
#include "mainwindow/mainwindow.h"
#include "store/grouprepository.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTreeView>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// Image Management driven through real widgets with real builds (buildah and a
// local registry). KILN_SCREENSHOT_DIR keeps screenshots of each step.
class tst_ImagesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void addsExistingUniversalImage();
    void customImageBecomesReady();
    void rebuildsWithChangedPackage();
    void cancelsABuild();
    void editsGroups();
    void refusesEditsWhileFrozen();
    void filters();

private:
    void shoot(QWidget *widget, const QString &name);
    QString imageId(const QString &name) const;
    QModelIndex row(const QString &id) const { return m_page->model()->indexOfImage(id); }
    static QPushButton *ok(QDialog *dialog)
    {
        return dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }

    BakeFixture m_fixture;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<BakeService> m_bake;
    std::unique_ptr<OciClient> m_oci;
    std::unique_ptr<MainWindow> m_window;
    ImagesPage *m_page = nullptr;
    Group m_team;
};

void tst_ImagesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (BaseImage::buildahPath().isEmpty() || RegistryServer::program().isEmpty())
        QFAIL("buildah and docker-registry are needed: run scripts/dev deps");
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY(m_catalogue->isOpen());
    m_catalogue->catalogue().setClock([] { return QDateTime::currentMSecsSinceEpoch(); });
    QCOMPARE(m_fixture.addPushRegistry(m_catalogue->catalogue()), QString());
    Group team;
    team.name = u"ml-team"_s;
    m_team = GroupRepository(m_catalogue->catalogue()).create(team).value();
    Group other;
    other.name = u"students"_s;
    QVERIFY(GroupRepository(m_catalogue->catalogue()).create(other).ok());

    m_bake =
        std::make_unique<BakeService>(m_catalogue->catalogue(), m_fixture.options(), CredentialResolver());
    m_bake->start();
    m_oci = std::make_unique<OciClient>();
    m_window = std::make_unique<MainWindow>();
    m_page = new ImagesPage(m_catalogue->catalogue(), m_bake.get(), m_oci.get());
    m_window->addPage(u"images"_s, QIcon(), u"Images"_s, m_page);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(m_page->isEmptyStateShown());
    // An empty catalogue shows the empty state and no count ("0 of 0 images shown").
    auto *count = m_page->findChild<QLabel *>(u"countLabel"_s);
    QVERIFY(count);
    QVERIFY(count->isHidden());
    QVERIFY(count->text().isEmpty());
    shoot(m_window.get(), u"images-empty"_s);
}

void tst_ImagesPage::cleanupTestCase()
{
    m_window.reset();
    m_oci.reset();
    m_bake.reset();
    m_catalogue.reset();
    m_fixture.cleanup();
}

void tst_ImagesPage::shoot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KILN_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(dir + u'/' + name + u".png"_s));
}

QString tst_ImagesPage::imageId(const QString &name) const
{
    const auto image = ImageRepository(m_catalogue->catalogue()).getByName(name);
    return image ? image->id : QString();
}

void tst_ImagesPage::addsExistingUniversalImage()
{
    ImageDialog *dialog = m_page->addImage();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"displayNameEdit"_s)->setText(u"Torch Universal"_s);
    auto *types = dialog->findChild<QComboBox *>(u"typeCombo"_s);
    types->setCurrentIndex(types->findData(int(ImageType::Universal)));
    dialog->findChild<QLineEdit *>(u"urlEdit"_s)->setText(u"registry.example.com/ml/torch:2.3"_s);
    dialog->findChild<QCheckBox *>(u"gpuCheck"_s)->setChecked(true);
    dialog->findChild<QLineEdit *>(u"gpuUrlEdit"_s)->setText(u"registry.example.com/ml/torch:2.3-cuda"_s);
    dialog->setGroupIds({m_team.id});
    shoot(dialog, u"imagedialog-existing"_s);
    QTest::mouseClick(ok(dialog), Qt::LeftButton);

    const QString id = imageId(u"torch-universal"_s);
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY(row(id).isValid());
    const QModelIndex index = row(id);
    QCOMPARE(m_page->model()->index(index.row(), ImageListModel::AccessColumn).data().toString(),
             u"1 group"_s);
    QVERIFY(m_page->model()
                ->index(index.row(), ImageListModel::AccessColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"ml-team"_s));
    QCOMPARE(index.data(ImageListModel::GpuUrlRole).toString(), u"registry.example.com/ml/torch:2.3-cuda"_s);
    QVERIFY(!m_page->isEmptyStateShown());
    auto *count = m_page->findChild<QLabel *>(u"countLabel"_s);
    QVERIFY(count->isVisible());
    QCOMPARE(count->text(), u"1 image"_s);
}

void tst_ImagesPage::customImageBecomesReady()
{
    ImageDialog *dialog = m_page->addImage();
    dialog->findChild<QLineEdit *>(u"displayNameEdit"_s)->setText(u"Data Tools"_s);
    dialog->findChild<QRadioButton *>(u"customRadio"_s)->setChecked(true);
    auto *types = dialog->findChild<QComboBox *>(u"typeCombo"_s);
    types->setCurrentIndex(types->findData(int(ImageType::Universal)));
    // The base completes from the registry's tags.
    QTRY_VERIFY_WITH_TIMEOUT(
        dialog->findChild<QLineEdit *>(u"baseEdit"_s)->completer()->model()->rowCount() > 0, 10000);
    dialog->findChild<QLineEdit *>(u"baseEdit"_s)->setText(m_fixture.baseImage());
    dialog->findChild<PackageEditor *>(u"aptEditor"_s)->setPlainText(u"curl"_s);
    dialog->findChild<QCheckBox *>(u"globalCheck"_s)->setChecked(true);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok(dialog), Qt::LeftButton);

    const QString id = imageId(u"data-tools"_s);
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY(row(id).isValid());
    // Building: a marker on the display name, then ready with the built URL.
    QTRY_VERIFY_WITH_TIMEOUT(row(id).data(ImageListModel::BuildingRole).toBool() ||
                                 !row(id).data(ImageListModel::UrlRole).toString().isEmpty(),
                             30000);
    shoot(m_window.get(), u"images-building"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!row(id).data(ImageListModel::UrlRole).toString().isEmpty(), 180000);
    const auto image = ImageRepository(m_catalogue->catalogue()).get(id);
    QVERIFY(image->url.startsWith(m_fixture.registry().address() + u"/kiln-built/data-tools:"_s));
    QCOMPARE(image->gpuUrl, image->url); // universal: the GPU URL follows
    QTRY_COMPARE(row(id).data(ImageListModel::StateRole).toInt(), int(ImageListModel::State::Ready));
    QVERIFY(!row(id).data(ImageListModel::BuildingRole).toBool());
    shoot(m_window.get(), u"images-list"_s);
}

void tst_ImagesPage::rebuildsWithChangedPackage()
{
    const QString id = imageId(u"data-tools"_s);
    const QString before = ImageRepository(m_catalogue->catalogue()).get(id)->url;
    ImageDialog *dialog = m_page->editImage(id);
    QVERIFY(dialog);
    auto *apt = dialog->findChild<PackageEditor *>(u"aptEditor"_s);
    QCOMPARE(apt->packages(), QStringList{u"curl"_s});
    apt->setPlainText(u"curl\ngit"_s);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(ImageRepository(m_catalogue->catalogue()).get(id)->url != before, 180000);
    const QString after = ImageRepository(m_catalogue->catalogue()).get(id)->url;
    QCOMPARE(after.section(u'/', 0, -2), before.section(u'/', 0, -2));
    QTRY_COMPARE(row(id).data(ImageListModel::UrlRole).toString(), after);
}

void tst_ImagesPage::cancelsABuild()
{
    const QString id = imageId(u"data-tools"_s);
    ImageDialog *dialog = m_page->editImage(id);
    dialog->findChild<PackageEditor *>(u"aptEditor"_s)->setPlainText(u"curl\nkiln-sleep"_s);
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(row(id).data(ImageListModel::BuildingRole).toBool(), 30000);
    const QString jobId = row(id).data(ImageListModel::LatestJobIdRole).toString();
    QTRY_VERIFY_WITH_TIMEOUT(!processesMatching(m_fixture.sleepCommand()).isEmpty(), 120000);

    m_page->listView()->setCurrentIndex(m_page->proxy()->mapFromSource(row(id)));
    m_page->showBuildDetails(id);
    auto *details = m_page->findChild<BuildDetailsDialog *>();
    QVERIFY(details);
    QTRY_VERIFY_WITH_TIMEOUT(
        details->specView()->logViewer()->textView()->toPlainText().contains(u"kiln-sleep started"_s), 30000);
    shoot(details, u"images-build-details"_s);
    m_page->cancelBuild(id);
    QTRY_COMPARE_WITH_TIMEOUT(JobRepository(m_catalogue->catalogue()).get(jobId)->status,
                              JobStatus::Cancelled, 10000);
    QTRY_VERIFY(!row(id).data(ImageListModel::BuildingRole).toBool());
    QVERIFY(processesMatching(m_fixture.sleepCommand()).isEmpty());
    QTRY_VERIFY(details->specView()->logViewer()->textView()->toPlainText().contains(u"Cancelled"_s));
    details->close();
    // The image keeps the URL of its last good build.
    QVERIFY(!ImageRepository(m_catalogue->catalogue()).get(id)->url.isEmpty());
}

void tst_ImagesPage::editsGroups()
{
    const QString id = imageId(u"torch-universal"_s);
    ImageDialog *dialog = m_page->editImage(id);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"editGroupsButton"_s), Qt::LeftButton);
    auto *groups = dialog->findChild<EditGroupsDialog *>();
    QVERIFY(groups);
    groups->selectAllVisible();
    groups->accept();
    QVERIFY(dialog->findChild<QLabel *>(u"groupsLabel"_s)->text().contains(u"students"_s));
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QCOMPARE(ImageRepository(m_catalogue->catalogue()).get(id)->groupIds.size(), 2);
    QTRY_COMPARE(m_page->model()->index(row(id).row(), ImageListModel::AccessColumn).data().toString(),
                 u"2 groups"_s);
    QCOMPARE(ImageRepository(m_catalogue->catalogue()).usableByGroup(u"students"_s)->size(), 2); // + global
}

void tst_ImagesPage::refusesEditsWhileFrozen()
{
    const QString id = imageId(u"torch-universal"_s);
    m_page->setFrozen(id, true);
    QTRY_VERIFY(row(id).data(ImageListModel::FrozenRole).toBool());
    ImageDialog *dialog = m_page->editImage(id);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY(dialog->validationMessage().contains(u"frozen"_s));
    QVERIFY(dialog->findChild<QWidget *>(u"frozenBanner"_s)->isVisibleTo(dialog));
    shoot(dialog, u"imagedialog-frozen"_s);
    dialog->reject();
    // The catalogue refuses too, whatever the GUI shows.
    ManagedImage changed = ImageRepository(m_catalogue->catalogue()).get(id).value();
    changed.description = u"sneaky"_s;
    QCOMPARE(ImageRepository(m_catalogue->catalogue()).update(changed).error().code,
             StoreError::Code::Frozen);
    m_page->setFrozen(id, false);
    QTRY_VERIFY(!row(id).data(ImageListModel::FrozenRole).toBool());
}

void tst_ImagesPage::filters()
{
    QCOMPARE(m_page->proxy()->rowCount(), 2);
    auto *types = m_page->findChild<QComboBox *>(u"typeFilter"_s);
    types->setCurrentIndex(types->findData(int(ImageType::Cpu)));
    QCOMPARE(m_page->proxy()->rowCount(), 0);
    QVERIFY(m_page->isEmptyStateShown());
    types->setCurrentIndex(0);
    QTest::keyClicks(m_page->findChild<QLineEdit *>(u"filterEdit"_s), u"torch"_s);
    QTRY_COMPARE(m_page->proxy()->rowCount(), 1);
    m_page->findChild<QLineEdit *>(u"filterEdit"_s)->clear();
    QTRY_COMPARE(m_page->proxy()->rowCount(), 2);
}

QTEST_MAIN(tst_ImagesPage)
#include "tst_imagespage.moc"
