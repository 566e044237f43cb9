#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QFuture>
#include <QString>

#include <memory>

namespace Kiln {

// Why a secret could not be read, written or removed. `message` is a sentence for
// a person and never contains a secret value.
struct VaultError
{
    enum class Code
    {
        NotFound,    // nothing is stored under the key
        Refused,     // a key or data file is readable by others, or is not ours
        Corrupt,     // the data file cannot be parsed or an entry fails authentication
        Io,          // a file could not be read or written
        Unavailable, // the keychain service failed or refused
    };
    Code code = Code::Io;
    QString message;

    friend bool operator==(const VaultError &, const VaultError &) = default;
};

enum class SecretBackend
{
    Auto,     // the OS keychain when a keychain service answers, else the encrypted file
    Keychain, // the OS keychain through QtKeychain (Secret Service, KWallet, ...)
    File,     // the encrypted file: AES-256-GCM, key in a separate 0600 file
};

struct SecretVaultOptions
{
    SecretBackend backend = SecretBackend::Auto;
    // The fallback's files; empty: defaultKeyFilePath() / defaultDataFilePath().
    QString keyFile;
    QString dataFile;
    // The keychain service name the entries are filed under.
    QString service = QStringLiteral("Kiln");
    // How long Auto waits for the keychain to answer its probe before it falls back.
    int probeTimeoutMs = 5000;

    // The options the environment asks for, the same for the GUI and kilnctl:
    // KILN_SECRET_BACKEND=auto|keychain|file picks the backend, and
    // KILN_SECRET_DIR=DIR keeps the encrypted file (secrets.enc) and its key
    // (secret.key) in DIR. An error names the variable and says why.
    static Result<SecretVaultOptions, QString> fromEnvironment();
};

// Secret values (passwords, tokens) by key: the keychain_ref of a `secrets` row.
// The values live in the OS keychain, or, when no keychain service runs (CI,
// headless servers), in one 0600 file whose entries are each encrypted with
// AES-256-GCM under a random nonce, with the 32-byte key in a separate 0600 file.
// A key or data file readable by group or others is refused, never used.
//
// Thread-safe: every call may come from any thread. The work runs on the vault's
// own thread (QtKeychain's jobs need an event loop), so a caller gets a QFuture:
// the GUI watches it with a QFutureWatcher, a service thread chains .then(context,
// ...), and kilnctl may simply waitForFinished(). No singleton: create it in the
// composition root and inject it.
class SecretVault
{
public:
    explicit SecretVault(SecretVaultOptions options = {});
    ~SecretVault();
    SecretVault(const SecretVault &) = delete;
    SecretVault &operator=(const SecretVault &) = delete;

    // "<GenericConfigLocation>/kiln/secret.key", "<GenericDataLocation>/kiln/secrets.enc".
    static QString defaultKeyFilePath();
    static QString defaultDataFilePath();

    // The backend in use, Keychain or File, once Auto has probed (at construction,
    // on the vault's thread; at most probeTimeoutMs).
    QFuture<SecretBackend> backend() const;
    // Whether the encrypted file is used. Blocks (without an event loop) until the
    // probe is done: on the GUI thread, ask after backend() has finished.
    bool usingFallback() const;
    // Empty with the keychain; otherwise a sentence saying where the secrets are and why.
    QString fallbackWarning() const;
    QString keyFilePath() const;
    QString dataFilePath() const;

    // NotFound when nothing is stored under `key`.
    QFuture<Result<QByteArray, VaultError>> read(const QString &key);
    // Stores or overwrites (rotates) the value under `key`.
    QFuture<Result<Done, VaultError>> write(const QString &key, const QByteArray &value);
    // Removes the value; removing a key that holds nothing succeeds.
    QFuture<Result<Done, VaultError>> remove(const QString &key);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Kiln
