#pragma once

#include "cli.h"

#include <memory>

namespace Kiln {
class SecretVault;
}

namespace Kiln::Cli {

// kilnctl secret add NAME --kind registry-credential|pull-secret --username U [--password-stdin]
//                rotate NAME|ID [--username U] --password-stdin
//                list                       (with what uses each secret)
//                delete NAME|ID [--force]   (alias: remove; refused while in use without --force)
//                [--catalog PATH] [--json]
// The value is always read from standard input (never from an option or argv), without its
// trailing line break; empty input is refused. Exit codes: 0 ok, 1 refused, 2 usage.
int runSecret(const QStringList &arguments, Io io);

// The vault kilnctl uses: the OS keychain, or the encrypted file when no keychain
// service runs. KILN_SECRET_BACKEND=auto|keychain|file forces a backend and
// KILN_SECRET_DIR=DIR puts the file's key and data in DIR (secret.key,
// secrets.enc); both are read here only, in kilnctl's command layer. Prints the
// fallback warning to io.err when the file is used; null (and why) on a bad value.
std::unique_ptr<SecretVault> openSecretVault(Io io, const QString &command);

} // namespace Kiln::Cli
