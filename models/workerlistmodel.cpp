#include "workerlistmodel.h"

#include "registrylistmodel.h"
#include "store/catalogue.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>

#include <array>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Runs on a pool thread, with that thread's catalogue connection.
WorkerListModel::Snapshot readWorkers(const Catalogue &catalogue)
{
    return snapshotOf<Worker>(WorkerRepository(catalogue).list(),
                              [](const Worker &worker) { return worker; });
}

int statusRank(const QString &status)
{
    static const std::array order{u"online"_s, u"error"_s, u"auth-failed"_s, u"unreachable"_s, u"unknown"_s};
    for (int i = 0; i < int(order.size()); ++i) {
        if (order.at(i) == status)
            return i;
    }
    return int(order.size());
}

// The first and last columns whose text, tooltip or colour differ between two
// versions of a worker; empty when none does.
QList<int> differingColumns(const Worker &a, const Worker &b)
{
    using M = WorkerListModel;
    QList<int> columns;
    if (a.name != b.name || a.enabled != b.enabled || a.tokenSecretId != b.tokenSecretId ||
        a.customCaFile != b.customCaFile || a.createdAt != b.createdAt || a.updatedAt != b.updatedAt)
        columns.append(M::NameColumn); // the detail pane reads them through the row's first cell
    if (a.url != b.url)
        columns.append(M::UrlColumn);
    if (a.status != b.status || a.statusMessage != b.statusMessage)
        columns.append(M::HealthColumn);
    if (a.version != b.version)
        columns.append(M::VersionColumn);
    if (a.capacity != b.capacity || a.runningJobs != b.runningJobs)
        columns.append(M::CapacityColumn);
    if (a.diskFreeBytes != b.diskFreeBytes)
        columns.append(M::DiskFreeColumn);
    if (a.lastSeenAt != b.lastSeenAt)
        columns.append(M::LastSeenColumn);
    if (columns.isEmpty())
        return {};
    return {columns.first(), columns.last()};
}

} // namespace

WorkerListModel::WorkerListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_rows(
          this, catalogue, [](const Worker &w) { return w.id; }, [](const Worker &w) { return w.name; })
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    reload();
}

int WorkerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int WorkerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WorkerListModel::statusText(const QString &status)
{
    if (status == u"online")
        return tr("Online");
    if (status == u"unreachable")
        return tr("Unreachable");
    if (status == u"auth-failed")
        return tr("Auth failed");
    if (status == u"error")
        return tr("Error");
    return tr("Not checked");
}

QColor WorkerListModel::statusColor(const QString &status)
{
    if (status == u"online")
        return QColor(0x2e, 0x7d, 0x32);
    if (status == u"unreachable" || status == u"error")
        return QColor(0xd3, 0x2f, 0x2f);
    if (status == u"auth-failed")
        return QColor(0xb2, 0x6a, 0x00);
    return QColor(0x75, 0x75, 0x75);
}

