#include "layerstream.h"

#include <QFile>

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString isalReason(int code)
{
    switch (code) {
    case ISAL_INVALID_BLOCK:
        return u"invalid deflate block"_s;
    case ISAL_INVALID_SYMBOL:
        return u"invalid deflate symbol"_s;
    case ISAL_INVALID_LOOKBACK:
        return u"invalid back-reference distance"_s;
    case ISAL_INVALID_WRAPPER:
        return u"invalid gzip header"_s;
    case ISAL_UNSUPPORTED_METHOD:
        return u"unsupported compression method"_s;
    case ISAL_INCORRECT_CHECKSUM:
        return u"checksum mismatch"_s;
    case ISAL_NEED_DICT:
        return u"needs a preset dictionary"_s;
    default:
        return u"error %1"_s.arg(code);
    }
}

} // namespace

struct LayerStream::Private
{
    QString name;
    int fd = -1;
    bool ownsFd = false;
    LayerCompression compression = LayerCompression::Plain;

    std::unique_ptr<quint8[]> in{new quint8[InputChunk]};
    std::unique_ptr<quint8[]> out;
    const quint8 *next = nullptr; // unconsumed input: next .. next + avail
    qsizetype avail = 0;
    bool eof = false;
    qint64 fileBytes = 0; // read from the file so far
    qint64 bytesOut = 0;
    bool plainHead = false; // Plain: `in` still holds the first bytes, not handed out

    std::unique_ptr<inflate_state> gzip;
    bool memberDone = false;
    ZSTD_DCtx *zstd = nullptr;
    size_t zstdHint = 1; // 0: every frame so far is complete

    ~Private()
    {
        ZSTD_freeDCtx(zstd);
        if (ownsFd && fd >= 0)
            ::close(fd);
    }

    qint64 consumed() const { return fileBytes - avail; }

    LayerStreamError error(LayerStreamError::Code code, qint64 offset, const QString &reason) const
    {
        return LayerStreamError{code, offset, u"%1: %2 at byte %3"_s.arg(name, reason).arg(offset)};
    }

    // Reads into `in` after the unconsumed bytes (moved to the front).
    Result<Done, LayerStreamError> fill()
    {
        if (avail > 0 && next != in.get())
            std::memmove(in.get(), next, size_t(avail));
        next = in.get();
        while (!eof && avail < InputChunk) {
            const ssize_t got = ::read(fd, in.get() + avail, size_t(InputChunk - avail));
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                return error(LayerStreamError::Code::Io, fileBytes,
                             u"cannot read the file ("_s + errnoText(errno) + u')');
            if (got == 0) {
                eof = true;
                break;
            }
            avail += got;
            fileBytes += got;
            break; // one read per fill: hand out what there is
        }
        return Done{};
    }

    Result<QByteArrayView, LayerStreamError> readPlain()
    {
        if (plainHead) {
            plainHead = false;
            const qsizetype size = avail;
            avail = 0;
            if (size > 0)
                return QByteArrayView(in.get(), size);
        }
        while (!eof) {
            const ssize_t got = ::read(fd, out.get(), size_t(OutputChunk));
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                return error(LayerStreamError::Code::Io, fileBytes,
                             u"cannot read the file ("_s + errnoText(errno) + u')');
            if (got == 0)
                eof = true;
            fileBytes += got;
            if (got > 0)
                return QByteArrayView(out.get(), got);
        }
        return QByteArrayView();
    }

    // At the end of a gzip member: another member, zero padding, or garbage?
    Result<bool, LayerStreamError> nextMember()
    {
        while (true) {
            if (avail < 2 && !eof) {
                auto filled = fill();
                if (!filled)
                    return filled.error();
                continue;
            }
            if (avail == 0)
                return false;
            if (avail >= 2 && next[0] == 0x1f && next[1] == 0x8b) {
                isal_inflate_reset(gzip.get());
                gzip->crc_flag = ISAL_GZIP;
                memberDone = false;
                return true;
            }
            // Tape-style zero padding after the last member is accepted.
            for (qsizetype i = 0; i < avail; ++i) {
                if (next[i] != 0)
                    return error(LayerStreamError::Code::Corrupt, consumed() + i,
                                 u"unexpected data after the gzip stream"_s);
            }
            next += avail;
            avail = 0;
            if (eof)
                return false;
        }
    }

    Result<QByteArrayView, LayerStreamError> readGzip()
    {
        inflate_state &s = *gzip;
        s.next_out = out.get();
        s.avail_out = quint32(OutputChunk);
        while (s.avail_out > 0) {
            if (memberDone) {
                auto more = nextMember();
                if (!more)
                    return more.error();
                if (!*more)
                    break;
            }
            if (avail == 0) {
                if (eof)
                    break;
                auto filled = fill();
                if (!filled)
                    return filled.error();
                continue;
            }
            s.next_in = const_cast<quint8 *>(next);
            s.avail_in = quint32(avail);
            const int status = isal_inflate(&s);
            next = s.next_in;
            avail = s.avail_in;
            if (status < 0 || status == ISAL_NEED_DICT)
                return error(LayerStreamError::Code::Corrupt, consumed(),
                             u"the gzip data is damaged ("_s + isalReason(status) + u')');
            if (s.block_state == ISAL_BLOCK_FINISH)
                memberDone = true;
        }
        const qsizetype produced = OutputChunk - qsizetype(s.avail_out);
        if (produced == 0 && !memberDone)
            return error(LayerStreamError::Code::Corrupt, consumed(), u"the gzip data ends early"_s);
        return QByteArrayView(out.get(), produced);
    }

