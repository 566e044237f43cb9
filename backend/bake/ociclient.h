#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QFuture>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class QNetworkAccessManager;
class QNetworkReply;

namespace Kiln {

struct Registry;

// Why a registry request gave no answer. `message` is a sentence that names the
// registry (host[:port]) and, where there is one, the path; it never holds a
// password or a token.
struct OciError
{
    enum class Code
    {
        Network,      // no connection, connection lost, a 5xx
        Timeout,      // no answer within the transfer timeout
        Tls,          // handshake or certificate failure, unreadable CA file
        Unauthorized, // 401/403: no, wrong or insufficient credentials
        NotFound,     // 404
        Protocol,     // an answer that is not what the distribution spec says
        Cancelled,    // cancelAll() or the client was destroyed
    };
    Code code = Code::Network;
    QString message;
    int httpStatus = 0; // 0: no HTTP answer
};

// Where and how to reach a registry's distribution API.
struct OciEndpoint
{
    QString host;           // host[:port]
    bool tls = true;        // false: http://
    bool verifyPeer = true; // false: accept any certificate (an --insecure https registry)
    QString caFile;         // PEM bundle trusted besides the system's; empty: the system's only
    std::optional<std::pair<QString, QString>> basic; // user, password: never logged
};

// The endpoint of a catalogue registry: its registryHost(), https unless the public
// URL is http:// (or, without a public URL, the registry is --insecure), peer
// verification from tlsVerify, its CA file. Credentials are the caller's to fill.
OciEndpoint endpointFor(const Registry &registry);

struct OciPing
{
    int httpStatus = 0;
    qint64 latencyMs = 0;       // round trip of the request that answered
    QString apiVersionHeader;   // Docker-Distribution-API-Version, e.g. "registry/2.0"
    bool authenticated = false; // credentials or a token were needed and accepted
    bool jsonBody = false;      // the body is a JSON object (a registry's "{}"), not e.g. an HTML page
};

// One challenge of a WWW-Authenticate header: `Basic realm="x"` or
// `Bearer realm="https://auth",service="registry",scope="repository:a:pull"`.
struct OciChallenge
{
    QString scheme;                 // "Basic" or "Bearer" (as sent)
    QHash<QString, QString> params; // lower-case names: realm, service, scope, error...
    QString param(const QString &name) const { return params.value(name); }
};

// The first challenge of a WWW-Authenticate value; nullopt when it has no scheme.
// Quoted values may contain ',' '=' and backslash escapes.
std::optional<OciChallenge> parseWwwAuthenticate(const QByteArray &header);

// The target of the rel="next" link of a Link header (RFC 8288), e.g.
// "/v2/_catalog?last=b&n=2"; empty when there is none.
QString nextLinkTarget(const QByteArray &linkHeader);

// Whether `name` is a repository name of the distribution spec ("team/app", lower-case
// components separated by '/', at most 255 characters).
bool isRepositoryName(const QString &name);

// "host/repo:tag" for every repository under `prefix` (host[:port][/path]) and each
// of its tags, sorted. Repositories outside the prefix path and without tags are left out.
QStringList imageSuggestions(const QString &prefix, const QStringList &repositories,
                             const QHash<QString, QStringList> &tags);

// A client of the OCI distribution API (/v2/) for listing what registries hold.
// Owns the one QNetworkAccessManager the application uses for registries and lives
// on the thread that created it; every future finishes on that thread. Requests are
// idempotent GETs: connection errors, timeouts and 5xx answers are tried again with
// exponential backoff and jitter, 4xx answers are not. A 401 is answered once with
// Basic credentials or with a Bearer token from the realm it names (tokens are
// cached per host and scope until they expire).
class OciClient : public QObject
{
    Q_OBJECT

public:
    explicit OciClient(QObject *parent = nullptr);
    ~OciClient() override;

    // Per request without any data moving; default 10000 ms.
    void setTransferTimeout(int ms) { m_transferTimeoutMs = ms; }
    int transferTimeout() const { return m_transferTimeoutMs; }
    // `attempts` tries in all (>= 1); waits base, 2*base, 4*base... (+ up to 25 % jitter).
    void setRetryPolicy(int attempts, int baseDelayMs);
    int attempts() const { return m_attempts; }
    int baseDelayMs() const { return m_baseDelayMs; }
    // Entries asked for per catalogue/tags page (n=); default 100.
    void setPageSize(int n) { m_pageSize = qMax(1, n); }

