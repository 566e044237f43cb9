#include "cacheview.h"

#include "catalogueloader.h"
#include "remote/warmservice.h"
#include "store/catalogue.h"
#include "store/workerrepository.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

// The summary's bar: one segment per kind of row, as wide as its share.
class CacheSegmentBar : public QWidget
{
public:
    explicit CacheSegmentBar(QWidget *parent = nullptr)
        : QWidget(parent)
    {
        setObjectName(u"summaryBar"_s);
        setMinimumHeight(8);
        setMaximumHeight(8);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }

    void setCounts(const CacheCounts &counts)
    {
        m_counts = counts;
        setToolTip(CacheEntryModel::countsText(counts));
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF area = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
        QPainterPath clip;
        clip.addRoundedRect(area, 3, 3);
        painter.setClipPath(clip);
        painter.fillRect(area, palette().color(QPalette::Mid));
        const int total = m_counts.total();
        if (total > 0) {
            const std::pair<int, QColor> segments[] = {
                {m_counts.ready, QColor(0x43, 0xa0, 0x47)},
                {m_counts.building, QColor(0x1e, 0x88, 0xe5)},
                {m_counts.failed, QColor(0xe5, 0x39, 0x35)},
                {m_counts.evicted, QColor(0x9e, 0x9e, 0x9e)},
            };
            qreal x = area.left();
            for (const auto &[count, colour] : segments) {
                const qreal width = area.width() * count / total;
                painter.fillRect(QRectF(x, area.top(), width, area.height()), colour);
                x += width;
            }
        }
    }

private:
    CacheCounts m_counts;
};

