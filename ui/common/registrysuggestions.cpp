#include "registrysuggestions.h"

#include "bake/ociclient.h"
#include "store/registryrepository.h"

#include <QPointer>

namespace Kiln {

void fetchRegistrySuggestions(const Catalogue &catalogue, OciClient *oci,
                              const CredentialResolver &credentials, QObject *context,
                              std::function<void(const QStringList &)> deliver)
{
    if (!oci || !context)
        return;
    const auto registries = RegistryRepository(catalogue).list();
    if (!registries)
        return;
    const QPointer<QObject> guard(context);
    const auto list = [oci, guard, deliver](const OciEndpoint &endpoint) {
        if (!guard)
            return;
        oci->suggestions(endpoint, {})
            .then(guard.data(), [guard, deliver](const Result<QStringList, OciError> &result) {
                if (guard && result)
                    deliver(result.value());
            });
    };
    for (const Registry &registry : registries.value()) {
        if (registryHost(registry).isEmpty())
            continue;
        OciEndpoint endpoint = endpointFor(registry);
        if (registry.credentialsSecretId.isEmpty() || !credentials) {
            list(endpoint);
            continue;
        }
        credentials(registry.credentialsSecretId)
            .then(context, [list, endpoint](const Result<Credential, QString> &credential) mutable {
                if (credential)
                    endpoint.basic = std::pair{credential->username, credential->password};
                list(endpoint);
            });
    }
}

} // namespace Kiln
