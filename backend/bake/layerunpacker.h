#pragma once

#include "bake/rootfstree.h"
#include "domain/result.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>

namespace Kiln {

// A layer on disk: a tar, maybe gzip- or zstd-compressed.
struct LayerFile
{
    QString path;
    QString mediaType; // OCI/Docker layer media type; a hint, the magic bytes decide
    QString digest;    // for messages; may be empty
};

struct UnpackOptions
{
    // Checked between entries and between chunks of content; set it to stop.
    const std::atomic<bool> *cancel = nullptr;
    // Compressed bytes consumed and uncompressed bytes read in the current layer,
    // entries applied in all layers so far; called for every chunk (a few MiB).
    std::function<void(qint64 bytesIn, qint64 bytesOut, quint64 entries)> progress;
};

struct UnpackStats
{
    int layers = 0;
    quint64 entries = 0;     // archive entries applied (whiteouts included)
    quint64 whiteouts = 0;   // ".wh.<name>" and ".wh..wh..opq" entries
    qint64 bytesIn = 0;      // compressed bytes read
    qint64 bytesOut = 0;     // uncompressed tar bytes
    qint64 contentBytes = 0; // regular file content written (before whiteouts)
};

struct UnpackError
{
    enum class Code
    {
        Escapes,       // an entry, a symlink on its way or a hard link target leaves the rootfs
        NotADirectory, // a path goes through a file
        NotFound,      // a hard link target that does not exist
        InvalidPath,   // an entry name that cannot be stored
        Corrupt,       // damaged compression or tar data, or it ends early
        OverCap,       // the unpacked content passed the cap
        Cancelled,
        Io, // the layer cannot be read or the staging directory written
    };
    Code code = Code::Corrupt;
    int layer = 0;      // 1-based
    QString entry;      // the archive path, when an entry is to blame
    qint64 offset = -1; // byte of the layer file, when known
    QString message;    // names the layer, the entry and the reason
};

// Applies image layers, in order, to a RootfsTree with libarchive's tar reader
// (pax and GNU extensions), fed by LayerStream (ISA-L for gzip, libzstd). OCI
// whiteouts remove lower entries (".wh.<name>"; ".wh..wh..opq" clears a directory
// of what lower layers put there) and are never added themselves. Ownership,
// modes (setuid/setgid/sticky too), times, xattrs (SCHILY.xattr.*), devices and
// fifos go to the tree's nodes; the host only ever gets flat content files in the
// tree's staging directory. Synchronous: run it on a worker thread.
Result<UnpackStats, UnpackError> unpackLayer(const LayerFile &layer, int layerIndex, RootfsTree &tree,
                                             const UnpackOptions &options = {});
Result<UnpackStats, UnpackError> unpackLayers(const QList<LayerFile> &layers, RootfsTree &tree,
                                              const UnpackOptions &options = {});

} // namespace Kiln
