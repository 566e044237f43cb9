#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QMessageBox;
class QSortFilterProxyModel;
class QTreeView;

namespace Kiln {

class Catalogue;
class ListPage;
class SecretDialog;
class SecretListModel;
class SecretVault;

// The Secrets screen (product.md §4): registry credentials and pull secrets with
// their kind, username, what uses them and when they were rotated. Add (Ctrl+N),
// Rotate and Delete (Del) in the toolbar, the context menu and on the keyboard; a
// filter box; every column sorts. Values are never shown: the list holds only the
// catalogue's metadata. A banner says so when the vault keeps the values in the
// encrypted file instead of a keychain (asked once the vault's probe finished).
class SecretsPage : public QWidget
{
    Q_OBJECT

public:
    SecretsPage(const Catalogue &catalogue, SecretVault &vault, QWidget *parent = nullptr);
    ~SecretsPage() override;

    // For tests and the composition root.
    SecretListModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    QLineEdit *filterEdit() const;
    bool isEmptyStateShown() const;
    // The fallback warning, once known; hidden with a keychain.
    QLabel *fallbackBanner() const { return m_banner; }
    bool isBackendKnown() const { return m_backendKnown; }
    QString currentSecretId() const;
    void setCurrentSecret(const QString &secretId);

public Q_SLOTS:
    SecretDialog *addSecret();
    SecretDialog *rotateSecret(const QString &secretId);
    // Asks first, naming what uses the secret (they lose it). Returns the open confirmation.
    QMessageBox *deleteSecret(const QString &secretId);
    // Registries, specs, images or workers changed: re-reads the Used-by column.
    void refresh();
    // Re-reads the secrets too (e.g. after kilnctl changed them).
    void reload();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // A secret was added, rotated or deleted.
    void secretsChanged();

private:
    void onSaved(const QString &secretId, const QString &name, bool created);
    void finishDelete(const QString &secretId, const QString &name, const QString &keychainRef);
    void updateActions();

    const Catalogue &m_catalogue;
    SecretVault &m_vault;
    SecretListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;

    QLabel *m_banner = nullptr;
    ListPage *m_listPage = nullptr; // filter, list, empty state and count
    QTreeView *m_list = nullptr;    // the list page's view
    QAction *m_addAction = nullptr;
    QAction *m_rotateAction = nullptr;
    QAction *m_deleteAction = nullptr;
    bool m_backendKnown = false;
};

} // namespace Kiln
