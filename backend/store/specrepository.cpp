#include "specrepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

constexpr int kMaxPageSize = 10000;

const QString kSpecColumns = u"s.id, s.name, s.created_at, s.updated_at, s.current_revision_id"_s;
const QString kRevisionColumns = u"r.id, r.spec_id, r.content_hash, r.base_image, r.apt_packages, "
                                 "r.conda_packages, r.pip_packages, r.pull_secret_ref, r.containerfile, "
                                 "r.created_at"_s;

ImageSpec readSpec(const QSqlQuery &q)
{
    return ImageSpec{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
                     q.value(3).toLongLong(), StoreSql::text(q.value(4))};
}

SpecRevision readRevision(const QSqlQuery &q)
{
    SpecRevision revision;
    revision.id = q.value(0).toString();
    revision.specId = q.value(1).toString();
    revision.content.contentHash = q.value(2).toString();
    revision.content.baseImage = q.value(3).toString();
    revision.content.aptPackages = StoreSql::decodeList(q.value(4).toString());
    revision.content.condaPackages = StoreSql::decodeList(q.value(5).toString());
    revision.content.pipPackages = StoreSql::decodeList(q.value(6).toString());
    revision.content.pullSecretRef = StoreSql::text(q.value(7));
    revision.content.containerfile = StoreSql::text(q.value(8));
    revision.createdAt = q.value(9).toLongLong();
    return revision;
}

Result<Done, StoreError> checkContent(const SpecContent &content)
{
    if (content.contentHash.isEmpty())
        return StoreError{StoreError::Code::Invalid, u"A spec revision needs its content hash."_s};
    if (content.baseImage.isEmpty())
        return StoreError{StoreError::Code::Invalid, u"A spec revision needs a base image."_s};
    return Done{};
}

// Inserts the revision row and makes it the spec's current revision.
Result<SpecRevision, StoreError> insertRevision(StoreSql::Session &session, const QString &specId,
                                                const SpecContent &content, const QString &action)
{
    SpecRevision revision{StoreSql::newId(), specId, content, session.now};
    auto inserted = session.exec(
        u"INSERT INTO spec_revisions (id, spec_id, content_hash, base_image, apt_packages, conda_packages, "
        "pip_packages, pull_secret_ref, containerfile, created_at) VALUES (:id, :spec, :hash, :base, :apt, "
        ":conda, :pip, :secret, :containerfile, :created)"_s,
        {{u":id"_s, revision.id},
         {u":spec"_s, specId},
         {u":hash"_s, content.contentHash},
         {u":base"_s, content.baseImage},
         {u":apt"_s, StoreSql::encodeList(content.aptPackages)},
         {u":conda"_s, StoreSql::encodeList(content.condaPackages)},
         {u":pip"_s, StoreSql::encodeList(content.pipPackages)},
         {u":secret"_s, StoreSql::nullableText(content.pullSecretRef)},
         {u":containerfile"_s, StoreSql::nullableText(content.containerfile)},
         {u":created"_s, qlonglong(revision.createdAt)}},
        action);
    if (!inserted.ok())
        return inserted.error();
    auto updated = session.exec(
        u"UPDATE image_specs SET current_revision_id = :rev, updated_at = :now WHERE id = :id"_s,
        {{u":rev"_s, revision.id}, {u":now"_s, qlonglong(session.now)}, {u":id"_s, specId}}, action);
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"spec"_s, u"id"_s, specId);
    return revision;
}

Result<ImageSpec, StoreError> fetchOne(const Catalogue &catalogue, const QString &column,
                                       const QString &value)
{
    return StoreSql::selectOne(
        catalogue, u"SELECT %1 FROM image_specs s WHERE s.%2 = :value"_s.arg(kSpecColumns, column),
        {{u":value"_s, value}}, u"read the spec %1"_s.arg(quoted(value)), readSpec,
        StoreSql::notFound(u"spec"_s, column, value));
}

} // namespace

Result<SpecWithRevision, StoreError> SpecRepository::create(const QString &name,
                                                            const SpecContent &content) const
{
    auto validName = StoreSql::checkName(u"spec"_s, name);
    if (!validName.ok())
        return validName.error();
    auto validContent = checkContent(content);
    if (!validContent.ok())
        return validContent.error();
    const QString action = u"create the spec %1"_s.arg(quoted(name));
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    StoreSql::Transaction &transaction = write.value().transaction;

    ImageSpec spec{StoreSql::newId(), name, s.now, s.now, {}};
    auto inserted = s.exec(
        u"INSERT INTO image_specs (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now2)"_s,
        {{u":id"_s, spec.id},
         {u":name"_s, name},
         {u":now"_s, qlonglong(s.now)},
         {u":now2"_s, qlonglong(s.now)}},
        action);
    if (!inserted.ok())
        return StoreSql::onConflict(inserted.error(), u"A spec named %1 already exists."_s.arg(quoted(name)));
    auto revision = insertRevision(s, spec.id, content, action);
    if (!revision.ok())
        return revision.error();
    auto committed = transaction.commit(action);
    if (!committed.ok())
        return committed.error();
    spec.currentRevisionId = revision.value().id;
    return SpecWithRevision{spec, revision.value()};
}

