#include "registryexchange.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QUuid>

#include <functional>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

const QString kId = u"container_registry_id"_s;
const QString kName = u"container_registry_name"_s;
const QString kMetadata = u"container_registry_metadata"_s;
const QString kTags = u"container_registry_tags"_s;
const QString kUrl = u"container_registry_public_url"_s;
const QString kPrefix = u"container_registry_image_prefix"_s;
const QString kConfig = u"container_registry_config"_s;
const QString kStorage = u"container_registry_storage_info"_s;

const QStringList kConfigKeys{u"auth_required"_s, u"mirror_enabled"_s, u"tls_verify"_s, u"custom_ca_file"_s,
                              u"max_layer_size_mb"_s};
const QStringList kStorageKeys{u"storage_type"_s, u"storage_size_mb"_s, u"memory_mb"_s, u"registry_type"_s};

QString tr(const char *text)
{
    return QCoreApplication::translate("RegistryExchange", text);
}

QString quoted(const QString &text)
{
    return u'\'' + text + u'\'';
}

// A key that is missing or null: the default stays.
bool absent(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull();
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

// Where the entries of a top-level array, and their keys, start in the document:
// QJsonDocument keeps no positions. Runs on a document QJsonDocument accepted.
struct Positions
{
    QList<int> entryLines;              // per top-level entry
    QList<QHash<QString, int>> keyLine; // per entry: "key" and "parent.key" -> line
};

Positions scanPositions(const QByteArray &json)
{
    Positions out;
    int line = 1;
    int depth = 0; // brackets and braces open
    int base = 0;  // the depth outside an entry: 1 in a top-level array, 0 for one object
    bool seenTop = false;
    bool expectEntry = false;
    QString lastString;
    bool afterString = false;
    QHash<int, QString> keyAtLevel; // 1: a key of the entry, 2: a key of config/storage_info
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (c == '\n')
            ++line;
        if (c == '\n' || c == ' ' || c == '\t' || c == '\r')
            continue;
        if (!seenTop) {
            seenTop = true;
            base = c == '[' ? 1 : 0;
            if (base == 0) {
                out.entryLines.append(line);
                out.keyLine.append(QHash<QString, int>());
            }
        }
        if (expectEntry && depth == base && c != ']') {
            expectEntry = false;
            out.entryLines.append(line);
            out.keyLine.append(QHash<QString, int>());
        }
        if (afterString && c == ':' && !out.keyLine.isEmpty()) {
            const int level = depth - base;
            if (level == 1 || level == 2) {
                keyAtLevel.insert(level, lastString);
                const QString path = level == 1 ? lastString : keyAtLevel.value(1) + u'.' + lastString;
                if (!out.keyLine.last().contains(path))
                    out.keyLine.last().insert(path, line);
            }
        }
        afterString = false;
        if (c == '"') {
            QByteArray text;
            for (++i; i < json.size() && json.at(i) != '"'; ++i) {
                if (json.at(i) == '\\' && i + 1 < json.size())
                    text += json.at(++i);
                else
                    text += json.at(i);
            }
            lastString = QString::fromUtf8(text);
            afterString = true;
        } else if (c == '[' || c == '{') {
            ++depth;
            if (base == 1 && depth == 1)
                expectEntry = true;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && base == 1 && depth == 1) {
            expectEntry = true;
        }
    }
    return out;
}

// 1-based line and column of a byte offset.
std::pair<int, int> lineColumn(const QByteArray &json, qsizetype offset)
{
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < std::min(offset, json.size()); ++i) {
        if (json.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, int(QString::fromUtf8(json.mid(lineStart, offset - lineStart)).size()) + 1};
}

// The schema field a validateRegistry() error names.
QString schemaField(const QString &validatorField)
{
    static const QHash<QString, QString> names{
        {u"Name"_s, kName},
        {u"Public URL"_s, kUrl},
        {u"Image prefix"_s, kPrefix},
        {u"CA file"_s, kConfig + u".custom_ca_file"_s},
        {u"Max layer size (MB)"_s, kConfig + u".max_layer_size_mb"_s},
        {u"Storage size (MB)"_s, kStorage + u".storage_size_mb"_s},
        {u"Memory (MB)"_s, kStorage + u".memory_mb"_s},
        {u"Metadata"_s, kMetadata},
        {u"Tags"_s, kTags},
    };
    return names.value(validatorField, validatorField);
}

// Reads one entry; appends a problem per bad field.
class EntryReader
{
public:
    EntryReader(int index, int line, const QHash<QString, int> &keyLines,
                QList<RegistryImportProblem> &problems)
        : m_index(index)
        , m_line(line)
        , m_keyLines(keyLines)
        , m_problems(problems)
    {}

