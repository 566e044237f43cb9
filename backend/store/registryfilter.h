#pragma once

#include "registryrepository.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Kiln {

// Which registries to show, as the Registries page and `kilnctl registry list`
// ask for them. Every part that is set must match (AND). Pure.
struct RegistryFilter
{
    // Case-insensitive substring of the name, public URL, image prefix, a tag, a
    // metadata key or value. Empty: any.
    QString text;
    // At least one of these tags (the schema's `$in`). Empty: any.
    QStringList tagsAnyOf;
    // Every one of these tags. Empty: any.
    QStringList tagsAllOf;
    // field=value pairs on any field, by the export's field names without the
    // "container_registry_" prefix or with it (name, public_url, image_prefix,
    // auth_required, mirror_enabled, tls_verify, storage_type, registry_type,
    // health, push_target, metadata.<key>, ...). Values compare case-insensitively;
    // booleans accept true/false/yes/no/1/0.
    QList<QPair<QString, QString>> fields;

    bool isEmpty() const
    {
        return text.isEmpty() && tagsAnyOf.isEmpty() && tagsAllOf.isEmpty() && fields.isEmpty();
    }
    bool matches(const Registry &registry) const;
};

// The field names `fields` accepts, for completion and help.
QStringList registryFilterFieldNames();

// Parses "field=value" (kilnctl --where, the page's field filter). Invalid names
// the unknown field, or the column of a missing '='.
Result<QPair<QString, QString>> parseRegistryFieldFilter(const QString &text);

} // namespace Kiln
