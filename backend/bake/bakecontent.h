#pragma once

#include "domain/bakeimage.h"
#include "domain/result.h"
#include "store/secretrepository.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace Kiln {

class Catalogue;

// Where the bakes keep their files. An empty field means the default below.
struct BakeDirectories
{
    QString content;   // the ext4 files, "<content>/<image name>.ext4"
    QString blobCache; // the digest-addressed blob cache (BlobCache)
    QString staging;   // staging trees and partial images of running bakes and uploads

    // The settings bake.contentDirectory and bake.blobCacheDirectory, the empty
    // ones (and staging, which is not a setting) replaced by the defaults.
    static BakeDirectories fromSettings(const Catalogue &catalogue);
    // Every empty field replaced by its default under bakeDataDirectory(catalogue):
    // "content", "blobs" and "staging".
    BakeDirectories resolved(const Catalogue &catalogue) const;
};

// The folder the bake files live in by default: the folder of an SQLite catalogue,
// else the application data folder's "kiln" (like defaultLogDirectory()).
QString bakeDataDirectory(const Catalogue &catalogue);

// Where the content of the image named `imageName` goes: "<content>/<name>.ext4".
QString contentFilePath(const BakeDirectories &directories, const QString &imageName);

// Why a content operation failed. `message` is a sentence naming the image and,
// where there is one, the file.
struct ContentError
{
    enum class Code
    {
        NotFound,         // no such image
        NoContent,        // the image has no content (or its file is missing)
        Busy,             // the image is queued or baking
        Deactivated,      // an upload to a deactivated image
        NotSupported,     // the file is neither an ext4 image nor a tar
        TooBig,           // bigger than the image's size cap (size_mib)
        ChecksumMismatch, // the bytes do not have the expected (or recorded) sha256
        Corrupt,          // e2fsck -fn found errors, or a partial download does not fit
        Bake,             // baking an uploaded tar failed (message says why)
        Io,               // a file could not be read or written
        Store,            // the catalogue failed
        Cancelled,
    };
    Code code = Code::Io;
    QString message;

    // "not found", "no content", "busy", ... for kilnctl's reasons and JSON.
    static QString codeName(Code code);
};

// How a caller follows and stops a transfer. Both members are optional.
struct TransferControl
{
    // Polled between chunks; true stops the transfer (ContentError::Cancelled).
    const std::atomic<bool> *cancel = nullptr;
    // Bytes done and in all (total -1 when not known), called on the working thread
    // at most every chunk.
    std::function<void(qint64 done, qint64 total)> progress;
};

// What is on disk for an image's content.
struct ContentStat
{
    QString imageId;
    QString imageName;
    QString path;          // the catalogue's path, else where the content would go
    bool recorded = false; // the catalogue says the image has content
    bool exists = false;   // a regular file is at `path`
    qint64 size = 0;       // of the file (0 when it does not exist)
    qint64 mtime = 0;      // epoch ms (0 when it does not exist)
    // A sentence when the disk and the catalogue disagree (recorded but missing,
    // a different size); empty when they agree.
    QString problem;
};

// The catalogue's view of an image's content and scan.
struct ContentInfo
{
    QString imageId;
    QString imageName;
    BakeState state = BakeState::Registered;
    std::optional<BakeContent> content; // nullopt: none
    ScanStatus scanStatus = ScanStatus::Pending;
    QString scanReason;
    QString scanFindingsJson; // ScanOutcome::toJson() text; empty: none
    std::optional<qint64> scannedAt;
};

// Content operations on bake images: download, upload, remove, stat, info.
// Synchronous and blocking (file I/O, hashing, e2fsck): call them from a worker
// thread (QtConcurrent), or from kilnctl's main thread. Usable from any thread.
// Memory stays bounded: files are copied in kContentChunkBytes chunks.
constexpr qint64 kContentChunkBytes = 4 * 1024 * 1024;

