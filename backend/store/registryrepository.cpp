#include "registryrepository.h"

#include "catalogue.h"
#include "domain/imagereference.h"
#include "domain/names.h"
#include "sqlsupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

ValidationError fieldError(const QString &field, const QString &message, qsizetype column, int line = 0)
{
    return ValidationError(message, int(column), line, field);
}

bool isHostChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' ||
           c == u'.';
}

// http(s)://host[:port][/path][?query][#fragment], no user information.
Result<Done> validatePublicUrl(const QString &url)
{
    const QString field = u"Public URL"_s;
    if (url.isEmpty())
        return fieldError(field, u"a public URL is required, e.g. https://registry.example.org"_s, 1);
    qsizetype start = 0;
    if (url.startsWith(u"https://"_s))
        start = 8;
    else if (url.startsWith(u"http://"_s))
        start = 7;
    else
        return fieldError(field, u"the URL must start with http:// or https://"_s, 1);
    qsizetype end = start;
    while (end < url.size() && url.at(end) != u'/' && url.at(end) != u'?' && url.at(end) != u'#')
        ++end;
    const QStringView authority = QStringView(url).mid(start, end - start);
    if (authority.isEmpty())
        return fieldError(field, u"a host is missing after the scheme"_s, start + 1);
    if (const qsizetype at = authority.indexOf(u'@'); at >= 0)
        return fieldError(
            field, u"a user name or password cannot be part of the URL (keep them in a secret)"_s, start + 1);
    qsizetype hostEnd = 0; // in authority
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return fieldError(field, u"the IPv6 address is missing its closing ']'"_s, end + 1);
        for (qsizetype i = 1; i < close; ++i) {
            const QChar c = authority.at(i);
            if (!(c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f') || c == u':' || c == u'.'))
                return fieldError(field, u"'%1' cannot be part of an IPv6 address"_s.arg(c), start + i + 1);
        }
        hostEnd = close + 1;
    } else {
        hostEnd = authority.indexOf(u':');
        if (hostEnd < 0)
            hostEnd = authority.size();
        if (hostEnd == 0)
            return fieldError(field, u"a host is missing before the port"_s, start + 1);
        for (qsizetype i = 0; i < hostEnd; ++i) {
            if (!isHostChar(authority.at(i)))
                return fieldError(field, u"'%1' cannot be part of a host name"_s.arg(authority.at(i)),
                                  start + i + 1);
        }
        if (authority.at(0) == u'.' || authority.at(0) == u'-')
            return fieldError(field, u"a host name cannot start with '%1'"_s.arg(authority.at(0)), start + 1);
    }
    if (hostEnd < authority.size()) {
        if (authority.at(hostEnd) != u':')
            return fieldError(field, u"expected ':' and a port after the host"_s, start + hostEnd + 1);
        const QStringView port = authority.mid(hostEnd + 1);
        bool ok = false;
        const int number = port.toInt(&ok);
        for (qsizetype i = 0; i < port.size(); ++i) {
            if (!port.at(i).isDigit())
                return fieldError(field, u"a port is a number"_s, start + hostEnd + 2 + i);
        }
        if (!ok || number < 1 || number > 65535)
            return fieldError(field, u"a port is a number from 1 to 65535"_s, start + hostEnd + 2);
    }
    for (qsizetype i = end; i < url.size(); ++i) {
        const QChar c = url.at(i);
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return fieldError(field, u"blanks and control characters cannot be part of a URL"_s, i + 1);
    }
    if (!QUrl(url, QUrl::StrictMode).isValid())
        return fieldError(field, u"not a valid URL"_s, 1);
    return Done{};
}

// registry-host[:port][/repository/path], no scheme, tag, digest or trailing '/'.
Result<Done> validateImagePrefix(const QString &prefix)
{
    const QString field = u"Image prefix"_s;
    if (prefix.isEmpty())
        return fieldError(field, u"an image prefix is required, e.g. registry.example.org/team"_s, 1);
    if (const qsizetype scheme = prefix.indexOf(u"://"_s); scheme >= 0)
        return fieldError(field,
                          u"an image prefix has no scheme (write registry.example.org, not "
                          "https://registry.example.org)"_s,
                          1);
    if (prefix.endsWith(u'/'))
        return fieldError(field, u"an image prefix cannot end with '/'"_s, prefix.size());
    const qsizetype slash = prefix.indexOf(u'/');
    const QString host = slash < 0 ? prefix : prefix.left(slash);
    if (!host.contains(u'.') && !host.contains(u':') && host != u"localhost")
        return fieldError(
            field,
            u"an image prefix starts with a registry host such as registry.example.org or "
            "localhost:5000 (a first part without '.' or ':' would be a Docker Hub repository)"_s,
            1);
    if (slash >= 0) {
        for (qsizetype i = slash + 1; i < prefix.size(); ++i) {
            if (prefix.at(i) == u':')
                return fieldError(field, u"a tag cannot be part of an image prefix"_s, i + 1);
            if (prefix.at(i) == u'@')
                return fieldError(field, u"a digest cannot be part of an image prefix"_s, i + 1);
        }
    }
    if (const qsizetype at = host.indexOf(u'@'); at >= 0)
        return fieldError(field, u"a digest cannot be part of an image prefix"_s, at + 1);
    const auto parsed = parseImageReference(QString(prefix + u"/x:y"_s));
    if (!parsed.ok())
        return fieldError(field, parsed.error().message,
                          std::min<qsizetype>(parsed.error().column, prefix.size()));
    return Done{};
}

Result<Done> checkSize(qint64 value, const QString &field)
{
    if (value < -1)
        return fieldError(field, u"must be -1 (unknown) or a size of 0 or more, not %1"_s.arg(value), 1);
    return Done{};
}

const QString kRegistryColumns =
    u"r.id, r.name, r.metadata, r.public_url, r.image_prefix, r.auth_required, r.mirror_enabled, "
    "r.tls_verify, r.custom_ca_file, r.max_layer_size_mb, r.storage_type, r.storage_size_mb, r.memory_mb, "
    "r.registry_type, r.push_target, r.credentials_secret_id, r.health_status, r.health_latency_ms, "
    "r.health_checked_at, r.health_message, r.created_at, r.updated_at"_s;

QString encodeMetadata(const QMap<QString, QString> &metadata)
{
    QJsonObject object;
    for (auto it = metadata.begin(); it != metadata.end(); ++it)
        object.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QMap<QString, QString> decodeMetadata(const QString &json)
{
    QMap<QString, QString> metadata;
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        metadata.insert(it.key(),
                        it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
    return metadata;
}

Registry readRegistry(const QSqlQuery &q)
{
    Registry r;
    r.id = q.value(0).toString();
    r.name = q.value(1).toString();
    r.metadata = decodeMetadata(q.value(2).toString());
    r.publicUrl = q.value(3).toString();
    r.imagePrefix = q.value(4).toString();
    r.authRequired = q.value(5).toBool();
    r.mirrorEnabled = q.value(6).toBool();
    r.tlsVerify = q.value(7).toBool();
    r.customCaFile = StoreSql::text(q.value(8));
    r.maxLayerSizeMb = q.value(9).toLongLong();
    r.storageType = registryStorageFromName(q.value(10).toString()).value_or(RegistryStorage::Unknown);
    r.storageSizeMb = q.value(11).toLongLong();
    r.memoryMb = q.value(12).toLongLong();
    r.registryType = registryTypeFromName(q.value(13).toString()).value_or(RegistryType::External);
    r.pushTarget = q.value(14).toBool();
    r.credentialsSecretId = StoreSql::text(q.value(15));
    r.healthStatus = q.value(16).toString();
    r.healthLatencyMs = StoreSql::optionalInt(q.value(17));
    r.healthCheckedAt = StoreSql::optionalInt(q.value(18));
    r.healthMessage = StoreSql::text(q.value(19));
    r.createdAt = q.value(20).toLongLong();
    r.updatedAt = q.value(21).toLongLong();
    return r;
}

// Fills in the tags of `registries` from one query.
Result<Done, StoreError> attachTags(const Catalogue &catalogue, QList<Registry> &registries,
                                    const QString &where, const StoreSql::Bindings &bindings)
{
    auto tags = StoreSql::selectAll(
        catalogue,
        u"SELECT t.registry_id, t.tag FROM registry_tags t %1 ORDER BY t.registry_id, t.tag"_s.arg(where),
        bindings, u"read the registry tags"_s, [](const QSqlQuery &q) {
            return std::pair{q.value(0).toString(), q.value(1).toString()};
        });
    if (!tags.ok())
        return tags.error();
    QHash<QString, QStringList> byRegistry;
    for (const auto &[id, tag] : tags.value())
        byRegistry[id].append(tag);
    for (Registry &registry : registries)
        registry.tags = byRegistry.value(registry.id);
    return Done{};
}

Result<Registry, StoreError> fetchOne(const Catalogue &catalogue, const QString &column, const QString &value)
{
    auto row = StoreSql::selectOne(
        catalogue, u"SELECT %1 FROM registries r WHERE r.%2 = :value"_s.arg(kRegistryColumns, column),
        {{u":value"_s, value}}, u"read the registry %1"_s.arg(quoted(value)), readRegistry,
        StoreSql::notFound(u"registry"_s, column, value));
    if (!row.ok())
        return row.error();
    QList<Registry> one{std::move(row).value()};
    auto tagged = attachTags(catalogue, one, u"WHERE t.registry_id = :id"_s, {{u":id"_s, one.first().id}});
    if (!tagged.ok())
        return tagged.error();
    return one.first();
}

StoreError invalid(const ValidationError &error, const QString &name)
{
    return StoreError{StoreError::Code::Invalid,
                      u"The registry %1 is not valid: %2"_s.arg(quoted(name), error.describe())};
}

QStringList sortedTags(QStringList tags)
{
    tags.sort();
    return tags;
}

// Binds the columns create() and update() write.
StoreSql::Bindings editableBindings(const Registry &r, qint64 now)
{
    return {
        {u":metadata"_s, encodeMetadata(r.metadata)},
        {u":url"_s, r.publicUrl},
        {u":prefix"_s, r.imagePrefix},
        {u":auth"_s, r.authRequired},
        {u":mirror"_s, r.mirrorEnabled},
        {u":tls"_s, r.tlsVerify},
        {u":ca"_s, StoreSql::nullableText(r.customCaFile)},
        {u":layer"_s, qlonglong(r.maxLayerSizeMb)},
        {u":storage"_s, registryStorageName(r.storageType)},
        {u":storagesize"_s, qlonglong(r.storageSizeMb)},
        {u":memory"_s, qlonglong(r.memoryMb)},
        {u":type"_s, registryTypeName(r.registryType)},
        {u":credentials"_s, StoreSql::nullableText(r.credentialsSecretId)},
        {u":now"_s, qlonglong(now)},
        {u":id"_s, r.id},
    };
}

Result<Done, StoreError> checkCredentials(StoreSql::Session &s, const QString &secretId,
                                          const QString &action)
{
    if (secretId.isEmpty())
        return Done{};
    auto found = s.exec(u"SELECT 1 FROM secrets WHERE id = :id"_s, {{u":id"_s, secretId}}, action);
    if (!found.ok())
        return found.error();
    if (!found.value().next())
        return StoreSql::notFound(u"secret"_s, u"id"_s, secretId);
    return Done{};
}

Result<Done, StoreError> replaceTags(StoreSql::Session &s, const Registry &r, const QString &action)
{
    auto cleared = s.exec(u"DELETE FROM registry_tags WHERE registry_id = :id"_s, {{u":id"_s, r.id}}, action);
    if (!cleared.ok())
        return cleared.error();
    for (const QString &tag : r.tags) {
        auto added = s.exec(u"INSERT INTO registry_tags (registry_id, tag) VALUES (:id, :tag)"_s,
                            {{u":id"_s, r.id}, {u":tag"_s, tag}}, action);
        if (!added.ok())
            return added.error();
    }
    return Done{};
}

Result<Done, StoreError> clearPushTargets(StoreSql::Session &s, const QString &action)
{
    auto cleared =
        s.exec(u"UPDATE registries SET push_target = FALSE WHERE push_target = TRUE"_s, {}, action);
    if (!cleared.ok())
        return cleared.error();
    return Done{};
}

} // namespace

QString registryStorageName(RegistryStorage storage)
{
    switch (storage) {
    case RegistryStorage::S3:
        return u"s3"_s;
    case RegistryStorage::ObjectStore:
        return u"object-store"_s;
    case RegistryStorage::Fs:
        return u"fs"_s;
    case RegistryStorage::Unknown:
        return u"unknown"_s;
    }
    return u"unknown"_s;
}

std::optional<RegistryStorage> registryStorageFromName(const QString &name)
{
    for (auto storage :
         {RegistryStorage::S3, RegistryStorage::ObjectStore, RegistryStorage::Fs, RegistryStorage::Unknown}) {
        if (registryStorageName(storage) == name)
            return storage;
    }
    return std::nullopt;
}

QString registryTypeName(RegistryType type)
{
    return type == RegistryType::Internal ? u"internal"_s : u"external"_s;
}

std::optional<RegistryType> registryTypeFromName(const QString &name)
{
    if (name == u"internal")
        return RegistryType::Internal;
    if (name == u"external")
        return RegistryType::External;
    return std::nullopt;
}

Result<Done> validateRegistry(const Registry &registry)
{
    if (auto name = validateName(registry.name); !name.ok()) {
        ValidationError error = name.error();
        error.field = u"Name"_s;
        return error;
    }
    if (auto url = validatePublicUrl(registry.publicUrl); !url.ok())
        return url.error();
    if (auto prefix = validateImagePrefix(registry.imagePrefix); !prefix.ok())
        return prefix.error();
    if (!registry.customCaFile.isEmpty() && !QDir::isAbsolutePath(registry.customCaFile))
        return fieldError(u"CA file"_s, u"the CA file must be an absolute path"_s, 1);
    for (const auto &[value, field] : {std::pair{registry.maxLayerSizeMb, u"Max layer size (MB)"_s},
                                       std::pair{registry.storageSizeMb, u"Storage size (MB)"_s},
                                       std::pair{registry.memoryMb, u"Memory (MB)"_s}}) {
        if (auto size = checkSize(value, field); !size.ok())
            return size.error();
    }
    int line = 0;
    for (auto it = registry.metadata.begin(); it != registry.metadata.end(); ++it) {
        ++line;
        if (it.key().trimmed().isEmpty())
            return fieldError(u"Metadata"_s, u"a metadata key cannot be empty or blank"_s, 1, line);
    }
    QSet<QString> seen;
    for (qsizetype i = 0; i < registry.tags.size(); ++i) {
        const QString &tag = registry.tags.at(i);
        if (auto valid = validateName(tag); !valid.ok()) {
            ValidationError error = valid.error();
            error.field = u"Tags"_s;
            error.line = int(i) + 1;
            return error;
        }
        if (seen.contains(tag))
            return fieldError(u"Tags"_s, u"the tag %1 is given twice"_s.arg(quoted(tag)), 1, int(i) + 1);
        seen.insert(tag);
    }
    return Done{};
}

QString registryHost(const Registry &registry)
{
    if (!registry.imagePrefix.isEmpty())
        return registry.imagePrefix.section(u'/', 0, 0);
    const QUrl url(registry.publicUrl, QUrl::StrictMode);
    return url.authority(QUrl::RemoveUserInfo | QUrl::FullyEncoded);
}

Result<Registry, StoreError> RegistryRepository::create(const Registry &draft) const
{
    return insert(draft, false);
}

Result<Registry, StoreError> RegistryRepository::createWithId(const Registry &draft) const
{
    const QUuid uuid(draft.id);
    if (draft.id.isEmpty() || uuid.isNull())
        return StoreError{StoreError::Code::Invalid, u"The id %1 of the registry %2 is not a UUID."_s.arg(
                                                         quoted(draft.id), quoted(draft.name))};
    if (get(draft.id).ok())
        return StoreError{StoreError::Code::Conflict,
                          u"A registry with the id %1 already exists."_s.arg(quoted(draft.id))};
    return insert(draft, true);
}

Result<Registry, StoreError> RegistryRepository::insert(const Registry &draft, bool keepId) const
{
    Registry r = draft;
    r.tags = sortedTags(r.tags);
    if (auto valid = validateRegistry(r); !valid.ok())
        return invalid(valid.error(), r.name);
    const QString action = u"create the registry %1"_s.arg(quoted(r.name));
    auto session = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value().session;
    if (!keepId)
        r.id = StoreSql::newId();
    if (auto credentials = checkCredentials(s, r.credentialsSecretId, action); !credentials.ok())
        return credentials.error();
    if (r.pushTarget) {
        if (auto cleared = clearPushTargets(s, action); !cleared.ok())
            return cleared.error();
    }
    StoreSql::Bindings bindings = editableBindings(r, s.now);
    bindings.append({u":name"_s, r.name});
    bindings.append({u":push"_s, r.pushTarget});
    bindings.append({u":health"_s, r.healthStatus.isEmpty() ? u"unknown"_s : r.healthStatus});
    auto inserted = s.exec(
        u"INSERT INTO registries (id, name, metadata, public_url, image_prefix, auth_required, "
        "mirror_enabled, tls_verify, custom_ca_file, max_layer_size_mb, storage_type, storage_size_mb, "
        "memory_mb, registry_type, push_target, credentials_secret_id, health_status, created_at, "
        "updated_at) VALUES (:id, :name, :metadata, :url, :prefix, :auth, :mirror, :tls, :ca, :layer, "
        ":storage, :storagesize, :memory, :type, :push, :credentials, :health, :now, :now)"_s,
        bindings, action);
    if (!inserted.ok())
        return StoreSql::onConflict(inserted.error(),
                                    u"A registry named %1 already exists."_s.arg(quoted(r.name)));
    if (auto tags = replaceTags(s, r, action); !tags.ok())
        return tags.error();
    if (auto committed = session.value().transaction.commit(action); !committed.ok())
        return committed.error();
    return get(r.id);
}

Result<Registry, StoreError> RegistryRepository::get(const QString &id) const
{
    return fetchOne(m_catalogue, u"id"_s, id);
}

Result<Registry, StoreError> RegistryRepository::getByName(const QString &name) const
{
    return fetchOne(m_catalogue, u"name"_s, name);
}

Result<Registry, StoreError> RegistryRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &RegistryRepository::get, &RegistryRepository::getByName, idOrName,
                                    u"registry"_s);
}

