#include "ociclient.h"
#include "ocipromise.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr int kSuggestionConcurrency = 4;
// The most a streamed reply buffers ahead of its consumer (QNetworkReply::setReadBufferSize).
constexpr qint64 kStreamBufferBytes = 8 << 20;

QString reasonPhrase(int status, const QString &fromServer)
{
    if (!fromServer.isEmpty())
        return fromServer;
    static const QHash<int, QString> phrases{
        {400, u"Bad Request"_s}, {401, u"Unauthorized"_s},        {403, u"Forbidden"_s},
        {404, u"Not Found"_s},   {429, u"Too Many Requests"_s},   {500, u"Internal Server Error"_s},
        {502, u"Bad Gateway"_s}, {503, u"Service Unavailable"_s}, {504, u"Gateway Timeout"_s},
    };
    return phrases.value(status);
}

// The first "message" of a distribution-spec error body ({"errors":[{"code","message"}]}).
QString registryErrorText(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    const QJsonArray errors = doc.object().value(u"errors"_s).toArray();
    if (errors.isEmpty())
        return {};
    return errors.first().toObject().value(u"message"_s).toString().left(200);
}

bool retryable(QNetworkReply::NetworkError error, int status)
{
    if (status >= 400)
        return status >= 500;
    // OperationCanceledError is the transfer timeout (cancelAll() never gets here).
    static const QList<QNetworkReply::NetworkError> transient{
        QNetworkReply::ConnectionRefusedError,      QNetworkReply::RemoteHostClosedError,
        QNetworkReply::HostNotFoundError,           QNetworkReply::TimeoutError,
        QNetworkReply::OperationCanceledError,      QNetworkReply::TemporaryNetworkFailureError,
        QNetworkReply::NetworkSessionFailedError,   QNetworkReply::UnknownNetworkError,
        QNetworkReply::ProxyConnectionRefusedError, QNetworkReply::ProxyConnectionClosedError,
        QNetworkReply::ProxyTimeoutError,           QNetworkReply::ServiceUnavailableError,
        QNetworkReply::InternalServerError,         QNetworkReply::UnknownServerError,
    };
    return transient.contains(error);
}

// THE mapping of a failed request to readable text: the host, the path and why.
OciError describeFailure(const QString &host, const QString &path, QNetworkReply::NetworkError error,
                         int status, const QString &reason, const QString &errorString,
                         const QByteArray &body, int timeoutMs)
{
    if (status >= 400) {
        OciError::Code code = OciError::Code::Protocol;
        if (status == 401 || status == 403)
            code = OciError::Code::Unauthorized;
        else if (status == 404)
            code = OciError::Code::NotFound;
        else if (status >= 500)
            code = OciError::Code::Network;
        QString message = OciClient::tr("%1 answered %2 %3 for %4")
                              .arg(host, QString::number(status), reasonPhrase(status, reason), path)
                              .simplified();
        if (const QString detail = registryErrorText(body); !detail.isEmpty())
            message += u": "_s + detail;
        return ociError(code, message, status);
    }
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return ociError(OciError::Code::Network,
                        OciClient::tr("cannot connect to %1: connection refused").arg(host));
    case QNetworkReply::HostNotFoundError:
        return ociError(OciError::Code::Network,
                        OciClient::tr("cannot connect to %1: the host name is not known").arg(host));
    case QNetworkReply::RemoteHostClosedError:
        return ociError(OciError::Code::Network,
                        OciClient::tr("%1 closed the connection before answering %2").arg(host, path));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return ociError(OciError::Code::Timeout,
                        OciClient::tr("%1 did not answer %2 within %3 s")
                            .arg(host, path, QString::number(timeoutMs / 1000.0, 'g', 3)));
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        if (error == QNetworkReply::SslHandshakeFailedError || errorString.contains(u"SSL"_s) ||
            errorString.contains(u"TLS"_s))
            return ociError(OciError::Code::Tls,
                            OciClient::tr("TLS handshake with %1 failed: %2").arg(host, errorString));
        break;
    default:
        break;
    }
    if (status > 0 && status < 400)
        return ociError(
            OciError::Code::Protocol,
            OciClient::tr("%1 answered %2 for %3, which is not a listing").arg(host).arg(status).arg(path),
            status);
    return ociError(OciError::Code::Network, OciClient::tr("cannot reach %1: %2").arg(host, errorString));
}

