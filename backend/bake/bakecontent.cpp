#include "bakecontent.h"

#include "bake/bakepipeline.h"
#include "bake/baketarsource.h"
#include "bake/ext4writer.h"
#include "domain/settingsschema.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/settings.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>

#include <cstdio>
#include <memory>

#include <openssl/evp.h>

using namespace Qt::StringLiterals;

namespace Kiln {

// ---- directories -------------------------------------------------------------------------------

QString bakeDataDirectory(const Catalogue &catalogue)
{
    const QString path = catalogue.sqlitePath();
    if (!path.isEmpty())
        return QFileInfo(path).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/kiln"_s;
}

BakeDirectories BakeDirectories::fromSettings(const Catalogue &catalogue)
{
    const Settings settings(catalogue);
    BakeDirectories directories;
    directories.content = settings.value(Setting::BakeContentDirectory);
    directories.blobCache = settings.value(Setting::BakeBlobCacheDirectory);
    return directories.resolved(catalogue);
}

BakeDirectories BakeDirectories::resolved(const Catalogue &catalogue) const
{
    BakeDirectories out = *this;
    if (out.content.isEmpty() || out.blobCache.isEmpty()) {
        // Settings first, then the defaults.
        const Settings settings(catalogue);
        if (out.content.isEmpty())
            out.content = settings.value(Setting::BakeContentDirectory);
        if (out.blobCache.isEmpty())
            out.blobCache = settings.value(Setting::BakeBlobCacheDirectory);
    }
    const QDir data(bakeDataDirectory(catalogue));
    if (out.content.isEmpty())
        out.content = data.filePath(u"content"_s);
    if (out.blobCache.isEmpty())
        out.blobCache = data.filePath(u"blobs"_s);
    if (out.staging.isEmpty())
        out.staging = data.filePath(u"staging"_s);
    return out;
}

QString contentFilePath(const BakeDirectories &directories, const QString &imageName)
{
    return QDir(directories.content).filePath(imageName + u".ext4"_s);
}

QString ContentError::codeName(Code code)
{
    switch (code) {
    case Code::NotFound:
        return u"not found"_s;
    case Code::NoContent:
        return u"no content"_s;
    case Code::Busy:
        return u"busy"_s;
    case Code::Deactivated:
        return u"deactivated"_s;
    case Code::NotSupported:
        return u"not supported"_s;
    case Code::TooBig:
        return u"too big"_s;
    case Code::ChecksumMismatch:
        return u"checksum mismatch"_s;
    case Code::Corrupt:
        return u"corrupt"_s;
    case Code::Bake:
        return u"bake failed"_s;
    case Code::Io:
        return u"i/o error"_s;
    case Code::Store:
        return u"catalogue error"_s;
    case Code::Cancelled:
        return u"cancelled"_s;
    }
    return u"error"_s;
}

// ---- helpers -----------------------------------------------------------------------------------

namespace {

// One OpenSSL digest of a stream (EVP: several times faster than QCryptographicHash).
class Digest
{
public:
    explicit Digest(const EVP_MD *md)
        : m_ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free)
    {
        EVP_DigestInit_ex(m_ctx.get(), md, nullptr);
    }
    void add(QByteArrayView data) { EVP_DigestUpdate(m_ctx.get(), data.data(), size_t(data.size())); }
    // Lowercase hex.
    QString finish()
    {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(m_ctx.get(), out, &length);
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(out), int(length)).toHex());
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> m_ctx;
};

ContentError fromStore(const StoreError &error)
{
    switch (error.code) {
    case StoreError::Code::NotFound:
        return {ContentError::Code::NotFound, error.message};
    case StoreError::Code::InUse:
        return {ContentError::Code::Busy, error.message};
    default:
        return {ContentError::Code::Store, error.message};
    }
}

Result<BakeImage, ContentError> findImage(const Catalogue &catalogue, const QString &idOrName)
{
    auto image = BakeImageRepository(catalogue).find(idOrName);
    if (!image.ok())
        return fromStore(image.error());
    return image.value();
}

