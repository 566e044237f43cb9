#include "bake/imagescanner.h"

#include "bake/engineprocess.h"
#include "bake/ext4tools.h"
#include "domain/imagereference.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QPromise>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>

#include <functional>
#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr int kKeptErrorLines = 200;
constexpr int kReportedErrorLines = 5;

QString absolutePath(const QString &path)
{
    return QFileInfo(path).absoluteFilePath();
}

QFuture<ScanOutcome> readyOutcome(ScanOutcome outcome)
{
    outcome.scannedAt = QDateTime::currentMSecsSinceEpoch();
    QPromise<ScanOutcome> promise;
    QFuture<ScanOutcome> future = promise.future();
    promise.start();
    promise.addResult(std::move(outcome));
    promise.finish();
    return future;
}

// Removes `path` and everything in it, also directories rdump left without write
// permission (a read-only /usr of the image). Blocking: for the thread pool.
void removeTree(const QString &path)
{
    const std::function<void(const QString &)> unlock = [&unlock](const QString &dir) {
        QFile::setPermissions(dir, QFile::permissions(dir) | QFileDevice::ReadOwner |
                                       QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        const QFileInfoList subdirs = QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot |
                                                              QDir::Hidden | QDir::System | QDir::NoSymLinks);
        for (const QFileInfo &subdir : subdirs)
            unlock(subdir.filePath());
    };
    if (path.isEmpty() || !QFileInfo(path).isDir())
        return;
    unlock(path);
    QDir(path).removeRecursively();
}

// A debugfs stderr line that tells of no problem: its banner ("debugfs 1.47.0
// (5-Feb-2023)"), or a failed chown, which only loses the owner when Kiln does not
// run as root (one per file). debugfs exits 0 whatever it prints: the other lines
// are its errors.
bool isUnpackNoise(const QString &line)
{
    static const QRegularExpression banner(u"^debugfs \\d"_s);
    return line.trimmed().isEmpty() || banner.match(line).hasMatch() ||
           line.contains(u"while changing ownership of"_s);
}

} // namespace

ScanRequest ScanRequest::forSource(const BakeSource &source, bool insecureRegistry,
                                   std::optional<Credential> credentials)
{
    ScanRequest request;
    switch (source.kind) {
    case BakeSourceKind::Oci:
        request.ociRef = source.ref;
        break;
    case BakeSourceKind::DockerArchive:
        request.tarPath = source.ref;
        request.tarFormat = ScanTarFormat::DockerArchive;
        break;
    case BakeSourceKind::OciArchive:
        request.tarPath = source.ref;
        request.tarFormat = ScanTarFormat::OciArchive;
        break;
    case BakeSourceKind::RootfsTar:
        request.tarPath = source.ref;
        request.tarFormat = ScanTarFormat::Rootfs;
        break;
    }
    request.insecureRegistry = insecureRegistry;
    request.credentials = std::move(credentials);
    return request;
}

Result<ScanCommand, QString> scanCommand(ScannerKind kind, const ScanRequest &request)
{
    const bool trivy = kind == ScannerKind::Trivy;
    const QStringList trivyCommon{u"--format"_s, u"json"_s, u"--quiet"_s, u"--scanners"_s, u"vuln"_s};
    ScanCommand command;

    if (!request.ociRef.isEmpty()) {
        const QString ref = request.ociRef.trimmed();
        if (ref.startsWith(QLatin1Char('-')))
            return u"\"%1\" is not an image reference."_s.arg(ref);
        if (trivy) {
            command.arguments = QStringList{u"image"_s} + trivyCommon;
            if (request.insecureRegistry)
                command.arguments.append(u"--insecure"_s);
            command.arguments.append(ref);
            if (request.credentials) {
                command.environment.insert(u"TRIVY_USERNAME"_s, request.credentials->username);
                command.environment.insert(u"TRIVY_PASSWORD"_s, request.credentials->password);
            }
        } else {
            command.arguments = QStringList{ref, u"-o"_s, u"json"_s};
            if (request.insecureRegistry)
                command.environment.insert(u"GRYPE_REGISTRY_INSECURE_USE_HTTP"_s, u"true"_s);
            if (request.credentials) {
                // Without an authority grype offers the login to every registry.
                if (const auto parsed = parseImageReference(ref))
                    command.environment.insert(u"GRYPE_REGISTRY_AUTH_AUTHORITY"_s, parsed->domain);
                command.environment.insert(u"GRYPE_REGISTRY_AUTH_USERNAME"_s, request.credentials->username);
                command.environment.insert(u"GRYPE_REGISTRY_AUTH_PASSWORD"_s, request.credentials->password);
            }
        }
        return command;
    }

    if (!request.tarPath.isEmpty()) {
        if (request.tarFormat == ScanTarFormat::Rootfs && request.ext4Image.isEmpty())
            return u"The source is a plain root file system tar with no OCI reference: it is scanned once it "
                   u"is baked."_s;
        if (request.tarFormat == ScanTarFormat::Rootfs)
            return u"The source is a plain root file system tar: its baked image %1 is unpacked and "
                   u"scanned as a directory."_s.arg(request.ext4Image);
        const QString tar = absolutePath(request.tarPath);
        if (trivy) {
            command.arguments = QStringList{u"image"_s} + trivyCommon + QStringList{u"--input"_s, tar};
        } else {
            const QString scheme =
                request.tarFormat == ScanTarFormat::OciArchive ? u"oci-archive:"_s : u"docker-archive:"_s;
            command.arguments = QStringList{scheme + tar, u"-o"_s, u"json"_s};
        }
        return command;
    }

    if (!request.rootfsDir.isEmpty()) {
        const QString dir = absolutePath(request.rootfsDir);
        if (trivy)
            command.arguments = QStringList{u"rootfs"_s} + trivyCommon + QStringList{dir};
        else
            command.arguments = QStringList{u"dir:"_s + dir, u"-o"_s, u"json"_s};
        return command;
    }

    return u"The source has no OCI reference, image tar or directory to scan."_s;
}

