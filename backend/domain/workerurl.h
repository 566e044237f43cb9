#pragma once

#include "result.h"

#include <QString>

namespace Kiln {

// Checks the URL of a kiln-worker as a person types it: http(s)://host[:port][/path],
// no user information, query or fragment. https is required unless the host is a
// loopback address (localhost, 127.0.0.0/8, [::1]): a worker token travels in every
// request. The error names the field ("URL"), the column (1-based) and why.
Result<Done> validateWorkerUrl(const QString &url);

// Whether `host` (as in a URL, IPv6 without brackets or with them) is loopback.
bool isLoopbackHost(const QString &host);

} // namespace Kiln
