#include "bakeimagerepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

const QString kBakeColumns =
    u"b.id, b.name, b.display_name, b.description, b.source_kind, b.source_ref, b.pull_secret_id, "
    "b.managed_image_id, b.size_mib, b.default_cpu_millicores, b.default_memory_mb, b.default_disk_mb, "
    "b.scope, b.lazy_pull, b.preinstalled, b.scan_status, b.scan_reason, b.scan_findings, b.scanned_at, "
    "b.deactivated, b.state, b.phase, b.error_text, b.cancel_requested, b.runner, b.content_size, "
    "b.content_mtime, b.content_sha256, b.content_sha1, b.content_fmt, b.content_refcnt, b.content_path, "
    "b.created_at, b.updated_at"_s;

// The columns a finished bake or a removed content resets: no phase, scan to do again.
const QString kScanReset =
    u"scan_status = 'pending', scan_reason = NULL, scan_findings = NULL, scanned_at = NULL"_s;

BakeImage readImage(const QSqlQuery &q)
{
    BakeImage image;
    image.id = q.value(0).toString();
    image.name = q.value(1).toString();
    image.displayName = q.value(2).toString();
    image.description = q.value(3).toString();
    // The CHECK constraints admit only known names.
    image.source.kind = bakeSourceKindFromName(q.value(4).toString()).value_or(BakeSourceKind::Oci);
    image.source.ref = q.value(5).toString();
    image.pullSecretId = StoreSql::text(q.value(6));
    image.managedImageId = StoreSql::text(q.value(7));
    image.sizeMib = q.value(8).toLongLong();
    image.defaultCpuMillicores = StoreSql::optionalInt(q.value(9));
    image.defaultMemoryMb = StoreSql::optionalInt(q.value(10));
    image.defaultDiskMb = StoreSql::optionalInt(q.value(11));
    image.scope = bakeScopeFromName(q.value(12).toString()).value_or(BakeScope::Tenant);
    image.lazyPull = q.value(13).toBool();
    image.preinstalled = StoreSql::decodeList(q.value(14).toString());
    image.scanStatus = scanStatusFromName(q.value(15).toString()).value_or(ScanStatus::Pending);
    image.scanReason = StoreSql::text(q.value(16));
    image.scanFindingsJson = StoreSql::text(q.value(17));
    image.scannedAt = StoreSql::optionalInt(q.value(18));
    image.deactivated = q.value(19).toBool();
    image.state = bakeStateFromName(q.value(20).toString()).value_or(BakeState::Registered);
    image.phase = StoreSql::text(q.value(21));
    image.error = StoreSql::text(q.value(22));
    image.cancelRequested = q.value(23).toBool();
    image.runner = StoreSql::text(q.value(24));
    if (!q.value(27).isNull()) {
        BakeContent content;
        content.size = q.value(25).toLongLong();
        content.mtime = q.value(26).toLongLong();
        content.sha256 = q.value(27).toString();
        content.sha1 = StoreSql::text(q.value(28));
        content.fmt = StoreSql::text(q.value(29));
        content.refcnt = q.value(30).toLongLong();
        content.path = StoreSql::text(q.value(31));
        image.content = content;
    }
    image.createdAt = q.value(32).toLongLong();
    image.updatedAt = q.value(33).toLongLong();
    return image;
}

Result<QList<BakeImage>, StoreError> fetch(const Catalogue &catalogue, const QString &clause,
                                           const StoreSql::Bindings &bindings, const QString &action)
{
    return StoreSql::selectAll(catalogue, u"SELECT %1 FROM bake_images b %2"_s.arg(kBakeColumns, clause),
                               bindings, action, readImage);
}

Result<BakeImage, StoreError> fetchOne(const Catalogue &catalogue, const QString &column,
                                       const QString &value)
{
    return StoreSql::selectOne(
        catalogue, u"SELECT %1 FROM bake_images b WHERE b.%2 = :value"_s.arg(kBakeColumns, column),
        {{u":value"_s, value}}, u"read the bake image %1"_s.arg(quoted(value)), readImage,
        StoreSql::notFound(u"bake image"_s, column, value));
}

StoreError invalid(const QString &message)
{
    return StoreError{StoreError::Code::Invalid, message};
}

