#include "speclistmodel.h"

#include "catalogueloader.h"
#include "jobstatusdisplay.h"
#include "store/catalogue.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

bool isActive(std::optional<JobStatus> status)
{
    return status && (*status == JobStatus::Queued || *status == JobStatus::Running);
}

// Runs on a pool thread, with that thread's catalogue connection.
SpecListModel::Page readPage(const Catalogue &catalogue, const SpecListQuery &query, bool withCount)
{
    SpecListModel::Page page;
    const SpecRepository specs(catalogue);
    auto listed = specs.list(query);
    if (!listed.ok()) {
        page.error = listed.error().message;
        return page;
    }
    page.next = listed.value().next;
    QStringList ids;
    ids.reserve(listed.value().rows.size());
    for (const SpecSummary &summary : std::as_const(listed.value().rows))
        ids.append(summary.spec.id);
    auto latest = JobRepository(catalogue).latestPerSpec(ids);
    if (!latest.ok()) {
        page.error = latest.error().message;
        return page;
    }
    page.rows.reserve(listed.value().rows.size());
    for (const SpecSummary &summary : std::as_const(listed.value().rows)) {
        SpecListModel::Row row;
        row.summary = summary;
        const auto job = latest.value().constFind(summary.spec.id);
        if (job != latest.value().cend()) {
            row.latestJobId = job->id;
            row.latestJobCreatedAt = job->createdAt;
            row.errorText = job->errorText;
        }
        page.rows.append(row);
    }
    if (withCount) {
        auto total = specs.count(query.nameContains);
        if (!total.ok()) {
            page.error = total.error().message;
            return page;
        }
        page.total = total.value();
    }
    return page;
}

} // namespace

SpecListModel::SpecListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_loader(new CatalogueLoader(catalogue, this))
{
    startQuery();
}

int SpecListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SpecListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpecListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const SpecSummary &s = row.summary;
    switch (role) {
    case SpecIdRole:
        return s.spec.id;
    case NameRole:
        return s.spec.name;
    case StatusRole:
        return s.latestJobStatus ? int(*s.latestJobStatus) : -1;
    case ImageRole:
        return s.latestImage;
    case UpdatedAtRole:
        return s.spec.updatedAt;
    case LatestJobIdRole:
        return row.latestJobId;
    case PhaseRole:
        return row.phase;
    case RunningRole:
        return isActive(s.latestJobStatus);
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return s.spec.name;
        case StatusColumn:
            if (s.latestJobStatus == JobStatus::Running && !row.phase.isEmpty())
                return tr("%1 · %2", "status · phase").arg(jobStatusText(s.latestJobStatus), row.phase);
            return jobStatusText(s.latestJobStatus);
        case ImageColumn:
            return s.latestImage;
        case UpdatedColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(s.spec.updatedAt).toLocalTime(),
                                      QLocale::ShortFormat);
        case ColumnCount:
            break;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return jobStatusIcon(s.latestJobStatus);
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case StatusColumn:
            if (!row.errorText.isEmpty() &&
                (s.latestJobStatus == JobStatus::Failed || s.latestJobStatus == JobStatus::Interrupted))
                return tr("%1: %2", "status: error").arg(jobStatusText(s.latestJobStatus), row.errorText);
            return data(index, Qt::DisplayRole);
        case ImageColumn:
            return s.latestImage.isEmpty() ? tr("No image built yet") : s.latestImage;
        case UpdatedColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(s.spec.updatedAt).toLocalTime(),
                                      QLocale::LongFormat);
        case NameColumn:
            return s.spec.name;
        case ColumnCount:
            break;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant SpecListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case ImageColumn:
        return tr("Image");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

bool SpecListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_failed;
}

void SpecListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd || m_failed || m_loading)
        return;
    requestPage();
}

void SpecListModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, 10000);
}

void SpecListModel::setNameFilter(const QString &text)
{
    const QString filter = text.trimmed().toLower();
    if (filter == m_filter)
        return;
    m_filter = filter;
    startQuery();
}

void SpecListModel::setCatalogueOrder(SpecSort sort, bool descending)
{
    if (sort == m_sort && descending == m_descending)
        return;
    m_sort = sort;
    m_descending = descending;
    startQuery();
}

void SpecListModel::reload()
{
    startQuery();
}

QModelIndex SpecListModel::indexOfSpec(const QString &specId) const
{
    const int row = m_rowOfSpec.value(specId, -1);
    return row < 0 ? QModelIndex() : index(row, 0);
}

void SpecListModel::startQuery()
{
    beginResetModel();
    m_loader->discardPending(); // a page still in flight belongs to the old query
    m_rows.clear();
    m_rowOfSpec.clear();
    m_jobsWhileLoading.clear();
    m_removedWhileLoading.clear();
    m_cursor.reset();
    m_atEnd = false;
    m_loading = false;
    m_failed = false;
    const bool hadTotal = m_total >= 0;
    m_total = -1;
    endResetModel();
    if (hadTotal)
        Q_EMIT totalCountChanged(m_total);
    requestPage();
}

