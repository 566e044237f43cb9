#pragma once

#include <QSortFilterProxyModel>

namespace Kiln {

// Sorting and filtering over a BakeImageListModel.
//
// The filter text matches (case-insensitively, as a fixed string) the name, the
// display name or the source ("oci:REF", "tar:PATH", or as the Source column
// shows it: "rootfs tar · PATH"); deactivated
// images show only while showDeactivated() is on (the default). Columns sort by
// their raw roles: text columns as text, Size cap by MiB, State and Scan by rank,
// Content by size (none first), Updated by time; ties by name.
class BakeImageProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit BakeImageProxyModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);
    bool showDeactivated() const { return m_showDeactivated; }
    void setShowDeactivated(bool show);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    bool m_showDeactivated = true;
};

} // namespace Kiln
