#include "secretdialog.h"

#include "common/formhints.h"

#include "domain/names.h"
#include "secretlistmodel.h"
#include "store/secretvault.h"
#include "ui_secretdialog.h"

#include <QAction>
#include <QFutureWatcher>
#include <QIcon>
#include <QPushButton>
#include <QStyle>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

SecretDialog *openDialog(SecretDialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

} // namespace

SecretDialog *SecretDialog::create(QWidget *parent, const Catalogue &catalogue, SecretVault &vault)
{
    return openDialog(new SecretDialog(catalogue, vault, std::nullopt, parent));
}

SecretDialog *SecretDialog::rotate(QWidget *parent, const Catalogue &catalogue, SecretVault &vault,
                                   const Secret &secret)
{
    return openDialog(new SecretDialog(catalogue, vault, secret, parent));
}

SecretDialog::SecretDialog(const Catalogue &catalogue, SecretVault &vault, std::optional<Secret> existing,
                           QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SecretDialog>())
    , m_catalogue(catalogue)
    , m_vault(vault)
    , m_existing(std::move(existing))
{
    m_ui->setupUi(this);
    m_nameTaken = [this](const QString &name) { return SecretRepository(m_catalogue).getByName(name).ok(); };

    for (SecretKind kind : {SecretKind::RegistryCredential, SecretKind::PullSecret})
        m_ui->kindCombo->addItem(SecretListModel::kindLabel(kind), secretKindName(kind));
    m_ui->kindCombo->setItemData(0, tr("A login Kiln uses for a registry: pushes, pulls, health checks"),
                                 Qt::ToolTipRole);
    m_ui->kindCombo->setItemData(1, tr("A login a spec or an image uses to pull its base image"),
                                 Qt::ToolTipRole);

    // The eye: shows the value while checked. Off by default, and the value is
    // never copied anywhere else (no tooltip, no message).
    QIcon eye = QIcon::fromTheme(u"view-reveal-symbolic"_s, QIcon::fromTheme(u"view-visible"_s));
    if (eye.isNull())
        eye = style()->standardIcon(QStyle::SP_FileDialogContentsView);
    m_showValue = m_ui->valueEdit->addAction(eye, QLineEdit::TrailingPosition);
    m_showValue->setObjectName(u"showValueAction"_s);
    m_showValue->setCheckable(true);
    m_showValue->setChecked(false);
    m_showValue->setToolTip(tr("Show the password or token"));
    connect(m_showValue, &QAction::toggled, this, [this](bool shown) {
        m_ui->valueEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showValue->setToolTip(shown ? tr("Hide the password or token") : tr("Show the password or token"));
    });

    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    if (m_existing) {
        setWindowTitle(tr("Rotate Secret %1").arg(m_existing->name));
        m_ui->nameEdit->setText(m_existing->name);
        m_ui->nameEdit->setReadOnly(true);
        m_ui->nameEdit->setClearButtonEnabled(false);
        m_ui->nameHint->setText(tr("Rotating replaces the stored value; the name and kind stay."));
        const int kind = m_ui->kindCombo->findData(secretKindName(m_existing->kind));
        if (kind < 0)
            m_ui->kindCombo->addItem(SecretListModel::kindLabel(m_existing->kind),
                                     secretKindName(m_existing->kind));
        m_ui->kindCombo->setCurrentIndex(kind < 0 ? m_ui->kindCombo->count() - 1 : kind);
        m_ui->kindCombo->setEnabled(false);
        m_ui->usernameEdit->setText(m_existing->username);
        m_ui->valueLabel->setText(tr("New &password or token:"));
        ok->setText(tr("&Rotate"));
    } else {
        setWindowTitle(tr("New Secret"));
        ok->setText(tr("&Create"));
    }
    setHintTone(m_ui->nameHint, false);
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();

    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &SecretDialog::revalidate);
    connect(m_ui->usernameEdit, &QLineEdit::textChanged, this, &SecretDialog::revalidate);
    connect(m_ui->valueEdit, &QLineEdit::textChanged, this, &SecretDialog::revalidate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SecretDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SecretDialog::reject);

    (m_existing ? m_ui->valueEdit : m_ui->nameEdit)->setFocus();
    revalidate();
}

SecretDialog::~SecretDialog() = default;

void SecretDialog::setNameTakenCheck(NameTaken check)
{
    m_nameTaken = std::move(check);
    revalidate();
}