void SpecListModel::requestPage()
{
    SpecListQuery query;
    query.nameContains = m_filter;
    query.sort = m_sort;
    query.descending = m_descending;
    query.after = m_cursor;
    query.limit = m_pageSize;
    const bool withCount = !m_cursor && m_total < 0;
    m_loading = true;
    m_loader->run(
        [query, withCount](const Catalogue &catalogue) { return readPage(catalogue, query, withCount); },
        [this](const Page &page) { onPage(page); });
}

void SpecListModel::onPage(const Page &page)
{
    m_loading = false;
    if (!page.error.isEmpty()) {
        m_failed = true;
        Q_EMIT problem(tr("Could not load the image specs: %1").arg(page.error));
        return;
    }
    QList<Row> rows;
    rows.reserve(page.rows.size());
    for (Row row : page.rows) {
        const QString &id = row.summary.spec.id;
        if (m_rowOfSpec.contains(id) || m_removedWhileLoading.contains(id))
            continue; // inserted by specSaved meanwhile, or deleted since the page was read
        const auto job = m_jobsWhileLoading.constFind(id);
        if (job != m_jobsWhileLoading.cend()) {
            int first = 0, last = 0;
            mergeJob(row, *job, &first, &last);
        }
        rows.append(row);
    }
    m_jobsWhileLoading.clear();
    m_removedWhileLoading.clear();
    m_cursor = page.next;
    m_atEnd = !page.next;
    if (!rows.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        m_rows.append(rows);
        reindex(first, int(m_rows.size()) - 1);
        endInsertRows();
    }
    if (page.total) {
        m_total = *page.total;
        Q_EMIT totalCountChanged(m_total);
    }
    Q_EMIT pageLoaded(int(rows.size()));
}

void SpecListModel::startRecount()
{
    const QString filter = m_filter;
    m_loader->run([filter](const Catalogue &catalogue) { return SpecRepository(catalogue).count(filter); },
                  [this](const Result<qint64, StoreError> &counted) {
                      if (!counted.ok() || counted.value() == m_total)
                          return;
                      m_total = counted.value();
                      Q_EMIT totalCountChanged(m_total);
                  });
}

bool SpecListModel::lessThan(const SpecSummary &a, const SpecSummary &b) const
{
    return lessThanCursor(a, SpecCursor{b.spec.name, b.spec.updatedAt});
}

bool SpecListModel::lessThanCursor(const SpecSummary &a, const SpecCursor &c) const
{
    // The catalogue's order: byte order of the (ASCII, lowercase) names.
    const int byName = a.spec.name.compare(c.name);
    bool less;
    if (m_sort == SpecSort::Name || a.spec.updatedAt == c.updatedAt)
        less = m_descending ? byName > 0 : byName < 0;
    else
        less = m_descending ? a.spec.updatedAt > c.updatedAt : a.spec.updatedAt < c.updatedAt;
    return less;
}

bool SpecListModel::withinLoadedRange(const SpecSummary &summary) const
{
    if (m_atEnd)
        return true;
    return m_cursor && lessThanCursor(summary, *m_cursor);
}

bool SpecListModel::matchesFilter(const QString &name) const
{
    return m_filter.isEmpty() || name.contains(m_filter, Qt::CaseInsensitive);
}

int SpecListModel::insertionRow(const SpecSummary &summary) const
{
    const auto it =
        std::lower_bound(m_rows.cbegin(), m_rows.cend(), summary,
                         [this](const Row &row, const SpecSummary &s) { return lessThan(row.summary, s); });
    return int(it - m_rows.cbegin());
}

void SpecListModel::insertRow(int row, const Row &data)
{
    beginInsertRows({}, row, row);
    m_rows.insert(row, data);
    reindex(row, int(m_rows.size()) - 1);
    endInsertRows();
}

void SpecListModel::removeRowAt(int row)
{
    beginRemoveRows({}, row, row);
    m_rowOfSpec.remove(m_rows.at(row).summary.spec.id);
    m_rows.removeAt(row);
    reindex(row, int(m_rows.size()) - 1);
    endRemoveRows();
}

void SpecListModel::reindex(int from, int to)
{
    for (int row = from; row <= to; ++row)
        m_rowOfSpec.insert(m_rows.at(row).summary.spec.id, row);
}

