#pragma once

#include "bake/registryhealth.h"
#include "store/registryexchange.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;
class QTreeView;

namespace Kiln {

class Catalogue;
class ListPage;
class OciClient;
class RegistryBrowser;
class RegistryDialog;
struct RegistryDialogServices;
class RegistryHealthMonitor;
class RegistryImportDialog;
class RegistryListModel;
class RegistryProxyModel;
class SecretVault;

// What the Registries page works with; the composition root fills it. Every
// pointer may be null in tests that do not need it (the matching actions are
// then disabled).
struct RegistriesPageServices
{
    RegistryHealthChecker *checker = nullptr; // Test Connection in the dialog
    RegistryHealthMonitor *monitor = nullptr; // background checks, Check Now
    OciClient *oci = nullptr;                 // the registry browser
    CredentialLookup credentials;             // the browser's logins
    SecretVault *vault = nullptr;             // new and changed registry passwords
};

// The Registries screen (product.md §4): every registry Kiln pushes to or pulls
// from, its tags, health (background checks, Check Now) and which one is the
// Image Builder's push target. Create, edit and delete through RegistryDialog;
// filter by text, tags (any-of or all-of) and field=value; import and export the
// container-registry JSON. The detail pane shows the selected registry and browses
// its repositories.
class RegistriesPage : public QWidget
{
    Q_OBJECT

public:
    RegistriesPage(const Catalogue &catalogue, RegistriesPageServices services, QWidget *parent = nullptr);
    ~RegistriesPage() override;

    RegistryDialog *newRegistry();
    RegistryDialog *editRegistry(const QString &registryId);
    // Asks first (non-blocking); names the push target case.
    void deleteRegistry(const QString &registryId);
    void makePushTarget(const QString &registryId);
    // The monitor's checkNow(), or (without a monitor) one check shown but not stored.
    void checkNow(const QString &registryId);
    // Reads and imports the file off the GUI thread, then shows the report.
    void importFrom(const QString &path);
    void exportTo(const QString &path);
    // Opens a file dialog (non-blocking) and then importFrom()/exportTo().
    void chooseImportFile();
    void chooseExportFile();

    RegistryListModel *model() const { return m_model; }
    RegistryProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    bool isEmptyStateShown() const;
    QString currentRegistryId() const;
    // Shows only registries with any (or all, `all`) of `tags`; empty: no tag filter.
    void setTagFilter(const QStringList &tags, bool all);
    // Whether the field=value filter parses; the reason otherwise.
    QString fieldFilterProblem() const { return m_fieldProblem; }
    // The report dialog of the last import, while it is open.
    RegistryImportDialog *importReport() const;

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // A registry was created, changed, deleted or imported, or the push target moved.
    void registriesChanged();
    // An import finished (the report dialog is open).
    void importFinished(const Kiln::RegistryImportReport &report);
    void exportFinished(const QString &path, const QString &error);

private:
    RegistryDialogServices dialogServices() const;
    void updateActions();
    void updateDetails();
    void updateTagMenu();
    void applyTagFilter();
    void applyFieldFilter();
    void selectRegistry(const QString &registryId);
    void showInBrowser(std::optional<Registry> registry);

    const Catalogue &m_catalogue;
    RegistriesPageServices m_services;
    RegistryListModel *m_model = nullptr;
    RegistryProxyModel *m_proxy = nullptr;

    ListPage *m_listPage = nullptr; // filter, list and details, empty state, count
    QTreeView *m_list = nullptr;    // the list page's view
    QToolButton *m_tagButton = nullptr;
    QMenu *m_tagMenu = nullptr;
    QComboBox *m_tagMode = nullptr;
    QLineEdit *m_fieldFilter = nullptr;
    QString m_fieldProblem;
    QStringList m_checkedTags;
    QWidget *m_details = nullptr;
    QFormLayout *m_detailForm = nullptr;
    QLabel *m_detailTitle = nullptr;
    QLabel *m_detailHealth = nullptr;
    RegistryBrowser *m_browser = nullptr;
    std::optional<Registry> m_browsing; // what the browser was given last
    bool m_browsingSet = false;
    QAction *m_newAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_pushTargetAction = nullptr;
    QAction *m_checkAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_exportAction = nullptr;
    QTimer m_clockTimer;
};

} // namespace Kiln
