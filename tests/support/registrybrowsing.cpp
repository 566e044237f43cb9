#include "registrybrowsing.h"

#include "ocitesting.h"
#include "registrypush.h"
#include "registryserver.h"

#include <QPromise>

using namespace Qt::StringLiterals;

namespace KilnTest {

Kiln::Registry browsableRegistry(const QString &address, const QString &secretId)
{
    Kiln::Registry registry = registryAt(u"local"_s, address);
    registry.imagePrefix = address + u"/team"_s; // references use its host, not its path
    registry.credentialsSecretId = secretId;
    return registry;
}

QString startHolding(RegistryServer &server, const RegistryImages &images, const QByteArray &auth)
{
    if (!server.start())
        return server.errorString();
    for (const auto &[repository, tags] : images) {
        if (const QString error = pushImage(server.address(), repository, tags, auth); !error.isEmpty())
            return repository + u": "_s + error;
    }
    return {};
}

QByteArray registryBasicAuth()
{
    return "Basic " + (kRegistryUser + u':' + kRegistryPassword).toUtf8().toBase64();
}

std::unique_ptr<Kiln::OciClient> browsingClient()
{
    auto client = std::make_unique<Kiln::OciClient>();
    client->setRetryPolicy(2, 50);
    return client;
}

Kiln::CredentialLookup credentialsAnswering(const Kiln::Result<Kiln::Credential, QString> &answer,
                                            QStringList *asked)
{
    return [answer, asked](const QString &secretId) {
        if (asked)
            *asked << secretId;
        QPromise<Kiln::Result<Kiln::Credential, QString>> promise;
        promise.start();
        promise.addResult(answer);
        promise.finish();
        return promise.future();
    };
}

} // namespace KilnTest