Result<QList<Registry>, StoreError> RegistryRepository::list() const
{
    auto rows = StoreSql::selectAll(m_catalogue,
                                    u"SELECT %1 FROM registries r ORDER BY r.name"_s.arg(kRegistryColumns),
                                    {}, u"list the registries"_s, readRegistry);
    if (!rows.ok())
        return rows.error();
    if (auto tagged = attachTags(m_catalogue, rows.value(), {}, {}); !tagged.ok())
        return tagged.error();
    return rows;
}

Result<Registry, StoreError> RegistryRepository::update(const Registry &edited) const
{
    auto current = get(edited.id);
    if (!current.ok())
        return current.error();
    if (edited.name != current.value().name)
        return StoreError{StoreError::Code::Invalid,
                          u"The name of a registry cannot change (the registry is %1, not %2)."_s.arg(
                              quoted(current.value().name), quoted(edited.name))};
    Registry r = edited;
    r.tags = sortedTags(r.tags);
    if (auto valid = validateRegistry(r); !valid.ok())
        return invalid(valid.error(), r.name);
    const QString action = u"save the registry %1"_s.arg(quoted(r.name));
    auto session = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value().session;
    if (auto credentials = checkCredentials(s, r.credentialsSecretId, action); !credentials.ok())
        return credentials.error();
    auto updated =
        s.exec(u"UPDATE registries SET metadata = :metadata, public_url = :url, image_prefix = :prefix, "
               "auth_required = :auth, mirror_enabled = :mirror, tls_verify = :tls, custom_ca_file = :ca, "
               "max_layer_size_mb = :layer, storage_type = :storage, storage_size_mb = :storagesize, "
               "memory_mb = :memory, registry_type = :type, credentials_secret_id = :credentials, "
               "updated_at = :now WHERE id = :id"_s,
               editableBindings(r, s.now), action);
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"registry"_s, u"id"_s, r.id);
    if (auto tags = replaceTags(s, r, action); !tags.ok())
        return tags.error();
    if (auto committed = session.value().transaction.commit(action); !committed.ok())
        return committed.error();
    return get(r.id);
}