CacheView::CacheView(const Catalogue &catalogue, WarmService *warm, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_warm(warm)
{
    m_reads = new CatalogueLoader(m_catalogue, this);
    m_writes = new CatalogueLoader(m_catalogue, this);
    m_model = new CacheEntryModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CacheEntryModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget;
    outer->addWidget(m_stack, 1);

    auto *rows = new QWidget;
    auto *rowsLayout = new QVBoxLayout(rows);
    rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel;
    m_summary->setObjectName(u"cacheSummary"_s);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    rowsLayout->addWidget(m_summary);
    m_bar = new CacheSegmentBar;
    rowsLayout->addWidget(m_bar);
    m_table = new QTreeView;
    m_table->setObjectName(u"cacheTable"_s);
    m_table->setModel(m_proxy);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(true);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->sortByColumn(CacheEntryModel::WorkerColumn, Qt::AscendingOrder);
    QHeaderView *header = m_table->header();
    // The error takes what is left, last, so that the short columns fit a narrow
    // detail pane; the status cell's tooltip carries the error too.
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->moveSection(header->visualIndex(CacheEntryModel::ErrorColumn), CacheEntryModel::ColumnCount - 1);
    header->setStretchLastSection(true);
    header->resizeSection(CacheEntryModel::WorkerColumn, 95);
    header->resizeSection(CacheEntryModel::StatusColumn, 70);
    header->resizeSection(CacheEntryModel::UpdatedColumn, 140);
    header->resizeSection(CacheEntryModel::Sha256Column, 100);
    header->resizeSection(CacheEntryModel::SizeColumn, 75);
    rowsLayout->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    m_rewarm = new QPushButton(tr("&Re-warm"));
    m_rewarm->setObjectName(u"rewarmButton"_s);
    m_rewarm->setToolTip(tr("Ask every worker of the image's groups for it again"));
    buttons->addWidget(m_rewarm);
    m_rewarmFailed = new QPushButton(tr("Re-warm &Failed"));
    m_rewarmFailed->setObjectName(u"rewarmFailedButton"_s);
    m_rewarmFailed->setToolTip(
        tr("Ask again only the workers where it failed, was evicted or never arrived"));
    buttons->addWidget(m_rewarmFailed);
    buttons->addStretch(1);
    m_evict = new QPushButton(tr("E&vict\u2026"));
    m_evict->setObjectName(u"evictButton"_s);
    m_evict->setToolTip(tr("Remove the image from the selected worker"));
    buttons->addWidget(m_evict);
    rowsLayout->addLayout(buttons);
    m_stack->addWidget(rows);

    auto *empty = new QWidget;
    empty->setObjectName(u"cacheEmptyState"_s);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    m_emptyText = new QLabel(tr("No availability group includes this image, so warming does nothing."));
    m_emptyText->setObjectName(u"cacheEmptyText"_s);
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    emptyLayout->addWidget(m_emptyText);
    auto *emptyButtons = new QHBoxLayout;
    emptyButtons->addStretch(1);
    m_addToGroup = new QPushButton(tr("&Add to a Group\u2026"));
    m_addToGroup->setObjectName(u"addToGroupButton"_s);
    emptyButtons->addWidget(m_addToGroup);
    emptyButtons->addStretch(1);
    emptyLayout->addLayout(emptyButtons);
    emptyLayout->addStretch(2);
    m_stack->addWidget(empty);

    m_warmStatus = new QLabel;
    m_warmStatus->setObjectName(u"cacheWarmStatus"_s);
    m_warmStatus->setWordWrap(true);
    m_warmStatus->setTextFormat(Qt::PlainText);
    m_warmStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warmStatus->hide();
    outer->addWidget(m_warmStatus);
    m_groupMenu = new QMenu(this);
    m_groupMenu->setObjectName(u"groupMenu"_s);

    connect(m_rewarm, &QPushButton::clicked, this, &CacheView::rewarm);
    connect(m_rewarmFailed, &QPushButton::clicked, this, &CacheView::rewarmFailed);
    connect(m_evict, &QPushButton::clicked, this, &CacheView::evictSelected);
    connect(m_addToGroup, &QPushButton::clicked, this, &CacheView::chooseGroup);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CacheView::updateButtons);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &CacheView::updateSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CacheView::updateSummary);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CacheView::updateSummary);
    if (m_warm) {
        connect(m_warm, &WarmService::entryChanged, this,
                [this](const CacheEntry &entry) { m_model->upsert(entry); });
        connect(m_warm, &WarmService::warmFinished, this,
                [this](const QString &imageId, const WarmSummary &summary) {
                    const QString text = tr("Warm: %1").arg(CacheEntryModel::summaryText(summary));
                    if (imageId == m_imageId)
                        showWarmStatus(text);
                    if (m_started.remove(imageId))
                        Q_EMIT statusMessage(text, 10000);
                });
        connect(m_warm, &WarmService::warmFailed, this, [this](const QString &image, const QString &message) {
            if (image == m_imageId || image == m_imageName)
                showWarmStatus(tr("Warm failed: %1").arg(message));
            if (m_started.remove(image))
                Q_EMIT statusMessage(tr("Warm failed: %1").arg(message));
        });
        connect(m_warm, &WarmService::evictFinished, this,
                [this](const QString &imageId, const QString &workerId, const QString &error) {
                    if (imageId != m_imageId)
                        return;
                    const int row = m_model->rowOfWorker(workerId);
                    const QString worker = row < 0 ? workerId : m_model->entry(row).workerName;
                    showWarmStatus(error.isEmpty() ? tr("Evicted %1 from %2.").arg(m_imageName, worker)
                                                   : tr("Evicting from %1 failed: %2").arg(worker, error));
                });
    }
    setImage({}, {});
}

CacheView::~CacheView()
{
    stopWatching();
}

bool CacheView::isEmptyStateShown() const
{
    return m_stack->currentIndex() == 1;
}

bool CacheView::isLoading() const
{
    return m_reads->isBusy() || m_writes->isBusy();
}

void CacheView::setImage(const QString &imageId, const QString &imageName)
{
    if (imageId == m_imageId && !imageId.isEmpty()) {
        m_imageName = imageName;
        return;
    }
    stopWatching();
    m_imageId = imageId;
    m_imageName = imageName;
    m_covered = true;
    m_model->clear();
    showWarmStatus({});
    m_stack->setCurrentIndex(0);
    reload();
    if (isVisible())
        watch();
}

