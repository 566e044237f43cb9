-- A Kiln catalogue at schema version 6 with the seed rows of tests/support/cataloguefixture.cpp,
-- written by `sqlite3 FILE .dump`. Never edit it: tst_migrations applies it to an empty
-- file and opens that with the current build, which must upgrade it intact.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL);
INSERT INTO schema_version VALUES(1,'Settings, secrets metadata, workers and registries',1700000000001);
INSERT INTO schema_version VALUES(2,'Image Builder: specs, immutable revisions and build jobs',1700000000002);
INSERT INTO schema_version VALUES(3,'Image Management: managed images, groups and grants',1700000000003);
INSERT INTO schema_version VALUES(4,'Bake and distribute: bake images, worker caches, availability groups',1700000000004);
INSERT INTO schema_version VALUES(5,'Bake service: what each job built, who runs it, cancel requests',1700000000005);
INSERT INTO schema_version VALUES(6,'Bake images: names for people, the bake queue and its state, content file, scan findings',1700000000006);
CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL);
INSERT INTO settings VALUES('builder.push_registry','reg-1');
INSERT INTO settings VALUES('empty','');
CREATE TABLE secrets (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('registry-credential', 'pull-secret', 'worker-token')),
                username TEXT,
                keychain_ref TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                rotated_at BIGINT);
INSERT INTO secrets VALUES('sec-1','harbor-robot','registry-credential','robot$kiln','kiln/secret/sec-1',1000,NULL);
CREATE TABLE workers (
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
                updated_at BIGINT NOT NULL);
INSERT INTO workers VALUES('wrk-1','node-a','https://node-a.example:8443',NULL,NULL,1,'unknown',NULL,NULL,1000,1000);
CREATE TABLE registries (
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
                updated_at BIGINT NOT NULL);
INSERT INTO registries VALUES('reg-1','harbor','{"site":"lab"}','https://harbor.example','harbor.example/kiln',0,0,1,NULL,-1,'s3',512000,-1,'external',1,'sec-1','unknown',NULL,NULL,NULL,1000,1000);
CREATE TABLE registry_tags (
                registry_id TEXT NOT NULL REFERENCES registries (id) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (registry_id, tag));
INSERT INTO registry_tags VALUES('reg-1','gpu');
INSERT INTO registry_tags VALUES('reg-1','lab');
CREATE TABLE image_specs (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL, current_revision_id TEXT REFERENCES spec_revisions (id) ON DELETE SET NULL);
INSERT INTO image_specs VALUES('spec-1','cuda-base',2000,2000,'rev-1');
CREATE TABLE spec_revisions (
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
                UNIQUE (spec_id, id));
INSERT INTO spec_revisions VALUES('rev-1','spec-1','abc123','docker.io/library/ubuntu:22.04','["curl"]','[]','["numpy>=1.0","torch[cuda]~=2.1"]',NULL,NULL,2000);
CREATE TABLE build_jobs (
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
                worker_id TEXT REFERENCES workers (id) ON DELETE SET NULL, containerfile TEXT, runner TEXT, engine TEXT, cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
                FOREIGN KEY (spec_id, revision_id) REFERENCES spec_revisions (spec_id, id) ON DELETE CASCADE);
INSERT INTO build_jobs VALUES('job-1','spec-1','rev-1','succeeded',2100,2200,2300,2300,NULL,NULL,'harbor.example/kiln/cuda-base:abc123','sha256:0123','wrk-1','FROM docker.io/library/ubuntu:22.04','build-host|4242|99','buildah 1.28.2',0);
CREATE TABLE managed_images (
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
                CHECK (gpu_url IS NULL OR image_type = 'universal'));
INSERT INTO managed_images VALUES('img-1','cuda-base','cuda-base','','gpu','harbor.example/kiln/cuda-base:abc123',NULL,NULL,0,1,NULL,'',0,0,'spec-1',3000,3000);
INSERT INTO managed_images VALUES('img-2','ubuntu','ubuntu','','cpu','docker.io/library/ubuntu:22.04',NULL,NULL,1,0,'img-1','',0,0,NULL,3000,3000);
CREATE TABLE user_groups (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                member_count TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);
INSERT INTO user_groups VALUES('grp-1','ml-team','ML team','','',3000,3000);
CREATE TABLE image_group_grants (
                image_id TEXT NOT NULL REFERENCES managed_images (id) ON DELETE CASCADE,
                group_id TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
                PRIMARY KEY (image_id, group_id));
