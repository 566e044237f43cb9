#include "workerproxymodel.h"

#include "workerlistmodel.h"

namespace Kiln {

namespace {

int compareNumbers(qint64 a, qint64 b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

} // namespace

WorkerProxyModel::WorkerProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void WorkerProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool WorkerProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !sourceModel() || m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    for (int role :
         {int(WorkerListModel::NameRole), int(WorkerListModel::UrlRole), int(WorkerListModel::VersionRole),
          int(WorkerListModel::StatusRole), int(WorkerListModel::StatusMessageRole)}) {
        if (index.data(role).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return index.siblingAtColumn(WorkerListModel::HealthColumn)
        .data()
        .toString()
        .contains(m_text, Qt::CaseInsensitive);
}

bool WorkerProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    auto number = [&left, &right](int role) {
        return compareNumbers(left.data(role).toLongLong(), right.data(role).toLongLong());
    };
    auto text = [this, &left, &right](int role) {
        return left.data(role).toString().compare(right.data(role).toString(), sortCaseSensitivity());
    };
    int cmp = 0;
    switch (WorkerListModel::Column(left.column())) {
    case WorkerListModel::UrlColumn:
        cmp = text(WorkerListModel::UrlRole);
        break;
    case WorkerListModel::HealthColumn:
        cmp = number(WorkerListModel::StatusRankRole);
        break;
    case WorkerListModel::VersionColumn:
        cmp = text(WorkerListModel::VersionRole);
        break;
    case WorkerListModel::CapacityColumn:
        cmp = number(WorkerListModel::CapacityRole);
        if (cmp == 0)
            cmp = number(WorkerListModel::RunningJobsRole);
        break;
    case WorkerListModel::DiskFreeColumn:
        cmp = number(WorkerListModel::DiskFreeBytesRole);
        break;
    case WorkerListModel::LastSeenColumn:
        cmp = number(WorkerListModel::LastSeenAtRole);
        break;
    case WorkerListModel::NameColumn:
    case WorkerListModel::ColumnCount:
        break;
    }
    if (cmp != 0)
        return cmp < 0;
    return left.siblingAtColumn(0).data(WorkerListModel::NameRole).toString() <
           right.siblingAtColumn(0).data(WorkerListModel::NameRole).toString();
}

} // namespace Kiln
