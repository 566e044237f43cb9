#pragma once

#include "bake/ociclient.h"
#include "store/registryrepository.h"

#include <QFuture>
#include <QString>
#include <QTest>

namespace KilnTest {

// The login the tests' registries accept (RegistryServer::setHtpasswd with
// kRegistryBcrypt, TokenRegistry), and a wrong password no message may show.
inline const QString kRegistryUser = QStringLiteral("kiln");
inline const QString kRegistryPassword = QStringLiteral("kiln-right-password");
inline const QString kWrongRegistryPassword = QStringLiteral("kiln-WRONG-password-4711");
// `htpasswd -Bbn kiln kiln-right-password` (cost 4).
inline const QString kRegistryBcrypt =
    QStringLiteral("$2b$04$2ldOZrXphPZiSEGnVU4gGuaNvJ7mII1dOK.nsjVPlOQoqqhnnOUJO");

// The result of an OciClient or OciBlobs future, waited for with the event loop
// running (QTest::qWaitFor); Code::Cancelled when it does not finish in time.
template <typename T>
Kiln::Result<T, Kiln::OciError> await(QFuture<Kiln::Result<T, Kiln::OciError>> future, int timeoutMs = 60000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs))
        return Kiln::OciError{Kiln::OciError::Code::Cancelled, QStringLiteral("the test gave up waiting"), 0};
    return future.result();
}

// The error message of `result`, empty when it is a value (for QVERIFY2).
template <typename T>
QString why(const Kiln::Result<T, Kiln::OciError> &result)
{
    return result.ok() ? QString() : result.error().message;
}

// A plain-HTTP endpoint without credentials at `address` (host:port).
Kiln::OciEndpoint plainEndpoint(const QString &address);

// A catalogue registry named `name` at `address` (host:port) over plain HTTP,
// without peer verification.
Kiln::Registry registryAt(const QString &name, const QString &address);

} // namespace KilnTest