QString hexOf(const QString &digest)
{
    const qsizetype colon = digest.indexOf(u':');
    return colon >= 0 ? digest.mid(colon + 1) : digest;
}

// Removes `path` if it is there; false when it is there and cannot be removed.
bool removeFile(const QString &path)
{
    return !QFileInfo::exists(path) || QFile::remove(path);
}

// Replaces `target` by `source` (rename(2): atomic on one file system).
bool replaceFile(const QString &source, const QString &target)
{
    return std::rename(QFile::encodeName(source).constData(), QFile::encodeName(target).constData()) == 0;
}

// Copies `in` to `out` from their current positions until `in` ends, in chunks,
// feeding `digesters`. `done` counts on from its value.
Result<Done, ContentError> copyChunks(QFile &in, QFile &out, const QList<Digest *> &digesters, qint64 &done,
                                      qint64 total, const TransferControl &control, const QString &what)
{
    QByteArray buffer(int(kContentChunkBytes), Qt::Uninitialized);
    for (;;) {
        if (control.cancel && control.cancel->load())
            return ContentError{ContentError::Code::Cancelled, what + u": cancelled."_s};
        const qint64 n = in.read(buffer.data(), buffer.size());
        if (n < 0)
            return ContentError{ContentError::Code::Io,
                                u"%1: could not read %2: %3"_s.arg(what, in.fileName(), in.errorString())};
        if (n == 0)
            break;
        const QByteArrayView chunk(buffer.constData(), n);
        for (Digest *digester : digesters)
            digester->add(chunk);
        if (out.write(buffer.constData(), n) != n)
            return ContentError{ContentError::Code::Io,
                                u"%1: could not write %2: %3"_s.arg(what, out.fileName(), out.errorString())};
        done += n;
        if (control.progress)
            control.progress(done, total);
    }
    if (!out.flush())
        return ContentError{ContentError::Code::Io,
                            u"%1: could not write %2: %3"_s.arg(what, out.fileName(), out.errorString())};
    return Done{};
}

// Feeds `digester` with the first `bytes` of `path`.
Result<Done, ContentError> digestPrefix(const QString &path, qint64 bytes, Digest &digester,
                                        const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ContentError{ContentError::Code::Io,
                            u"%1: could not read %2: %3"_s.arg(what, path, file.errorString())};
    QByteArray buffer(int(kContentChunkBytes), Qt::Uninitialized);
    qint64 left = bytes;
    while (left > 0) {
        const qint64 n = file.read(buffer.data(), qMin<qint64>(left, buffer.size()));
        if (n <= 0)
            return ContentError{ContentError::Code::Io, u"%1: could not read %2"_s.arg(what, path)};
        digester.add(QByteArrayView(buffer.constData(), n));
        left -= n;
    }
    return Done{};
}

Result<QString, ContentError> sha256OfFile(const QString &path, const TransferControl &control,
                                           const QString &what)
{
    Digest digester(EVP_sha256());
    auto read = digestPrefix(path, QFileInfo(path).size(), digester, what);
    if (!read.ok())
        return read.error();
    if (control.cancel && control.cancel->load())
        return ContentError{ContentError::Code::Cancelled, what + u": cancelled."_s};
    return digester.finish();
}

} // namespace

bool looksLikeExt4(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(1080))
        return false;
    const QByteArray magic = file.read(2);
    return magic.size() == 2 && quint8(magic[0]) == 0x53 && quint8(magic[1]) == 0xEF;
}

// ---- download ----------------------------------------------------------------------------------

