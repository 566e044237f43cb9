#include "cataloguefixture.h"
#include "secrets/secretdialog.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "widgettesting.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

namespace {

// A value that would stand out anywhere it leaked to.
const QString kValue = u"Xq9-unmistakable-dialog-secret-77"_s;

} // namespace

// The secret dialog with real widgets, a real catalogue and a real (file) vault:
// masking, validation, the order of vault write and row, and that the value shows
// in no widget. KILN_SCREENSHOT_DIR keeps screenshots.
class tst_SecretDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void valueIsMaskedAndTheEyeIsOff();
    void valueAppearsInNoOtherWidget();
    void validates_data();
    void validates();
    void createsValueThenRow();
    void rotatesWithANewValue();
    void vaultFailureIsShownInline();
    void rowFailureTakesTheValueBack();

private:
    SecretVaultOptions vaultOptions(const QString &dataFile = {}) const
    {
        SecretVaultOptions options = fileVaultOptions(m_dir->path());
        if (!dataFile.isEmpty())
            options.dataFile = dataFile;
        return options;
    }
    QByteArray vaultValue(const QString &ref) const
    {
        auto read = m_vault->read(ref);
        if (!QTest::qWaitFor([&read] { return read.isFinished(); }, 10000) || !read.result().ok())
            return {};
        return read.result().value();
    }
    int vaultEntries() const
    {
        QFile data(m_dir->filePath(u"secrets.enc"_s));
        if (!data.open(QIODevice::ReadOnly))
            return 0;
        return int(QJsonDocument::fromJson(data.readAll()).object().value(u"entries"_s).toObject().size());
    }
    static QPushButton *ok(QDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    }
    template <typename W>
    static W *child(QDialog &dialog, const QString &name)
    {
        auto *widget = dialog.findChild<W *>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }
    // Every text a person (or an accessibility tool) can see, except the value field's own.
    static QStringList visibleTexts(QDialog &dialog);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
};

void tst_SecretDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    m_vault = std::make_unique<SecretVault>(vaultOptions());
}

void tst_SecretDialog::cleanup()
{
    m_vault.reset();
    m_catalogue.reset();
    m_dir.reset();
}

QStringList tst_SecretDialog::visibleTexts(QDialog &dialog)
{
    QStringList texts{dialog.windowTitle(), dialog.toolTip()};
    const auto widgets = dialog.findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        texts << widget->toolTip() << widget->statusTip() << widget->whatsThis() << widget->accessibleName()
              << widget->accessibleDescription() << widget->windowTitle();
        if (auto *label = qobject_cast<QLabel *>(widget))
            texts << label->text();
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            texts << button->text();
        if (auto *edit = qobject_cast<QLineEdit *>(widget); edit && edit->objectName() != u"valueEdit")
            texts << edit->text() << edit->placeholderText();
        if (auto *combo = qobject_cast<QComboBox *>(widget))
            texts << combo->currentText();
        for (QAction *action : widget->actions())
            texts << action->text() << action->toolTip() << action->statusTip();
    }
    return texts;
}

void tst_SecretDialog::valueIsMaskedAndTheEyeIsOff()
{
    SecretDialog dialog(m_catalogue->catalogue(), *m_vault, std::nullopt);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *value = child<QLineEdit>(dialog, u"valueEdit"_s);
    QCOMPARE(value->echoMode(), QLineEdit::Password);
    QVERIFY(value->inputMethodHints().testFlag(Qt::ImhSensitiveData));
    QAction *eye = dialog.showValueAction();
    QVERIFY(eye && eye->isCheckable());
    QVERIFY(!eye->isChecked());
    QVERIFY(value->actions().contains(eye));
    QTest::keyClicks(value, kValue);
    QCOMPARE(value->text(), kValue);
    QCOMPARE(value->displayText().size(), kValue.size());
    QVERIFY(!value->displayText().contains(u"unmistakable"_s)); // masked on screen
    saveScreenshot(&dialog, u"secretdialog-masked"_s);

    eye->trigger();
    QCOMPARE(value->echoMode(), QLineEdit::Normal);
    QCOMPARE(value->displayText(), kValue);
    QCOMPARE(eye->toolTip(), u"Hide the password or token"_s);
    eye->trigger();
    QCOMPARE(value->echoMode(), QLineEdit::Password);

    // The rotate dialog starts masked too.
    const Secret secret =
        SecretRepository(m_catalogue->catalogue()).create(u"hub"_s, SecretKind::PullSecret, u"u"_s).value();
    SecretDialog rotate(m_catalogue->catalogue(), *m_vault, secret);
    QCOMPARE(child<QLineEdit>(rotate, u"valueEdit"_s)->echoMode(), QLineEdit::Password);
    QVERIFY(!rotate.showValueAction()->isChecked());
}