QString scannerVersionFromOutput(const QString &output)
{
    static const QRegularExpression versionLine(u"^\\s*Version:\\s*v?(\\S+)"_s,
                                                QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = versionLine.match(output);
    if (match.hasMatch())
        return match.captured(1);
    const QString first = output.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    const QStringList words = first.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() >= 2 && words.last().front().isDigit())
        return words.last();
    if (words.size() >= 2 && words.last().startsWith(QLatin1Char('v')) && words.last().size() > 1 &&
        words.last().at(1).isDigit())
        return words.last().mid(1);
    return {};
}

// One scan: for a baked rootfs tar `debugfs -R "rdump / DIR" IMAGE` first, then
// `scanner --version`, then the scan itself, then the report parsed on the thread
// pool (where the unpacked directory is removed as well). Deletes itself when done.
class ScanRun : public QObject
{
public:
    // The baked image to unpack into `dir` (an empty directory) before the scan.
    struct Unpack
    {
        QString debugfs; // absolute path of the program
        QString image;
        QString dir;
    };

    ScanRun(ImageScanner *owner, ScannerInfo scanner, ScanCommand command, QString secret,
            std::optional<Unpack> unpack = std::nullopt)
        : QObject(owner)
        , m_owner(owner)
        , m_scanner(std::move(scanner))
        , m_command(std::move(command))
        , m_secret(std::move(secret))
        , m_unpack(std::move(unpack))
        , m_promise(std::make_shared<QPromise<ScanOutcome>>())
    {
        m_promise->start();
        m_owner->m_runs.append(this);
    }

    ~ScanRun() override
    {
        m_owner->m_runs.removeOne(this);
        // Destroyed under way (the scanner went away): the process dies with its
        // EngineProcess (SIGKILL to the group, reaped); the caller sees a cancelled
        // future, and the unpacked directory goes right after.
        delete m_process;
        m_process = nullptr;
        if (const QString dir = takeWorkDir(); !dir.isEmpty())
            (void)QtConcurrent::run([dir] { removeTree(dir); });
        if (!m_done) {
            m_promise->future().cancel();
            m_promise->finish();
        }
    }

    QFuture<ScanOutcome> future() const { return m_promise->future(); }

    void start()
    {
        auto *watcher = new QFutureWatcher<ScanOutcome>(this);
        connect(watcher, &QFutureWatcher<ScanOutcome>::canceled, this, [this] { cancel(); });
        watcher->setFuture(m_promise->future());
        if (m_unpack) {
            m_phase = Phase::Unpack;
            // debugfs splits its command at blanks; quotes keep a temp path with one whole.
            runPhase(m_unpack->debugfs,
                     {u"-R"_s, u"rdump / \"%1\""_s.arg(m_unpack->dir), absolutePath(m_unpack->image)},
                     {{u"LC_ALL"_s, u"C"_s}}, m_owner->m_timeoutMs);
            return;
        }
        runVersion();
    }