void CacheView::reload()
{
    m_reads->discardPending();
    if (m_imageId.isEmpty()) {
        updateSummary();
        return;
    }
    m_reads->run(
        [imageId = m_imageId](const Catalogue &catalogue) {
            Snapshot snapshot;
            snapshot.imageId = imageId;
            const AvailabilityGroupRepository groups(catalogue);
            auto targets = groups.targetsOfImage(imageId);
            auto entries = BakeImageCacheRepository(catalogue).listByImage(imageId);
            auto all = groups.list();
            if (!targets)
                snapshot.error = targets.error().message;
            else if (!entries)
                snapshot.error = entries.error().message;
            else if (!all)
                snapshot.error = all.error().message;
            else {
                snapshot.targets = targets.value();
                snapshot.entries = entries.value();
                snapshot.groups = all.value();
            }
            return snapshot;
        },
        [this](const Snapshot &snapshot) { apply(snapshot); });
}

void CacheView::apply(const Snapshot &snapshot)
{
    if (snapshot.imageId != m_imageId)
        return;
    if (!snapshot.error.isEmpty()) {
        showWarmStatus(tr("Could not read where the image is cached: %1").arg(snapshot.error));
        return;
    }
    m_groups = snapshot.groups;
    m_covered = !snapshot.targets.isEmpty();
    // Only the rows of workers that still target the image.
    QList<CacheEntry> entries;
    for (const CacheEntry &entry : snapshot.entries) {
        if (std::any_of(snapshot.targets.cbegin(), snapshot.targets.cend(),
                        [&entry](const Worker &worker) { return worker.id == entry.workerId; }))
            entries.append(entry);
    }
    m_model->setRows(m_imageId, entries, snapshot.targets);
    m_stack->setCurrentIndex(m_covered ? 0 : 1);
    updateSummary();
}

void CacheView::updateSummary()
{
    const CacheCounts counts = m_model->counts();
    m_summary->setText(CacheEntryModel::countsText(counts));
    m_bar->setCounts(counts);
    updateButtons();
}

void CacheView::updateButtons()
{
    const bool can = m_warm && !m_imageId.isEmpty() && m_covered;
    const CacheCounts counts = m_model->counts();
    m_rewarm->setEnabled(can && counts.total() > 0);
    m_rewarmFailed->setEnabled(can && counts.failed + counts.evicted + counts.notWarmed > 0);
    // The selected row (a current index without a selection, from the focus alone, does not count).
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    const QModelIndex current = selected.isEmpty() ? QModelIndex() : selected.constFirst();
    m_evict->setEnabled(can && current.isValid() &&
                        current.data(CacheEntryModel::StatusRole).toInt() !=
                            int(WorkerCacheStatus::Evicted) &&
                        current.data(CacheEntryModel::StatusRole).toInt() >= 0);
    m_addToGroup->setEnabled(m_warm && !m_imageId.isEmpty());
}

void CacheView::watch()
{
    if (!m_warm || m_imageId.isEmpty() || m_watching == m_imageId)
        return;
    stopWatching();
    m_watching = m_imageId;
    m_warm->refresh(m_imageId);
}

void CacheView::stopWatching()
{
    if (m_warm && !m_watching.isEmpty())
        m_warm->unwatch(m_watching);
    m_watching.clear();
}

void CacheView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    watch();
}

void CacheView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    stopWatching();
}

void CacheView::showWarmStatus(const QString &text)
{
    m_warmStatus->setText(text);
    m_warmStatus->setVisible(!text.isEmpty());
}

void CacheView::rewarm()
{
    if (!m_warm || m_imageId.isEmpty())
        return;
    showWarmStatus(tr("Warming %1 on its workers\u2026").arg(m_imageName));
    m_started.insert(m_imageId);
    m_warm->warm(m_imageId, WarmScope::All);
}

