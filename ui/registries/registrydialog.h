#pragma once

#include "bake/registryhealth.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

template <typename T>
class QFutureWatcher;

namespace Ui {
class RegistryDialog;
}

namespace Kiln {

class Catalogue;
class SecretVault;

// What the registry dialog needs from the outside. The page fills it.
struct RegistryDialogServices
{
    const Catalogue *catalogue = nullptr;               // where the registry and a new secret row are saved
    SecretVault *vault = nullptr;                       // where new or changed passwords go (before the row)
    RegistryHealthChecker *checker = nullptr;           // Test Connection; none: the button is disabled
    QList<Secret> secrets;                              // the registry credentials to choose from
    QStringList knownTags;                              // offered while typing a tag
    std::function<bool(const QString &name)> nameTaken; // may be empty
};

// Create or edit a registry (product.md §4): every field of a Registry, tags as
// chips, metadata as a key/value table, and its credentials: none, an existing
// registry-credential secret, or a new one (username + password, masked). On edit
// an empty password keeps the stored one; a typed one replaces it in the vault.
// Test Connection runs RegistryHealthChecker::test() on the draft with the typed
// login, asynchronously; closing the dialog drops a test still running. OK stays
// disabled until validateRegistry() and the credential fields pass; each problem
// shows under its field. Saving writes a password to the SecretVault first
// (asynchronously), then the secret row, then the registry.
class RegistryDialog : public QDialog
{
    Q_OBJECT

public:
    static RegistryDialog *create(QWidget *parent, RegistryDialogServices services);
    static RegistryDialog *edit(QWidget *parent, RegistryDialogServices services, const Registry &registry);

    RegistryDialog(RegistryDialogServices services, std::optional<Registry> existing,
                   QWidget *parent = nullptr);
    ~RegistryDialog() override;

    // The registry as it would be saved (credentialsSecretId: the chosen secret,
    // empty for none or a new one).
    Registry registry() const;
    // The login typed in the dialog: a username and a non-empty password; nullopt otherwise.
    std::optional<Credential> typedLogin() const;
    bool isInputValid() const { return m_problems.isEmpty(); }
    // The first problem, "Field: why"; empty when valid.
    QString validationMessage() const { return m_problems.value(0); }
    QStringList validationMessages() const { return m_problems; }

    void testConnection();
    bool isTesting() const { return m_test != nullptr; }
    // The last Test Connection result; nullopt before one finished.
    std::optional<RegistryHealth> testResult() const { return m_testResult; }
    bool isSaving() const { return m_saving; }

    void accept() override;

Q_SIGNALS:
    void saved(const Kiln::Registry &registry);
    void testFinished(const Kiln::RegistryHealth &health);

protected:
    void done(int result) override;

private:
    enum class CredentialChoice
    {
        None,
        Existing,
        New,
    };
    CredentialChoice credentialChoice() const;
    std::optional<Secret> chosenSecret() const;
    void updateCredentialFields();
    void revalidate();
    void cancelTest();
    void browseCaFile();
    void showSaveError(const QString &message);
    void store(const QString &keychainRef);
    void setSaving(bool saving);

    std::unique_ptr<Ui::RegistryDialog> m_ui;
    RegistryDialogServices m_services;
    std::optional<Registry> m_existing;
    QStringList m_problems;
    bool m_secretNameEdited = false;
    bool m_saving = false;
    QFutureWatcher<RegistryHealth> *m_test = nullptr;
    std::optional<RegistryHealth> m_testResult;
};

} // namespace Kiln
