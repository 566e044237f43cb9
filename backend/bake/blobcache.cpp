#include "blobcache.h"

#include "ociblobs.h"
#include "ocimanifest.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include <sys/stat.h>
#include <utime.h>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr auto kPartialSuffix = ".partial"_L1;
constexpr auto kLockSuffix = ".lock"_L1;

std::unique_ptr<QLockFile> lockFileFor(const QString &blobPath)
{
    auto file = std::make_unique<QLockFile>(blobPath + kLockSuffix);
    // Only a dead holder makes a lock stale: a download may well take longer than
    // QLockFile's default 30 s.
    file->setStaleLockTime(0);
    return file;
}

} // namespace

BlobCache::BlobCache(QString root)
    : m_root(std::move(root))
{}

QString BlobCache::ensureRoot() const
{
    if (QDir().mkpath(m_root) && QFileInfo(m_root).isDir())
        return {};
    return QStringLiteral("cannot create the blob cache directory %1").arg(m_root);
}

QString BlobCache::path(const QString &digest) const
{
    const QString name = OciBlobs::blobFileName(digest);
    return name.isEmpty() ? QString() : QDir(m_root).filePath(name);
}

bool BlobCache::contains(const QString &digest, qint64 size) const
{
    const QString file = path(digest);
    if (file.isEmpty())
        return false;
    const QFileInfo info(file);
    return info.isFile() && !info.isSymLink() && (size < 0 || info.size() == size);
}

bool BlobCache::touch(const QString &digest) const
{
    const QString file = path(digest);
    if (file.isEmpty())
        return false;
    // utime(NULL): now, also for a file owned by someone else that we may write.
    return ::utime(QFile::encodeName(file).constData(), nullptr) == 0;
}

BlobCacheLock BlobCache::tryLock(const QString &digest) const
{
    const QString file = path(digest);
    if (file.isEmpty() || !ensureRoot().isEmpty())
        return {};
    auto lock = lockFileFor(file);
    if (!lock->tryLock(0))
        return {};
    return BlobCacheLock(std::move(lock));
}

bool BlobCache::isLocked(const QString &digest) const
{
    const QString file = path(digest);
    if (file.isEmpty() || !QFileInfo::exists(file + kLockSuffix))
        return false;
    auto lock = lockFileFor(file);
    if (!lock->tryLock(0))
        return true;
    lock->unlock();
    return false;
}

qint64 BlobCache::totalBytes() const
{
    qint64 total = 0;
    const QDir dir(m_root);
    for (const QFileInfo &info : dir.entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot)) {
        if (!digestOfFileName(info.fileName()).isEmpty())
            total += info.size();
    }
    return total;
}

QStringList BlobCache::digests() const
{
    QStringList out;
    const QDir dir(m_root);
    for (const QString &name : dir.entryList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString digest = digestOfFileName(name);
        if (!digest.isEmpty())
            out.append(digest);
    }
    return out;
}

BlobSweepResult BlobCache::sweep(const QSet<QString> &keepDigests, const BlobSweepPolicy &policy) const
{
    BlobSweepResult result;
    const QDir dir(m_root);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    struct Candidate
    {
        QString digest;
        QString path;
        qint64 size = 0;
        qint64 usedAt = 0;
    };
    QList<Candidate> candidates;
    qint64 total = 0;

    auto remove = [&result](const QString &file) {
        if (QFile::remove(file) || !QFileInfo::exists(file))
            return true;
        result.errors.append(QStringLiteral("cannot remove %1 from the blob cache").arg(file));
        return false;
    };

    const auto entries = dir.entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &info : entries) {
        const QString name = info.fileName();
        if (name.endsWith(kPartialSuffix)) {
            const QString blobName = name.chopped(kPartialSuffix.size());
            const QString digest = digestOfFileName(blobName);
            const qint64 age = info.lastModified().toMSecsSinceEpoch();
            if (now - age < policy.partialOlderThanMs)
                continue;
            // A partial file is being written while its blob is locked.
            BlobCacheLock lock = digest.isEmpty() ? BlobCacheLock() : tryLock(digest);
            if (!digest.isEmpty() && !lock.isLocked())
                continue;
            if (remove(info.filePath()))
                ++result.removedPartials;
            continue;
        }
        const QString digest = digestOfFileName(name);
        if (digest.isEmpty())
            continue;
        total += info.size();
        if (keepDigests.contains(digest))
            continue;
        candidates.append(
            Candidate{digest, info.filePath(), info.size(), info.lastModified().toMSecsSinceEpoch()});
    }

    // Least recently used first.
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate &a, const Candidate &b) { return a.usedAt < b.usedAt; });
    for (const Candidate &candidate : std::as_const(candidates)) {
        const bool old = policy.olderThanMs >= 0 && now - candidate.usedAt >= policy.olderThanMs;
        const bool over = policy.maxBytes >= 0 && total > policy.maxBytes;
        if (!old && !over)
            continue;
        BlobCacheLock lock = tryLock(candidate.digest);
        if (!lock.isLocked())
            continue; // a bake is downloading or using it right now
        if (remove(candidate.path)) {
            ++result.removedBlobs;
            result.freedBytes += candidate.size;
            total -= candidate.size;
        }
    }

    // Lock files of blobs that are gone and that nobody holds.
    for (const QString &name : dir.entryList({u"*"_s + kLockSuffix}, QDir::Files | QDir::Hidden)) {
        const QString blobName = name.chopped(kLockSuffix.size());
        const QString digest = digestOfFileName(blobName);
        if (digest.isEmpty() || QFileInfo::exists(dir.filePath(blobName)) ||
            QFileInfo::exists(dir.filePath(blobName + kPartialSuffix)))
            continue;
        auto lock = lockFileFor(dir.filePath(blobName));
        if (lock->tryLock(0))
            lock->unlock(); // unlocking removes the file
    }
    result.remainingBytes = total;
    return result;
}

QString BlobCache::digestOfFileName(const QString &fileName)
{
    const qsizetype dash = fileName.indexOf(u'-');
    if (dash <= 0)
        return {};
    const QString digest = fileName.left(dash) + u':' + fileName.mid(dash + 1);
    return isDigest(digest) ? digest : QString();
}

} // namespace Kiln