bool SpecListModel::mergeJob(Row &row, const BuildJob &job, int *firstColumn, int *lastColumn)
{
    if (job.id != row.latestJobId && !row.latestJobId.isEmpty() && job.createdAt < row.latestJobCreatedAt)
        return false; // an older job: the row shows the newest one
    bool statusChanged = false;
    bool imageChanged = false;
    if (row.summary.latestJobStatus != job.status || row.errorText != job.errorText ||
        row.latestJobId != job.id) {
        statusChanged = true;
        row.summary.latestJobStatus = job.status;
        row.errorText = job.errorText;
        row.latestJobId = job.id;
        row.latestJobCreatedAt = job.createdAt;
    }
    if (!isActive(job.status) && !row.phase.isEmpty()) {
        row.phase.clear();
        statusChanged = true;
    }
    if (job.status == JobStatus::Succeeded && !job.targetImage.isEmpty() &&
        row.summary.latestImage != job.targetImage) {
        row.summary.latestImage = job.targetImage;
        imageChanged = true;
    }
    if (!statusChanged && !imageChanged)
        return false;
    *firstColumn = statusChanged ? StatusColumn : ImageColumn;
    *lastColumn = imageChanged ? ImageColumn : StatusColumn;
    return true;
}

void SpecListModel::applyJob(const BuildJob &job)
{
    if (isActive(job.status))
        m_specOfJob.insert(job.id, job.specId);
    else
        m_specOfJob.remove(job.id);
    if (m_loading) {
        const auto seen = m_jobsWhileLoading.constFind(job.specId);
        if (seen == m_jobsWhileLoading.cend() || seen->createdAt <= job.createdAt)
            m_jobsWhileLoading.insert(job.specId, job);
    }
    const int row = m_rowOfSpec.value(job.specId, -1);
    if (row < 0) {
        // Not loaded: either beyond the loaded pages (nothing to do) or a spec
        // created elsewhere that belongs among them (specSaved inserts it).
        if (m_atEnd || m_cursor)
            refreshSpec(job.specId, false);
        return;
    }
    int first = 0, last = 0;
    if (mergeJob(m_rows[row], job, &first, &last))
        Q_EMIT dataChanged(index(row, first), index(row, last));
}

void SpecListModel::applyPhase(const QString &jobId, const QString &phase)
{
    const QString specId = m_specOfJob.value(jobId);
    const int row = m_rowOfSpec.value(specId, -1);
    if (row < 0)
        return;
    Row &r = m_rows[row];
    if (r.latestJobId != jobId || r.phase == phase)
        return;
    r.phase = phase;
    Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn));
}

void SpecListModel::specSaved(const QString &specId)
{
    refreshSpec(specId, true);
}

void SpecListModel::refreshSpec(const QString &specId, bool mayBeNew)
{
    auto read = SpecRepository(m_catalogue).summary(specId);
    if (!read.ok()) {
        if (read.error().code == StoreError::Code::NotFound)
            specRemoved(specId);
        else
            Q_EMIT problem(tr("Could not read the image spec %1: %2").arg(specId, read.error().message));
        return;
    }
    const SpecSummary &summary = read.value();
    const int row = m_rowOfSpec.value(specId, -1);
    const bool belongs = matchesFilter(summary.spec.name) && withinLoadedRange(summary);
    if (row < 0) {
        if (!belongs) {
            if (mayBeNew && matchesFilter(summary.spec.name))
                startRecount(); // perhaps a new spec beyond the loaded pages
            return;
        }
        Row fresh;
        fresh.summary = summary;
        if (summary.latestJobStatus) {
            auto latest = JobRepository(m_catalogue).latestForSpec(specId);
            if (latest.ok() && latest.value()) {
                fresh.latestJobId = latest.value()->id;
                fresh.latestJobCreatedAt = latest.value()->createdAt;
                fresh.errorText = latest.value()->errorText;
            }
        }
        insertRow(insertionRow(summary), fresh);
        startRecount();
        return;
    }
    if (!belongs) {
        removeRowAt(row); // moved beyond the loaded pages: a later page brings it
        return;
    }
    Row updated = m_rows.at(row);
    if (updated.summary.latestJobStatus != summary.latestJobStatus) {
        auto latest = JobRepository(m_catalogue).latestForSpec(specId);
        if (latest.ok() && latest.value()) {
            updated.latestJobId = latest.value()->id;
            updated.latestJobCreatedAt = latest.value()->createdAt;
            updated.errorText = latest.value()->errorText;
        }
    }
    updated.summary = summary;
    const bool stays = (row == 0 || lessThan(m_rows.at(row - 1).summary, summary)) &&
                       (row == m_rows.size() - 1 || lessThan(summary, m_rows.at(row + 1).summary));
    int at = row;
    if (!stays) {
        const int target = insertionRow(summary); // before the move, counting the old row
        beginMoveRows({}, row, row, {}, target);
        at = target > row ? target - 1 : target;
        m_rows.move(row, at);
        reindex(std::min(row, at), std::max(row, at));
        m_rows[at] = updated;
        endMoveRows();
    } else {
        m_rows[row] = updated;
    }
    Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
}

void SpecListModel::specRemoved(const QString &specId)
{
    if (m_loading)
        m_removedWhileLoading.insert(specId);
    const int row = m_rowOfSpec.value(specId, -1);
    if (row < 0)
        return;
    removeRowAt(row);
    if (m_total > 0) {
        --m_total;
        Q_EMIT totalCountChanged(m_total);
    }
}

} // namespace Kiln
