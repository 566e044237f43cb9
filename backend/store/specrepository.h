#pragma once

#include "jobstatus.h"
#include "storeerror.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class Catalogue;

// What one revision of a spec holds. Revisions are immutable once stored.
struct SpecContent
{
    QString contentHash; // the revision, a hash of base + packages (computed by the caller)
    QString baseImage;   // full OCI reference
    QStringList aptPackages;
    QStringList condaPackages;
    QStringList pipPackages;
    QString pullSecretRef; // empty: no pull secret
    QString containerfile; // the generated Containerfile; empty: not generated yet

    friend bool operator==(const SpecContent &, const SpecContent &) = default;
};

struct SpecRevision
{
    QString id;
    QString specId;
    SpecContent content;
    qint64 createdAt = 0;

    friend bool operator==(const SpecRevision &, const SpecRevision &) = default;
};

struct ImageSpec
{
    QString id;
    QString name; // unique, DNS-1123, never changes
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QString currentRevisionId;

    friend bool operator==(const ImageSpec &, const ImageSpec &) = default;
};

struct SpecWithRevision
{
    ImageSpec spec;
    SpecRevision revision;
};

// One row of the Image Builder list.
struct SpecSummary
{
    ImageSpec spec;
    std::optional<JobStatus> latestJobStatus; // of the newest job, if any
    QString latestImage;                      // target image of the newest succeeded job
};

enum class SpecSort
{
    Name,
    UpdatedAt, // ties broken by name
};

// Where the next page starts: the sort key of the last row of the previous page.
struct SpecCursor
{
    QString name;
    qint64 updatedAt = 0;

    friend bool operator==(const SpecCursor &, const SpecCursor &) = default;
};

struct SpecListQuery
{
    QString nameContains; // empty: every spec. Names are lowercase, so is the match.
    SpecSort sort = SpecSort::Name;
    bool descending = false;
    std::optional<SpecCursor> after; // nullopt: the first page
    int limit = 200;                 // 1..10000
};

struct SpecPage
{
    QList<SpecSummary> rows;
    std::optional<SpecCursor> next; // nullopt: this was the last page
};

// Image specs and their revisions. Keyset paging keeps every page as cheap as the
// first, for lists of 100k specs and more. Usable from any thread.
class SpecRepository
{
public:
    explicit SpecRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Creates the spec and its first revision together (all or nothing).
    Result<SpecWithRevision, StoreError> create(const QString &name, const SpecContent &content) const;
    // Stores a new revision and makes it the spec's current one.
    Result<SpecRevision, StoreError> addRevision(const QString &specId, const SpecContent &content) const;

    Result<ImageSpec, StoreError> get(const QString &id) const;
    Result<ImageSpec, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<ImageSpec, StoreError> find(const QString &idOrName) const;

    Result<SpecRevision, StoreError> revision(const QString &revisionId) const;
    // Every revision of the spec, newest first.
    Result<QList<SpecRevision>, StoreError> revisions(const QString &specId) const;
    // The spec's newest revision with this content hash, if there is one.
    Result<std::optional<SpecRevision>, StoreError> findRevisionByHash(const QString &specId,
                                                                       const QString &contentHash) const;

    Result<SpecPage, StoreError> list(const SpecListQuery &query) const;
    Result<qint64, StoreError> count(const QString &nameContains = {}) const;
    // One spec's row of the list (the same columns list() returns), e.g. after it changed.
    Result<SpecSummary, StoreError> summary(const QString &specId) const;

    // Deletes the spec with its revisions and jobs. Refused (InUse) while one of
    // its jobs is queued or running: cancel it first.
    Result<Done, StoreError> remove(const QString &specId) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
