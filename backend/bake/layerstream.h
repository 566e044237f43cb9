#pragma once

#include "domain/result.h"

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace Kiln {

enum class LayerCompression
{
    Plain,
    Gzip,
    Zstd,
};

struct LayerStreamError
{
    enum class Code
    {
        Io,      // the file cannot be read
        Corrupt, // the compressed data is damaged or ends early
    };
    Code code = Code::Corrupt;
    qint64 offset = 0; // byte of the (compressed) file where it went wrong
    QString message;   // names the layer and the offset
};

// Reads a layer file and hands out its uncompressed bytes (a tar stream) in big
// chunks: gzip with ISA-L (several members in a row too), zstd with libzstd's
// streaming decoder, anything else as it is. The compression is taken from the
// magic bytes; the OCI media type only decides when the file is too short to tell.
// Not thread-safe; synchronous.
class LayerStream
{
public:
    static constexpr qsizetype InputChunk = 1024 * 1024;
    static constexpr qsizetype OutputChunk = 4 * 1024 * 1024;

    // `name` is how messages call the layer, e.g. "layer 2 (sha256:ab12…)".
    explicit LayerStream(QString name);
    ~LayerStream();
    LayerStream(const LayerStream &) = delete;
    LayerStream &operator=(const LayerStream &) = delete;

    Result<Done, LayerStreamError> open(const QString &path, const QString &mediaType = {});
    // Reads from `fd` (from its current position); the caller keeps it open until done.
    Result<Done, LayerStreamError> open(int fd, const QString &mediaType = {});

    // The next uncompressed bytes, valid until the next call; empty at the end.
    Result<QByteArrayView, LayerStreamError> read();

    LayerCompression compression() const;
    qint64 bytesIn() const;  // compressed bytes consumed so far
    qint64 bytesOut() const; // uncompressed bytes handed out so far
    const QString &name() const;

    // What `head` (the first bytes of a file) is compressed with.
    static LayerCompression detect(QByteArrayView head, const QString &mediaType = {});

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Kiln
