#include "cataloguefixture.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <atomic>

using namespace Qt::StringLiterals;

namespace KilnTest {

void useSteppingClock(Kiln::Catalogue &catalogue, qint64 start, qint64 step)
{
    auto next = std::make_shared<std::atomic<qint64>>(start);
    catalogue.setClock([next, step] { return next->fetch_add(step); });
}

TempCatalogue::TempCatalogue()
{
    if (!m_dir.isValid()) {
        m_error = u"no temporary directory: "_s + m_dir.errorString();
        return;
    }
    auto opened = Kiln::Catalogue::openSqlite(path());
    if (!opened.ok()) {
        m_error = opened.error().message;
        return;
    }
    m_catalogue = std::move(opened).value();
    useSteppingClock(*m_catalogue);
}

QString TempCatalogue::path() const
{
    return m_dir.filePath(u"catalogue.sqlite"_s);
}

QStringList splitSqlScript(const QString &script)
{
    QStringList statements;
    QString current;
    QChar quote;
    for (qsizetype i = 0; i < script.size(); ++i) {
        const QChar c = script[i];
        if (!quote.isNull()) {
            current += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'-' && i + 1 < script.size() && script[i + 1] == u'-') {
            while (i < script.size() && script[i] != u'\n')
                ++i;
            current += u'\n';
            continue;
        }
        if (c == u'\'' || c == u'"') {
            quote = c;
            current += c;
            continue;
        }
        if (c == u';') {
            const QString trimmed = current.trimmed();
            const bool inTrigger = trimmed.startsWith("CREATE TRIGGER"_L1, Qt::CaseInsensitive) &&
                                   !trimmed.endsWith("END"_L1, Qt::CaseInsensitive);
            if (inTrigger) {
                current += c;
                continue;
            }
            if (!trimmed.isEmpty())
                statements << trimmed;
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        statements << current.trimmed();
    return statements;
}

bool applySqlScript(QSqlDatabase &db, const QString &script, QString *error)
{
    const QStringList statements = splitSqlScript(script);
    for (const QString &statement : statements) {
        QSqlQuery query(db);
        if (!query.exec(statement)) {
            if (error)
                *error = query.lastError().text() + u" in: "_s + statement.left(200);
            return false;
        }
    }
    return true;
}

} // namespace KilnTest

namespace KilnTest {

namespace {

QString scalarText(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        *error = query.lastError().text() + u" in: "_s + sql;
        return {};
    }
    if (!query.next()) {
        *error = u"no row from: "_s + sql;
        return {};
    }
    return query.value(0).isNull() ? u"NULL"_s : query.value(0).toString();
}

QStringList rows(QSqlDatabase &db, const QString &sql, const QString &prefix = {})
{
    QStringList out;
    QSqlQuery query(db);
    if (!query.exec(sql))
        return {u"ERROR "_s + query.lastError().text() + u" in "_s + sql};
    while (query.next()) {
        QStringList fields;
        for (int i = 0; i < query.record().count(); ++i)
            fields << (query.value(i).isNull() ? u"NULL"_s : query.value(i).toString());
        out << prefix + fields.join(u" | "_s);
    }
    return out;
}

} // namespace

const QList<CatalogueSeed> &catalogueSeeds()
{
    static const QList<CatalogueSeed> seeds{
        {1,
         {u"INSERT INTO settings (key, value) VALUES ('builder.push_registry', 'reg-1')"_s,
          u"INSERT INTO settings (key, value) VALUES ('empty', '')"_s,
          u"INSERT INTO secrets (id, name, kind, username, keychain_ref, created_at) VALUES "
          "('sec-1', 'harbor-robot', 'registry-credential', 'robot$kiln', 'kiln/secret/sec-1', 1000)"_s,
          u"INSERT INTO workers (id, name, url, created_at, updated_at) VALUES "
          "('wrk-1', 'node-a', 'https://node-a.example:8443', 1000, 1000)"_s,
          u"INSERT INTO registries (id, name, metadata, public_url, image_prefix, push_target, "
          "credentials_secret_id, storage_type, storage_size_mb, created_at, updated_at) VALUES ('reg-1', "
          "'harbor', '{\"site\":\"lab\"}', 'https://harbor.example', 'harbor.example/kiln', TRUE, 'sec-1', "
          "'s3', 512000, 1000, 1000)"_s,
          u"INSERT INTO registry_tags (registry_id, tag) VALUES ('reg-1', 'gpu'), ('reg-1', 'lab')"_s},
         {{u"SELECT value FROM settings WHERE key = 'builder.push_registry'"_s, u"reg-1"_s},
          {u"SELECT value FROM settings WHERE key = 'empty'"_s, u""_s},
          {u"SELECT username FROM secrets WHERE id = 'sec-1'"_s, u"robot$kiln"_s},
          {u"SELECT url FROM workers WHERE id = 'wrk-1'"_s, u"https://node-a.example:8443"_s},
          {u"SELECT COUNT(*) FROM workers WHERE id = 'wrk-1' AND enabled = TRUE"_s, u"1"_s},
          {u"SELECT image_prefix FROM registries WHERE push_target = TRUE"_s, u"harbor.example/kiln"_s},
          {u"SELECT metadata FROM registries WHERE id = 'reg-1'"_s, u"{\"site\":\"lab\"}"_s},
          {u"SELECT memory_mb FROM registries WHERE id = 'reg-1'"_s, u"-1"_s},
          {u"SELECT COUNT(*) FROM registry_tags WHERE registry_id = 'reg-1'"_s, u"2"_s}}},
        {2,
         {u"INSERT INTO image_specs (id, name, created_at, updated_at) VALUES ('spec-1', 'cuda-base', 2000, 2000)"_s,
          u"INSERT INTO spec_revisions (id, spec_id, content_hash, base_image, apt_packages, pip_packages, "
          "created_at) VALUES ('rev-1', 'spec-1', 'abc123', 'docker.io/library/ubuntu:22.04', '[\"curl\"]', "
          "'[\"numpy>=1.0\",\"torch[cuda]~=2.1\"]', 2000)"_s,
          u"UPDATE image_specs SET current_revision_id = 'rev-1' WHERE id = 'spec-1'"_s,
          u"INSERT INTO build_jobs (id, spec_id, revision_id, status, created_at, started_at, finished_at, "
          "updated_at, target_image, pushed_digest, worker_id) VALUES ('job-1', 'spec-1', 'rev-1', "
          "'succeeded', "
          "2100, 2200, 2300, 2300, 'harbor.example/kiln/cuda-base:abc123', 'sha256:0123', 'wrk-1')"_s},
         {{u"SELECT current_revision_id FROM image_specs WHERE name = 'cuda-base'"_s, u"rev-1"_s},
          {u"SELECT pip_packages FROM spec_revisions WHERE id = 'rev-1'"_s,
           u"[\"numpy>=1.0\",\"torch[cuda]~=2.1\"]"_s},
          {u"SELECT conda_packages FROM spec_revisions WHERE id = 'rev-1'"_s, u"[]"_s},
          {u"SELECT status FROM build_jobs WHERE id = 'job-1'"_s, u"succeeded"_s},
          {u"SELECT finished_at FROM build_jobs WHERE id = 'job-1'"_s, u"2300"_s}}},
        {3,
         {u"INSERT INTO user_groups (id, name, display_name, created_at, updated_at) VALUES "
          "('grp-1', 'ml-team', 'ML team', 3000, 3000)"_s,
          u"INSERT INTO managed_images (id, name, display_name, image_type, url, is_global, frozen, spec_id, "
          "created_at, updated_at) VALUES ('img-1', 'cuda-base', 'cuda-base', 'gpu', "
          "'harbor.example/kiln/cuda-base:abc123', FALSE, TRUE, 'spec-1', 3000, 3000)"_s,
          u"INSERT INTO managed_images (id, name, display_name, image_type, url, is_global, parent_id, "
          "created_at, updated_at) VALUES ('img-2', 'ubuntu', 'ubuntu', 'cpu', "
          "'docker.io/library/ubuntu:22.04', TRUE, 'img-1', 3000, 3000)"_s,
          u"INSERT INTO image_group_grants (image_id, group_id) VALUES ('img-1', 'grp-1')"_s},
         {{u"SELECT COUNT(*) FROM managed_images WHERE id = 'img-1' AND frozen = TRUE"_s, u"1"_s},
          {u"SELECT parent_id FROM managed_images WHERE id = 'img-2'"_s, u"img-1"_s},
          {u"SELECT group_id FROM image_group_grants WHERE image_id = 'img-1'"_s, u"grp-1"_s},
          {u"SELECT display_name FROM user_groups WHERE name = 'ml-team'"_s, u"ML team"_s}}},
        {4,
         {u"INSERT INTO bake_images (id, name, source_kind, source_ref, size_mib, preinstalled, created_at, "
          "updated_at) VALUES ('bake-1', 'ubuntu-22-04-v1', 'oci', 'docker.io/library/ubuntu:22.04', 2048, "
          "'[\"python3\"]', 4000, 4000)"_s,
          u"INSERT INTO bake_image_cache (image_id, worker_id, status, updated_at) VALUES "
          "('bake-1', 'wrk-1', 'ready', 4000)"_s,
          u"INSERT INTO availability_groups (id, name, created_at, updated_at) VALUES ('ag-1', 'lab', 4000, 4000)"_s,
          u"INSERT INTO availability_group_images (group_id, image_id) VALUES ('ag-1', 'bake-1')"_s,
          u"INSERT INTO availability_group_workers (group_id, worker_id) VALUES ('ag-1', 'wrk-1')"_s},
         {{u"SELECT scope FROM bake_images WHERE id = 'bake-1'"_s, u"tenant"_s},
          {u"SELECT scan_status FROM bake_images WHERE id = 'bake-1'"_s, u"pending"_s},
          {u"SELECT content_refcnt FROM bake_images WHERE id = 'bake-1'"_s, u"0"_s},
          {u"SELECT status FROM bake_image_cache WHERE image_id = 'bake-1'"_s, u"ready"_s},
          {u"SELECT COUNT(*) FROM availability_group_workers"_s, u"1"_s}}},
        {5,
         {u"UPDATE build_jobs SET containerfile = 'FROM docker.io/library/ubuntu:22.04', engine = 'buildah "
          u"1.28.2', "
          "runner = 'build-host|4242|99' WHERE id = 'job-1'"_s},
         {{u"SELECT engine FROM build_jobs WHERE id = 'job-1'"_s, u"buildah 1.28.2"_s},
          {u"SELECT runner FROM build_jobs WHERE id = 'job-1'"_s, u"build-host|4242|99"_s},
          {u"SELECT COUNT(*) FROM build_jobs WHERE cancel_requested = FALSE"_s, u"1"_s}}},
        {6,
         {u"UPDATE bake_images SET display_name = 'Ubuntu 22.04', state = 'failed', error_text = 'no space "
          u"left', phase = 'writing ext4', "
          "content_path = '/var/lib/kiln/bake/ubuntu-22-04-v1.ext4', scan_findings = '[]' WHERE id = 'bake-1'"_s},
         {{u"SELECT display_name FROM bake_images WHERE id = 'bake-1'"_s, u"Ubuntu 22.04"_s},
          {u"SELECT state FROM bake_images WHERE id = 'bake-1'"_s, u"failed"_s},
          {u"SELECT error_text FROM bake_images WHERE id = 'bake-1'"_s, u"no space left"_s},
          {u"SELECT COUNT(*) FROM bake_images WHERE cancel_requested = FALSE AND description = ''"_s,
           u"1"_s}}},
        {7,
         {u"INSERT INTO worker_tokens (id, name, secret_sha256, scopes, created_at) VALUES "
          "('0123456789abcdef', 'ci', 'ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12', "
          "'images:read images:manage', 7000)"_s,
          u"UPDATE workers SET version = '0.1.0', capacity = 4, disk_free_bytes = 1073741824, "
          "running_jobs = 1 WHERE id = 'wrk-1'"_s,
          u"UPDATE bake_image_cache SET content_size = 4096, content_sha256 = "
          "'cd34cd34cd34cd34cd34cd34cd34cd34cd34cd34cd34cd34cd34cd34cd34cd34' WHERE image_id = 'bake-1'"_s},
         {{u"SELECT scopes FROM worker_tokens WHERE id = '0123456789abcdef'"_s,
           u"images:read images:manage"_s},
          {u"SELECT COUNT(*) FROM worker_tokens WHERE revoked_at IS NULL AND last_used_at IS NULL"_s, u"1"_s},
          {u"SELECT disk_free_bytes FROM workers WHERE id = 'wrk-1'"_s, u"1073741824"_s},
          {u"SELECT content_size FROM bake_image_cache WHERE image_id = 'bake-1'"_s, u"4096"_s}}},
    };
    return seeds;
}

bool applySeeds(QSqlDatabase &db, int upTo, QString *error)
{
    for (const CatalogueSeed &seed : catalogueSeeds()) {
        if (seed.version > upTo)
            continue;
        for (const QString &statement : seed.statements) {
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                *error = query.lastError().text() + u" in: "_s + statement;
                return false;
            }
        }
    }
    return true;
}

bool verifySeeds(QSqlDatabase &db, int upTo, QString *error)
{
    for (const CatalogueSeed &seed : catalogueSeeds()) {
        if (seed.version > upTo)
            continue;
        for (const auto &[sql, expected] : seed.checks) {
            QString problem;
            const QString actual = scalarText(db, sql, &problem);
            if (!problem.isEmpty()) {
                *error = problem;
                return false;
            }
            if (actual != expected) {
                *error = u"%1 gave '%2', expected '%3'"_s.arg(sql, actual, expected);
                return false;
            }
        }
    }
    return true;
}

QStringList schemaSnapshot(QSqlDatabase &db, Kiln::Dialect dialect)
{
    QStringList out;
    if (dialect == Kiln::Dialect::Sqlite) {
        const QStringList tables =
            rows(db, u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                     "LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"_s);
        for (const QString &table : tables) {
            out << rows(db, u"PRAGMA table_info('%1')"_s.arg(table), table + u" column: "_s);
            out << rows(db, u"PRAGMA foreign_key_list('%1')"_s.arg(table), table + u" fk: "_s);
            out << rows(db, u"PRAGMA index_list('%1')"_s.arg(table), table + u" index: "_s);
        }
        out << rows(db,
                    u"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                    "ORDER BY type, name"_s);
    } else {
        out << rows(db, u"SELECT table_name, column_name, data_type, is_nullable, column_default FROM "
                        "information_schema.columns WHERE table_schema = current_schema() "
                        "ORDER BY table_name, ordinal_position"_s);
        out << rows(db, u"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                        "ORDER BY indexname"_s);
        out << rows(db,
                    u"SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n "
                    "ON n.oid = c.connamespace WHERE n.nspname = current_schema() ORDER BY c.conname"_s);
        out << rows(db, u"SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname"_s);
    }
    return out;
}

Kiln::SecretVaultOptions fileVaultOptions(const QString &dir)
{
    Kiln::SecretVaultOptions options;
    options.backend = Kiln::SecretBackend::File;
    options.keyFile = QDir(dir).filePath(u"secret.key"_s);
    options.dataFile = QDir(dir).filePath(u"secrets.enc"_s);
    return options;
}

} // namespace KilnTest
