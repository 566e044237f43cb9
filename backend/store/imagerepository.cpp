#include "imagerepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QHash>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

QString imageTypeName(ImageType type)
{
    switch (type) {
    case ImageType::Cpu:
        return u"cpu"_s;
    case ImageType::Gpu:
        return u"gpu"_s;
    case ImageType::Universal:
        return u"universal"_s;
    }
    return u"cpu"_s;
}

std::optional<ImageType> imageTypeFromName(QStringView name)
{
    for (ImageType type : {ImageType::Cpu, ImageType::Gpu, ImageType::Universal}) {
        if (name == imageTypeName(type))
            return type;
    }
    return std::nullopt;
}

namespace {

const QString kImageColumns =
    u"i.id, i.name, i.display_name, i.description, i.image_type, i.url, i.gpu_url, "
    "i.pull_secret_id, i.is_global, i.frozen, i.parent_id, i.distro, i.system_image, "
    "i.deactivated, i.spec_id, i.created_at, i.updated_at"_s;

ManagedImage readImage(const QSqlQuery &q)
{
    ManagedImage image;
    image.id = q.value(0).toString();
    image.name = q.value(1).toString();
    image.displayName = q.value(2).toString();
    image.description = q.value(3).toString();
    image.type = imageTypeFromName(q.value(4).toString()).value_or(ImageType::Cpu); // CHECK-constrained
    image.url = q.value(5).toString();
    image.gpuUrl = StoreSql::text(q.value(6));
    image.pullSecretId = StoreSql::text(q.value(7));
    image.global = q.value(8).toBool();
    image.frozen = q.value(9).toBool();
    image.parentId = StoreSql::text(q.value(10));
    image.distro = q.value(11).toString();
    image.system = q.value(12).toBool();
    image.deactivated = q.value(13).toBool();
    image.specId = StoreSql::text(q.value(14));
    image.createdAt = q.value(15).toLongLong();
    image.updatedAt = q.value(16).toLongLong();
    return image;
}

QStringList normalisedGroups(QStringList ids)
{
    ids.sort();
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Result<Done, StoreError> validate(const ManagedImage &image)
{
    auto name = StoreSql::checkName(u"image"_s, image.name);
    if (!name.ok())
        return name;
    if (image.displayName.trimmed().isEmpty())
        return StoreError{StoreError::Code::Invalid,
                          u"The image %1 needs a display name."_s.arg(quoted(image.name))};
    if (!image.gpuUrl.isEmpty() && image.type != ImageType::Universal)
        return StoreError{StoreError::Code::Invalid,
                          u"The image %1 is a %2 image; only universal images have a GPU-specific URL."_s.arg(
                              quoted(image.name), imageTypeName(image.type))};
    if (!image.parentId.isEmpty() && image.parentId == image.id)
        return StoreError{StoreError::Code::Invalid,
                          u"The image %1 cannot be its own parent."_s.arg(quoted(image.name))};
    return Done{};
}

// NotFound with a precise message when a referenced row is missing.
Result<Done, StoreError> checkExists(StoreSql::Session &s, const QString &table, const QString &id,
                                     const QString &what, const QString &action)
{
    if (id.isEmpty())
        return Done{};
    auto query = s.exec(u"SELECT COUNT(*) FROM %1 WHERE id = :id"_s.arg(table), {{u":id"_s, id}}, action);
    if (!query.ok())
        return query.error();
    if (!query.value().next() || query.value().value(0).toLongLong() == 0)
        return StoreSql::notFound(what, u"id"_s, id);
    return Done{};
}

Result<Done, StoreError> checkReferences(StoreSql::Session &s, const ManagedImage &image,
                                         const QString &action)
{
    const std::tuple<QString, QString, QString> refs[] = {
        {u"managed_images"_s, image.parentId, u"parent image"_s},
        {u"image_specs"_s, image.specId, u"spec"_s},
        {u"secrets"_s, image.pullSecretId, u"pull secret"_s},
    };
    for (const auto &[table, id, what] : refs) {
        auto found = checkExists(s, table, id, what, action);
        if (!found.ok())
            return found;
    }
    for (const QString &groupId : image.groupIds) {
        auto found = checkExists(s, u"user_groups"_s, groupId, u"group"_s, action);
        if (!found.ok())
            return found;
    }
    return Done{};
}

Result<Done, StoreError> replaceGrants(StoreSql::Session &s, const QString &imageId,
                                       const QStringList &groupIds, const QString &action)
{
    auto cleared =
        s.exec(u"DELETE FROM image_group_grants WHERE image_id = :id"_s, {{u":id"_s, imageId}}, action);
    if (!cleared.ok())
        return cleared.error();
    for (const QString &groupId : groupIds) {
        auto found = checkExists(s, u"user_groups"_s, groupId, u"group"_s, action);
        if (!found.ok())
            return found;
        auto granted =
            s.exec(u"INSERT INTO image_group_grants (image_id, group_id) VALUES (:image, :group)"_s,
                   {{u":image"_s, imageId}, {u":group"_s, groupId}}, action);
        if (!granted.ok())
            return granted.error();
    }
    return Done{};
}

StoreSql::Bindings editableBindings(const ManagedImage &image, qint64 now)
{
    return {{u":display"_s, image.displayName},
            {u":description"_s, image.description.isNull() ? u""_s : image.description},
            {u":type"_s, imageTypeName(image.type)},
            {u":url"_s, image.url.isNull() ? u""_s : image.url},
            {u":gpu"_s, StoreSql::nullableText(image.gpuUrl)},
            {u":secret"_s, StoreSql::nullableText(image.pullSecretId)},
            {u":global"_s, image.global},
            {u":frozen"_s, image.frozen},
            {u":parent"_s, StoreSql::nullableText(image.parentId)},
            {u":distro"_s, image.distro.isNull() ? u""_s : image.distro},
            {u":system"_s, image.system},
            {u":deactivated"_s, image.deactivated},
            {u":spec"_s, StoreSql::nullableText(image.specId)},
            {u":updated"_s, qlonglong(now)}};
}

// Loads the grants of `images` (all of them when there are many).
Result<Done, StoreError> attachGrants(StoreSql::Session &s, QList<ManagedImage> &images)
{
    if (images.isEmpty())
        return Done{};
    StoreSql::Bindings bindings;
    QString sql = u"SELECT image_id, group_id FROM image_group_grants"_s;
    if (images.size() == 1) {
        sql += u" WHERE image_id = :id"_s;
        bindings.append({u":id"_s, images.constFirst().id});
    }
    sql += u" ORDER BY image_id, group_id"_s;
    auto query = s.exec(sql, bindings, u"read the image grants"_s);
    if (!query.ok())
        return query.error();
    QHash<QString, QStringList> grants;
    while (query.value().next())
        grants[query.value().value(0).toString()].append(query.value().value(1).toString());
    for (ManagedImage &image : images)
        image.groupIds = normalisedGroups(grants.value(image.id));
    return Done{};
}

Result<QList<ManagedImage>, StoreError> fetch(const Catalogue &catalogue, const QString &whereAndOrder,
                                              const StoreSql::Bindings &bindings, const QString &action)
{
    auto session = StoreSql::Session::open(catalogue);
    if (!session.ok())
        return session.error();
    auto query = session.value().exec(
        u"SELECT %1 FROM managed_images i %2"_s.arg(kImageColumns, whereAndOrder), bindings, action);
    auto images = StoreSql::readAll(query, readImage);
    if (!images.ok())
        return images;
    query.value().finish();
    auto grants = attachGrants(session.value(), images.value());
    if (!grants.ok())
        return grants.error();
    return images;
}

Result<ManagedImage, StoreError> fetchOne(const Catalogue &catalogue, const QString &column,
                                          const QString &value)
{
    auto images = fetch(catalogue, u"WHERE i.%1 = :value"_s.arg(column), {{u":value"_s, value}},
                        u"read the image %1"_s.arg(quoted(value)));
    if (!images.ok())
        return images.error();
    if (images.value().isEmpty())
        return StoreSql::notFound(u"image"_s, column, value);
    return images.value().constFirst();
}

// In one transaction: writes the image row with `write` (given the session), then
// makes `groupIds` the image's grants.
template <typename Write>
Result<Done, StoreError> writeWithGrants(const Catalogue &catalogue, const QString &imageId,
                                         const QStringList &groupIds, const QString &action, Write write)
{
    auto session = StoreSql::WriteSession::begin(catalogue, action);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value().session;
    auto written = write(s);
    if (!written.ok())
        return written;
    auto grants = replaceGrants(s, imageId, groupIds, action);
    if (!grants.ok())
        return grants.error();
    return session.value().transaction.commit(action);
}

// writeWithGrants() for a whole image: checks what it refers to first, and hands
// `write` the bindings of the editable columns too.
template <typename Write>
Result<Done, StoreError> saveImage(const Catalogue &catalogue, const ManagedImage &image,
                                   const QString &action, Write write)
{
    return writeWithGrants(catalogue, image.id, image.groupIds, action,
                           [&](StoreSql::Session &s) -> Result<Done, StoreError> {
                               auto refs = checkReferences(s, image, action);
                               if (!refs.ok())
                                   return refs;
                               return write(s, editableBindings(image, s.now));
                           });
}

StoreError frozenError(const ManagedImage &image)
{
    return StoreError{
        StoreError::Code::Frozen,
        u"The image %1 is frozen; unfreeze it before changing or deleting it."_s.arg(quoted(image.name))};
}

// The stored image, or Frozen when it is frozen.
Result<ManagedImage, StoreError> unfrozen(const ImageRepository &repository, const QString &id)
{
    auto current = repository.get(id);
    if (current.ok() && current.value().frozen)
        return frozenError(current.value());
    return current;
}

} // namespace

Result<ManagedImage, StoreError> ImageRepository::create(const ManagedImage &draft) const
{
    ManagedImage image = draft;
    image.id = StoreSql::newId();
    image.groupIds = normalisedGroups(draft.groupIds);
    auto valid = validate(image);
    if (!valid.ok())
        return valid.error();
    const QString action = u"create the image %1"_s.arg(quoted(image.name));
    auto saved = saveImage(
        m_catalogue, image, action,
        [&](StoreSql::Session &s, StoreSql::Bindings bindings) -> Result<Done, StoreError> {
            bindings.append({u":id"_s, image.id});
            bindings.append({u":name"_s, image.name});
            bindings.append({u":created"_s, qlonglong(s.now)});
            auto inserted = s.exec(
                u"INSERT INTO managed_images (id, name, display_name, description, image_type, url, gpu_url, "
                "pull_secret_id, is_global, frozen, parent_id, distro, system_image, deactivated, spec_id, "
                "created_at, updated_at) VALUES (:id, :name, :display, :description, :type, :url, :gpu, "
                ":secret, "
                ":global, :frozen, :parent, :distro, :system, :deactivated, :spec, :created, :updated)"_s,
                bindings, action);
            if (!inserted.ok())
                return StoreSql::onConflict(inserted.error(),
                                            u"An image named %1 already exists."_s.arg(quoted(image.name)));
            return Done{};
        });
    if (!saved.ok())
        return saved.error();
    return get(image.id);
}

Result<ManagedImage, StoreError> ImageRepository::get(const QString &id) const
{
    return fetchOne(m_catalogue, u"id"_s, id);
}

Result<ManagedImage, StoreError> ImageRepository::getByName(const QString &name) const
{
    return fetchOne(m_catalogue, u"name"_s, name);
}

Result<ManagedImage, StoreError> ImageRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &ImageRepository::get, &ImageRepository::getByName, idOrName,
                                    u"image"_s);
}