INSERT INTO image_group_grants VALUES('img-1','grp-1');
CREATE TABLE bake_images (
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
                updated_at BIGINT NOT NULL, display_name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT 'registered' CHECK (state IN ('registered', 'queued', 'baking', 'baked', 'failed', 'cancelled')), phase TEXT, error_text TEXT, runner TEXT, cancel_requested BOOLEAN NOT NULL DEFAULT FALSE, queued_at BIGINT, content_path TEXT, scan_findings TEXT);
INSERT INTO bake_images VALUES('bake-1','ubuntu-22-04-v1','oci','docker.io/library/ubuntu:22.04',NULL,NULL,2048,NULL,NULL,NULL,'tenant',0,'["python3"]','pending',NULL,NULL,0,NULL,NULL,NULL,NULL,NULL,0,4000,4000,'Ubuntu 22.04','','failed','writing ext4','no space left',NULL,0,NULL,'/var/lib/kiln/bake/ubuntu-22-04-v1.ext4','[]');
CREATE TABLE bake_image_cache (
                image_id TEXT NOT NULL REFERENCES bake_images (id) ON DELETE CASCADE,
                worker_id TEXT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'building', 'ready', 'failed', 'evicted')),
                error_text TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (image_id, worker_id));
INSERT INTO bake_image_cache VALUES('bake-1','wrk-1','ready',NULL,4000);
CREATE TABLE availability_groups (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL);
INSERT INTO availability_groups VALUES('ag-1','lab','',4000,4000);
CREATE TABLE availability_group_images (
                group_id TEXT NOT NULL REFERENCES availability_groups (id) ON DELETE CASCADE,
                image_id TEXT NOT NULL REFERENCES bake_images (id) ON DELETE CASCADE,
                PRIMARY KEY (group_id, image_id));
INSERT INTO availability_group_images VALUES('ag-1','bake-1');
CREATE TABLE availability_group_workers (
                group_id TEXT NOT NULL REFERENCES availability_groups (id) ON DELETE CASCADE,
                worker_id TEXT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
                PRIMARY KEY (group_id, worker_id));
INSERT INTO availability_group_workers VALUES('ag-1','wrk-1');
CREATE UNIQUE INDEX registries_single_push_target ON registries (push_target) WHERE push_target = TRUE;
CREATE INDEX registry_tags_by_tag ON registry_tags (tag, registry_id);
CREATE INDEX image_specs_by_updated ON image_specs (updated_at, name);
CREATE INDEX spec_revisions_by_spec ON spec_revisions (spec_id, created_at);
CREATE INDEX spec_revisions_by_hash ON spec_revisions (spec_id, content_hash);
CREATE INDEX build_jobs_by_spec ON build_jobs (spec_id, created_at);
CREATE INDEX build_jobs_by_revision ON build_jobs (revision_id);
CREATE INDEX build_jobs_by_status ON build_jobs (status);
CREATE TRIGGER spec_revisions_immutable BEFORE UPDATE ON spec_revisions
                BEGIN SELECT RAISE(ABORT, 'spec revisions are immutable'); END;
CREATE INDEX managed_images_by_parent ON managed_images (parent_id);
CREATE INDEX managed_images_by_spec ON managed_images (spec_id);
CREATE INDEX image_group_grants_by_group ON image_group_grants (group_id, image_id);
CREATE INDEX bake_images_by_managed_image ON bake_images (managed_image_id);
CREATE INDEX bake_image_cache_by_worker ON bake_image_cache (worker_id, image_id);
CREATE INDEX availability_group_images_by_image ON availability_group_images (image_id, group_id);
CREATE INDEX availability_group_workers_by_worker ON availability_group_workers (worker_id, group_id);
CREATE INDEX bake_images_by_state ON bake_images (state, queued_at);
COMMIT;
