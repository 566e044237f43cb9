#pragma once

#include "domain/bakeimage.h"
#include "keyedrows.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QIcon>

#include <functional>

namespace Kiln {

class Catalogue;

// Where a running bake is (BakeService::bakeProgress): phase `index` of `count`
// (1-based), what it does, and the bytes of it done of `total` (0: not known).
struct BakeProgress
{
    int index = 0;
    int count = 0;
    QString text;
    qint64 done = 0;
    qint64 total = 0;

    friend bool operator==(const BakeProgress &, const BakeProgress &) = default;
};

// The Baked Images list (Image Management, bake side): one row per bake image,
// ordered by name.
//
// Bake images are few (tens to hundreds), so reload() reads them all at once off
// the GUI thread and the rows arrive with one reset. Everything after that
// changes exactly the rows and cells concerned: imageSaved() re-reads one image
// (inserted at its place by name, or the cells that differ), applyImage() takes an
// image as BakeService::bakeChanged emits it (dataChanged for the cells that
// differ, nothing when nothing does), applyProgress() only the State cell,
// imageRemoved() removes one row.
class BakeImageListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        SourceColumn,
        SizeCapColumn,
        StateColumn,
        ScanColumn,
        ContentColumn,
        UpdatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        ImageIdRole = Qt::UserRole + 1,
        NameRole,          // QString
        DisplayNameRole,   // QString (the name when none was given)
        SourceTextRole,    // QString, "oci:REF" / "rootfs-tar:PATH"
        SourceKindRole,    // int(BakeSourceKind)
        SizeMibRole,       // qint64
        StateRole,         // int(BakeState)
        StateRankRole,     // int: baking first, then queued, failed, cancelled, registered, baked
        PhaseRole,         // QString, the stored phase text; empty when idle
        ErrorRole,         // QString
        ScanStatusRole,    // int(ScanStatus)
        ScanRankRole,      // int: failed first, then pending, skipped, passed
        ContentSizeRole,   // qint64 bytes, -1 without content
        ContentSha256Role, // QString, empty without content
        UpdatedAtRole,     // qint64 ms since the epoch
        DeactivatedRole,   // bool
        HasProgressRole,   // bool: a bake progress is known for the row
        ProgressIndexRole, // int, 1-based phase
        ProgressCountRole, // int
        ProgressDoneRole,  // qint64 bytes
        ProgressTotalRole, // qint64 bytes, 0 when not known
    };
    Q_ENUM(Role)

    // Reads the catalogue at once (reload()). Destroying the model waits for a
    // read still in flight (the catalogue must outlive it).
    explicit BakeImageListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads everything again off the GUI thread; one reset when it arrives (loaded()).
    void reload();
    bool isLoading() const { return m_rows.isLoading(); }

    QModelIndex indexOfImage(const QString &imageId) const;
    BakeImage image(int row) const { return m_rows.at(row).image; }
    // The last progress of the row's running bake (index 0 when none).
    BakeProgress progress(int row) const { return m_rows.at(row).progress; }

    // Re-reads one image (on the calling thread): inserted at its place by name,
    // or dataChanged for its cells that differ; removed when it no longer exists.
    void imageSaved(const QString &imageId);
    // An image as stored (BakeService::bakeChanged, or a repository call's result):
    // inserted when new, else dataChanged for the cells that differ (one signal
    // spanning them), nothing when nothing differs or when it is older (updatedAt)
    // than the row. A bake that is no longer running drops its progress.
    void applyImage(const BakeImage &image);
    void imageRemoved(const QString &imageId);
    // BakeService::bakeProgress: dataChanged for the row's State cell only.
    void applyProgress(const QString &imageId, const BakeProgress &progress);

    // "Registered", "Queued", "Baking · 2/5 unpacking layers", "Baked", "Failed", "Cancelled".
    static QString stateText(const BakeImage &image, const BakeProgress &progress = {});
    static QString scanText(ScanStatus status);
    // The colour of a scan status (green, red, amber, grey), readable on light and dark.
    static QColor scanColor(ScanStatus status);
    static QIcon scanIcon(ScanStatus status);
    // "OCI · docker.io/library/debian:12", "rootfs tar · /srv/rootfs.tar".
    static QString sourceText(const BakeSource &source);
    static QString sourceKindLabel(BakeSourceKind kind);
    // "1.2 GiB · 3f2a9c1b7d0e" (size and the first 12 hex digits of the sha256); "—" without content.
    static QString contentText(const std::optional<BakeContent> &content);
    // "512 MiB", "2 GiB", "1.5 GiB", "16 TiB".
    static QString mibText(qint64 mib);

Q_SIGNALS:
    // A reload arrived (after the reset).
    void loaded();
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

public:
    struct Row
    {
        BakeImage image;
        BakeProgress progress;
    };
    using Snapshot = KeyedSnapshot<Row>;

private:
    template <typename, typename>
    friend class KeyedRows;

    void onLoaded(const Snapshot &snapshot);
    QVariant displayData(const Row &row, int column) const;
    QVariant toolTipData(const Row &row, int column) const;
    // Replaces the row's image and emits one dataChanged over the columns that differ.
    void replace(int row, const BakeImage &image);

    const Catalogue &m_catalogue;
    KeyedRows<BakeImageListModel, Row> m_rows;
};

} // namespace Kiln
