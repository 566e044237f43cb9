#include "workercachedimagesmodel.h"

#include <QColor>
#include <QLocale>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

QString nameOf(const CachedImage &image)
{
    return image.name;
}

QList<int> differingColumns(const CachedImage &a, const CachedImage &b)
{
    using M = WorkerCachedImagesModel;
    QList<int> columns;
    if (a.status != b.status)
        columns.append(M::StatusColumn);
    if (a.updatedAt != b.updatedAt)
        columns.append(M::UpdatedColumn);
    if (a.content != b.content) {
        columns.append(M::SizeColumn);
        columns.append(M::Sha256Column);
    }
    if (a.error != b.error || a.digest != b.digest)
        columns.append(M::ErrorColumn);
    if (columns.isEmpty())
        return {};
    return {columns.first(), columns.last()};
}

} // namespace

WorkerCachedImagesModel::WorkerCachedImagesModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_rows(this, nameOf, nameOf)
{}

int WorkerCachedImagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int WorkerCachedImagesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WorkerCachedImagesModel::statusText(CachedImageStatus status)
{
    switch (status) {
    case CachedImageStatus::Pending:
        return tr("Pending");
    case CachedImageStatus::Building:
        return tr("Building");
    case CachedImageStatus::Ready:
        return tr("Ready");
    case CachedImageStatus::Failed:
        return tr("Failed");
    case CachedImageStatus::Evicted:
        return tr("Evicted");
    }
    return {};
}

QVariant WorkerCachedImagesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CachedImage &image = m_rows.at(index.row());
    switch (role) {
    case NameRole:
        return image.name;
    case StatusRole:
        return int(image.status);
    case StatusNameRole:
        return cachedImageStatusName(image.status);
    case ErrorRole:
        return image.error;
    case UpdatedAtRole:
        return image.updatedAt.isValid() ? image.updatedAt.toMSecsSinceEpoch() : qint64(0);
    case SizeRole:
        return image.content ? image.content->size : qint64(-1);
    case Sha256Role:
        return image.content ? image.content->sha256 : QString();
    case DigestRole:
        return image.digest;
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return image.name;
        case StatusColumn:
            return statusText(image.status);
        case UpdatedColumn:
            return image.updatedAt.isValid()
                       ? QLocale().toString(image.updatedAt.toLocalTime(), QLocale::ShortFormat)
                       : QString();
        case SizeColumn:
            return image.content
                       ? QLocale().formattedDataSize(image.content->size, 1, QLocale::DataSizeIecFormat)
                       : tr("\u2014");
        case Sha256Column:
            return image.content ? image.content->sha256.left(12) : tr("\u2014");
        case ErrorColumn:
            return image.error;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case StatusColumn:
        case ErrorColumn:
            return image.error.isEmpty() ? statusText(image.status) : image.error;
        case Sha256Column:
            return image.content ? tr("sha256 %1").arg(image.content->sha256) : tr("No content yet");
        case SizeColumn:
            return image.content ? tr("%1 bytes").arg(QLocale().toString(image.content->size)) : QString();
        case UpdatedColumn:
            return image.updatedAt.isValid()
                       ? QLocale().toString(image.updatedAt.toLocalTime(), QLocale::LongFormat)
                       : QString();
        case NameColumn:
            return image.digest.isEmpty() ? image.name : tr("%1 (%2)").arg(image.name, image.digest);
        case ColumnCount:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn || index.column() == ErrorColumn) {
            if (image.status == CachedImageStatus::Failed)
                return QColor(0xd3, 0x2f, 0x2f);
            if (image.status == CachedImageStatus::Ready)
                return QColor(0x2e, 0x7d, 0x32);
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant WorkerCachedImagesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Image");
    case StatusColumn:
        return tr("Status");
    case UpdatedColumn:
        return tr("Updated");
    case SizeColumn:
        return tr("Size");
    case Sha256Column:
        return tr("SHA-256");
    case ErrorColumn:
        return tr("Error");
    case ColumnCount:
        break;
    }
    return {};
}

void WorkerCachedImagesModel::setImages(const QList<CachedImage> &images)
{
    QSet<QString> names;
    for (const CachedImage &image : images)
        names.insert(image.name);
    QStringList gone;
    for (const CachedImage &image : m_rows) {
        if (!names.contains(image.name))
            gone.append(image.name);
    }
    for (const QString &name : std::as_const(gone))
        m_rows.remove(name);
    for (const CachedImage &image : images) {
        const int row = m_rows.rowOf(image.name);
        if (row < 0) {
            m_rows.insert(image);
            continue;
        }
        const QList<int> columns = differingColumns(m_rows.at(row), image);
        if (columns.isEmpty())
            continue;
        m_rows[row] = image;
        m_rows.changed(row, columns.first(), columns.last());
    }
}

void WorkerCachedImagesModel::clear()
{
    if (!m_rows.isEmpty())
        m_rows.reset({});
}

} // namespace Kiln
