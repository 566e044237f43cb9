#include "registryfilter.h"

#include <QCoreApplication>
#include <QVariant>

#include <algorithm>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

enum class Kind
{
    Text,
    Boolean,
    Number,
    Choice,
};

struct Field
{
    QString name;
    Kind kind;
    QStringList choices; // Kind::Choice
    // The registry's value: a bool, a qint64, a QString or (tag) a QStringList.
    std::function<QVariant(const Registry &)> value;
};

const QList<Field> &fields()
{
    using R = const Registry &;
    static const QList<Field> all{
        {u"id"_s, Kind::Text, {}, [](R r) { return QVariant(r.id); }},
        {u"name"_s, Kind::Text, {}, [](R r) { return QVariant(r.name); }},
        {u"public_url"_s, Kind::Text, {}, [](R r) { return QVariant(r.publicUrl); }},
        {u"image_prefix"_s, Kind::Text, {}, [](R r) { return QVariant(r.imagePrefix); }},
        {u"host"_s, Kind::Text, {}, [](R r) { return QVariant(registryHost(r)); }},
        {u"tag"_s, Kind::Text, {}, [](R r) { return QVariant(r.tags); }},
        {u"auth_required"_s, Kind::Boolean, {}, [](R r) { return QVariant(r.authRequired); }},
        {u"mirror_enabled"_s, Kind::Boolean, {}, [](R r) { return QVariant(r.mirrorEnabled); }},
        {u"tls_verify"_s, Kind::Boolean, {}, [](R r) { return QVariant(r.tlsVerify); }},
        {u"custom_ca_file"_s, Kind::Text, {}, [](R r) { return QVariant(r.customCaFile); }},
        {u"max_layer_size_mb"_s, Kind::Number, {}, [](R r) { return QVariant(r.maxLayerSizeMb); }},
        {u"storage_type"_s,
         Kind::Choice,
         {u"s3"_s, u"object-store"_s, u"fs"_s, u"unknown"_s},
         [](R r) { return QVariant(registryStorageName(r.storageType)); }},
        {u"storage_size_mb"_s, Kind::Number, {}, [](R r) { return QVariant(r.storageSizeMb); }},
        {u"memory_mb"_s, Kind::Number, {}, [](R r) { return QVariant(r.memoryMb); }},
        {u"registry_type"_s,
         Kind::Choice,
         {u"internal"_s, u"external"_s},
         [](R r) { return QVariant(registryTypeName(r.registryType)); }},
        {u"push_target"_s, Kind::Boolean, {}, [](R r) { return QVariant(r.pushTarget); }},
        {u"health"_s, Kind::Choice, registryHealthNames(), [](R r) { return QVariant(r.healthStatus); }},
    };
    return all;
}

const QString kMetadataPrefix = u"metadata."_s;

// "container_registry_config.tls_verify" -> "tls_verify", "container_registry_name" -> "name".
QString canonicalName(const QString &name)
{
    QString out = name.trimmed().toLower();
    if (out.startsWith(u"container_registry_"_s))
        out = out.mid(19);
    for (const QString &group : {u"config."_s, u"storage_info."_s}) {
        if (out.startsWith(group))
            out = out.mid(group.size());
    }
    if (out == u"tags"_s)
        out = u"tag"_s;
    if (out == u"health_status"_s)
        out = u"health"_s;
    return out;
}

// The metadata key keeps its case: only the prefix is normalised.
std::optional<QString> metadataKey(const QString &name)
{
    QString trimmed = name.trimmed();
    if (trimmed.startsWith(u"container_registry_"_s, Qt::CaseInsensitive))
        trimmed = trimmed.mid(19);
    if (!trimmed.startsWith(kMetadataPrefix, Qt::CaseInsensitive))
        return std::nullopt;
    return trimmed.mid(kMetadataPrefix.size());
}

const Field *findField(const QString &canonical)
{
    for (const Field &field : fields()) {
        if (field.name == canonical)
            return &field;
    }
    return nullptr;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == u"true"_s || value == u"yes"_s || value == u"1"_s)
        return true;
    if (value == u"false"_s || value == u"no"_s || value == u"0"_s)
        return false;
    return std::nullopt;
}

std::optional<qint64> parseNumber(const QString &text)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

bool equalText(const QString &a, const QString &b)
{
    return a.compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}

