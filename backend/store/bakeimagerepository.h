#pragma once

#include "domain/bakeimage.h"
#include "storeerror.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <utility>

namespace Kiln {

class Catalogue;

struct BakeImageListQuery
{
    QString nameContains; // matches name or display name; empty: all
    bool includeDeactivated = true;
};

// The editable fields of a bake image. `source` and `sizeMib` (when set) change
// only while the image has no content and is not queued or baking.
struct BakeImageDetails
{
    QString displayName; // empty: the name
    QString description;
    std::optional<qint64> defaultCpuMillicores;
    std::optional<qint64> defaultMemoryMb;
    std::optional<qint64> defaultDiskMb;
    BakeScope scope = BakeScope::Tenant;
    bool lazyPull = false;
    QStringList preinstalled;
    std::optional<BakeSource> source; // nullopt: unchanged
    std::optional<qint64> sizeMib;    // nullopt: unchanged
};

// How a bake ended (finishBake()).
struct BakeOutcome
{
    enum class Kind
    {
        Succeeded, // content is the ext4 file made
        Failed,    // error says why
        Cancelled,
    };
    Kind kind = Kind::Succeeded;
    BakeContent content;
    QString error;

    static BakeOutcome succeeded(BakeContent content) { return {Kind::Succeeded, std::move(content), {}}; }
    static BakeOutcome failed(QString error) { return {Kind::Failed, {}, std::move(error)}; }
    static BakeOutcome cancelled() { return {Kind::Cancelled, {}, {}}; }
};

// Bake images (the `bake_images` table): registration, the bake queue and its state
// machine, content and scan results. State changes are atomic compare-and-set
// updates, so two processes on one catalogue never both claim a bake or both
// finish it. Errors name the image. Usable from any thread.
//
//   Registered/Failed/Cancelled --requestBake--> Queued --claimNextBake--> Baking
//   Queued --requestCancel--> Cancelled
//   Baking --finishBake--> Baked | Failed | Cancelled
//   Baking --interruptBakes (runner dead)--> Failed ("interrupted ...")
//   setContent (upload) --> Baked; clearContent --> Registered
class BakeImageRepository
{
public:
    explicit BakeImageRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Stores a new image: id and times are assigned, state Registered, scan
    // Pending, no content (the fields for those are ignored). A taken name is a
    // Conflict (images are versioned by name: register a new name).
    Result<BakeImage, StoreError> registerImage(const BakeImage &image) const;
    Result<BakeImage, StoreError> get(const QString &id) const;
    Result<BakeImage, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<BakeImage, StoreError> find(const QString &idOrName) const;
    // Ordered by name.
    Result<QList<BakeImage>, StoreError> list(const BakeImageListQuery &query = {}) const;

    // Replaces the editable fields. Refused (Invalid) when `details` changes the
    // source or size of an image with content, or of one queued or baking.
    Result<BakeImage, StoreError> updateDetails(const QString &id, const BakeImageDetails &details) const;

    // Queues a bake. Refused (Invalid) when the image is deactivated, already queued
    // or baking, or has content (content is never re-baked in place).
    Result<BakeImage, StoreError> requestBake(const QString &idOrName) const;
    // The oldest queued image (by the time it was queued), atomically made Baking
    // by `runner`; nullopt when none is queued. Two runners never claim the same.
    Result<std::optional<BakeImage>, StoreError> claimNextBake(const QString &runner) const;
    // The text of the current phase of a baking image; Invalid when it is not baking.
    Result<Done, StoreError> setPhase(const QString &id, const QString &phase) const;
    // A queued image is Cancelled at once; a baking one gets cancel_requested, which
    // its runner polls (isCancelRequested). Invalid for any other state.
    Result<BakeImage, StoreError> requestCancel(const QString &id) const;
    Result<bool, StoreError> isCancelRequested(const QString &id) const;
    // Ends a bake: Baked with the content (refcnt 1, scan Pending), Failed with the
    // error, or Cancelled. Invalid when the image is not baking.
    Result<BakeImage, StoreError> finishBake(const QString &id, const BakeOutcome &outcome) const;
    // Every Baking image whose runner `runnerIsDead` says is gone becomes Failed with
    // an "interrupted" error (see RunnerState in bake/runnerid.h for the usual
    // predicate). Returns the images changed, as they are now.
    Result<QList<BakeImage>, StoreError>
    interruptBakes(const std::function<bool(const QString &runner)> &runnerIsDead) const;
    // The images baking now (any runner), ordered by name.
    Result<QList<BakeImage>, StoreError> listBaking() const;

    // Content put by an upload: state Baked, scan Pending. Refused (Invalid) while
    // queued or baking, or when the image already has content (remove it first).
    Result<BakeImage, StoreError> setContent(const QString &id, const BakeContent &content) const;
    // Forgets the content (the caller removes the file): state Registered. Refused
    // (InUse) while baking. Removing no content is not an error.
    Result<BakeImage, StoreError> clearContent(const QString &id) const;

    Result<BakeImage, StoreError> setScan(const QString &id, ScanStatus status, const QString &reason,
                                          const QString &findingsJson, qint64 scannedAt) const;
    // Images with content whose scan is Pending and that are not deactivated, by name.
    Result<QList<BakeImage>, StoreError> listScanPending() const;

    Result<BakeImage, StoreError> setDeactivated(const QString &id, bool deactivated) const;
    // Refused (InUse) while baking.
    Result<Done, StoreError> remove(const QString &id) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
