#include "cataloguefixture.h"
#include "imagebuilder/packageeditor.h"
#include "imagebuilder/specdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

class tst_SpecDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void okFollowsTheInput_data();
    void okFollowsTheInput();
    void showsNormalisedBase();
    void createSavesAndReportsConflicts();
    void editKeepsNameAndFillsFields();
    void pullSecretNeedsAChoice();
    void pastedEnvironmentFillsPip();
    void completesBaseImages();
    void warnsWithoutPushRegistry();
    void remembersItsSize();

private:
    SpecDialogServices services(bool withPush = true);
    static QPushButton *ok(SpecDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
    template <typename T>
    static T *child(SpecDialog &dialog, const QString &name)
    {
        return dialog.findChild<T *>(name);
    }

    std::unique_ptr<TempCatalogue> m_catalogue;
};

void tst_SpecDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_SpecDialog::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
}

SpecDialogServices tst_SpecDialog::services(bool withPush)
{
    SpecDialogServices services;
    const Catalogue *catalogue = &m_catalogue->catalogue();
    services.save = [catalogue](const QString &specId, const QString &name, const SpecDraft &draft) {
        return saveSpec(*catalogue, specId, name, draft);
    };
    services.nameTaken = [catalogue](const QString &name) {
        return SpecRepository(*catalogue).getByName(name).ok();
    };
    services.baseImageSuggestions = {u"registry.example.com/base/ubuntu:22.04"_s, u"quay.io/org/cuda:12"_s};
    if (withPush)
        services.pushPrefix = u"registry.example.com/team"_s;
    return services;
}

void tst_SpecDialog::okFollowsTheInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("apt");
    QTest::addColumn<QString>("pip");
    QTest::addColumn<QString>("problem"); // empty: OK is enabled

    const QString base = u"debian:12"_s;
    QTest::newRow("valid") << u"demo"_s << base << u"curl"_s << u"requests>=2"_s << QString();
    QTest::newRow("valid without packages") << u"demo"_s << base << QString() << QString() << QString();
    QTest::newRow("no name") << QString() << base << QString() << QString() << u"Name: A name is required."_s;
    QTest::newRow("uppercase name") << u"Demo"_s << base << QString() << QString() << u"Name, column 1"_s;
    QTest::newRow("no base") << u"demo"_s << QString() << QString() << QString() << u"Base image"_s;
    QTest::newRow("bad base") << u"demo"_s << u"debian::12"_s << QString() << QString()
                              << u"Base image: Column"_s;
    QTest::newRow("bad apt") << u"demo"_s << base << u"curl\nBad_Name"_s << QString()
                             << u"APT packages, line 2, column"_s;
    QTest::newRow("bad pip") << u"demo"_s << base << QString() << u"flask>>2"_s
                             << u"Pip packages, line 1, column 7"_s;
    QTest::newRow("taken name") << u"taken"_s << base << QString() << QString()
                                << u"Name: A spec named taken already exists."_s;
}

void tst_SpecDialog::okFollowsTheInput()
{
    QFETCH(QString, name);
    QFETCH(QString, base);
    QFETCH(QString, apt);
    QFETCH(QString, pip);
    QFETCH(QString, problem);
    QVERIFY(
        saveSpec(m_catalogue->catalogue(), {}, u"taken"_s, SpecDraft{u"debian:12"_s, {}, {}, {}, {}}).ok());

    SpecDialog dialog(services(), std::nullopt);
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(name);
    child<QLineEdit>(dialog, u"baseEdit"_s)->setText(base);
    child<PackageEditor>(dialog, u"aptEditor"_s)->setPlainText(apt);
    child<PackageEditor>(dialog, u"pipEditor"_s)->setPlainText(pip);
    QCOMPARE(ok(dialog)->isEnabled(), problem.isEmpty());
    QVERIFY2(dialog.validationMessage().startsWith(problem), qPrintable(dialog.validationMessage()));
    if (!problem.isEmpty())
        QCOMPARE(ok(dialog)->toolTip(), dialog.validationMessage());
}

void tst_SpecDialog::showsNormalisedBase()
{
    SpecDialog dialog(services(), std::nullopt);
    auto *base = child<QLineEdit>(dialog, u"baseEdit"_s);
    base->setFocus();
    QTest::keyClicks(base, u"ubuntu"_s);
    QVERIFY(child<QLabel>(dialog, u"baseHint"_s)->text().contains(u"docker.io/library/ubuntu:latest"_s));
    QTest::keyClicks(base, u"::"_s);
    QVERIFY2(child<QLabel>(dialog, u"baseHint"_s)->text().startsWith(u"Column 8"_s),
             qPrintable(child<QLabel>(dialog, u"baseHint"_s)->text()));
}