Result<SpecRevision, StoreError> SpecRepository::addRevision(const QString &specId,
                                                             const SpecContent &content) const
{
    auto validContent = checkContent(content);
    if (!validContent.ok())
        return validContent.error();
    const QString action = u"add a revision to the spec %1"_s.arg(quoted(specId));
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    StoreSql::Transaction &transaction = write.value().transaction;
    auto revision = insertRevision(s, specId, content, action);
    if (!revision.ok()) {
        if (revision.error().code == StoreError::Code::NotFound)
            return StoreSql::notFound(u"spec"_s, u"id"_s, specId);
        return revision.error();
    }
    auto committed = transaction.commit(action);
    if (!committed.ok())
        return committed.error();
    return revision.value();
}

Result<ImageSpec, StoreError> SpecRepository::get(const QString &id) const
{
    return fetchOne(m_catalogue, u"id"_s, id);
}

Result<ImageSpec, StoreError> SpecRepository::getByName(const QString &name) const
{
    return fetchOne(m_catalogue, u"name"_s, name);
}

Result<ImageSpec, StoreError> SpecRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &SpecRepository::get, &SpecRepository::getByName, idOrName,
                                    u"spec"_s);
}

Result<SpecRevision, StoreError> SpecRepository::revision(const QString &revisionId) const
{
    return StoreSql::selectOne(
        m_catalogue, u"SELECT %1 FROM spec_revisions r WHERE r.id = :id"_s.arg(kRevisionColumns),
        {{u":id"_s, revisionId}}, u"read the spec revision %1"_s.arg(quoted(revisionId)), readRevision,
        StoreSql::notFound(u"spec revision"_s, u"id"_s, revisionId));
}

Result<QList<SpecRevision>, StoreError> SpecRepository::revisions(const QString &specId) const
{
    auto spec = get(specId);
    if (!spec.ok())
        return spec.error();
    return StoreSql::selectAll(
        m_catalogue,
        u"SELECT %1 FROM spec_revisions r WHERE r.spec_id = :spec ORDER BY r.created_at DESC, r.id DESC"_s
            .arg(kRevisionColumns),
        {{u":spec"_s, specId}}, u"read the revisions of the spec %1"_s.arg(quoted(spec.value().name)),
        readRevision);
}

Result<std::optional<SpecRevision>, StoreError>
SpecRepository::findRevisionByHash(const QString &specId, const QString &contentHash) const
{
    return StoreSql::selectFirst(
        m_catalogue,
        u"SELECT %1 FROM spec_revisions r WHERE r.spec_id = :spec AND r.content_hash = :hash "
        "ORDER BY r.created_at DESC, r.id DESC LIMIT 1"_s.arg(kRevisionColumns),
        {{u":spec"_s, specId}, {u":hash"_s, contentHash}},
        u"look up the revision %1"_s.arg(quoted(contentHash)), readRevision);
}

