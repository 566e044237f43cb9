#pragma once

#include "bake/registryhealth.h"
#include "keyedrows.h"
#include "store/registryrepository.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>

#include <functional>
#include <optional>

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// The Registries list (product.md §4): one row per registry, ordered by name.
//
// Registries are few (tens), so reload() reads them all at once off the GUI
// thread (QtConcurrent, the pool thread's own catalogue connection) and the rows
// arrive with one reset. Everything after that changes exactly the rows and
// cells concerned: registrySaved() inserts or updates one row (read on the
// calling thread), registryRemoved() removes one, applyHealth() changes only the
// Health and Last checked cells of one row, pushTargetChanged() only the Push
// target cells whose flag flipped.
class RegistryListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        UrlColumn,
        TagsColumn,
        HealthColumn,
        LastCheckedColumn,
        PushTargetColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        RegistryIdRole = Qt::UserRole + 1,
        NameRole,                // QString
        PublicUrlRole,           // QString
        ImagePrefixRole,         // QString
        TagsRole,                // QStringList, sorted
        HealthStatusRole,        // int(RegistryHealthStatus)
        HealthLatencyRole,       // qint64 ms, -1 without an answer
        HealthCheckedAtRole,     // qint64 ms since the epoch, 0 when never checked
        HealthMessageRole,       // QString
        HealthRankRole,          // int: healthy first, never checked last (for sorting)
        PushTargetRole,          // bool
        CredentialsSecretIdRole, // QString, empty: anonymous
    };
    Q_ENUM(Role)

    // Reads the catalogue at once (reload()). Destroying the model waits for a
    // read still in flight (the catalogue must outlive it).
    explicit RegistryListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads everything again off the GUI thread; one reset when it arrives (loaded()).
    void reload();
    bool isLoading() const { return m_rows.isLoading(); }

    QModelIndex indexOfRegistry(const QString &registryId) const;
    Registry registry(int row) const { return m_rows.at(row).registry; }
    RegistryHealth health(int row) const { return m_rows.at(row).health; }
    // Every tag of every registry, sorted, without duplicates (the tag filter's choices).
    QStringList knownTags() const;

    // Re-reads one registry: dataChanged for its row, or inserted at its place by
    // name; removed when it no longer exists.
    void registrySaved(const QString &registryId);
    void registryRemoved(const QString &registryId);
    // A health result (RegistryHealthMonitor::healthChanged, or a check run here):
    // dataChanged for that row's Health and Last checked cells only, nothing when
    // nothing changed.
    void applyHealth(const QString &registryId, const RegistryHealth &health);
    // The push target is now `registryId` (empty: none): dataChanged for the Push
    // target cell of each row whose flag changed.
    void pushTargetChanged(const QString &registryId);
    // "Last checked" is relative ("3 min ago"): dataChanged for that column of
    // every row (the page calls it once a minute).
    void refreshRelativeTimes();

    // The clock for "Last checked" (ms since the epoch); default: the system clock.
    void setClock(std::function<qint64()> now) { m_now = std::move(now); }

    // "Healthy · 12 ms", "Auth failed", "Unreachable", "Not an OCI registry", "Not checked".
    static QString healthText(const RegistryHealth &health);
    // A filled circle in the status colour (a hollow one when never checked). Needs a QGuiApplication.
    static QIcon healthIcon(RegistryHealthStatus status);
    // "just now", "5 min ago", "3 h ago", "2 days ago", "never" (0).
    static QString relativeTime(qint64 atMs, qint64 nowMs);

Q_SIGNALS:
    // A reload arrived (after the reset).
    void loaded();
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

public:
    struct Row
    {
        Registry registry;
        RegistryHealth health;
    };
    struct Snapshot
    {
        QList<Row> rows;
        QString error;
    };

private:
    template <typename, typename>
    friend class KeyedRows;

    void onLoaded(const Snapshot &snapshot);
    QVariant displayData(const Row &row, int column) const;
    QVariant toolTipData(const Row &row, int column) const;

    const Catalogue &m_catalogue;
    CatalogueLoader *m_loader = nullptr;
    KeyedRows<RegistryListModel, Row> m_rows;
    std::function<qint64()> m_now;
    // Health results seen while a reload is in flight, applied again to its rows.
    QHash<QString, RegistryHealth> m_healthWhileLoading;
};

} // namespace Kiln
