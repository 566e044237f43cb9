#include "registrydialog.h"

#include "common/formhints.h"
#include "common/uistate.h"
#include "domain/names.h"
#include "registrylistmodel.h"
#include "store/catalogue.h"
#include "store/secretvault.h"
#include "ui_registrydialog.h"

#include <QFileDialog>
#include <QFutureWatcher>
#include <QPushButton>
#include <QStyle>

#include <algorithm>
#include <array>
#include <climits>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

const QString kNewSecret = u"\u0001new"_s; // the combo's "New credentials…" item

constexpr std::array<RegistryStorage, 4> kStorages{RegistryStorage::Unknown, RegistryStorage::S3,
                                                   RegistryStorage::ObjectStore, RegistryStorage::Fs};

QString storageLabel(RegistryStorage storage)
{
    switch (storage) {
    case RegistryStorage::S3:
        return RegistryDialog::tr("S3");
    case RegistryStorage::ObjectStore:
        return RegistryDialog::tr("Object store");
    case RegistryStorage::Fs:
        return RegistryDialog::tr("File system");
    case RegistryStorage::Unknown:
        break;
    }
    return RegistryDialog::tr("Unknown");
}

// validateRegistry() names the first field it refuses. To show every field's
// problem at once, the refused field is replaced by a valid stand-in and the rest
// is checked again.
QList<ValidationError> allRegistryErrors(Registry registry)
{
    QList<ValidationError> errors;
    for (int round = 0; round < 10; ++round) {
        const auto valid = validateRegistry(registry);
        if (valid)
            break;
        const ValidationError error = valid.error();
        errors.append(error);
        if (error.field == u"Name")
            registry.name = u"x"_s;
        else if (error.field == u"Public URL")
            registry.publicUrl = u"https://registry.invalid"_s;
        else if (error.field == u"Image prefix")
            registry.imagePrefix = u"registry.invalid"_s;
        else if (error.field == u"CA file")
            registry.customCaFile.clear();
        else if (error.field == u"Metadata")
            registry.metadata.clear();
        else if (error.field == u"Tags")
            registry.tags.clear();
        else if (error.field == u"Max layer size (MB)")
            registry.maxLayerSizeMb = -1;
        else if (error.field == u"Storage size (MB)")
            registry.storageSizeMb = -1;
        else if (error.field == u"Memory (MB)")
            registry.memoryMb = -1;
        else
            break; // a field this dialog does not know: the first word is enough
    }
    return errors;
}

QString withoutField(const ValidationError &error)
{
    ValidationError copy = error;
    copy.field.clear();
    return copy.describe();
}

} // namespace

