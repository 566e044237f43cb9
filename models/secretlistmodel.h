#pragma once

#include "keyedrows.h"
#include "store/secretrepository.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// The secrets of the Secrets page: one row per secret, ordered by name, with what
// uses it (registries, specs, images, workers). Never a value: only the metadata
// of the catalogue's `secrets` rows.
//
// reload() reads the secrets and their usage off the GUI thread; the rows arrive
// with one reset. data() never queries. secretSaved() and secretRemoved() change
// exactly their row; usageChanged() re-reads the usage (off the GUI thread) and
// changes only the Used-by cells that differ.
class SecretListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        KindColumn,
        UsernameColumn,
        UsedByColumn,
        ChangedColumn, // rotated, else created
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        SecretIdRole = Qt::UserRole + 1,
        NameRole,      // QString
        KindRole,      // QString: secretKindName()
        UsernameRole,  // QString, empty for none
        UsedByRole,    // QStringList: "registry harbor", "spec cuda", ... by kind, then name
        UseCountRole,  // int
        CreatedAtRole, // qint64, ms since the epoch
        RotatedAtRole, // qint64, or an invalid QVariant when never rotated
        ChangedAtRole, // qint64: rotated, else created
        SortRole,      // the raw value a column sorts by
    };
    Q_ENUM(Role)

    // Reads the catalogue at once (reload()). Destroying the model waits for a
    // read still in flight (the catalogue must outlive it).
    explicit SecretListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    // "Registry credential", "Pull secret", "Worker token".
    static QString kindLabel(SecretKind kind);
    // "registry harbor", "spec cuda", ...: who uses a secret, for a person.
    static QStringList usageLabels(const SecretRepository::Usage &usage);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void reload();
    // Registries, specs, images or workers changed: re-reads the Used-by column.
    void usageChanged();
    // A reload or usage read is in flight (a stale one too).
    bool isLoading() const;

    QModelIndex indexOfSecret(const QString &secretId) const;
    Secret secret(int row) const { return m_rows.at(row).secret; }
    SecretRepository::Usage usage(int row) const { return m_rows.at(row).usage; }

    // Re-reads one secret (and its usage): dataChanged for its row, or inserted at
    // its place by name; removed when it no longer exists.
    void secretSaved(const QString &secretId);
    // The secret was deleted: its row goes.
    void secretRemoved(const QString &secretId);

Q_SIGNALS:
    // A reload or a usage read arrived.
    void loaded();
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

public:
    struct Row
    {
        Secret secret;
        SecretRepository::Usage usage;
    };
    struct Snapshot
    {
        QList<Secret> secrets;
        QHash<QString, SecretRepository::Usage> usage; // by secret id
        QString error;
    };

private:
    template <typename, typename>
    friend class KeyedRows;

    void onRead(const Snapshot &snapshot, bool usageOnly);
    void onReset(const Snapshot &snapshot);
    void onUsage(const Snapshot &snapshot);

    const Catalogue &m_catalogue;
    CatalogueLoader *m_loader = nullptr;
    KeyedRows<SecretListModel, Row> m_rows;
};

} // namespace Kiln
