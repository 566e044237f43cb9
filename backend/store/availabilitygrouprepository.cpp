#include "availabilitygrouprepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

const QString kAvailabilityGroupColumns = u"g.id, g.name, g.description, g.created_at, g.updated_at"_s;

AvailabilityGroup readAvailabilityGroup(const QSqlQuery &q)
{
    AvailabilityGroup g;
    g.id = q.value(0).toString();
    g.name = q.value(1).toString();
    g.description = q.value(2).toString();
    g.createdAt = q.value(3).toLongLong();
    g.updatedAt = q.value(4).toLongLong();
    return g;
}

// The groups selected by `where` (on g), each with its members: three queries.
Result<QList<AvailabilityGroup>, StoreError> fetchAvailabilityGroups(const Catalogue &catalogue,
                                                                     const QString &where,
                                                                     const StoreSql::Bindings &bindings,
                                                                     const QString &action)
{
    auto session = StoreSql::Session::open(catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto query = s.exec(
        u"SELECT %1 FROM availability_groups g %2 ORDER BY g.name"_s.arg(kAvailabilityGroupColumns, where),
        bindings, action);
    auto groups = StoreSql::readAll(query, readAvailabilityGroup);
    if (!groups.ok() || groups.value().isEmpty())
        return groups;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < groups.value().size(); ++i)
        index.insert(groups.value().at(i).id, i);
    const auto fill = [&](const QString &table, const QString &column,
                          QStringList AvailabilityGroup::*list) -> Result<Done, StoreError> {
        auto members =
            s.exec(u"SELECT m.group_id, m.%1 FROM %2 m WHERE m.group_id IN (SELECT g.id FROM "
                   "availability_groups g %3) ORDER BY m.group_id, m.%1"_s.arg(column, table, where),
                   bindings, action);
        if (!members.ok())
            return members.error();
        while (members.value().next()) {
            const auto it = index.constFind(members.value().value(0).toString());
            if (it != index.constEnd())
                (groups.value()[*it].*list).append(members.value().value(1).toString());
        }
        return Done{};
    };
    if (auto images = fill(u"availability_group_images"_s, u"image_id"_s, &AvailabilityGroup::imageIds);
        !images.ok())
        return images.error();
    if (auto workers = fill(u"availability_group_workers"_s, u"worker_id"_s, &AvailabilityGroup::workerIds);
        !workers.ok())
        return workers.error();
    return groups;
}

Result<AvailabilityGroup, StoreError> fetchAvailabilityGroup(const Catalogue &catalogue,
                                                             const QString &column, const QString &value)
{
    auto groups =
        fetchAvailabilityGroups(catalogue, u"WHERE g.%1 = :value"_s.arg(column), {{u":value"_s, value}},
                                u"read the availability group %1"_s.arg(quoted(value)));
    if (!groups.ok())
        return groups.error();
    if (groups.value().isEmpty())
        return StoreSql::notFound(u"availability group"_s, column, value);
    return groups.value().first();
}

// Inserts or deletes one membership row; whether a row changed.
Result<bool, StoreError> changeGroupMember(const Catalogue &catalogue, const QString &table,
                                           const QString &column, const QString &what, const QString &groupId,
                                           const QString &memberId, bool add)
{
    const QString action =
        add ? u"add the %1 %2 to the availability group %3"_s.arg(what, quoted(memberId), quoted(groupId))
            : u"remove the %1 %2 from the availability group %3"_s.arg(what, quoted(memberId),
                                                                       quoted(groupId));
    auto session = StoreSql::WriteSession::begin(catalogue, action);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value().session;
    auto group = s.exec(u"SELECT 1 FROM availability_groups WHERE id = :id"_s, {{u":id"_s, groupId}}, action);
    if (!group.ok())
        return group.error();
    if (!group.value().next())
        return StoreSql::notFound(u"availability group"_s, u"id"_s, groupId);
    const QString sql =
        add ? u"INSERT INTO %1 (group_id, %2) VALUES (:group, :member) ON CONFLICT DO NOTHING"_s.arg(table,
                                                                                                     column)
            : u"DELETE FROM %1 WHERE group_id = :group AND %2 = :member"_s.arg(table, column);
    auto changed = s.exec(sql, {{u":group"_s, groupId}, {u":member"_s, memberId}}, action);
    if (!changed.ok()) {
        if (changed.error().code == StoreError::Code::NotFound)
            return StoreSql::notFound(what, u"id"_s, memberId);
        return changed.error();
    }
    const bool didChange = changed.value().numRowsAffected() > 0;
    if (didChange) {
        auto touched = s.exec(u"UPDATE availability_groups SET updated_at = :now WHERE id = :id"_s,
                              {{u":now"_s, qlonglong(s.now)}, {u":id"_s, groupId}}, action);
        if (!touched.ok())
            return touched.error();
    }
    if (auto committed = session.value().transaction.commit(action); !committed.ok())
        return committed.error();
    return didChange;
}

} // namespace

