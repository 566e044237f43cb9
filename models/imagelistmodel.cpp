#include "imagelistmodel.h"

#include "catalogueloader.h"
#include "jobstatusdisplay.h"
#include "store/catalogue.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>

#include <algorithm>
#include <climits>
#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

bool isActive(std::optional<JobStatus> status)
{
    return status && (*status == JobStatus::Queued || *status == JobStatus::Running);
}

bool isFailure(std::optional<JobStatus> status)
{
    return status && (*status == JobStatus::Failed || *status == JobStatus::Interrupted);
}

void setJob(ImageListModel::Row &row, const BuildJob &job)
{
    row.jobStatus = job.status;
    row.jobId = job.id;
    row.jobCreatedAt = job.createdAt;
    row.jobError = job.errorText;
}

void clearJob(ImageListModel::Row &row)
{
    row.jobStatus.reset();
    row.jobId.clear();
    row.jobCreatedAt = 0;
    row.jobError.clear();
}

// Runs on a pool thread, with that thread's catalogue connection.
ImageListModel::Snapshot readSnapshot(const Catalogue &catalogue)
{
    ImageListModel::Snapshot snapshot;
    auto images = ImageRepository(catalogue).list();
    if (!images.ok()) {
        snapshot.error = images.error().message;
        return snapshot;
    }
    auto groups = GroupRepository(catalogue).list();
    if (!groups.ok()) {
        snapshot.error = groups.error().message;
        return snapshot;
    }
    snapshot.groups = groups.value();
    QStringList specIds;
    for (const ManagedImage &image : std::as_const(images.value())) {
        if (!image.specId.isEmpty())
            specIds.append(image.specId);
    }
    QHash<QString, BuildJob> latest;
    if (!specIds.isEmpty()) {
        auto jobs = JobRepository(catalogue).latestPerSpec(specIds);
        if (!jobs.ok()) {
            snapshot.error = jobs.error().message;
            return snapshot;
        }
        latest = jobs.value();
    }
    snapshot.rows.reserve(images.value().size());
    for (const ManagedImage &image : std::as_const(images.value())) {
        ImageListModel::Row row;
        row.image = image;
        const auto job = latest.constFind(image.specId);
        if (!image.specId.isEmpty() && job != latest.cend())
            setJob(row, *job);
        snapshot.rows.append(row);
    }
    return snapshot;
}

