#include "registrylistmodel.h"

#include "catalogueloader.h"
#include "store/catalogue.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>

#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Runs on a pool thread, with that thread's catalogue connection.
RegistryListModel::Snapshot readSnapshot(const Catalogue &catalogue)
{
    RegistryListModel::Snapshot snapshot;
    auto registries = RegistryRepository(catalogue).list();
    if (!registries.ok()) {
        snapshot.error = registries.error().message;
        return snapshot;
    }
    snapshot.rows.reserve(registries.value().size());
    for (const Registry &registry : std::as_const(registries.value()))
        snapshot.rows.append({registry, storedHealth(registry)});
    return snapshot;
}

int healthRank(RegistryHealthStatus status)
{
    switch (status) {
    case RegistryHealthStatus::Healthy:
        return 0;
    case RegistryHealthStatus::AuthFailed:
        return 1;
    case RegistryHealthStatus::NotOci:
        return 2;
    case RegistryHealthStatus::Unreachable:
        return 3;
    case RegistryHealthStatus::Unknown:
        break;
    }
    return 4;
}

QColor healthColor(RegistryHealthStatus status)
{
    switch (status) {
    case RegistryHealthStatus::Healthy:
        return QColor(0x2e, 0x7d, 0x32);
    case RegistryHealthStatus::AuthFailed:
        return QColor(0xef, 0x6c, 0x00);
    case RegistryHealthStatus::Unreachable:
        return QColor(0xd3, 0x2f, 0x2f);
    case RegistryHealthStatus::NotOci:
        return QColor(0x8e, 0x24, 0xaa);
    case RegistryHealthStatus::Unknown:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

// A check mark in the palette-neutral green, drawn once per size and cached.
QIcon pushTargetIcon()
{
    QIcon icon;
    for (int size : {16, 32}) {
        const QString key = u"kiln-registry-push-%1"_s.arg(size);
        QPixmap pixmap;
        if (!QPixmapCache::find(key, &pixmap)) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter p(&pixmap);
            p.setRenderHint(QPainter::Antialiasing);
            const qreal s = size / 16.0;
            p.setPen(QPen(QColor(0x2e, 0x7d, 0x32), 2.2 * s, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.drawPolyline(
                QPolygonF{QPointF(3 * s, 8.5 * s), QPointF(6.5 * s, 12 * s), QPointF(13 * s, 4 * s)});
            p.end();
            QPixmapCache::insert(key, pixmap);
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

RegistryListModel::RegistryListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_loader(new CatalogueLoader(catalogue, this))
    , m_rows(
          this, [](const Row &row) { return row.registry.id; },
          [](const Row &row) { return row.registry.name; })
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    reload();
}

int RegistryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int RegistryListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RegistryListModel::healthText(const RegistryHealth &health)
{
    switch (health.status) {
    case RegistryHealthStatus::Healthy:
        if (health.latencyMs)
            return tr("Healthy \u00b7 %1 ms").arg(*health.latencyMs);
        return tr("Healthy");
    case RegistryHealthStatus::AuthFailed:
        return tr("Auth failed");
    case RegistryHealthStatus::Unreachable:
        return tr("Unreachable");
    case RegistryHealthStatus::NotOci:
        return tr("Not an OCI registry");
    case RegistryHealthStatus::Unknown:
        break;
    }
    return tr("Not checked");
}

QIcon RegistryListModel::healthIcon(RegistryHealthStatus status)
{
    QIcon icon;
    for (int size : {16, 32}) {
        const QString key = u"kiln-registry-health-%1-%2"_s.arg(int(status)).arg(size);
        QPixmap pixmap;
        if (!QPixmapCache::find(key, &pixmap)) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter p(&pixmap);
            p.setRenderHint(QPainter::Antialiasing);
            const qreal s = size / 16.0;
            const QColor colour = healthColor(status);
            p.setPen(QPen(colour.darker(130), 1.2 * s));
            p.setBrush(status == RegistryHealthStatus::Unknown ? QBrush(Qt::NoBrush) : QBrush(colour));
            p.drawEllipse(QRectF(3 * s, 3 * s, 10 * s, 10 * s));
            p.end();
            QPixmapCache::insert(key, pixmap);
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString RegistryListModel::relativeTime(qint64 atMs, qint64 nowMs)
{
    if (atMs <= 0)
        return tr("never");
    const qint64 seconds = qMax<qint64>(0, (nowMs - atMs) / 1000);
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%n min ago", nullptr, int(seconds / 60));
    if (seconds < 86400)
        return tr("%n h ago", nullptr, int(seconds / 3600));
    if (seconds < 7 * 86400)
        return tr("%n day(s) ago", nullptr, int(seconds / 86400));
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(atMs).date(), QLocale::ShortFormat);
}

QVariant RegistryListModel::displayData(const Row &row, int column) const
{
    const Registry &registry = row.registry;
    switch (Column(column)) {
    case NameColumn:
        return registry.name;
    case UrlColumn:
        return registry.publicUrl;
    case TagsColumn:
        return registry.tags.join(u", "_s);
    case HealthColumn:
        return healthText(row.health);
    case LastCheckedColumn:
        return relativeTime(row.health.checkedAt, m_now());
    case PushTargetColumn:
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RegistryListModel::toolTipData(const Row &row, int column) const
{
    const Registry &registry = row.registry;
    switch (Column(column)) {
    case NameColumn:
        return registry.imagePrefix.isEmpty()
                   ? registry.name
                   : tr("%1: images under %2").arg(registry.name, registry.imagePrefix);
    case UrlColumn:
        return registry.publicUrl;
    case TagsColumn:
        return registry.tags.isEmpty() ? tr("No tags") : registry.tags.join(u", "_s);
    case HealthColumn:
        return row.health.message.isEmpty() ? healthText(row.health) : row.health.message;
    case LastCheckedColumn:
        if (row.health.checkedAt <= 0)
            return tr("Not checked yet");
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.health.checkedAt), QLocale::LongFormat);
    case PushTargetColumn:
        return registry.pushTarget ? tr("Image Builder pushes built images here") : QVariant();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RegistryListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Registry &registry = row.registry;
    switch (role) {
    case RegistryIdRole:
        return registry.id;
    case NameRole:
        return registry.name;
    case PublicUrlRole:
        return registry.publicUrl;
    case ImagePrefixRole:
        return registry.imagePrefix;
    case TagsRole:
        return registry.tags;
    case HealthStatusRole:
        return int(row.health.status);
    case HealthLatencyRole:
        return row.health.latencyMs.value_or(-1);
    case HealthCheckedAtRole:
        return row.health.checkedAt;
    case HealthMessageRole:
        return row.health.message;
    case HealthRankRole:
        return healthRank(row.health.status);
    case PushTargetRole:
        return registry.pushTarget;
    case CredentialsSecretIdRole:
        return registry.credentialsSecretId;
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case Qt::DecorationRole:
        if (index.column() == HealthColumn)
            return healthIcon(row.health.status);
        if (index.column() == PushTargetColumn && registry.pushTarget)
            return pushTargetIcon();
        break;
    case Qt::AccessibleTextRole:
        if (index.column() == PushTargetColumn)
            return registry.pushTarget ? tr("Push target") : QString();
        break;
    default:
        break;
    }
    return {};
}

QVariant RegistryListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case UrlColumn:
        return tr("URL");
    case TagsColumn:
        return tr("Tags");
    case HealthColumn:
        return tr("Health");
    case LastCheckedColumn:
        return tr("Last checked");
    case PushTargetColumn:
        return tr("Push target");
    case ColumnCount:
        break;
    }
    return {};
}

void RegistryListModel::reload()
{
    m_healthWhileLoading.clear();
    m_rows.load(*m_loader, readSnapshot, [this](const Snapshot &snapshot) { onLoaded(snapshot); });
}

void RegistryListModel::onLoaded(const Snapshot &snapshot)
{
    if (!snapshot.error.isEmpty()) {
        m_rows.finishLoad();
        Q_EMIT problem(tr("Could not load the registries: %1").arg(snapshot.error));
        return;
    }
    m_rows.reset(snapshot.rows);

    // What changed while the catalogue was being read (idempotent when the read saw it).
    const QHash<QString, RegistryHealth> health = std::exchange(m_healthWhileLoading, {});
    m_rows.finishLoad([this](const QString &id) { registryRemoved(id); },
                      [this](const QString &id) { registrySaved(id); });
    for (auto it = health.cbegin(); it != health.cend(); ++it)
        applyHealth(it.key(), it.value());
    Q_EMIT loaded();
}

QModelIndex RegistryListModel::indexOfRegistry(const QString &registryId) const
{
    const int row = m_rows.rowOf(registryId);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QStringList RegistryListModel::knownTags() const
{
    QStringList tags;
    for (const Row &row : m_rows)
        tags += row.registry.tags;
    tags.removeDuplicates();
    tags.sort();
    return tags;
}

void RegistryListModel::registrySaved(const QString &registryId)
{
    m_rows.noteSaved(registryId);
    auto read = RegistryRepository(m_catalogue).get(registryId);
    if (!read.ok()) {
        if (read.error().code == StoreError::Code::NotFound)
            registryRemoved(registryId);
        else
            Q_EMIT problem(tr("Could not read the registry %1: %2").arg(registryId, read.error().message));
        return;
    }
    const Registry &registry = read.value();
    int row = m_rows.rowOf(registryId);
    if (row < 0) {
        m_rows.insert(Row{registry, storedHealth(registry)});
        return;
    }
    Row &current = m_rows[row];
    if (current.registry == registry)
        return;
    const bool renamed = current.registry.name != registry.name;
    current.registry = registry;
    current.health = storedHealth(registry);
    if (renamed)
        row = m_rows.reposition(row); // kilnctl may rename: the row moves to its place by name
    m_rows.changed(row);
}

void RegistryListModel::registryRemoved(const QString &registryId)
{
    m_rows.noteRemoved(registryId);
    if (m_rows.isLoading())
        m_healthWhileLoading.remove(registryId);
    m_rows.remove(registryId);
}

void RegistryListModel::applyHealth(const QString &registryId, const RegistryHealth &health)
{
    if (m_rows.isLoading())
        m_healthWhileLoading.insert(registryId, health);
    const int row = m_rows.rowOf(registryId);
    if (row < 0)
        return;
    Row &current = m_rows[row];
    if (current.health == health)
        return;
    if (current.health.checkedAt > health.checkedAt && health.checkedAt > 0)
        return; // an older result than the one shown
    current.health = health;
    current.registry.healthStatus = registryHealthName(health.status);
    current.registry.healthLatencyMs = health.latencyMs;
    current.registry.healthCheckedAt =
        health.checkedAt > 0 ? std::optional<qint64>(health.checkedAt) : std::nullopt;
    current.registry.healthMessage = health.message;
    m_rows.changed(row, HealthColumn, LastCheckedColumn);
}

void RegistryListModel::pushTargetChanged(const QString &registryId)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        Registry &registry = m_rows[row].registry;
        const bool target = !registryId.isEmpty() && registry.id == registryId;
        if (registry.pushTarget == target)
            continue;
        registry.pushTarget = target;
        m_rows.changed(row, PushTargetColumn, PushTargetColumn);
    }
}

void RegistryListModel::refreshRelativeTimes()
{
    m_rows.columnChanged(LastCheckedColumn, {Qt::DisplayRole});
}

} // namespace Kiln
