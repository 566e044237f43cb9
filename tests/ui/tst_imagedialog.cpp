#include "bake/imagebuilds.h"
#include "cataloguefixture.h"
#include "imagebuilder/packageeditor.h"
#include "images/imagedialog.h"
#include "store/grouprepository.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

class tst_ImageDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void okFollowsTheInput_data();
    void okFollowsTheInput();
    void derivesTheName();
    void addsUniversalWithGpuUrl();
    void customImageNeedsValidPackages();
    void frozenImageIsReadOnlyUntilUnfrozen();
    void editKeepsNameAndGroups();

private:
    ImageDialogServices services();
    static QPushButton *ok(ImageDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
    template <typename T>
    static T *child(ImageDialog &dialog, const QString &name)
    {
        return dialog.findChild<T *>(name);
    }

    std::unique_ptr<TempCatalogue> m_catalogue;
    Group m_team;
};

void tst_ImageDialog::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY(m_catalogue->isOpen());
    Group team;
    team.name = u"ml-team"_s;
    const auto created = GroupRepository(m_catalogue->catalogue()).create(team);
    QVERIFY(created.ok());
    m_team = created.value();
}

ImageDialogServices tst_ImageDialog::services()
{
    ImageDialogServices services;
    const Catalogue *catalogue = &m_catalogue->catalogue();
    services.save = [catalogue](const ManagedImage &image, ImageSource source,
                                const SpecDraft &packages) -> Result<ManagedImage, QString> {
        const ImageRepository images(*catalogue);
        if (source == ImageSource::Custom && image.id.isEmpty()) {
            const auto created = createCustomImage(*catalogue, image, packages);
            if (!created)
                return created.error().message();
            return created->image;
        }
        const auto stored = image.id.isEmpty() ? images.create(image) : images.update(image);
        if (!stored)
            return stored.error().message;
        return stored.value();
    };
    services.unfreeze = [catalogue](const QString &id) -> Result<ManagedImage, QString> {
        const auto unfrozen = ImageRepository(*catalogue).setFrozen(id, false);
        if (!unfrozen)
            return unfrozen.error().message;
        return unfrozen.value();
    };
    services.nameTaken = [catalogue](const QString &name) {
        return ImageRepository(*catalogue).getByName(name).ok();
    };
    services.catalogue = catalogue;
    services.groups = {m_team};
    return services;
}

void tst_ImageDialog::okFollowsTheInput_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("gpuUrl"); // non-empty: "Specific URL for GPU" is checked
    QTest::addColumn<QString>("problem");

    const QString url = u"registry.example.com/ml/torch:2.3"_s;
    QTest::newRow("valid") << u"PyTorch 2.3"_s << int(ImageType::Cpu) << url << QString() << QString();
    QTest::newRow("no display name") << QString() << int(ImageType::Cpu) << url << QString()
                                     << u"Display name: a display name is required."_s;
    QTest::newRow("no url") << u"PyTorch"_s << int(ImageType::Cpu) << QString() << QString()
                            << u"Image URL: a reference is required."_s;
    QTest::newRow("bad url") << u"PyTorch"_s << int(ImageType::Gpu) << u"registry.example.com/ML"_s
                             << QString() << u"Image URL: Column"_s;
    QTest::newRow("universal gpu url") << u"PyTorch"_s << int(ImageType::Universal) << url
                                       << u"registry.example.com/ml/torch:2.3-gpu"_s << QString();
    QTest::newRow("bad gpu url") << u"PyTorch"_s << int(ImageType::Universal) << url << u"x y"_s
                                 << u"GPU URL: Column"_s;
}