    int problemCount() const { return m_count; }

    void problem(const QString &field, const QString &message, int line = 0)
    {
        ++m_count;
        m_problems.append({m_index, line > 0 ? line : lineOf(field), field, message});
    }

    int lineOf(const QString &field) const { return m_keyLines.value(field, m_line); }

    Registry read(const QJsonObject &entry)
    {
        Registry r;
        const QSet<QString> known{kId, kName, kMetadata, kTags, kUrl, kPrefix, kConfig, kStorage};
        for (auto it = entry.begin(); it != entry.end(); ++it) {
            if (!known.contains(it.key()))
                problem(it.key(),
                        tr("unknown field (expected %1)").arg(QStringList(known.values()).join(u", "_s)));
        }
        if (const QJsonValue id = entry.value(kId); !absent(id)) {
            if (!id.isString())
                problem(kId, tr("must be a string (a UUID), not %1").arg(typeName(id)));
            else if (QUuid(id.toString()).isNull())
                problem(kId, tr("%1 is not a UUID").arg(quoted(id.toString())));
            else
                r.id = QUuid(id.toString()).toString(QUuid::WithoutBraces);
        }
        r.name = requiredString(entry, kName);
        r.publicUrl = requiredString(entry, kUrl);
        r.imagePrefix = requiredString(entry, kPrefix);
        readMetadata(entry.value(kMetadata), r);
        readTags(entry.value(kTags), r);
        if (const QJsonObject config = section(entry, kConfig, kConfigKeys); !config.isEmpty()) {
            readBool(config, kConfig, u"auth_required"_s, r.authRequired);
            readBool(config, kConfig, u"mirror_enabled"_s, r.mirrorEnabled);
            readBool(config, kConfig, u"tls_verify"_s, r.tlsVerify);
            if (const QJsonValue ca = config.value(u"custom_ca_file"_s); !absent(ca)) {
                if (ca.isString())
                    r.customCaFile = ca.toString();
                else
                    problem(kConfig + u".custom_ca_file"_s,
                            tr("must be a string (a path), not %1").arg(typeName(ca)));
            }
            readSize(config, kConfig, u"max_layer_size_mb"_s, r.maxLayerSizeMb);
        }
        if (const QJsonObject storage = section(entry, kStorage, kStorageKeys); !storage.isEmpty()) {
            readChoice(storage, u"storage_type"_s, registryStorageFromName, r.storageType,
                       u"s3, object-store, fs, unknown"_s);
            readSize(storage, kStorage, u"storage_size_mb"_s, r.storageSizeMb);
            readSize(storage, kStorage, u"memory_mb"_s, r.memoryMb);
            readChoice(storage, u"registry_type"_s, registryTypeFromName, r.registryType,
                       u"internal, external"_s);
        }
        validateFields(r);
        return r;
    }

private:
    QString requiredString(const QJsonObject &entry, const QString &key)
    {
        const QJsonValue value = entry.value(key);
        if (absent(value)) {
            problem(key, tr("is required"), m_line);
            return {};
        }
        if (!value.isString()) {
            problem(key, tr("must be a string, not %1").arg(typeName(value)));
            return {};
        }
        return value.toString();
    }

