#pragma once

#include "storeerror.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Kiln {

class Catalogue;

// A group of users that images can be granted to.
struct Group
{
    QString id;
    QString name; // unique, DNS-1123, never changes
    QString displayName;
    QString description;
    QString memberCount; // as reported by the platform (free text, e.g. "12" or "unknown")
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    friend bool operator==(const Group &, const Group &) = default;
};

// Groups. Deleting a group removes its grants. Usable from any thread.
class GroupRepository
{
public:
    explicit GroupRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    Result<Group, StoreError> create(const Group &group) const;
    Result<Group, StoreError> get(const QString &id) const;
    Result<Group, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<Group, StoreError> find(const QString &idOrName) const;
    // Ordered by name.
    Result<QList<Group>, StoreError> list() const;
    // Display name, description and member count; the name cannot change.
    Result<Group, StoreError> update(const Group &group) const;
    Result<Done, StoreError> remove(const QString &id) const;

    // The images granted explicitly to the group (not the global ones), sorted.
    Result<QStringList, StoreError> grantedImageIds(const QString &id) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
