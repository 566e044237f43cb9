#pragma once

#include "storeerror.h"
#include "workerrepository.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Kiln {

class Catalogue;

// A set of workers that hold the same bake images: an image attached to a group is
// warmed on every worker of the group.
struct AvailabilityGroup
{
    QString id;
    QString name; // unique, DNS-1123; rename() changes it
    QString description;
    QStringList imageIds;  // sorted
    QStringList workerIds; // sorted
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    friend bool operator==(const AvailabilityGroup &, const AvailabilityGroup &) = default;
};

// Availability groups and their images and workers. Usable from any thread.
// Deleting a group, an image or a worker drops the memberships (ON DELETE CASCADE).
class AvailabilityGroupRepository
{
public:
    explicit AvailabilityGroupRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Name and description; Invalid for a bad name, Conflict for a taken one. The
    // member lists are ignored (attach them afterwards).
    Result<AvailabilityGroup, StoreError> create(const AvailabilityGroup &group) const;
    Result<AvailabilityGroup, StoreError> get(const QString &id) const;
    Result<AvailabilityGroup, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<AvailabilityGroup, StoreError> find(const QString &idOrName) const;
    // Ordered by name, with their members.
    Result<QList<AvailabilityGroup>, StoreError> list() const;
    Result<AvailabilityGroup, StoreError> rename(const QString &id, const QString &newName) const;
    Result<AvailabilityGroup, StoreError> setDescription(const QString &id, const QString &description) const;
    Result<Done, StoreError> remove(const QString &id) const;

    // Each returns whether it changed anything (attaching twice is not an error).
    // NotFound for an unknown group, image or worker.
    Result<bool, StoreError> attachImage(const QString &groupId, const QString &imageId) const;
    Result<bool, StoreError> detachImage(const QString &groupId, const QString &imageId) const;
    Result<bool, StoreError> addWorker(const QString &groupId, const QString &workerId) const;
    Result<bool, StoreError> removeWorker(const QString &groupId, const QString &workerId) const;

    // The groups that hold the image / the worker, ordered by name.
    Result<QList<AvailabilityGroup>, StoreError> groupsOfImage(const QString &imageId) const;
    Result<QList<AvailabilityGroup>, StoreError> groupsOfWorker(const QString &workerId) const;
    // Where an image is to be warmed: the workers of every group holding it, each
    // once, ordered by name. Empty when no group covers the image.
    Result<QList<Worker>, StoreError> targetsOfImage(const QString &imageId) const;
    // The images a worker should hold: those of every group it is in, each once, sorted.
    Result<QStringList, StoreError> imagesOfWorker(const QString &workerId) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