    QJsonObject section(const QJsonObject &entry, const QString &key, const QStringList &keys)
    {
        const QJsonValue value = entry.value(key);
        if (absent(value))
            return {};
        if (!value.isObject()) {
            problem(key, tr("must be an object, not %1").arg(typeName(value)));
            return {};
        }
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!keys.contains(it.key()))
                problem(key + u'.' + it.key(), tr("unknown field (expected %1)").arg(keys.join(u", "_s)));
        }
        return object;
    }

    void readBool(const QJsonObject &object, const QString &parent, const QString &key, bool &out)
    {
        const QJsonValue value = object.value(key);
        if (absent(value))
            return;
        if (value.isBool())
            out = value.toBool();
        else
            problem(parent + u'.' + key, tr("must be true or false, not %1").arg(typeName(value)));
    }

    void readSize(const QJsonObject &object, const QString &parent, const QString &key, qint64 &out)
    {
        const QJsonValue value = object.value(key);
        if (absent(value))
            return;
        const double number = value.toDouble();
        if (!value.isDouble() || number != double(qint64(number)))
            problem(parent + u'.' + key,
                    tr("must be a whole number of MB (-1: unknown), not %1")
                        .arg(value.isDouble() ? QString::number(number) : typeName(value)));
        else
            out = qint64(number); // the range (>= -1) is checked with the other rules
    }

    // A name out of `choices`, case-insensitively.
    template <typename T>
    void readChoice(const QJsonObject &object, const QString &key,
                    std::optional<T> (*fromName)(const QString &), T &out, const QString &choices)
    {
        const QJsonValue value = object.value(key);
        if (absent(value))
            return;
        const std::optional<T> choice =
            value.isString() ? fromName(value.toString().toLower()) : std::optional<T>();
        if (choice)
            out = *choice;
        else
            problem(kStorage + u'.' + key,
                    tr("must be one of %1, not %2")
                        .arg(choices, value.isString() ? quoted(value.toString()) : typeName(value)));
    }

    void readMetadata(const QJsonValue &value, Registry &r)
    {
        if (absent(value))
            return;
        if (!value.isObject()) {
            problem(kMetadata, tr("must be an object of keys and values, not %1").arg(typeName(value)));
            return;
        }
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QJsonValue item = it.value();
            if (item.isString())
                r.metadata.insert(it.key(), item.toString());
            else if (item.isDouble() || item.isBool())
                r.metadata.insert(it.key(), item.toVariant().toString());
            else
                problem(kMetadata, tr("the value of %1 must be text, a number or a boolean, not %2")
                                       .arg(quoted(it.key()), typeName(item)));
        }
    }

    void readTags(const QJsonValue &value, Registry &r)
    {
        if (absent(value))
            return;
        if (!value.isArray()) {
            problem(kTags, tr("must be an array of strings, not %1").arg(typeName(value)));
            return;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (array.at(i).isString())
                r.tags.append(array.at(i).toString());
            else
                problem(kTags, tr("tag %1 must be a string, not %2").arg(i + 1).arg(typeName(array.at(i))));
        }
    }

    // validateRegistry() stops at the first error: check each field on its own in an
    // otherwise valid registry so that every bad field is reported.
    void validateFields(const Registry &r)
    {
        if (m_count > 0 && (r.name.isEmpty() || r.publicUrl.isEmpty() || r.imagePrefix.isEmpty()))
            return; // already reported as missing or of the wrong type
        Registry base;
        base.name = u"x"_s;
        base.publicUrl = u"https://registry.example.org"_s;
        base.imagePrefix = u"registry.example.org"_s;
        const QList<std::function<void(Registry &)>> parts{
            [&r](Registry &b) { b.name = r.name; },
            [&r](Registry &b) { b.publicUrl = r.publicUrl; },
            [&r](Registry &b) { b.imagePrefix = r.imagePrefix; },
            [&r](Registry &b) { b.customCaFile = r.customCaFile; },
            [&r](Registry &b) { b.maxLayerSizeMb = r.maxLayerSizeMb; },
            [&r](Registry &b) { b.storageSizeMb = r.storageSizeMb; },
            [&r](Registry &b) { b.memoryMb = r.memoryMb; },
            [&r](Registry &b) { b.metadata = r.metadata; },
            [&r](Registry &b) { b.tags = r.tags; },
        };
        for (const auto &part : parts) {
            Registry probe = base;
            part(probe);
            if (auto valid = validateRegistry(probe); !valid.ok()) {
                ValidationError error = valid.error();
                const QString field = schemaField(error.field);
                error.field.clear();
                if (field == kTags || field == kMetadata)
                    error.line = 0; // "line" there is the item's position, not the document's
                problem(field, error.describe());
            }
        }
    }

    int m_index;
    int m_line;
    const QHash<QString, int> &m_keyLines;
    QList<RegistryImportProblem> &m_problems;
    int m_count = 0;
};

RegistryImportProblem conflictProblem(const RegistryImportEntry &entry, const QString &message)
{
    return {entry.index, entry.line, QString(), message};
}

} // namespace

QJsonObject registryToExchangeJson(const Registry &r)
{
    QJsonObject metadata;
    for (auto it = r.metadata.begin(); it != r.metadata.end(); ++it)
        metadata.insert(it.key(), it.value());
    return QJsonObject{
        {kId, r.id},
        {kName, r.name},
        {kMetadata, metadata},
        {kTags, QJsonArray::fromStringList(r.tags)},
        {kUrl, r.publicUrl},
        {kPrefix, r.imagePrefix},
        {kConfig, QJsonObject{{u"auth_required"_s, r.authRequired},
                              {u"mirror_enabled"_s, r.mirrorEnabled},
                              {u"tls_verify"_s, r.tlsVerify},
                              {u"custom_ca_file"_s,
                               r.customCaFile.isEmpty() ? QJsonValue() : QJsonValue(r.customCaFile)},
                              {u"max_layer_size_mb"_s, r.maxLayerSizeMb}}},
        {kStorage, QJsonObject{{u"storage_type"_s, registryStorageName(r.storageType)},
                               {u"storage_size_mb"_s, r.storageSizeMb},
                               {u"memory_mb"_s, r.memoryMb},
                               {u"registry_type"_s, registryTypeName(r.registryType)}}},
    };
}

