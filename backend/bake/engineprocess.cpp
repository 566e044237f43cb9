#include "bake/engineprocess.h"

#include "bake/groupreaper.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cerrno>
#include <csignal>
#include <limits>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kiln {

EngineProcess::EngineProcess(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Kiln::EngineLine>();
    qRegisterMetaType<QList<Kiln::EngineLine>>();
    qRegisterMetaType<Kiln::EngineResult>();

    m_batchTimer.setSingleShot(true);
    m_batchTimer.setTimerType(Qt::PreciseTimer);
    m_batchTimer.setInterval(kDefaultBatchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &EngineProcess::emitBatch);

    m_timeoutTimer.setSingleShot(true);
    m_timeoutTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &EngineProcess::onTimeout);

    m_graceTimer.setSingleShot(true);
    m_graceTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_graceTimer, &QTimer::timeout, this, &EngineProcess::onGraceExpired);
}

EngineProcess::~EngineProcess()
{
    m_batchTimer.stop();
    m_timeoutTimer.stop();
    m_graceTimer.stop();
    if (m_process) {
        disconnect(m_process, nullptr, this, nullptr);
        if (m_process->state() != QProcess::NotRunning) {
            signalGroup(SIGKILL);
            // Reap the main process we just SIGKILLed (QProcess's destructor would do
            // the same wait, with a warning); this takes milliseconds.
            m_process->waitForFinished(1000);
        }
        GroupReaper::unwatch(m_pid);
        delete m_process;
        m_process = nullptr;
    }
    removeAuthFiles();
}

void EngineProcess::setBatchIntervalMs(int ms)
{
    m_batchTimer.setInterval(ms < 0 ? 0 : ms);
}

Result<QString, EngineProcessError> EngineProcess::writeAuthFile(const QByteArray &json,
                                                                 const QString &fileName)
{
    if (!m_authDir) {
        auto dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/kiln-engine-XXXXXX"_s);
        if (!dir->isValid())
            return EngineProcessError{
                u"Could not create a private temporary directory in %1 for the "
                u"registry credentials: %2."_s.arg(QDir::tempPath(), dir->errorString())};
        // mkdtemp already creates it 0700; make sure nobody else can list it.
        QFile::setPermissions(dir->path(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        m_authDir = std::move(dir);
    }
    // docker wants "config.json" in a directory of its own: one name per directory.
    if (!fileName.isEmpty() && QFile::exists(m_authDir->filePath(fileName)))
        return EngineProcessError{u"The credentials file %1 already exists."_s.arg(fileName)};
    const QString path =
        m_authDir->filePath(fileName.isEmpty() ? u"auth-%1.json"_s.arg(++m_authFileCount) : fileName);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return EngineProcessError{
            u"Could not create the credentials file %1: %2."_s.arg(path, file.errorString())};
    const qint64 written = file.write(json);
    const bool flushed = file.flush();
    if (written != json.size() || !flushed) {
        const QString why = file.errorString();
        file.close();
        QFile::remove(path);
        return EngineProcessError{u"Could not write the credentials file %1: %2."_s.arg(path, why)};
    }
    file.close();
    return QFileInfo(path).absoluteFilePath();
}

QString EngineProcess::programName() const
{
    const QString name = QFileInfo(m_program).fileName();
    return name.isEmpty() ? m_program : name;
}

QString EngineProcess::startProblem() const
{
    if (m_program.isEmpty())
        return u"No program was given to run."_s;
    if (m_program.contains(QLatin1Char('/'))) {
        const QFileInfo info(m_program);
        if (!info.exists())
            return u"Could not start \"%1\": the file does not exist."_s.arg(m_program);
        if (info.isDir())
            return u"Could not start \"%1\": it is a directory, not a program."_s.arg(m_program);
        if (!info.isExecutable())
            return u"Could not start \"%1\": the file is not executable (check its permissions)."_s.arg(
                m_program);
    } else if (QStandardPaths::findExecutable(m_program).isEmpty()) {
        return u"Could not start \"%1\": it was not found on the PATH; install it or give its full path."_s
            .arg(m_program);
    }
    if (!m_workingDirectory.isEmpty() && !QFileInfo(m_workingDirectory).isDir())
        return u"Could not start \"%1\": the working directory %2 does not exist."_s.arg(programName(),
                                                                                         m_workingDirectory);
    return {};
}

void EngineProcess::resetRunState()
{
    m_stopReason = StopReason::None;
    m_pid = 0;
    m_out = {};
    m_err = {};
    m_batch.clear();
    m_batchTimer.stop();
    m_timeoutTimer.stop();
    m_graceTimer.stop();
}

bool EngineProcess::start()
{
    if (m_running)
        return false;
    resetRunState();
    m_running = true;
    m_clock.start();

    const QString problem = startProblem();
    if (!problem.isEmpty()) {
        EngineResult result;
        result.failedToStart = true;
        result.reason = problem;
        QMetaObject::invokeMethod(
            this, [this, result]() { finishRun(result); }, Qt::QueuedConnection);
        return true;
    }

    m_process = new QProcess(this);
    m_process->setProgram(m_program);
    m_process->setArguments(m_arguments);
    if (!m_workingDirectory.isEmpty())
        m_process->setWorkingDirectory(m_workingDirectory);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = m_extraEnvironment.cbegin(); it != m_extraEnvironment.cend(); ++it)
        env.insert(it.key(), it.value());
    m_process->setProcessEnvironment(env);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    // Own session => own process group whose id is the child's pid, so the whole tree
    // can be signalled with kill(-pid, ...). If Kiln itself dies (kill -9, a crash),
    // the kernel kills the engine too, so that no orphaned build goes on pushing
    // behind a job that is about to be marked interrupted. Both calls are
    // async-signal-safe.
    m_process->setChildProcessModifier([]() {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });

    connect(m_process, &QProcess::readyReadStandardOutput, this,
            [this]() { onReadyRead(EngineStream::Out); });
    connect(m_process, &QProcess::readyReadStandardError, this, [this]() { onReadyRead(EngineStream::Err); });
    connect(m_process, &QProcess::finished, this, &EngineProcess::onProcessFinished);
    connect(m_process, &QProcess::errorOccurred, this, &EngineProcess::onProcessError);

    m_process->start(QIODevice::ReadOnly);
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_pid = m_process->processId();
        GroupReaper::watch(m_pid);
        if (m_timeoutMs > 0)
            m_timeoutTimer.start(int(qMin<qint64>(m_timeoutMs, std::numeric_limits<int>::max())));
    }
    return true;
}

