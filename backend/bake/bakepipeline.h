#pragma once

#include "bake/buildrun.h"
#include "bake/ociclient.h"
#include "domain/bakeimage.h"
#include "domain/result.h"

#include <QFutureWatcher>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace Kiln {

class BlobCacheLock;
class OciBlobs;

// The phases of a bake, in order. A tar source skips nothing: its Pull reads the
// layers out of the archive.
enum class BakePhase
{
    Resolve,   // the manifest for this host (OCI) or the kind of the tar; the quick cap check
    Pull,      // layers into the blob cache (OCI) or out of the archive (tar)
    Unpack,    // layers applied to the staging tree
    SizeCheck, // the ext4 estimate against the cap
    Mkfs,      // the ext4 image made and filled
    Verify,    // e2fsck -fn
    Checksum,  // sha256 + sha1, then the image is put in place
};
inline constexpr int kBakePhaseCount = 7;

// "Resolving", "Pulling", "Unpacking", "Checking size", "Making ext4", "Verifying", "Checksumming".
QString bakePhaseText(BakePhase phase);

// Why a bake failed. `message` is a sentence that starts with the phase
// ("Pulling: ...") and names what is to blame; it never holds a secret.
struct BakeFailure
{
    enum class Code
    {
        Source,       // the reference does not parse, the tar is missing, unreadable or not an image
        NotFound,     // the registry has no such image (or none for this platform)
        Unauthorized, // the registry refused the pull secret (or wants one)
        Network,      // no connection, a timeout, a TLS failure, a 5xx
        Corrupt,      // a blob or layer that does not match its digest, damaged compression or tar data
        Escapes,      // a layer entry that would land outside the root file system
        InvalidLayer, // an entry that cannot be stored (a path through a file, a missing link target...)
        OverCap,      // neededMiB does not fit capMiB
        Mkfs,         // mkfs.ext4 / libext2fs / e2fsck failed
        Io,           // a local file or directory could not be read or written
        Cancelled,
    };
    Code code = Code::Io;
    BakePhase phase = BakePhase::Resolve;
    QString message;
    qint64 neededMiB = 0; // OverCap: at least this much is needed
    qint64 capMiB = 0;    // OverCap: the image's size_mib
};

// What a finished bake made.
struct BakeOutput
{
    BakeContent content;      // path (the final "<content>/<name>.ext4"), size, mtime, sha256, sha1
    QStringList layerDigests; // the cached blobs the bake used (OCI); empty for a tar
    int blobsDownloaded = 0;  // blobs fetched from the registry by this bake
    int blobsCached = 0;      // layers found in the blob cache
    qint64 bytesDownloaded = 0;
    qint64 contentBytes = 0; // bytes of file content in the image
    quint64 entries = 0;     // layer entries applied
};

using BakePipelineResult = Result<BakeOutput, BakeFailure>;

// What a pipeline bakes and where its files go.
struct BakeRequest
{
    BakeImage image;     // name (the label and file name), id (the staging folder), sizeMib, pullSecretId
    BakeSource source;   // usually image.source; an upload's tar stands in for it
    QString blobCache;   // BlobCache root
    QString stagingRoot; // "<stagingRoot>/<image id>" holds the tree while it bakes; removed at the end
    QString contentDir;  // the image goes to "<contentDir>/<name>.ext4" (through ".partial")
    // How the registry of an OCI reference is reached (TLS, CA) for its host
    // ("host[:port]"); unset: https with peer verification. The pull secret's login
    // is added by the pipeline.
    std::function<OciEndpoint(const QString &host)> endpointFor;
    // Resolves the pull secret (image.pullSecretId); unset or no secret: anonymous.
    CredentialResolver credentials;
    int maxParallelDownloads = 4;
    // Polled every 100 ms: true cancels like cancel() (a flag set on another thread).
    const std::atomic<bool> *cancelFlag = nullptr;
};

