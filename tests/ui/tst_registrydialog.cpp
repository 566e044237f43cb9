// kiln-test-properties: TIMEOUT 600
#include "bake/ociclient.h"
#include "bake/registryhealth.h"
#include "cataloguefixture.h"
#include "common/uistate.h"
#include "ocitesting.h"
#include "registries/keyvalueeditor.h"
#include "registries/registrydialog.h"
#include "registries/tagchipedit.h"
#include "registryserver.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "testsupport.h"
#include "widgettesting.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

namespace {

template <typename T>
T wait(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

} // namespace

// The registry dialog with real widgets, a real catalogue, a file-backed vault and
// real docker-registry servers for Test Connection. KILN_SCREENSHOT_DIR keeps screenshots.
class tst_RegistryDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void okDisabledUntilValid();
    void inlineErrors_data();
    void inlineErrors();
    void tagChips();
    void metadataEditor();
    void testConnectionHealthy();
    void testConnectionAuthFailed();
    void createsWithNewCredentials();
    void editWithEmptyPasswordKeepsIt();
    void remembersItsSize();

private:
    RegistryDialogServices services() const;
    void fillValid(RegistryDialog *dialog, const QString &name, const QString &address);
    template <typename T>
    static T *child(QDialog *dialog, const QString &name)
    {
        T *widget = dialog->findChild<T *>(name);
        if (!widget)
            qWarning("no child %s", qPrintable(name));
        return widget;
    }
    static QPushButton *ok(QDialog *dialog)
    {
        return dialog->findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
    static void chooseCredentials(RegistryDialog *dialog, const QVariant &data)
    {
        auto *combo = child<QComboBox>(dialog, u"credentialsCombo"_s);
        const int index = data.isNull() ? combo->count() - 1 : combo->findData(data);
        QVERIFY(index >= 0);
        combo->setCurrentIndex(index);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<OciClient> m_oci;
    std::unique_ptr<RegistryHealthChecker> m_checker;
    RegistryServer m_open;
    RegistryServer m_locked;
    QWidget m_parent;
};

void tst_RegistryDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    if (RegistryServer::program().isEmpty())
        QFAIL("docker-registry is needed: run scripts/dev deps");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_vault = std::make_unique<SecretVault>(fileVaultOptions(m_dir->filePath(u"vault"_s)));
    m_oci = std::make_unique<OciClient>();
    m_oci->setRetryPolicy(1, 50);
    m_oci->setTransferTimeout(5000);
    m_checker = std::make_unique<RegistryHealthChecker>(
        m_oci.get(), [catalogue = &m_catalogue->catalogue(), vault = m_vault.get()](const QString &ref) {
            return resolveCredential(SecretRepository(*catalogue), *vault, ref);
        });
    QVERIFY2(m_open.start(), qPrintable(m_open.errorString()));
    m_locked.setHtpasswd(kRegistryUser, kRegistryBcrypt);
    QVERIFY2(m_locked.start(), qPrintable(m_locked.errorString()));
    m_parent.resize(400, 300);
    m_parent.show();
}

void tst_RegistryDialog::cleanupTestCase()
{
    m_checker.reset();
    m_oci.reset();
    m_vault.reset();
    m_catalogue.reset();
    m_open.stop();
    m_locked.stop();
}

RegistryDialogServices tst_RegistryDialog::services() const
{
    RegistryDialogServices services;
    services.catalogue = &m_catalogue->catalogue();
    services.vault = m_vault.get();
    services.checker = m_checker.get();
    if (const auto secrets = SecretRepository(m_catalogue->catalogue()).list(); secrets)
        services.secrets = secrets.value();
    services.knownTags = {u"gpu"_s, u"prod"_s};
    services.nameTaken = [catalogue = &m_catalogue->catalogue()](const QString &name) {
        return RegistryRepository(*catalogue).getByName(name).ok();
    };
    return services;
}

void tst_RegistryDialog::fillValid(RegistryDialog *dialog, const QString &name, const QString &address)
{
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(name);
    child<QLineEdit>(dialog, u"urlEdit"_s)->setText(u"http://"_s + address);
    child<QLineEdit>(dialog, u"prefixEdit"_s)->setText(address + u"/kiln"_s);
    child<QCheckBox>(dialog, u"tlsVerifyCheck"_s)->setChecked(false);
}

void tst_RegistryDialog::okDisabledUntilValid()
{
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    QVERIFY(dialog->isVisible());
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY(dialog->validationMessage().startsWith(u"Name"_s));
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"harbor"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY2(dialog->validationMessage().startsWith(u"Public URL"_s),
             qPrintable(dialog->validationMessage()));
    child<QLineEdit>(dialog, u"urlEdit"_s)->setText(u"https://harbor.example.org"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY2(dialog->validationMessage().startsWith(u"Image prefix"_s),
             qPrintable(dialog->validationMessage()));
    child<QLineEdit>(dialog, u"prefixEdit"_s)->setText(u"harbor.example.org/ml"_s);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QVERIFY(dialog->isInputValid());
    // New credentials without a password are not enough.
    chooseCredentials(dialog, QVariant());
    QVERIFY(!ok(dialog)->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, u"secretNameEdit"_s)->text(), u"harbor-credentials"_s);
    child<QLineEdit>(dialog, u"usernameEdit"_s)->setText(u"robot"_s);
    QVERIFY2(dialog->validationMessage().startsWith(u"Password"_s), qPrintable(dialog->validationMessage()));
    child<QLineEdit>(dialog, u"passwordEdit"_s)->setText(u"s3cret"_s);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    // The password is masked and appears in no label.
    QCOMPARE(child<QLineEdit>(dialog, u"passwordEdit"_s)->echoMode(), QLineEdit::Password);
    for (const QLabel *label : dialog->findChildren<QLabel *>())
        QVERIFY(!label->text().contains(u"s3cret"_s));
    saveScreenshot(dialog, u"registrydialog-valid"_s);
    dialog->reject();
}

void tst_RegistryDialog::inlineErrors_data()
{
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("hint");
    QTest::addColumn<QString>("expected");
    QTest::newRow("name-upper") << u"nameEdit"_s << u"Harbor"_s << u"nameHint"_s << u"Name:"_s;
    QTest::newRow("url-scheme") << u"urlEdit"_s << u"ftp://harbor.example.org"_s << u"urlHint"_s
                                << u"Public URL: column 1"_s;
    QTest::newRow("url-user") << u"urlEdit"_s << u"https://me:pw@harbor.example.org"_s << u"urlHint"_s
                              << u"Public URL:"_s;
    QTest::newRow("url-port") << u"urlEdit"_s << u"https://harbor.example.org:99999"_s << u"urlHint"_s
                              << u"Public URL:"_s;
    QTest::newRow("prefix-slash") << u"prefixEdit"_s << u"harbor.example.org/ml/"_s << u"prefixHint"_s
                                  << u"Image prefix:"_s;
    QTest::newRow("prefix-tag") << u"prefixEdit"_s << u"harbor.example.org/ml:1"_s << u"prefixHint"_s
                                << u"Image prefix:"_s;
    QTest::newRow("ca-relative") << u"caFileEdit"_s << u"certs/ca.pem"_s << u"caHint"_s << u"CA file:"_s;
}

void tst_RegistryDialog::inlineErrors()
{
    QFETCH(QString, edit);
    QFETCH(QString, value);
    QFETCH(QString, hint);
    QFETCH(QString, expected);
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    fillValid(dialog, u"inline"_s, u"registry.example.org"_s);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    child<QLineEdit>(dialog, edit)->setText(value);
    QVERIFY(!ok(dialog)->isEnabled());
    auto *label = child<QLabel>(dialog, hint);
    QVERIFY(label->isVisibleTo(dialog));
    QVERIFY2(label->text().startsWith(expected), qPrintable(label->text()));
    // The same words are the button's tooltip and the first problem.
    QVERIFY(dialog->validationMessages().contains(label->text()));
    dialog->reject();
}

void tst_RegistryDialog::tagChips()
{
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    fillValid(dialog, u"tags"_s, u"registry.example.org"_s);
    auto *chips = child<TagChipEdit>(dialog, u"tagsEdit"_s);
    QLineEdit *input = chips->lineEdit();
    input->setFocus();
    QTest::keyClicks(input, u"gpu"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(chips->tags(), QStringList{u"gpu"_s});
    QVERIFY(dialog->isVisible()); // Enter added a chip, it did not press OK
    QTest::keyClicks(input, u"Bad_Tag"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(chips->tags(), QStringList{u"gpu"_s});
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY2(child<QLabel>(dialog, u"tagsHint"_s)->text().startsWith(u"Tags: \u201cBad_Tag\u201d, column"_s),
             qPrintable(child<QLabel>(dialog, u"tagsHint"_s)->text()));
    input->clear();
    QVERIFY(ok(dialog)->isEnabled());
    // A comma ends a tag too; a duplicate is refused.
    QTest::keyClicks(input, u"prod,"_s);
    QCOMPARE(chips->tags(), (QStringList{u"gpu"_s, u"prod"_s}));
    QTest::keyClicks(input, u"gpu"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QVERIFY(child<QLabel>(dialog, u"tagsHint"_s)->text().contains(u"there already"_s));
    input->clear();
    // × removes a chip.
    const auto removes = chips->findChildren<QToolButton *>(u"removeTag"_s);
    QCOMPARE(removes.size(), 2);
    QTest::mouseClick(removes.first(), Qt::LeftButton);
    QCOMPARE(chips->tags(), QStringList{u"prod"_s});
    QCOMPARE(dialog->registry().tags, QStringList{u"prod"_s});
    saveScreenshot(dialog, u"registrydialog-tags"_s);
    dialog->reject();
}

void tst_RegistryDialog::metadataEditor()
{
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    fillValid(dialog, u"meta"_s, u"registry.example.org"_s);
    auto *editor = child<KeyValueEditor>(dialog, u"metadataEditor"_s);
    editor->addRow(u"owner"_s, u"ml-team"_s);
    QVERIFY(ok(dialog)->isEnabled());
    editor->addRow(QString(), u"orphan"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    QCOMPARE(child<QLabel>(dialog, u"metadataHint"_s)->text(), u"Metadata: Row 2: the key is empty."_s);
    editor->table()->item(1, 0)->setText(u"owner"_s);
    QVERIFY(child<QLabel>(dialog, u"metadataHint"_s)->text().contains(u"given twice"_s));
    editor->table()->item(1, 0)->setText(u"site"_s);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    const QMap<QString, QString> expected{{u"owner"_s, u"ml-team"_s}, {u"site"_s, u"orphan"_s}};
    QCOMPARE(dialog->registry().metadata, expected);
    editor->table()->setCurrentCell(0, 0);
    QTest::mouseClick(editor->findChild<QToolButton *>(u"removeRowButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->registry().metadata, (QMap<QString, QString>{{u"site"_s, u"orphan"_s}}));
    dialog->reject();
}

void tst_RegistryDialog::testConnectionHealthy()
{
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    fillValid(dialog, u"open"_s, m_open.address());
    QSignalSpy finished(dialog, &RegistryDialog::testFinished);
    QTest::mouseClick(child<QPushButton>(dialog, u"testButton"_s), Qt::LeftButton);
    QVERIFY(dialog->isTesting());
    QVERIFY(child<QLabel>(dialog, u"testResult"_s)->text().startsWith(u"Checking"_s));
    QVERIFY(finished.wait(30000));
    QVERIFY(!dialog->isTesting());
    QVERIFY(dialog->testResult().has_value());
    QCOMPARE(dialog->testResult()->status, RegistryHealthStatus::Healthy);
    QVERIFY(dialog->testResult()->latencyMs.has_value());
    const QString text = child<QLabel>(dialog, u"testResult"_s)->text();
    QVERIFY2(text.startsWith(u"Healthy \u00b7 "_s) && text.contains(u" ms"_s), qPrintable(text));
    saveScreenshot(dialog, u"registrydialog-healthy"_s);
    dialog->reject();
}

void tst_RegistryDialog::testConnectionAuthFailed()
{
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    fillValid(dialog, u"locked"_s, m_locked.address());
    QSignalSpy finished(dialog, &RegistryDialog::testFinished);
    // No credentials at all.
    dialog->testConnection();
    QVERIFY(finished.wait(30000));
    QCOMPARE(dialog->testResult()->status, RegistryHealthStatus::AuthFailed);
    QVERIFY2(child<QLabel>(dialog, u"testResult"_s)->text().startsWith(u"Auth failed"_s),
             qPrintable(child<QLabel>(dialog, u"testResult"_s)->text()));
    saveScreenshot(dialog, u"registrydialog-authfailed"_s);
    // New credentials typed but not saved yet: the test uses them.
    chooseCredentials(dialog, QVariant());
    child<QLineEdit>(dialog, u"usernameEdit"_s)->setText(kRegistryUser);
    child<QLineEdit>(dialog, u"passwordEdit"_s)->setText(u"wrong-password"_s);
    dialog->testConnection();
    QVERIFY(finished.wait(30000));
    QCOMPARE(dialog->testResult()->status, RegistryHealthStatus::AuthFailed);
    child<QLineEdit>(dialog, u"passwordEdit"_s)->setText(kRegistryPassword);
    dialog->testConnection();
    QVERIFY(finished.wait(30000));
    QCOMPARE(dialog->testResult()->status, RegistryHealthStatus::Healthy);
    QVERIFY(!child<QLabel>(dialog, u"testResult"_s)->text().contains(kRegistryPassword));
    // Cancelling drops the answer.
    dialog->testConnection();
    QTest::mouseClick(child<QPushButton>(dialog, u"testButton"_s), Qt::LeftButton);
    QVERIFY(!dialog->isTesting());
    QCOMPARE(child<QLabel>(dialog, u"testResult"_s)->text(), u"Cancelled."_s);
    QVERIFY(!finished.wait(1500));
    // Closing while a test runs is fine too.
    dialog->testConnection();
    dialog->reject();
    QTest::qWait(200);
}

void tst_RegistryDialog::createsWithNewCredentials()
{
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    QSignalSpy saved(dialog, &RegistryDialog::saved);
    fillValid(dialog, u"harbor"_s, m_locked.address());
    child<QCheckBox>(dialog, u"authCheck"_s)->setChecked(true);
    chooseCredentials(dialog, QVariant());
    child<QLineEdit>(dialog, u"usernameEdit"_s)->setText(kRegistryUser);
    child<QLineEdit>(dialog, u"passwordEdit"_s)->setText(kRegistryPassword);
    auto *storage = child<QComboBox>(dialog, u"storageTypeCombo"_s);
    storage->setCurrentIndex(storage->findData(int(RegistryStorage::S3)));
    child<QSpinBox>(dialog, u"storageSizeSpin"_s)->setValue(2048);
    auto *type = child<QComboBox>(dialog, u"typeCombo"_s);
    type->setCurrentIndex(type->findData(int(RegistryType::Internal)));
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QVERIFY(saved.wait(20000) || saved.size() == 1);
    const Registry stored = saved.at(0).at(0).value<Registry>();
    const auto registry = RegistryRepository(m_catalogue->catalogue()).getByName(u"harbor"_s);
    QVERIFY2(registry.ok(), whyNot(registry).constData());
    QCOMPARE(registry->id, stored.id);
    QVERIFY(registry->authRequired);
    QVERIFY(!registry->tlsVerify);
    QCOMPARE(registry->storageType, RegistryStorage::S3);
    QCOMPARE(registry->storageSizeMb, qint64(2048));
    QCOMPARE(registry->registryType, RegistryType::Internal);
    QVERIFY(!registry->credentialsSecretId.isEmpty());
    // The secret row holds the username and a reference; the vault holds the password.
    const auto secret = SecretRepository(m_catalogue->catalogue()).get(registry->credentialsSecretId);
    QVERIFY2(secret.ok(), whyNot(secret).constData());
    QCOMPARE(secret->name, u"harbor-credentials"_s);
    QCOMPARE(secret->username, kRegistryUser);
    QCOMPARE(secret->kind, SecretKind::RegistryCredential);
    const auto value = wait(m_vault->read(secret->keychainRef));
    QVERIFY(value.ok());
    QCOMPARE(value.value(), kRegistryPassword.toUtf8());
    // The registry checks out with the stored login.
    // (Its future finishes on this thread: wait with the event loop running.)
    QFuture<RegistryHealth> check = m_checker->check(registry.value());
    QVERIFY(QTest::qWaitFor([&check] { return check.isFinished(); }, 30000));
    QCOMPARE(check.result().status, RegistryHealthStatus::Healthy);
}

void tst_RegistryDialog::editWithEmptyPasswordKeepsIt()
{
    const Catalogue &c = m_catalogue->catalogue();
    const Registry registry = RegistryRepository(c).getByName(u"harbor"_s).value();
    const Secret before = SecretRepository(c).get(registry.credentialsSecretId).value();
    RegistryDialog *dialog = RegistryDialog::edit(&m_parent, services(), registry);
    QSignalSpy saved(dialog, &RegistryDialog::saved);
    QVERIFY(child<QLineEdit>(dialog, u"nameEdit"_s)->isReadOnly());
    QCOMPARE(child<QComboBox>(dialog, u"credentialsCombo"_s)->currentData().toString(), before.id);
    auto *password = child<QLineEdit>(dialog, u"passwordEdit"_s);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QVERIFY(password->text().isEmpty()); // never shown, not even masked
    QCOMPARE(child<QLineEdit>(dialog, u"usernameEdit"_s)->text(), kRegistryUser);
    QCOMPARE(child<QLabel>(dialog, u"credentialsHint"_s)->text(), u"The stored password is kept."_s);
    // Test Connection with the stored login.
    QSignalSpy finished(dialog, &RegistryDialog::testFinished);
    dialog->testConnection();
    QVERIFY(finished.wait(30000));
    QCOMPARE(dialog->testResult()->status, RegistryHealthStatus::Healthy);
    saveScreenshot(dialog, u"registrydialog-edit"_s);
    // Changing the username alone needs the password.
    child<QLineEdit>(dialog, u"usernameEdit"_s)->setText(u"someone"_s);
    QVERIFY(!ok(dialog)->isEnabled());
    child<QLineEdit>(dialog, u"usernameEdit"_s)->setText(kRegistryUser);
    dialog->findChild<TagChipEdit *>(u"tagsEdit"_s)->addTag(u"prod"_s);
    QVERIFY2(ok(dialog)->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok(dialog), Qt::LeftButton);
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(RegistryRepository(c).get(registry.id)->tags, QStringList{u"prod"_s});
    const Secret after = SecretRepository(c).get(before.id).value();
    QCOMPARE(after.rotatedAt, before.rotatedAt);
    QCOMPARE(wait(m_vault->read(before.keychainRef)).value(), kRegistryPassword.toUtf8());

    // A typed password replaces the stored one (same reference, rotated).
    RegistryDialog *again =
        RegistryDialog::edit(&m_parent, services(), RegistryRepository(c).get(registry.id).value());
    QSignalSpy savedAgain(again, &RegistryDialog::saved);
    child<QLineEdit>(again, u"passwordEdit"_s)->setText(u"a-new-password"_s);
    QTest::mouseClick(ok(again), Qt::LeftButton);
    QTRY_COMPARE(savedAgain.size(), 1);
    const Secret rotated = SecretRepository(c).get(before.id).value();
    QVERIFY(rotated.rotatedAt.has_value());
    QCOMPARE(rotated.keychainRef, before.keychainRef);
    QCOMPARE(wait(m_vault->read(before.keychainRef)).value(), QByteArray("a-new-password"));
}

void tst_RegistryDialog::remembersItsSize()
{
    UiState::registryDialogGeometry.reset();
    RegistryDialog *dialog = RegistryDialog::create(&m_parent, services());
    // A size above the dialog's minimum that still fits the screen: Qt 6.8 fits
    // restored geometry to the screen (the offscreen one is 800x600).
    const QSize minimum = dialog->minimumSizeHint();
    const QSize room = dialog->screen()->availableGeometry().size() - QSize(16, 16);
    const QSize wanted = (minimum + QSize(24, 16)).boundedTo(room);
    QVERIFY2(wanted.width() > minimum.width() || wanted.height() > minimum.height(),
             qPrintable(u"the dialog's minimum %1x%2 leaves no room on a %3x%4 screen"_s.arg(minimum.width())
                            .arg(minimum.height())
                            .arg(room.width())
                            .arg(room.height())));
    dialog->resize(wanted.expandedTo(minimum));
    const QSize remembered = dialog->size();
    dialog->reject();
    QVERIFY(!UiState::registryDialogGeometry.get().isEmpty());
    RegistryDialog *next = RegistryDialog::create(&m_parent, services());
    QCOMPARE(next->size(), remembered);
    QVERIFY(next->size() != next->sizeHint());
    next->reject();
}

QTEST_MAIN(tst_RegistryDialog)
#include "tst_registrydialog.moc"
