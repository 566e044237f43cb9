#pragma once

#include "bake/registryhealth.h"
#include "store/registryrepository.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace Kiln {

class OciClient;
class RegistryBrowserModel;

// What a registry holds (product.md §4), for the Registries page's detail pane:
// its repositories (a page at a time as you scroll) and, when one is expanded, its
// tags; a filter box over what is listed; "Copy Reference" (context menu, Ctrl+C)
// copies "host/repo:tag" with the host of the image prefix (else of the URL).
// Loading, empty and error states (authentication failed, unreachable, ...) show
// in a label above the tree. Lists through the OciClient with the login of the
// registry's credentials secret; never blocks.
class RegistryBrowser : public QWidget
{
    Q_OBJECT

public:
    RegistryBrowser(OciClient *client, CredentialLookup credentials, QWidget *parent = nullptr);
    ~RegistryBrowser() override;

    // Shows `registry` (nullopt: nothing) and starts listing it.
    void setRegistry(const std::optional<Registry> &registry);

    // For tests.
    RegistryBrowserModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *treeView() const { return m_tree; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *statusLabel() const { return m_status; }
    QAction *copyAction() const { return m_copyAction; }
    // The reference Copy Reference copies for the current row; empty without one.
    QString currentReference() const;

public Q_SLOTS:
    void copyReference();
    void refresh();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);

private:
    void updateStatus();
    void showContextMenu(const QPoint &position);

    RegistryBrowserModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLabel *m_status = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_tree = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_refreshAction = nullptr;
};

} // namespace Kiln
