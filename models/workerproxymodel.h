#pragma once

#include <QSortFilterProxyModel>

namespace Kiln {

// Sorting and filtering over a WorkerListModel.
//
// The filter text matches (case-insensitively, as a fixed string) the name, the
// URL, the version, the health as shown ("Auth failed") or as stored
// ("auth-failed") and the status message. Columns sort by their raw roles: text
// columns as text, Health by rank (online first), Capacity by capacity then
// running jobs, Disk free by bytes, Last seen by time (never first); ties by name.
class WorkerProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit WorkerProxyModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
};

} // namespace Kiln