void EngineProcess::cancel()
{
    stop(StopReason::Cancel);
}

void EngineProcess::onTimeout()
{
    stop(StopReason::Timeout);
}

void EngineProcess::stop(StopReason reason)
{
    if (!m_running || !m_process || m_process->state() == QProcess::NotRunning ||
        m_stopReason != StopReason::None)
        return;
    m_stopReason = reason;
    m_timeoutTimer.stop();
    signalGroup(SIGTERM);
    if (m_cancelGraceMs == 0)
        signalGroup(SIGKILL);
    else
        m_graceTimer.start(m_cancelGraceMs);
}

void EngineProcess::onGraceExpired()
{
    signalGroup(SIGKILL);
}

void EngineProcess::signalGroup(int sig)
{
    const pid_t pid = pid_t(m_pid);
    if (pid <= 1) // never kill(0) / kill(-1): that would hit our own group or everything
        return;
    if (::kill(-pid, sig) == 0 || errno != ESRCH)
        return;
    // No such group yet: the child may not have reached setsid(). Signal the child
    // itself, but only while it has not been reaped (its pid cannot be reused then).
    if (m_process && m_process->state() != QProcess::NotRunning)
        ::kill(pid, sig);
}

void EngineProcess::onReadyRead(EngineStream stream)
{
    if (!m_process)
        return;
    consume(stream, stream == EngineStream::Out ? m_process->readAllStandardOutput()
                                                : m_process->readAllStandardError());
}

