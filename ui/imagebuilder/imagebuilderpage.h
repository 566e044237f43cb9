#pragma once

#include "bake/buildrun.h"
#include "store/jobrepository.h"

#include <QHash>
#include <QSet>
#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace Kiln {

class BakeService;
class RemoteBuilds;
class OciClient;
class Catalogue;
class ListPage;
class SpecDialog;
class SpecListModel;
class SpecProxyModel;
class SpecView;

// The Image Builder screen (product.md §1): the list of image specs, and one
// spec's Info and Jobs. New, View, Edit and Delete are in the toolbar, the
// context menu and on the keyboard (Ctrl+N, Enter, F2, Del); the filter box
// filters as you type. Saving a new or changed spec queues its build.
class ImageBuilderPage : public QWidget
{
    Q_OBJECT

public:
    // `bake` may be null (no builds: specs can still be edited). With `oci`, the
    // base image field also completes from the tags of the configured registries
    // (logging in with `credentials` where a registry has them).
    ImageBuilderPage(const Catalogue &catalogue, BakeService *bake, OciClient *oci = nullptr,
                     CredentialResolver credentials = {}, QWidget *parent = nullptr);
    ~ImageBuilderPage() override;

    SpecDialog *newSpec();
    SpecDialog *editSpec(const QString &specId);
    void viewSpec(const QString &specId);
    // Asks first (naming what goes with the spec); a running build is cancelled
    // first when the administrator chooses "Cancel Build and Delete".
    void deleteSpec(const QString &specId);
    void showList();
    void setPushRegistry();

    // Builds can also run on kiln-workers: the "Run on" list offers this computer
    // and the enabled workers, and a changed spec is built where it says (the
    // choice is remembered). The job list names the worker a job ran on.
    void setRemoteBuilds(RemoteBuilds *remote);
    // Reads the workers again (on the remote builds' pool) for the "Run on" list.
    void refreshRunners();
    QComboBox *runOnCombo() const { return m_runOn; }

    // For tests and the composition root.
    SpecListModel *model() const { return m_model; }
    SpecProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    SpecView *specView() const { return m_view; }
    QLineEdit *filterEdit() const;
    bool isShowingList() const;
    bool isEmptyStateShown() const;
    void refreshPushRegistry();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // The "Run on" list was filled again (refreshRunners()).
    void runnersRefreshed();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyJob(const Kiln::BuildJob &job);
    void applyOutput(const QString &jobId, const QStringList &lines);
    void applyPhase(const QString &jobId, const QString &phase);
    void onSaved(const QString &specId, bool changed);
    void confirmDelete(const QString &specId, const QString &name, int revisions, int jobs, int logs,
                       const QStringList &active);
    void finishDelete(const QString &specId);
    void updateActions();
    QString emptyText() const;
    QString currentSpecId() const;
    QStringList baseSuggestions() const;

    const Catalogue &m_catalogue;
    BakeService *m_bake;
    RemoteBuilds *m_remote = nullptr;
    OciClient *m_oci;
    CredentialResolver m_credentials;
    SpecListModel *m_model = nullptr;
    SpecProxyModel *m_proxy = nullptr;

    QStackedWidget *m_stack = nullptr; // list | one spec
    ListPage *m_listPage = nullptr;    // filter, list, empty state and count
    QTreeView *m_list = nullptr;       // the list page's view
    QLabel *m_pushLabel = nullptr;
    QPushButton *m_emptyPushButton = nullptr;
    SpecView *m_view = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_viewAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_pushAction = nullptr;
    QComboBox *m_runOn = nullptr; // "This computer" (no data), then workers (data: id)
    QTimer m_animation;           // repaints the running rows' progress indicator
    QString m_pushPrefix;

    // Specs waiting for their builds to stop before they are deleted.
    QHash<QString, QSet<QString>> m_pendingDeletes;
    QSet<QString> m_activeJobs; // queued or running, for the progress indicator
};

} // namespace Kiln