// Why `image` cannot be queued, or nothing.
std::optional<StoreError> whyNotQueued(const BakeImage &image)
{
    const QString name = quoted(image.name);
    if (image.deactivated)
        return invalid(u"The bake image %1 is deactivated; reactivate it before baking it."_s.arg(name));
    if (image.state == BakeState::Queued)
        return invalid(u"The bake image %1 is already queued for a bake."_s.arg(name));
    if (image.state == BakeState::Baking)
        return invalid(u"The bake image %1 is baking now."_s.arg(name));
    if (image.content) {
        return invalid(u"The bake image %1 already has content; content is never re-baked in place: register "
                       "a new name for a new bake (bake images are versioned by name)."_s.arg(name));
    }
    return std::nullopt;
}

Result<Done, StoreError> checkDefaults(const QString &name, std::optional<qint64> cpu,
                                       std::optional<qint64> memory, std::optional<qint64> disk)
{
    const std::pair<std::optional<qint64>, QString> values[] = {
        {cpu, u"CPU"_s}, {memory, u"memory"_s}, {disk, u"disk"_s}};
    for (const auto &[value, what] : values) {
        if (value && *value <= 0)
            return invalid(
                u"The default %1 of the bake image %2 must be positive, not %3."_s.arg(what, quoted(name))
                    .arg(*value));
    }
    return Done{};
}

Result<Done, StoreError> checkSize(const QString &name, qint64 sizeMib)
{
    if (sizeMib <= 0)
        return invalid(
            u"The size of the bake image %1 must be a positive number of MiB, not %2."_s.arg(quoted(name))
                .arg(sizeMib));
    return Done{};
}

// The error for a conditional UPDATE of `id` that changed no row: NotFound when the
// image is gone, else what `explain` says of the image as it is now.
template <typename Explain>
StoreError unchanged(const BakeImageRepository &repository, const QString &id, Explain explain)
{
    auto current = repository.get(id);
    if (!current.ok())
        return current.error();
    return explain(current.value());
}

StoreError notBaking(const BakeImage &image, const QString &what)
{
    return invalid(u"The bake image %1 is %2, not baking; %3."_s.arg(quoted(image.name),
                                                                     bakeStateName(image.state), what));
}

} // namespace

Result<BakeImage, StoreError> BakeImageRepository::registerImage(const BakeImage &draft) const
{
    auto name = StoreSql::checkName(u"bake image"_s, draft.name);
    if (!name.ok())
        return name.error();
    auto size = checkSize(draft.name, draft.sizeMib);
    if (!size.ok())
        return size.error();
    auto defaults =
        checkDefaults(draft.name, draft.defaultCpuMillicores, draft.defaultMemoryMb, draft.defaultDiskMb);
    if (!defaults.ok())
        return defaults.error();
    if (draft.source.ref.isEmpty())
        return invalid(u"The bake image %1 needs a source."_s.arg(quoted(draft.name)));

    const QString id = StoreSql::newId();
    const QString action = u"register the bake image %1"_s.arg(quoted(draft.name));
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    auto inserted = s.exec(
        u"INSERT INTO bake_images (id, name, display_name, description, source_kind, source_ref, "
        "pull_secret_id, managed_image_id, size_mib, default_cpu_millicores, default_memory_mb, "
        "default_disk_mb, scope, lazy_pull, preinstalled, deactivated, state, created_at, updated_at) "
        "VALUES (:id, :name, :display, :description, :kind, :ref, :secret, :managed, :size, :cpu, :memory, "
        ":disk, :scope, :lazy, :preinstalled, :deactivated, 'registered', :created, :updated)"_s,
        {{u":id"_s, id},
         {u":name"_s, draft.name},
         {u":display"_s, draft.displayName.isEmpty() ? draft.name : draft.displayName},
         {u":description"_s, draft.description.isNull() ? u""_s : draft.description},
         {u":kind"_s, bakeSourceKindName(draft.source.kind)},
         {u":ref"_s, draft.source.ref},
         {u":secret"_s, StoreSql::nullableText(draft.pullSecretId)},
         {u":managed"_s, StoreSql::nullableText(draft.managedImageId)},
         {u":size"_s, qlonglong(draft.sizeMib)},
         {u":cpu"_s, StoreSql::nullableInt(draft.defaultCpuMillicores)},
         {u":memory"_s, StoreSql::nullableInt(draft.defaultMemoryMb)},
         {u":disk"_s, StoreSql::nullableInt(draft.defaultDiskMb)},
         {u":scope"_s, bakeScopeName(draft.scope)},
         {u":lazy"_s, draft.lazyPull},
         {u":preinstalled"_s, StoreSql::encodeList(draft.preinstalled)},
         {u":deactivated"_s, draft.deactivated},
         {u":created"_s, qlonglong(s.now)},
         {u":updated"_s, qlonglong(s.now)}},
        action);
    if (!inserted.ok()) {
        const StoreError &error = inserted.error();
        if (error.code == StoreError::Code::NotFound) {
            return StoreError{
                StoreError::Code::NotFound,
                u"Could not register the bake image %1: its pull secret or managed image does not "
                "exist."_s.arg(quoted(draft.name))};
        }
        return StoreSql::onConflict(
            error, u"A bake image named %1 already exists. Bake images are versioned by "
                   "name: register the new version under a new name."_s.arg(quoted(draft.name)));
    }
    inserted.value().finish();
    auto committed = write.value().transaction.commit(action);
    if (!committed.ok())
        return committed.error();
    return get(id);
}

