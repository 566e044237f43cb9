#include "specedit.h"

#include "domain/names.h"
#include "recipe.h"
#include "store/jobrepository.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace Kiln {

using namespace Qt::StringLiterals;

SpecDraft draftOf(const SpecContent &content)
{
    return SpecDraft{content.baseImage, content.aptPackages, content.condaPackages, content.pipPackages,
                     content.pullSecretRef};
}

Result<SpecContent> specContent(const SpecDraft &draft)
{
    RecipeInput input;
    input.baseImage = draft.baseImage;
    input.apt = draft.apt;
    input.conda = draft.conda;
    input.pip = draft.pip;
    input.pullSecretRef = draft.pullSecretRef;
    const auto recipe = makeRecipe(input);
    if (!recipe)
        return recipe.error();
    SpecContent content;
    content.contentHash = revisionHash(input);
    content.baseImage = input.baseImage;
    content.aptPackages = input.apt;
    content.condaPackages = input.conda;
    content.pipPackages = input.pip;
    content.pullSecretRef = input.pullSecretRef;
    content.containerfile = recipe->containerfile;
    return content;
}

QString SpecSaveError::message() const
{
    if (invalid)
        return invalid->describe();
    if (store)
        return store->message;
    return {};
}

Result<SpecSaved, SpecSaveError> saveSpec(const Catalogue &catalogue, const QString &specId,
                                          const QString &name, const SpecDraft &draft)
{
    const auto content = specContent(draft);
    if (!content)
        return SpecSaveError{content.error(), std::nullopt};
    const SpecRepository specs(catalogue);

    if (specId.isEmpty()) {
        if (auto valid = validateName(name); !valid) {
            ValidationError error = valid.error();
            if (error.field.isEmpty())
                error.field = u"Name"_s;
            return SpecSaveError{error, std::nullopt};
        }
        auto created = specs.create(name, content.value());
        if (!created)
            return SpecSaveError{std::nullopt, created.error()};
        return SpecSaved{SpecSaveKind::Created, created.value()};
    }

    const auto spec = specs.get(specId);
    if (!spec)
        return SpecSaveError{std::nullopt, spec.error()};
    const auto current = specs.revision(spec->currentRevisionId);
    if (!current)
        return SpecSaveError{std::nullopt, current.error()};
    if (current->content.contentHash == content->contentHash)
        return SpecSaved{SpecSaveKind::Unchanged, SpecWithRevision{spec.value(), current.value()}};
    const auto added = specs.addRevision(specId, content.value());
    if (!added)
        return SpecSaveError{std::nullopt, added.error()};
    const auto updated = specs.get(specId);
    if (!updated)
        return SpecSaveError{std::nullopt, updated.error()};
    return SpecSaved{SpecSaveKind::Changed, SpecWithRevision{updated.value(), added.value()}};
}

namespace {

PackageChanges compareLists(const QStringList &older, const QStringList &newer)
{
    PackageChanges changes;
    const QSet<QString> oldSet(older.cbegin(), older.cend());
    const QSet<QString> newSet(newer.cbegin(), newer.cend());
    for (const QString &package : newer) {
        if (!oldSet.contains(package))
            changes.added.append(package);
    }
    for (const QString &package : older) {
        if (!newSet.contains(package))
            changes.removed.append(package);
    }
    return changes;
}

// JobRepository's largest page: more jobs than this for one revision are not
// counted (their logs stay behind), which no real spec reaches.
constexpr int kMaxJobsPerRevision = 10000;

} // namespace

bool RevisionDiff::isEmpty() const
{
    return !oldBase && !oldPullSecret && apt.isEmpty() && conda.isEmpty() && pip.isEmpty() && !reordered;
}

QString RevisionDiff::text() const
{
    if (isEmpty())
        return u"No changes"_s;
    QStringList lines;
    if (oldBase)
        lines.append(u"base "_s + *oldBase + u" -> "_s + newBase.value_or(QString()));
    if (oldPullSecret) {
        const auto shown = [](const std::optional<QString> &secret) {
            return secret && !secret->isEmpty() ? *secret : u"(none)"_s;
        };
        lines.append(u"pull secret "_s + shown(oldPullSecret) + u" -> "_s + shown(newPullSecret));
    }
    const auto add = [&lines](const QString &kind, const PackageChanges &changes) {
        for (const QString &package : changes.added)
            lines.append(u"+ "_s + kind + u' ' + package);
        for (const QString &package : changes.removed)
            lines.append(u"- "_s + kind + u' ' + package);
    };
    add(u"apt"_s, apt);
    add(u"conda"_s, conda);
    add(u"pip"_s, pip);
    if (reordered)
        lines.append(u"packages reordered"_s);
    return lines.join(u'\n');
}

RevisionDiff diffRevisions(const SpecContent &older, const SpecContent &newer)
{
    RevisionDiff diff;
    if (older.baseImage != newer.baseImage) {
        diff.oldBase = older.baseImage;
        diff.newBase = newer.baseImage;
    }
    if (older.pullSecretRef != newer.pullSecretRef) {
        diff.oldPullSecret = older.pullSecretRef;
        diff.newPullSecret = newer.pullSecretRef;
    }
    diff.apt = compareLists(older.aptPackages, newer.aptPackages);
    diff.conda = compareLists(older.condaPackages, newer.condaPackages);
    diff.pip = compareLists(older.pipPackages, newer.pipPackages);
    const bool sameSets = diff.apt.isEmpty() && diff.conda.isEmpty() && diff.pip.isEmpty();
    diff.reordered =
        sameSets && (older.aptPackages != newer.aptPackages || older.condaPackages != newer.condaPackages ||
                     older.pipPackages != newer.pipPackages);
    return diff;
}

Result<SpecFootprint, StoreError> specFootprint(const Catalogue &catalogue, const QString &specId)
{
    const SpecRepository specs(catalogue);
    const auto revisions = specs.revisions(specId);
    if (!revisions)
        return revisions.error();
    const JobRepository jobs(catalogue);
    SpecFootprint footprint;
    footprint.revisions = int(revisions->size());
    for (const SpecRevision &revision : revisions.value()) {
        const auto list = jobs.listByRevision(revision.id, kMaxJobsPerRevision);
        if (!list)
            return list.error();
        for (const BuildJob &job : list.value()) {
            ++footprint.jobs;
            if (!isFinal(job.status))
                footprint.activeJobIds.append(job.id);
            if (!job.logPath.isEmpty() && QFileInfo(job.logPath).isFile()) {
                ++footprint.logs;
                footprint.logPaths.append(job.logPath);
            }
        }
    }
    return footprint;
}

Result<int, StoreError> deleteSpec(const Catalogue &catalogue, const QString &specId)
{
    const auto footprint = specFootprint(catalogue, specId);
    if (!footprint)
        return footprint.error();
    const auto removed = SpecRepository(catalogue).remove(specId);
    if (!removed)
        return removed.error();
    int count = 0;
    QStringList failed;
    for (const QString &path : footprint->logPaths) {
        if (QFile::remove(path))
            ++count;
        else if (QFileInfo::exists(path))
            failed.append(path);
    }
    if (!failed.isEmpty()) {
        return StoreError{StoreError::Code::Io,
                          u"The spec was deleted, but these logs could not be removed: "_s +
                              failed.join(u", "_s)};
    }
    return count;
}

} // namespace Kiln
