#pragma once

#include "bake/containerengine.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace Kiln {

// The main window only hosts pages: a navigation sidebar, a stack of pages that
// the composition root adds, menus, and a status bar. It knows no screen.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page to the sidebar and the stack; the window takes ownership.
    // Pages are reachable with Ctrl+1..9 in the order they are added.
    void addPage(const QString &id, const QIcon &icon, const QString &title, QWidget *page);
    int pageCount() const;
    QString currentPageId() const;
    bool showPage(const QString &id);

    // Status bar contents.
    void setCatalogueLocation(const QString &location);
    void setEngines(const QList<ContainerEngineInfo> &engines, const QList<ContainerEngineKind> &preference);
    // A short, permanent "secrets in a file" marker whose tooltip is `details`;
    // empty `details` hides it (secrets are in the OS keychain).
    void setSecretsWarning(const QString &details);

    // Restores geometry and the last page from the per-user UI state.
    void restoreUiState();

Q_SIGNALS:
    void settingsRequested();
    void aboutRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();

    QListWidget *m_sidebar = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_catalogueLabel = nullptr;
    QLabel *m_engineLabel = nullptr;
    QLabel *m_secretsLabel = nullptr;
    QMenu *m_goMenu = nullptr;
    QStringList m_pageIds;
};

} // namespace Kiln
