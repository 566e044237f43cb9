#include "cacheentrymodel.h"

#include "store/workerrepository.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr int kShortSha = 12;

QString nameOf(const CacheEntry &entry)
{
    return entry.workerName.isEmpty() ? entry.workerId : entry.workerName;
}

QString shortTime(qint64 ms)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    return QLocale().toString(at.date(), QLocale::ShortFormat) + u' ' +
           QLocale().toString(at.time(), u"HH:mm"_s);
}

bool busy(WorkerCacheStatus status)
{
    return status == WorkerCacheStatus::Pending || status == WorkerCacheStatus::Building;
}

} // namespace

CacheEntryModel::CacheEntryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int CacheEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CacheEntryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CacheEntryModel::statusText(const CacheEntry &entry, bool warmed)
{
    if (!warmed)
        return tr("Not warmed");
    switch (entry.status) {
    case WorkerCacheStatus::Pending:
        return tr("Pending");
    case WorkerCacheStatus::Building:
        return tr("Building");
    case WorkerCacheStatus::Ready:
        return tr("Ready");
    case WorkerCacheStatus::Failed:
        return tr("Failed");
    case WorkerCacheStatus::Evicted:
        return tr("Evicted");
    }
    return {};
}

QString CacheEntryModel::summaryText(const WarmSummary &summary)
{
    return tr("%1 queued, %2 ready, %3 failed, %4 skipped")
        .arg(summary.queued)
        .arg(summary.ready)
        .arg(summary.failed)
        .arg(summary.skipped);
}

QString CacheEntryModel::countsText(const CacheCounts &counts)
{
    QString text =
        (counts.total() == 1 ? tr("1 worker: ") : tr("%1 workers: ").arg(counts.total())) +
        tr("%1 ready, %2 building, %3 failed").arg(counts.ready).arg(counts.building).arg(counts.failed);
    if (counts.evicted > 0)
        text += tr(", %1 evicted").arg(counts.evicted);
    if (counts.notWarmed > 0)
        text += tr(", %1 not warmed").arg(counts.notWarmed);
    return text;
}

QVariant CacheEntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const CacheEntry &e = row.entry;
    switch (role) {
    case WorkerIdRole:
        return e.workerId;
    case WorkerNameRole:
        return nameOf(e);
    case StatusRole:
        return row.warmed ? int(e.status) : -1;
    case StatusNameRole:
        return row.warmed ? workerCacheStatusName(e.status) : QString();
    case ErrorRole:
        return e.errorText;
    case UpdatedAtRole:
        return e.updatedAt;
    case Sha256Role:
        return e.contentSha256;
    case SizeRole:
        return e.contentSize ? QVariant(*e.contentSize) : QVariant();
    case SortRole:
        switch (Column(index.column())) {
        case WorkerColumn:
            return nameOf(e);
        case StatusColumn:
            return row.warmed ? int(e.status) : -1;
        case ErrorColumn:
            return e.errorText;
        case UpdatedColumn:
            return e.updatedAt;
        case Sha256Column:
            return e.contentSha256;
        case SizeColumn:
            return e.contentSize.value_or(-1);
        case ColumnCount:
            break;
        }
        break;
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case WorkerColumn:
            return nameOf(e);
        case StatusColumn:
            return statusText(e, row.warmed);
        case ErrorColumn:
            return e.errorText.section(u'\n', 0, 0);
        case UpdatedColumn:
            // Minutes are enough here; the tooltip has the seconds.
            return e.updatedAt > 0 ? shortTime(e.updatedAt) : QString();
        case Sha256Column:
            return e.contentSha256.left(kShortSha);
        case SizeColumn:
            return e.contentSize ? QLocale().formattedDataSize(*e.contentSize) : QString();
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case ErrorColumn:
            return e.errorText;
        case UpdatedColumn:
            return e.updatedAt > 0
                       ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.updatedAt), QLocale::LongFormat)
                       : QString();
        case Sha256Column:
            return e.contentSha256.isEmpty() ? QString() : u"sha256:"_s + e.contentSha256;
        case SizeColumn:
            return e.contentSize ? tr("%1 bytes").arg(*e.contentSize) : QString();
        case StatusColumn:
            if (!row.warmed)
                return tr("This worker targets the image but has not been asked for it yet.");
            return e.errorText; // a failed row's reason, whatever the width of the Error column
        default:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn || index.column() == ErrorColumn) {
            if (!row.warmed)
                return QColor(0x75, 0x75, 0x75);
            if (e.status == WorkerCacheStatus::Failed)
                return QColor(0xc6, 0x28, 0x28);
            if (index.column() == StatusColumn && e.status == WorkerCacheStatus::Ready)
                return QColor(0x2e, 0x7d, 0x32);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant CacheEntryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case WorkerColumn:
        return tr("Worker");
    case StatusColumn:
        return tr("Status");
    case ErrorColumn:
        return tr("Error");
    case UpdatedColumn:
        return tr("Updated");
    case Sha256Column:
        return tr("SHA-256");
    case SizeColumn:
        return tr("Size");
    case ColumnCount:
        break;
    }
    return {};
}

