#pragma once

#include "bake/ociclient.h"
#include "bake/registryhealth.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <utility>

namespace KilnTest {

class RegistryServer;

// What the registry browser's tests (its model's and its widget's) share: real
// docker-registry servers on loopback holding images, the catalogue entry that
// points the browser at one, and the logins it is given.

// The repositories a registry holds, each with the tags of its one image.
using RegistryImages = QList<std::pair<QString, QStringList>>;

// The registry entry "local" at `address` (host:port) over plain HTTP, logging in
// with the secret `secretId` when one is given. Its image prefix has a path
// ("/team") that the browser's references must not repeat: they use its host.
Kiln::Registry browsableRegistry(const QString &address, const QString &secretId = {});

// Starts `server` and pushes an image under its tags for each of `images`, with
// `auth` (a whole Authorization value, empty for none). An empty string on
// success, else what went wrong (for QVERIFY2).
QString startHolding(RegistryServer &server, const RegistryImages &images, const QByteArray &auth = {});

// "Basic ..." for kRegistryUser and kRegistryPassword (the login of
// RegistryServer::setHtpasswd(kRegistryUser, kRegistryBcrypt)).
QByteArray registryBasicAuth();

// An OciClient that gives up soon (two tries, 50 ms apart), for unreachable
// registries in the browser's tests.
std::unique_ptr<Kiln::OciClient> browsingClient();

// A CredentialLookup that answers `answer` (a login, or why there is none) for any
// secret at once, noting each secret asked for in `asked` when given.
Kiln::CredentialLookup credentialsAnswering(const Kiln::Result<Kiln::Credential, QString> &answer,
                                            QStringList *asked = nullptr);

} // namespace KilnTest
