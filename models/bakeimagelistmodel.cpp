#include "bakeimagelistmodel.h"

#include "store/bakeimagerepository.h"
#include "store/catalogue.h"

#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>

#include <algorithm>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Runs on a pool thread, with that thread's catalogue connection.
BakeImageListModel::Snapshot readSnapshot(const Catalogue &catalogue)
{
    return snapshotOf<BakeImageListModel::Row>(BakeImageRepository(catalogue).list(),
                                               [](const BakeImage &image) {
                                                   return BakeImageListModel::Row{image, {}};
                                               });
}

QString imageIdOf(const BakeImageListModel::Row &row)
{
    return row.image.id;
}

QString imageNameOf(const BakeImageListModel::Row &row)
{
    return row.image.name;
}

// Where `value` stands in `order` (first: 0); past the end when it is not there.
template <typename T, std::size_t N>
int rankIn(const std::array<T, N> &order, T value)
{
    return int(std::find(order.cbegin(), order.cend(), value) - order.cbegin());
}

int stateRank(BakeState state)
{
    static constexpr std::array order{BakeState::Baking,    BakeState::Queued,     BakeState::Failed,
                                      BakeState::Cancelled, BakeState::Registered, BakeState::Baked};
    return rankIn(order, state);
}

int scanRank(ScanStatus status)
{
    static constexpr std::array order{ScanStatus::Failed, ScanStatus::Pending, ScanStatus::Skipped,
                                      ScanStatus::Passed};
    return rankIn(order, status);
}

// The columns whose text, tooltip or colour differ between two versions of an image.
QList<int> differingColumns(const BakeImage &a, const BakeImage &b)
{
    using M = BakeImageListModel;
    if (a.deactivated != b.deactivated) // greys (or ungreys) the whole row
        return {M::NameColumn, M::UpdatedColumn};
    QList<int> columns;
    if (a.name != b.name || a.displayName != b.displayName || a.description != b.description ||
        a.pullSecretId != b.pullSecretId || a.managedImageId != b.managedImageId ||
        a.defaultCpuMillicores != b.defaultCpuMillicores || a.defaultMemoryMb != b.defaultMemoryMb ||
        a.defaultDiskMb != b.defaultDiskMb || a.scope != b.scope || a.lazyPull != b.lazyPull ||
        a.preinstalled != b.preinstalled || a.runner != b.runner || a.createdAt != b.createdAt)
        columns.append(M::NameColumn); // shown in the detail pane, read through the row's first cell
    if (a.source != b.source)
        columns.append(M::SourceColumn);
    if (a.sizeMib != b.sizeMib)
        columns.append(M::SizeCapColumn);
    if (a.state != b.state || a.phase != b.phase || a.error != b.error ||
        a.cancelRequested != b.cancelRequested)
        columns.append(M::StateColumn);
    if (a.scanStatus != b.scanStatus || a.scanReason != b.scanReason ||
        a.scanFindingsJson != b.scanFindingsJson || a.scannedAt != b.scannedAt)
        columns.append(M::ScanColumn);
    if (a.content != b.content)
        columns.append(M::ContentColumn);
    if (a.updatedAt != b.updatedAt)
        columns.append(M::UpdatedColumn);
    if (columns.isEmpty())
        return {};
    return {columns.first(), columns.last()};
}

} // namespace

BakeImageListModel::BakeImageListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_rows(this, catalogue, imageIdOf, imageNameOf)
{
    reload();
}

int BakeImageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int BakeImageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString BakeImageListModel::stateText(const BakeImage &image, const BakeProgress &progress)
{
    switch (image.state) {
    case BakeState::Registered:
        return tr("Registered");
    case BakeState::Queued:
        return image.cancelRequested ? tr("Queued (cancelling)") : tr("Queued");
    case BakeState::Baking: {
        if (image.cancelRequested)
            return tr("Baking (cancelling)");
        if (progress.index > 0 && progress.count > 0) {
            return progress.text.isEmpty() ? tr("Baking \u00b7 %1/%2").arg(progress.index).arg(progress.count)
                                           : tr("Baking \u00b7 %1/%2 %3")
                                                 .arg(progress.index)
                                                 .arg(progress.count)
                                                 .arg(progress.text);
        }
        return image.phase.isEmpty() ? tr("Baking") : tr("Baking \u00b7 %1").arg(image.phase);
    }
    case BakeState::Baked:
        return tr("Baked");
    case BakeState::Failed:
        return tr("Failed");
    case BakeState::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QString BakeImageListModel::scanText(ScanStatus status)
{
    switch (status) {
    case ScanStatus::Pending:
        return tr("Pending");
    case ScanStatus::Passed:
        return tr("Passed");
    case ScanStatus::Failed:
        return tr("Failed");
    case ScanStatus::Skipped:
        return tr("Skipped");
    }
    return {};
}

QColor BakeImageListModel::scanColor(ScanStatus status)
{
    switch (status) {
    case ScanStatus::Passed:
        return QColor(0x2e, 0x7d, 0x32);
    case ScanStatus::Failed:
        return QColor(0xd3, 0x2f, 0x2f);
    case ScanStatus::Skipped:
        return QColor(0xb2, 0x6a, 0x00);
    case ScanStatus::Pending:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

QIcon BakeImageListModel::scanIcon(ScanStatus status)
{
    QIcon icon;
    for (int size : {16, 32}) {
        const QString key = u"kiln-bake-scan-%1-%2"_s.arg(int(status)).arg(size);
        QPixmap pixmap;
        if (!QPixmapCache::find(key, &pixmap)) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter p(&pixmap);
            p.setRenderHint(QPainter::Antialiasing);
            const qreal s = size / 16.0;
            const QColor colour = scanColor(status);
            p.setPen(QPen(colour.darker(130), 1.2 * s));
            p.setBrush(status == ScanStatus::Pending ? QBrush(Qt::NoBrush) : QBrush(colour));
            p.drawEllipse(QRectF(3 * s, 3 * s, 10 * s, 10 * s));
            p.end();
            QPixmapCache::insert(key, pixmap);
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString BakeImageListModel::sourceKindLabel(BakeSourceKind kind)
{
    switch (kind) {
    case BakeSourceKind::Oci:
        return tr("OCI");
    case BakeSourceKind::DockerArchive:
        return tr("docker archive");
    case BakeSourceKind::OciArchive:
        return tr("OCI archive");
    case BakeSourceKind::RootfsTar:
        return tr("rootfs tar");
    }
    return {};
}

QString BakeImageListModel::sourceText(const BakeSource &source)
{
    return tr("%1 \u00b7 %2").arg(sourceKindLabel(source.kind), source.ref);
}

QString BakeImageListModel::mibText(qint64 mib)
{
    // Whole units stay whole ("2 GiB"), others get one decimal ("1.5 GiB").
    const QLocale locale;
    auto scaled = [&locale](qint64 value, qint64 unit, const QString &suffix) {
        if (value % unit == 0)
            return tr("%1 %2").arg(locale.toString(value / unit), suffix);
        return tr("%1 %2").arg(locale.toString(double(value) / double(unit), 'f', 1), suffix);
    };
    constexpr qint64 kGib = 1024;
    constexpr qint64 kTib = 1024 * 1024;
    if (mib >= kTib)
        return scaled(mib, kTib, tr("TiB"));
    if (mib >= kGib)
        return scaled(mib, kGib, tr("GiB"));
    return tr("%1 MiB").arg(locale.toString(mib));
}

QString BakeImageListModel::contentText(const std::optional<BakeContent> &content)
{
    if (!content)
        return tr("\u2014");
    const QString size = QLocale().formattedDataSize(content->size, 1, QLocale::DataSizeIecFormat);
    if (content->sha256.isEmpty())
        return size;
    return tr("%1 \u00b7 %2").arg(size, content->sha256.left(12));
}

QVariant BakeImageListModel::displayData(const Row &row, int column) const
{
    const BakeImage &image = row.image;
    switch (Column(column)) {
    case NameColumn:
        return image.name;
    case SourceColumn:
        return sourceText(image.source);
    case SizeCapColumn:
        return mibText(image.sizeMib);
    case StateColumn:
        return stateText(image, row.progress);
    case ScanColumn:
        return scanText(image.scanStatus);
    case ContentColumn:
        return contentText(image.content);
    case UpdatedColumn:
        return image.updatedAt > 0
                   ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(image.updatedAt), QLocale::ShortFormat)
                   : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant BakeImageListModel::toolTipData(const Row &row, int column) const
{
    const BakeImage &image = row.image;
    switch (Column(column)) {
    case NameColumn: {
        QString tip = image.displayName == image.name || image.displayName.isEmpty()
                          ? image.name
                          : tr("%1 (%2)").arg(image.displayName, image.name);
        if (image.deactivated)
            tip += u'\n' + tr("Deactivated: nothing new starts from it.");
        return tip;
    }
    case SourceColumn:
        return image.source.text();
    case SizeCapColumn:
        return tr("The ext4 file may be at most %1").arg(mibText(image.sizeMib));
    case StateColumn:
        return image.error.isEmpty() ? stateText(image, row.progress) : image.error;
    case ScanColumn:
        return image.scanReason.isEmpty() ? scanText(image.scanStatus) : image.scanReason;
    case ContentColumn:
        return image.content ? tr("sha256 %1").arg(image.content->sha256) : tr("No content yet");
    case UpdatedColumn:
        if (image.updatedAt <= 0)
            return {};
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(image.updatedAt), QLocale::LongFormat);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant BakeImageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const BakeImage &image = row.image;
    switch (role) {
    case ImageIdRole:
        return image.id;
    case NameRole:
        return image.name;
    case DisplayNameRole:
        return image.displayName.isEmpty() ? image.name : image.displayName;
    case SourceTextRole:
        return image.source.text();
    case SourceKindRole:
        return int(image.source.kind);
    case SizeMibRole:
        return image.sizeMib;
    case StateRole:
        return int(image.state);
    case StateRankRole:
        return stateRank(image.state);
    case PhaseRole:
        return image.phase;
    case ErrorRole:
        return image.error;
    case ScanStatusRole:
        return int(image.scanStatus);
    case ScanRankRole:
        return scanRank(image.scanStatus);
    case ContentSizeRole:
        return image.content ? image.content->size : qint64(-1);
    case ContentSha256Role:
        return image.content ? image.content->sha256 : QString();
    case UpdatedAtRole:
        return image.updatedAt;
    case DeactivatedRole:
        return image.deactivated;
    case HasProgressRole:
        return row.progress.index > 0;
    case ProgressIndexRole:
        return row.progress.index;
    case ProgressCountRole:
        return row.progress.count;
    case ProgressDoneRole:
        return row.progress.done;
    case ProgressTotalRole:
        return row.progress.total;
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case Qt::DecorationRole:
        if (index.column() == ScanColumn)
            return scanIcon(image.scanStatus);
        break;
    case Qt::ForegroundRole:
        if (image.deactivated)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        if (index.column() == ScanColumn)
            return scanColor(image.scanStatus);
        if (index.column() == StateColumn && image.state == BakeState::Failed)
            return QColor(0xd3, 0x2f, 0x2f);
        break;
    case Qt::FontRole:
        if (image.deactivated) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case Qt::AccessibleTextRole:
        if (index.column() == NameColumn && image.deactivated)
            return tr("%1, deactivated").arg(image.name);
        break;
    default:
        break;
    }
    return {};
}

QVariant BakeImageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case SourceColumn:
        return tr("Source");
    case SizeCapColumn:
        return tr("Size cap");
    case StateColumn:
        return tr("State");
    case ScanColumn:
        return tr("Scan");
    case ContentColumn:
        return tr("Content");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

void BakeImageListModel::reload()
{
    m_rows.load(readSnapshot, [this](const Snapshot &snapshot) { onLoaded(snapshot); });
}

void BakeImageListModel::onLoaded(const Snapshot &snapshot)
{
    Snapshot arrived = snapshot;
    // Progress of bakes still running survives the reload.
    for (Row &row : arrived.rows) {
        const int old = m_rows.rowOf(row.image.id);
        if (old >= 0 && row.image.state == BakeState::Baking)
            row.progress = m_rows.at(old).progress;
    }
    const QString error = arrived.error;
    if (!m_rows.finishLoad(
            std::move(arrived), [this](const QString &id) { imageRemoved(id); },
            [this](const QString &id) { imageSaved(id); })) {
        Q_EMIT problem(tr("Could not load the bake images: %1").arg(error));
        return;
    }
    Q_EMIT loaded();
}

QModelIndex BakeImageListModel::indexOfImage(const QString &imageId) const
{
    return m_rows.indexOf(imageId);
}

void BakeImageListModel::imageSaved(const QString &imageId)
{
    const QString error = m_rows.reread(
        imageId, BakeImageRepository(m_catalogue).get(imageId),
        [this](const BakeImage &image) { applyImage(image); },
        [this](const QString &id) { imageRemoved(id); });
    if (!error.isEmpty())
        Q_EMIT problem(tr("Could not read the bake image %1: %2").arg(imageId, error));
}

void BakeImageListModel::applyImage(const BakeImage &image)
{
    m_rows.noteSaved(image.id); // a load in flight may have read it before this change
    const int row = m_rows.rowOf(image.id);
    if (row < 0) {
        m_rows.insert(Row{image, {}});
        return;
    }
    replace(row, image);
}

void BakeImageListModel::replace(int row, const BakeImage &image)
{
    Row &current = m_rows[row];
    if (image.updatedAt < current.image.updatedAt)
        return; // an older version than the one shown (a late result)
    QList<int> columns = differingColumns(current.image, image);
    const bool progressGone = image.state != BakeState::Baking && current.progress.index > 0;
    if (columns.isEmpty() && !progressGone)
        return;
    if (progressGone) {
        current.progress = {};
        columns = columns.isEmpty() ? QList<int>{StateColumn, StateColumn}
                                    : QList<int>{qMin(int(columns.first()), int(StateColumn)),
                                                 qMax(int(columns.last()), int(StateColumn))};
    }
    const bool renamed = current.image.name != image.name;
    current.image = image;
    if (renamed)
        row = m_rows.reposition(row);
    m_rows.changed(row, columns.first(), columns.last());
}

void BakeImageListModel::imageRemoved(const QString &imageId)
{
    m_rows.noteRemoved(imageId);
    m_rows.remove(imageId);
}

void BakeImageListModel::applyProgress(const QString &imageId, const BakeProgress &progress)
{
    const int row = m_rows.rowOf(imageId);
    if (row < 0)
        return;
    Row &current = m_rows[row];
    if (current.progress == progress)
        return;
    const bool textChanged = current.progress.index != progress.index ||
                             current.progress.count != progress.count ||
                             current.progress.text != progress.text;
    current.progress = progress;
    // Bytes change the detail pane's bar; the State cell shows the phase only.
    m_rows.changed(row, StateColumn, StateColumn,
                   textChanged ? QList<int>{} : QList<int>{ProgressDoneRole, ProgressTotalRole});
}

} // namespace Kiln