QByteArray exportRegistries(const QList<Registry> &registries)
{
    QJsonArray array;
    for (const Registry &registry : registries)
        array.append(registryToExchangeJson(registry));
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

RegistryImportParse parseRegistryImport(const QByteArray &json)
{
    RegistryImportParse out;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineColumn(json, parseError.offset);
        out.problems.append(
            {-1, line, QString(),
             tr("not JSON: %1 at line %2, column %3").arg(parseError.errorString()).arg(line).arg(column)});
        return out;
    }
    QJsonArray entries;
    if (doc.isArray())
        entries = doc.array();
    else if (doc.isObject())
        entries.append(doc.object());
    else {
        out.problems.append(
            {-1, 1, QString(), tr("expected a JSON array of registries or one registry object")});
        return out;
    }
    const Positions positions = scanPositions(json);
    QHash<QString, int> names; // name -> index of the first entry
    QHash<QString, int> ids;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const int index = int(i);
        const int line = positions.entryLines.value(i, 1);
        const QHash<QString, int> keyLines = positions.keyLine.value(i);
        const QJsonValue value = entries.at(i);
        if (!value.isObject()) {
            out.problems.append(
                {index, line, QString(), tr("an entry must be a JSON object, not %1").arg(typeName(value))});
            continue;
        }
        EntryReader reader(index, line, keyLines, out.problems);
        const Registry registry = reader.read(value.toObject());
        if (!registry.name.isEmpty() && names.contains(registry.name))
            reader.problem(kName, tr("the name %1 is also used by entry %2")
                                      .arg(quoted(registry.name))
                                      .arg(names.value(registry.name) + 1));
        if (!registry.id.isEmpty() && ids.contains(registry.id))
            reader.problem(kId, tr("the id %1 is also used by entry %2")
                                    .arg(quoted(registry.id))
                                    .arg(ids.value(registry.id) + 1));
        names.insert(registry.name, index);
        if (!registry.id.isEmpty())
            ids.insert(registry.id, index);
        if (reader.problemCount() == 0)
            out.entries.append({index, line, registry});
    }
    return out;
}

RegistryImportReport importRegistries(const RegistryRepository &repository, const QByteArray &json,
                                      ImportConflict conflict)
{
    RegistryImportReport report;
    const RegistryImportParse parsed = parseRegistryImport(json);
    report.problems = parsed.problems;
    for (const RegistryImportEntry &entry : parsed.entries) {
        Registry registry = entry.registry;
        std::optional<Registry> byId;
        if (!registry.id.isEmpty()) {
            if (auto found = repository.get(registry.id); found.ok())
                byId = std::move(found).value();
        }
        std::optional<Registry> byName;
        if (auto found = repository.getByName(registry.name); found.ok())
            byName = std::move(found).value();
        if (!byId && !byName) {
            auto created =
                registry.id.isEmpty() ? repository.create(registry) : repository.createWithId(registry);
            if (created.ok()) {
                report.created.append(created.value());
                report.createdFrom.append(entry);
            } else {
                report.problems.append(conflictProblem(entry, created.error().message));
            }
            continue;
        }
        const QString what = byId ? tr("a registry with the id %1 exists already (%2)")
                                        .arg(quoted(registry.id), quoted(byId->name))
                                  : tr("a registry named %1 exists already").arg(quoted(registry.name));
        if (conflict == ImportConflict::Fail) {
            report.problems.append(conflictProblem(entry, what));
            continue;
        }
        if (conflict == ImportConflict::Skip) {
            report.skipped.append(conflictProblem(entry, what));
            continue;
        }
        if (byId && byName && byId->id != byName->id) {
            report.problems.append(conflictProblem(
                entry, tr("the id belongs to the registry %1 and the name to another one: nothing replaced")
                           .arg(quoted(byId->name))));
            continue;
        }
        const Registry &existing = byId ? *byId : *byName;
        if (existing.name != registry.name) {
            report.problems.append(conflictProblem(
                entry, tr("the registry with the id %1 is named %2: a name cannot change, nothing replaced")
                           .arg(quoted(existing.id), quoted(existing.name))));
            continue;
        }
        registry.id = existing.id;
        registry.credentialsSecretId = existing.credentialsSecretId; // never exported: keep the stored one
        auto updated = repository.update(registry);
        if (updated.ok()) {
            report.updated.append(updated.value());
            report.updatedFrom.append(entry);
        } else
            report.problems.append(conflictProblem(entry, updated.error().message));
    }
    return report;
}

} // namespace Kiln
