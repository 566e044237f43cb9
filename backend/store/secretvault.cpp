#include "secretvault.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QLockFile>
#include <QMap>
#include <QMetaObject>
#include <QPromise>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <qt6keychain/keychain.h>
#include <sys/stat.h>

#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
constexpr int kLockTimeoutMs = 10000;
const QString kFormat = u"kiln-secrets"_s;
const QString kProbeKey = u"kiln-keychain-probe"_s;

template <typename T>
using PromisePtr = std::shared_ptr<QPromise<T>>;

template <typename T>
PromisePtr<T> startedPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template <typename T>
void fulfil(QPromise<T> &promise, T value)
{
    promise.addResult(std::move(value));
    promise.finish();
}

QString quoted(const QString &text)
{
    return u"“"_s + text + u"”"_s;
}

VaultError vaultError(VaultError::Code code, const QString &message)
{
    return VaultError{code, message};
}

// "0644" for messages.
QString octalMode(QFileDevice::Permissions p)
{
    int mode = 0;
    const std::pair<QFileDevice::Permission, int> bits[] = {
        {QFileDevice::ReadOwner, 0400}, {QFileDevice::WriteOwner, 0200}, {QFileDevice::ExeOwner, 0100},
        {QFileDevice::ReadGroup, 040},  {QFileDevice::WriteGroup, 020},  {QFileDevice::ExeGroup, 010},
        {QFileDevice::ReadOther, 04},   {QFileDevice::WriteOther, 02},   {QFileDevice::ExeOther, 01},
    };
    for (const auto &[permission, bit] : bits) {
        if (p.testFlag(permission))
            mode |= bit;
    }
    return u"0%1"_s.arg(mode, 3, 8, QChar(u'0'));
}

// Refused when `path` can be read, written or run by anyone but its owner.
std::optional<VaultError> checkPrivate(const QString &path, const QString &what)
{
    const QFileDevice::Permissions wide = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                          QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                          QFileDevice::WriteOther | QFileDevice::ExeOther;
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    if (!(permissions & wide))
        return std::nullopt;
    return vaultError(VaultError::Code::Refused,
                      u"The %1 %2 has mode %3, so others may read it; Kiln uses it only when no one but "
                      "its owner can (run chmod 600 %2)."_s.arg(what, path, octalMode(permissions)));
}

// Creates the folder of `path` (the last level 0700) when it is missing.
std::optional<VaultError> ensureFolder(const QString &path)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (QFileInfo::exists(folder))
        return std::nullopt;
    const QString parent = QFileInfo(folder).absolutePath();
    if (QDir().mkpath(parent) &&
        QDir().mkdir(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return std::nullopt;
    return vaultError(VaultError::Code::Io, u"Could not create the folder %1."_s.arg(folder));
}

// Writes `bytes` to `path` atomically with mode 0600 from the first byte on.
std::optional<VaultError> writePrivateFile(const QString &path, const QByteArray &bytes, const QString &what)
{
    if (auto failed = ensureFolder(path))
        return failed;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return vaultError(VaultError::Code::Io,
                          u"Could not write the %1 %2: %3."_s.arg(what, path, file.errorString()));
    if (::fchmod(file.handle(), S_IRUSR | S_IWUSR) != 0) {
        file.cancelWriting();
        return vaultError(VaultError::Code::Io, u"Could not make the %1 %2 private."_s.arg(what, path));
    }
    if (file.write(bytes) != bytes.size() || !file.commit())
        return vaultError(VaultError::Code::Io,
                          u"Could not write the %1 %2: %3."_s.arg(what, path, file.errorString()));
    return std::nullopt;
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

unsigned char *bytes(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

// nonce | ciphertext | tag, with `aad` (the entry's key) authenticated too.
std::optional<QByteArray> seal(const QByteArray &key, const QByteArray &aad, const QByteArray &plain)
{
    QByteArray nonce(kNonceBytes, '\0');
    if (RAND_bytes(bytes(nonce), kNonceBytes) != 1)
        return std::nullopt;
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    QByteArray cipher(plain.size() + kTagBytes, '\0');
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes(cipher), &length, bytes(plain), int(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), bytes(cipher) + length, &finalLength) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                            bytes(cipher) + length + finalLength) != 1)
        return std::nullopt;
    return nonce + cipher;
}

