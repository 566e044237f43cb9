#pragma once

#include "bake/layerunpacker.h"
#include "domain/bakeimage.h"
#include "domain/result.h"

#include <QList>
#include <QString>

#include <atomic>

namespace Kiln {

// Why a tar source cannot be used. `message` is a sentence naming the file (and the
// member of the archive where there is one) and why.
struct BakeTarError
{
    enum class Code
    {
        NotFound,     // no such file
        NotReadable,  // a directory, a FIFO or device, or the file cannot be opened
        NotATar,      // not a (compressed) tar archive, or an empty one
        Invalid,      // manifest.json / index.json / a manifest that is missing or malformed
        MissingLayer, // a manifest names a member the archive lacks
        Corrupt,      // a member does not match its digest, or the archive is truncated
        NoPlatform,   // an oci-archive without a manifest for this host's platform
        Io,           // the extract directory cannot be written
        Cancelled,
    };
    Code code = Code::NotATar;
    QString path; // the tar file
    QString message;
};

// The tar sources of a bake: a docker-archive (`docker save` / `podman save`), an
// oci-archive (an OCI image layout in a tar) or a plain root file system tar, read
// with libarchive and turned into the same list of layer files an OCI pull gives.
// Blocking file I/O: call from a worker thread (QtConcurrent). Stateless.
namespace BakeTarSource {

// What kind of tar `path` is: DockerArchive when it has a top-level manifest.json,
// OciArchive when it has oci-layout and index.json, RootfsTar otherwise. Reads
// entry headers only, and stops as soon as the kind is clear (a top-level etc/,
// usr/, bin/... says rootfs). Errors name the path and why.
Result<BakeSourceKind, BakeTarError> inspect(const QString &path);

// The layers of the image in `path` of `kind`, bottom first (LayerFile: the path,
// the media type when a manifest gives one, the digest when known). RootfsTar: the
// file itself. DockerArchive: manifest.json's Layers (its first image), extracted into
// `extractDir`, each checked against the config's diff_id when it is uncompressed.
// OciArchive: index.json's manifest for this host's platform (choosePlatform; an
// index without platforms: its first manifest), its layers extracted from
// blobs/<alg>/<hex> into `extractDir` and verified against their digests while
// they are copied. `extractDir` must exist; the caller removes it. `cancel`, when
// set, is polled between blocks (Code::Cancelled).
Result<QList<LayerFile>, BakeTarError> layersOf(const QString &path, BakeSourceKind kind,
                                                const QString &extractDir,
                                                const std::atomic_bool *cancel = nullptr);

// The bytes of file content an uncompressed rootfs tar unpacks to at least, for
// the quick cap check before anything is written: the sizes of its regular files
// (the last entry of a path counts, hard links add nothing), read from the
// headers while seeking over the data. -1 when the tar is compressed (the sizes
// are not known without inflating it) or cannot be read.
qint64 rootfsContentBytes(const QString &path);

} // namespace BakeTarSource

} // namespace Kiln
