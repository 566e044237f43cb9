#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>

class QTemporaryDir;

namespace Kiln {

// Which pipe of the engine a line came from.
enum class EngineStream
{
    Out, // stdout
    Err, // stderr
};

// One line of engine output: the raw bytes without the terminator ("\n", "\r\n" or a
// lone "\r"), not necessarily valid UTF-8.
struct EngineLine
{
    EngineStream stream = EngineStream::Out;
    QByteArray text;

    friend bool operator==(const EngineLine &, const EngineLine &) = default;
};

// How a run ended. Exactly one of: normal exit (exitCode is meaningful), crashed
// (killed by a signal that Kiln did not send), cancelled, timed out, failed to start.
struct EngineResult
{
    int exitCode = -1;          // the exit code for a normal exit, -1 otherwise
    int signal = 0;             // the signal that ended the process when crashed, else 0
    bool crashed = false;       // ended by a signal that was not a cancel/timeout of ours
    bool cancelled = false;     // cancel() ended it
    bool timedOut = false;      // the timeout ended it
    bool failedToStart = false; // the program could not be started at all
    QString reason;             // one sentence for a person, e.g. "buildah exited with code 1."
    qint64 elapsedMs = 0;       // from start() to the end of the run

    bool succeeded() const { return !crashed && !cancelled && !timedOut && !failedToStart && exitCode == 0; }
};

// Why writeAuthFile failed (a sentence naming the file or directory).
struct EngineProcessError
{
    QString message;
};

// Runs one container-engine command (buildah, podman, docker) without blocking the
// thread it lives on.
//
// - The child runs in its own session and process group (setsid()), so cancel(), the
//   timeout and the destructor signal the whole tree. When the main process exits,
//   any process left in its group is killed as well.
// - stdin is /dev/null. stdout and stderr are split into lines at "\n", "\r\n" and
//   a lone "\r" (progress updates become one line each; nothing is merged or dropped;
//   a "\r\n" split across two reads is still one terminator). A final line without a
//   terminator is delivered at exit. A line longer than maxLineBytes() is delivered
//   in pieces of that size. Lines keep their order within each stream.
// - Lines are delivered in batches through linesReady(), at most one emission per
//   batchInterval() (default 50 ms, i.e. at most ~20 per second); the last batch is
//   emitted right before finished().
// - finished() is emitted exactly once per accepted start(), always after start() has
//   returned (also for a start failure).
// - Secrets never go on the command line: writeAuthFile() puts them into a 0600 file
//   inside a private 0700 temporary directory, which is deleted when the run ends
//   (in any way) or when the object is destroyed.
// - Destroying the object while a run is in progress SIGKILLs the process group and
//   emits nothing.
class EngineProcess : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultBatchIntervalMs = 50;
    static constexpr int kDefaultCancelGraceMs = 1500;
    static constexpr qsizetype kDefaultMaxLineBytes = 64 * 1024;

    explicit EngineProcess(QObject *parent = nullptr);
    ~EngineProcess() override;

    void setProgram(const QString &program) { m_program = program; }
    QString program() const { return m_program; }
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }
    QStringList arguments() const { return m_arguments; }
    // Empty: the current directory of the application.
    void setWorkingDirectory(const QString &dir) { m_workingDirectory = dir; }
    QString workingDirectory() const { return m_workingDirectory; }
    // Added to (or overriding) the application's environment.
    void setExtraEnvironment(const QMap<QString, QString> &env) { m_extraEnvironment = env; }
    QMap<QString, QString> extraEnvironment() const { return m_extraEnvironment; }
    // 0 (the default) or negative: no timeout.
    void setTimeoutMs(qint64 ms) { m_timeoutMs = ms; }
    qint64 timeoutMs() const { return m_timeoutMs; }
    // Time between SIGTERM and SIGKILL on cancel/timeout.
    void setCancelGraceMs(int ms) { m_cancelGraceMs = ms < 0 ? 0 : ms; }
    int cancelGraceMs() const { return m_cancelGraceMs; }
    void setBatchIntervalMs(int ms);
    int batchIntervalMs() const { return m_batchTimer.interval(); }
    void setMaxLineBytes(qsizetype bytes) { m_maxLineBytes = bytes < 1 ? 1 : bytes; }
    qsizetype maxLineBytes() const { return m_maxLineBytes; }

    // Writes `json` (e.g. a containers-auth.json) to a new 0600 file in this object's
    // private temporary directory and returns its absolute path, for `--authfile`.
    // The file is removed when the current (or next) run ends, or on destruction.
    // `fileName` names the file (e.g. docker's "config.json"); empty: auth-N.json.
    Result<QString, EngineProcessError> writeAuthFile(const QByteArray &json, const QString &fileName = {});

    // Starts the run. Returns false (and does nothing) while a run is in progress;
    // otherwise finished() follows exactly once.
    bool start();
    // Ends the run: SIGTERM to the process group, SIGKILL after the grace period.
    // finished() reports cancelled. Does nothing when no run is in progress.
    void cancel();

    bool isRunning() const { return m_running; }
    // The pid of the main process, which is also its process-group id; 0 when none.
    qint64 processId() const { return m_pid; }

signals:
    void linesReady(const QList<Kiln::EngineLine> &lines);
    void finished(const Kiln::EngineResult &result);

private:
    enum class StopReason
    {
        None,
        Cancel,
        Timeout
    };

    struct StreamState
    {
        QByteArray pending;   // bytes after the last terminator
        bool afterCr = false; // the last byte seen was a '\r' that ended a line
    };

    void onReadyRead(EngineStream stream);
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void onTimeout();
    void onGraceExpired();

    void consume(EngineStream stream, const QByteArray &data);
    void flushPartialLines();
    void emitBatch();
    void stop(StopReason reason);
    void signalGroup(int sig);
    void finishRun(EngineResult result);
    void removeAuthFiles();
    void resetRunState();
    QString programName() const;
    QString startProblem() const;

    QString m_program;
    QStringList m_arguments;
    QString m_workingDirectory;
    QMap<QString, QString> m_extraEnvironment;
    qint64 m_timeoutMs = 0;
    int m_cancelGraceMs = kDefaultCancelGraceMs;
    qsizetype m_maxLineBytes = kDefaultMaxLineBytes;

    QProcess *m_process = nullptr; // child of this; recreated per run
    QTimer m_batchTimer;
    QTimer m_timeoutTimer;
    QTimer m_graceTimer;
    QElapsedTimer m_clock;
    std::unique_ptr<QTemporaryDir> m_authDir;
    int m_authFileCount = 0;

    bool m_running = false;
    qint64 m_pid = 0;
    StopReason m_stopReason = StopReason::None;
    StreamState m_out;
    StreamState m_err;
    QList<EngineLine> m_batch;
};

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::EngineLine)
Q_DECLARE_METATYPE(Kiln::EngineResult)
