#pragma once

#include "bake/scanfindings.h"
#include "domain/bakeimage.h"
#include "domain/result.h"
#include "store/secretrepository.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class ScanRun;

// What a tar given to a scan holds.
enum class ScanTarFormat
{
    DockerArchive, // `docker save` output
    OciArchive,    // an OCI image layout in a tar
    Rootfs,        // a plain root file system: no scanner reads it; its baked ext4 is scanned
};

// What to scan. The first of ociRef, tarPath and rootfsDir that is set is scanned. A
// plain rootfs tar (tarFormat Rootfs) is not read itself: ImageScanner::scan() unpacks
// ext4Image, the image it was baked into, and scans that directory.
struct ScanRequest
{
    QString ociRef;  // an image in a registry, e.g. "registry.example/app:1.2"
    QString tarPath; // an image tar (tarFormat says which kind)
    ScanTarFormat tarFormat = ScanTarFormat::DockerArchive;
    QString rootfsDir;                     // an unpacked root file system
    QString ext4Image;                     // the baked content (BakeImage::content->path); empty: not baked
    bool insecureRegistry = false;         // ociRef's registry speaks plain HTTP
    std::optional<Credential> credentials; // the pull secret; in memory only, never in argv

    // The request for a bake image's source (the reference or the tar it bakes).
    static ScanRequest forSource(const BakeSource &source, bool insecureRegistry = false,
                                 std::optional<Credential> credentials = std::nullopt);

    // A plain rootfs tar with its baked image: scan() unpacks ext4Image first.
    bool unpacksExt4() const
    {
        return ociRef.isEmpty() && !tarPath.isEmpty() && tarFormat == ScanTarFormat::Rootfs &&
               !ext4Image.isEmpty();
    }
};

// An installed scanner program.
struct ScannerInfo
{
    ScannerKind kind = ScannerKind::Trivy;
    QString path; // absolute

    friend bool operator==(const ScannerInfo &, const ScannerInfo &) = default;
};

// One scanner run: the program's arguments and the environment it gets on top of
// Kiln's own (registry credentials go there, never into the arguments).
struct ScanCommand
{
    QStringList arguments;
    QMap<QString, QString> environment;

    friend bool operator==(const ScanCommand &, const ScanCommand &) = default;
};

// The command that scans `request` with `kind`, or the reason for skipping the scan
// (nothing a scanner can read: no reference, image tar or directory; a plain rootfs
// tar, which is scanned from its baked ext4 image: see ImageScanner::scan()). Pure.
//   trivy: image --format json --quiet --scanners vuln [--insecure] REF
//          image --format json --quiet --scanners vuln --input TAR
//          rootfs --format json --quiet --scanners vuln DIR
//          credentials: TRIVY_USERNAME / TRIVY_PASSWORD
//   grype: REF -o json | docker-archive:TAR -o json | oci-archive:TAR -o json | dir:DIR -o json
//          credentials: GRYPE_REGISTRY_AUTH_{AUTHORITY,USERNAME,PASSWORD};
//          plain HTTP: GRYPE_REGISTRY_INSECURE_USE_HTTP=true
Result<ScanCommand, QString> scanCommand(ScannerKind kind, const ScanRequest &request);

// The version in `scanner --version` output: trivy's "Version: 0.50.1" line, or the
// last word of grype's "grype 0.74.0". Empty when neither is there. Pure.
QString scannerVersionFromOutput(const QString &output);

