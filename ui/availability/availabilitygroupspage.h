#pragma once

#include "domain/bakeimage.h"
#include "remote/warmservice.h"
#include "store/availabilitygrouprepository.h"

#include <QHash>
#include <QList>
#include <QWidget>

class QAction;
class QInputDialog;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTreeView;
class QTreeWidget;

namespace Kiln {

class AvailabilityGroupDialog;
class AvailabilityGroupListModel;
class Catalogue;
class CatalogueLoader;
class ListPage;

// The Availability Groups screen: the sets of workers that hold the same bake
// images. New (Ctrl+N), Edit (F2) and Delete (Del) in the toolbar, the context
// menu and on the keyboard; a sortable, filterable list; and for the current
// group two lists, its bake images (Add Image…, Remove) and its workers (Add
// Worker…, Remove). Adding an image warms it on the group's workers, adding a
// worker warms every image of the group on it (through the WarmService; null:
// memberships change but nothing is warmed); the summary shows in the status
// line under the lists. Every catalogue read and write runs on the thread pool.
class AvailabilityGroupsPage : public QWidget
{
    Q_OBJECT

public:
    AvailabilityGroupsPage(const Catalogue &catalogue, WarmService *warm, QWidget *parent = nullptr);
    ~AvailabilityGroupsPage() override;

    AvailabilityGroupListModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    QLineEdit *filterEdit() const;
    bool isEmptyStateShown() const;
    QTreeWidget *imageList() const { return m_images; }
    QTreeWidget *workerList() const { return m_workers; }
    QLabel *warmStatusLabel() const { return m_warmStatus; }
    QPushButton *addImageButton() const { return m_addImage; }
    QPushButton *addWorkerButton() const { return m_addWorker; }
    QString currentGroupId() const;
    void setCurrentGroup(const QString &groupId);
    // A membership change or a read of the bake images and workers is under way.
    bool isBusy() const;
    // Warms started here whose summary has not arrived yet.
    int pendingWarms() const { return int(m_batches.size()); }

public Q_SLOTS:
    AvailabilityGroupDialog *newGroup();
    AvailabilityGroupDialog *editGroup(const QString &groupId);
    // Asks first (non-blocking); returns the open confirmation.
    QMessageBox *deleteGroup(const QString &groupId);
    // Pickers of the bake images / workers not in the group yet (non-blocking);
    // the choice goes to addImage() / addWorker(). Null when there is no group.
    QInputDialog *chooseImage(const QString &groupId);
    QInputDialog *chooseWorker(const QString &groupId);
    // Membership changes, on the pool; adding warms (see the class comment).
    void addImage(const QString &groupId, const QString &imageId);
    void addWorker(const QString &groupId, const QString &workerId);
    void removeImage(const QString &groupId, const QString &imageId);
    void removeWorker(const QString &groupId, const QString &workerId);
    // Reads the groups, bake images and workers again (e.g. after kilnctl or the
    // Baked Images page changed them).
    void reload();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // A group or its members changed here.
    void groupsChanged();
    // A warm started here finished: `text` is the line the status shows.
    void warmReported(const QString &text, const Kiln::WarmSummary &summary);

private:
    struct Names
    {
        QList<BakeImage> images;
        QList<Worker> workers;
        QString error;
    };
    // Warms asked together (a worker added: one per image), reported as one sum.
    struct Batch
    {
        QString label; // "Warm" or "Warm on worker-1"
        int outstanding = 0;
        WarmSummary sum;
        QStringList errors;
    };

    void readNames(std::function<void()> then = {});
    void updateActions();
    void updateDetail();
    void changeMembership(const QString &groupId, const QString &memberId, bool image, bool add);
    void startWarms(const QString &label, const QStringList &imageIds, const QStringList &onlyWorkers);
    void onWarmFinished(const QString &imageId, const WarmSummary &summary);
    void onWarmFailed(const QString &image, const QString &message);
    void finishOne(const QString &imageId, const WarmSummary &summary, const QString &error);
    void showWarmStatus(const QString &text);
    QInputDialog *openPicker(const QString &title, const QString &label, const QStringList &choices,
                             std::function<void(const QString &)> chosen);

    const Catalogue &m_catalogue;
    WarmService *m_warm = nullptr;
    AvailabilityGroupListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    ListPage *m_listPage = nullptr;
    QTreeView *m_list = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;

    QStackedWidget *m_detailStack = nullptr; // nothing selected | one group
    QLabel *m_detailTitle = nullptr;
    QLabel *m_detailInfo = nullptr;
    QTreeWidget *m_images = nullptr;
    QTreeWidget *m_workers = nullptr;
    QPushButton *m_addImage = nullptr;
    QPushButton *m_removeImage = nullptr;
    QPushButton *m_addWorker = nullptr;
    QPushButton *m_removeWorker = nullptr;
    QLabel *m_warmStatus = nullptr;

    CatalogueLoader *m_reads = nullptr;  // bake images and workers, for names and pickers
    CatalogueLoader *m_writes = nullptr; // membership changes and deletes
    QHash<QString, BakeImage> m_imageById;
    QHash<QString, Worker> m_workerById;
    QHash<QString, QList<int>> m_batchesOfImage; // image id -> batches waiting for its warm, oldest first
    QHash<int, Batch> m_batches;
    int m_nextBatch = 0;
};

} // namespace Kiln
