#include "registryhealth.h"

#include <QDateTime>
#include <QPromise>

#include <memory>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using HealthPromise = std::shared_ptr<QPromise<RegistryHealth>>;

HealthPromise startedPromise()
{
    auto promise = std::make_shared<QPromise<RegistryHealth>>();
    promise->start();
    return promise;
}

void fulfil(const HealthPromise &promise, const RegistryHealth &health)
{
    promise->addResult(health);
    promise->finish();
}

QFuture<RegistryHealth> finished(const RegistryHealth &health)
{
    auto promise = startedPromise();
    fulfil(promise, health);
    return promise->future();
}

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

RegistryHealth health(RegistryHealthStatus status, std::optional<qint64> latencyMs, qint64 checkedAt,
                      const QString &message)
{
    return RegistryHealth{status, latencyMs, checkedAt, message};
}

} // namespace

QString registryHealthName(RegistryHealthStatus status)
{
    switch (status) {
    case RegistryHealthStatus::Unknown:
        return u"unknown"_s;
    case RegistryHealthStatus::Healthy:
        return u"healthy"_s;
    case RegistryHealthStatus::AuthFailed:
        return u"auth-failed"_s;
    case RegistryHealthStatus::Unreachable:
        return u"unreachable"_s;
    case RegistryHealthStatus::NotOci:
        return u"not-oci"_s;
    }
    return u"unknown"_s;
}

std::optional<RegistryHealthStatus> registryHealthFromName(const QString &name)
{
    for (auto status :
         {RegistryHealthStatus::Unknown, RegistryHealthStatus::Healthy, RegistryHealthStatus::AuthFailed,
          RegistryHealthStatus::Unreachable, RegistryHealthStatus::NotOci}) {
        if (registryHealthName(status) == name)
            return status;
    }
    return std::nullopt;
}

RegistryHealth classifyPing(const Result<OciPing, OciError> &ping, qint64 checkedAtMs)
{
    using Status = RegistryHealthStatus;
    if (ping.ok()) {
        const OciPing &answer = ping.value();
        const bool versioned = answer.apiVersionHeader.trimmed().startsWith(u"registry/2"_s);
        if (versioned || answer.jsonBody) {
            // The latency is a field of its own: the message says what answered.
            return health(Status::Healthy, answer.latencyMs, checkedAtMs,
                          answer.authenticated
                              ? RegistryHealthChecker::tr("OCI distribution API answered (logged in)")
                              : RegistryHealthChecker::tr("OCI distribution API answered"));
        }
        return health(
            Status::NotOci, answer.latencyMs, checkedAtMs,
            RegistryHealthChecker::tr("not an OCI registry: GET /v2/ answered %1 with a page that is "
                                      "neither JSON nor marked Docker-Distribution-API-Version "
                                      "registry/2.0")
                .arg(answer.httpStatus));
    }
    const OciError &error = ping.error();
    switch (error.code) {
    case OciError::Code::Unauthorized:
        return health(Status::AuthFailed, std::nullopt, checkedAtMs, error.message);
    case OciError::Code::NotFound:
        return health(Status::NotOci, std::nullopt, checkedAtMs,
                      RegistryHealthChecker::tr("not an OCI registry: %1").arg(error.message));
    case OciError::Code::Protocol:
        if (error.httpStatus == 401 || error.httpStatus == 403)
            return health(Status::AuthFailed, std::nullopt, checkedAtMs, error.message);
        if (error.httpStatus == 0)
            return health(Status::Unreachable, std::nullopt, checkedAtMs, error.message);
        return health(Status::NotOci, std::nullopt, checkedAtMs,
                      RegistryHealthChecker::tr("not an OCI registry: %1").arg(error.message));
    case OciError::Code::Network:
    case OciError::Code::Timeout:
    case OciError::Code::Tls:
        return health(Status::Unreachable, std::nullopt, checkedAtMs, error.message);
    case OciError::Code::Cancelled:
        return health(Status::Unknown, std::nullopt, checkedAtMs, error.message);
    }
    return health(Status::Unknown, std::nullopt, checkedAtMs, error.message);
}

RegistryHealth storedHealth(const Registry &registry)
{
    return RegistryHealth{
        registryHealthFromName(registry.healthStatus).value_or(RegistryHealthStatus::Unknown),
        registry.healthLatencyMs, registry.healthCheckedAt.value_or(0), registry.healthMessage};
}

RegistryHealthChecker::RegistryHealthChecker(OciClient *client, CredentialLookup credentials, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_credentials(std::move(credentials))
{}

QFuture<RegistryHealth> RegistryHealthChecker::check(const Registry &registry)
{
    return test(registry, std::nullopt);
}

QFuture<RegistryHealth> RegistryHealthChecker::test(const Registry &registry, std::optional<Credential> login)
{
    if (!m_client)
        return finished(health(RegistryHealthStatus::Unknown, std::nullopt, now(),
                               tr("no OCI client to check %1 with").arg(registry.name)));
    const OciEndpoint endpoint = endpointFor(registry);
    auto ping = [this](const OciEndpoint &target) {
        auto promise = startedPromise();
        m_client->ping(target).then(this, [promise](const Result<OciPing, OciError> &answer) {
            fulfil(promise, classifyPing(answer, now()));
        });
        return promise->future();
    };
    if (login) {
        OciEndpoint withLogin = endpoint;
        withLogin.basic = std::pair{login->username, login->password};
        return ping(withLogin);
    }
    if (registry.credentialsSecretId.isEmpty())
        return ping(endpoint);
    if (!m_credentials)
        return finished(health(RegistryHealthStatus::AuthFailed, std::nullopt, now(),
                               tr("cannot read the credentials of %1: no secret store").arg(registry.name)));
    auto promise = startedPromise();
    const QString secret = registry.credentialsSecretId;
    m_credentials(secret).then(this, [this, promise, endpoint, ping,
                                      secret](const Result<Credential, QString> &credential) {
        if (!credential.ok()) {
            fulfil(promise,
                   health(RegistryHealthStatus::AuthFailed, std::nullopt, now(),
                          tr("cannot read the credentials secret %1: %2").arg(secret, credential.error())));
            return;
        }
        OciEndpoint withLogin = endpoint;
        withLogin.basic = std::pair{credential->username, credential->password};
        ping(withLogin).then(this, [promise](const RegistryHealth &result) { fulfil(promise, result); });
    });
    return promise->future();
}

} // namespace Kiln