Result<QList<ManagedImage>, StoreError> ImageRepository::list(const ImageListQuery &request) const
{
    QStringList where;
    StoreSql::Bindings bindings;
    if (!request.nameContains.isEmpty()) {
        where << u"(i.name LIKE :p1 ESCAPE '!' OR LOWER(i.display_name) LIKE :p2 ESCAPE '!')"_s;
        const QString pattern = StoreSql::containsPattern(request.nameContains.toLower());
        bindings.append({u":p1"_s, pattern});
        bindings.append({u":p2"_s, pattern});
    }
    if (!request.includeDeactivated)
        where << u"i.deactivated = FALSE"_s;
    const QString clause =
        (where.isEmpty() ? QString() : u"WHERE "_s + where.join(u" AND "_s)) + u" ORDER BY i.name"_s;
    return fetch(m_catalogue, clause, bindings, u"list the images"_s);
}

Result<ManagedImage, StoreError> ImageRepository::update(const ManagedImage &changed) const
{
    auto current = get(changed.id);
    if (!current.ok())
        return current.error();
    const ManagedImage &was = current.value();
    if (changed.name != was.name)
        return StoreError{StoreError::Code::Invalid,
                          u"The name of an image cannot change (the image is %1, not %2)."_s.arg(
                              quoted(was.name), quoted(changed.name))};
    ManagedImage image = changed;
    image.groupIds = normalisedGroups(changed.groupIds);
    image.createdAt = was.createdAt;
    image.updatedAt = was.updatedAt;
    if (was.frozen) {
        ManagedImage stillFrozen = image;
        stillFrozen.frozen = true;
        if (!image.frozen && stillFrozen == was)
            return setFrozen(was.id, false);
        return frozenError(was);
    }
    auto valid = validate(image);
    if (!valid.ok())
        return valid.error();

    const QString action = u"save the image %1"_s.arg(quoted(was.name));
    auto saved =
        saveImage(m_catalogue, image, action,
                  [&](StoreSql::Session &s, StoreSql::Bindings bindings) -> Result<Done, StoreError> {
                      bindings.append({u":id"_s, image.id});
                      auto updated = s.exec(
                          u"UPDATE managed_images SET display_name = :display, description = :description, "
                          "image_type = :type, url = :url, gpu_url = :gpu, pull_secret_id = :secret, "
                          "is_global = :global, frozen = :frozen, parent_id = :parent, distro = :distro, "
                          "system_image = :system, deactivated = :deactivated, spec_id = :spec, "
                          "updated_at = :updated WHERE id = :id AND frozen = FALSE"_s,
                          bindings, action);
                      if (!updated.ok())
                          return updated.error();
                      if (updated.value().numRowsAffected() != 1)
                          return frozenError(was); // frozen by someone else since we read it
                      return Done{};
                  });
    if (!saved.ok())
        return saved.error();
    return get(image.id);
}

