#pragma once

#include "cacheentrymodel.h"
#include "store/availabilitygrouprepository.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QMenu;
class QMessageBox;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTreeView;

namespace Kiln {

class Catalogue;
class CatalogueLoader;
class CacheSegmentBar;
class WarmService;

// The "Workers" tab of a bake image: where the image stands on every worker
// that targets it (the workers of its availability groups). A summary bar
// ("3 workers: 2 ready, 1 building, 0 failed" over a segmented bar), one row per
// worker (status, error, updated time, SHA-256, size), and Re-warm, Re-warm
// Failed and Evict (the selected worker; asks first), all through the
// WarmService. While the view shows, the service watches the image so that rows
// pending or building update live (entryChanged); hiding it or showing another
// image stops that. When no group covers the image, warming does nothing: the
// view says so and offers "Add to a Group…" (a menu of the groups), which
// attaches the image and warms it. Catalogue reads and writes run on the pool.
class CacheView : public QWidget
{
    Q_OBJECT

public:
    // `warm` null: the view only reads the catalogue (buttons disabled).
    CacheView(const Catalogue &catalogue, WarmService *warm, QWidget *parent = nullptr);
    ~CacheView() override;

    // The image shown (empty: none).
    void setImage(const QString &imageId, const QString &imageName);
    QString imageId() const { return m_imageId; }

    CacheEntryModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *warmStatusLabel() const { return m_warmStatus; }
    QLabel *emptyLabel() const { return m_emptyText; }
    QPushButton *rewarmButton() const { return m_rewarm; }
    QPushButton *rewarmFailedButton() const { return m_rewarmFailed; }
    QPushButton *evictButton() const { return m_evict; }
    QPushButton *addToGroupButton() const { return m_addToGroup; }
    // The menu "Add to a Group…" opens (rebuilt each time).
    QMenu *groupMenu() const { return m_groupMenu; }
    // No group covers the image (after its read arrived).
    bool isEmptyStateShown() const;
    bool isLoading() const;

public Q_SLOTS:
    void rewarm();
    void rewarmFailed();
    // Asks first (non-blocking); returns the open confirmation, null without a selection.
    QMessageBox *evictSelected();
    QMessageBox *evict(const QString &workerId);
    // Opens the menu of groups under the button.
    void chooseGroup();
    // Attaches the image to the groups, then warms it on their workers; the
    // summary shows in the status line (and statusMessage()).
    void addToGroups(const QString &imageId, const QStringList &groupIds);
    // Reads the targets and rows again.
    void reload();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // The image was attached to groups here.
    void groupsChanged();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Snapshot
    {
        QString imageId;
        QList<Worker> targets;
        QList<CacheEntry> entries;
        QList<AvailabilityGroup> groups;
        QString error;
    };
    void apply(const Snapshot &snapshot);
    void updateSummary();
    void updateButtons();
    void watch();
    void stopWatching();
    void showWarmStatus(const QString &text);

    const Catalogue &m_catalogue;
    WarmService *m_warm = nullptr;
    CatalogueLoader *m_reads = nullptr;
    CatalogueLoader *m_writes = nullptr;
    CacheEntryModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QString m_imageId;
    QString m_imageName;
    QString m_watching; // the image the service polls for this view
    QList<AvailabilityGroup> m_groups;
    bool m_covered = true;
    QSet<QString> m_started; // images this view warms: their summaries go to statusMessage()

    QStackedWidget *m_stack = nullptr; // rows | no group
    QLabel *m_summary = nullptr;
    CacheSegmentBar *m_bar = nullptr;
    QTreeView *m_table = nullptr;
    QPushButton *m_rewarm = nullptr;
    QPushButton *m_rewarmFailed = nullptr;
    QPushButton *m_evict = nullptr;
    QLabel *m_warmStatus = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_addToGroup = nullptr;
    QMenu *m_groupMenu = nullptr;
};

} // namespace Kiln