QByteArray basicHeader(const std::pair<QString, QString> &login)
{
    return "Basic " + (login.first + u':' + login.second).toUtf8().toBase64();
}

// Tokens are cached per host, user and scope.
QString tokenKey(const OciEndpoint &endpoint, const QString &scope)
{
    return endpoint.host + u'\n' + (endpoint.basic ? endpoint.basic->first : QString()) + u'\n' + scope;
}

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

} // namespace

struct OciClient::Transfer
{
    OciEndpoint endpoint;
    QUrl url;
    QString host; // host[:port] of url, for messages
    QString path; // without the query, for messages
    std::optional<QSslConfiguration> ssl;
    QByteArray authorization;
    bool basicTried = false;
    bool tokenTried = false;
    bool authenticated = false;
    bool tokenRequest = false;
    bool cachedToken = false; // the Authorization came from m_tokens: fetch a new one on a 401
    int attempt = 0;
    int redirects = 0;
    bool done = false;
    quint64 id = 0;
    Fetch fetch;
    bool headSeen = false;           // of this attempt
    qint64 streamed = 0;             // bytes handed to fetch.data in this attempt
    QByteArray range;                // the Range header of this attempt
    std::optional<OciError> stopped; // what fetch.head or fetch.data answered
    QPointer<QNetworkReply> reply;
    QElapsedTimer clock;
    AnswerHandler handler;
};