Result<ManagedImage, StoreError> ImageRepository::setFrozen(const QString &id, bool frozen) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto updated = session.value().exec(
        u"UPDATE managed_images SET frozen = :frozen, updated_at = :now WHERE id = :id"_s,
        {{u":frozen"_s, frozen}, {u":now"_s, qlonglong(session.value().now)}, {u":id"_s, id}},
        u"%1 the image %2"_s.arg(frozen ? u"freeze"_s : u"unfreeze"_s, quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"image"_s, u"id"_s, id);
    return get(id);
}

Result<ManagedImage, StoreError> ImageRepository::setGrants(const QString &id, bool global,
                                                            const QStringList &groupIds) const
{
    auto current = unfrozen(*this, id);
    if (!current.ok())
        return current.error();
    const QString action = u"change who may use the image %1"_s.arg(quoted(current.value().name));
    auto saved = writeWithGrants(
        m_catalogue, id, normalisedGroups(groupIds), action,
        [&](StoreSql::Session &s) -> Result<Done, StoreError> {
            auto updated =
                s.exec(u"UPDATE managed_images SET is_global = :global, updated_at = :now "
                       "WHERE id = :id AND frozen = FALSE"_s,
                       {{u":global"_s, global}, {u":now"_s, qlonglong(s.now)}, {u":id"_s, id}}, action);
            if (!updated.ok())
                return updated.error();
            if (updated.value().numRowsAffected() != 1)
                return frozenError(current.value());
            return Done{};
        });
    if (!saved.ok())
        return saved.error();
    return get(id);
}