Result<AvailabilityGroup, StoreError>
AvailabilityGroupRepository::create(const AvailabilityGroup &draft) const
{
    if (auto name = StoreSql::checkName(u"availability group"_s, draft.name); !name.ok())
        return name.error();
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    const QString id = StoreSql::newId();
    auto inserted = s.exec(u"INSERT INTO availability_groups (id, name, description, created_at, updated_at) "
                           "VALUES (:id, :name, :description, :now, :now)"_s,
                           {{u":id"_s, id},
                            {u":name"_s, draft.name},
                            {u":description"_s, draft.description.isNull() ? u""_s : draft.description},
                            {u":now"_s, qlonglong(s.now)}},
                           u"create the availability group %1"_s.arg(quoted(draft.name)));
    if (!inserted.ok())
        return StoreSql::onConflict(
            inserted.error(), u"An availability group named %1 already exists."_s.arg(quoted(draft.name)));
    return get(id);
}

Result<AvailabilityGroup, StoreError> AvailabilityGroupRepository::get(const QString &id) const
{
    return fetchAvailabilityGroup(m_catalogue, u"id"_s, id);
}

Result<AvailabilityGroup, StoreError> AvailabilityGroupRepository::getByName(const QString &name) const
{
    return fetchAvailabilityGroup(m_catalogue, u"name"_s, name);
}

Result<AvailabilityGroup, StoreError> AvailabilityGroupRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &AvailabilityGroupRepository::get,
                                    &AvailabilityGroupRepository::getByName, idOrName,
                                    u"availability group"_s);
}

Result<QList<AvailabilityGroup>, StoreError> AvailabilityGroupRepository::list() const
{
    return fetchAvailabilityGroups(m_catalogue, {}, {}, u"list the availability groups"_s);
}

Result<AvailabilityGroup, StoreError> AvailabilityGroupRepository::rename(const QString &id,
                                                                          const QString &newName) const
{
    if (auto name = StoreSql::checkName(u"availability group"_s, newName); !name.ok())
        return name.error();
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto renamed = session.value().exec(
        u"UPDATE availability_groups SET name = :name, updated_at = :now WHERE id = :id"_s,
        {{u":name"_s, newName}, {u":now"_s, qlonglong(session.value().now)}, {u":id"_s, id}},
        u"rename the availability group %1 to %2"_s.arg(quoted(id), quoted(newName)));
    if (!renamed.ok())
        return StoreSql::onConflict(renamed.error(),
                                    u"An availability group named %1 already exists."_s.arg(quoted(newName)));
    if (renamed.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"availability group"_s, u"id"_s, id);
    return get(id);
}

Result<AvailabilityGroup, StoreError>
AvailabilityGroupRepository::setDescription(const QString &id, const QString &description) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto updated = session.value().exec(
        u"UPDATE availability_groups SET description = :description, updated_at = :now WHERE id = :id"_s,
        {{u":description"_s, description.isNull() ? u""_s : description},
         {u":now"_s, qlonglong(session.value().now)},
         {u":id"_s, id}},
        u"save the description of the availability group %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"availability group"_s, u"id"_s, id);
    return get(id);
}