OciClient::OciClient(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
{
    m_manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

OciClient::~OciClient()
{
    cancelAll();
}

void OciClient::setRetryPolicy(int attempts, int baseDelayMs)
{
    m_attempts = qMax(1, attempts);
    m_baseDelayMs = qMax(0, baseDelayMs);
}

void OciClient::cancelAll()
{
    abortWhere(0);
}

void OciClient::get(const OciEndpoint &endpoint, const QString &pathAndQuery, const QString &scopeHint,
                    AnswerHandler done)
{
    Fetch request;
    request.pathAndQuery = pathAndQuery;
    request.scope = scopeHint;
    fetch(endpoint, std::move(request), std::move(done));
}

quint64 OciClient::fetch(const OciEndpoint &endpoint, Fetch fetch, AnswerHandler done)
{
    auto transfer = std::make_shared<Transfer>();
    transfer->id = m_nextId++;
    transfer->endpoint = endpoint;
    transfer->handler = std::move(done);
    transfer->url = QUrl((endpoint.tls ? u"https://"_s : u"http://"_s) + endpoint.host + fetch.pathAndQuery);
    const QString scopeHint = fetch.scope;
    transfer->fetch = std::move(fetch);
    transfer->host = endpoint.host;
    transfer->path = transfer->url.path();
    if (endpoint.host.isEmpty() || !transfer->url.isValid() || !transfer->url.userInfo().isEmpty()) {
        transfer->handler(
            ociError(OciError::Code::Protocol, tr("'%1' is not a registry host[:port]").arg(endpoint.host)));
        return 0;
    }
    if (!scopeHint.isEmpty()) {
        const auto cached = m_tokens.constFind(tokenKey(endpoint, scopeHint));
        if (cached != m_tokens.cend() && cached->expiresAtMs > monotonicMs()) {
            transfer->authorization = "Bearer " + cached->token;
            transfer->tokenTried = true;
            transfer->cachedToken = true;
            transfer->authenticated = true;
        }
    }
    m_active.append(transfer);
    send(transfer);
    return transfer->id;
}

void OciClient::cancel(quint64 id)
{
    if (id != 0)
        abortWhere(id);
}

void OciClient::abortWhere(quint64 id)
{
    const auto active = m_active;
    for (const auto &transfer : active) {
        if (id != 0 && transfer->id != id)
            continue;
        if (QNetworkReply *reply = transfer->reply) {
            transfer->reply = nullptr;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
        complete(transfer, ociError(OciError::Code::Cancelled,
                                    tr("the request to %1 was cancelled").arg(transfer->host)));
    }
}

void OciClient::send(const std::shared_ptr<Transfer> &transfer)
{
    if (transfer->done)
        return;
    if (transfer->url.scheme() == u"https"_s && !transfer->ssl) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!transfer->endpoint.caFile.isEmpty()) {
            const auto certificates = QSslCertificate::fromPath(transfer->endpoint.caFile, QSsl::Pem);
            if (certificates.isEmpty()) {
                complete(transfer, ociError(OciError::Code::Tls,
                                            tr("the CA file %1 of %2 holds no readable PEM certificate")
                                                .arg(transfer->endpoint.caFile, transfer->endpoint.host)));
                return;
            }
            ssl.addCaCertificates(certificates);
        }
        if (!transfer->endpoint.verifyPeer)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        transfer->ssl = ssl;
    }
    QNetworkRequest request(transfer->url);
    request.setTransferTimeout(m_transferTimeoutMs);
    request.setRawHeader("Accept", transfer->fetch.accept);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Kiln"_s);
    if (!transfer->authorization.isEmpty())
        request.setRawHeader("Authorization", transfer->authorization);
    if (transfer->ssl)
        request.setSslConfiguration(*transfer->ssl);
    if (!transfer->tokenRequest)
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // The bytes as stored: their digest, their ranges.
    if (transfer->fetch.data)
        request.setRawHeader("Accept-Encoding", "identity");
    transfer->range = transfer->fetch.range ? transfer->fetch.range() : QByteArray();
    if (!transfer->range.isEmpty())
        request.setRawHeader("Range", transfer->range);
    ++transfer->attempt;
    transfer->headSeen = false;
    transfer->streamed = 0;
    transfer->clock.start();
    QNetworkReply *reply = m_manager->get(request);
    transfer->reply = reply;
    // A streamed blob is written and hashed as it arrives; when the disk is slower
    // than the network, the reply's buffer would otherwise grow with the whole blob.
    if (transfer->fetch.data)
        reply->setReadBufferSize(kStreamBufferBytes);
    if (transfer->fetch.data)
        connect(reply, &QNetworkReply::readyRead, this,
                [this, transfer, reply] { streamed(transfer, reply); });
    connect(reply, &QNetworkReply::finished, this, [this, transfer] { finished(transfer); });
}

namespace {

OciClient::Answer answerOf(QNetworkReply *reply, int status, const QUrl &url)
{
    OciClient::Answer answer;
    answer.status = status;
    answer.link = reply->rawHeader("Link");
    answer.apiVersion = reply->rawHeader("Docker-Distribution-API-Version");
    answer.contentType = reply->rawHeader("Content-Type");
    answer.contentDigest = reply->rawHeader("Docker-Content-Digest");
    answer.contentRange = reply->rawHeader("Content-Range");
    bool known = false;
    const qint64 length = reply->rawHeader("Content-Length").toLongLong(&known);
    answer.contentLength = known ? length : -1;
    answer.url = url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    return answer;
}

} // namespace

void OciClient::streamed(const std::shared_ptr<Transfer> &transfer, QNetworkReply *reply)
{
    if (transfer->done || transfer->stopped)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300)
        return; // an error body: finished() reads it
    if (!transfer->headSeen) {
        transfer->headSeen = true;
        Answer head = answerOf(reply, status, transfer->url);
        head.authenticated = transfer->authenticated;
        if (transfer->fetch.head)
            transfer->stopped = transfer->fetch.head(head);
    }
    while (!transfer->stopped && reply->bytesAvailable() > 0) {
        const QByteArray chunk = reply->read(1 << 20);
        transfer->streamed += chunk.size();
        transfer->stopped = transfer->fetch.data(chunk);
    }
    if (transfer->stopped) {
        if (transfer->reply == reply) {
            transfer->reply = nullptr;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
        complete(transfer, *transfer->stopped);
    }
}

void OciClient::finished(const std::shared_ptr<Transfer> &transfer)
{
    QNetworkReply *reply = transfer->reply;
    if (!reply || transfer->done)
        return;
    transfer->reply = nullptr;
    reply->deleteLater();
    const qint64 latency = transfer->clock.elapsed();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const bool streaming = transfer->fetch.data && status >= 200 && status < 300;
    if (streaming && reply->isOpen())
        streamed(transfer, reply); // what arrived with finished(), also before a broken connection
    if (transfer->done)
        return;
    const QByteArray body = reply->isOpen() && !streaming ? reply->readAll() : QByteArray();

    if (status == 401 && !transfer->tokenRequest) {
        authenticate(transfer, reply->rawHeader("WWW-Authenticate"));
        return;
    }
    const QByteArray location = reply->rawHeader("Location");
    if (status >= 300 && status < 400 && status != 304 && !location.isEmpty() && !transfer->tokenRequest) {
        const QUrl target = transfer->url.resolved(QUrl::fromEncoded(location));
        if (transfer->redirects >= 5 || !target.isValid() ||
            (target.scheme() != u"https"_s && target.scheme() != u"http"_s) ||
            (transfer->url.scheme() == u"https"_s && target.scheme() != u"https"_s)) {
            complete(transfer, ociError(OciError::Code::Protocol,
                                        tr("%1 redirects %2 to %3, which is not followed")
                                            .arg(transfer->host, transfer->path,
                                                 target.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)),
                                        status));
            return;
        }
        ++transfer->redirects;
        if (target.authority() != transfer->url.authority())
            transfer->authorization.clear(); // presigned storage URLs carry their own authorisation
        transfer->url = target;
        transfer->ssl.reset();
        transfer->attempt = 0;
        send(transfer);
        return;
    }
    if (status >= 200 && status < 300 && error == QNetworkReply::NoError) {
        Answer answer = answerOf(reply, status, transfer->url);
        answer.body = body;
        answer.latencyMs = latency;
        answer.authenticated = transfer->authenticated;
        complete(transfer, std::move(answer));
        return;
    }
    // Progress (the next try starts further on): the broken connection counts as a fresh start.
    if (transfer->streamed > 0 && transfer->fetch.range && transfer->fetch.range() != transfer->range)
        transfer->attempt = 0;
    if (retryable(error, status) && transfer->attempt < m_attempts) {
        if (transfer->attempt == 0) {
            send(transfer);
            return;
        }
        const double jitter = 1.0 + QRandomGenerator::global()->bounded(0.25);
        const int delay = int(m_baseDelayMs * double(1 << qMin(transfer->attempt - 1, 16)) * jitter);
        QTimer::singleShot(delay, this, [this, transfer] { send(transfer); });
        return;
    }
    complete(transfer,
             describeFailure(transfer->host, transfer->path, error, status,
                             reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                             reply->errorString(), body, m_transferTimeoutMs));
}

