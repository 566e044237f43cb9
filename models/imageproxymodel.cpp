#include "imageproxymodel.h"

#include "imagelistmodel.h"

namespace Kiln {

namespace {

int roleOf(int column)
{
    switch (ImageListModel::Column(column)) {
    case ImageListModel::DisplayNameColumn:
        return ImageListModel::DisplayNameRole;
    case ImageListModel::NameColumn:
        return ImageListModel::NameRole;
    case ImageListModel::TypeColumn:
        return ImageListModel::TypeRole;
    case ImageListModel::UrlColumn:
        return ImageListModel::UrlRole;
    case ImageListModel::AccessColumn:
        return ImageListModel::AccessRankRole;
    case ImageListModel::StatusColumn:
        return ImageListModel::StateRole;
    case ImageListModel::ColumnCount:
        break;
    }
    return ImageListModel::NameRole;
}

bool isNumeric(int column)
{
    return column == ImageListModel::TypeColumn || column == ImageListModel::AccessColumn ||
           column == ImageListModel::StatusColumn;
}

} // namespace

ImageProxyModel::ImageProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ImageProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void ImageProxyModel::setTypeFilter(std::optional<ImageType> type)
{
    if (type == m_type)
        return;
    m_type = type;
    invalidateFilter();
}

void ImageProxyModel::setAccessFilter(Access access, const QString &groupId)
{
    const QString group =
        (access == Access::GrantedToGroup || access == Access::UsableByGroup) ? groupId : QString();
    if (access == m_access && group == m_groupId)
        return;
    m_access = access;
    m_groupId = group;
    invalidateFilter();
}

void ImageProxyModel::setHideDeactivated(bool hide)
{
    if (hide == m_hideDeactivated)
        return;
    m_hideDeactivated = hide;
    invalidateFilter();
}

bool ImageProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const bool deactivated = index.data(ImageListModel::DeactivatedRole).toBool();
    if (m_hideDeactivated && deactivated)
        return false;
    if (m_type && index.data(ImageListModel::TypeRole).toInt() != int(*m_type))
        return false;
    const bool global = index.data(ImageListModel::GlobalRole).toBool();
    switch (m_access) {
    case Access::All:
        break;
    case Access::GlobalOnly:
        if (!global)
            return false;
        break;
    case Access::GrantedToGroup:
        if (!index.data(ImageListModel::GroupIdsRole).toStringList().contains(m_groupId))
            return false;
        break;
    case Access::UsableByGroup:
        if (deactivated ||
            (!global && !index.data(ImageListModel::GroupIdsRole).toStringList().contains(m_groupId)))
            return false;
        break;
    }
    if (m_text.isEmpty())
        return true;
    for (int role : {ImageListModel::DisplayNameRole, ImageListModel::NameRole, ImageListModel::UrlRole,
                     ImageListModel::GpuUrlRole}) {
        if (index.data(role).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool ImageProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int role = roleOf(left.column());
    const QVariant a = left.data(role);
    const QVariant b = right.data(role);
    int cmp = 0;
    if (isNumeric(left.column()))
        cmp = a.toInt() < b.toInt() ? -1 : (a.toInt() > b.toInt() ? 1 : 0);
    else
        cmp = a.toString().compare(b.toString(), sortCaseSensitivity());
    if (cmp != 0)
        return cmp < 0;
    // Ties fall back to the (unique) name, as in the catalogue.
    return left.siblingAtColumn(0).data(ImageListModel::NameRole).toString() <
           right.siblingAtColumn(0).data(ImageListModel::NameRole).toString();
}

} // namespace Kiln