void CacheEntryModel::setRows(const QString &imageId, const QList<CacheEntry> &entries,
                              const QList<Worker> &targets)
{
    QList<Row> rows;
    QHash<QString, int> seen;
    for (const CacheEntry &entry : entries) {
        if (entry.imageId != imageId || seen.contains(entry.workerId))
            continue;
        seen.insert(entry.workerId, 1);
        rows.append(Row{entry, true});
    }
    for (const Worker &worker : targets) {
        if (seen.contains(worker.id))
            continue;
        seen.insert(worker.id, 1);
        CacheEntry entry;
        entry.imageId = imageId;
        entry.workerId = worker.id;
        entry.workerName = worker.name;
        rows.append(Row{entry, false});
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row &a, const Row &b) { return nameOf(a.entry) < nameOf(b.entry); });
    beginResetModel();
    m_imageId = imageId;
    m_rows = std::move(rows);
    m_rowOf.clear();
    reindex(0);
    endResetModel();
}

void CacheEntryModel::clear()
{
    setRows({}, {}, {});
}

bool CacheEntryModel::upsert(const CacheEntry &entry)
{
    if (entry.imageId != m_imageId || m_imageId.isEmpty())
        return false;
    const int row = rowOfWorker(entry.workerId);
    if (row < 0) {
        const QString name = nameOf(entry);
        const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), name,
                                         [](const Row &r, const QString &n) { return nameOf(r.entry) < n; });
        const int at = int(it - m_rows.cbegin());
        beginInsertRows({}, at, at);
        m_rows.insert(at, Row{entry, true});
        reindex(at);
        endInsertRows();
        return true;
    }
    Row &current = m_rows[row];
    CacheEntry fresh = entry;
    // The service's rows may come without the names: keep the ones shown.
    if (fresh.workerName.isEmpty())
        fresh.workerName = current.entry.workerName;
    if (fresh.imageName.isEmpty())
        fresh.imageName = current.entry.imageName;
    const CacheEntry old = current.entry;
    const bool wasWarmed = current.warmed;
    if (wasWarmed && old == fresh)
        return false;
    int first = ColumnCount;
    int last = -1;
    auto mark = [&first, &last](bool differs, int column) {
        if (!differs)
            return;
        first = std::min(first, column);
        last = std::max(last, column);
    };
    mark(nameOf(old) != nameOf(fresh), WorkerColumn);
    mark(!wasWarmed || old.status != fresh.status, StatusColumn);
    mark(old.errorText != fresh.errorText, ErrorColumn);
    mark(old.updatedAt != fresh.updatedAt, UpdatedColumn);
    mark(old.contentSha256 != fresh.contentSha256, Sha256Column);
    mark(old.contentSize != fresh.contentSize, SizeColumn);
    current.entry = fresh;
    current.warmed = true;
    if (last < 0) // a field without a cell (the image's name)
        return false;
    Q_EMIT dataChanged(index(row, first), index(row, last));
    return true;
}

CacheCounts CacheEntryModel::counts() const
{
    CacheCounts counts;
    for (const Row &row : m_rows) {
        if (!row.warmed) {
            ++counts.notWarmed;
            continue;
        }
        switch (row.entry.status) {
        case WorkerCacheStatus::Pending:
        case WorkerCacheStatus::Building:
            ++counts.building;
            break;
        case WorkerCacheStatus::Ready:
            ++counts.ready;
            break;
        case WorkerCacheStatus::Failed:
            ++counts.failed;
            break;
        case WorkerCacheStatus::Evicted:
            ++counts.evicted;
            break;
        }
    }
    return counts;
}

bool CacheEntryModel::isBusy() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(),
                       [](const Row &row) { return row.warmed && busy(row.entry.status); });
}

void CacheEntryModel::reindex(int from)
{
    for (int row = from; row < m_rows.size(); ++row)
        m_rowOf.insert(m_rows.at(row).entry.workerId, row);
}

} // namespace Kiln