// Scans images with trivy or grype (whichever is found first, in that order: in the
// search paths, then on the PATH unless that is turned off). Lives on one thread
// (the GUI thread is fine): the scanner runs as a child process in its own process
// group (EngineProcess) and its report is parsed with QtConcurrent, so nothing
// blocks. Every scan first asks the scanner for its version (`--version`).
//
// A plain rootfs tar is scanned from its baked image (ScanRequest::ext4Image), without
// root and without mounting: `debugfs -R "rdump / DIR" IMAGE` (e2fsprogs, a process
// like the scanner) copies its files into a new directory under workDirectory(), which
// `trivy rootfs DIR` / `grype dir:DIR` then scan. The directory is removed (on the
// thread pool) before the future finishes, however the scan ends; when the scanner
// is destroyed, right after.
//
// A scan's future finishes with its outcome: Passed/Failed (ScanOutcome), Failed
// when the scanner (or debugfs) exits non-zero, crashes or times out (the reason
// names the exit code and the last lines of its stderr), Skipped when no scanner is
// installed (checked first, whatever the source) or there is nothing to scan (a
// plain rootfs tar not baked yet). Cancelling the future (or cancelAll()) kills the
// running process group; the future then stays cancelled without a result.
// Destroying the scanner does the same to the scans under way.
class ImageScanner : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kDefaultTimeoutMs = 30 * 60 * 1000;
    static constexpr qint64 kVersionTimeoutMs = 15 * 1000;

    explicit ImageScanner(QObject *parent = nullptr);
    ~ImageScanner() override;

    // Directories searched for "trivy" and "grype" before the PATH, in order.
    void setSearchPaths(const QStringList &directories) { m_searchPaths = directories; }
    QStringList searchPaths() const { return m_searchPaths; }
    // Whether the PATH is searched after the search paths (default: yes).
    void setUseSystemPath(bool use) { m_useSystemPath = use; }
    bool useSystemPath() const { return m_useSystemPath; }
    // The longest one scan may take; 0 or negative: no limit.
    void setTimeoutMs(qint64 ms) { m_timeoutMs = ms; }
    qint64 timeoutMs() const { return m_timeoutMs; }
    // Time between SIGTERM and SIGKILL on cancel and timeout.
    void setCancelGraceMs(int ms) { m_cancelGraceMs = ms; }
    int cancelGraceMs() const { return m_cancelGraceMs; }
    // Where a baked image is unpacked for a scan; empty (the default): QDir::tempPath().
    void setWorkDirectory(const QString &dir) { m_workDirectory = dir; }
    QString workDirectory() const;

    // The scanner a scan would use now; nullopt when none is installed. Only looks
    // at the file system.
    std::optional<ScannerInfo> detect() const;

    QFuture<ScanOutcome> scan(const ScanRequest &request);
    void cancelAll();
    int runningCount() const { return int(m_runs.size()); }

private:
    friend class ScanRun;

    QStringList m_searchPaths;
    bool m_useSystemPath = true;
    qint64 m_timeoutMs = kDefaultTimeoutMs;
    int m_cancelGraceMs = 1500;
    QString m_workDirectory;
    QList<ScanRun *> m_runs;
};

// Scans bake images in the background, at most maxConcurrent() at a time (default
// 1), in the order they were queued. Enqueueing an image that waits replaces its
// request; enqueueing one that is being scanned scans it again afterwards (a rescan
// on demand). A failed or hanging scan only ends its own entry (the scanner's
// timeout applies). Whoever stores results connects to finished() (e.g. to
// BakeImageRepository::setScan()); the queue knows nothing of the catalogue.
class ScanQueue : public QObject
{
    Q_OBJECT

public:
    // `scanner` must outlive the queue.
    explicit ScanQueue(ImageScanner *scanner, QObject *parent = nullptr);
    ~ScanQueue() override;

    void setMaxConcurrent(int scans);
    int maxConcurrent() const { return m_maxConcurrent; }

    void enqueue(const QString &imageId, const ScanRequest &request);
    // Drops the waiting entry and stops the running scan of `imageId`; cancelled()
    // follows for each. False when there was neither.
    bool cancel(const QString &imageId);
    void cancelAll();

    bool isQueued(const QString &imageId) const;
    bool isRunning(const QString &imageId) const { return m_running.contains(imageId); }
    int queuedCount() const { return int(m_queue.size()); }
    int runningCount() const { return int(m_running.size()); }
    bool isIdle() const { return m_queue.isEmpty() && m_running.isEmpty(); }

signals:
    void started(const QString &imageId);
    void finished(const QString &imageId, const Kiln::ScanOutcome &outcome);
    void cancelled(const QString &imageId);
    // Nothing waits and nothing runs any more.
    void idle();

private:
    struct Entry
    {
        QString imageId;
        ScanRequest request;
    };

    void pump();
    void onScanFinished(const QString &imageId, QFutureWatcher<ScanOutcome> *watcher);

    ImageScanner *m_scanner;
    int m_maxConcurrent = 1;
    QList<Entry> m_queue;
    QHash<QString, QFutureWatcher<ScanOutcome> *> m_running;
};

} // namespace Kiln