Result<SpecPage, StoreError> SpecRepository::list(const SpecListQuery &request) const
{
    if (request.limit < 1 || request.limit > kMaxPageSize)
        return StoreError{
            StoreError::Code::Invalid,
            u"A page of specs holds 1 to %1 rows, not %2."_s.arg(kMaxPageSize).arg(request.limit)};
    QStringList where;
    StoreSql::Bindings bindings;
    if (!request.nameContains.isEmpty()) {
        where << u"s.name LIKE :pattern ESCAPE '!'"_s;
        bindings.append({u":pattern"_s, StoreSql::containsPattern(request.nameContains.toLower())});
    }
    const QString cmp = request.descending ? u"<"_s : u">"_s;
    const QString dir = request.descending ? u" DESC"_s : QString();
    QString order;
    if (request.sort == SpecSort::Name) {
        order = u"s.name"_s + dir;
        if (request.after) {
            where << u"s.name %1 :after_name"_s.arg(cmp);
            bindings.append({u":after_name"_s, request.after->name});
        }
    } else {
        order = u"s.updated_at%1, s.name%1"_s.arg(dir);
        if (request.after) {
            where << u"(s.updated_at, s.name) %1 (:after_updated, :after_name)"_s.arg(cmp);
            bindings.append({u":after_updated"_s, qlonglong(request.after->updatedAt)});
            bindings.append({u":after_name"_s, request.after->name});
        }
    }
    bindings.append({u":limit"_s, request.limit + 1});
    const QString sql =
        u"SELECT %1, "
        "(SELECT j.status FROM build_jobs j WHERE j.spec_id = s.id "
        "ORDER BY j.created_at DESC, j.id DESC LIMIT 1), "
        "(SELECT j.target_image FROM build_jobs j WHERE j.spec_id = s.id AND j.status = 'succeeded' "
        "ORDER BY j.created_at DESC, j.id DESC LIMIT 1) "
        "FROM image_specs s %2 ORDER BY %3 LIMIT :limit"_s.arg(
            kSpecColumns, where.isEmpty() ? QString() : u"WHERE "_s + where.join(u" AND "_s), order);

    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto query = session.value().exec(sql, bindings, u"list the specs"_s);
    if (!query.ok())
        return query.error();
    SpecPage page;
    while (query.value().next()) {
        if (page.rows.size() == request.limit) {
            const ImageSpec &last = page.rows.constLast().spec;
            page.next = SpecCursor{last.name, last.updatedAt};
            break;
        }
        SpecSummary summary;
        summary.spec = readSpec(query.value());
        summary.latestJobStatus = jobStatusFromName(StoreSql::text(query.value().value(5)));
        summary.latestImage = StoreSql::text(query.value().value(6));
        page.rows.append(summary);
    }
    return page;
}

Result<qint64, StoreError> SpecRepository::count(const QString &nameContains) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto query =
        nameContains.isEmpty()
            ? session.value().exec(u"SELECT COUNT(*) FROM image_specs"_s, {}, u"count the specs"_s)
            : session.value().exec(u"SELECT COUNT(*) FROM image_specs WHERE name LIKE :p ESCAPE '!'"_s,
                                   {{u":p"_s, StoreSql::containsPattern(nameContains.toLower())}},
                                   u"count the specs"_s);
    if (!query.ok())
        return query.error();
    return query.value().next() ? query.value().value(0).toLongLong() : qint64(0);
}

Result<SpecSummary, StoreError> SpecRepository::summary(const QString &specId) const
{
    return StoreSql::selectOne(
        m_catalogue,
        u"SELECT %1, "
        "(SELECT j.status FROM build_jobs j WHERE j.spec_id = s.id "
        "ORDER BY j.created_at DESC, j.id DESC LIMIT 1), "
        "(SELECT j.target_image FROM build_jobs j WHERE j.spec_id = s.id AND j.status = 'succeeded' "
        "ORDER BY j.created_at DESC, j.id DESC LIMIT 1) "
        "FROM image_specs s WHERE s.id = :id"_s.arg(kSpecColumns),
        {{u":id"_s, specId}}, u"read the spec %1"_s.arg(quoted(specId)),
        [](const QSqlQuery &q) {
            SpecSummary summary;
            summary.spec = readSpec(q);
            summary.latestJobStatus = jobStatusFromName(StoreSql::text(q.value(5)));
            summary.latestImage = StoreSql::text(q.value(6));
            return summary;
        },
        StoreSql::notFound(u"spec"_s, u"id"_s, specId));
}

Result<Done, StoreError> SpecRepository::remove(const QString &specId) const
{
    auto spec = get(specId);
    if (!spec.ok())
        return spec.error();
    const QString action = u"delete the spec %1"_s.arg(quoted(spec.value().name));
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    StoreSql::Transaction &transaction = write.value().transaction;
    auto active = s.exec(u"SELECT COUNT(*) FROM build_jobs WHERE spec_id = :id "
                         "AND status IN ('queued', 'running')"_s,
                         {{u":id"_s, specId}}, action);
    if (!active.ok())
        return active.error();
    if (active.value().next() && active.value().value(0).toLongLong() > 0)
        return StoreError{
            StoreError::Code::InUse,
            u"The spec %1 has a queued or running build; cancel it before deleting the spec."_s.arg(
                quoted(spec.value().name))};
    active.value().finish();
    // Break the spec -> current revision link first, so the cascade runs one way.
    auto unlinked = s.exec(u"UPDATE image_specs SET current_revision_id = NULL WHERE id = :id"_s,
                           {{u":id"_s, specId}}, action);
    if (!unlinked.ok())
        return unlinked.error();
    auto removed = s.exec(u"DELETE FROM image_specs WHERE id = :id"_s, {{u":id"_s, specId}}, action);
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"spec"_s, u"id"_s, specId);
    return transaction.commit(action);
}

} // namespace Kiln
