#pragma once

#include "domain/result.h"
#include "store/specrepository.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class Catalogue;

// What a person edits in a spec (the add/edit dialog, kilnctl spec create/edit).
struct SpecDraft
{
    QString baseImage;
    QStringList apt;
    QStringList conda;
    QStringList pip;
    QString pullSecretRef; // id or name of the pull secret; empty: none

    friend bool operator==(const SpecDraft &, const SpecDraft &) = default;
};

// The draft of a stored revision (to start an edit from).
SpecDraft draftOf(const SpecContent &content);

// Validates everything (makeRecipe: the error names "Base image", "APT packages",
// "Conda packages" or "Pip packages" with the 1-based line and the column) and
// fills in the revision hash and the generated Containerfile.
Result<SpecContent> specContent(const SpecDraft &draft);

enum class SpecSaveKind
{
    Created,   // a new spec with its first revision
    Changed,   // a new revision of an existing spec
    Unchanged, // the draft is the spec's current revision: nothing was stored
};

struct SpecSaved
{
    SpecSaveKind kind = SpecSaveKind::Created;
    SpecWithRevision stored; // the spec with its (new or current) revision
};

// Why saving failed: a validation error (field, line, column) or a catalogue error.
struct SpecSaveError
{
    std::optional<ValidationError> invalid;
    std::optional<StoreError> store;

    QString message() const;
};

// Creates the spec `name` (specId empty) or adds a revision to the spec `specId`
// (name ignored) when the draft differs from its current revision. Building is the
// caller's part (BakeService::enqueue), so that an unchanged spec starts nothing.
Result<SpecSaved, SpecSaveError> saveSpec(const Catalogue &catalogue, const QString &specId,
                                          const QString &name, const SpecDraft &draft);

// What changed from one revision to the next, for the Jobs tab's Diff.
struct PackageChanges
{
    QStringList added;   // in the newer list, not in the older one (in the newer order)
    QStringList removed; // in the older list, not in the newer one (in the older order)

    bool isEmpty() const { return added.isEmpty() && removed.isEmpty(); }
    friend bool operator==(const PackageChanges &, const PackageChanges &) = default;
};

struct RevisionDiff
{
    std::optional<QString> oldBase; // set (with newBase) when the base image changed
    std::optional<QString> newBase;
    std::optional<QString> oldPullSecret; // set (with newPullSecret) when the pull secret changed
    std::optional<QString> newPullSecret;
    PackageChanges apt;
    PackageChanges conda;
    PackageChanges pip;
    bool reordered = false; // the same packages in another order (the revision differs)

    bool isEmpty() const;
    // A readable summary, one change per line ("+ apt curl", "- pip requests",
    // "base debian:12 -> debian:13"); "No changes" when empty.
    QString text() const;
    friend bool operator==(const RevisionDiff &, const RevisionDiff &) = default;
};

// Compares two revisions' content. Packages are compared as written, line by line.
RevisionDiff diffRevisions(const SpecContent &older, const SpecContent &newer);

// What deleting a spec takes with it.
struct SpecFootprint
{
    int revisions = 0;
    int jobs = 0;
    int logs = 0;             // log files that exist on this machine
    QStringList activeJobIds; // queued or running: cancel them first
    QStringList logPaths;     // the existing ones
};

Result<SpecFootprint, StoreError> specFootprint(const Catalogue &catalogue, const QString &specId);

// Deletes the spec with its revisions and jobs (refused with InUse while a job is
// queued or running), then removes its job logs. Returns how many log files were
// removed; a log that cannot be removed is reported (Io) after the rows are gone.
Result<int, StoreError> deleteSpec(const Catalogue &catalogue, const QString &specId);

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::SpecSaved)
