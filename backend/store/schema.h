#pragma once

#include "migration.h"

#include <QList>

namespace Kiln {

// The catalogue's schema as an ordered list of forward migrations. The statements
// are portable: the same text runs on SQLite and PostgreSQL (TEXT ids holding
// UUIDs, BIGINT epoch milliseconds, BOOLEAN with TRUE/FALSE, TEXT holding JSON).
//
//  1  settings, secrets (metadata only), workers, registries and their tags
//  2  Image Builder: image specs, immutable spec revisions, build jobs
//  3  Image Management: managed images, groups and image-group grants
//  4  Bake and distribute: bake images, per-worker caches, availability groups
const QList<Migration> &catalogueMigrations();

// The schema version this build writes (the last migration's version).
int catalogueSchemaVersion();

} // namespace Kiln
