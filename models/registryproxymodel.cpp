#include "registryproxymodel.h"

#include "registrylistmodel.h"

#include <limits>

namespace Kiln {

namespace {

int compareValues(qint64 a, qint64 b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

} // namespace

RegistryProxyModel::RegistryProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void RegistryProxyModel::setFilter(const RegistryFilter &filter)
{
    if (filter.text == m_filter.text && filter.tagsAnyOf == m_filter.tagsAnyOf &&
        filter.tagsAllOf == m_filter.tagsAllOf && filter.fields == m_filter.fields)
        return;
    m_filter = filter;
    invalidateFilter();
}

void RegistryProxyModel::setFilterText(const QString &text)
{
    RegistryFilter filter = m_filter;
    filter.text = text.trimmed();
    setFilter(filter);
}

void RegistryProxyModel::setTagsAnyOf(const QStringList &tags)
{
    RegistryFilter filter = m_filter;
    filter.tagsAnyOf = tags;
    setFilter(filter);
}

void RegistryProxyModel::setTagsAllOf(const QStringList &tags)
{
    RegistryFilter filter = m_filter;
    filter.tagsAllOf = tags;
    setFilter(filter);
}

void RegistryProxyModel::setFieldFilters(const QList<QPair<QString, QString>> &fields)
{
    RegistryFilter filter = m_filter;
    filter.fields = fields;
    setFilter(filter);
}

bool RegistryProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter.isEmpty() || sourceParent.isValid())
        return true;
    const auto *model = qobject_cast<const RegistryListModel *>(sourceModel());
    if (!model)
        return true;
    return m_filter.matches(model->registry(sourceRow));
}

bool RegistryProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    int cmp = 0;
    switch (RegistryListModel::Column(left.column())) {
    case RegistryListModel::HealthColumn:
        cmp = compareValues(left.data(RegistryListModel::HealthRankRole).toInt(),
                            right.data(RegistryListModel::HealthRankRole).toInt());
        if (cmp == 0) {
            // Without an answer sorts after every latency.
            auto latency = [](const QModelIndex &index) {
                const qint64 ms = index.data(RegistryListModel::HealthLatencyRole).toLongLong();
                return ms < 0 ? std::numeric_limits<qint64>::max() : ms;
            };
            cmp = compareValues(latency(left), latency(right));
        }
        break;
    case RegistryListModel::LastCheckedColumn:
        cmp = compareValues(left.data(RegistryListModel::HealthCheckedAtRole).toLongLong(),
                            right.data(RegistryListModel::HealthCheckedAtRole).toLongLong());
        break;
    case RegistryListModel::PushTargetColumn:
        // The push target first in ascending order.
        cmp = compareValues(right.data(RegistryListModel::PushTargetRole).toBool() ? 1 : 0,
                            left.data(RegistryListModel::PushTargetRole).toBool() ? 1 : 0);
        break;
    case RegistryListModel::UrlColumn:
        cmp = left.data(RegistryListModel::PublicUrlRole)
                  .toString()
                  .compare(right.data(RegistryListModel::PublicUrlRole).toString(), sortCaseSensitivity());
        break;
    case RegistryListModel::TagsColumn:
        cmp = left.data(RegistryListModel::TagsRole)
                  .toStringList()
                  .join(u',')
                  .compare(right.data(RegistryListModel::TagsRole).toStringList().join(u','),
                           sortCaseSensitivity());
        break;
    case RegistryListModel::NameColumn:
    case RegistryListModel::ColumnCount:
        break;
    }
    if (cmp != 0)
        return cmp < 0;
    // Ties fall back to the (unique) name, as in the catalogue.
    return left.siblingAtColumn(0).data(RegistryListModel::NameRole).toString() <
           right.siblingAtColumn(0).data(RegistryListModel::NameRole).toString();
}

} // namespace Kiln
