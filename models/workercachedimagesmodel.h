#pragma once

#include "keyedrows.h"
#include "remote/workerapi.h"

#include <QAbstractTableModel>

namespace Kiln {

// The images in one worker's cache (GET /api/v1/images), ordered by name: status,
// error text, updated time and content checksum and size.
//
// setImages() takes the worker's latest answer and changes exactly what differs:
// rows gone are removed, new ones inserted at their place, changed ones get one
// dataChanged over the cells that differ. clear() (another worker) is one reset.
class WorkerCachedImagesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        UpdatedColumn,
        SizeColumn,
        Sha256Column,
        ErrorColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        NameRole = Qt::UserRole + 1, // QString
        StatusRole,                  // int(CachedImageStatus)
        StatusNameRole,              // QString, "pending", "ready", ...
        ErrorRole,                   // QString
        UpdatedAtRole,               // qint64 ms since the epoch, 0 when not known
        SizeRole,                    // qint64 bytes, -1 without content
        Sha256Role,                  // QString, empty without content
        DigestRole,                  // QString, the digest the warm asked for
    };
    Q_ENUM(Role)

    explicit WorkerCachedImagesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setImages(const QList<CachedImage> &images);
    void clear();
    CachedImage image(int row) const { return m_rows.at(row); }
    QModelIndex indexOfImage(const QString &name) const { return m_rows.indexOf(name); }

    // "Pending", "Building", "Ready", "Failed", "Evicted".
    static QString statusText(CachedImageStatus status);

private:
    template <typename, typename>
    friend class KeyedRows;

    KeyedRows<WorkerCachedImagesModel, CachedImage> m_rows;
};

} // namespace Kiln
