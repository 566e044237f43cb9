#include "bakeimageproxymodel.h"

#include "bakeimagelistmodel.h"

namespace Kiln {

namespace {

int compareValues(qint64 a, qint64 b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

} // namespace

BakeImageProxyModel::BakeImageProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void BakeImageProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void BakeImageProxyModel::setShowDeactivated(bool show)
{
    if (show == m_showDeactivated)
        return;
    m_showDeactivated = show;
    invalidateFilter();
}

bool BakeImageProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !sourceModel())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_showDeactivated && index.data(BakeImageListModel::DeactivatedRole).toBool())
        return false;
    if (m_text.isEmpty())
        return true;
    for (int role : {int(BakeImageListModel::NameRole), int(BakeImageListModel::DisplayNameRole),
                     int(BakeImageListModel::SourceTextRole)}) {
        if (index.data(role).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    // The Source column as shown ("rootfs tar · /srv/x.tar").
    return index.siblingAtColumn(BakeImageListModel::SourceColumn)
        .data()
        .toString()
        .contains(m_text, Qt::CaseInsensitive);
}

bool BakeImageProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    auto number = [&left, &right](int role) {
        return compareValues(left.data(role).toLongLong(), right.data(role).toLongLong());
    };
    auto text = [this, &left, &right](int role) {
        return left.data(role).toString().compare(right.data(role).toString(), sortCaseSensitivity());
    };
    int cmp = 0;
    switch (BakeImageListModel::Column(left.column())) {
    case BakeImageListModel::SourceColumn:
        cmp = text(BakeImageListModel::SourceTextRole);
        break;
    case BakeImageListModel::SizeCapColumn:
        cmp = number(BakeImageListModel::SizeMibRole);
        break;
    case BakeImageListModel::StateColumn:
        cmp = number(BakeImageListModel::StateRankRole);
        break;
    case BakeImageListModel::ScanColumn:
        cmp = number(BakeImageListModel::ScanRankRole);
        break;
    case BakeImageListModel::ContentColumn:
        cmp = number(BakeImageListModel::ContentSizeRole);
        break;
    case BakeImageListModel::UpdatedColumn:
        cmp = number(BakeImageListModel::UpdatedAtRole);
        break;
    case BakeImageListModel::NameColumn:
    case BakeImageListModel::ColumnCount:
        break;
    }
    if (cmp != 0)
        return cmp < 0;
    // Ties fall back to the (unique) name, as in the catalogue.
    return left.siblingAtColumn(0).data(BakeImageListModel::NameRole).toString() <
           right.siblingAtColumn(0).data(BakeImageListModel::NameRole).toString();
}

} // namespace Kiln
