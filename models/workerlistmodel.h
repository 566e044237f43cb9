#pragma once

#include "keyedrows.h"
#include "store/workerrepository.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QIcon>

#include <functional>

namespace Kiln {

class Catalogue;

// The Workers list: one row per kiln-worker of the catalogue, ordered by name,
// with what its last check found (WorkerMonitor).
//
// Workers are few (tens to a few hundred), so reload() reads them all at once off
// the GUI thread and the rows arrive with one reset. Everything after that changes
// exactly the rows and cells concerned: updateWorker() takes a worker as stored
// (WorkerMonitor::workerChecked, the Add dialog): inserted at its place by name
// when new, else one dataChanged over the cells that differ (nothing when nothing
// does); workerSaved() re-reads one; workerRemoved() removes one row;
// refreshRelativeTimes() only the Last seen column.
class WorkerListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        UrlColumn,
        HealthColumn,
        VersionColumn,
        CapacityColumn,
        DiskFreeColumn,
        LastSeenColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        WorkerIdRole = Qt::UserRole + 1,
        NameRole,          // QString
        UrlRole,           // QString
        StatusRole,        // QString, workerStatusNames()
        StatusMessageRole, // QString, empty when online
        StatusRankRole,    // int: online first, then error, auth-failed, unreachable, unknown
        VersionRole,       // QString, empty when never seen
        CapacityRole,      // qint64 builds at once, -1 when not known
        RunningJobsRole,   // qint64, -1 when not known
        DiskFreeBytesRole, // qint64 bytes, -1 when not known
        LastSeenAtRole,    // qint64 ms since the epoch, 0 when never seen
        EnabledRole,       // bool
        CaFileRole,        // QString, empty: the system's CAs only
        HasTokenRole,      // bool
    };
    Q_ENUM(Role)

    // Reads the catalogue at once (reload()). Destroying the model waits for a
    // read still in flight (the catalogue must outlive it).
    explicit WorkerListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads everything again off the GUI thread; one reset when it arrives (loaded()).
    void reload();
    bool isLoading() const { return m_rows.isLoading(); }

    QModelIndex indexOfWorker(const QString &workerId) const;
    Worker worker(int row) const { return m_rows.at(row); }
    // Whether a worker of that name is listed (the Add dialog's name check).
    bool hasName(const QString &name) const;

    // A worker as stored: inserted at its place by name when new, else one
    // dataChanged over the cells that differ; nothing when nothing differs.
    void updateWorker(const Worker &worker);
    // Re-reads one worker (on the calling thread); removed when it no longer exists.
    void workerSaved(const QString &workerId);
    void workerRemoved(const QString &workerId);
    // "Last seen" is relative: dataChanged for that column of every row.
    void refreshRelativeTimes();

    // The clock for "Last seen" (ms since the epoch); default: the system clock.
    void setClock(std::function<qint64()> now) { m_now = std::move(now); }

    // "Online", "Unreachable", "Auth failed", "Error", "Not checked".
    static QString statusText(const QString &status);
    static QColor statusColor(const QString &status);
    // A filled circle in the status colour (hollow when never checked). Needs a QGuiApplication.
    static QIcon statusIcon(const QString &status);
    // "1 running / 4" (running jobs of capacity), "—" when not known.
    static QString capacityText(const Worker &worker);
    // "38.2 GiB", "—" when not known.
    static QString diskText(const std::optional<qint64> &bytes);

Q_SIGNALS:
    // A reload arrived (after the reset).
    void loaded();
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

public:
    using Snapshot = KeyedSnapshot<Worker>;

private:
    template <typename, typename>
    friend class KeyedRows;

    void onLoaded(const Snapshot &snapshot);
    QVariant displayData(const Worker &worker, int column) const;
    QVariant toolTipData(const Worker &worker, int column) const;

    const Catalogue &m_catalogue;
    KeyedRows<WorkerListModel, Worker> m_rows;
    std::function<qint64()> m_now;
};

} // namespace Kiln