Result<BakeContent, ContentError> downloadContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                                  const QString &targetPath, const TransferControl &control)
{
    auto found = findImage(catalogue, imageIdOrName);
    if (!found.ok())
        return found.error();
    const BakeImage &image = found.value();
    const QString what = u"Image “%1”"_s.arg(image.name);
    if (!image.content)
        return ContentError{ContentError::Code::NoContent, what + u" has no content to download."_s};
    const BakeContent content = *image.content;
    const QFileInfo source(content.path);
    if (!source.isFile())
        return ContentError{ContentError::Code::NoContent,
                            u"%1: its content file %2 is missing."_s.arg(what, content.path)};
    if (source.size() != content.size)
        return ContentError{
            ContentError::Code::Corrupt,
            u"%1: its content file %2 has %3 bytes, the catalogue records %4."_s.arg(
                what, content.path, QString::number(source.size()), QString::number(content.size))};

    const QString partialPath = targetPath + u".partial"_s;
    qint64 done = 0;
    Digest digester(EVP_sha256());
    if (const QFileInfo partial(partialPath); partial.exists()) {
        // Resume after what an earlier (cancelled or broken) download wrote. A partial
        // longer than the content cannot be a prefix of it: start over.
        if (!partial.isFile() || partial.size() > content.size) {
            if (!removeFile(partialPath))
                return ContentError{ContentError::Code::Io,
                                    u"%1: could not remove the stale %2."_s.arg(what, partialPath)};
        } else {
            done = partial.size();
            auto prefix = digestPrefix(partialPath, done, digester, what);
            if (!prefix.ok())
                return prefix.error();
        }
    }

    QFile in(content.path);
    if (!in.open(QIODevice::ReadOnly) || !in.seek(done))
        return ContentError{ContentError::Code::Io,
                            u"%1: could not read %2: %3"_s.arg(what, content.path, in.errorString())};
    QFile out(partialPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Append))
        return ContentError{ContentError::Code::Io,
                            u"%1: could not write %2: %3"_s.arg(what, partialPath, out.errorString())};
    if (control.progress)
        control.progress(done, content.size);
    auto copied = copyChunks(in, out, {&digester}, done, content.size, control, what);
    out.close();
    if (!copied.ok())
        return copied.error(); // the partial stays: calling again resumes

    const QString sha256 = digester.finish();
    if (sha256 != content.sha256) {
        removeFile(partialPath);
        return ContentError{
            ContentError::Code::ChecksumMismatch,
            u"%1: the downloaded %2 has sha256 %3, the catalogue records %4; it was removed."_s.arg(
                what, targetPath, sha256, content.sha256)};
    }
    if (!replaceFile(partialPath, targetPath))
        return ContentError{ContentError::Code::Io,
                            u"%1: could not rename %2 to %3."_s.arg(what, partialPath, targetPath)};
    return content;
}

// ---- upload ------------------------------------------------------------------------------------