Result<Done, StoreError> ImageRepository::remove(const QString &id) const
{
    auto current = unfrozen(*this, id);
    if (!current.ok())
        return current.error();
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed =
        session.value().exec(u"DELETE FROM managed_images WHERE id = :id AND frozen = FALSE"_s,
                             {{u":id"_s, id}}, u"delete the image %1"_s.arg(quoted(current.value().name)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return frozenError(current.value());
    return Done{};
}

Result<QList<ManagedImage>, StoreError> ImageRepository::usableByGroup(const QString &groupIdOrName) const
{
    QString groupId;
    {
        auto session = StoreSql::Session::open(m_catalogue);
        if (!session.ok())
            return session.error();
        auto group = session.value().exec(
            u"SELECT id FROM user_groups WHERE id = :ref OR name = :ref2 "
            "ORDER BY CASE WHEN id = :ref3 THEN 0 ELSE 1 END LIMIT 1"_s,
            {{u":ref"_s, groupIdOrName}, {u":ref2"_s, groupIdOrName}, {u":ref3"_s, groupIdOrName}},
            u"look up the group %1"_s.arg(quoted(groupIdOrName)));
        if (!group.ok())
            return group.error();
        if (!group.value().next())
            return StoreSql::notFound(u"group"_s, u"id or name"_s, groupIdOrName);
        groupId = group.value().value(0).toString();
    }
    return fetch(m_catalogue,
                 u"WHERE i.deactivated = FALSE AND (i.is_global = TRUE OR EXISTS (SELECT 1 FROM "
                 "image_group_grants g WHERE g.image_id = i.id AND g.group_id = :group)) ORDER BY i.name"_s,
                 {{u":group"_s, groupId}}, u"list the images of the group %1"_s.arg(quoted(groupIdOrName)));
}

} // namespace Kiln
