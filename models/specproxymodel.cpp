#include "specproxymodel.h"

#include "speclistmodel.h"

namespace Kiln {

namespace {

int roleOf(int column)
{
    switch (SpecListModel::Column(column)) {
    case SpecListModel::NameColumn:
        return SpecListModel::NameRole;
    case SpecListModel::StatusColumn:
        return SpecListModel::StatusRole;
    case SpecListModel::ImageColumn:
        return SpecListModel::ImageRole;
    case SpecListModel::UpdatedColumn:
        return SpecListModel::UpdatedAtRole;
    case SpecListModel::ColumnCount:
        break;
    }
    return SpecListModel::NameRole;
}

} // namespace

SpecProxyModel::SpecProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(SpecListModel::NameColumn);
    setFilterRole(SpecListModel::NameRole);
    setSortCaseSensitivity(Qt::CaseSensitive);
}

void SpecProxyModel::setSourceModel(QAbstractItemModel *model)
{
    m_source = qobject_cast<SpecListModel *>(model);
    Q_ASSERT(m_source || !model);
    QSortFilterProxyModel::setSourceModel(model);
}

void SpecProxyModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    setFilterFixedString(text.trimmed());
    if (m_source)
        m_source->setNameFilter(text);
}

void SpecProxyModel::sort(int column, Qt::SortOrder order)
{
    if (m_source && column == SpecListModel::NameColumn)
        m_source->setCatalogueOrder(SpecSort::Name, order == Qt::DescendingOrder);
    else if (m_source && column == SpecListModel::UpdatedColumn)
        m_source->setCatalogueOrder(SpecSort::UpdatedAt, order == Qt::DescendingOrder);
    QSortFilterProxyModel::sort(column, order);
}

bool SpecProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int role = roleOf(left.column());
    const QVariant a = left.data(role);
    const QVariant b = right.data(role);
    bool less = false;
    bool equal = false;
    switch (SpecListModel::Column(left.column())) {
    case SpecListModel::StatusColumn:
        less = a.toInt() < b.toInt();
        equal = a.toInt() == b.toInt();
        break;
    case SpecListModel::UpdatedColumn:
        less = a.toLongLong() < b.toLongLong();
        equal = a.toLongLong() == b.toLongLong();
        break;
    default: {
        const int cmp = a.toString().compare(b.toString());
        less = cmp < 0;
        equal = cmp == 0;
        break;
    }
    }
    if (!equal)
        return less;
    // Ties (same status, same image, same time) fall back to the name, as in the catalogue.
    return left.sibling(left.row(), 0).data(SpecListModel::NameRole).toString() <
           right.sibling(right.row(), 0).data(SpecListModel::NameRole).toString();
}

} // namespace Kiln
