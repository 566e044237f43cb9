#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace KilnTest {

// A real kiln-worker process for the tests: `serve` on 127.0.0.1 with plain HTTP
// (--insecure-http), a free port and its own data directory under a temporary
// directory. start() waits until GET /api/v1/health answers; stop() sends
// SIGTERM. Tokens are made with `kiln-worker token create`, as an operator would.
// A watchdog kills the worker if the test process dies first.
class WorkerProcess
{
public:
    WorkerProcess();
    ~WorkerProcess();
    WorkerProcess(const WorkerProcess &) = delete;
    WorkerProcess &operator=(const WorkerProcess &) = delete;

    // Arguments added to `serve` by the next start() (e.g. --storage-root for builds).
    void setServeArguments(const QStringList &arguments) { m_serveArguments = arguments; }
    // Starts (or starts again, on the same port and data directory) the worker;
    // false with errorString() when it does not come up within `timeoutMs`.
    bool start(int timeoutMs = 30000);
    // SIGTERM, then waits; the exit code, or -1 when it crashed or did not stop.
    int stop(int timeoutMs = 30000);
    // SIGKILL (a worker dying in the middle of something).
    void kill();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    // "kw_<id>_<secret>" with those scopes (and name); empty with errorString() on failure.
    QByteArray createToken(const QStringList &scopes, const QString &name = {});
    // `kiln-worker token revoke <id>`; false with errorString() on failure.
    bool revokeToken(const QString &id);
    // `kiln-worker <arguments> --data-dir <dir>` run to the end: exit code, stdout, stderr.
    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };
    Run run(const QStringList &arguments) const;

    quint16 port() const { return m_port; }
    QUrl baseUrl() const; // http://127.0.0.1:<port>
    QString dataDirectory() const;
    QString errorString() const { return m_error; }
    // What the worker wrote to stderr so far (for failure messages).
    QString log();

    static QString binary();

private:
    bool waitForHealth(int timeoutMs);

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
    QString m_log;
    QStringList m_serveArguments;
};

} // namespace KilnTest