Result<BakeImage, StoreError> BakeImageRepository::get(const QString &id) const
{
    return fetchOne(m_catalogue, u"id"_s, id);
}

Result<BakeImage, StoreError> BakeImageRepository::getByName(const QString &name) const
{
    return fetchOne(m_catalogue, u"name"_s, name);
}

Result<BakeImage, StoreError> BakeImageRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &BakeImageRepository::get, &BakeImageRepository::getByName,
                                    idOrName, u"bake image"_s);
}

Result<QList<BakeImage>, StoreError> BakeImageRepository::list(const BakeImageListQuery &query) const
{
    QStringList where;
    StoreSql::Bindings bindings;
    if (!query.nameContains.isEmpty()) {
        where << u"(b.name LIKE :p1 ESCAPE '!' OR LOWER(b.display_name) LIKE :p2 ESCAPE '!')"_s;
        const QString pattern = StoreSql::containsPattern(query.nameContains.toLower());
        bindings.append({u":p1"_s, pattern});
        bindings.append({u":p2"_s, pattern});
    }
    if (!query.includeDeactivated)
        where << u"b.deactivated = FALSE"_s;
    const QString clause =
        (where.isEmpty() ? QString() : u"WHERE "_s + where.join(u" AND "_s)) + u" ORDER BY b.name"_s;
    return fetch(m_catalogue, clause, bindings, u"list the bake images"_s);
}

