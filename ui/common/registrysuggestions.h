#pragma once

#include "bake/buildrun.h"

#include <QStringList>

#include <functional>

class QObject;

namespace Kiln {

class Catalogue;
class OciClient;

// Lists "host/repository:tag" of every configured registry (logging in with
// `credentials` where a registry has them) and hands each registry's list to
// `deliver` as it arrives, on `context`'s thread; nothing once `context` is gone.
// A registry that cannot be listed completes nothing. The spec and image dialogs
// complete base images from it.
void fetchRegistrySuggestions(const Catalogue &catalogue, OciClient *oci,
                              const CredentialResolver &credentials, QObject *context,
                              std::function<void(const QStringList &)> deliver);

} // namespace Kiln