Result<Done, StoreError> RegistryRepository::remove(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(u"DELETE FROM registries WHERE id = :id"_s, {{u":id"_s, id}},
                                        u"delete the registry %1"_s.arg(quoted(id)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"registry"_s, u"id"_s, id);
    return Done{};
}

Result<Registry, StoreError> RegistryRepository::setPushTarget(const QString &id) const
{
    const QString action = u"make the registry %1 the push target"_s.arg(quoted(id));
    auto session = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value().session;
    if (auto cleared = clearPushTargets(s, action); !cleared.ok())
        return cleared.error();
    auto set = s.exec(u"UPDATE registries SET push_target = TRUE, updated_at = :now WHERE id = :id"_s,
                      {{u":now"_s, qlonglong(s.now)}, {u":id"_s, id}}, action);
    if (!set.ok())
        return set.error();
    if (set.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"registry"_s, u"id"_s, id); // rolls back: the old target stays
    if (auto committed = session.value().transaction.commit(action); !committed.ok())
        return committed.error();
    return get(id);
}

Result<Done, StoreError> RegistryRepository::clearPushTarget() const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    return clearPushTargets(session.value(), u"clear the push target"_s);
}

Result<Done, StoreError> RegistryRepository::recordHealth(const QString &id, const QString &status,
                                                          std::optional<qint64> latencyMs, qint64 checkedAt,
                                                          const QString &message) const
{
    if (!registryHealthNames().contains(status))
        return StoreError{StoreError::Code::Invalid,
                          u"%1 is not a health status (expected %2)."_s.arg(
                              quoted(status), registryHealthNames().join(u", "_s))};
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto recorded =
        session.value().exec(u"UPDATE registries SET health_status = :status, health_latency_ms = :latency, "
                             "health_checked_at = :checked, health_message = :message WHERE id = :id"_s,
                             {{u":status"_s, status},
                              {u":latency"_s, StoreSql::nullableInt(latencyMs)},
                              {u":checked"_s, qlonglong(checkedAt)},
                              {u":message"_s, StoreSql::nullableText(message)},
                              {u":id"_s, id}},
                             u"record the health of the registry %1"_s.arg(quoted(id)));
    if (!recorded.ok())
        return recorded.error();
    if (recorded.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"registry"_s, u"id"_s, id);
    return Done{};
}

QStringList registryHealthNames()
{
    return {u"unknown"_s, u"healthy"_s, u"auth-failed"_s, u"unreachable"_s, u"not-oci"_s};
}

Result<std::optional<Registry>, StoreError> RegistryRepository::pushTarget() const
{
    auto row = StoreSql::selectFirst(
        m_catalogue, u"SELECT %1 FROM registries r WHERE r.push_target = TRUE"_s.arg(kRegistryColumns), {},
        u"read the push target registry"_s, readRegistry);
    if (!row.ok())
        return row.error();
    if (!row.value())
        return std::optional<Registry>();
    auto full = get(row.value()->id);
    if (!full.ok())
        return full.error();
    return std::optional<Registry>(std::move(full).value());
}

} // namespace Kiln