Result<BakeImage, StoreError> BakeImageRepository::updateDetails(const QString &id,
                                                                 const BakeImageDetails &details) const
{
    auto current = get(id);
    if (!current.ok())
        return current.error();
    const BakeImage &was = current.value();
    const bool sourceChanges = details.source && *details.source != was.source;
    const bool sizeChanges = details.sizeMib && *details.sizeMib != was.sizeMib;
    if (sourceChanges || sizeChanges) {
        const QString what = sourceChanges ? u"source"_s : u"size"_s;
        if (was.content) {
            return invalid(
                u"The %1 of the bake image %2 cannot change: it has content. Register a new name for "
                "a new %1."_s.arg(what, quoted(was.name)));
        }
        if (was.state == BakeState::Queued || was.state == BakeState::Baking) {
            return invalid(u"The %1 of the bake image %2 cannot change while it is %3; cancel the bake "
                           "first."_s.arg(what, quoted(was.name), bakeStateName(was.state)));
        }
        if (details.source && details.source->ref.isEmpty())
            return invalid(u"The bake image %1 needs a source."_s.arg(quoted(was.name)));
    }
    const qint64 sizeMib = details.sizeMib.value_or(was.sizeMib);
    auto size = checkSize(was.name, sizeMib);
    if (!size.ok())
        return size.error();
    auto defaults =
        checkDefaults(was.name, details.defaultCpuMillicores, details.defaultMemoryMb, details.defaultDiskMb);
    if (!defaults.ok())
        return defaults.error();
    const BakeSource source = details.source.value_or(was.source);

    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    const QString action = u"save the bake image %1"_s.arg(quoted(was.name));
    // When the source or size changes, only while there is no content and no bake.
    const QString guard = sourceChanges || sizeChanges
                              ? u" AND content_sha256 IS NULL AND state NOT IN ('queued', 'baking')"_s
                              : QString();
    auto updated =
        s.exec(u"UPDATE bake_images SET display_name = :display, description = :description, "
               "default_cpu_millicores = :cpu, default_memory_mb = :memory, default_disk_mb = :disk, "
               "scope = :scope, lazy_pull = :lazy, preinstalled = :preinstalled, source_kind = :kind, "
               "source_ref = :ref, size_mib = :size, updated_at = :now WHERE id = :id%1"_s.arg(guard),
               {{u":display"_s, details.displayName.isEmpty() ? was.name : details.displayName},
                {u":description"_s, details.description.isNull() ? u""_s : details.description},
                {u":cpu"_s, StoreSql::nullableInt(details.defaultCpuMillicores)},
                {u":memory"_s, StoreSql::nullableInt(details.defaultMemoryMb)},
                {u":disk"_s, StoreSql::nullableInt(details.defaultDiskMb)},
                {u":scope"_s, bakeScopeName(details.scope)},
                {u":lazy"_s, details.lazyPull},
                {u":preinstalled"_s, StoreSql::encodeList(details.preinstalled)},
                {u":kind"_s, bakeSourceKindName(source.kind)},
                {u":ref"_s, source.ref},
                {u":size"_s, qlonglong(sizeMib)},
                {u":now"_s, qlonglong(s.now)},
                {u":id"_s, id}},
               action);
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1) {
        return unchanged(*this, id, [](const BakeImage &image) {
            return invalid(u"The bake image %1 started baking or got content meanwhile; its source and size "
                           "cannot change now."_s.arg(quoted(image.name)));
        });
    }
    return get(id);
}

Result<BakeImage, StoreError> BakeImageRepository::requestBake(const QString &idOrName) const
{
    auto current = find(idOrName);
    if (!current.ok())
        return current.error();
    if (auto refused = whyNotQueued(current.value()))
        return *refused;
    const QString id = current.value().id;
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated = s.exec(
        u"UPDATE bake_images SET state = 'queued', queued_at = :queued, updated_at = :now, phase = NULL, "
        "error_text = NULL, runner = NULL, cancel_requested = FALSE WHERE id = :id AND state IN "
        "('registered', "
        "'failed', 'cancelled') AND deactivated = FALSE AND content_sha256 IS NULL"_s,
        {{u":queued"_s, qlonglong(s.now)}, {u":now"_s, qlonglong(s.now)}, {u":id"_s, id}},
        u"queue a bake of the bake image %1"_s.arg(quoted(current.value().name)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1) {
        return unchanged(*this, id, [](const BakeImage &image) {
            return whyNotQueued(image).value_or(
                invalid(u"The bake image %1 changed meanwhile; try again."_s.arg(quoted(image.name))));
        });
    }
    return get(id);
}

Result<std::optional<BakeImage>, StoreError> BakeImageRepository::claimNextBake(const QString &runner) const
{
    const QString action = u"claim the next queued bake"_s;
    // Another runner may take the oldest image between the two statements: then try
    // the next one. The UPDATE's state condition makes the claim atomic; every lost
    // race means another runner claimed one, so the loop ends.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        auto write = StoreSql::WriteSession::begin(m_catalogue, action);
        if (!write.ok())
            return write.error();
        StoreSql::Session &s = write.value().session;
        auto next =
            s.exec(u"SELECT id FROM bake_images WHERE state = 'queued' ORDER BY queued_at, id LIMIT 1"_s, {},
                   action);
        if (!next.ok())
            return next.error();
        if (!next.value().next())
            return std::optional<BakeImage>();
        const QString id = next.value().value(0).toString();
        next.value().finish();
        auto claimed =
            s.exec(u"UPDATE bake_images SET state = 'baking', runner = :runner, phase = NULL, "
                   "error_text = NULL, cancel_requested = FALSE, updated_at = :now "
                   "WHERE id = :id AND state = 'queued'"_s,
                   {{u":runner"_s, runner}, {u":now"_s, qlonglong(s.now)}, {u":id"_s, id}}, action);
        if (!claimed.ok())
            return claimed.error();
        const bool won = claimed.value().numRowsAffected() == 1;
        claimed.value().finish();
        auto committed = write.value().transaction.commit(action);
        if (!committed.ok())
            return committed.error();
        if (!won)
            continue;
        auto image = get(id);
        if (!image.ok())
            return image.error();
        return std::optional<BakeImage>(image.value());
    }
    return std::optional<BakeImage>();
}