std::optional<QByteArray> unseal(const QByteArray &key, const QByteArray &aad, const QByteArray &sealed)
{
    if (sealed.size() < kNonceBytes + kTagBytes)
        return std::nullopt;
    const QByteArray nonce = sealed.left(kNonceBytes);
    const QByteArray cipher = sealed.mid(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
    QByteArray tag = sealed.right(kTagBytes);
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    QByteArray plain(cipher.size() + kTagBytes, '\0');
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes(plain), &length, bytes(cipher), int(cipher.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes(tag)) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + length, &finalLength) != 1) {
        OPENSSL_cleanse(bytes(plain), std::size_t(plain.size()));
        return std::nullopt;
    }
    plain.truncate(length + finalLength);
    return plain;
}

// The encrypted file: all entries in one JSON document, each value sealed on its own.
class SecretFile
{
public:
    SecretFile(QString keyFile, QString dataFile)
        : m_keyFile(std::move(keyFile))
        , m_dataFile(std::move(dataFile))
    {}

    Result<QByteArray, VaultError> read(const QString &name) const
    {
        auto entries = loadEntries();
        if (!entries.ok())
            return entries.error();
        const auto found = entries.value().constFind(name);
        if (found == entries.value().cend())
            return notFound(name);
        auto key = loadKey(false);
        if (!key.ok())
            return key.error();
        auto plain = unseal(key.value(), name.toUtf8(), found.value());
        if (!plain)
            return vaultError(VaultError::Code::Corrupt,
                              u"The secret %1 in %2 cannot be decrypted with the key in %3 (the file was "
                              "changed or the key is not the one it was written with)."_s.arg(
                                  quoted(name), m_dataFile, m_keyFile));
        return *std::move(plain);
    }

    Result<Done, VaultError> write(const QString &name, const QByteArray &value) const
    {
        auto entries = loadEntries();
        if (!entries.ok())
            return entries.error();
        auto key = loadKey(entries.value().isEmpty());
        if (!key.ok())
            return key.error();
        auto sealed = seal(key.value(), name.toUtf8(), value);
        if (!sealed)
            return vaultError(VaultError::Code::Io, u"Could not encrypt the secret %1."_s.arg(quoted(name)));
        entries.value().insert(name, *sealed);
        return save(entries.value());
    }

    Result<Done, VaultError> remove(const QString &name) const
    {
        auto entries = loadEntries();
        if (!entries.ok())
            return entries.error();
        if (entries.value().remove(name) == 0)
            return Done{};
        return save(entries.value());
    }

    // Serialises the processes that share the file (kiln and kilnctl).
    std::optional<VaultError> lock(QLockFile &lockFile) const
    {
        if (auto failed = ensureFolder(m_dataFile))
            return failed;
        lockFile.setStaleLockTime(30000);
        if (lockFile.tryLock(kLockTimeoutMs))
            return std::nullopt;
        return vaultError(
            VaultError::Code::Io,
            u"Another program has held the secrets file %1 for more than %2 seconds."_s.arg(m_dataFile)
                .arg(kLockTimeoutMs / 1000));
    }

private:
    VaultError notFound(const QString &name) const
    {
        return vaultError(VaultError::Code::NotFound,
                          u"No secret is stored under %1 in %2."_s.arg(quoted(name), m_dataFile));
    }

