#include "workerprocess.h"

#include "testsupport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace KilnTest {

WorkerProcess::WorkerProcess()
{
    if (m_dir.isValid())
        startWatchdog(m_dir.path(), u"kill -9 $(cat \"$d/worker.pid\" 2>/dev/null) 2>/dev/null"_s);
}

WorkerProcess::~WorkerProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

QString WorkerProcess::binary()
{
    return binaryPath(u"app/kiln-worker/kiln-worker"_s);
}

QString WorkerProcess::dataDirectory() const
{
    return m_dir.filePath(u"data"_s);
}

QUrl WorkerProcess::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

QString WorkerProcess::log()
{
    m_log += QString::fromUtf8(m_process.readAllStandardError());
    return m_log;
}

bool WorkerProcess::start(int timeoutMs)
{
    if (!m_dir.isValid()) {
        m_error = u"no temporary directory: "_s + m_dir.errorString();
        return false;
    }
    if (isRunning()) {
        m_error = u"the worker is already running"_s;
        return false;
    }
    if (m_port == 0)
        m_port = quint16(freePort());
    m_process.setProgram(binary());
    m_process.setArguments(QStringList{u"serve"_s, u"--data-dir"_s, dataDirectory(), u"--listen"_s,
                                       u"127.0.0.1"_s, u"--port"_s, QString::number(m_port),
                                       u"--insecure-http"_s} +
                           m_serveArguments);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = u"kiln-worker did not start: "_s + m_process.errorString();
        return false;
    }
    QFile pid(m_dir.filePath(u"worker.pid"_s));
    if (pid.open(QIODevice::WriteOnly))
        pid.write(QByteArray::number(m_process.processId()));
    return waitForHealth(timeoutMs);
}

bool WorkerProcess::waitForHealth(int timeoutMs)
{
    QNetworkAccessManager network;
    const QUrl health = baseUrl().resolved(QUrl(u"/api/v1/health"_s));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!isRunning()) {
            m_error = u"kiln-worker exited with %1: %2"_s.arg(m_process.exitCode()).arg(log());
            return false;
        }
        QNetworkReply *reply = network.get(QNetworkRequest(health));
        const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 2000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = finished ? reply->readAll() : QByteArray();
        reply->abort();
        reply->deleteLater();
        if (status == 200 && body.contains("\"ok\""))
            return true;
        QTest::qWait(100);
    }
    m_error = u"kiln-worker did not answer /api/v1/health within %1 ms: %2"_s.arg(timeoutMs).arg(log());
    return false;
}

int WorkerProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(10000);
        return -1;
    }
    log();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void WorkerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(10000);
    log();
}

WorkerProcess::Run WorkerProcess::run(const QStringList &arguments) const
{
    QProcess process;
    process.start(binary(), arguments + QStringList{u"--data-dir"_s, dataDirectory()});
    Run result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = u"kiln-worker %1 did not finish"_s.arg(arguments.join(u' '));
        return result;
    }
    result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QByteArray WorkerProcess::createToken(const QStringList &scopes, const QString &name)
{
    QStringList arguments{u"token"_s, u"create"_s};
    for (const QString &scope : scopes)
        arguments << u"--scope"_s << scope;
    if (!name.isEmpty())
        arguments << u"--name"_s << name;
    const Run created = run(arguments);
    if (created.code != 0) {
        m_error = u"kiln-worker token create failed (%1): %2"_s.arg(created.code).arg(created.err);
        return {};
    }
    return created.out.trimmed().toLatin1();
}

bool WorkerProcess::revokeToken(const QString &id)
{
    const Run revoked = run({u"token"_s, u"revoke"_s, id});
    if (revoked.code != 0) {
        m_error = u"kiln-worker token revoke failed (%1): %2"_s.arg(revoked.code).arg(revoked.err);
        return false;
    }
    return true;
}

} // namespace KilnTest
