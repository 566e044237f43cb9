#pragma once

#include "store/registryfilter.h"

#include <QSortFilterProxyModel>

namespace Kiln {

// Sorting and filtering over a RegistryListModel.
//
// Filtering is RegistryFilter::matches on the source row's registry (the same
// rules as `kilnctl registry list`): text, tags any-of (the schema's `$in`), tags
// all-of and field=value pairs, every part that is set must match. Columns sort
// by their raw roles: names and URLs as text, Health by status rank then
// latency, Last checked by time, Push target with the target first; ties by name.
class RegistryProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RegistryProxyModel(QObject *parent = nullptr);

    void setFilter(const RegistryFilter &filter);
    RegistryFilter filter() const { return m_filter; }

    void setFilterText(const QString &text);
    void setTagsAnyOf(const QStringList &tags);
    void setTagsAllOf(const QStringList &tags);
    void setFieldFilters(const QList<QPair<QString, QString>> &fields);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    RegistryFilter m_filter;
};

} // namespace Kiln