Result<Done, StoreError> BakeImageRepository::setPhase(const QString &id, const QString &phase) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated = s.exec(
        u"UPDATE bake_images SET phase = :phase, updated_at = :now WHERE id = :id AND state = 'baking'"_s,
        {{u":phase"_s, StoreSql::nullableText(phase)}, {u":now"_s, qlonglong(s.now)}, {u":id"_s, id}},
        u"record the phase of the bake image %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1) {
        return unchanged(*this, id,
                         [](const BakeImage &image) { return notBaking(image, u"it has no phase"_s); });
    }
    return Done{};
}

Result<BakeImage, StoreError> BakeImageRepository::requestCancel(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    const QString action = u"cancel the bake of the bake image %1"_s.arg(quoted(id));
    // A queued bake is cancelled at once; if a runner claimed it meanwhile, the
    // second statement asks that runner to stop.
    auto queued =
        s.exec(u"UPDATE bake_images SET state = 'cancelled', phase = NULL, cancel_requested = FALSE, "
               "updated_at = :now WHERE id = :id AND state = 'queued'"_s,
               {{u":now"_s, qlonglong(s.now)}, {u":id"_s, id}}, action);
    if (!queued.ok())
        return queued.error();
    if (queued.value().numRowsAffected() == 1)
        return get(id);
    queued.value().finish();
    auto baking = s.exec(u"UPDATE bake_images SET cancel_requested = TRUE, updated_at = :now "
                         "WHERE id = :id AND state = 'baking'"_s,
                         {{u":now"_s, qlonglong(s.now)}, {u":id"_s, id}}, action);
    if (!baking.ok())
        return baking.error();
    if (baking.value().numRowsAffected() != 1) {
        return unchanged(*this, id, [](const BakeImage &image) {
            return invalid(u"The bake image %1 is %2; only a queued or baking bake can be cancelled."_s.arg(
                quoted(image.name), bakeStateName(image.state)));
        });
    }
    return get(id);
}

Result<bool, StoreError> BakeImageRepository::isCancelRequested(const QString &id) const
{
    return StoreSql::selectOne(
        m_catalogue, u"SELECT cancel_requested FROM bake_images WHERE id = :id"_s, {{u":id"_s, id}},
        u"read the cancel request of the bake image %1"_s.arg(quoted(id)),
        [](const QSqlQuery &q) { return q.value(0).toBool(); },
        StoreSql::notFound(u"bake image"_s, u"id"_s, id));
}

Result<BakeImage, StoreError> BakeImageRepository::finishBake(const QString &id,
                                                              const BakeOutcome &outcome) const
{
    QString set;
    StoreSql::Bindings bindings;
    QString outcomeName;
    switch (outcome.kind) {
    case BakeOutcome::Kind::Succeeded: {
        const BakeContent &content = outcome.content;
        if (content.sha256.isEmpty() || content.path.isEmpty() || content.size < 0)
            return invalid(u"A finished bake needs its content's path, size and SHA-256."_s);
        set = u"state = 'baked', error_text = NULL, content_size = :size, content_mtime = :mtime, "
              "content_sha256 = :sha256, content_sha1 = :sha1, content_fmt = :fmt, content_refcnt = 1, "
              "content_path = :path, "_s +
              kScanReset;
        bindings = {{u":size"_s, qlonglong(content.size)},
                    {u":mtime"_s, qlonglong(content.mtime)},
                    {u":sha256"_s, content.sha256},
                    {u":sha1"_s, StoreSql::nullableText(content.sha1)},
                    {u":fmt"_s, content.fmt.isEmpty() ? u"ext4"_s : content.fmt},
                    {u":path"_s, content.path}};
        outcomeName = u"baked"_s;
        break;
    }
    case BakeOutcome::Kind::Failed:
        set = u"state = 'failed', error_text = :error"_s;
        bindings = {{u":error"_s, outcome.error.isEmpty() ? u"The bake failed."_s : outcome.error}};
        outcomeName = u"failed"_s;
        break;
    case BakeOutcome::Kind::Cancelled:
        set = u"state = 'cancelled', error_text = NULL"_s;
        outcomeName = u"cancelled"_s;
        break;
    }
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    bindings.append({u":now"_s, qlonglong(s.now)});
    bindings.append({u":id"_s, id});
    auto updated =
        s.exec(u"UPDATE bake_images SET %1, phase = NULL, cancel_requested = FALSE, updated_at = :now "
               "WHERE id = :id AND state = 'baking'"_s.arg(set),
               bindings, u"mark the bake image %1 as %2"_s.arg(quoted(id), outcomeName));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1) {
        return unchanged(*this, id, [&outcomeName](const BakeImage &image) {
            return notBaking(image, u"its bake cannot end as %1"_s.arg(outcomeName));
        });
    }
    return get(id);
}