void tst_SecretDialog::valueAppearsInNoOtherWidget()
{
    SecretDialog dialog(m_catalogue->catalogue(), *m_vault, std::nullopt);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *value = child<QLineEdit>(dialog, u"valueEdit"_s);
    // A valid value, an invalid one (an error is shown for it), shown and hidden.
    for (const QString &typed : QStringList{kValue, kValue + u"\nsecond line"_s}) {
        value->setText(typed);
        for (bool shown : {false, true}) {
            dialog.showValueAction()->setChecked(shown);
            QCoreApplication::processEvents();
            const QStringList texts = visibleTexts(dialog);
            QVERIFY(texts.join(u'\n').contains(u"Password or token"_s)); // the check sees real texts
            for (const QString &text : texts)
                QVERIFY2(!text.contains(u"unmistakable"_s), qPrintable(text));
        }
    }
    QVERIFY(child<QLabel>(dialog, u"valueHint"_s)->text().contains(u"Column 34: line breaks"_s));
}

void tst_SecretDialog::validates_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::newRow("valid") << u"hub"_s << u"robot"_s << u"pw"_s << QString();
    QTest::newRow("no username") << u"hub"_s << QString() << u"pw"_s << QString();
    QTest::newRow("empty name") << QString() << u"u"_s << u"pw"_s << u"Name: A name is required."_s;
    QTest::newRow("bad name") << u"Hub"_s << u"u"_s << u"pw"_s << u"Name, column 1: "_s;
    QTest::newRow("taken") << u"taken"_s << u"u"_s << u"pw"_s
                           << u"Name: A secret named “taken” already exists."_s;
    QTest::newRow("colon in username")
        << u"hub"_s << u"ro:bot"_s << u"pw"_s << u"Username, column 3: ':' cannot be part of a username"_s;
    QTest::newRow("no value") << u"hub"_s << u"u"_s << QString()
                              << u"Password or token: a value is required."_s;
    QTest::newRow("line break in value")
        << u"hub"_s << u"u"_s << u"ab\ncd"_s << u"Password or token, column 3: line breaks"_s;
}

void tst_SecretDialog::validates()
{
    QFETCH(QString, name);
    QFETCH(QString, username);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    QVERIFY(
        SecretRepository(m_catalogue->catalogue()).create(u"taken"_s, SecretKind::PullSecret, u"u"_s).ok());
    SecretDialog dialog(m_catalogue->catalogue(), *m_vault, std::nullopt);
    QVERIFY(!ok(dialog)->isEnabled()); // nothing typed yet
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(name);
    child<QLineEdit>(dialog, u"usernameEdit"_s)->setText(username);
    child<QLineEdit>(dialog, u"valueEdit"_s)->setText(value);
    QCOMPARE(ok(dialog)->isEnabled(), problem.isEmpty());
    QCOMPARE(dialog.isInputValid(), problem.isEmpty());
    QVERIFY2(dialog.validationMessage().startsWith(problem), qPrintable(dialog.validationMessage()));
    if (problem.isEmpty())
        QVERIFY(dialog.validationMessage().isEmpty());
}

void tst_SecretDialog::createsValueThenRow()
{
    QPointer<SecretDialog> dialog = SecretDialog::create(nullptr, m_catalogue->catalogue(), *m_vault);
    QVERIFY(dialog->isModal());
    QSignalSpy saved(dialog.data(), &SecretDialog::saved);
    child<QLineEdit>(*dialog, u"nameEdit"_s)->setText(u"harbor-robot"_s);
    auto *kind = child<QComboBox>(*dialog, u"kindCombo"_s);
    kind->setCurrentIndex(kind->findData(u"pull-secret"_s));
    child<QLineEdit>(*dialog, u"usernameEdit"_s)->setText(u"robot$ml"_s);
    child<QLineEdit>(*dialog, u"valueEdit"_s)->setText(kValue);
    saveScreenshot(dialog, u"secretdialog-create"_s);
    QTest::mouseClick(ok(*dialog), Qt::LeftButton);
    // The write is asynchronous: the form waits, nothing blocks.
    QVERIFY(dialog && dialog->isSaving());
    QVERIFY(!ok(*dialog)->isEnabled());
    QVERIFY(!child<QLineEdit>(*dialog, u"valueEdit"_s)->isEnabled());
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(saved.size(), 1);
    const Secret secret = saved.at(0).at(0).value<Secret>();
    QVERIFY(saved.at(0).at(1).toBool());
    QCOMPARE(secret.name, u"harbor-robot"_s);
    QCOMPARE(secret.kind, SecretKind::PullSecret);
    QCOMPARE(secret.username, u"robot$ml"_s);
    QCOMPARE(SecretRepository(m_catalogue->catalogue()).getByName(u"harbor-robot"_s).value(), secret);
    QCOMPARE(vaultValue(secret.keychainRef), kValue.toUtf8());
}

