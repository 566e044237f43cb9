#include "ocitesting.h"

using namespace Qt::StringLiterals;

namespace KilnTest {

Kiln::OciEndpoint plainEndpoint(const QString &address)
{
    Kiln::OciEndpoint endpoint;
    endpoint.host = address;
    endpoint.tls = false;
    return endpoint;
}

Kiln::Registry registryAt(const QString &name, const QString &address)
{
    Kiln::Registry registry;
    registry.name = name;
    registry.publicUrl = u"http://"_s + address;
    registry.imagePrefix = address;
    registry.tlsVerify = false;
    return registry;
}

} // namespace KilnTest