    void cancel()
    {
        if (m_cancelled || m_done)
            return;
        m_cancelled = true;
        if (m_process)
            m_process->cancel();
    }

private:
    enum class Phase
    {
        Unpack,
        Version,
        Scan,
    };

    void runVersion()
    {
        m_phase = Phase::Version;
        runPhase(m_scanner.path, {u"--version"_s}, {}, ImageScanner::kVersionTimeoutMs);
    }

    void runPhase(const QString &program, const QStringList &arguments,
                  const QMap<QString, QString> &environment, qint64 timeoutMs)
    {
        m_stdout.clear();
        m_stderr.clear();
        m_process = new EngineProcess(this);
        m_process->setProgram(program);
        m_process->setArguments(arguments);
        m_process->setExtraEnvironment(environment);
        m_process->setTimeoutMs(timeoutMs);
        m_process->setCancelGraceMs(m_owner->m_cancelGraceMs);
        // The report is one JSON document: never cut a line of it into pieces.
        m_process->setMaxLineBytes(std::numeric_limits<int>::max());
        connect(m_process, &EngineProcess::linesReady, this, &ScanRun::onLines);
        connect(m_process, &EngineProcess::finished, this, &ScanRun::onFinished);
        m_process->start();
    }

    void onLines(const QList<EngineLine> &lines)
    {
        for (const EngineLine &line : lines) {
            if (line.stream == EngineStream::Out) {
                // rdump prints nothing worth keeping; only the scanner's report counts.
                if (m_phase != Phase::Unpack) {
                    m_stdout += line.text;
                    m_stdout += '\n';
                }
            } else {
                const QString text = QString::fromUtf8(line.text);
                if (m_phase == Phase::Unpack && isUnpackNoise(text))
                    continue;
                m_stderr.append(text);
                if (m_stderr.size() > kKeptErrorLines)
                    m_stderr.removeFirst();
            }
        }
    }

    void onFinished(const EngineResult &result)
    {
        m_process->deleteLater();
        m_process = nullptr;
        if (m_cancelled || result.cancelled) {
            finishCancelled();
            return;
        }
        if (m_phase == Phase::Unpack) {
            // debugfs exits 0 whatever went wrong: its stderr (less the noise) tells.
            if (!result.succeeded() || !m_stderr.isEmpty()) {
                QString reason = u"debugfs could not unpack %1 for the scan."_s.arg(m_unpack->image);
                if (!result.succeeded())
                    reason += u" "_s + result.reason;
                const QStringList lines = lastErrorLines(m_stderr, kReportedErrorLines);
                if (!lines.isEmpty())
                    reason += u"\n"_s + lines.join(QLatin1Char('\n'));
                finishWith(failedOutcome(reason));
                return;
            }
            runVersion();
            return;
        }
        if (m_phase == Phase::Version) {
            // A scanner that cannot say its version may still scan; only the
            // version is then unknown.
            if (result.succeeded())
                m_version = scannerVersionFromOutput(QString::fromUtf8(m_stdout));
            m_phase = Phase::Scan;
            runPhase(m_scanner.path, m_command.arguments, m_command.environment, m_owner->m_timeoutMs);
            return;
        }
        if (!result.succeeded()) {
            QString reason = result.reason;
            const QStringList lines = lastErrorLines(m_stderr, kReportedErrorLines);
            if (!lines.isEmpty())
                reason += u"\n"_s + lines.join(QLatin1Char('\n'));
            finishWith(failedOutcome(reason));
            return;
        }
        // Lines come without their terminators; the one added after the last line
        // may not have been there (a report cut short), so that a broken report's
        // line and column are those of the scanner's own output.
        if (m_stdout.endsWith('\n'))
            m_stdout.chop(1);
        // Parsing a big report takes a while: not on this (perhaps the GUI) thread.
        markDone();
        auto promise = m_promise;
        (void)QtConcurrent::run([promise, kind = m_scanner.kind, report = std::move(m_stdout),
                                 version = m_version, secret = m_secret, dir = takeWorkDir()]() {
            removeTree(dir);
            ScanOutcome outcome = outcomeFromReport(kind, report);
            outcome.scannerVersion = version;
            outcome.scannedAt = QDateTime::currentMSecsSinceEpoch();
            if (!secret.isEmpty())
                outcome.reason.replace(secret, u"***"_s);
            promise->addResult(std::move(outcome));
            promise->finish();
        });
        deleteLater();
    }

