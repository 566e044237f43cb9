#include "registryserver.h"

#include "testsupport.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

constexpr int kStartTimeoutMs = 30000;

QString yamlQuote(const QString &text)
{
    QString out = text;
    out.replace(u"\\"_s, u"\\\\"_s);
    out.replace(u"\""_s, u"\\\""_s);
    return u"\""_s + out + u"\""_s;
}

} // namespace

RegistryServer::RegistryServer() = default;

RegistryServer::~RegistryServer()
{
    stop();
}

QString RegistryServer::program()
{
    const QString fromEnv = qEnvironmentVariable("KILN_REGISTRY_BIN");
    const QString path = fromEnv.isEmpty() ? u"/usr/bin/docker-registry"_s : fromEnv;
    return QFileInfo(path).isExecutable() ? path : QString();
}

QString RegistryServer::address() const
{
    return u"127.0.0.1:%1"_s.arg(m_port);
}

QString RegistryServer::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

bool RegistryServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString RegistryServer::logTail() const
{
    if (!m_dir)
        return {};
    QFile log(m_dir->filePath(u"registry.log"_s));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const qint64 size = log.size();
    if (size > 4000)
        log.seek(size - 4000);
    return QString::fromLocal8Bit(log.readAll());
}

bool RegistryServer::start()
{
    if (isRunning())
        return true;
    m_error.clear();
    if (program().isEmpty()) {
        m_error =
            u"docker-registry was not found (install the docker-registry package or set KILN_REGISTRY_BIN)"_s;
        return false;
    }
    const QString parent = m_parentDir.isEmpty() ? QDir::tempPath() : m_parentDir;
    if (!QDir().mkpath(parent)) {
        m_error = u"could not create the directory "_s + parent;
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(parent + u"/kiln-registry-XXXXXX"_s);
    if (!m_dir->isValid()) {
        m_error = u"could not create a temporary directory: "_s + m_dir->errorString();
        return false;
    }
    // The port may be taken between freePort() and the server's bind: try again then.
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (startOnce()) {
            startWatchdog();
            return true;
        }
    }
    m_error += u"\nregistry log:\n"_s + logTail();
    stop();
    return false;
}

void RegistryServer::setHtpasswd(const QString &user, const QString &bcryptHash)
{
    m_htpasswd = user + u':' + bcryptHash + u'\n';
}

bool RegistryServer::startOnce()
{
    m_port = m_fixedPort > 0 ? m_fixedPort : freePort();
    if (m_port == 0) {
        m_error = u"no free TCP port on 127.0.0.1"_s;
        return false;
    }
    const QString storage = m_dir->filePath(u"storage"_s);
    if (!QDir().mkpath(storage)) {
        m_error = u"could not create the storage directory "_s + storage;
        return false;
    }
    const QString secret = QString::number(QRandomGenerator::global()->generate64(), 16);
    QString config = u"version: 0.1\n"
                     "log:\n"
                     "  level: info\n"
                     "  accesslog:\n"
                     "    disabled: true\n"
                     "storage:\n"
                     "  filesystem:\n"
                     "    rootdirectory: %1\n"
                     "  delete:\n"
                     "    enabled: true\n"
                     "  maintenance:\n"
                     "    uploadpurging:\n"
                     "      enabled: false\n"
                     "http:\n"
                     "  addr: %2\n"
                     "  secret: %3\n"_s.arg(yamlQuote(storage), yamlQuote(address()), yamlQuote(secret));
    if (!m_htpasswd.isEmpty()) {
        const QString path = m_dir->filePath(u"htpasswd"_s);
        QFile htpasswd(path);
        if (!htpasswd.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            htpasswd.write(m_htpasswd.toUtf8()) < 0) {
            m_error = u"could not write "_s + path;
            return false;
        }
        config += u"auth:\n  htpasswd:\n    realm: kiln-test\n    path: %1\n"_s.arg(yamlQuote(path));
    } else if (!m_authSection.isEmpty()) {
        config += u"auth:\n"_s + m_authSection + (m_authSection.endsWith(u'\n') ? QString() : u"\n"_s);
    }
    const QString configPath = m_dir->filePath(u"config.yml"_s);
    QFile file(configPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(config.toUtf8()) < 0) {
        m_error = u"could not write "_s + configPath + u": "_s + file.errorString();
        return false;
    }
    file.close();

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program());
    m_process->setArguments({u"serve"_s, configPath});
    m_process->setWorkingDirectory(m_dir->path());
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(m_dir->filePath(u"registry.log"_s), QIODevice::Append);
    m_process->setStandardErrorFile(m_dir->filePath(u"registry.log"_s), QIODevice::Append);
    m_process->start();
    if (!m_process->waitForStarted(10000)) {
        m_error = u"could not start %1: %2"_s.arg(program(), m_process->errorString());
        m_process.reset();
        return false;
    }
    m_pid = m_process->processId();

    return waitForHttp(m_process, u"docker-registry"_s, address(), u"/v2/"_s,
                       m_htpasswd.isEmpty() ? 200 : 401, kStartTimeoutMs, &m_error);
}

void RegistryServer::startWatchdog()
{
    // Kills the server and removes the directory if this process dies without stop().
    KilnTest::startWatchdog(m_dir->path(), u"kill -9 %1 2>/dev/null"_s.arg(m_pid));
}

void RegistryServer::stop()
{
    stopProcess(m_process);
    m_dir.reset();
}

QByteArray RegistryServer::Reply::header(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

RegistryServer::Reply RegistryServer::get(const QString &path,
                                          const QList<QPair<QByteArray, QByteArray>> &headers,
                                          int timeoutMs) const
{
    return get(address(), path, headers, timeoutMs);
}

RegistryServer::Reply RegistryServer::get(const QString &address, const QString &path,
                                          const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    Reply result;
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(u"http://"_s + address + path));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    for (const auto &pair : headers)
        request.setRawHeader(pair.first, pair.second);
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, timeoutMs)) {
        reply->abort();
        result.error = u"no answer within %1 ms"_s.arg(timeoutMs);
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError)
        result.error = reply->errorString();
    return result;
}

bool waitForHttp(std::unique_ptr<QProcess> &process, const QString &name, const QString &address,
                 const QString &path, int status, int timeoutMs, QString *error)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (process->state() != QProcess::Running) {
            *error = u"%1 exited (exit code %2) before answering on %3"_s.arg(name)
                         .arg(process->exitCode())
                         .arg(address);
            process.reset();
            return false;
        }
        if (RegistryServer::get(address, path, {}, 2000).status == status)
            return true;
        QTest::qWait(100);
    }
    *error = u"%1 did not answer %2 on GET http://%3%4 within %5 s"_s.arg(name)
                 .arg(status)
                 .arg(address, path)
                 .arg(timeoutMs / 1000);
    stopProcess(process);
    return false;
}

void stopProcess(std::unique_ptr<QProcess> &process)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    process.reset();
}

} // namespace KilnTest