    Result<QByteArrayView, LayerStreamError> readZstd()
    {
        ZSTD_outBuffer output{out.get(), size_t(OutputChunk), 0};
        while (output.pos < output.size) {
            if (avail == 0 && !eof) {
                auto filled = fill();
                if (!filled)
                    return filled.error();
                continue;
            }
            if (avail == 0 && zstdHint == 0)
                break; // every frame complete
            const size_t before = output.pos;
            // In slices, so that an error's offset is within 128 KiB of the damage
            // (libzstd does not say how far into a call's input it got).
            ZSTD_inBuffer input{next, size_t(std::min<qsizetype>(avail, 128 * 1024)), 0};
            const size_t hint = ZSTD_decompressStream(zstd, &output, &input);
            next += input.pos;
            avail -= qsizetype(input.pos);
            if (ZSTD_isError(hint))
                return error(LayerStreamError::Code::Corrupt, consumed(),
                             u"the zstd data is damaged ("_s + QString::fromUtf8(ZSTD_getErrorName(hint)) +
                                 u')');
            zstdHint = hint;
            if (avail == 0 && eof && input.pos == 0 && output.pos == before)
                return error(LayerStreamError::Code::Corrupt, consumed(), u"the zstd data ends early"_s);
        }
        return QByteArrayView(out.get(), qsizetype(output.pos));
    }
};

LayerStream::LayerStream(QString name)
    : d(std::make_unique<Private>())
{
    d->name = std::move(name);
}

LayerStream::~LayerStream() = default;

Result<Done, LayerStreamError> LayerStream::open(const QString &path, const QString &mediaType)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return LayerStreamError{LayerStreamError::Code::Io, 0,
                                u"%1: cannot open “%2” (%3)"_s.arg(d->name, path, errnoText(errno))};
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    d->fd = fd;
    d->ownsFd = true; // closed by ~Private, also when open() fails below
    return open(fd, mediaType);
}

Result<Done, LayerStreamError> LayerStream::open(int fd, const QString &mediaType)
{
    d->fd = fd;
    // Enough of the head to tell the compression (a short first read is retried).
    while (!d->eof && d->avail < 4) {
        auto filled = d->fill();
        if (!filled)
            return filled.error();
    }
    d->compression = detect(QByteArrayView(d->next, d->avail), mediaType);
    d->out.reset(new quint8[OutputChunk]);
    switch (d->compression) {
    case LayerCompression::Plain:
        d->plainHead = true;
        break;
    case LayerCompression::Gzip:
        d->gzip = std::make_unique<inflate_state>();
        isal_inflate_init(d->gzip.get());
        d->gzip->crc_flag = ISAL_GZIP;
        break;
    case LayerCompression::Zstd:
        d->zstd = ZSTD_createDCtx();
        // Layers made with --long use windows up to 2 GiB (zstd's own CLI limit).
        ZSTD_DCtx_setParameter(d->zstd, ZSTD_d_windowLogMax, 31);
        break;
    }
    return Done{};
}

Result<QByteArrayView, LayerStreamError> LayerStream::read()
{
    auto chunk = [this]() -> Result<QByteArrayView, LayerStreamError> {
        switch (d->compression) {
        case LayerCompression::Gzip:
            return d->readGzip();
        case LayerCompression::Zstd:
            return d->readZstd();
        case LayerCompression::Plain:
            break;
        }
        return d->readPlain();
    }();
    if (chunk)
        d->bytesOut += chunk->size();
    return chunk;
}

LayerCompression LayerStream::compression() const
{
    return d->compression;
}

qint64 LayerStream::bytesIn() const
{
    return d->consumed();
}

qint64 LayerStream::bytesOut() const
{
    return d->bytesOut;
}

const QString &LayerStream::name() const
{
    return d->name;
}

LayerCompression LayerStream::detect(QByteArrayView head, const QString &mediaType)
{
    if (head.size() >= 2 && quint8(head[0]) == 0x1f && quint8(head[1]) == 0x8b)
        return LayerCompression::Gzip;
    if (head.size() >= 4 && quint8(head[0]) == 0x28 && quint8(head[1]) == 0xb5 && quint8(head[2]) == 0x2f &&
        quint8(head[3]) == 0xfd)
        return LayerCompression::Zstd;
    if (head.size() < 4) {
        if (mediaType.endsWith(u"gzip"_s))
            return LayerCompression::Gzip;
        if (mediaType.endsWith(u"zstd"_s))
            return LayerCompression::Zstd;
    }
    return LayerCompression::Plain;
}

} // namespace Kiln