    ScanOutcome failedOutcome(QString reason) const
    {
        // Whatever the scanner printed, the password never leaves in a result.
        if (!m_secret.isEmpty())
            reason.replace(m_secret, u"***"_s);
        ScanOutcome outcome = ScanOutcome::failed(reason);
        outcome.scanner = scannerKindName(m_scanner.kind);
        outcome.scannerVersion = m_version;
        outcome.scannedAt = QDateTime::currentMSecsSinceEpoch();
        return outcome;
    }

    // The unpacked directory, which the caller now removes; empty when there is none.
    QString takeWorkDir()
    {
        QString dir;
        if (m_unpack)
            dir = std::exchange(m_unpack->dir, QString());
        return dir;
    }

    // No process is left: the run no longer counts as running.
    void markDone()
    {
        m_done = true;
        m_owner->m_runs.removeOne(this);
    }

    // Ends the promise (with `outcome`, or cancelled without one) once the unpacked
    // directory is gone: on the thread pool when there is one to remove.
    void finishPromise(std::optional<ScanOutcome> outcome)
    {
        markDone();
        auto finish = [promise = m_promise, dir = takeWorkDir(), outcome = std::move(outcome)]() mutable {
            removeTree(dir);
            if (outcome)
                promise->addResult(std::move(*outcome));
            else
                promise->future().cancel();
            promise->finish();
        };
        if (m_unpack)
            (void)QtConcurrent::run(std::move(finish));
        else
            finish();
        deleteLater();
    }

    void finishWith(ScanOutcome outcome) { finishPromise(std::move(outcome)); }
    void finishCancelled() { finishPromise(std::nullopt); }

    ImageScanner *m_owner;
    ScannerInfo m_scanner;
    ScanCommand m_command;
    QString m_secret;
    std::optional<Unpack> m_unpack;
    std::shared_ptr<QPromise<ScanOutcome>> m_promise;
    EngineProcess *m_process = nullptr;
    QByteArray m_stdout;
    QStringList m_stderr;
    QString m_version;
    Phase m_phase = Phase::Version;
    bool m_cancelled = false;
    bool m_done = false;
};

ImageScanner::ImageScanner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Kiln::ScanOutcome>();
}

ImageScanner::~ImageScanner()
{
    // Each run removes itself from m_runs; destroy them while this object is whole.
    while (!m_runs.isEmpty())
        delete m_runs.last();
}

std::optional<ScannerInfo> ImageScanner::detect() const
{
    for (ScannerKind kind : {ScannerKind::Trivy, ScannerKind::Grype}) {
        const QString name = scannerKindName(kind);
        QString path;
        if (!m_searchPaths.isEmpty())
            path = QStandardPaths::findExecutable(name, m_searchPaths);
        if (path.isEmpty() && m_useSystemPath)
            path = QStandardPaths::findExecutable(name);
        if (!path.isEmpty())
            return ScannerInfo{kind, absolutePath(path)};
    }
    return std::nullopt;
}

QString ImageScanner::workDirectory() const
{
    return m_workDirectory.isEmpty() ? QDir::tempPath() : m_workDirectory;
}

QFuture<ScanOutcome> ImageScanner::scan(const ScanRequest &request)
{
    // A missing scanner first: whatever the source, installing one is what helps.
    const std::optional<ScannerInfo> scanner = detect();
    if (!scanner)
        return readyOutcome(ScanOutcome::skipped(u"no scanner installed: install trivy or grype"_s));
    const QString secret = request.credentials ? request.credentials->password : QString();
    if (!request.unpacksExt4()) {
        auto command = scanCommand(scanner->kind, request);
        if (!command)
            return readyOutcome(ScanOutcome::skipped(command.error()));
        auto *run = new ScanRun(this, *scanner, std::move(command).value(), secret);
        QFuture<ScanOutcome> future = run->future();
        run->start();
        return future;
    }

    // A baked rootfs tar: its image is unpacked into a new directory, which is scanned.
    auto failed = [&scanner](const QString &reason) {
        ScanOutcome outcome = ScanOutcome::failed(reason);
        outcome.scanner = scannerKindName(scanner->kind);
        return readyOutcome(std::move(outcome));
    };
    ScanRun::Unpack unpack;
    unpack.image = request.ext4Image;
    unpack.debugfs = Ext4Tools::findTool(u"debugfs"_s);
    if (unpack.debugfs.isEmpty())
        return failed(u"debugfs is not installed (e2fsprogs): the baked image %1 cannot be unpacked for the "
                      u"scan."_s.arg(request.ext4Image));
    const QString parent = workDirectory();
    QDir().mkpath(parent);
    QTemporaryDir dir(QDir(parent).filePath(u"kiln-scan-XXXXXX"_s));
    if (!dir.isValid())
        return failed(u"Could not make a directory in %1 to unpack the baked image into: %2"_s.arg(
            parent, dir.errorString()));
    dir.setAutoRemove(false);
    unpack.dir = QFileInfo(dir.path()).absoluteFilePath();
    if (unpack.dir.contains(QLatin1Char('"'))) {
        removeTree(unpack.dir);
        return failed(u"debugfs cannot unpack into %1: the path has a double quote."_s.arg(unpack.dir));
    }
    ScanRequest unpacked;
    unpacked.rootfsDir = unpack.dir;
    auto command = scanCommand(scanner->kind, unpacked);
    auto *run = new ScanRun(this, *scanner, std::move(command).value(), secret, std::move(unpack));
    QFuture<ScanOutcome> future = run->future();
    run->start();
    return future;
}