    Result<QByteArray, VaultError> loadKey(bool create) const
    {
        if (!QFileInfo::exists(m_keyFile)) {
            if (!create)
                return vaultError(VaultError::Code::Refused,
                                  u"The secrets key file %1 is missing, so the secrets in %2 cannot be "
                                  "decrypted."_s.arg(m_keyFile, m_dataFile));
            QByteArray key(kKeyBytes, '\0');
            if (RAND_bytes(bytes(key), kKeyBytes) != 1)
                return vaultError(VaultError::Code::Io, u"Could not make a random secrets key."_s);
            if (auto failed = writePrivateFile(m_keyFile, key, u"secrets key file"_s))
                return *failed;
            return key;
        }
        if (auto refused = checkPrivate(m_keyFile, u"secrets key file"_s))
            return *refused;
        QFile file(m_keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return vaultError(VaultError::Code::Io, u"Could not read the secrets key file %1: %2."_s.arg(
                                                        m_keyFile, file.errorString()));
        QByteArray key = file.readAll();
        if (key.size() != kKeyBytes)
            return vaultError(VaultError::Code::Corrupt,
                              u"The secrets key file %1 does not hold a 32-byte key."_s.arg(m_keyFile));
        return key;
    }

    Result<QMap<QString, QByteArray>, VaultError> loadEntries() const
    {
        QMap<QString, QByteArray> entries;
        if (!QFileInfo::exists(m_dataFile))
            return entries;
        if (auto refused = checkPrivate(m_dataFile, u"secrets file"_s))
            return *refused;
        QFile file(m_dataFile);
        if (!file.open(QIODevice::ReadOnly))
            return vaultError(VaultError::Code::Io, u"Could not read the secrets file %1: %2."_s.arg(
                                                        m_dataFile, file.errorString()));
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        const QJsonObject root = document.object();
        if (parseError.error != QJsonParseError::NoError || root.value(u"format"_s).toString() != kFormat ||
            root.value(u"version"_s).toInt() != 1)
            return vaultError(VaultError::Code::Corrupt,
                              u"The secrets file %1 is not a version 1 Kiln secrets file."_s.arg(m_dataFile));
        const QJsonObject stored = root.value(u"entries"_s).toObject();
        for (auto it = stored.begin(); it != stored.end(); ++it)
            entries.insert(it.key(), QByteArray::fromBase64(it.value().toString().toLatin1()));
        return entries;
    }

    Result<Done, VaultError> save(const QMap<QString, QByteArray> &entries) const
    {
        QJsonObject stored;
        for (auto it = entries.begin(); it != entries.end(); ++it)
            stored.insert(it.key(), QString::fromLatin1(it.value().toBase64()));
        const QJsonObject root{{u"format"_s, kFormat}, {u"version"_s, 1}, {u"entries"_s, stored}};
        if (auto failed = writePrivateFile(m_dataFile, QJsonDocument(root).toJson(), u"secrets file"_s))
            return *failed;
        return Done{};
    }

    QString m_keyFile;
    QString m_dataFile;
};

bool sessionBusConfigured()
{
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFileInfo::exists(runtime + u"/bus"_s);
}

VaultError keychainError(const QKeychain::Job &job, const QString &action, const QString &key)
{
    if (job.error() == QKeychain::EntryNotFound)
        return vaultError(VaultError::Code::NotFound,
                          u"No secret is stored in the keychain under %1."_s.arg(quoted(key)));
    return vaultError(VaultError::Code::Unavailable, u"The keychain could not %1 the secret %2: %3."_s.arg(
                                                         action, quoted(key), job.errorString()));
}

// QtKeychain queues every job of the process on one JobExecutor object, created
// on the thread of the first job and never moved; a job living on another thread
// makes it touch a deleted job. So the keychain jobs of every vault run on one
// thread, made on first use and stopped at exit. It holds no state of its own.
class KeychainThread
{
public:
    static QObject *context()
    {
        static KeychainThread instance;
        return instance.m_context;
    }

private:
    KeychainThread()
        : m_context(new QObject)
    {
        m_context->moveToThread(&m_thread);
        m_thread.setObjectName(u"Keychain"_s);
        m_thread.start();
    }
    ~KeychainThread()
    {
        m_thread.quit();
        m_thread.wait();
        delete m_context; // its thread has ended
    }

    QThread m_thread;
    QObject *m_context;
};

// Creates a `Job` on the keychain thread, lets `setup` fill it in, starts it and
// hands it to `done` there when it finishes. Captures nothing of a vault.
template <typename Job, typename Setup, typename Finished>
void runKeychainJob(const QString &service, Setup setup, Finished done)
{
    QMetaObject::invokeMethod(
        KeychainThread::context(),
        [service, setup = std::move(setup), done = std::move(done)] {
            auto *job = new Job(service);
            job->setAutoDelete(true);
            setup(*job);
            QObject::connect(job, &QKeychain::Job::finished, KeychainThread::context(),
                             [done](QKeychain::Job *finished) { done(*static_cast<Job *>(finished)); });
            job->start();
        },
        Qt::QueuedConnection);
}

} // namespace

