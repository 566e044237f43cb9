#pragma once

#include "catalogueloader.h"
#include "store/storeerror.h"

#include <QHash>
#include <QList>
#include <QModelIndex>
#include <QSet>
#include <QString>

#include <algorithm>
#include <utility>

namespace Kiln {

// What a load reads off the GUI thread: the rows (ordered by name), or why they
// could not be read (`error` not empty).
template <typename Row>
struct KeyedSnapshot
{
    QList<Row> rows;
    QString error;
};

// A snapshot from a repository's list() (a Result of a list, in name order): one
// row per item, `toRow(item)`, or the error's message.
template <typename Row, typename Listed, typename ToRow>
KeyedSnapshot<Row> snapshotOf(const Listed &listed, ToRow toRow)
{
    KeyedSnapshot<Row> snapshot;
    if (!listed.ok()) {
        snapshot.error = listed.error().message;
        return snapshot;
    }
    snapshot.rows.reserve(listed.value().size());
    for (const auto &item : listed.value())
        snapshot.rows.append(toRow(item));
    return snapshot;
}

// The rows of an id-keyed list model, ordered by name: the one place that keeps
// the rows and their id index and tells the model exactly what changed.
//
// `Model` is the QAbstractItemModel that shows the rows (one row per Row, no
// parent); it declares `template <typename, typename> friend class KeyedRows;`
// so that the rows can call its begin/end and dataChanged. insert(), remove()
// and reposition() emit the exact row signals; changed() emits dataChanged;
// reset() is the one reset, for a whole snapshot.
//
// A load (load(): a read of the whole list off the GUI thread) records the ids
// saved and removed while it is in flight (noteSaved(), noteRemoved()); once its
// rows are in, finishLoad() replays them (idempotent when the read saw them).
template <typename Model, typename Row>
class KeyedRows
{
public:
    using Key = QString (*)(const Row &);

    // `id` names a row; `name` orders the rows (ascending, by QString's operator<).
    KeyedRows(Model *model, Key id, Key name)
        : m_model(model)
        , m_id(id)
        , m_name(name)
    {}
    // With a CatalogueLoader of its own (a child of `model`) for load(read, deliver).
    KeyedRows(Model *model, const Catalogue &catalogue, Key id, Key name)
        : KeyedRows(model, id, name)
    {
        m_loader = new CatalogueLoader(catalogue, model);
    }

    int size() const { return int(m_rows.size()); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    const Row &at(int row) const { return m_rows.at(row); }
    // For changing a row in place: follow with changed() (and reposition() when
    // its name changed).
    Row &operator[](int row) { return m_rows[row]; }
    auto begin() const { return m_rows.cbegin(); }
    auto end() const { return m_rows.cend(); }

    // The row of `id`, -1 when there is none.
    int rowOf(const QString &id) const { return m_rowOf.value(id, -1); }
    // The first cell of the row of `id`, invalid when there is none.
    QModelIndex indexOf(const QString &id) const
    {
        const int row = rowOf(id);
        return row < 0 ? QModelIndex() : m_model->index(row, 0);
    }

    // Every row replaced by `rows` (already ordered by name), with one reset.
    void reset(QList<Row> rows)
    {
        m_model->beginResetModel();
        m_rows = std::move(rows);
        m_rowOf.clear();
        reindex(0);
        m_model->endResetModel();
    }

    // A row whose id is not shown yet, inserted at its place by name. Returns its row.
    int insert(const Row &fresh)
    {
        const QString name = m_name(fresh);
        const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), name,
                                         [this](const Row &r, const QString &n) { return m_name(r) < n; });
        const int at = int(it - m_rows.cbegin());
        m_model->beginInsertRows({}, at, at);
        m_rows.insert(at, fresh);
        reindex(at);
        m_model->endInsertRows();
        return at;
    }

    // The row of `id` goes (nothing when there is none).
    void remove(const QString &id)
    {
        const int row = rowOf(id);
        if (row < 0)
            return;
        m_model->beginRemoveRows({}, row, row);
        m_rowOf.remove(id);
        m_rows.removeAt(row);
        reindex(row);
        m_model->endRemoveRows();
    }

    // The name of `row` changed: the row moves to its place by name (one move).
    // Returns where it is now.
    int reposition(int row)
    {
        const QString name = m_name(m_rows.at(row));
        // Its place among the other rows.
        const auto before =
            std::lower_bound(m_rows.cbegin(), m_rows.cbegin() + row, name,
                             [this](const Row &r, const QString &n) { return m_name(r) < n; });
        const auto after = std::lower_bound(m_rows.cbegin() + row + 1, m_rows.cend(), name,
                                            [this](const Row &r, const QString &n) { return m_name(r) < n; });
        const int position = before != m_rows.cbegin() + row ? int(before - m_rows.cbegin())
                                                             : int(after - m_rows.cbegin()) - 1;
        if (position == row)
            return row;
        const int destination = position > row ? position + 1 : position;
        m_model->beginMoveRows({}, row, row, {}, destination);
        m_rows.move(row, position);
        reindex(std::min(row, position));
        m_model->endMoveRows();
        return position;
    }

