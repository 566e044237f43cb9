#include "bake/imagescanner.h"

#include "bake/engineprocess.h"
#include "domain/imagereference.h"

#include <QDateTime>
#include <QFileInfo>
#include <QPointer>
#include <QPromise>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

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
        if (request.tarFormat == ScanTarFormat::Rootfs)
            return u"The source is a plain root file system tar with no OCI reference: neither trivy nor "
                   u"grype can scan it."_s;
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

// One scan: `scanner --version`, then the scan itself, then the report parsed on
// the thread pool. Deletes itself when done.
class ScanRun : public QObject
{
public:
    ScanRun(ImageScanner *owner, ScannerInfo scanner, ScanCommand command, QString secret)
        : QObject(owner)
        , m_owner(owner)
        , m_scanner(std::move(scanner))
        , m_command(std::move(command))
        , m_secret(std::move(secret))
        , m_promise(std::make_shared<QPromise<ScanOutcome>>())
    {
        m_promise->start();
        m_owner->m_runs.append(this);
    }

    ~ScanRun() override
    {
        m_owner->m_runs.removeOne(this);
        // Destroyed under way (the scanner went away): the process dies with its
        // EngineProcess (SIGKILL to the group); the caller sees a cancelled future.
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
        runPhase({u"--version"_s}, {}, ImageScanner::kVersionTimeoutMs);
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
    void runPhase(const QStringList &arguments, const QMap<QString, QString> &environment, qint64 timeoutMs)
    {
        m_stdout.clear();
        m_stderr.clear();
        m_process = new EngineProcess(this);
        m_process->setProgram(m_scanner.path);
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
                m_stdout += line.text;
                m_stdout += '\n';
            } else {
                m_stderr.append(QString::fromUtf8(line.text));
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
        if (!m_scanning) {
            // A scanner that cannot say its version may still scan; only the
            // version is then unknown.
            if (result.succeeded())
                m_version = scannerVersionFromOutput(QString::fromUtf8(m_stdout));
            m_scanning = true;
            runPhase(m_command.arguments, m_command.environment, m_owner->m_timeoutMs);
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
                                 version = m_version, secret = m_secret]() {
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

    // No process is left: the run no longer counts as running.
    void markDone()
    {
        m_done = true;
        m_owner->m_runs.removeOne(this);
    }

    void finishWith(ScanOutcome outcome)
    {
        markDone();
        m_promise->addResult(std::move(outcome));
        m_promise->finish();
        deleteLater();
    }

    void finishCancelled()
    {
        markDone();
        m_promise->future().cancel();
        m_promise->finish();
        deleteLater();
    }

    ImageScanner *m_owner;
    ScannerInfo m_scanner;
    ScanCommand m_command;
    QString m_secret;
    std::shared_ptr<QPromise<ScanOutcome>> m_promise;
    EngineProcess *m_process = nullptr;
    QByteArray m_stdout;
    QStringList m_stderr;
    QString m_version;
    bool m_scanning = false;
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

QFuture<ScanOutcome> ImageScanner::scan(const ScanRequest &request)
{
    // Nothing to scan is reported before a missing scanner: installing one would not help.
    auto command = scanCommand(ScannerKind::Trivy, request);
    if (!command)
        return readyOutcome(ScanOutcome::skipped(command.error()));
    const std::optional<ScannerInfo> scanner = detect();
    if (!scanner)
        return readyOutcome(ScanOutcome::skipped(u"no scanner installed: install trivy or grype"_s));
    if (scanner->kind != ScannerKind::Trivy) {
        command = scanCommand(scanner->kind, request);
        if (!command)
            return readyOutcome(ScanOutcome::skipped(command.error()));
    }
    const QString secret = request.credentials ? request.credentials->password : QString();
    auto *run = new ScanRun(this, *scanner, std::move(command).value(), secret);
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