void tst_SecretDialog::rotatesWithANewValue()
{
    const SecretRepository secrets(m_catalogue->catalogue());
    const Secret secret = secrets.create(u"hub"_s, SecretKind::RegistryCredential, u"robot"_s).value();
    auto written = m_vault->write(secret.keychainRef, "old-value");
    QVERIFY(QTest::qWaitFor([&written] { return written.isFinished(); }, 10000));
    QPointer<SecretDialog> dialog = SecretDialog::rotate(nullptr, m_catalogue->catalogue(), *m_vault, secret);
    QVERIFY(dialog->isRotating());
    QSignalSpy saved(dialog.data(), &SecretDialog::saved);
    auto *name = child<QLineEdit>(*dialog, u"nameEdit"_s);
    QCOMPARE(name->text(), u"hub"_s);
    QVERIFY(name->isReadOnly());
    QVERIFY(!child<QComboBox>(*dialog, u"kindCombo"_s)->isEnabled());
    QCOMPARE(child<QLineEdit>(*dialog, u"usernameEdit"_s)->text(), u"robot"_s);
    QVERIFY(child<QLineEdit>(*dialog, u"valueEdit"_s)->text().isEmpty()); // never prefilled
    QVERIFY(!ok(*dialog)->isEnabled());                                   // a new value is required
    QCOMPARE(dialog->validationMessage(), u"Password or token: a value is required."_s);
    child<QLineEdit>(*dialog, u"usernameEdit"_s)->setText(u"robot2"_s);
    child<QLineEdit>(*dialog, u"valueEdit"_s)->setText(kValue);
    QVERIFY(ok(*dialog)->isEnabled());
    saveScreenshot(dialog, u"secretdialog-rotate"_s);
    QTest::mouseClick(ok(*dialog), Qt::LeftButton);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(saved.size(), 1);
    QVERIFY(!saved.at(0).at(1).toBool());
    const Secret rotated = secrets.get(secret.id).value();
    QCOMPARE(rotated.username, u"robot2"_s);
    QVERIFY(rotated.rotatedAt);
    QCOMPARE(rotated.keychainRef, secret.keychainRef);
    QCOMPARE(vaultValue(secret.keychainRef), kValue.toUtf8());
}

void tst_SecretDialog::vaultFailureIsShownInline()
{
    // The data file's folder is a file: the vault cannot write.
    QFile blocker(m_dir->filePath(u"not-a-dir"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    SecretVault broken(vaultOptions(m_dir->filePath(u"not-a-dir/secrets.enc"_s)));
    SecretDialog dialog(m_catalogue->catalogue(), broken, std::nullopt);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy saved(&dialog, &SecretDialog::saved);
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"hub"_s);
    child<QLineEdit>(dialog, u"valueEdit"_s)->setText(kValue);
    dialog.accept();
    auto *error = child<QLabel>(dialog, u"errorLabel"_s);
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(u"The value could not be stored: "_s), qPrintable(error->text()));
    QVERIFY(!error->text().contains(u"unmistakable"_s));
    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.isSaving());
    QVERIFY(ok(dialog)->isEnabled()); // try again
    QCOMPARE(saved.size(), 0);
    QVERIFY(SecretRepository(m_catalogue->catalogue()).list()->isEmpty()); // no row without a value
    saveScreenshot(&dialog, u"secretdialog-vault-error"_s);
}

void tst_SecretDialog::rowFailureTakesTheValueBack()
{
    QVERIFY(SecretRepository(m_catalogue->catalogue()).create(u"hub"_s, SecretKind::PullSecret, u"u"_s).ok());
    SecretDialog dialog(m_catalogue->catalogue(), *m_vault, std::nullopt);
    dialog.setNameTakenCheck([](const QString &) { return false; }); // taken by the time it is saved
    child<QLineEdit>(dialog, u"nameEdit"_s)->setText(u"hub"_s);
    child<QLineEdit>(dialog, u"valueEdit"_s)->setText(kValue);
    QVERIFY(ok(dialog)->isEnabled());
    dialog.accept();
    auto *error = child<QLabel>(dialog, u"errorLabel"_s);
    QTRY_VERIFY(!error->text().isEmpty());
    QVERIFY2(error->text().contains(u"already exists"_s), qPrintable(error->text()));
    QVERIFY(!dialog.isSaving());
    QCOMPARE(SecretRepository(m_catalogue->catalogue()).list()->size(), 1);
    QTRY_COMPARE(vaultEntries(), 0); // the value written for it was removed again
}

QTEST_MAIN(tst_SecretDialog)
#include "tst_secretdialog.moc"
