#pragma once

#include "registryrepository.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Kiln {

// Import and export of registries as JSON in the container-registry schema's own
// field names (container_registry_id, container_registry_name,
// container_registry_metadata, container_registry_tags,
// container_registry_public_url, container_registry_image_prefix,
// container_registry_config {...}, container_registry_storage_info {...}), so an
// existing registry database can be onboarded. Credentials and health are never
// exported. Pure except importRegistries().

QJsonObject registryToExchangeJson(const Registry &registry);
// A JSON array of every registry, indented.
QByteArray exportRegistries(const QList<Registry> &registries);

// One entry that could not be read or saved: its index in the array (0-based), the
// line of the document it starts on, the field, and why.
struct RegistryImportProblem
{
    int index = 0;
    int line = 0;
    QString field; // schema name, e.g. "container_registry_public_url"; empty: the whole entry
    QString message;
};

struct RegistryImportEntry
{
    int index = 0;
    int line = 0;
    Registry registry;
};

// Reads a JSON array (or one object) of entries. A document that is not JSON
// gives one problem with the line and column; each bad entry gives its own
// problems and is left out of `entries`. Nothing is skipped silently.
struct RegistryImportParse
{
    QList<RegistryImportEntry> entries;
    QList<RegistryImportProblem> problems;
};
RegistryImportParse parseRegistryImport(const QByteArray &json);

enum class ImportConflict
{
    Fail,    // an entry whose id or name exists already is a problem
    Skip,    // ... is reported as skipped (still a line of the report)
    Replace, // ... is updated in place
};

struct RegistryImportReport
{
    QList<Registry> created;
    QList<Registry> updated;
    QList<RegistryImportProblem> skipped;  // conflicts under Skip
    QList<RegistryImportProblem> problems; // unreadable or refused entries
    // The entry each created and updated registry came from, in the same order.
    QList<RegistryImportEntry> createdFrom;
    QList<RegistryImportEntry> updatedFrom;
};

// Parses and saves every valid entry, each in its own transaction. An entry's id is
// kept when it is a UUID that is not taken.
RegistryImportReport importRegistries(const RegistryRepository &repository, const QByteArray &json,
                                      ImportConflict conflict);

} // namespace Kiln