Result<Done, StoreError> AvailabilityGroupRepository::remove(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(u"DELETE FROM availability_groups WHERE id = :id"_s, {{u":id"_s, id}},
                                        u"delete the availability group %1"_s.arg(quoted(id)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"availability group"_s, u"id"_s, id);
    return Done{};
}

Result<bool, StoreError> AvailabilityGroupRepository::attachImage(const QString &groupId,
                                                                  const QString &imageId) const
{
    return changeGroupMember(m_catalogue, u"availability_group_images"_s, u"image_id"_s, u"bake image"_s,
                             groupId, imageId, true);
}

Result<bool, StoreError> AvailabilityGroupRepository::detachImage(const QString &groupId,
                                                                  const QString &imageId) const
{
    return changeGroupMember(m_catalogue, u"availability_group_images"_s, u"image_id"_s, u"bake image"_s,
                             groupId, imageId, false);
}

Result<bool, StoreError> AvailabilityGroupRepository::addWorker(const QString &groupId,
                                                                const QString &workerId) const
{
    return changeGroupMember(m_catalogue, u"availability_group_workers"_s, u"worker_id"_s, u"worker"_s,
                             groupId, workerId, true);
}

Result<bool, StoreError> AvailabilityGroupRepository::removeWorker(const QString &groupId,
                                                                   const QString &workerId) const
{
    return changeGroupMember(m_catalogue, u"availability_group_workers"_s, u"worker_id"_s, u"worker"_s,
                             groupId, workerId, false);
}

Result<QList<AvailabilityGroup>, StoreError>
AvailabilityGroupRepository::groupsOfImage(const QString &imageId) const
{
    return fetchAvailabilityGroups(
        m_catalogue,
        u"WHERE g.id IN (SELECT gi.group_id FROM availability_group_images gi "
        "WHERE gi.image_id = :member)"_s,
        {{u":member"_s, imageId}},
        u"read the availability groups of the bake image %1"_s.arg(quoted(imageId)));
}

Result<QList<AvailabilityGroup>, StoreError>
AvailabilityGroupRepository::groupsOfWorker(const QString &workerId) const
{
    return fetchAvailabilityGroups(m_catalogue,
                                   u"WHERE g.id IN (SELECT gw.group_id FROM availability_group_workers gw "
                                   "WHERE gw.worker_id = :member)"_s,
                                   {{u":member"_s, workerId}},
                                   u"read the availability groups of the worker %1"_s.arg(quoted(workerId)));
}

Result<QList<Worker>, StoreError> AvailabilityGroupRepository::targetsOfImage(const QString &imageId) const
{
    auto ids = StoreSql::selectAll(
        m_catalogue,
        u"SELECT DISTINCT gw.worker_id FROM availability_group_workers gw JOIN availability_group_images gi "
        "ON gi.group_id = gw.group_id WHERE gi.image_id = :image"_s,
        {{u":image"_s, imageId}}, u"read the workers of the bake image %1"_s.arg(quoted(imageId)),
        [](const QSqlQuery &q) { return q.value(0).toString(); });
    if (!ids.ok())
        return ids.error();
    if (ids.value().isEmpty())
        return QList<Worker>();
    const QSet<QString> wanted(ids.value().cbegin(), ids.value().cend());
    auto workers = WorkerRepository(m_catalogue).list();
    if (!workers.ok())
        return workers.error();
    QList<Worker> targets;
    for (const Worker &worker : workers.value()) {
        if (wanted.contains(worker.id))
            targets.append(worker);
    }
    return targets;
}

Result<QStringList, StoreError> AvailabilityGroupRepository::imagesOfWorker(const QString &workerId) const
{
    return StoreSql::selectAll(
        m_catalogue,
        u"SELECT DISTINCT gi.image_id FROM availability_group_images gi JOIN availability_group_workers gw "
        "ON gw.group_id = gi.group_id WHERE gw.worker_id = :worker ORDER BY gi.image_id"_s,
        {{u":worker"_s, workerId}}, u"read the bake images of the worker %1"_s.arg(quoted(workerId)),
        [](const QSqlQuery &q) { return q.value(0).toString(); });
}

} // namespace Kiln
