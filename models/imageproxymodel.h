#pragma once

#include "store/imagerepository.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace Kiln {

// Sorting and filtering over an ImageListModel (any model with its roles).
//
// Every column sorts by its raw role (display name, name, int type, URL, access
// rank, int state), ties by name. The filters combine:
// - text: the display name, name or URL contains it (case-insensitive);
// - type: one ImageType, or every type;
// - access: every image, the global ones only, the images granted explicitly
//   to one group, or the images that group may use (global or granted, not
//   deactivated: ImageRepository::usableByGroup);
// - hideDeactivated (off by default; the page offers the toggle).
class ImageProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Access
    {
        All,
        GlobalOnly,
        GrantedToGroup, // explicitly granted to accessGroupId()
        UsableByGroup,  // global or granted to accessGroupId(), deactivated excluded
    };
    Q_ENUM(Access)

    explicit ImageProxyModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

    void setTypeFilter(std::optional<ImageType> type);
    std::optional<ImageType> typeFilter() const { return m_type; }

    // groupId matters for GrantedToGroup and UsableByGroup only.
    void setAccessFilter(Access access, const QString &groupId = {});
    Access accessFilter() const { return m_access; }
    QString accessGroupId() const { return m_groupId; }

    void setHideDeactivated(bool hide);
    bool hideDeactivated() const { return m_hideDeactivated; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    std::optional<ImageType> m_type;
    Access m_access = Access::All;
    QString m_groupId;
    bool m_hideDeactivated = false;
};

} // namespace Kiln