void EngineProcess::consume(EngineStream stream, const QByteArray &data)
{
    StreamState &state = stream == EngineStream::Out ? m_out : m_err;
    const qsizetype n = data.size();
    qsizetype i = 0;
    if (n > 0 && state.afterCr) {
        state.afterCr = false;
        if (data.at(0) == '\n')
            i = 1; // the second half of a "\r\n" split across two reads
    }

    auto addLine = [this, stream](const QByteArray &line) {
        if (line.size() <= m_maxLineBytes) {
            m_batch.append(EngineLine{stream, line});
        } else {
            for (qsizetype pos = 0; pos < line.size(); pos += m_maxLineBytes)
                m_batch.append(EngineLine{stream, line.mid(pos, m_maxLineBytes)});
        }
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    };

    qsizetype segmentStart = i;
    for (; i < n; ++i) {
        const char c = data.at(i);
        if (c != '\n' && c != '\r')
            continue;
        addLine(state.pending + data.mid(segmentStart, i - segmentStart));
        state.pending.clear();
        if (c == '\r') {
            if (i + 1 < n) {
                if (data.at(i + 1) == '\n')
                    ++i;
            } else {
                state.afterCr = true;
            }
        }
        segmentStart = i + 1;
    }
    if (segmentStart < n)
        state.pending += data.mid(segmentStart);
    // Cut a runaway line at multiples of maxLineBytes from its start, so the pieces
    // do not depend on how the pipe happened to be read.
    if (state.pending.size() > m_maxLineBytes) {
        const qsizetype keep = state.pending.size() % m_maxLineBytes == 0
                                   ? m_maxLineBytes
                                   : state.pending.size() % m_maxLineBytes;
        addLine(state.pending.left(state.pending.size() - keep));
        state.pending = state.pending.right(keep);
    }
}

void EngineProcess::flushPartialLines()
{
    for (EngineStream stream : {EngineStream::Out, EngineStream::Err}) {
        StreamState &state = stream == EngineStream::Out ? m_out : m_err;
        if (!state.pending.isEmpty()) {
            m_batch.append(EngineLine{stream, state.pending});
            state.pending.clear();
        }
        state.afterCr = false;
    }
}

void EngineProcess::emitBatch()
{
    m_batchTimer.stop();
    if (m_batch.isEmpty())
        return;
    QList<EngineLine> lines;
    lines.swap(m_batch);
    emit linesReady(lines);
}

void EngineProcess::onProcessError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || !m_process)
        return;
    // Crashes and read errors are reported through finished(); only a start failure
    // ends the run here. Deliver it after start() returned.
    EngineResult result;
    result.failedToStart = true;
    result.reason = u"Could not start \"%1\": %2."_s.arg(m_program, m_process->errorString());
    disconnect(m_process, nullptr, this, nullptr);
    m_process->deleteLater();
    m_process = nullptr;
    GroupReaper::unwatch(m_pid);
    m_pid = 0;
    QMetaObject::invokeMethod(
        this, [this, result]() { finishRun(result); }, Qt::QueuedConnection);
}

void EngineProcess::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    if (!m_process)
        return;
    m_timeoutTimer.stop();
    m_graceTimer.stop();
    // The main process is gone; end whatever it left behind in its group.
    signalGroup(SIGKILL);
    consume(EngineStream::Out, m_process->readAllStandardOutput());
    consume(EngineStream::Err, m_process->readAllStandardError());
    flushPartialLines();

    disconnect(m_process, nullptr, this, nullptr);
    m_process->deleteLater();
    m_process = nullptr;
    GroupReaper::unwatch(m_pid);
    m_pid = 0;

    EngineResult result;
    const bool bySignal = status == QProcess::CrashExit;
    result.exitCode = bySignal ? -1 : exitCode;
    result.signal = bySignal ? exitCode : 0;
    const QString name = programName();
    switch (m_stopReason) {
    case StopReason::Cancel:
        result.cancelled = true;
        result.reason = u"%1 was cancelled."_s.arg(name);
        break;
    case StopReason::Timeout:
        result.timedOut = true;
        result.reason =
            u"%1 timed out after %2 s."_s.arg(name, QString::number(double(m_timeoutMs) / 1000.0));
        break;
    case StopReason::None:
        if (bySignal) {
            result.crashed = true;
            result.reason = u"%1 crashed (killed by signal %2)."_s.arg(name).arg(result.signal);
        } else {
            result.reason = u"%1 exited with code %2."_s.arg(name).arg(exitCode);
        }
        break;
    }
    finishRun(result);
}

void EngineProcess::removeAuthFiles()
{
    m_authDir.reset(); // QTemporaryDir removes the directory and its files
}

void EngineProcess::finishRun(EngineResult result)
{
    if (!m_running)
        return;
    m_running = false;
    m_timeoutTimer.stop();
    m_graceTimer.stop();
    m_stopReason = StopReason::None;
    removeAuthFiles();
    result.elapsedMs = m_clock.isValid() ? m_clock.elapsed() : 0;

    QPointer<EngineProcess> self(this);
    emitBatch();
    if (self)
        emit finished(result);
}

} // namespace Kiln
