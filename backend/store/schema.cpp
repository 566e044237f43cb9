#include "schema.h"

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Secret columns hold the id of a row in `secrets` (metadata: the value itself is
// in the OS keychain). Spec revisions are the exception: they are immutable
// history, so their pull secret reference is plain text that a build resolves.

Migration foundations()
{
    return Migration{
        1,
        u"Settings, secrets metadata, workers and registries"_s,
        {
            uR"(CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL))"_s,

            uR"(CREATE TABLE secrets (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('registry-credential', 'pull-secret', 'worker-token')),
                username TEXT,
                keychain_ref TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                rotated_at BIGINT))"_s,

            uR"(CREATE TABLE workers (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                url TEXT NOT NULL,
                token_secret_id TEXT REFERENCES secrets (id) ON DELETE SET NULL,
                custom_ca_file TEXT,
                enabled BOOLEAN NOT NULL DEFAULT TRUE,
                status TEXT NOT NULL DEFAULT 'unknown',
                status_message TEXT,
                last_seen_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))"_s,

            uR"(CREATE TABLE registries (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                metadata TEXT NOT NULL DEFAULT '{}',
                public_url TEXT NOT NULL DEFAULT '',
                image_prefix TEXT NOT NULL DEFAULT '',
                auth_required BOOLEAN NOT NULL DEFAULT FALSE,
                mirror_enabled BOOLEAN NOT NULL DEFAULT FALSE,
                tls_verify BOOLEAN NOT NULL DEFAULT TRUE,
                custom_ca_file TEXT,
                max_layer_size_mb BIGINT NOT NULL DEFAULT -1 CHECK (max_layer_size_mb >= -1),
                storage_type TEXT NOT NULL DEFAULT 'unknown'
                    CHECK (storage_type IN ('s3', 'object-store', 'fs', 'unknown')),
                storage_size_mb BIGINT NOT NULL DEFAULT -1 CHECK (storage_size_mb >= -1),
                memory_mb BIGINT NOT NULL DEFAULT -1 CHECK (memory_mb >= -1),
                registry_type TEXT NOT NULL DEFAULT 'external'
                    CHECK (registry_type IN ('internal', 'external')),
                push_target BOOLEAN NOT NULL DEFAULT FALSE,
                credentials_secret_id TEXT REFERENCES secrets (id) ON DELETE SET NULL,
                health_status TEXT NOT NULL DEFAULT 'unknown',
                health_latency_ms BIGINT,
                health_checked_at BIGINT,
                health_message TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))"_s,

            // At most one push target: a unique index over the rows that are one.
            u"CREATE UNIQUE INDEX registries_single_push_target ON registries (push_target) "
            "WHERE push_target = TRUE"_s,

            uR"(CREATE TABLE registry_tags (
                registry_id TEXT NOT NULL REFERENCES registries (id) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (registry_id, tag)))"_s,

            u"CREATE INDEX registry_tags_by_tag ON registry_tags (tag, registry_id)"_s,
        },
        {},
        {},
    };
}

Migration imageBuilder()
{
    return Migration{
        2,
        u"Image Builder: specs, immutable revisions and build jobs"_s,
        {
            uR"(CREATE TABLE image_specs (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))"_s,

            uR"(CREATE TABLE spec_revisions (
                id TEXT PRIMARY KEY,
                spec_id TEXT NOT NULL REFERENCES image_specs (id) ON DELETE CASCADE,
                content_hash TEXT NOT NULL,
                base_image TEXT NOT NULL,
                apt_packages TEXT NOT NULL DEFAULT '[]',
                conda_packages TEXT NOT NULL DEFAULT '[]',
                pip_packages TEXT NOT NULL DEFAULT '[]',
                pull_secret_ref TEXT,
                containerfile TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (spec_id, id)))"_s,

            // A cycle (spec -> current revision -> spec): PostgreSQL needs the
            // referenced table to exist, and both dialects accept a nullable
            // REFERENCES column added afterwards.
            u"ALTER TABLE image_specs ADD COLUMN current_revision_id TEXT "
            "REFERENCES spec_revisions (id) ON DELETE SET NULL"_s,

            u"CREATE INDEX image_specs_by_updated ON image_specs (updated_at, name)"_s,
            u"CREATE INDEX spec_revisions_by_spec ON spec_revisions (spec_id, created_at)"_s,
            u"CREATE INDEX spec_revisions_by_hash ON spec_revisions (spec_id, content_hash)"_s,

            uR"(CREATE TABLE build_jobs (
                id TEXT PRIMARY KEY,
                spec_id TEXT NOT NULL,
                revision_id TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT,
                updated_at BIGINT NOT NULL,
                log_path TEXT,
                error_text TEXT,
                target_image TEXT NOT NULL DEFAULT '',
                pushed_digest TEXT,
                worker_id TEXT REFERENCES workers (id) ON DELETE SET NULL,
                FOREIGN KEY (spec_id, revision_id) REFERENCES spec_revisions (spec_id, id) ON DELETE CASCADE))"_s,

            u"CREATE INDEX build_jobs_by_spec ON build_jobs (spec_id, created_at)"_s,
            u"CREATE INDEX build_jobs_by_revision ON build_jobs (revision_id)"_s,
            u"CREATE INDEX build_jobs_by_status ON build_jobs (status)"_s,
        },
        // Revisions are immutable: refuse any UPDATE in the database itself.
        {
            uR"(CREATE TRIGGER spec_revisions_immutable BEFORE UPDATE ON spec_revisions
                BEGIN SELECT RAISE(ABORT, 'spec revisions are immutable'); END)"_s,
        },
        {
            uR"(CREATE FUNCTION kiln_refuse_revision_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'spec revisions are immutable'; END $$)"_s,
            uR"(CREATE TRIGGER spec_revisions_immutable BEFORE UPDATE ON spec_revisions
                FOR EACH ROW EXECUTE FUNCTION kiln_refuse_revision_update())"_s,
        },
    };
}