Result<QList<BakeImage>, StoreError> BakeImageRepository::listBaking() const
{
    return fetch(m_catalogue, u"WHERE b.state = 'baking' ORDER BY b.name"_s, {}, u"list the bakes running"_s);
}

Result<QList<BakeImage>, StoreError>
BakeImageRepository::interruptBakes(const std::function<bool(const QString &runner)> &runnerIsDead) const
{
    auto baking = listBaking();
    if (!baking.ok())
        return baking.error();
    QList<BakeImage> dead;
    for (const BakeImage &image : std::as_const(baking.value())) {
        if (runnerIsDead(image.runner))
            dead.append(image);
    }
    if (dead.isEmpty())
        return dead;

    const QString action = u"mark interrupted bakes as failed"_s;
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    QStringList changed;
    for (const BakeImage &image : std::as_const(dead)) {
        const QString why =
            u"Interrupted: the process baking it (%1) ended before the bake finished. Bake it "
            "again to retry."_s.arg(image.runner.isEmpty() ? u"unknown"_s : image.runner);
        // Only if the same runner still holds it (another may have finished or re-claimed it).
        auto updated = s.exec(
            u"UPDATE bake_images SET state = 'failed', error_text = :error, phase = NULL, cancel_requested = "
            "FALSE, updated_at = :now WHERE id = :id AND state = 'baking' AND COALESCE(runner, '') = :runner"_s,
            {{u":error"_s, why},
             {u":now"_s, qlonglong(s.now)},
             {u":id"_s, image.id},
             {u":runner"_s, image.runner}},
            action);
        if (!updated.ok())
            return updated.error();
        if (updated.value().numRowsAffected() == 1)
            changed << image.id;
    }
    auto committed = write.value().transaction.commit(action);
    if (!committed.ok())
        return committed.error();
    QList<BakeImage> out;
    for (const QString &id : std::as_const(changed)) {
        auto image = get(id);
        if (!image.ok())
            return image.error();
        out.append(image.value());
    }
    return out;
}

Result<BakeImage, StoreError> BakeImageRepository::setContent(const QString &id,
                                                              const BakeContent &content) const
{
    if (content.sha256.isEmpty() || content.path.isEmpty() || content.size < 0)
        return invalid(u"Content needs its path, size and SHA-256."_s);
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated = s.exec(
        u"UPDATE bake_images SET state = 'baked', phase = NULL, error_text = NULL, content_size = :size, "
        "content_mtime = :mtime, content_sha256 = :sha256, content_sha1 = :sha1, content_fmt = :fmt, "
        "content_refcnt = :refcnt, content_path = :path, %1, updated_at = :now WHERE id = :id "
        "AND state NOT IN ('queued', 'baking') AND content_sha256 IS NULL"_s.arg(kScanReset),
        {{u":size"_s, qlonglong(content.size)},
         {u":mtime"_s, qlonglong(content.mtime)},
         {u":sha256"_s, content.sha256},
         {u":sha1"_s, StoreSql::nullableText(content.sha1)},
         {u":fmt"_s, content.fmt.isEmpty() ? u"ext4"_s : content.fmt},
         {u":refcnt"_s, qlonglong(std::max<qint64>(content.refcnt, 1))},
         {u":path"_s, content.path},
         {u":now"_s, qlonglong(s.now)},
         {u":id"_s, id}},
        u"store the content of the bake image %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1) {
        return unchanged(*this, id, [](const BakeImage &image) {
            if (image.content) {
                return invalid(u"The bake image %1 already has content; remove it first, or register a new "
                               "name."_s.arg(quoted(image.name)));
            }
            return invalid(u"The bake image %1 is %2; wait for the bake or cancel it before putting "
                           "content."_s.arg(quoted(image.name), bakeStateName(image.state)));
        });
    }
    return get(id);
}

