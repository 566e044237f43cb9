#pragma once

#include "store/workerrepository.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QAction;
class QInputDialog;
class QLineEdit;
class QMessageBox;
class QTreeView;

namespace Kiln {

class AddWorkerDialog;
class Catalogue;
class CatalogueLoader;
class ListPage;
class SecretVault;
class WorkerClient;
class WorkerDetailPane;
class WorkerListModel;
class WorkerMonitor;
class WorkerProxyModel;

// What the Workers page works with; the composition root fills it. Every pointer
// may be null in tests that do not need it (the matching actions are then disabled).
struct WorkersPageServices
{
    SecretVault *vault = nullptr;     // tokens: Add, Edit Token, Remove
    WorkerClient *client = nullptr;   // the detail pane's cached images and jobs
    WorkerMonitor *monitor = nullptr; // background checks, Check Now, Test Connection
};

// The Workers screen: every kiln-worker the desktop talks to, with its health,
// version, capacity, disk free and when it last answered, polled in the background
// (WorkerMonitor). Add (AddWorkerDialog, with Test Connection), Remove (asks
// first), Check Now and Edit Token in the toolbar, the context menu and on the
// keyboard; a filter box; every column sorts. The detail pane shows the selected
// worker, its cached images and its jobs with their logs (WorkerDetailPane).
// Catalogue and vault work runs on the thread pool: the GUI thread never waits.
class WorkersPage : public QWidget
{
    Q_OBJECT

public:
    WorkersPage(const Catalogue &catalogue, WorkersPageServices services, QWidget *parent = nullptr);
    ~WorkersPage() override;

    AddWorkerDialog *addWorker();
    // Asks first (non-blocking); returns the open confirmation.
    QMessageBox *removeWorker(const QString &workerId);
    // The monitor's checkNow() for one worker (empty: every worker).
    void checkNow(const QString &workerId);
    // Asks for the new token (non-blocking, masked); returns the open input dialog.
    QInputDialog *editToken(const QString &workerId);
    // Stores a new token for the worker (the vault), then checks it.
    void setToken(const QString &workerId, const QByteArray &token);
    // Reads every worker again (e.g. after kilnctl changed them).
    void reload();

    WorkerListModel *model() const { return m_model; }
    WorkerProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    QLineEdit *filterEdit() const;
    WorkerDetailPane *detailPane() const { return m_details; }
    bool isEmptyStateShown() const;
    QString emptyStateText() const;
    QString currentWorkerId() const;
    void setCurrentWorker(const QString &workerId);

    QAction *addWorkerAction() const { return m_addAction; }
    QAction *removeAction() const { return m_removeAction; }
    QAction *checkAction() const { return m_checkAction; }
    QAction *editTokenAction() const { return m_tokenAction; }

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // A worker was added, removed or got a new token here.
    void workersChanged();

private:
    std::optional<Worker> currentWorker() const;
    void updateActions();
    void updateDetails();

    const Catalogue &m_catalogue;
    WorkersPageServices m_services;
    CatalogueLoader *m_calls = nullptr; // removals and token changes, on the pool
    WorkerListModel *m_model = nullptr;
    WorkerProxyModel *m_proxy = nullptr;
    ListPage *m_listPage = nullptr;
    QTreeView *m_list = nullptr;
    WorkerDetailPane *m_details = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_checkAction = nullptr;
    QAction *m_tokenAction = nullptr;
    QTimer m_clockTimer;
};

} // namespace Kiln