// Bakes one image into an ext4 file: Resolve (manifest for this host through
// OciBlobs, or the tar's kind), a quick cap check before anything is written (the
// compressed layer sizes of the manifest, or the size of an uncompressed tar,
// already over the cap), Pull (layers missing from the BlobCache are downloaded,
// verified while they stream, at most one bake per blob at a time; cached ones are
// touched), Unpack (LayerUnpacker into a RootfsTree capped at the image size),
// SizeCheck (ext4SizeEstimate), Mkfs (Ext4Writer into "<name>.ext4.partial"),
// Verify (e2fsck -fn), Checksum (sha256 + sha1), and the rename into place.
//
// A QObject on a thread with an event loop (the bake service's worker thread): the
// network phases run asynchronously through `client` (which must live on the same
// thread), and the CPU phases on the global thread pool with QFutureWatcher, so the
// thread never blocks. cancel() stops within a block or an entry in any phase.
// Every failure and cancel removes the staging folder, the partial image and
// partial blobs; finished() comes once, on this object's thread (delete the
// pipeline with deleteLater() from a slot connected to it, not directly).
class BakePipeline : public QObject
{
    Q_OBJECT

public:
    // `client` must outlive the pipeline and live on its thread; only OCI sources use it.
    BakePipeline(BakeRequest request, OciClient *client, QObject *parent = nullptr);
    // Cancels and waits for a CPU phase to stop (within a block or an entry).
    ~BakePipeline() override;

    void start();
    void cancel();
    bool isRunning() const { return m_started && !m_done; }
    // After finished().
    const std::optional<BakePipelineResult> &result() const { return m_result; }

    QString stagingDirectory() const;
    QString contentPath() const;        // "<contentDir>/<name>.ext4"
    QString partialContentPath() const; // contentPath() + ".partial"

signals:
    void phaseChanged(Kiln::BakePhase phase, const QString &text);
    // Bytes (Pull, Unpack, Mkfs, Checksum) or items done of total (total <= 0: not known).
    void progress(Kiln::BakePhase phase, qint64 done, qint64 total);
    void finished(const Kiln::BakePipelineResult &result);

private:
    struct Work;
    using Job = std::function<std::optional<BakeFailure>(Work &work)>;

    void enterPhase(BakePhase phase, const QString &text = {});
    void stopNetwork();
    void resolveOci();
    void resolveTar();
    void pullBlobs();
    void startDownloads(const QList<int> &layerIndexes);
    void afterPull();
    // Unpack, SizeCheck, Mkfs, Verify, Checksum: one CPU job each.
    void unpack();
    void checksum();
    // Posts throttled progress of `phase` from a pool thread.
    std::function<void(qint64 done, qint64 total)> poster(BakePhase phase);
    void runJob(BakePhase phase, Job job, std::function<void()> next);
    void fail(BakeFailure failure);
    void succeed();
    void finish(BakePipelineResult result);
    void cleanUp(bool success);
    bool quickCapCheck(qint64 boundBytes, const QString &what);

    BakeRequest m_request;
    QPointer<OciClient> m_client;
    OciBlobs *m_blobs = nullptr; // a child
    std::shared_ptr<Work> m_work;
    BakePhase m_phase = BakePhase::Resolve;
    QFutureWatcher<std::optional<BakeFailure>> m_job;
    QTimer m_cancelPoll;
    QTimer m_lockRetry;
    bool m_started = false;
    bool m_done = false;
    std::optional<BakePipelineResult> m_result;
};

// Runs a BakePipeline on a thread of its own (with an OciClient of its own) and
// waits for it: for a caller that is itself a pool thread (never an event loop
// thread). `request.cancelFlag` cancels; `progress` is called on the pipeline's
// thread with the phase and its bytes done of total.
BakePipelineResult runBakePipeline(BakeRequest request,
                                   const std::function<void(BakePhase phase, const QString &text, qint64 done,
                                                            qint64 total)> &progress = {});

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::BakePhase)
Q_DECLARE_METATYPE(Kiln::BakePipelineResult)