Migration imageManagement()
{
    return Migration{
        3,
        u"Image Management: managed images, groups and grants"_s,
        {
            uR"(CREATE TABLE managed_images (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                image_type TEXT NOT NULL CHECK (image_type IN ('cpu', 'gpu', 'universal')),
                url TEXT NOT NULL DEFAULT '',
                gpu_url TEXT,
                pull_secret_id TEXT REFERENCES secrets (id) ON DELETE SET NULL,
                is_global BOOLEAN NOT NULL DEFAULT FALSE,
                frozen BOOLEAN NOT NULL DEFAULT FALSE,
                parent_id TEXT REFERENCES managed_images (id) ON DELETE SET NULL,
                distro TEXT NOT NULL DEFAULT '',
                system_image BOOLEAN NOT NULL DEFAULT FALSE,
                deactivated BOOLEAN NOT NULL DEFAULT FALSE,
                spec_id TEXT REFERENCES image_specs (id) ON DELETE SET NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                CHECK (parent_id IS NULL OR parent_id <> id),
                CHECK (gpu_url IS NULL OR image_type = 'universal')))"_s,

            u"CREATE INDEX managed_images_by_parent ON managed_images (parent_id)"_s,
            u"CREATE INDEX managed_images_by_spec ON managed_images (spec_id)"_s,

            uR"(CREATE TABLE user_groups (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                member_count TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))"_s,

            uR"(CREATE TABLE image_group_grants (
                image_id TEXT NOT NULL REFERENCES managed_images (id) ON DELETE CASCADE,
                group_id TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
                PRIMARY KEY (image_id, group_id)))"_s,

            u"CREATE INDEX image_group_grants_by_group ON image_group_grants (group_id, image_id)"_s,
        },
        {},
        {},
    };
}

Migration bakeAndDistribute()
{
    return Migration{
        4,
        u"Bake and distribute: bake images, worker caches, availability groups"_s,
        {
            uR"(CREATE TABLE bake_images (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                source_kind TEXT NOT NULL
                    CHECK (source_kind IN ('oci', 'docker-archive', 'oci-archive', 'rootfs-tar')),
                source_ref TEXT NOT NULL,
                pull_secret_id TEXT REFERENCES secrets (id) ON DELETE SET NULL,
                managed_image_id TEXT REFERENCES managed_images (id) ON DELETE SET NULL,
                size_mib BIGINT NOT NULL CHECK (size_mib > 0),
                default_cpu_millicores BIGINT CHECK (default_cpu_millicores > 0),
                default_memory_mb BIGINT CHECK (default_memory_mb > 0),
                default_disk_mb BIGINT CHECK (default_disk_mb > 0),
                scope TEXT NOT NULL DEFAULT 'tenant' CHECK (scope IN ('tenant', 'partner', 'platform')),
                lazy_pull BOOLEAN NOT NULL DEFAULT FALSE,
                preinstalled TEXT NOT NULL DEFAULT '[]',
                scan_status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (scan_status IN ('pending', 'passed', 'failed', 'skipped')),
                scan_reason TEXT,
                scanned_at BIGINT,
                deactivated BOOLEAN NOT NULL DEFAULT FALSE,
                content_size BIGINT,
                content_mtime BIGINT,
                content_sha256 TEXT,
                content_sha1 TEXT,
                content_fmt TEXT,
                content_refcnt BIGINT NOT NULL DEFAULT 0 CHECK (content_refcnt >= 0),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))"_s,

            u"CREATE INDEX bake_images_by_managed_image ON bake_images (managed_image_id)"_s,

            uR"(CREATE TABLE bake_image_cache (
                image_id TEXT NOT NULL REFERENCES bake_images (id) ON DELETE CASCADE,
                worker_id TEXT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'building', 'ready', 'failed', 'evicted')),
                error_text TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (image_id, worker_id)))"_s,

            u"CREATE INDEX bake_image_cache_by_worker ON bake_image_cache (worker_id, image_id)"_s,

            uR"(CREATE TABLE availability_groups (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))"_s,

            uR"(CREATE TABLE availability_group_images (
                group_id TEXT NOT NULL REFERENCES availability_groups (id) ON DELETE CASCADE,
                image_id TEXT NOT NULL REFERENCES bake_images (id) ON DELETE CASCADE,
                PRIMARY KEY (group_id, image_id)))"_s,

            u"CREATE INDEX availability_group_images_by_image ON availability_group_images (image_id, group_id)"_s,

            uR"(CREATE TABLE availability_group_workers (
                group_id TEXT NOT NULL REFERENCES availability_groups (id) ON DELETE CASCADE,
                worker_id TEXT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
                PRIMARY KEY (group_id, worker_id)))"_s,

            u"CREATE INDEX availability_group_workers_by_worker ON availability_group_workers (worker_id, group_id)"_s,
        },
        {},
        {},
    };
}

