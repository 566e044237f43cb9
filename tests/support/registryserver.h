#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class QProcess;

namespace KilnTest {

// A real, throw-away OCI registry for tests: Debian's `docker-registry serve`
// with filesystem storage in a temporary directory, listening on 127.0.0.1 and a
// free port, plain HTTP. No authentication yet: setAuthSection() is the seam for
// the htpasswd/token tests that come later.
//
// stop() (also run by the destructor, so also when a test fails) stops the
// process and removes the directory. A watchdog started with the server does the
// same if the test process dies first.
class RegistryServer
{
public:
    RegistryServer();
    ~RegistryServer();
    RegistryServer(const RegistryServer &) = delete;
    RegistryServer &operator=(const RegistryServer &) = delete;

    static QString program(); // /usr/bin/docker-registry, or $KILN_REGISTRY_BIN

    // YAML written verbatim under `auth:` in the configuration (indented by the
    // caller with two spaces per level). Empty (the default): no authentication.
    void setAuthSection(const QString &yaml) { m_authSection = yaml; }
    // htpasswd authentication with one user; `bcryptHash` as `htpasswd -Bbn`
    // writes it ("$2y$..."). start() then waits for the 401 of GET /v2/.
    void setHtpasswd(const QString &user, const QString &bcryptHash);

    // Listen on this port instead of a free one (a test that starts the registry
    // late, on a port a build already tries). 0: pick a free port.
    void setPort(int port) { m_fixedPort = port; }
    // Keep the configuration, storage and log in a temporary directory below
    // `dir` instead of QDir::tempPath() (the bake benchmark pushes gigabytes).
    void setParentDirectory(const QString &dir) { m_parentDir = dir; }

    // Starts the server and waits until GET /v2/ answers 200.
    bool start();
    void stop();
    bool isRunning() const;
    // Why start() failed, with the end of the server log.
    QString errorString() const { return m_error; }

    QString address() const; // "127.0.0.1:PORT"
    int port() const { return m_port; }
    qint64 processId() const { return m_pid; }
    QString directory() const; // the temporary directory (config, storage, log)

    struct Reply
    {
        int status = 0; // 0: no HTTP answer at all (see error)
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QString error;
        QByteArray header(const QByteArray &name) const;
    };
    // A GET on http://address()/path (path starts with '/'), waiting with
    // QTest::qWaitFor. No proxy. For tests only.
    Reply get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {},
              int timeoutMs = 10000) const;
    // The same against any "host:port".
    static Reply get(const QString &address, const QString &path,
                     const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs);

private:
    bool startOnce();
    QString logTail() const;
    void startWatchdog();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QString m_authSection;
    QString m_htpasswd; // "user:hash" line, written at start
    int m_port = 0;
    int m_fixedPort = 0;
    QString m_parentDir;
    qint64 m_pid = 0;
    QString m_error;
};

// Waits until `process` (called `name` in messages) answers GET http://address/path
// with `status`. On failure (it exited, or the time ran out) sets *error, kills the
// process and resets the pointer. For the servers the fixtures start.
bool waitForHttp(std::unique_ptr<QProcess> &process, const QString &name, const QString &address,
                 const QString &path, int status, int timeoutMs, QString *error);
// SIGTERM, SIGKILL after 5 s, reap; resets the pointer.
void stopProcess(std::unique_ptr<QProcess> &process);

} // namespace KilnTest
