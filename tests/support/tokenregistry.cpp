#include "tokenregistry.h"

#include "registryserver.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

TokenIssuer::TokenIssuer(QString user, QString password)
    : m_user(std::move(user))
    , m_password(std::move(password))
{}

bool TokenIssuer::setUp(const QString &dir, QString *error)
{
    m_key = dir + u"/key.pem"_s;
    m_cert = dir + u"/cert.pem"_s;
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, m_key,
                   u"-out"_s, m_cert, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=kiln-token-issuer"_s});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
        *error = u"openssl req failed: "_s + QString::fromLocal8Bit(openssl.readAllStandardError());
        return false;
    }
    QFile cert(m_cert);
    if (!cert.open(QIODevice::ReadOnly)) {
        *error = u"cannot read "_s + m_cert;
        return false;
    }
    for (const QByteArray &line : cert.readAll().split('\n')) {
        if (!line.startsWith("-----"))
            m_x5c += line.trimmed();
    }
    m_server = std::make_unique<ScriptedServer>(
        [this](int index, const QByteArray &head, QTcpSocket *socket) { answer(index, head, socket); });
    if (!m_server->isListening()) {
        *error = m_server->errorString();
        return false;
    }
    return true;
}

QString TokenIssuer::realm() const
{
    return u"http://"_s + m_server->address() + u"/token"_s;
}

QByteArray TokenIssuer::mint(const QString &scope) const
{
    QJsonArray access;
    for (const QString &item : scope.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype first = item.indexOf(u':');
        const qsizetype last = item.lastIndexOf(u':');
        access.append(
            QJsonObject{{u"type"_s, item.left(first)},
                        {u"name"_s, item.mid(first + 1, last - first - 1)},
                        {u"actions"_s, QJsonArray::fromStringList(item.mid(last + 1).split(u','))}});
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject header{
        {u"typ"_s, u"JWT"_s}, {u"alg"_s, u"RS256"_s}, {u"x5c"_s, QJsonArray{QString::fromLatin1(m_x5c)}}};
    const QJsonObject claims{{u"iss"_s, u"kiln-test-issuer"_s},
                             {u"sub"_s, m_user},
                             {u"aud"_s, u"kiln-registry"_s},
                             {u"exp"_s, now + 300},
                             {u"nbf"_s, now - 10},
                             {u"iat"_s, now - 10},
                             {u"jti"_s, QString(QString::number(now) + u'-' + QString::number(requests()))},
                             {u"access"_s, access}};
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"dgst"_s, u"-sha256"_s, u"-sign"_s, m_key});
    openssl.write(input);
    openssl.closeWriteChannel();
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        return {};
    return input + '.' + base64Url(openssl.readAllStandardOutput());
}

void TokenIssuer::answer(int index, const QByteArray &head, QTcpSocket *socket)
{
    const QUrl url(QString::fromLatin1(head.split('\n').first().split(' ').value(1)));
    const QByteArray right = "Basic " + (m_user + u':' + m_password).toUtf8().toBase64();
    if (m_server->header(index, "Authorization") == right) {
        const QString scope = QUrlQuery(url).queryItemValue(u"scope"_s, QUrl::FullyDecoded);
        const QByteArray body =
            QJsonDocument(
                QJsonObject{{u"access_token"_s, QString::fromLatin1(mint(scope))}, {u"expires_in"_s, 300}})
                .toJson(QJsonDocument::Compact);
        socket->write(ScriptedServer::response("200 OK", "application/json", body));
    } else {
        socket->write(ScriptedServer::response("401 Unauthorized", "application/json",
                                               R"({"details":"bad credentials"})"));
    }
    socket->disconnectFromHost();
}

TokenRegistry::TokenRegistry(const QString &user, const QString &password)
    : m_dir(QDir::tempPath() + u"/kiln-token-registry-XXXXXX"_s)
    , m_issuer(user, password)
{}

TokenRegistry::~TokenRegistry()
{
    stopProcess(m_process);
}

bool TokenRegistry::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = u"no temporary directory"_s;
        return false;
    }
    if (!m_issuer.setUp(m_dir.path(), error))
        return false;
    m_address = u"127.0.0.1:%1"_s.arg(freePort());
    const QString config = u"version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: true\n"
                           "storage:\n  filesystem:\n    rootdirectory: %1/storage\n"
                           "http:\n  addr: %2\n  secret: kiln-test\n"
                           "auth:\n  token:\n    realm: %3\n    service: kiln-registry\n"
                           "    issuer: kiln-test-issuer\n    rootcertbundle: %4\n"_s.arg(
                               m_dir.path(), m_address, m_issuer.realm(), m_issuer.certificatePath());
    QFile file(m_dir.filePath(u"config.yml"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) <= 0) {
        *error = u"cannot write "_s + file.fileName();
        return false;
    }
    file.close();
    m_process = std::make_unique<QProcess>();
    m_process->setStandardOutputFile(m_dir.filePath(u"registry.log"_s));
    m_process->setStandardErrorFile(m_dir.filePath(u"registry.log"_s), QIODevice::Append);
    m_process->start(RegistryServer::program(), {u"serve"_s, file.fileName()});
    if (!m_process->waitForStarted()) {
        *error = u"docker-registry did not start: "_s + m_process->errorString();
        return false;
    }
    startWatchdog(m_dir.path(), u"kill -9 %1 2>/dev/null"_s.arg(m_process->processId()));
    return waitForHttp(m_process, u"docker-registry"_s, m_address, u"/v2/"_s, 401, 30000, error);
}

} // namespace KilnTest