bool containsText(const Registry &r, const QString &needle)
{
    const auto has = [&needle](const QString &text) { return text.contains(needle, Qt::CaseInsensitive); };
    if (has(r.name) || has(r.publicUrl) || has(r.imagePrefix))
        return true;
    for (const QString &tag : r.tags) {
        if (has(tag))
            return true;
    }
    for (auto it = r.metadata.begin(); it != r.metadata.end(); ++it) {
        if (has(it.key()) || has(it.value()))
            return true;
    }
    return false;
}

bool matchesField(const Registry &r, const QString &name, const QString &value)
{
    if (const auto key = metadataKey(name)) {
        for (auto it = r.metadata.begin(); it != r.metadata.end(); ++it) {
            if (it.key().compare(*key, Qt::CaseInsensitive) == 0 && equalText(it.value(), value))
                return true;
        }
        return false;
    }
    const Field *field = findField(canonicalName(name));
    if (!field)
        return false;
    const QVariant have = field->value(r);
    if (field->kind == Kind::Boolean) {
        const auto wanted = parseBool(value);
        return wanted && have.toBool() == *wanted;
    }
    if (field->kind == Kind::Number) {
        const auto wanted = parseNumber(value);
        return wanted && have.toLongLong() == *wanted;
    }
    if (have.typeId() == QMetaType::QStringList) {
        const QStringList texts = have.toStringList();
        return std::any_of(texts.cbegin(), texts.cend(),
                           [&value](const QString &text) { return equalText(text, value); });
    }
    return equalText(have.toString(), value);
}

} // namespace

bool RegistryFilter::matches(const Registry &registry) const
{
    if (!text.trimmed().isEmpty() && !containsText(registry, text.trimmed()))
        return false;
    if (!tagsAnyOf.isEmpty()) {
        const bool any = std::any_of(tagsAnyOf.cbegin(), tagsAnyOf.cend(), [&registry](const QString &tag) {
            return registry.tags.contains(tag.trimmed(), Qt::CaseInsensitive);
        });
        if (!any)
            return false;
    }
    for (const QString &tag : tagsAllOf) {
        if (!registry.tags.contains(tag.trimmed(), Qt::CaseInsensitive))
            return false;
    }
    for (const auto &[name, value] : fields) {
        if (!matchesField(registry, name, value))
            return false;
    }
    return true;
}

QStringList registryFilterFieldNames()
{
    QStringList names;
    for (const Field &field : Kiln::fields())
        names.append(field.name);
    names.append(kMetadataPrefix + u"<key>"_s);
    return names;
}

Result<QPair<QString, QString>> parseRegistryFieldFilter(const QString &text)
{
    const auto tr = [](const char *source) { return QCoreApplication::translate("RegistryFilter", source); };
    const QString field = tr("Field filter");
    const qsizetype equals = text.indexOf(u'=');
    if (equals < 0)
        return ValidationError(tr("expected field=value, e.g. storage_type=s3 (no '=' found)"),
                               int(text.size()) + 1, 0, field);
    const QString name = text.left(equals);
    const QString value = text.mid(equals + 1);
    if (name.trimmed().isEmpty())
        return ValidationError(tr("a field name is missing before '='"), 1, 0, field);
    if (const auto key = metadataKey(name)) {
        if (key->trimmed().isEmpty())
            return ValidationError(tr("a metadata key is missing after 'metadata.'"), int(equals) + 1, 0,
                                   field);
        return QPair<QString, QString>(kMetadataPrefix + *key, value);
    }
    const QString canonical = canonicalName(name);
    const Field *known = findField(canonical);
    if (!known)
        return ValidationError(tr("unknown field '%1' (known: %2)")
                                   .arg(name.trimmed(), registryFilterFieldNames().join(u", "_s)),
                               1, 0, field);
    const int valueColumn = int(equals) + 2;
    if (known->kind == Kind::Boolean && !parseBool(value))
        return ValidationError(tr("%1 is true or false (also yes/no, 1/0), not '%2'").arg(canonical, value),
                               valueColumn, 0, field);
    if (known->kind == Kind::Number && !parseNumber(value))
        return ValidationError(tr("%1 is a whole number (-1: unknown), not '%2'").arg(canonical, value),
                               valueColumn, 0, field);
    if (known->kind == Kind::Choice &&
        !std::any_of(known->choices.cbegin(), known->choices.cend(),
                     [&value](const QString &choice) { return equalText(choice, value); }))
        return ValidationError(
            tr("%1 is one of %2, not '%3'").arg(canonical, known->choices.join(u", "_s), value), valueColumn,
            0, field);
    return QPair<QString, QString>(canonical, value);
}

} // namespace Kiln