void CacheView::rewarmFailed()
{
    if (!m_warm || m_imageId.isEmpty())
        return;
    showWarmStatus(tr("Warming %1 again where it failed\u2026").arg(m_imageName));
    m_started.insert(m_imageId);
    m_warm->warm(m_imageId, WarmScope::FailedOnly);
}

QMessageBox *CacheView::evictSelected()
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return nullptr;
    const QModelIndex current = selected.constFirst();
    return evict(current.data(CacheEntryModel::WorkerIdRole).toString());
}

QMessageBox *CacheView::evict(const QString &workerId)
{
    const int row = m_model->rowOfWorker(workerId);
    if (!m_warm || row < 0)
        return nullptr;
    const QString worker = m_model->entry(row).workerName;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Evict"),
                                tr("Evict %1 from the worker %2?").arg(m_imageName, worker),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"evictBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("The worker deletes its copy; Re-warm brings it back."));
    QPushButton *confirm = box->addButton(tr("&Evict"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmEvict"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(confirm, &QPushButton::clicked, this, [this, imageId = m_imageId, workerId, worker] {
        if (!m_warm)
            return;
        showWarmStatus(tr("Evicting from %1\u2026").arg(worker));
        m_warm->evict(imageId, workerId);
    });
    box->open();
    return box;
}

void CacheView::chooseGroup()
{
    m_groupMenu->clear();
    if (m_groups.isEmpty()) {
        QAction *none =
            m_groupMenu->addAction(tr("No availability groups yet (create one on the Availability "
                                      "Groups page)"));
        none->setEnabled(false);
    }
    for (const AvailabilityGroup &group : std::as_const(m_groups)) {
        const QString label = group.workerIds.size() == 1
                                  ? tr("%1 (1 worker)").arg(group.name)
                                  : tr("%1 (%2 workers)").arg(group.name).arg(group.workerIds.size());
        QAction *action = m_groupMenu->addAction(label);
        action->setData(group.id);
        connect(action, &QAction::triggered, this,
                [this, groupId = group.id] { addToGroups(m_imageId, {groupId}); });
    }
    m_groupMenu->popup(m_addToGroup->mapToGlobal(QPoint(0, m_addToGroup->height())));
}

void CacheView::addToGroups(const QString &imageId, const QStringList &groupIds)
{
    if (imageId.isEmpty() || groupIds.isEmpty())
        return;
    struct Attached
    {
        QStringList names;
        QStringList workerIds;
        QString error;
    };
    m_writes->run(
        [imageId, groupIds](const Catalogue &catalogue) {
            const AvailabilityGroupRepository groups(catalogue);
            Attached attached;
            for (const QString &groupId : groupIds) {
                const auto done = groups.attachImage(groupId, imageId);
                const auto group =
                    done ? groups.get(groupId) : Result<AvailabilityGroup, StoreError>(done.error());
                if (!group) {
                    attached.error = group.error().message;
                    return attached;
                }
                attached.names.append(group->name);
                for (const QString &workerId : group->workerIds) {
                    if (!attached.workerIds.contains(workerId))
                        attached.workerIds.append(workerId);
                }
            }
            return attached;
        },
        [this, imageId](const Attached &attached) {
            if (!attached.error.isEmpty()) {
                showWarmStatus(attached.error);
                Q_EMIT statusMessage(attached.error);
                return;
            }
            Q_EMIT groupsChanged();
            if (imageId == m_imageId)
                reload();
            const QString groups = attached.names.join(u", "_s);
            if (attached.workerIds.isEmpty()) {
                const QString text =
                    tr("Added to %1, which has no workers yet: nothing is warmed.").arg(groups);
                if (imageId == m_imageId)
                    showWarmStatus(text);
                Q_EMIT statusMessage(text, 8000);
                return;
            }
            if (imageId == m_imageId)
                showWarmStatus(tr("Added to %1: warming\u2026").arg(groups));
            if (m_warm) {
                m_started.insert(imageId);
                m_warm->warm(imageId, WarmScope::All, attached.workerIds);
            }
        });
}

} // namespace Kiln