RegistryDialog *RegistryDialog::create(QWidget *parent, RegistryDialogServices services)
{
    auto *dialog = new RegistryDialog(std::move(services), std::nullopt, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

RegistryDialog *RegistryDialog::edit(QWidget *parent, RegistryDialogServices services,
                                     const Registry &registry)
{
    auto *dialog = new RegistryDialog(std::move(services), registry, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

RegistryDialog::RegistryDialog(RegistryDialogServices services, std::optional<Registry> existing,
                               QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RegistryDialog>())
    , m_services(std::move(services))
    , m_existing(std::move(existing))
{
    m_ui->setupUi(this);
    m_ui->typeCombo->addItem(tr("External (someone else's)"), int(RegistryType::External));
    m_ui->typeCombo->addItem(tr("Internal (run by the platform)"), int(RegistryType::Internal));
    for (RegistryStorage storage : kStorages)
        m_ui->storageTypeCombo->addItem(storageLabel(storage), int(storage));
    m_ui->credentialsCombo->addItem(tr("None (anonymous)"), QString());
    for (const Secret &secret : std::as_const(m_services.secrets)) {
        if (secret.kind == SecretKind::RegistryCredential)
            m_ui->credentialsCombo->addItem(
                secret.username.isEmpty() ? secret.name : tr("%1 (%2)").arg(secret.name, secret.username),
                secret.id);
    }
    m_ui->credentialsCombo->addItem(tr("New credentials\u2026"), kNewSecret);
    m_ui->tagsEdit->setCompletions(m_services.knownTags);
    // Wrapped hints take the whole width of their form column.
    for (QLabel *hint : {m_ui->nameHint, m_ui->urlHint, m_ui->prefixHint, m_ui->tagsHint, m_ui->caHint,
                         m_ui->credentialsHint, m_ui->metadataHint})
        hint->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_ui->testProgress->hide();
    m_ui->testButton->setEnabled(m_services.checker != nullptr);
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();

    if (m_existing) {
        const Registry &registry = m_existing.value();
        setWindowTitle(tr("Edit Registry %1").arg(registry.name));
        m_ui->nameEdit->setText(registry.name);
        m_ui->nameEdit->setReadOnly(true); // the name is the registry's handle: it never changes here
        m_ui->urlEdit->setText(registry.publicUrl);
        m_ui->prefixEdit->setText(registry.imagePrefix);
        m_ui->tagsEdit->setTags(registry.tags);
        m_ui->typeCombo->setCurrentIndex(m_ui->typeCombo->findData(int(registry.registryType)));
        m_ui->pushTargetCheck->hide(); // Make Push Target on the page
        m_ui->authCheck->setChecked(registry.authRequired);
        m_ui->mirrorCheck->setChecked(registry.mirrorEnabled);
        m_ui->tlsVerifyCheck->setChecked(registry.tlsVerify);
        m_ui->caFileEdit->setText(registry.customCaFile);
        m_ui->maxLayerSpin->setValue(int(qBound(qint64(-1), registry.maxLayerSizeMb, qint64(INT_MAX))));
        m_ui->storageTypeCombo->setCurrentIndex(m_ui->storageTypeCombo->findData(int(registry.storageType)));
        m_ui->storageSizeSpin->setValue(int(qBound(qint64(-1), registry.storageSizeMb, qint64(INT_MAX))));
        m_ui->memorySpin->setValue(int(qBound(qint64(-1), registry.memoryMb, qint64(INT_MAX))));
        m_ui->metadataEditor->setValues(registry.metadata);
        if (!registry.credentialsSecretId.isEmpty()) {
            int index = m_ui->credentialsCombo->findData(registry.credentialsSecretId);
            if (index < 0) {
                m_ui->credentialsCombo->insertItem(1, tr("%1 (not found)").arg(registry.credentialsSecretId),
                                                   registry.credentialsSecretId);
                index = 1;
            }
            m_ui->credentialsCombo->setCurrentIndex(index);
        }
    }
    updateCredentialFields();

    for (QLineEdit *edit : {m_ui->nameEdit, m_ui->urlEdit, m_ui->prefixEdit, m_ui->caFileEdit,
                            m_ui->usernameEdit, m_ui->passwordEdit})
        connect(edit, &QLineEdit::textChanged, this, &RegistryDialog::revalidate);
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, [this](const QString &name) {
        if (!m_secretNameEdited && credentialChoice() == CredentialChoice::New) {
            const QSignalBlocker blocker(m_ui->secretNameEdit);
            m_ui->secretNameEdit->setText(name.trimmed().isEmpty() ? QString()
                                                                   : name.trimmed() + u"-credentials"_s);
        }
    });
    connect(m_ui->secretNameEdit, &QLineEdit::textEdited, this, [this] { m_secretNameEdited = true; });
    connect(m_ui->secretNameEdit, &QLineEdit::textChanged, this, &RegistryDialog::revalidate);
    connect(m_ui->tagsEdit, &TagChipEdit::tagsChanged, this, &RegistryDialog::revalidate);
    connect(m_ui->tagsEdit, &TagChipEdit::problemChanged, this, &RegistryDialog::revalidate);
    connect(m_ui->metadataEditor, &KeyValueEditor::changed, this, &RegistryDialog::revalidate);
    connect(m_ui->credentialsCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateCredentialFields();
        revalidate();
    });
    for (QCheckBox *check : {m_ui->authCheck, m_ui->mirrorCheck, m_ui->tlsVerifyCheck})
        connect(check, &QCheckBox::toggled, this, &RegistryDialog::revalidate);
    connect(m_ui->caBrowseButton, &QToolButton::clicked, this, &RegistryDialog::browseCaFile);
    connect(m_ui->testButton, &QPushButton::clicked, this, [this] {
        if (isTesting())
            cancelTest();
        else
            testConnection();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &RegistryDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &RegistryDialog::reject);

    if (const QByteArray geometry = UiState::registryDialogGeometry.get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    (m_existing ? static_cast<QWidget *>(m_ui->urlEdit) : m_ui->nameEdit)->setFocus();
    revalidate();
}

RegistryDialog::~RegistryDialog() = default;

RegistryDialog::CredentialChoice RegistryDialog::credentialChoice() const
{
    const QString data = m_ui->credentialsCombo->currentData().toString();
    if (data.isEmpty())
        return CredentialChoice::None;
    return data == kNewSecret ? CredentialChoice::New : CredentialChoice::Existing;
}

std::optional<Secret> RegistryDialog::chosenSecret() const
{
    if (credentialChoice() != CredentialChoice::Existing)
        return std::nullopt;
    const QString id = m_ui->credentialsCombo->currentData().toString();
    for (const Secret &secret : m_services.secrets) {
        if (secret.id == id)
            return secret;
    }
    return std::nullopt;
}

void RegistryDialog::updateCredentialFields()
{
    const CredentialChoice choice = credentialChoice();
    const bool login = choice != CredentialChoice::None;
    m_ui->secretNameLabel->setVisible(choice == CredentialChoice::New);
    m_ui->secretNameEdit->setVisible(choice == CredentialChoice::New);
    for (QWidget *widget :
         {static_cast<QWidget *>(m_ui->usernameLabel), static_cast<QWidget *>(m_ui->usernameEdit),
          static_cast<QWidget *>(m_ui->passwordLabel), static_cast<QWidget *>(m_ui->passwordEdit)})
        widget->setVisible(login);
    m_ui->passwordEdit->clear();
    if (choice == CredentialChoice::New) {
        m_ui->usernameEdit->clear();
        m_ui->passwordEdit->setPlaceholderText(tr("Password or token"));
        if (!m_secretNameEdited) {
            const QString name = m_ui->nameEdit->text().trimmed();
            const QSignalBlocker blocker(m_ui->secretNameEdit);
            m_ui->secretNameEdit->setText(name.isEmpty() ? QString() : name + u"-credentials"_s);
        }
    } else if (choice == CredentialChoice::Existing) {
        const auto secret = chosenSecret();
        m_ui->usernameEdit->setText(secret ? secret->username : QString());
        m_ui->passwordEdit->setPlaceholderText(tr("Unchanged: leave empty to keep the stored password"));
    }
}

std::optional<Credential> RegistryDialog::typedLogin() const
{
    if (credentialChoice() == CredentialChoice::None || m_ui->passwordEdit->text().isEmpty())
        return std::nullopt;
    return Credential{m_ui->usernameEdit->text().trimmed(), m_ui->passwordEdit->text()};
}

Registry RegistryDialog::registry() const
{
    Registry registry = m_existing.value_or(Registry());
    registry.name = m_ui->nameEdit->text().trimmed();
    registry.publicUrl = m_ui->urlEdit->text().trimmed();
    registry.imagePrefix = m_ui->prefixEdit->text().trimmed();
    registry.tags = m_ui->tagsEdit->tags();
    registry.tags.sort();
    registry.registryType = RegistryType(m_ui->typeCombo->currentData().toInt());
    if (!m_existing)
        registry.pushTarget = m_ui->pushTargetCheck->isChecked();
    registry.authRequired = m_ui->authCheck->isChecked();
    registry.mirrorEnabled = m_ui->mirrorCheck->isChecked();
    registry.tlsVerify = m_ui->tlsVerifyCheck->isChecked();
    registry.customCaFile = m_ui->caFileEdit->text().trimmed();
    registry.maxLayerSizeMb = m_ui->maxLayerSpin->value();
    registry.storageType = RegistryStorage(m_ui->storageTypeCombo->currentData().toInt());
    registry.storageSizeMb = m_ui->storageSizeSpin->value();
    registry.memoryMb = m_ui->memorySpin->value();
    registry.metadata = m_ui->metadataEditor->values();
    registry.credentialsSecretId = credentialChoice() == CredentialChoice::Existing
                                       ? m_ui->credentialsCombo->currentData().toString()
                                       : QString();
    return registry;
}

void RegistryDialog::revalidate()
{
    QStringList problems;
    auto show = [](QLabel *hint, const QString &text, bool error) {
        hint->setText(text);
        hint->setVisible(!text.isEmpty());
        setHintTone(hint, error);
    };
    const Registry draft = registry();
    QHash<QString, QString> fieldErrors; // validateRegistry's field name -> message
    for (const ValidationError &error : allRegistryErrors(draft)) {
        if (!fieldErrors.contains(error.field))
            fieldErrors.insert(error.field, withoutField(error));
    }

    // Name
    if (m_existing) {
        show(m_ui->nameHint, tr("The name never changes."), false);
    } else if (draft.name.isEmpty()) {
        show(m_ui->nameHint, tr("Required: lowercase letters, digits and '-', e.g. harbor."), false);
        problems.append(tr("Name: a name is required."));
    } else if (fieldErrors.contains(u"Name"_s)) {
        show(m_ui->nameHint, tr("Name: %1").arg(fieldErrors.value(u"Name"_s)), true);
        problems.append(tr("Name: %1").arg(fieldErrors.value(u"Name"_s)));
    } else if (m_services.nameTaken && m_services.nameTaken(draft.name)) {
        show(m_ui->nameHint, tr("Name: a registry named %1 exists already.").arg(draft.name), true);
        problems.append(tr("Name: a registry named %1 exists already.").arg(draft.name));
    } else {
        show(m_ui->nameHint, QString(), false);
    }

    const struct
    {
        QString field;
        QString label;
        QLabel *hint;
        QString neutral;
    } fields[] = {
        {u"Public URL"_s, tr("Public URL"), m_ui->urlHint,
         tr("What people browse, e.g. https://registry.example.org")},
        {u"Image prefix"_s, tr("Image prefix"), m_ui->prefixHint,
         tr("What image references start with, e.g. registry.example.org/team")},
        {u"CA file"_s, tr("CA file"), m_ui->caHint, QString()},
    };
    for (const auto &field : fields) {
        if (fieldErrors.contains(field.field)) {
            const QString message = tr("%1: %2").arg(field.label, fieldErrors.value(field.field));
            show(field.hint, message, true);
            problems.append(message);
        } else {
            show(field.hint, field.neutral, false);
        }
    }

    // Tags: what is still typed, then the chips.
    if (const QString pending = m_ui->tagsEdit->problem(); !pending.isEmpty()) {
        show(m_ui->tagsHint, tr("Tags: %1").arg(pending), true);
        problems.append(tr("Tags: %1").arg(pending));
    } else if (!m_ui->tagsEdit->pendingText().isEmpty()) {
        show(m_ui->tagsHint, tr("Press Enter to add the tag."), false);
        problems.append(
            tr("Tags: press Enter to add \u201c%1\u201d, or clear it.").arg(m_ui->tagsEdit->pendingText()));
    } else if (fieldErrors.contains(u"Tags"_s)) {
        show(m_ui->tagsHint, tr("Tags: %1").arg(fieldErrors.value(u"Tags"_s)), true);
        problems.append(tr("Tags: %1").arg(fieldErrors.value(u"Tags"_s)));
    } else {
        show(m_ui->tagsHint, QString(), false);
    }

    if (const QString metadata = m_ui->metadataEditor->problem(); !metadata.isEmpty()) {
        show(m_ui->metadataHint, tr("Metadata: %1").arg(metadata), true);
        problems.append(tr("Metadata: %1").arg(metadata));
    } else if (fieldErrors.contains(u"Metadata"_s)) {
        show(m_ui->metadataHint, tr("Metadata: %1").arg(fieldErrors.value(u"Metadata"_s)), true);
        problems.append(tr("Metadata: %1").arg(fieldErrors.value(u"Metadata"_s)));
    } else {
        show(m_ui->metadataHint, QString(), false);
    }
    // Sizes cannot go below -1 in their spin boxes; anything else validateRegistry
    // refuses is still shown, under the error line.
    for (auto it = fieldErrors.cbegin(); it != fieldErrors.cend(); ++it) {
        static const QStringList shown{u"Name"_s,    u"Public URL"_s, u"Image prefix"_s,
                                       u"CA file"_s, u"Tags"_s,       u"Metadata"_s};
        if (!shown.contains(it.key()))
            problems.append(tr("%1: %2").arg(it.key(), it.value()));
    }

    // Credentials
    QString credentials;
    const CredentialChoice choice = credentialChoice();
    const QString username = m_ui->usernameEdit->text().trimmed();
    const bool password = !m_ui->passwordEdit->text().isEmpty();
    if (choice == CredentialChoice::New) {
        const QString secretName = m_ui->secretNameEdit->text().trimmed();
        const auto validName = validateName(secretName);
        const bool taken = std::any_of(m_services.secrets.cbegin(), m_services.secrets.cend(),
                                       [&secretName](const Secret &s) { return s.name == secretName; });
        if (secretName.isEmpty())
            credentials = tr("Secret name: a name for the new credentials is required.");
        else if (!validName)
            credentials = tr("Secret name: %1").arg(withoutField(validName.error()));
        else if (taken)
            credentials =
                tr("Secret name: a secret named %1 exists already; choose it above.").arg(secretName);
        else if (username.isEmpty())
            credentials = tr("Username: a username is required.");
        else if (username.contains(u':'))
            credentials = tr("Username: ':' cannot be part of a username.");
        else if (!password)
            credentials = tr("Password: a password or token is required.");
    } else if (choice == CredentialChoice::Existing) {
        const auto secret = chosenSecret();
        if (secret && username != secret->username && !password)
            credentials = tr("Password: type the password to change the username.");
        else if (password && username.contains(u':'))
            credentials = tr("Username: ':' cannot be part of a username.");
    }
    if (!credentials.isEmpty()) {
        show(m_ui->credentialsHint, credentials, true);
        problems.append(credentials);
    } else if (choice == CredentialChoice::Existing && !password) {
        show(m_ui->credentialsHint, tr("The stored password is kept."), false);
    } else if (choice == CredentialChoice::None && m_ui->authCheck->isChecked()) {
        show(m_ui->credentialsHint, tr("Authentication is required but no credentials are set."), false);
    } else if (choice != CredentialChoice::None && password) {
        show(m_ui->credentialsHint, tr("The password is stored in the keychain, never in the catalogue."),
             false);
    } else {
        show(m_ui->credentialsHint, QString(), false);
    }

    m_problems = problems;
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(m_existing ? tr("&Save") : tr("&Create"));
    ok->setEnabled(problems.isEmpty() && !m_saving);
    ok->setToolTip(problems.value(0));
}

void RegistryDialog::browseCaFile()
{
    auto *dialog = new QFileDialog(this, tr("Custom CA File"), m_ui->caFileEdit->text(),
                                   tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &file) { m_ui->caFileEdit->setText(file); });
    dialog->open();
}

void RegistryDialog::testConnection()
{
    if (!m_services.checker || isTesting())
        return;
    Registry draft = registry();
    // The checker needs somewhere to connect to: the URL and prefix must be valid.
    for (const ValidationError &error : allRegistryErrors(draft)) {
        if (error.field == u"Public URL" || error.field == u"Image prefix" || error.field == u"CA file") {
            m_ui->testIcon->clear();
            m_ui->testResult->setText(tr("Fix the %1 first: %2").arg(error.field, withoutField(error)));
            setHintTone(m_ui->testResult, true);
            return;
        }
    }
    if (draft.name.isEmpty() || !validateName(draft.name))
        draft.name = u"draft"_s;
    m_test = new QFutureWatcher<RegistryHealth>(this);
    QFutureWatcher<RegistryHealth> *watcher = m_test;
    connect(watcher, &QFutureWatcher<RegistryHealth>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (watcher != m_test)
            return; // cancelled: the answer is ignored
        m_test = nullptr;
        m_ui->testProgress->hide();
        m_ui->testButton->setText(tr("&Test Connection"));
        if (watcher->isCanceled() || watcher->future().resultCount() == 0) {
            m_ui->testResult->setText(tr("The check did not finish."));
            setHintTone(m_ui->testResult, true);
            return;
        }
        const RegistryHealth health = watcher->result();
        m_testResult = health;
        m_ui->testIcon->setPixmap(RegistryListModel::healthIcon(health.status).pixmap(16, 16));
        QString text = RegistryListModel::healthText(health);
        if (!health.message.isEmpty())
            text = tr("%1: %2").arg(text, health.message);
        m_ui->testResult->setText(text);
        setHintTone(m_ui->testResult, health.status != RegistryHealthStatus::Healthy);
        Q_EMIT testFinished(health);
    });
    m_testResult.reset();
    m_ui->testIcon->clear();
    m_ui->testResult->setText(tr("Checking %1\u2026").arg(registryHost(draft)));
    setHintTone(m_ui->testResult, false);
    m_ui->testProgress->show();
    m_ui->testButton->setText(tr("Cancel &Test"));
    watcher->setFuture(m_services.checker->test(draft, typedLogin()));
}

void RegistryDialog::cancelTest()
{
    // The check cannot be stopped half-way; its answer is dropped when it comes.
    m_test = nullptr;
    m_ui->testProgress->hide();
    m_ui->testButton->setText(tr("&Test Connection"));
    m_ui->testIcon->clear();
    m_ui->testResult->setText(tr("Cancelled."));
    setHintTone(m_ui->testResult, false);
}

void RegistryDialog::showSaveError(const QString &message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->show();
}

void RegistryDialog::setSaving(bool saving)
{
    m_saving = saving;
    revalidate();
}

void RegistryDialog::accept()
{
    revalidate();
    if (!isInputValid() || m_saving || !m_services.catalogue)
        return;
    m_ui->errorLabel->hide();
    const CredentialChoice choice = credentialChoice();
    const auto login = typedLogin();
    if (choice == CredentialChoice::None || !login) {
        store({});
        return;
    }
    if (!m_services.vault) {
        showSaveError(tr("Credentials cannot be saved: no secret store is available."));
        return;
    }
    // The password goes to the vault first; the catalogue row only refers to it.
    QString ref;
    if (choice == CredentialChoice::New) {
        ref = SecretRepository::newKeychainRef();
    } else if (const auto secret = chosenSecret(); secret) {
        ref = secret->keychainRef;
    } else {
        showSaveError(tr("Credentials: the chosen secret no longer exists."));
        return;
    }
    setSaving(true);
    m_ui->errorLabel->setText(tr("Saving the credentials\u2026"));
    auto *watcher = new QFutureWatcher<Result<Done, VaultError>>(this);
    connect(watcher, &QFutureWatcher<Result<Done, VaultError>>::finished, this, [this, watcher, ref] {
        watcher->deleteLater();
        const auto written = watcher->result();
        if (!written) {
            setSaving(false);
            showSaveError(tr("Could not store the password: %1").arg(written.error().message));
            return;
        }
        store(ref);
    });
    watcher->setFuture(m_services.vault->write(ref, login->password.toUtf8()));
}

// Saves the rows once a typed password (if any) is in the vault under `keychainRef`.
void RegistryDialog::store(const QString &keychainRef)
{
    const Catalogue &catalogue = *m_services.catalogue;
    const SecretRepository secrets(catalogue);
    Registry draft = registry();
    const CredentialChoice choice = credentialChoice();
    const QString username = m_ui->usernameEdit->text().trimmed();
    std::optional<Secret> created;
    if (choice == CredentialChoice::New) {
        const auto secret = secrets.create(m_ui->secretNameEdit->text().trimmed(),
                                           SecretKind::RegistryCredential, username, keychainRef);
        if (!secret) {
            if (m_services.vault)
                m_services.vault->remove(keychainRef); // nothing refers to it
            setSaving(false);
            showSaveError(secret.error().message);
            return;
        }
        created = secret.value();
        draft.credentialsSecretId = created->id;
    } else if (choice == CredentialChoice::Existing && !keychainRef.isEmpty()) {
        const auto rotated = secrets.markRotated(draft.credentialsSecretId, username);
        if (!rotated) {
            setSaving(false);
            showSaveError(rotated.error().message);
            return;
        }
    }
    const RegistryRepository registries(catalogue);
    const auto stored = m_existing ? registries.update(draft) : registries.create(draft);
    if (!stored) {
        if (created) {
            secrets.remove(created->id);
            if (m_services.vault)
                m_services.vault->remove(keychainRef);
        }
        setSaving(false);
        showSaveError(stored.error().message);
        return;
    }
    m_saving = false;
    m_ui->passwordEdit->clear();
    Q_EMIT saved(stored.value());
    QDialog::accept();
}

void RegistryDialog::done(int result)
{
    if (m_saving && result == QDialog::Rejected)
        return;       // the password is being written: the rows follow in a moment
    m_test = nullptr; // a test still running is dropped
    UiState::registryDialogGeometry.set(saveGeometry());
    QDialog::done(result);
}

} // namespace Kiln