namespace {

Result<BakeImage, ContentError> uploadExt4(const Catalogue &catalogue, const BakeImage &image,
                                           const QString &sourcePath, const QString &expectedSha256,
                                           const TransferControl &control, const BakeDirectories &directories)
{
    const QString what = u"Image “%1”"_s.arg(image.name);
    const qint64 size = QFileInfo(sourcePath).size();
    const qint64 cap = image.sizeMib * 1024 * 1024;
    if (size > cap)
        return ContentError{ContentError::Code::TooBig,
                            u"%1: %2 has %3 MiB, the cap is %4 MiB; nothing was copied."_s.arg(
                                what, sourcePath, QString::number((size + 1024 * 1024 - 1) / (1024 * 1024)),
                                QString::number(image.sizeMib))};
    if (!QDir().mkpath(directories.content))
        return ContentError{ContentError::Code::Io,
                            u"%1: could not create the content folder %2."_s.arg(what, directories.content)};

    const QString target = contentFilePath(directories, image.name);
    const QString partialPath = target + u".partial"_s;
    QFile in(sourcePath);
    if (!in.open(QIODevice::ReadOnly))
        return ContentError{ContentError::Code::Io,
                            u"%1: could not read %2: %3"_s.arg(what, sourcePath, in.errorString())};
    QFile out(partialPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return ContentError{ContentError::Code::Io,
                            u"%1: could not write %2: %3"_s.arg(what, partialPath, out.errorString())};
    Digest sha256(EVP_sha256());
    Digest sha1(EVP_sha1());
    qint64 done = 0;
    auto copied = copyChunks(in, out, {&sha256, &sha1}, done, size, control, what);
    out.close();
    const auto fail = [&partialPath](ContentError error) -> Result<BakeImage, ContentError> {
        QFile::remove(partialPath);
        return error;
    };
    if (!copied.ok())
        return fail(copied.error());

    BakeContent content;
    content.sha256 = sha256.finish();
    content.sha1 = sha1.finish();
    if (!expectedSha256.isEmpty() && hexOf(expectedSha256).toLower() != content.sha256)
        return fail({ContentError::Code::ChecksumMismatch,
                     u"%1: %2 has sha256 %3, expected %4; nothing was stored."_s.arg(
                         what, sourcePath, content.sha256, hexOf(expectedSha256).toLower())});
    if (auto checked = Ext4Writer::check(partialPath); !checked.ok())
        return fail(
            {ContentError::Code::Corrupt, u"%1: e2fsck -fn found errors in %2; nothing was stored. %3"_s.arg(
                                              what, sourcePath, checked.error().message)});
    if (!replaceFile(partialPath, target))
        return fail(
            {ContentError::Code::Io, u"%1: could not rename %2 to %3."_s.arg(what, partialPath, target)});
    const QFileInfo stored(target);
    content.size = stored.size();
    content.mtime = stored.lastModified().toMSecsSinceEpoch();
    content.path = stored.absoluteFilePath();
    auto set = BakeImageRepository(catalogue).setContent(image.id, content);
    if (!set.ok()) {
        QFile::remove(target);
        return fromStore(set.error());
    }
    return set.value();
}

} // namespace

namespace {

// Bakes a tar into the image's content (the tar stands in for the image's source).
Result<BakeImage, ContentError> uploadTarContent(const Catalogue &catalogue, const BakeImage &image,
                                                 const QString &tarPath, BakeSourceKind kind,
                                                 const TransferControl &control,
                                                 const BakeDirectories &directories)
{
    const BakeSource source{kind, tarPath};
    const BakePhaseProgress progress = [&control](int, int, const QString &, qint64 done, qint64 total) {
        if (control.progress)
            control.progress(done, total);
    };
    auto baked = bakeContentFile(catalogue, image, source, directories, control.cancel, progress);
    if (!baked.ok())
        return baked.error();
    auto set = BakeImageRepository(catalogue).setContent(image.id, baked.value().content);
    if (!set.ok()) {
        QFile::remove(baked.value().content.path);
        return fromStore(set.error());
    }
    return set.value();
}

} // namespace

Result<BakeImage, ContentError> uploadContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                              const QString &sourcePath, const QString &expectedSha256,
                                              const TransferControl &control,
                                              const BakeDirectories &directories)
{
    auto found = findImage(catalogue, imageIdOrName);
    if (!found.ok())
        return found.error();
    const BakeImage &image = found.value();
    const QString what = u"Image “%1”"_s.arg(image.name);
    if (image.state == BakeState::Queued || image.state == BakeState::Baking)
        return ContentError{
            ContentError::Code::Busy,
            u"%1 is %2; wait for its bake or cancel it first."_s.arg(what, bakeStateName(image.state))};
    if (image.content)
        return ContentError{
            ContentError::Code::Busy,
            u"%1 already has content; remove it first (content is never replaced in place)."_s.arg(what)};
    if (image.deactivated)
        return ContentError{ContentError::Code::Deactivated,
                            u"%1 is deactivated; reactivate it first."_s.arg(what)};
    const QFileInfo source(sourcePath);
    if (!source.exists())
        return ContentError{ContentError::Code::NotFound, u"%1: no file %2."_s.arg(what, sourcePath)};
    if (!source.isFile() || !source.isReadable())
        return ContentError{ContentError::Code::Io,
                            u"%1: %2 is not a readable regular file."_s.arg(what, sourcePath)};

    const BakeDirectories resolved = directories.resolved(catalogue);
    // Held while the upload runs: the bakery's sweep leaves its files alone.
    QDir().mkpath(resolved.staging);
    QLockFile lock(QDir(resolved.staging).filePath(image.id + u".lock"_s));
    if (!lock.tryLock(0))
        return ContentError{ContentError::Code::Busy, what + u" is being uploaded by another process."_s};
    if (looksLikeExt4(sourcePath))
        return uploadExt4(catalogue, image, sourcePath, expectedSha256, control, resolved);

    auto kind = BakeTarSource::inspect(sourcePath);
    if (!kind.ok())
        return ContentError{ContentError::Code::NotSupported,
                            u"%1: %2 is neither an ext4 image (no superblock magic 0xEF53 at byte 1080) nor "
                            "a tar archive (%3)."_s.arg(what, sourcePath, kind.error().message)};
    if (!expectedSha256.isEmpty()) {
        auto sha256 = sha256OfFile(sourcePath, control, what);
        if (!sha256.ok())
            return sha256.error();
        if (sha256.value() != hexOf(expectedSha256).toLower())
            return ContentError{ContentError::Code::ChecksumMismatch,
                                u"%1: %2 has sha256 %3, expected %4; nothing was baked."_s.arg(
                                    what, sourcePath, sha256.value(), hexOf(expectedSha256).toLower())};
    }
    return uploadTarContent(catalogue, image, source.absoluteFilePath(), kind.value(), control, resolved);
}

