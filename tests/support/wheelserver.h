#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class QProcess;

namespace KilnTest {

// A real, throw-away PEP 503 "simple" package index for pip, for tests where PyPI is
// out of reach: real pure-Python wheels made by addWheel(), served by
// `python3 -m http.server` on 127.0.0.1 and a free port from a temporary directory:
//   /simple/index.html                   every project
//   /simple/<normalized-name>/index.html <a href="../../files/<wheel>#sha256=<hex>">
//   /files/<wheel>
// Wheels may be added before or after start(): the server reads the directory.
//
// stop() (also run by the destructor, so also when a test fails) stops the server
// and removes the directory. A watchdog started with the server does the same if
// the test process dies first.
class WheelServer
{
public:
    WheelServer();
    ~WheelServer();
    WheelServer(const WheelServer &) = delete;
    WheelServer &operator=(const WheelServer &) = delete;

    // $KILN_PYTHON3, else /usr/bin/python3, else python3 in PATH; empty when missing.
    static QString python();
    // PEP 503: lowercase, runs of '-', '_' and '.' become one '-'.
    static QString normalizedName(const QString &project);
    // The wheel's file name: "kiln_marker-1.0-py3-none-any.whl" for ("kiln-marker", "1.0").
    static QString wheelFileName(const QString &project, const QString &version);

    // Builds <project>-<version>-py3-none-any.whl (a zip made with python3's zipfile)
    // with the package <module>/__init__.py holding `initPy`, where <module> is the
    // project name lowercased with '-' and '.' as '_', and the dist-info METADATA
    // (2.1), WHEEL (purelib, py3-none-any) and RECORD (sha256 and size of each file).
    // Then it rewrites the index. A project name is [A-Za-z0-9] with inner '.', '_', '-';
    // a version is a digit followed by [A-Za-z0-9.+!].
    bool addWheel(const QString &project, const QString &version, const QByteArray &initPy = {});

    // Starts the server and waits until GET /simple/ answers 200.
    bool start();
    void stop();
    bool isRunning() const;
    // Why addWheel() or start() failed, with the end of the server log.
    QString errorString() const { return m_error; }

    int port() const { return m_port; }
    QString address() const;  // "127.0.0.1:PORT"
    QString indexUrl() const; // "http://127.0.0.1:PORT/simple/"
    qint64 processId() const { return m_pid; }
    QString directory() const; // the temporary directory (www/ is served, server.log beside it)
    // Absolute paths of the wheels added so far.
    QStringList wheels() const;

private:
    struct Entry
    {
        QString project; // normalized
        QString file;
        QByteArray sha256Hex;
    };
    bool ensureDirectory();
    bool writeIndex();
    bool startOnce();
    QString logTail() const;
    void startWatchdog();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QList<Entry> m_entries;
    int m_port = 0;
    qint64 m_pid = 0;
    QString m_error;
};

} // namespace KilnTest
