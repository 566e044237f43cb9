#include "ociclient.h"

#include "store/registryrepository.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>
#include <QRandomGenerator>
#include <QRegularExpression>
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

template <typename T>
using PromisePtr = std::shared_ptr<QPromise<Result<T, OciError>>>;

template <typename T>
PromisePtr<T> startedPromise()
{
    auto promise = std::make_shared<QPromise<Result<T, OciError>>>();
    promise->start();
    return promise;
}

template <typename T>
void fulfil(const PromisePtr<T> &promise, Result<T, OciError> value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

OciError ociError(OciError::Code code, const QString &message, int status = 0)
{
    return OciError{code, message, status};
}

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

bool isRepositoryName(const QString &name)
{
    static const QRegularExpression grammar(
        uR"(^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$)"_s);
    return name.size() <= 255 && grammar.match(name).hasMatch();
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

OciEndpoint endpointFor(const Registry &registry)
{
    OciEndpoint endpoint;
    endpoint.host = registryHost(registry);
    const QString url = registry.publicUrl.trimmed().toLower();
    if (url.startsWith(u"http://"_s))
        endpoint.tls = false;
    else if (url.startsWith(u"https://"_s))
        endpoint.tls = true;
    else
        endpoint.tls = registry.tlsVerify;
    endpoint.verifyPeer = registry.tlsVerify;
    endpoint.caFile = registry.customCaFile;
    return endpoint;
}

std::optional<OciChallenge> parseWwwAuthenticate(const QByteArray &header)
{
    const QString text = QString::fromLatin1(header).trimmed();
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n && !text.at(i).isSpace() && text.at(i) != u',')
        ++i;
    OciChallenge challenge;
    challenge.scheme = text.left(i);
    if (challenge.scheme.isEmpty() || challenge.scheme.contains(u'='))
        return std::nullopt;
    while (i < n) {
        while (i < n && (text.at(i).isSpace() || text.at(i) == u','))
            ++i;
        const qsizetype nameStart = i;
        while (i < n && text.at(i) != u'=' && !text.at(i).isSpace() && text.at(i) != u',')
            ++i;
        const QString name = text.mid(nameStart, i - nameStart).toLower();
        while (i < n && text.at(i).isSpace())
            ++i;
        if (name.isEmpty())
            break;
        if (i >= n || text.at(i) != u'=')
            break; // a second challenge ("Basic realm=x, Bearer ...") or a token68: stop here
        ++i;
        while (i < n && text.at(i).isSpace())
            ++i;
        QString value;
        if (i < n && text.at(i) == u'"') {
            ++i;
            while (i < n && text.at(i) != u'"') {
                if (text.at(i) == u'\\' && i + 1 < n)
                    ++i;
                value += text.at(i);
                ++i;
            }
            ++i; // closing quote
        } else {
            const qsizetype valueStart = i;
            while (i < n && text.at(i) != u',' && !text.at(i).isSpace())
                ++i;
            value = text.mid(valueStart, i - valueStart);
        }
        challenge.params.insert(name, value);
    }
    return challenge;
}

QString nextLinkTarget(const QByteArray &linkHeader)
{
    // Link: </v2/_catalog?last=b&n=2>; rel="next", <...>; rel="prev"
    static const QRegularExpression link(uR"re(<([^>]*)>\s*((?:;\s*[^;,]*)*))re"_s);
    static const QRegularExpression relNext(uR"re(;\s*rel\s*=\s*"?([^";,]*)"?)re"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    auto it = link.globalMatch(QString::fromLatin1(linkHeader));
    while (it.hasNext()) {
        const auto m = it.next();
        const auto rel = relNext.match(m.captured(2));
        if (rel.hasMatch() && rel.captured(1).split(u' ', Qt::SkipEmptyParts).contains(u"next"_s))
            return m.captured(1);
    }
    return {};
}

QStringList imageSuggestions(const QString &prefix, const QStringList &repositories,
                             const QHash<QString, QStringList> &tags)
{
    const QString host = prefix.section(u'/', 0, 0);
    const QString path = prefix.section(u'/', 1);
    QStringList out;
    for (const QString &repository : repositories) {
        if (!path.isEmpty() && repository != path && !repository.startsWith(path + u'/'))
            continue;
        for (const QString &tag : tags.value(repository))
            out.append(host + u'/' + repository + u':' + tag);
    }
    out.sort();
    out.removeDuplicates();
    return out;
}

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
    bool done = false;
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
    const auto active = m_active;
    for (const auto &transfer : active) {
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

void OciClient::get(const OciEndpoint &endpoint, const QString &pathAndQuery, const QString &scopeHint,
                    AnswerHandler done)
{
    auto transfer = std::make_shared<Transfer>();
    transfer->endpoint = endpoint;
    transfer->handler = std::move(done);
    transfer->url = QUrl((endpoint.tls ? u"https://"_s : u"http://"_s) + endpoint.host + pathAndQuery);
    transfer->host = endpoint.host;
    transfer->path = transfer->url.path();
    if (endpoint.host.isEmpty() || !transfer->url.isValid() || !transfer->url.userInfo().isEmpty()) {
        transfer->handler(
            ociError(OciError::Code::Protocol, tr("'%1' is not a registry host[:port]").arg(endpoint.host)));
        return;
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
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Kiln"_s);
    if (!transfer->authorization.isEmpty())
        request.setRawHeader("Authorization", transfer->authorization);
    if (transfer->ssl)
        request.setSslConfiguration(*transfer->ssl);
    ++transfer->attempt;
    transfer->clock.start();
    QNetworkReply *reply = m_manager->get(request);
    transfer->reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, transfer] { finished(transfer); });
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
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    if (status == 401 && !transfer->tokenRequest) {
        authenticate(transfer, reply->rawHeader("WWW-Authenticate"));
        return;
    }
    if (status >= 200 && status < 300) {
        Answer answer;
        answer.status = status;
        answer.body = body;
        answer.link = reply->rawHeader("Link");
        answer.apiVersion = reply->rawHeader("Docker-Distribution-API-Version");
        answer.latencyMs = latency;
        answer.authenticated = transfer->authenticated;
        answer.url = transfer->url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
        complete(transfer, std::move(answer));
        return;
    }
    if (retryable(error, status) && transfer->attempt < m_attempts) {
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