void OciClient::complete(const std::shared_ptr<Transfer> &transfer, Result<Answer, OciError> result)
{
    if (transfer->done)
        return;
    transfer->done = true;
    m_active.removeOne(transfer);
    if (transfer->handler)
        transfer->handler(std::move(result));
}

void OciClient::authenticate(const std::shared_ptr<Transfer> &transfer, const QByteArray &challengeHeader)
{
    const QString host = transfer->host;
    const auto challenge = parseWwwAuthenticate(challengeHeader);
    if (!challenge) {
        complete(transfer,
                 ociError(OciError::Code::Unauthorized,
                          tr("%1 answered 401 Unauthorized for %2 without a WWW-Authenticate challenge")
                              .arg(host, transfer->path),
                          401));
        return;
    }
    const QString scheme = challenge->scheme.toLower();
    const auto &login = transfer->endpoint.basic;
    if (scheme == u"basic"_s) {
        if (!login) {
            complete(transfer,
                     ociError(OciError::Code::Unauthorized,
                              tr("%1 asks for a login (Basic): add credentials to the registry").arg(host),
                              401));
            return;
        }
        if (transfer->basicTried) {
            complete(
                transfer,
                ociError(
                    OciError::Code::Unauthorized,
                    tr("%1 refused the login of user '%2' (Basic) for %3: check the registry's credentials")
                        .arg(host, login->first, transfer->path),
                    401));
            return;
        }
        transfer->basicTried = true;
        transfer->authenticated = true;
        transfer->authorization = basicHeader(*login);
        transfer->attempt = 0;
        send(transfer);
        return;
    }
    if (scheme == u"bearer"_s) {
        if (transfer->tokenTried && !transfer->cachedToken) {
            const QString scope = challenge->param(u"scope"_s);
            complete(transfer,
                     ociError(OciError::Code::Unauthorized,
                              tr("%1 refused the token for %2 (scope '%3'): the account lacks access")
                                  .arg(host, transfer->path, scope),
                              401));
            return;
        }
        // A cached token may have been revoked before it expired: fetch a new one once.
        transfer->cachedToken = false;
        fetchToken(transfer, *challenge);
        return;
    }
    complete(transfer,
             ociError(OciError::Code::Unauthorized,
                      tr("%1 asks for a login with the unsupported scheme '%2'").arg(host, challenge->scheme),
                      401));
}