// A small blue circle with a white "i", drawn once per size and cached.
QIcon infoIcon()
{
    QIcon icon;
    for (int size : {16, 32}) {
        const QString key = u"kiln-image-info-%1"_s.arg(size);
        QPixmap pixmap;
        if (!QPixmapCache::find(key, &pixmap)) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter p(&pixmap);
            p.setRenderHint(QPainter::Antialiasing);
            const qreal s = size / 16.0;
            const QColor colour(0x1e, 0x88, 0xe5);
            p.setPen(QPen(colour.darker(140), 1 * s));
            p.setBrush(colour);
            p.drawEllipse(QRectF(1.5 * s, 1.5 * s, 13 * s, 13 * s));
            p.setPen(QPen(Qt::white, 1.8 * s, Qt::SolidLine, Qt::RoundCap));
            p.drawPoint(QPointF(8 * s, 4.9 * s));
            p.drawLine(QPointF(8 * s, 7.4 * s), QPointF(8 * s, 11.2 * s));
            p.end();
            QPixmapCache::insert(key, pixmap);
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString typeLabel(ImageType type)
{
    switch (type) {
    case ImageType::Cpu:
        return ImageListModel::tr("CPU");
    case ImageType::Gpu:
        return ImageListModel::tr("GPU");
    case ImageType::Universal:
        return ImageListModel::tr("Universal");
    }
    return {};
}

} // namespace

ImageListModel::ImageListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_loader(new CatalogueLoader(catalogue, this))
    , m_rows(
          this, [](const Row &row) { return row.image.id; }, [](const Row &row) { return row.image.name; })
{
    reload();
}

int ImageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int ImageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ImageListModel::accessText(bool global, int groupCount)
{
    if (global)
        return tr("Global");
    if (groupCount == 1)
        return tr("1 group");
    return tr("%n groups", nullptr, groupCount);
}

ImageListModel::State ImageListModel::stateOf(const Row &row) const
{
    if (row.image.deactivated)
        return State::Deactivated;
    if (isActive(row.jobStatus))
        return State::Building;
    if (isFailure(row.jobStatus))
        return State::BuildFailed;
    if (!row.image.specId.isEmpty() && row.image.url.isEmpty())
        return State::NotBuilt;
    return State::Ready;
}

QString ImageListModel::statusText(const Row &row) const
{
    QString text;
    switch (stateOf(row)) {
    case State::Ready:
        text = tr("Ready");
        break;
    case State::NotBuilt:
        text = tr("Not built yet");
        break;
    case State::Building:
        text = tr("Building");
        break;
    case State::BuildFailed:
        text = tr("Build failed");
        break;
    case State::Deactivated:
        return tr("Deactivated");
    }
    if (row.image.frozen)
        text = tr("%1 · frozen", "status · frozen").arg(text);
    return text;
}

QStringList ImageListModel::groupNames(const ManagedImage &image) const
{
    QStringList names;
    names.reserve(image.groupIds.size());
    for (const QString &id : image.groupIds)
        names.append(m_groupNames.value(id, id));
    names.sort();
    return names;
}

QVariant ImageListModel::displayData(const Row &row, int column) const
{
    const ManagedImage &image = row.image;
    switch (Column(column)) {
    case DisplayNameColumn:
        return image.displayName;
    case NameColumn:
        return image.name;
    case TypeColumn:
        return typeLabel(image.type);
    case UrlColumn:
        return image.url;
    case AccessColumn:
        return accessText(image.global, int(image.groupIds.size()));
    case StatusColumn:
        return statusText(row);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ImageListModel::toolTipData(const Row &row, int column) const
{
    const ManagedImage &image = row.image;
    switch (Column(column)) {
    case DisplayNameColumn:
    case StatusColumn:
        if (image.deactivated && column == StatusColumn)
            return tr("Deactivated: nothing new starts from this image");
        if (isActive(row.jobStatus))
            return tr("Image building in progress");
        if (row.jobStatus == JobStatus::Interrupted)
            return row.jobError.isEmpty() ? tr("The last build was interrupted")
                                          : tr("The last build was interrupted: %1").arg(row.jobError);
        if (row.jobStatus == JobStatus::Failed)
            return row.jobError.isEmpty() ? tr("The last build failed")
                                          : tr("The last build failed: %1").arg(row.jobError);
        if (column == DisplayNameColumn) {
            if (image.system)
                return tr("System image");
            return image.description.isEmpty() ? image.displayName : image.description;
        }
        if (stateOf(row) == State::NotBuilt)
            return tr("Not built yet: the image gets its URL when its build succeeds");
        if (image.frozen)
            return tr("Ready; frozen: edits are blocked until it is unfrozen");
        return tr("Ready");
    case NameColumn:
        return image.name;
    case TypeColumn:
        return typeLabel(image.type);
    case UrlColumn:
        if (image.url.isEmpty())
            return tr("No URL yet");
        if (image.type == ImageType::Universal && !image.gpuUrl.isEmpty() && image.gpuUrl != image.url)
            return tr("CPU: %1\nGPU: %2").arg(image.url, image.gpuUrl);
        return image.url;
    case AccessColumn:
        if (image.global)
            return tr("Global: every group may use this image");
        if (image.groupIds.isEmpty())
            return tr("No group may use this image");
        return tr("Granted to: %1").arg(groupNames(image).join(u", "_s));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ImageListModel::decorationData(const Row &row) const
{
    if (isActive(row.jobStatus) || isFailure(row.jobStatus))
        return jobStatusIcon(row.jobStatus);
    if (row.image.system)
        return infoIcon();
    return {};
}

QVariant ImageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ManagedImage &image = row.image;
    switch (role) {
    case ImageIdRole:
        return image.id;
    case NameRole:
        return image.name;
    case DisplayNameRole:
        return image.displayName;
    case TypeRole:
        return int(image.type);
    case UrlRole:
        return image.url;
    case GpuUrlRole:
        return image.gpuUrl;
    case GlobalRole:
        return image.global;
    case GroupIdsRole:
        return image.groupIds;
    case GroupNamesRole:
        return groupNames(image);
    case FrozenRole:
        return image.frozen;
    case SystemRole:
        return image.system;
    case DeactivatedRole:
        return image.deactivated;
    case SpecIdRole:
        return image.specId;
    case BuildStatusRole:
        return row.jobStatus ? int(*row.jobStatus) : -1;
    case BuildingRole:
        return isActive(row.jobStatus);
    case BuildFailedRole:
        return isFailure(row.jobStatus);
    case LatestJobIdRole:
        return row.jobId;
    case StateRole:
        return int(stateOf(row));
    case AccessRankRole:
        return image.global ? INT_MAX : int(image.groupIds.size());
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case Qt::DecorationRole:
        if (index.column() == DisplayNameColumn)
            return decorationData(row);
        break;
    case Qt::ForegroundRole:
        if (image.deactivated)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        break;
    default:
        break;
    }
    return {};
}

QVariant ImageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case DisplayNameColumn:
        return tr("Display name");
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Type");
    case UrlColumn:
        return tr("URL");
    case AccessColumn:
        return tr("Access");
    case StatusColumn:
        return tr("Status");
    case ColumnCount:
        break;
    }
    return {};
}

void ImageListModel::reload()
{
    m_jobsWhileLoading.clear();
    m_groupsChangedWhileLoading = false;
    m_rows.load(*m_loader, readSnapshot, [this](const Snapshot &snapshot) { onLoaded(snapshot); });
}

void ImageListModel::onLoaded(const Snapshot &snapshot)
{
    if (!snapshot.error.isEmpty()) {
        m_rows.finishLoad();
        Q_EMIT problem(tr("Could not load the managed images: %1").arg(snapshot.error));
        return;
    }
    setGroups(snapshot.groups); // no signal: the reset follows
    m_rows.reset(snapshot.rows);

    // What changed while the catalogue was being read (idempotent when the read saw it).
    const QHash<QString, BuildJob> jobs = std::exchange(m_jobsWhileLoading, {});
    const bool groups = std::exchange(m_groupsChangedWhileLoading, false);
    m_rows.finishLoad([this](const QString &id) { imageRemoved(id); },
                      [this](const QString &id) { imageSaved(id); });
    for (const BuildJob &job : jobs)
        applyJob(job);
    if (groups)
        groupsChanged();
    Q_EMIT loaded();
}

void ImageListModel::setGroups(const QList<Group> &groups)
{
    m_groupNames.clear();
    for (const Group &group : groups)
        m_groupNames.insert(group.id, group.name);
}

QModelIndex ImageListModel::indexOfImage(const QString &imageId) const
{
    const int row = m_rows.rowOf(imageId);
    return row < 0 ? QModelIndex() : index(row, 0);
}

void ImageListModel::fillLatestJob(Row &row) const
{
    clearJob(row);
    if (row.image.specId.isEmpty())
        return;
    auto latest = JobRepository(m_catalogue).latestForSpec(row.image.specId);
    if (latest.ok() && latest.value())
        setJob(row, *latest.value());
}

void ImageListModel::imageSaved(const QString &imageId)
{
    m_rows.noteSaved(imageId);
    auto read = ImageRepository(m_catalogue).get(imageId);
    if (!read.ok()) {
        if (read.error().code == StoreError::Code::NotFound)
            imageRemoved(imageId);
        else
            Q_EMIT problem(tr("Could not read the image %1: %2").arg(imageId, read.error().message));
        return;
    }
    const ManagedImage &image = read.value();
    const bool unknownGroup = std::any_of(image.groupIds.cbegin(), image.groupIds.cend(),
                                          [this](const QString &id) { return !m_groupNames.contains(id); });
    if (unknownGroup) {
        // Granted to a group created since the last read: learn its name.
        auto groups = GroupRepository(m_catalogue).list();
        if (groups.ok())
            setGroups(groups.value());
    }
    const int row = m_rows.rowOf(imageId);
    if (row < 0) {
        Row fresh;
        fresh.image = image;
        fillLatestJob(fresh);
        m_rows.insert(fresh);
        return;
    }
    Row &current = m_rows[row];
    if (current.image == image)
        return;
    const bool specChanged = current.image.specId != image.specId;
    current.image = image; // the name never changes: the row stays where it is
    if (specChanged)
        fillLatestJob(current);
    m_rows.changed(row);
}

void ImageListModel::imageRemoved(const QString &imageId)
{
    m_rows.noteRemoved(imageId);
    m_rows.remove(imageId);
}

bool ImageListModel::mergeJob(Row &row, const BuildJob &job) const
{
    if (job.id != row.jobId && !row.jobId.isEmpty() && job.createdAt < row.jobCreatedAt)
        return false; // an older job: the row shows the newest one
    if (row.jobStatus == job.status && row.jobId == job.id && row.jobError == job.errorText)
        return false;
    setJob(row, job);
    return true;
}

void ImageListModel::applyJob(const BuildJob &job)
{
    if (job.specId.isEmpty())
        return;
    if (m_rows.isLoading()) {
        const auto seen = m_jobsWhileLoading.constFind(job.specId);
        if (seen == m_jobsWhileLoading.cend() || seen->createdAt <= job.createdAt)
            m_jobsWhileLoading.insert(job.specId, job);
    }
    for (int row = 0; row < m_rows.size(); ++row) {
        Row &r = m_rows[row];
        if (r.image.specId != job.specId)
            continue;
        bool changed = mergeJob(r, job);
        if (job.status == JobStatus::Succeeded && r.jobId == job.id) {
            auto read = ImageRepository(m_catalogue).get(r.image.id);
            if (read.ok() && read.value() != r.image) {
                r.image = read.value();
                changed = true;
            } else if (!read.ok() && read.error().code != StoreError::Code::NotFound) {
                Q_EMIT problem(tr("Could not read the image %1: %2").arg(r.image.name, read.error().message));
            }
        }
        if (changed)
            m_rows.changed(row);
    }
}

void ImageListModel::groupsChanged()
{
    if (m_rows.isLoading())
        m_groupsChangedWhileLoading = true;
    auto groups = GroupRepository(m_catalogue).list();
    if (!groups.ok()) {
        Q_EMIT problem(tr("Could not read the groups: %1").arg(groups.error().message));
        return;
    }
    const QHash<QString, QString> before = m_groupNames;
    setGroups(groups.value());
    for (int row = 0; row < m_rows.size(); ++row) {
        ManagedImage &image = m_rows[row].image;
        bool changed = false;
        // Deleting a group removed its grants (the list just read has every group).
        const auto gone = std::remove_if(image.groupIds.begin(), image.groupIds.end(),
                                         [this](const QString &id) { return !m_groupNames.contains(id); });
        if (gone != image.groupIds.end()) {
            image.groupIds.erase(gone, image.groupIds.end());
            changed = true;
        }
        for (const QString &id : std::as_const(image.groupIds)) {
            if (before.value(id) != m_groupNames.value(id))
                changed = true;
        }
        if (changed)
            m_rows.changed(row, AccessColumn, AccessColumn);
    }
}

} // namespace Kiln