    QFuture<Result<OciPing, OciError>> ping(const OciEndpoint &endpoint);
    // Repository names in the registry's order, following Link pagination, at most `limit`.
    QFuture<Result<QStringList, OciError>> repositories(const OciEndpoint &endpoint, int limit = 1000);
    // Tags of one repository in the registry's order (not always lexical), at most `limit`.
    // NotFound for an unknown repository.
    QFuture<Result<QStringList, OciError>> tags(const OciEndpoint &endpoint, const QString &repository,
                                                int limit = 1000);
    // imageSuggestions() for the repositories under `prefixPath` (a repository path,
    // may be empty): at most `maxRepositories`, their tags listed four at a time.
    // A repository whose tags cannot be listed is left out.
    QFuture<Result<QStringList, OciError>> suggestions(const OciEndpoint &endpoint, const QString &prefixPath,
                                                       int maxRepositories = 50,
                                                       int maxTagsPerRepository = 20);

    // Aborts everything under way: those futures finish with Code::Cancelled.
    void cancelAll();

    // What one GET (after auth and retries) answered. Internal, public for the helpers.
    struct Answer
    {
        int status = 0;
        QByteArray body;
        QByteArray link;
        QByteArray apiVersion;
        qint64 latencyMs = 0;
        bool authenticated = false;
        QString url; // without query, for messages
        QByteArray contentType;
        QByteArray contentDigest; // Docker-Content-Digest
        QByteArray contentRange;  // of a 206
        qint64 contentLength = -1;
    };
    using AnswerHandler = std::function<void(Result<Answer, OciError>)>;

    // One GET through the client's auth, token cache, timeouts and retries; for
    // OciBlobs. Without `data` the body is collected in Answer::body. With it, every
    // attempt's 2xx answer is announced to `head` (status and headers, no body) and
    // its body handed to `data` as it arrives; Answer::body stays empty. `head` and
    // `data` return an error to stop for good (no retry). An attempt that delivered
    // data, and after which `range` asks for a later start, is tried again at once as
    // a fresh first try. `range` (no side effects) gives the Range header of every
    // attempt ("bytes=N-", empty: none).
    // Redirects are followed (at most 5); the Authorization goes to the registry's
    // host only.
    struct Fetch
    {
        QString pathAndQuery;
        QString scope; // the token scope to look up in the cache, e.g. "repository:a/b:pull"
        QByteArray accept = "application/json";
        std::function<QByteArray()> range;
        std::function<std::optional<OciError>(const Answer &head)> head;
        std::function<std::optional<OciError>(QByteArrayView chunk)> data;
    };
    // Starts `fetch`; `done` runs once, on this thread. The id is for cancel().
    quint64 fetch(const OciEndpoint &endpoint, Fetch fetch, AnswerHandler done);
    // Aborts one fetch: its handler gets Code::Cancelled. Finished or unknown ids are ignored.
    void cancel(quint64 id);

private:
    struct Transfer;
    void get(const OciEndpoint &endpoint, const QString &pathAndQuery, const QString &scopeHint,
             AnswerHandler done);
    void streamed(const std::shared_ptr<Transfer> &transfer, QNetworkReply *reply);
    void abortWhere(quint64 id); // 0: all
    void send(const std::shared_ptr<Transfer> &transfer);
    void finished(const std::shared_ptr<Transfer> &transfer);
    void complete(const std::shared_ptr<Transfer> &transfer, Result<Answer, OciError> result);
    void authenticate(const std::shared_ptr<Transfer> &transfer, const QByteArray &challengeHeader);
    void fetchToken(const std::shared_ptr<Transfer> &transfer, const OciChallenge &challenge);
    void listPaged(const OciEndpoint &endpoint, const QString &path, const QString &scope, const QString &key,
                   int limit, std::function<void(Result<QStringList, OciError>)> done);

    struct CachedToken
    {
        QByteArray token;
        qint64 expiresAtMs = 0;
    };

    QNetworkAccessManager *m_manager = nullptr;
    int m_transferTimeoutMs = 10000;
    int m_attempts = 3;
    int m_baseDelayMs = 200;
    int m_pageSize = 100;
    QHash<QString, CachedToken> m_tokens; // "host\nuser\nscope"
    QList<std::shared_ptr<Transfer>> m_active;
    quint64 m_nextId = 1;
};

} // namespace Kiln
