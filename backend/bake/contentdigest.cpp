#include "bake/contentdigest.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr qint64 BlockBytes = 4 * 1024 * 1024;

struct MdContextFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextFree>;

ContentDigestError ioError(const QString &path, const QString &what, int errorNumber)
{
    return {ContentDigestError::Code::Io, path,
            u"Cannot %1 %2: %3"_s.arg(what, path, QString::fromLocal8Bit(strerror(errorNumber)))};
}

QString finalHex(EVP_MD_CTX *ctx)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx, digest, &length);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}

} // namespace

Result<ContentDigest, ContentDigestError>
ContentDigest::ofFile(const QString &path, const std::atomic_bool *cancel, const Progress &progress)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError(path, u"open"_s, errno);
    struct FdCloser
    {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat info;
    if (::fstat(fd, &info) != 0)
        return ioError(path, u"read"_s, errno);
    if (!S_ISREG(info.st_mode))
        return ContentDigestError{ContentDigestError::Code::Io, path,
                                  u"%1 is not a regular file."_s.arg(path)};
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    MdContext sha256(EVP_MD_CTX_new());
    MdContext sha1(EVP_MD_CTX_new());
    if (!sha256 || !sha1 || EVP_DigestInit_ex(sha256.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestInit_ex(sha1.get(), EVP_sha1(), nullptr) != 1)
        return ContentDigestError{ContentDigestError::Code::Io, path,
                                  u"Cannot digest %1: OpenSSL has no SHA-256 or SHA-1."_s.arg(path)};

    const qint64 total = qint64(info.st_size);
    std::unique_ptr<char[]> buffer(new char[BlockBytes]);
    qint64 done = 0;
    if (progress)
        progress(0, total);
    for (;;) {
        if (cancel && cancel->load())
            return ContentDigestError{ContentDigestError::Code::Cancelled, path,
                                      u"Digesting %1 was cancelled."_s.arg(path)};
        qint64 got = 0;
        while (got < BlockBytes) {
            const ssize_t n = ::read(fd, buffer.get() + got, size_t(BlockBytes - got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return ioError(path, u"read"_s, errno);
            if (n == 0)
                break;
            got += n;
        }
        if (got == 0)
            break;
        EVP_DigestUpdate(sha256.get(), buffer.get(), size_t(got));
        EVP_DigestUpdate(sha1.get(), buffer.get(), size_t(got));
        done += got;
        if (progress)
            progress(done, total);
        if (got < BlockBytes)
            break;
    }

    ContentDigest digest;
    digest.sha256 = finalHex(sha256.get());
    digest.sha1 = finalHex(sha1.get());
    digest.size = done;
    digest.mtime = QDateTime::fromMSecsSinceEpoch(
        qint64(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1000000, Qt::UTC);
    return digest;
}

} // namespace Kiln