Result<BakeImage, StoreError> BakeImageRepository::clearContent(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated =
        s.exec(u"UPDATE bake_images SET state = 'registered', content_size = NULL, content_mtime = "
               "NULL, content_sha256 = NULL, content_sha1 = NULL, content_fmt = NULL, content_refcnt = "
               "0, content_path = NULL, %1, updated_at = :now WHERE id = :id AND state <> 'baking' "
               "AND content_sha256 IS NOT NULL"_s.arg(kScanReset),
               {{u":now"_s, qlonglong(s.now)}, {u":id"_s, id}},
               u"remove the content of the bake image %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    auto current = get(id);
    if (!current.ok() || updated.value().numRowsAffected() == 1)
        return current;
    if (current.value().state == BakeState::Baking) {
        return StoreError{StoreError::Code::InUse,
                          u"The bake image %1 is baking; cancel the bake or wait for it before removing its "
                          "content."_s.arg(quoted(current.value().name))};
    }
    return current; // no content: nothing to remove
}

Result<BakeImage, StoreError> BakeImageRepository::setScan(const QString &id, ScanStatus status,
                                                           const QString &reason, const QString &findingsJson,
                                                           qint64 scannedAt) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated =
        s.exec(u"UPDATE bake_images SET scan_status = :status, scan_reason = :reason, scan_findings = "
               ":findings, scanned_at = :scanned, updated_at = :now WHERE id = :id"_s,
               {{u":status"_s, scanStatusName(status)},
                {u":reason"_s, StoreSql::nullableText(reason)},
                {u":findings"_s, StoreSql::nullableText(findingsJson)},
                {u":scanned"_s, qlonglong(scannedAt)},
                {u":now"_s, qlonglong(s.now)},
                {u":id"_s, id}},
               u"record the scan of the bake image %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"bake image"_s, u"id"_s, id);
    return get(id);
}

Result<QList<BakeImage>, StoreError> BakeImageRepository::listScanPending() const
{
    return fetch(
        m_catalogue,
        u"WHERE b.content_sha256 IS NOT NULL AND b.scan_status = 'pending' AND b.deactivated = FALSE "
        "ORDER BY b.name"_s,
        {}, u"list the bake images to scan"_s);
}

Result<BakeImage, StoreError> BakeImageRepository::setDeactivated(const QString &id, bool deactivated) const
{
    const QString action =
        u"%1 the bake image %2"_s.arg(deactivated ? u"deactivate"_s : u"reactivate"_s, quoted(id));
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    if (deactivated) {
        // Nothing new starts from a deactivated image: a queued bake is cancelled.
        auto cancelled = s.exec(u"UPDATE bake_images SET state = 'cancelled', updated_at = :now "
                                "WHERE id = :id AND state = 'queued'"_s,
                                {{u":now"_s, qlonglong(s.now)}, {u":id"_s, id}}, action);
        if (!cancelled.ok())
            return cancelled.error();
    }
    auto updated =
        s.exec(u"UPDATE bake_images SET deactivated = :deactivated, updated_at = :now WHERE id = :id"_s,
               {{u":deactivated"_s, deactivated}, {u":now"_s, qlonglong(s.now)}, {u":id"_s, id}}, action);
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"bake image"_s, u"id"_s, id);
    updated.value().finish();
    auto committed = write.value().transaction.commit(action);
    if (!committed.ok())
        return committed.error();
    return get(id);
}

Result<Done, StoreError> BakeImageRepository::remove(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(u"DELETE FROM bake_images WHERE id = :id AND state <> 'baking'"_s,
                                        {{u":id"_s, id}}, u"delete the bake image %1"_s.arg(quoted(id)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() == 1)
        return Done{};
    return unchanged(*this, id, [](const BakeImage &image) {
        return StoreError{StoreError::Code::InUse,
                          u"The bake image %1 is baking; cancel the bake or wait for it before deleting the "
                          "image."_s.arg(quoted(image.name))};
    });
}

} // namespace Kiln