void tst_SpecDialog::createSavesAndReportsConflicts()
{
    // No live name check: as if someone took the name after the dialog looked.
    SpecDialogServices racing = services();
    racing.nameTaken = {};
    SpecDialog dialog(racing, std::nullopt);
    QSignalSpy saved(&dialog, &SpecDialog::saved);
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"demo"_s);
    child<QLineEdit>(dialog, u"baseEdit"_s)->setText(u"debian:12"_s);
    child<PackageEditor>(dialog, u"aptEditor"_s)->setPlainText(u"curl\ngit"_s);
    child<PackageEditor>(dialog, u"condaEditor"_s)->setPlainText(u"conda-forge::numpy>=1.26"_s);
    QCOMPARE(child<QTabWidget>(dialog, u"packageTabs"_s)->tabText(0), u"APT (2)"_s);
    QCOMPARE(ok(dialog)->text(), u"Create and &Build"_s);

    // The save fails on the taken name: the dialog stays open and says why.
    QVERIFY(
        saveSpec(m_catalogue->catalogue(), {}, u"demo"_s, SpecDraft{u"debian:12"_s, {}, {}, {}, {}}).ok());
    dialog.accept();
    QCOMPARE(saved.size(), 0);
    QVERIFY(child<QLabel>(dialog, u"errorLabel"_s)->isVisibleTo(&dialog));
    QVERIFY2(child<QLabel>(dialog, u"errorLabel"_s)->text().contains(u"demo"_s),
             qPrintable(child<QLabel>(dialog, u"errorLabel"_s)->text()));

    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"demo2"_s);
    dialog.accept();
    QCOMPARE(saved.size(), 1);
    const auto result = saved.first().first().value<SpecSaved>();
    QCOMPARE(result.kind, SpecSaveKind::Created);
    QCOMPARE(result.stored.spec.name, u"demo2"_s);
    QCOMPARE(result.stored.revision.content.aptPackages, (QStringList{u"curl"_s, u"git"_s}));
    QCOMPARE(result.stored.revision.content.condaPackages, QStringList{u"conda-forge::numpy>=1.26"_s});
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_SpecDialog::editKeepsNameAndFillsFields()
{
    SpecDraft draft{u"debian:12"_s, {u"curl"_s}, {}, {u"requests"_s}, {}};
    const auto stored = saveSpec(m_catalogue->catalogue(), {}, u"demo"_s, draft);
    QVERIFY(stored.ok());
    SpecDialog dialog(services(), stored->stored);
    QSignalSpy saved(&dialog, &SpecDialog::saved);
    QVERIFY(child<QLineEdit>(dialog, u"nameEdit"_s)->isReadOnly());
    QCOMPARE(dialog.draft(), draft);
    QCOMPARE(ok(dialog)->text(), u"Save and &Build"_s);
    QVERIFY(ok(dialog)->isEnabled());

    dialog.accept();
    QCOMPARE(saved.first().first().value<SpecSaved>().kind, SpecSaveKind::Unchanged);

    SpecDialog again(services(), stored->stored);
    QSignalSpy savedAgain(&again, &SpecDialog::saved);
    child<PackageEditor>(again, u"pipEditor"_s)->setPlainText(u"requests\nflask"_s);
    again.accept();
    const auto changed = savedAgain.first().first().value<SpecSaved>();
    QCOMPARE(changed.kind, SpecSaveKind::Changed);
    QCOMPARE(changed.stored.spec.id, stored->stored.spec.id);
    QCOMPARE(changed.stored.revision.content.pipPackages, (QStringList{u"requests"_s, u"flask"_s}));
}

void tst_SpecDialog::pullSecretNeedsAChoice()
{
    SpecDialogServices withSecrets = services();
    Secret secret;
    secret.id = u"s-1"_s;
    secret.name = u"hub"_s;
    secret.username = u"robot"_s;
    withSecrets.secrets = {secret};
    SpecDialog dialog(withSecrets, std::nullopt);
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"demo"_s);
    child<QLineEdit>(dialog, u"baseEdit"_s)->setText(u"debian:12"_s);
    auto *combo = child<QComboBox>(dialog, u"pullSecretCombo"_s);
    QVERIFY(!combo->isEnabled());
    child<QCheckBox>(dialog, u"pullSecretCheck"_s)->setChecked(true);
    QVERIFY(combo->isEnabled());
    combo->setCurrentIndex(-1);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY(dialog.validationMessage().startsWith(u"Pull secret"_s));
    combo->setCurrentIndex(0);
    QVERIFY(ok(dialog)->isEnabled());
    QCOMPARE(dialog.draft().pullSecretRef, u"s-1"_s);
    child<QCheckBox>(dialog, u"pullSecretCheck"_s)->setChecked(false);
    QVERIFY(dialog.draft().pullSecretRef.isEmpty());
}

void tst_SpecDialog::pastedEnvironmentFillsPip()
{
    SpecDialog dialog(services(), std::nullopt);
    auto *conda = child<PackageEditor>(dialog, u"condaEditor"_s);
    auto *pip = child<PackageEditor>(dialog, u"pipEditor"_s);
    pip->setPlainText(u"requests"_s);
    Q_EMIT conda->pipPackagesPasted({u"flask"_s, u"rich>=13"_s});
    QCOMPARE(pip->packages(), (QStringList{u"requests"_s, u"flask"_s, u"rich>=13"_s}));
    QVERIFY(child<QLabel>(dialog, u"packagesLabel"_s)->text().contains(u"Pip"_s));
}

void tst_SpecDialog::completesBaseImages()
{
    SpecDialog dialog(services(), std::nullopt);
    QCompleter *completer = child<QLineEdit>(dialog, u"baseEdit"_s)->completer();
    QVERIFY(completer);
    completer->setCompletionPrefix(u"cuda"_s);
    QCOMPARE(completer->completionCount(), 1);
    QCOMPARE(completer->currentCompletion(), u"quay.io/org/cuda:12"_s);
}

void tst_SpecDialog::warnsWithoutPushRegistry()
{
    SpecDialog dialog(services(false), std::nullopt);
    QVERIFY(child<QLabel>(dialog, u"pushWarning"_s)->text().contains(u"No push registry"_s));
    QCOMPARE(ok(dialog)->text(), u"&Create"_s);
}

void tst_SpecDialog::remembersItsSize()
{
    {
        SpecDialog dialog(services(), std::nullopt);
        dialog.show();
        dialog.resize(701, 503);
        QTRY_COMPARE(dialog.size(), QSize(701, 503));
        dialog.reject();
    }
    SpecDialog dialog(services(), std::nullopt);
    QCOMPARE(dialog.size(), QSize(701, 503));
}

QTEST_MAIN(tst_SpecDialog)
#include "tst_specdialog.moc"