Result<SecretVaultOptions, QString> SecretVaultOptions::fromEnvironment()
{
    SecretVaultOptions options;
    const QString backend = qEnvironmentVariable("KILN_SECRET_BACKEND");
    if (backend == u"file")
        options.backend = SecretBackend::File;
    else if (backend == u"keychain")
        options.backend = SecretBackend::Keychain;
    else if (!backend.isEmpty() && backend != u"auto")
        return QStringLiteral("KILN_SECRET_BACKEND must be auto, keychain or file, not '%1'").arg(backend);
    const QString dir = qEnvironmentVariable("KILN_SECRET_DIR");
    if (!dir.isEmpty()) {
        options.keyFile = QDir(dir).filePath(QStringLiteral("secret.key"));
        options.dataFile = QDir(dir).filePath(QStringLiteral("secrets.enc"));
    }
    return options;
}

struct SecretVault::Private
{
    SecretVaultOptions options;
    SecretFile file;
    QThread thread;
    QObject *context = nullptr; // lives on `thread`; everything below it is used only there
    QPromise<SecretBackend> backendPromise;
    QFuture<SecretBackend> backendFuture;
    std::optional<SecretBackend> resolved;
    QList<std::function<void()>> pending;

    explicit Private(SecretVaultOptions o)
        : options(std::move(o))
        , file(options.keyFile, options.dataFile)
    {}

    template <typename F>
    void post(F function)
    {
        QMetaObject::invokeMethod(context, std::move(function), Qt::QueuedConnection);
    }

    // Runs `function` on the vault's thread once the backend is known.
    template <typename F>
    void whenResolved(F function)
    {
        post([this, function = std::move(function)]() mutable {
            if (resolved)
                function();
            else
                pending.append(std::move(function));
        });
    }

    void resolve(SecretBackend backend)
    {
        if (resolved)
            return;
        resolved = backend;
        fulfil(backendPromise, backend);
        const auto waiting = std::exchange(pending, {});
        for (const auto &function : waiting)
            function();
    }

    void probe()
    {
        if (options.backend != SecretBackend::Auto) {
            resolve(options.backend);
            return;
        }
        if (!sessionBusConfigured()) {
            resolve(SecretBackend::File);
            return;
        }
        auto answered = startedPromise<bool>();
        runKeychainJob<QKeychain::ReadPasswordJob>(
            options.service, [](QKeychain::ReadPasswordJob &job) { job.setKey(kProbeKey); },
            [answered](QKeychain::ReadPasswordJob &job) {
                fulfil(*answered,
                       job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound);
            });
        answered->future().then(context, [this](bool answers) {
            resolve(answers ? SecretBackend::Keychain : SecretBackend::File);
        });
        QTimer::singleShot(options.probeTimeoutMs, context, [this] { resolve(SecretBackend::File); });
    }

    // Runs a file operation under the cross-process lock.
    template <typename T, typename F>
    Result<T, VaultError> locked(F operation)
    {
        QLockFile lockFile(options.dataFile + u".lock"_s);
        if (auto failed = file.lock(lockFile))
            return *failed;
        return operation();
    }
};

SecretVault::SecretVault(SecretVaultOptions options)
{
    if (options.keyFile.isEmpty())
        options.keyFile = defaultKeyFilePath();
    if (options.dataFile.isEmpty())
        options.dataFile = defaultDataFilePath();
    options.keyFile = QFileInfo(options.keyFile).absoluteFilePath();
    options.dataFile = QFileInfo(options.dataFile).absoluteFilePath();
    d = std::make_unique<Private>(std::move(options));
    d->backendPromise.start();
    d->backendFuture = d->backendPromise.future();
    d->context = new QObject;
    d->context->moveToThread(&d->thread);
    d->thread.setObjectName(u"SecretVault"_s);
    d->thread.start();
    d->post([p = d.get()] { p->probe(); });
}

