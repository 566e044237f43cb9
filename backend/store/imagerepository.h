#pragma once

#include "storeerror.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Kiln {

class Catalogue;

enum class ImageType
{
    Cpu,
    Gpu,
    Universal,
};

QString imageTypeName(ImageType type); // "cpu", "gpu", "universal"
std::optional<ImageType> imageTypeFromName(QStringView name);

// An image users may run (Image Management).
struct ManagedImage
{
    QString id;
    QString name;        // unique, derived from the display name, never changes
    QString displayName; // required
    QString description;
    ImageType type = ImageType::Cpu;
    QString url;          // empty while a custom build has not succeeded yet
    QString gpuUrl;       // universal images only; empty: same as url
    QString pullSecretId; // a row of `secrets`; empty: none
    bool global = false;  // every group may use it
    QStringList groupIds; // the groups granted explicitly (sorted)
    bool frozen = false;  // blocks every edit but the unfreeze
    QString parentId;     // informational, cleared if the parent is deleted
    QString distro;
    bool system = false;
    bool deactivated = false; // soft delete: nothing new starts from it
    QString specId;           // the Image Builder spec of a custom image
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    friend bool operator==(const ManagedImage &, const ManagedImage &) = default;
};

struct ImageListQuery
{
    QString nameContains; // matches name or display name; empty: all
    bool includeDeactivated = true;
};

// Managed images and their group grants. A frozen image refuses every change
// (Frozen) except its unfreeze; delete it or edit it after unfreezing. Usable from
// any thread.
class ImageRepository
{
public:
    explicit ImageRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Stores a new image (id and times are assigned) with its grants, atomically.
    Result<ManagedImage, StoreError> create(const ManagedImage &image) const;
    Result<ManagedImage, StoreError> get(const QString &id) const;
    Result<ManagedImage, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<ManagedImage, StoreError> find(const QString &idOrName) const;
    // Ordered by name.
    Result<QList<ManagedImage>, StoreError> list(const ImageListQuery &query = {}) const;

    // Replaces every editable field (and the grants) of the image with this id.
    // The name cannot change. A frozen image accepts only its unfreeze: the same
    // image with frozen = false and nothing else changed.
    Result<ManagedImage, StoreError> update(const ManagedImage &image) const;
    Result<ManagedImage, StoreError> setFrozen(const QString &id, bool frozen) const;
    // Global flag and granted groups, replaced together.
    Result<ManagedImage, StoreError> setGrants(const QString &id, bool global,
                                               const QStringList &groupIds) const;
    // Refused (Frozen) for a frozen image.
    Result<Done, StoreError> remove(const QString &id) const;

    // "Which images can group X use?": the global images plus those granted to the
    // group (by id or name), deactivated ones excluded, ordered by name.
    Result<QList<ManagedImage>, StoreError> usableByGroup(const QString &groupIdOrName) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
