#pragma once

#include <QSortFilterProxyModel>

namespace Kiln {

class SpecListModel;

// Sorting and filtering over a SpecListModel.
//
// Every column sorts by its raw role (name, int status, image, updated ms), not
// by the displayed text. Sorting by Name or Updated also switches the source's
// catalogue order, so pages loaded later arrive in the same order and the sorted
// view is the catalogue's order. Status and Image have no catalogue order: they
// sort the rows loaded so far, and rows of later pages are sorted in as they
// arrive (dynamicSortFilter).
//
// setFilterText() filters the loaded rows at once (case-insensitive, on the
// name) and forwards the text to the source, whose new query finds the matches
// that were not loaded yet. Debouncing is the caller's job.
class SpecProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit SpecProxyModel(QObject *parent = nullptr);

    // Must be a SpecListModel.
    void setSourceModel(QAbstractItemModel *model) override;
    SpecListModel *specModel() const { return m_source; }

    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    SpecListModel *m_source = nullptr;
    QString m_filterText;
};

} // namespace Kiln