    // dataChanged for every column of `row`.
    void changed(int row) { changed(row, 0, m_model->columnCount() - 1); }
    // dataChanged for the columns first..last of `row`.
    void changed(int row, int first, int last, const QList<int> &roles = {})
    {
        Q_EMIT m_model->dataChanged(m_model->index(row, first), m_model->index(row, last), roles);
    }
    // dataChanged for `column` of every row (nothing without rows).
    void columnChanged(int column, const QList<int> &roles = {})
    {
        if (!m_rows.isEmpty())
            Q_EMIT m_model->dataChanged(m_model->index(0, column), m_model->index(size() - 1, column), roles);
    }

    // Starts a load: drops the results of the reads in flight, forgets the changes
    // noted so far and runs `read` (T(const Catalogue &)) then `deliver`
    // (void(const T &)) with `loader` (a CatalogueLoader). `deliver` calls finishLoad().
    template <typename Loader, typename Read, typename Deliver>
    void load(Loader &loader, Read read, Deliver deliver)
    {
        loader.discardPending(); // a read in flight is dropped on arrival
        m_loading = true;
        m_savedWhileLoading.clear();
        m_removedWhileLoading.clear();
        loader.run(std::move(read), std::move(deliver));
    }
    // The same with the rows' own loader (the constructor that takes a catalogue).
    template <typename Read, typename Deliver>
    void load(Read read, Deliver deliver)
    {
        Q_ASSERT(m_loader);
        load(*m_loader, std::move(read), std::move(deliver));
    }
    // A load is in flight.
    bool isLoading() const { return m_loading; }

    // Call first in the model's save and remove: the load in flight may have read
    // the catalogue before the change.
    void noteSaved(const QString &id)
    {
        if (m_loading)
            m_savedWhileLoading.insert(id);
    }
    void noteRemoved(const QString &id)
    {
        if (!m_loading)
            return;
        m_removedWhileLoading.insert(id);
        m_savedWhileLoading.remove(id);
    }

    // The load arrived (after reset()) or failed (no callables): replays what was
    // removed, then what was saved, while it was in flight.
    void finishLoad()
    {
        finishLoad([](const QString &) {}, [](const QString &) {});
    }
    template <typename Removed, typename Saved>
    void finishLoad(Removed removed, Saved saved)
    {
        m_loading = false;
        const QSet<QString> gone = std::exchange(m_removedWhileLoading, {});
        const QSet<QString> changed = std::exchange(m_savedWhileLoading, {});
        for (const QString &id : gone)
            removed(id);
        for (const QString &id : changed)
            saved(id);
    }

    // The load arrived as `snapshot`. Without an error: reset() to its rows, then
    // finishLoad(removed, saved); returns true. With one: finishLoad() alone and
    // false (the model says what failed).
    template <typename Removed, typename Saved>
    bool finishLoad(KeyedSnapshot<Row> snapshot, Removed removed, Saved saved)
    {
        if (!snapshot.error.isEmpty()) {
            finishLoad();
            return false;
        }
        reset(std::move(snapshot.rows));
        finishLoad(std::move(removed), std::move(saved));
        return true;
    }

    // One item of `id` read again (`read`: a repository's get(), a Result): notes
    // it saved (see noteSaved()), then `apply(item)`, or `removed(id)` when it no
    // longer exists. Returns the message of any other error (nothing changes then),
    // empty otherwise.
    template <typename Read, typename Apply, typename Removed>
    QString reread(const QString &id, const Read &read, Apply apply, Removed removed)
    {
        noteSaved(id);
        if (read.ok()) {
            apply(read.value());
            return {};
        }
        if (read.error().code != StoreError::Code::NotFound)
            return read.error().message;
        removed(id);
        return {};
    }

private:
    void reindex(int from)
    {
        for (int row = from; row < m_rows.size(); ++row)
            m_rowOf.insert(m_id(m_rows.at(row)), row);
    }

    Model *m_model;
    CatalogueLoader *m_loader = nullptr; // owned by m_model
    Key m_id;
    Key m_name;
    QList<Row> m_rows;
    QHash<QString, int> m_rowOf;
    bool m_loading = false;
    QSet<QString> m_savedWhileLoading;
    QSet<QString> m_removedWhileLoading;
};

} // namespace Kiln