void ImageScanner::cancelAll()
{
    const QList<ScanRun *> runs = m_runs;
    for (ScanRun *run : runs)
        run->cancel();
}

ScanQueue::ScanQueue(ImageScanner *scanner, QObject *parent)
    : QObject(parent)
    , m_scanner(scanner)
{
    qRegisterMetaType<Kiln::ScanOutcome>();
}

ScanQueue::~ScanQueue()
{
    m_queue.clear();
    const auto watchers = m_running.values();
    m_running.clear();
    for (QFutureWatcher<ScanOutcome> *watcher : watchers) {
        disconnect(watcher, nullptr, this, nullptr);
        watcher->future().cancel();
    }
}

void ScanQueue::setMaxConcurrent(int scans)
{
    m_maxConcurrent = qMax(1, scans);
    pump();
}

bool ScanQueue::isQueued(const QString &imageId) const
{
    return std::any_of(m_queue.cbegin(), m_queue.cend(),
                       [&imageId](const Entry &entry) { return entry.imageId == imageId; });
}

void ScanQueue::enqueue(const QString &imageId, const ScanRequest &request)
{
    for (Entry &entry : m_queue) {
        if (entry.imageId == imageId) {
            entry.request = request;
            return;
        }
    }
    m_queue.append(Entry{imageId, request});
    pump();
}

bool ScanQueue::cancel(const QString &imageId)
{
    bool any = false;
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).imageId == imageId) {
            m_queue.removeAt(i);
            any = true;
            break;
        }
    }
    if (QFutureWatcher<ScanOutcome> *watcher = m_running.value(imageId)) {
        // cancelled() follows from onScanFinished once the scanner is gone.
        watcher->future().cancel();
        return true;
    }
    if (any) {
        emit cancelled(imageId);
        if (isIdle())
            emit idle();
    }
    return any;
}

void ScanQueue::cancelAll()
{
    const QList<Entry> waiting = m_queue;
    for (const Entry &entry : waiting)
        cancel(entry.imageId);
    const QStringList running = m_running.keys();
    for (const QString &imageId : running)
        cancel(imageId);
}

void ScanQueue::pump()
{
    while (m_running.size() < m_maxConcurrent) {
        // The first waiting image that is not being scanned right now.
        qsizetype next = -1;
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            if (!m_running.contains(m_queue.at(i).imageId)) {
                next = i;
                break;
            }
        }
        if (next < 0)
            return;
        const Entry entry = m_queue.takeAt(next);
        auto *watcher = new QFutureWatcher<ScanOutcome>(this);
        m_running.insert(entry.imageId, watcher);
        connect(watcher, &QFutureWatcher<ScanOutcome>::finished, this,
                [this, imageId = entry.imageId, watcher] { onScanFinished(imageId, watcher); });
        emit started(entry.imageId);
        watcher->setFuture(m_scanner->scan(entry.request));
    }
}

void ScanQueue::onScanFinished(const QString &imageId, QFutureWatcher<ScanOutcome> *watcher)
{
    if (m_running.value(imageId) != watcher)
        return;
    m_running.remove(imageId);
    watcher->deleteLater();
    const QFuture<ScanOutcome> future = watcher->future();
    QPointer<ScanQueue> self(this);
    if (future.isCanceled() || future.resultCount() == 0)
        emit cancelled(imageId);
    else
        emit finished(imageId, future.result());
    if (!self)
        return;
    pump();
    if (isIdle())
        emit idle();
}

} // namespace Kiln