void tst_ImageDialog::okFollowsTheInput()
{
    QFETCH(QString, displayName);
    QFETCH(int, type);
    QFETCH(QString, url);
    QFETCH(QString, gpuUrl);
    QFETCH(QString, problem);
    ImageDialog dialog(services(), std::nullopt);
    child<QLineEdit>(dialog, u"displayNameEdit"_s)->setText(displayName);
    auto *types = child<QComboBox>(dialog, u"typeCombo"_s);
    types->setCurrentIndex(types->findData(type));
    child<QLineEdit>(dialog, u"urlEdit"_s)->setText(url);
    if (!gpuUrl.isEmpty()) {
        child<QCheckBox>(dialog, u"gpuCheck"_s)->setChecked(true);
        child<QLineEdit>(dialog, u"gpuUrlEdit"_s)->setText(gpuUrl);
    }
    QCOMPARE(ok(dialog)->isEnabled(), problem.isEmpty());
    QVERIFY2(dialog.validationMessage().startsWith(problem), qPrintable(dialog.validationMessage()));
}

void tst_ImageDialog::derivesTheName()
{
    QVERIFY(ImageRepository(m_catalogue->catalogue())
                .create([] {
                    ManagedImage taken;
                    taken.name = u"pytorch-2.3"_s;
                    taken.displayName = u"PyTorch 2.3"_s;
                    taken.url = u"registry.example.com/x:1"_s;
                    return taken;
                }())
                .ok());
    ImageDialog dialog(services(), std::nullopt);
    auto *name = child<QLineEdit>(dialog, u"displayNameEdit"_s);
    name->setText(u"My CUDA 12 Image"_s);
    QCOMPARE(child<QLabel>(dialog, u"nameHint"_s)->text(), u"Image name: my-cuda-12-image"_s);
    name->setText(u"PyTorch 2.3"_s);
    QVERIFY(child<QLabel>(dialog, u"nameHint"_s)->text().contains(u"taken"_s));
    child<QLineEdit>(dialog, u"urlEdit"_s)->setText(u"registry.example.com/x:1"_s);
    QVERIFY(!ok(dialog)->isEnabled());
}

void tst_ImageDialog::addsUniversalWithGpuUrl()
{
    ImageDialog dialog(services(), std::nullopt);
    QSignalSpy saved(&dialog, &ImageDialog::saved);
    child<QLineEdit>(dialog, u"displayNameEdit"_s)->setText(u"Torch Universal"_s);
    auto *types = child<QComboBox>(dialog, u"typeCombo"_s);
    QVERIFY(!child<QCheckBox>(dialog, u"gpuCheck"_s)->isVisibleTo(&dialog));
    types->setCurrentIndex(types->findData(int(ImageType::Universal)));
    QVERIFY(child<QCheckBox>(dialog, u"gpuCheck"_s)->isVisibleTo(&dialog));
    child<QLineEdit>(dialog, u"urlEdit"_s)->setText(u"registry.example.com/ml/torch:2.3"_s);
    child<QCheckBox>(dialog, u"gpuCheck"_s)->setChecked(true);
    child<QLineEdit>(dialog, u"gpuUrlEdit"_s)->setText(u"registry.example.com/ml/torch:2.3-cuda"_s);
    dialog.setGroupIds({m_team.id});
    QVERIFY(child<QLabel>(dialog, u"groupsLabel"_s)->text().contains(u"ml-team"_s));
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog.validationMessage()));
    dialog.accept();
    QCOMPARE(saved.size(), 1);
    const auto stored = ImageRepository(m_catalogue->catalogue()).getByName(u"torch-universal"_s);
    QVERIFY(stored.ok());
    QCOMPARE(stored->type, ImageType::Universal);
    QCOMPARE(stored->gpuUrl, u"registry.example.com/ml/torch:2.3-cuda"_s);
    QCOMPARE(stored->groupIds, QStringList{m_team.id});
    QVERIFY(!stored->global);
}

