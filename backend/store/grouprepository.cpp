#include "grouprepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

const QString kGroupColumns =
    u"g.id, g.name, g.display_name, g.description, g.member_count, g.created_at, g.updated_at"_s;

Group readGroup(const QSqlQuery &q)
{
    return Group{q.value(0).toString(),  q.value(1).toString(), q.value(2).toString(),
                 q.value(3).toString(),  q.value(4).toString(), q.value(5).toLongLong(),
                 q.value(6).toLongLong()};
}

QString orEmpty(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

Result<Group, StoreError> fetchOne(const Catalogue &catalogue, const QString &column, const QString &value)
{
    return StoreSql::selectOne(
        catalogue, u"SELECT %1 FROM user_groups g WHERE g.%2 = :value"_s.arg(kGroupColumns, column),
        {{u":value"_s, value}}, u"read the group %1"_s.arg(quoted(value)), readGroup,
        StoreSql::notFound(u"group"_s, column, value));
}

} // namespace

Result<Group, StoreError> GroupRepository::create(const Group &draft) const
{
    auto validName = StoreSql::checkName(u"group"_s, draft.name);
    if (!validName.ok())
        return validName.error();
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    Group group = draft;
    group.id = StoreSql::newId();
    group.createdAt = group.updatedAt = s.now;
    auto inserted = s.exec(u"INSERT INTO user_groups (id, name, display_name, description, member_count, "
                           "created_at, updated_at) VALUES (:id, :name, :display, :description, :members, "
                           ":created, :updated)"_s,
                           {{u":id"_s, group.id},
                            {u":name"_s, group.name},
                            {u":display"_s, orEmpty(group.displayName)},
                            {u":description"_s, orEmpty(group.description)},
                            {u":members"_s, orEmpty(group.memberCount)},
                            {u":created"_s, qlonglong(group.createdAt)},
                            {u":updated"_s, qlonglong(group.updatedAt)}},
                           u"create the group %1"_s.arg(quoted(group.name)));
    if (!inserted.ok())
        return StoreSql::onConflict(inserted.error(),
                                    u"A group named %1 already exists."_s.arg(quoted(group.name)));
    return get(group.id);
}

Result<Group, StoreError> GroupRepository::get(const QString &id) const
{
    return fetchOne(m_catalogue, u"id"_s, id);
}

Result<Group, StoreError> GroupRepository::getByName(const QString &name) const
{
    return fetchOne(m_catalogue, u"name"_s, name);
}

Result<Group, StoreError> GroupRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &GroupRepository::get, &GroupRepository::getByName, idOrName,
                                    u"group"_s);
}

Result<QList<Group>, StoreError> GroupRepository::list() const
{
    return StoreSql::selectAll(m_catalogue,
                               u"SELECT %1 FROM user_groups g ORDER BY g.name"_s.arg(kGroupColumns), {},
                               u"list the groups"_s, readGroup);
}

Result<Group, StoreError> GroupRepository::update(const Group &group) const
{
    auto current = get(group.id);
    if (!current.ok())
        return current.error();
    if (group.name != current.value().name)
        return StoreError{StoreError::Code::Invalid,
                          u"The name of a group cannot change (the group is %1, not %2)."_s.arg(
                              quoted(current.value().name), quoted(group.name))};
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto updated =
        session.value().exec(u"UPDATE user_groups SET display_name = :display, description = :description, "
                             "member_count = :members, updated_at = :now WHERE id = :id"_s,
                             {{u":display"_s, orEmpty(group.displayName)},
                              {u":description"_s, orEmpty(group.description)},
                              {u":members"_s, orEmpty(group.memberCount)},
                              {u":now"_s, qlonglong(session.value().now)},
                              {u":id"_s, group.id}},
                             u"save the group %1"_s.arg(quoted(group.name)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"group"_s, u"id"_s, group.id);
    return get(group.id);
}

Result<Done, StoreError> GroupRepository::remove(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(u"DELETE FROM user_groups WHERE id = :id"_s, {{u":id"_s, id}},
                                        u"delete the group %1"_s.arg(quoted(id)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"group"_s, u"id"_s, id);
    return Done{};
}

Result<QStringList, StoreError> GroupRepository::grantedImageIds(const QString &id) const
{
    auto group = get(id);
    if (!group.ok())
        return group.error();
    return StoreSql::selectAll(
        m_catalogue, u"SELECT image_id FROM image_group_grants WHERE group_id = :id ORDER BY image_id"_s,
        {{u":id"_s, id}}, u"read the images of the group %1"_s.arg(quoted(group.value().name)),
        [](const QSqlQuery &q) { return q.value(0).toString(); });
}

} // namespace Kiln