// ---- remove, stat, info ------------------------------------------------------------------------

Result<BakeImage, ContentError> removeContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                              const BakeDirectories &directories)
{
    auto found = findImage(catalogue, imageIdOrName);
    if (!found.ok())
        return found.error();
    const BakeImage &image = found.value();
    const QString what = u"Image “%1”"_s.arg(image.name);
    if (image.state == BakeState::Baking)
        return ContentError{ContentError::Code::Busy, what + u" is baking; cancel the bake first."_s};
    const QString path =
        image.content ? image.content->path : contentFilePath(directories.resolved(catalogue), image.name);
    // The record goes first: a bake that started meanwhile refuses it, and the file
    // is never removed under a record that still names it.
    auto cleared = BakeImageRepository(catalogue).clearContent(image.id);
    if (!cleared.ok())
        return fromStore(cleared.error());
    if (image.content && !removeFile(path))
        return ContentError{
            ContentError::Code::Io,
            u"%1: the content was forgotten but its file %2 could not be removed."_s.arg(what, path)};
    return cleared.value();
}

Result<ContentStat, ContentError> statContent(const Catalogue &catalogue, const QString &imageIdOrName,
                                              const BakeDirectories &directories)
{
    auto found = findImage(catalogue, imageIdOrName);
    if (!found.ok())
        return found.error();
    const BakeImage &image = found.value();
    ContentStat stat;
    stat.imageId = image.id;
    stat.imageName = image.name;
    stat.recorded = image.content.has_value();
    stat.path =
        stat.recorded ? image.content->path : contentFilePath(directories.resolved(catalogue), image.name);
    const QFileInfo file(stat.path);
    stat.exists = file.isFile();
    if (stat.exists) {
        stat.size = file.size();
        stat.mtime = file.lastModified().toMSecsSinceEpoch();
    }
    const QString what = u"Image “%1”"_s.arg(image.name);
    if (stat.recorded && !stat.exists)
        stat.problem = u"%1 is %2 but its content file %3 is missing."_s.arg(what, bakeStateName(image.state),
                                                                             stat.path);
    else if (stat.recorded && stat.size != image.content->size)
        stat.problem = u"%1: its content file %2 has %3 bytes, the catalogue records %4."_s.arg(
            what, stat.path, QString::number(stat.size), QString::number(image.content->size));
    else if (!stat.recorded && stat.exists)
        stat.problem = u"%1 has no content, but a file is at %2 (left over; remove it or upload it)."_s.arg(
            what, stat.path);
    return stat;
}