void OciClient::fetchToken(const std::shared_ptr<Transfer> &transfer, const OciChallenge &challenge)
{
    const QString host = transfer->host;
    const QString realm = challenge.param(u"realm"_s);
    QUrl url(realm, QUrl::StrictMode);
    if (realm.isEmpty() || !url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s) ||
        url.host().isEmpty()) {
        complete(transfer,
                 ociError(OciError::Code::Protocol,
                          tr("%1 asks for a Bearer token from realm '%2', which is not an http(s) URL")
                              .arg(host, realm),
                          401));
        return;
    }
    const QString scope = challenge.param(u"scope"_s);
    QUrlQuery query(url);
    if (const QString service = challenge.param(u"service"_s); !service.isEmpty())
        query.addQueryItem(u"service"_s, service);
    if (!scope.isEmpty())
        query.addQueryItem(u"scope"_s, scope);
    url.setQuery(query);

    auto token = std::make_shared<Transfer>();
    token->endpoint = transfer->endpoint;
    token->url = url;
    url.setUserInfo({});
    token->host = url.authority();
    token->path = url.path();
    token->tokenRequest = true;
    const auto &login = transfer->endpoint.basic;
    if (login)
        token->authorization = basicHeader(*login);
    token->handler = [this, transfer, host, scope, hasLogin = login.has_value(),
                      user = login ? login->first : QString(), realmHost = token->host,
                      tokenUrl = url.toString(QUrl::RemoveQuery)](Result<Answer, OciError> answer) {
        if (!answer.ok()) {
            OciError error = answer.error();
            if (error.httpStatus == 401 && !hasLogin)
                error.message =
                    tr("%1 asks for a login (Bearer, token service %2): add credentials to the registry")
                        .arg(host, realmHost);
            else if (error.httpStatus == 401 || error.httpStatus == 403)
                error.message = tr("the token service %1 of %2 refused the login of user '%3': check the "
                                   "registry's credentials")
                                    .arg(realmHost, host, user);
            else if (error.code != OciError::Code::Cancelled)
                error.message = tr("no token for %1: %2").arg(host, error.message);
            complete(transfer, error);
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(answer->body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            complete(transfer, ociError(OciError::Code::Protocol,
                                        parseError.error != QJsonParseError::NoError
                                            ? tr("the token answer of %1 is not JSON: %2 at offset %3")
                                                  .arg(tokenUrl, parseError.errorString())
                                                  .arg(parseError.offset)
                                            : tr("the token answer of %1 is not a JSON object").arg(tokenUrl),
                                        answer->status));
            return;
        }
        const QJsonObject object = doc.object();
        QString value = object.value(u"token"_s).toString();
        if (value.isEmpty())
            value = object.value(u"access_token"_s).toString();
        if (value.isEmpty()) {
            complete(
                transfer,
                ociError(
                    OciError::Code::Protocol,
                    tr("the token answer of %1 has neither \"token\" nor \"access_token\"").arg(tokenUrl),
                    answer->status));
            return;
        }
        const int expiresIn = object.value(u"expires_in"_s).toInt(60);
        const QByteArray bearer = value.toUtf8();
        m_tokens.insert(tokenKey(transfer->endpoint, scope),
                        CachedToken{bearer, monotonicMs() + qMax(0, expiresIn - 5) * qint64(1000)});
        transfer->authorization = "Bearer " + bearer;
        transfer->tokenTried = true;
        transfer->authenticated = true;
        transfer->attempt = 0;
        send(transfer);
    };
    m_active.append(token);
    send(token);
}