Migration bakeService()
{
    return Migration{
        5,
        u"Bake service: what each job built, who runs it, cancel requests"_s,
        {
            // The Containerfile exactly as built (it depends on the base image's USER,
            // so it belongs to the job, not to the immutable revision).
            u"ALTER TABLE build_jobs ADD COLUMN containerfile TEXT"_s,
            // "host|pid|process start time" of the bake service running the job, so
            // that a restart can tell its own dead jobs from another process's live ones.
            u"ALTER TABLE build_jobs ADD COLUMN runner TEXT"_s,
            // The engine and its version, e.g. "buildah 1.28.2".
            u"ALTER TABLE build_jobs ADD COLUMN engine TEXT"_s,
            // Set by a cancel from another process; the runner polls it.
            u"ALTER TABLE build_jobs ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE"_s,
        },
        {},
        {},
    };
}

Migration bakeQueue()
{
    return Migration{
        6,
        u"Bake images: names for people, the bake queue and its state, content file, scan findings"_s,
        {
            u"ALTER TABLE bake_images ADD COLUMN display_name TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE bake_images ADD COLUMN description TEXT NOT NULL DEFAULT ''"_s,
            // registered (never baked) -> queued -> baking -> baked | failed | cancelled.
            u"ALTER TABLE bake_images ADD COLUMN state TEXT NOT NULL DEFAULT 'registered' CHECK (state IN "
            "('registered', 'queued', 'baking', 'baked', 'failed', 'cancelled'))"_s,
            // What a bake does now ("pulling 3/7 layers"), and the last failure's text.
            u"ALTER TABLE bake_images ADD COLUMN phase TEXT"_s,
            u"ALTER TABLE bake_images ADD COLUMN error_text TEXT"_s,
            // "host|pid|start" of the bake service baking it, as for build jobs.
            u"ALTER TABLE bake_images ADD COLUMN runner TEXT"_s,
            u"ALTER TABLE bake_images ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE"_s,
            // When the current or last bake was queued (the queue's order).
            u"ALTER TABLE bake_images ADD COLUMN queued_at BIGINT"_s,
            u"ALTER TABLE bake_images ADD COLUMN content_path TEXT"_s,
            u"ALTER TABLE bake_images ADD COLUMN scan_findings TEXT"_s,
            u"CREATE INDEX bake_images_by_state ON bake_images (state, queued_at)"_s,
            // Rows written before: their content (if any) was baked.
            u"UPDATE bake_images SET state = 'baked' WHERE content_sha256 IS NOT NULL"_s,
            u"UPDATE bake_images SET display_name = name WHERE display_name = ''"_s,
        },
        {},
        {},
    };
}

Migration remoteWorkers()
{
    return Migration{
        7,
        u"Remote workers: a worker's API tokens, what the desktop learns of workers and their caches"_s,
        {
            // On a kiln-worker: its bearer tokens "kw_<id>_<secret>". Only the SHA-256
            // (hex) of the secret is stored; scopes are names separated by spaces.
            uR"(CREATE TABLE worker_tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL DEFAULT '',
                secret_sha256 TEXT NOT NULL,
                scopes TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT))"_s,
            // On the desktop: the checksum and size of the content a worker holds.
            u"ALTER TABLE bake_image_cache ADD COLUMN content_sha256 TEXT"_s,
            u"ALTER TABLE bake_image_cache ADD COLUMN content_size BIGINT"_s,
            // What the last health check of a worker reported.
            u"ALTER TABLE workers ADD COLUMN version TEXT"_s,
            u"ALTER TABLE workers ADD COLUMN capacity BIGINT"_s,
            u"ALTER TABLE workers ADD COLUMN disk_free_bytes BIGINT"_s,
            u"ALTER TABLE workers ADD COLUMN running_jobs BIGINT"_s,
        },
        {},
        {},
    };
}

} // namespace

const QList<Migration> &catalogueMigrations()
{
    static const QList<Migration> migrations{foundations(),       imageBuilder(), imageManagement(),
                                             bakeAndDistribute(), bakeService(),  bakeQueue(),
                                             remoteWorkers()};
    return migrations;
}

int catalogueSchemaVersion()
{
    return latestVersion(catalogueMigrations());
}

} // namespace Kiln