SecretVault::~SecretVault()
{
    // File operations still queued are dropped with the context (their futures are
    // cancelled); keychain jobs finish on the keychain thread and fulfil theirs.
    QMetaObject::invokeMethod(
        d->context, [p = d.get()] { delete p->context; }, Qt::BlockingQueuedConnection);
    d->context = nullptr;
    d->thread.quit();
    d->thread.wait();
}

QString SecretVault::defaultKeyFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/kiln/secret.key"_s;
}

QString SecretVault::defaultDataFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/kiln/secrets.enc"_s;
}

QFuture<SecretBackend> SecretVault::backend() const
{
    return d->backendFuture;
}

bool SecretVault::usingFallback() const
{
    QFuture<SecretBackend> future = d->backendFuture;
    future.waitForFinished();
    return future.result() == SecretBackend::File;
}

QString SecretVault::fallbackWarning() const
{
    if (!usingFallback())
        return {};
    if (d->options.backend == SecretBackend::File)
        return QCoreApplication::translate("Kiln::SecretVault",
                                           "Secrets are kept in the encrypted file %1 (key in %2), as asked, "
                                           "not in the OS keychain.")
            .arg(d->options.dataFile, d->options.keyFile);
    return QCoreApplication::translate("Kiln::SecretVault",
                                       "Secrets are kept in the encrypted file %1 (key in %2) because no "
                                       "keychain service (Secret Service or KWallet) is running.")
        .arg(d->options.dataFile, d->options.keyFile);
}

QString SecretVault::keyFilePath() const
{
    return d->options.keyFile;
}

QString SecretVault::dataFilePath() const
{
    return d->options.dataFile;
}

QFuture<Result<QByteArray, VaultError>> SecretVault::read(const QString &key)
{
    using R = Result<QByteArray, VaultError>;
    auto promise = startedPromise<R>();
    d->whenResolved([p = d.get(), promise, key] {
        if (*p->resolved == SecretBackend::File) {
            fulfil(*promise, p->locked<QByteArray>([&] { return p->file.read(key); }));
            return;
        }
        runKeychainJob<QKeychain::ReadPasswordJob>(
            p->options.service, [key](QKeychain::ReadPasswordJob &job) { job.setKey(key); },
            [promise, key](QKeychain::ReadPasswordJob &job) {
                if (job.error() != QKeychain::NoError)
                    fulfil(*promise, R(keychainError(job, u"read"_s, key)));
                else
                    fulfil(*promise, R(job.binaryData()));
            });
    });
    return promise->future();
}

QFuture<Result<Done, VaultError>> SecretVault::write(const QString &key, const QByteArray &value)
{
    using R = Result<Done, VaultError>;
    auto promise = startedPromise<R>();
    d->whenResolved([p = d.get(), promise, key, value] {
        if (*p->resolved == SecretBackend::File) {
            fulfil(*promise, p->locked<Done>([&] { return p->file.write(key, value); }));
            return;
        }
        runKeychainJob<QKeychain::WritePasswordJob>(
            p->options.service,
            [key, value](QKeychain::WritePasswordJob &job) {
                job.setKey(key);
                job.setBinaryData(value);
            },
            [promise, key](QKeychain::WritePasswordJob &job) {
                if (job.error() != QKeychain::NoError)
                    fulfil(*promise, R(keychainError(job, u"store"_s, key)));
                else
                    fulfil(*promise, R(Done{}));
            });
    });
    return promise->future();
}

QFuture<Result<Done, VaultError>> SecretVault::remove(const QString &key)
{
    using R = Result<Done, VaultError>;
    auto promise = startedPromise<R>();
    d->whenResolved([p = d.get(), promise, key] {
        if (*p->resolved == SecretBackend::File) {
            fulfil(*promise, p->locked<Done>([&] { return p->file.remove(key); }));
            return;
        }
        runKeychainJob<QKeychain::DeletePasswordJob>(
            p->options.service, [key](QKeychain::DeletePasswordJob &job) { job.setKey(key); },
            [promise, key](QKeychain::DeletePasswordJob &job) {
                if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
                    fulfil(*promise, R(keychainError(job, u"remove"_s, key)));
                else
                    fulfil(*promise, R(Done{}));
            });
    });
    return promise->future();
}

} // namespace Kiln