QFuture<Result<OciPing, OciError>> OciClient::ping(const OciEndpoint &endpoint)
{
    auto promise = startedPromise<OciPing>();
    auto future = promise->future();
    get(endpoint, u"/v2/"_s, {}, [promise](Result<Answer, OciError> answer) {
        if (!answer.ok()) {
            fulfil<OciPing>(promise, answer.error());
            return;
        }
        OciPing ping;
        ping.httpStatus = answer->status;
        ping.latencyMs = answer->latencyMs;
        ping.apiVersionHeader = QString::fromLatin1(answer->apiVersion);
        ping.authenticated = answer->authenticated;
        ping.jsonBody = QJsonDocument::fromJson(answer->body).isObject();
        fulfil<OciPing>(promise, ping);
    });
    return future;
}

void OciClient::listPaged(const OciEndpoint &endpoint, const QString &path, const QString &scope,
                          const QString &key, int limit,
                          std::function<void(Result<QStringList, OciError>)> done)
{
    struct State
    {
        QStringList names;
        int pages = 0;
    };
    auto state = std::make_shared<State>();
    // Each request's handler holds the page function; the function holds itself weakly.
    auto page = std::make_shared<std::function<void(const QString &)>>();
    *page = [this, endpoint, scope, key, limit, done, state,
             weak = std::weak_ptr<std::function<void(const QString &)>>(page)](const QString &pathAndQuery) {
        auto self = weak.lock();
        get(endpoint, pathAndQuery, scope, [=, this](Result<Answer, OciError> answer) {
            auto finish = [&](Result<QStringList, OciError> result) { done(std::move(result)); };
            if (!answer.ok()) {
                finish(answer.error());
                return;
            }
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(answer->body, &parseError);
            if (parseError.error != QJsonParseError::NoError) {
                finish(ociError(OciError::Code::Protocol,
                                tr("the answer of %1 is not JSON: %2 at offset %3")
                                    .arg(answer->url, parseError.errorString())
                                    .arg(parseError.offset),
                                answer->status));
                return;
            }
            const QJsonValue list = doc.object().value(key);
            if (!doc.isObject() || !(list.isArray() || list.isNull())) {
                finish(ociError(OciError::Code::Protocol,
                                tr("the answer of %1 has no \"%2\" list").arg(answer->url, key),
                                answer->status));
                return;
            }
            const QJsonArray array = list.toArray();
            for (const QJsonValue &value : array) {
                if (!value.isString()) {
                    finish(ociError(
                        OciError::Code::Protocol,
                        tr("the \"%2\" list of %1 holds a value that is not a string").arg(answer->url, key),
                        answer->status));
                    return;
                }
                if (state->names.size() < limit)
                    state->names.append(value.toString());
            }
            ++state->pages;
            const QString next = nextLinkTarget(answer->link);
            if (next.isEmpty() || array.isEmpty() || state->names.size() >= limit || state->pages >= limit) {
                finish(state->names);
                return;
            }
            QUrl target = QUrl(answer->url).resolved(QUrl(next));
            QUrlQuery query(target);
            query.removeAllQueryItems(u"n"_s);
            query.addQueryItem(u"n"_s, QString::number(qMin(m_pageSize, limit - int(state->names.size()))));
            target.setQuery(query);
            if (target.authority() != QUrl(answer->url).authority()) {
                finish(ociError(
                    OciError::Code::Protocol,
                    tr("%1 links its next page to another host (%2)").arg(answer->url, target.authority()),
                    answer->status));
                return;
            }
            (*self)(target.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::FullyEncoded));
        });
    };
    (*page)(path + u"?n="_s + QString::number(qMin(m_pageSize, limit)));
}