void SecretDialog::revalidate()
{
    m_problem.clear();
    if (!m_existing)
        m_problem = checkNameField(m_ui->nameEdit, m_ui->nameHint, m_nameTaken,
                                   tr("A secret named \u201c%1\u201d already exists."));

    // The username: its own text may be shown back (it is not secret).
    const auto user = validateSecretUsername(m_ui->usernameEdit->text());
    if (!user) {
        const QString error = tr("Column %1: %2").arg(user.error().column).arg(user.error().message);
        m_ui->usernameHint->setText(error);
        if (m_problem.isEmpty())
            m_problem = tr("Username, column %1: %2").arg(user.error().column).arg(user.error().message);
    } else {
        m_ui->usernameHint->setText(tr("Optional for a token; it cannot contain ':'."));
    }
    setHintTone(m_ui->usernameHint, !user.ok());

    // The value: only the column and the rule, never the text.
    const QString value = m_ui->valueEdit->text();
    const auto secret = validateSecretValue(value);
    if (!secret && !value.isEmpty()) {
        const QString error = tr("Column %1: %2").arg(secret.error().column).arg(secret.error().message);
        m_ui->valueHint->setText(error);
    } else {
        m_ui->valueHint->setText(m_existing ? tr("Required: the new value replaces the stored one.")
                                            : tr("Stored in the keychain (or the encrypted file), never in "
                                                 "the catalogue."));
    }
    setHintTone(m_ui->valueHint, !secret.ok() && !value.isEmpty());
    if (!secret && m_problem.isEmpty())
        m_problem = value.isEmpty() ? tr("Password or token: a value is required.")
                                    : tr("Password or token, column %1: %2")
                                          .arg(secret.error().column)
                                          .arg(secret.error().message);

    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(m_problem.isEmpty() && !m_saving);
    ok->setToolTip(m_problem);
}

void SecretDialog::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

void SecretDialog::setSaving(bool saving)
{
    m_saving = saving;
    for (QWidget *field : {static_cast<QWidget *>(m_ui->nameEdit), static_cast<QWidget *>(m_ui->usernameEdit),
                           static_cast<QWidget *>(m_ui->valueEdit)})
        field->setEnabled(!saving);
    m_ui->kindCombo->setEnabled(!saving && !m_existing);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setEnabled(!saving);
    if (saving)
        showError({});
    revalidate();
}

void SecretDialog::accept()
{
    revalidate();
    if (!isInputValid() || m_saving)
        return;
    // The value first, then the row that points at it.
    const QString ref = m_existing ? m_existing->keychainRef : SecretRepository::newKeychainRef();
    setSaving(true);
    auto *watcher = new QFutureWatcher<Result<Done, VaultError>>(this);
    connect(watcher, &QFutureWatcher<Result<Done, VaultError>>::finished, this, [this, watcher, ref] {
        watcher->deleteLater();
        const Result<Done, VaultError> written = watcher->result();
        onValueWritten(ref, written.ok() ? QString() : written.error().message);
    });
    watcher->setFuture(m_vault.write(ref, m_ui->valueEdit->text().toUtf8()));
}

void SecretDialog::onValueWritten(const QString &keychainRef, const QString &error)
{
    if (!error.isEmpty()) {
        setSaving(false);
        showError(tr("The value could not be stored: %1").arg(error));
        return;
    }
    const SecretRepository secrets(m_catalogue);
    const QString username = m_ui->usernameEdit->text();
    const auto stored = m_existing
                            ? secrets.markRotated(m_existing->id, username)
                            : secrets.create(m_ui->nameEdit->text(),
                                             secretKindFromName(m_ui->kindCombo->currentData().toString())
                                                 .value_or(SecretKind::RegistryCredential),
                                             username, keychainRef);
    if (!stored) {
        if (!m_existing)
            m_vault.remove(keychainRef); // nothing points at it: take it back (it runs on the vault's thread)
        setSaving(false);
        showError(m_existing ? tr("The new value is stored, but %1").arg(stored.error().message)
                             : stored.error().message);
        return;
    }
    m_saving = false;
    m_ui->valueEdit->clear();
    Q_EMIT saved(stored.value(), !m_existing);
    QDialog::accept();
}

void SecretDialog::reject()
{
    if (m_saving)
        return; // the value is being written: the row follows it, then the dialog closes
    QDialog::reject();
}

} // namespace Kiln
