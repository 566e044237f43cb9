#pragma once

#include <QLockFile>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>

namespace Kiln {

// Holds the lock of one cached blob; unlocks when destroyed. Move-only.
class BlobCacheLock
{
public:
    BlobCacheLock() = default;
    explicit BlobCacheLock(std::unique_ptr<QLockFile> file)
        : m_file(std::move(file))
    {}
    bool isLocked() const { return m_file && m_file->isLocked(); }
    void unlock() { m_file.reset(); }

private:
    std::unique_ptr<QLockFile> m_file;
};

// What BlobCache::sweep() may remove.
struct BlobSweepPolicy
{
    // Blobs not in the keep set whose last use (mtime) is older than this go;
    // < 0: age alone removes nothing.
    qint64 olderThanMs = -1;
    // Then, while the cache holds more than this, unreferenced blobs go, least
    // recently used first (whatever their age); < 0: no limit.
    qint64 maxBytes = -1;
    // "*.partial" files whose download is not running (their blob is not locked)
    // and that are older than this go; 0: every one not being written.
    qint64 partialOlderThanMs = 0;
};

struct BlobSweepResult
{
    int removedBlobs = 0;
    int removedPartials = 0;
    qint64 freedBytes = 0;
    qint64 remainingBytes = 0;
    QStringList errors; // sentences naming the file that could not be removed
};

// The digest-addressed blob cache of the bakes: "<root>/sha256-<hex>", the names
// OciBlobs::blobFileName() gives, so OciBlobs::downloadBlobs() downloads straight
// into it (through "<name>.partial", renamed when verified). A blob is only ever
// downloaded by one bake at a time: lock() takes "<root>/<name>.lock", a QLockFile
// that works across threads and processes. Using a blob touches it (mtime), and
// sweep() removes the ones no live image references, least recently used first.
//
// Cheap to copy (only the root path); every member is safe to call from any thread.
class BlobCache
{
public:
    explicit BlobCache(QString root);

    QString root() const { return m_root; }
    // Creates the root directory; an error sentence naming it, empty when it exists.
    QString ensureRoot() const;

    // Where the blob of `digest` lives (whether or not it is there); empty for a
    // string that is not a sha256/sha512 digest.
    QString path(const QString &digest) const;
    // Whether the blob is in the cache: a regular file, and of `size` bytes when
    // `size` >= 0. The content was verified when it was downloaded.
    bool contains(const QString &digest, qint64 size = -1) const;
    // Sets the blob's mtime to now (its last use); false when it is not there.
    bool touch(const QString &digest) const;

    // The lock of `digest`'s blob without waiting; not locked when another bake
    // (thread or process) holds it. Stale locks of dead processes are taken over.
    BlobCacheLock tryLock(const QString &digest) const;
    // Whether some bake holds the lock of `digest` right now.
    bool isLocked(const QString &digest) const;

    // Bytes of every blob (partial files not counted).
    qint64 totalBytes() const;
    // The digests of the blobs in the cache ("sha256:<hex>").
    QStringList digests() const;

    // Removes unreferenced blobs by `policy` (never one in `keepDigests`, never a
    // locked one) and partial files no download is writing; stray ".lock" files
    // of blobs that are gone too.
    BlobSweepResult sweep(const QSet<QString> &keepDigests, const BlobSweepPolicy &policy) const;

    // The digest a cache file name stands for ("sha256-<hex>" -> "sha256:<hex>");
    // empty when the name is not one.
    static QString digestOfFileName(const QString &fileName);

private:
    QString m_root;
};

} // namespace Kiln