Result<ContentInfo, ContentError> contentInfo(const Catalogue &catalogue, const QString &imageIdOrName)
{
    auto found = findImage(catalogue, imageIdOrName);
    if (!found.ok())
        return found.error();
    const BakeImage &image = found.value();
    ContentInfo info;
    info.imageId = image.id;
    info.imageName = image.name;
    info.state = image.state;
    info.content = image.content;
    info.scanStatus = image.scanStatus;
    info.scanReason = image.scanReason;
    info.scanFindingsJson = image.scanFindingsJson;
    info.scannedAt = image.scannedAt;
    return info;
}

// ---- the bake pipeline ------------------------------------------------------------------------

Result<BakedFile, ContentError> bakeContentFile(const Catalogue &catalogue, const BakeImage &image,
                                                const BakeSource &source, const BakeDirectories &directories,
                                                const std::atomic<bool> *cancel,
                                                const BakePhaseProgress &progress,
                                                const std::optional<Credential> &credential, int retries)
{
    Q_UNUSED(retries); // the pipeline's OCI client retries on its own
    QList<Registry> registries;
    if (auto listed = RegistryRepository(catalogue).list(); listed.ok())
        registries = listed.value();
    BakeRequest request;
    request.image = image;
    request.source = source;
    request.blobCache = directories.blobCache;
    request.stagingRoot = directories.staging;
    request.contentDir = directories.content;
    request.endpointFor = [registries](const QString &host) {
        for (const Registry &registry : registries) {
            if (registryHost(registry) == host)
                return endpointFor(registry);
        }
        OciEndpoint endpoint;
        endpoint.host = host;
        return endpoint;
    };
    if (credential) {
        request.credentials = [credential](const QString &) {
            return QtFuture::makeReadyFuture(Result<Credential, QString>(*credential));
        };
    }
    request.cancelFlag = cancel;
    const auto result = runBakePipeline(std::move(request), [&progress](BakePhase phase, const QString &text,
                                                                        qint64 done, qint64 total) {
        if (progress)
            progress(int(phase), kBakePhaseCount, text.isEmpty() ? bakePhaseText(phase) : text, done, total);
    });
    if (!result.ok()) {
        const BakeFailure &failure = result.error();
        const QString message = u"Image “%1”: %2"_s.arg(image.name, failure.message);
        switch (failure.code) {
        case BakeFailure::Code::Cancelled:
            return ContentError{ContentError::Code::Cancelled, message};
        case BakeFailure::Code::OverCap:
            return ContentError{ContentError::Code::TooBig, message};
        case BakeFailure::Code::Io:
            return ContentError{ContentError::Code::Io, message};
        default:
            return ContentError{ContentError::Code::Bake, message};
        }
    }
    return BakedFile{result.value().content, result.value().layerDigests};
}

// ---- layer records -----------------------------------------------------------------------------

namespace {

QString layerRecordDirectory(const BakeDirectories &directories)
{
    return QDir(directories.content).filePath(u".layers"_s);
}

} // namespace

bool writeLayerRecord(const BakeDirectories &directories, const QString &imageId, const QStringList &digests)
{
    const QString dir = layerRecordDirectory(directories);
    if (!QDir().mkpath(dir))
        return false;
    QSaveFile file(QDir(dir).filePath(imageId));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    for (const QString &digest : digests)
        file.write(digest.toUtf8() + '\n');
    return file.commit();
}

QHash<QString, QStringList> readLayerRecords(const BakeDirectories &directories)
{
    QHash<QString, QStringList> records;
    const QDir dir(layerRecordDirectory(directories));
    for (const QFileInfo &entry : dir.entryInfoList(QDir::Files)) {
        QFile file(entry.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QStringList digests;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (!line.trimmed().isEmpty())
                digests << QString::fromUtf8(line.trimmed());
        }
        records.insert(entry.fileName(), digests);
    }
    return records;
}

bool removeLayerRecord(const BakeDirectories &directories, const QString &imageId)
{
    return removeFile(QDir(layerRecordDirectory(directories)).filePath(imageId));
}

} // namespace Kiln