QIcon WorkerListModel::statusIcon(const QString &status)
{
    QIcon icon;
    const int rank = statusRank(status);
    for (int size : {16, 32}) {
        const QString key = u"kiln-worker-status-%1-%2"_s.arg(rank).arg(size);
        QPixmap pixmap;
        if (!QPixmapCache::find(key, &pixmap)) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter p(&pixmap);
            p.setRenderHint(QPainter::Antialiasing);
            const qreal s = size / 16.0;
            const QColor colour = statusColor(status);
            p.setPen(QPen(colour.darker(130), 1.2 * s));
            p.setBrush(status == u"online" || status == u"unreachable" || status == u"auth-failed" ||
                               status == u"error"
                           ? QBrush(colour)
                           : QBrush(Qt::NoBrush));
            p.drawEllipse(QRectF(3 * s, 3 * s, 10 * s, 10 * s));
            p.end();
            QPixmapCache::insert(key, pixmap);
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString WorkerListModel::capacityText(const Worker &worker)
{
    if (!worker.capacity)
        return tr("\u2014");
    return tr("%1 running / %2").arg(worker.runningJobs.value_or(0)).arg(*worker.capacity);
}

QString WorkerListModel::diskText(const std::optional<qint64> &bytes)
{
    if (!bytes)
        return tr("\u2014");
    return QLocale().formattedDataSize(*bytes, 1, QLocale::DataSizeIecFormat);
}

QVariant WorkerListModel::displayData(const Worker &worker, int column) const
{
    switch (Column(column)) {
    case NameColumn:
        return worker.name;
    case UrlColumn:
        return worker.url;
    case HealthColumn:
        return worker.enabled ? statusText(worker.status) : tr("Disabled");
    case VersionColumn:
        return worker.version.isEmpty() ? tr("\u2014") : worker.version;
    case CapacityColumn:
        return capacityText(worker);
    case DiskFreeColumn:
        return diskText(worker.diskFreeBytes);
    case LastSeenColumn:
        return RegistryListModel::relativeTime(worker.lastSeenAt.value_or(0), m_now());
    case ColumnCount:
        break;
    }
    return {};
}

QVariant WorkerListModel::toolTipData(const Worker &worker, int column) const
{
    switch (Column(column)) {
    case NameColumn:
        return worker.enabled ? worker.name : tr("%1: disabled, neither polled nor warmed").arg(worker.name);
    case UrlColumn:
        return worker.customCaFile.isEmpty()
                   ? worker.url
                   : tr("%1\nTrusts the CAs in %2").arg(worker.url, worker.customCaFile);
    case HealthColumn:
        return worker.statusMessage.isEmpty() ? statusText(worker.status) : worker.statusMessage;
    case VersionColumn:
        return worker.version.isEmpty() ? tr("Not seen yet") : tr("kiln-worker %1").arg(worker.version);
    case CapacityColumn:
        return worker.capacity ? tr("%1 jobs running; it runs up to %2 at once")
                                     .arg(worker.runningJobs.value_or(0))
                                     .arg(*worker.capacity)
                               : tr("Not known yet");
    case DiskFreeColumn:
        return worker.diskFreeBytes ? tr("%1 bytes free").arg(QLocale().toString(*worker.diskFreeBytes))
                                    : tr("Not known yet");
    case LastSeenColumn:
        if (!worker.lastSeenAt)
            return tr("Never answered");
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(*worker.lastSeenAt), QLocale::LongFormat);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant WorkerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Worker &worker = m_rows.at(index.row());
    switch (role) {
    case WorkerIdRole:
        return worker.id;
    case NameRole:
        return worker.name;
    case UrlRole:
        return worker.url;
    case StatusRole:
        return worker.status;
    case StatusMessageRole:
        return worker.statusMessage;
    case StatusRankRole:
        return statusRank(worker.status);
    case VersionRole:
        return worker.version;
    case CapacityRole:
        return worker.capacity.value_or(-1);
    case RunningJobsRole:
        return worker.runningJobs.value_or(-1);
    case DiskFreeBytesRole:
        return worker.diskFreeBytes.value_or(-1);
    case LastSeenAtRole:
        return worker.lastSeenAt.value_or(0);
    case EnabledRole:
        return worker.enabled;
    case CaFileRole:
        return worker.customCaFile;
    case HasTokenRole:
        return !worker.tokenSecretId.isEmpty();
    case Qt::DisplayRole:
        return displayData(worker, index.column());
    case Qt::ToolTipRole:
        return toolTipData(worker, index.column());
    case Qt::DecorationRole:
        if (index.column() == HealthColumn)
            return statusIcon(worker.enabled ? worker.status : u"unknown"_s);
        break;
    case Qt::ForegroundRole:
        if (!worker.enabled)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        if (index.column() == HealthColumn && worker.status != u"online" && worker.status != u"unknown")
            return statusColor(worker.status);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == DiskFreeColumn || index.column() == CapacityColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant WorkerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case UrlColumn:
        return tr("URL");
    case HealthColumn:
        return tr("Health");
    case VersionColumn:
        return tr("Version");
    case CapacityColumn:
        return tr("Capacity");
    case DiskFreeColumn:
        return tr("Disk free");
    case LastSeenColumn:
        return tr("Last seen");
    case ColumnCount:
        break;
    }
    return {};
}

void WorkerListModel::reload()
{
    m_rows.load(readWorkers, [this](const Snapshot &snapshot) { onLoaded(snapshot); });
}

void WorkerListModel::onLoaded(const Snapshot &snapshot)
{
    const QString error = snapshot.error;
    if (!m_rows.finishLoad(
            snapshot, [this](const QString &id) { workerRemoved(id); },
            [this](const QString &id) { workerSaved(id); })) {
        Q_EMIT problem(tr("Could not load the workers: %1").arg(error));
        return;
    }
    Q_EMIT loaded();
}

QModelIndex WorkerListModel::indexOfWorker(const QString &workerId) const
{
    return m_rows.indexOf(workerId);
}

bool WorkerListModel::hasName(const QString &name) const
{
    for (const Worker &worker : m_rows) {
        if (worker.name == name)
            return true;
    }
    return false;
}

void WorkerListModel::updateWorker(const Worker &worker)
{
    m_rows.noteSaved(worker.id); // a load in flight may have read it before this change
    int row = m_rows.rowOf(worker.id);
    if (row < 0) {
        m_rows.insert(worker);
        return;
    }
    const QList<int> columns = differingColumns(m_rows.at(row), worker);
    if (columns.isEmpty())
        return;
    const bool renamed = m_rows.at(row).name != worker.name;
    m_rows[row] = worker;
    if (renamed)
        row = m_rows.reposition(row);
    m_rows.changed(row, columns.first(), columns.last());
}

void WorkerListModel::workerSaved(const QString &workerId)
{
    const QString error = m_rows.reread(
        workerId, WorkerRepository(m_catalogue).get(workerId), [this](const Worker &w) { updateWorker(w); },
        [this](const QString &id) { workerRemoved(id); });
    if (!error.isEmpty())
        Q_EMIT problem(tr("Could not read the worker %1: %2").arg(workerId, error));
}

void WorkerListModel::workerRemoved(const QString &workerId)
{
    m_rows.noteRemoved(workerId);
    m_rows.remove(workerId);
}

void WorkerListModel::refreshRelativeTimes()
{
    m_rows.columnChanged(LastSeenColumn, {Qt::DisplayRole});
}

} // namespace Kiln
