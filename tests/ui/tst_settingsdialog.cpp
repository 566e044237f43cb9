#include "settings/settingsdialog.h"

#include "domain/settingsschema.h"
#include "enginemodel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_SettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadsValues();
    void okFollowsTheRules_data();
    void okFollowsTheRules();
    void reordersEngines();
    void cancelRestoresEngineOrder();
    void applyErrorKeepsTheDialogOpen();
    void bakingSettings();
    void restoreDefaults();
};

namespace {
SettingsDialog::Values someValues()
{
    return {{u"engines.preference"_s, u"podman,buildah,docker"_s},
            {u"bake.concurrency"_s, u"2"_s},
            {u"bake.jobTimeoutMinutes"_s, u"30"_s},
            {u"bake.pushRetries"_s, u"5"_s},
            {u"registries.healthCheckIntervalMinutes"_s, u"10"_s},
            {u"workers.fanOutConcurrency"_s, u"8"_s},
            {u"workers.pollSeconds"_s, u"60"_s},
            {u"bake.scanTimeoutMinutes"_s, u"45"_s},
            {u"bake.contentDirectory"_s, u"/srv/kiln/ext4"_s},
            {u"bake.blobCacheDirectory"_s, QString()},
            {u"bake.superAdmin"_s, u"false"_s}};
}

QPushButton *okButton(SettingsDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
}
} // namespace

void tst_SettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_SettingsDialog::loadsValues()
{
    EngineModel engines;
    SettingsDialog dialog(someValues(), &engines, {});
    QCOMPARE(dialog.values(), someValues());
    QCOMPARE(engines.preference().first(), ContainerEngineKind::Podman);
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(dialog.validationMessage().isEmpty());
}

void tst_SettingsDialog::okFollowsTheRules_data()
{
    QTest::addColumn<QString>("spin");
    QTest::addColumn<int>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("message");
    QTest::newRow("concurrency 0") << u"concurrencySpin"_s << 0 << false << u"from 1 to 16"_s;
    QTest::newRow("concurrency 16") << u"concurrencySpin"_s << 16 << true << QString();
    QTest::newRow("concurrency 17") << u"concurrencySpin"_s << 17 << false << u"from 1 to 16"_s;
    QTest::newRow("timeout 0") << u"timeoutSpin"_s << 0 << false << u"Minutes before a build fails"_s;
    QTest::newRow("retries 11") << u"retriesSpin"_s << 11 << false << u"from 0 to 10"_s;
    QTest::newRow("health 0") << u"healthSpin"_s << 0 << false << u"from 1 to 1440"_s;
    QTest::newRow("fan-out 256") << u"fanOutSpin"_s << 256 << true << QString();
    QTest::newRow("worker poll 4") << u"workerPollSpin"_s << 4 << false << u"from 5 to 86400"_s;
    QTest::newRow("worker poll 5") << u"workerPollSpin"_s << 5 << true << QString();
    QTest::newRow("worker poll 86401") << u"workerPollSpin"_s << 86401 << false << u"from 5 to 86400"_s;
}

void tst_SettingsDialog::okFollowsTheRules()
{
    QFETCH(QString, spin);
    QFETCH(int, value);
    QFETCH(bool, ok);
    QFETCH(QString, message);

    EngineModel engines;
    SettingsDialog dialog(someValues(), &engines, {});
    dialog.show();
    auto *box = dialog.findChild<QSpinBox *>(spin);
    QVERIFY(box);
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QCOMPARE(box->value(), value);
    QCOMPARE(okButton(dialog)->isEnabled(), ok);
    auto *error = dialog.findChild<QLabel *>(u"errorLabel"_s);
    QCOMPARE(error->isVisible(), !ok);
    if (!ok)
        QVERIFY2(error->text().contains(message), qPrintable(error->text()));
}

void tst_SettingsDialog::reordersEngines()
{
    EngineModel engines;
    SettingsDialog::Values stored;
    SettingsDialog dialog(someValues(), &engines, [&stored](const SettingsDialog::Values &values) {
        stored = values;
        return std::optional<QString>();
    });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *view = dialog.findChild<QTableView *>(u"enginesView"_s);
    view->selectRow(2); // docker
    auto *up = dialog.findChild<QPushButton *>(u"moveUpButton"_s);
    QTest::mouseClick(up, Qt::LeftButton);
    QTest::mouseClick(up, Qt::LeftButton);
    QVERIFY(!up->isEnabled()); // at the top now
    QCOMPARE(dialog.values().value(u"engines.preference"_s), u"docker,podman,buildah"_s);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(dialog.values().value(u"engines.preference"_s), u"podman,docker,buildah"_s);

    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(stored.value(u"engines.preference"_s), u"podman,docker,buildah"_s);
    QCOMPARE(stored.value(u"bake.concurrency"_s), u"2"_s);
}

void tst_SettingsDialog::cancelRestoresEngineOrder()
{
    EngineModel engines;
    SettingsDialog dialog(someValues(), &engines, {});
    dialog.show();
    QVERIFY(engines.moveDown(0));
    QCOMPARE(engines.preference().first(), ContainerEngineKind::Buildah);
    dialog.reject();
    QCOMPARE(engines.preference().first(), ContainerEngineKind::Podman);
}

void tst_SettingsDialog::applyErrorKeepsTheDialogOpen()
{
    EngineModel engines;
    SettingsDialog dialog(someValues(), &engines, [](const SettingsDialog::Values &) {
        return std::optional<QString>(u"disk full"_s);
    });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    auto *error = dialog.findChild<QLabel *>(u"errorLabel"_s);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(u"disk full"));
}

// The Baking group: folders must be absolute, the super-admin switch round-trips.
void tst_SettingsDialog::bakingSettings()
{
    EngineModel engines;
    SettingsDialog dialog(someValues(), &engines, {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *content = dialog.findChild<QLineEdit *>(u"contentDirEdit"_s);
    auto *admin = dialog.findChild<QCheckBox *>(u"superAdminCheck"_s);
    QVERIFY(content && admin);
    QVERIFY(!admin->isChecked());
    content->setText(u"relative/dir"_s);
    QVERIFY(!okButton(dialog)->isEnabled());
    auto *error = dialog.findChild<QLabel *>(u"errorLabel"_s);
    QVERIFY2(error->text().contains(u"relative/dir"), qPrintable(error->text()));
    content->setText(u"/srv/kiln/content"_s); // was /srv/kiln/ext4
    QVERIFY(okButton(dialog)->isEnabled());
    admin->click();
    QCOMPARE(dialog.values().value(u"bake.superAdmin"_s), u"true"_s);
    QCOMPARE(dialog.values().value(u"bake.contentDirectory"_s), u"/srv/kiln/content"_s);
}

void tst_SettingsDialog::restoreDefaults()
{
    EngineModel engines;
    SettingsDialog dialog(someValues(), &engines, {});
    auto *buttons = dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s);
    buttons->button(QDialogButtonBox::RestoreDefaults)->click();
    for (const SettingInfo &info : allSettings())
        QCOMPARE(dialog.values().value(info.key), info.defaultText);
}

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