void tst_ImageDialog::customImageNeedsValidPackages()
{
    ImageDialog dialog(services(), std::nullopt);
    QSignalSpy saved(&dialog, &ImageDialog::saved);
    child<QLineEdit>(dialog, u"displayNameEdit"_s)->setText(u"Data Science"_s);
    child<QRadioButton>(dialog, u"customRadio"_s)->setChecked(true);
    QVERIFY(dialog.validationMessage().startsWith(u"Base image"_s));
    child<QLineEdit>(dialog, u"baseEdit"_s)->setText(u"debian:12"_s);
    child<PackageEditor>(dialog, u"pipEditor"_s)->setPlainText(u"pandas>=2\nflask>>2"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY2(dialog.validationMessage().startsWith(u"Pip packages, line 2, column"_s),
             qPrintable(dialog.validationMessage()));
    child<PackageEditor>(dialog, u"pipEditor"_s)->setPlainText(u"pandas>=2"_s);
    child<QCheckBox>(dialog, u"globalCheck"_s)->setChecked(true);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog.validationMessage()));
    QCOMPARE(ok(dialog)->text(), u"Add and &Build"_s);
    dialog.accept();
    QCOMPARE(saved.size(), 1);
    const auto stored = ImageRepository(m_catalogue->catalogue()).getByName(u"data-science"_s);
    QVERIFY(stored.ok());
    QVERIFY(stored->url.isEmpty());
    QVERIFY(stored->global);
    const auto spec = SpecRepository(m_catalogue->catalogue()).get(stored->specId);
    QVERIFY(spec.ok());
    QCOMPARE(spec->name, u"data-science"_s);
    QCOMPARE(SpecRepository(m_catalogue->catalogue()).revision(spec->currentRevisionId)->content.pipPackages,
             QStringList{u"pandas>=2"_s});
}

void tst_ImageDialog::frozenImageIsReadOnlyUntilUnfrozen()
{
    ManagedImage image;
    image.name = u"frozen"_s;
    image.displayName = u"Frozen"_s;
    image.url = u"registry.example.com/x:1"_s;
    image.frozen = true;
    const auto stored = ImageRepository(m_catalogue->catalogue()).create(image);
    QVERIFY(stored.ok());
    ImageDialog dialog(services(), stored.value());
    QVERIFY(child<QWidget>(dialog, u"frozenBanner"_s)->isVisibleTo(&dialog));
    QVERIFY(!child<QWidget>(dialog, u"fields"_s)->isEnabled());
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY(dialog.validationMessage().contains(u"frozen"_s));

    QTest::mouseClick(child<QPushButton>(dialog, u"unfreezeButton"_s), Qt::LeftButton);
    QVERIFY(!ImageRepository(m_catalogue->catalogue()).get(stored->id)->frozen);
    QVERIFY(child<QWidget>(dialog, u"fields"_s)->isEnabled());
    QVERIFY(!child<QWidget>(dialog, u"frozenBanner"_s)->isVisibleTo(&dialog));
    child<QLineEdit>(dialog, u"descriptionEdit"_s)->setText(u"now editable"_s);
    QVERIFY(ok(dialog)->isEnabled());
    dialog.accept();
    QCOMPARE(ImageRepository(m_catalogue->catalogue()).get(stored->id)->description, u"now editable"_s);
}

void tst_ImageDialog::editKeepsNameAndGroups()
{
    ManagedImage image;
    image.name = u"base-tools"_s;
    image.displayName = u"Base Tools"_s;
    image.url = u"registry.example.com/tools:1"_s;
    image.groupIds = {m_team.id};
    const auto stored = ImageRepository(m_catalogue->catalogue()).create(image);
    QVERIFY(stored.ok());
    ImageDialog dialog(services(), stored.value());
    child<QLineEdit>(dialog, u"displayNameEdit"_s)->setText(u"Base Tools Renamed"_s);
    QVERIFY(child<QLabel>(dialog, u"nameHint"_s)->text().contains(u"base-tools"_s));
    QVERIFY(!child<QRadioButton>(dialog, u"customRadio"_s)->isEnabled());
    dialog.accept();
    const auto edited = ImageRepository(m_catalogue->catalogue()).get(stored->id);
    QCOMPARE(edited->name, u"base-tools"_s);
    QCOMPARE(edited->displayName, u"Base Tools Renamed"_s);
    QCOMPARE(edited->groupIds, QStringList{m_team.id});
}

QTEST_MAIN(tst_ImageDialog)
#include "tst_imagedialog.moc"