// Copies the image's ext4 file to `targetPath`, through "<targetPath>.partial",
// then checks the sha256 of the whole result against the catalogue and renames
// it to `targetPath` (an existing file there is replaced).
// Resume: when "<targetPath>.partial" exists and is not bigger than the content,
// the copy continues after its last byte (the final sha256 check covers the
// prefix; a partial bigger than the content is Corrupt and removed).
// Cancel KEEPS the .partial, so that calling again resumes; a checksum mismatch
// removes it. Returns the catalogue's content record.
Result<BakeContent, ContentError> downloadContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                                  const QString &targetPath,
                                                  const TransferControl &control = {});

// Makes `sourcePath` the image's content:
// - an ext4 image (superblock magic 0xEF53 at byte 1080): refused before copying
//   when bigger than the image's cap (size_mib); copied in chunks into the content
//   directory through a ".partial" file while sha256 and sha1 are computed;
//   refused when `expectedSha256` (hex, optional "sha256:" prefix) is given and
//   differs, or when `e2fsck -fn` finds errors (the copy is removed); then stored
//   (BakeImageRepository::setContent; scan Pending).
// - a tar (a docker-archive, an oci-archive or a rootfs tar, compressed or not):
//   baked into the content with the bake pipeline, the tar standing in for the
//   image's source for this one bake (the registered source stays); the
//   expected checksum, when given, is that of the tar.
// - anything else: NotSupported, naming the file and what it is not.
// Refused (Busy) while the image is queued or baking, and when it already has
// content (remove it first). Empty fields of `directories` come from the settings.
Result<BakeImage, ContentError> uploadContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                              const QString &sourcePath, const QString &expectedSha256 = {},
                                              const TransferControl &control = {},
                                              const BakeDirectories &directories = {});

// Deletes the image's ext4 file and forgets the content (state Registered, so it
// can be baked or uploaded again). Refused (Busy) while baking. No content is not
// an error; a file already missing is not either.
Result<BakeImage, ContentError> removeContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                              const BakeDirectories &directories = {});

// The file on disk. A missing file while the catalogue records content is
// reported (exists false, problem set), not an error.
Result<ContentStat, ContentError> statContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                              const BakeDirectories &directories = {});

// The catalogue's content record and the scan.
Result<ContentInfo, ContentError> contentInfo(const Catalogue &catalogue, const QString &imageIdOrName);

// The progress of a bake: the phase (0-based, of phaseCount, e.g. "Pulling 3/7
// layers") and its bytes or items done of total (total <= 0: not known).
using BakePhaseProgress =
    std::function<void(int phaseIndex, int phaseCount, const QString &phaseText, qint64 done, qint64 total)>;

// What bakeContentFile() made.
struct BakedFile
{
    BakeContent content;      // path, size, mtime, sha256, sha1, fmt ext4, refcnt 1
    QStringList layerDigests; // the cached blobs it used ("sha256:<hex>"); empty for a tar
};

// Bakes `source` (the image's own, or a tar standing in for it) into the image's
// content file (contentFilePath()) with the bake pipeline: pull into the blob
// cache or read the tar, unpack into "<staging>/<image id>", check the cap, write
// the ext4 and check it with e2fsck -fn. The staging folder and partial files are
// removed on every path. Registries' TLS settings come from the catalogue;
// `credential` is the pull secret's login. Does not touch the image's record.
// Blocking: call from a worker thread. Cancelled when `cancel` becomes true.
Result<BakedFile, ContentError> bakeContentFile(const Catalogue &catalogue, const BakeImage &image,
                                                const BakeSource &source, const BakeDirectories &directories,
                                                const std::atomic<bool> *cancel,
                                                const BakePhaseProgress &progress = {},
                                                const std::optional<Credential> &credential = std::nullopt,
                                                int retries = 3);

// The blobs the last bake of image `imageId` used, kept as "<content>/.layers/<id>"
// for the sweep (an image's blobs stay cached while it is active).
bool writeLayerRecord(const BakeDirectories &directories, const QString &imageId, const QStringList &digests);
// Image id -> digests, for every record.
QHash<QString, QStringList> readLayerRecords(const BakeDirectories &directories);
bool removeLayerRecord(const BakeDirectories &directories, const QString &imageId);

// Whether the file at `path` starts like an ext4 (or ext2/3) image: the superblock
// magic 0xEF53 at byte 1080.
bool looksLikeExt4(const QString &path);

} // namespace Kiln