QFuture<Result<QStringList, OciError>> OciClient::repositories(const OciEndpoint &endpoint, int limit)
{
    auto promise = startedPromise<QStringList>();
    auto future = promise->future();
    if (limit <= 0) {
        fulfil<QStringList>(promise, QStringList());
        return future;
    }
    listPaged(
        endpoint, u"/v2/_catalog"_s, u"registry:catalog:*"_s, u"repositories"_s, limit,
        [promise](Result<QStringList, OciError> result) { fulfil<QStringList>(promise, std::move(result)); });
    return future;
}

QFuture<Result<QStringList, OciError>> OciClient::tags(const OciEndpoint &endpoint, const QString &repository,
                                                       int limit)
{
    auto promise = startedPromise<QStringList>();
    auto future = promise->future();
    if (!isRepositoryName(repository)) {
        fulfil<QStringList>(promise, ociError(OciError::Code::NotFound,
                                              tr("'%1' is not a repository name (lower-case letters, digits, "
                                                 "separators and '/')")
                                                  .arg(repository)));
        return future;
    }
    if (limit <= 0) {
        fulfil<QStringList>(promise, QStringList());
        return future;
    }
    listPaged(endpoint, u"/v2/"_s + repository + u"/tags/list"_s, u"repository:"_s + repository + u":pull"_s,
              u"tags"_s, limit, [promise](Result<QStringList, OciError> result) {
                  fulfil<QStringList>(promise, std::move(result));
              });
    return future;
}

QFuture<Result<QStringList, OciError>> OciClient::suggestions(const OciEndpoint &endpoint,
                                                              const QString &prefixPath, int maxRepositories,
                                                              int maxTagsPerRepository)
{
    auto promise = startedPromise<QStringList>();
    auto future = promise->future();
    QString path = prefixPath;
    while (path.endsWith(u'/'))
        path.chop(1);
    const QString prefix = path.isEmpty() ? endpoint.host : endpoint.host + u'/' + path;
    listPaged(
        endpoint, u"/v2/_catalog"_s, u"registry:catalog:*"_s, u"repositories"_s, 10000,
        [this, promise, endpoint, path, prefix, maxRepositories,
         maxTagsPerRepository](Result<QStringList, OciError> listed) {
            if (!listed.ok()) {
                fulfil<QStringList>(promise, listed.error());
                return;
            }
            struct State
            {
                QStringList repositories;
                QHash<QString, QStringList> tags;
                int next = 0;
                int running = 0;
                bool failed = false;
            };
            auto state = std::make_shared<State>();
            for (const QString &repository : listed.value()) {
                if (state->repositories.size() >= maxRepositories)
                    break;
                if (path.isEmpty() || repository == path || repository.startsWith(path + u'/'))
                    state->repositories.append(repository);
            }
            // Each tags continuation holds the launcher; the launcher holds itself weakly.
            auto launch = std::make_shared<std::function<void()>>();
            *launch = [this, promise, endpoint, prefix, maxTagsPerRepository, state,
                       weak = std::weak_ptr<std::function<void()>>(launch)] {
                if (state->failed)
                    return;
                auto self = weak.lock();
                while (state->running < kSuggestionConcurrency && state->next < state->repositories.size()) {
                    const QString repository = state->repositories.at(state->next++);
                    ++state->running;
                    tags(endpoint, repository, maxTagsPerRepository)
                        .then(this,
                              [promise, state, self, repository](const Result<QStringList, OciError> &r) {
                                  --state->running;
                                  if (state->failed)
                                      return;
                                  if (!r.ok() && r.error().code == OciError::Code::Cancelled) {
                                      state->failed = true;
                                      fulfil<QStringList>(promise, r.error());
                                      return;
                                  }
                                  if (r.ok())
                                      state->tags.insert(repository, r.value());
                                  (*self)();
                              });
                }
                if (state->running == 0 && state->next >= state->repositories.size()) {
                    state->failed = true; // done: nothing more to launch
                    fulfil<QStringList>(promise, imageSuggestions(prefix, state->repositories, state->tags));
                }
            };
            (*launch)();
        });
    return future;
}

} // namespace Kiln
