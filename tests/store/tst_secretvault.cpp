#include "store/secretvault.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QtConcurrent>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

template <typename T>
T wait(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString mode(const QString &path)
{
    return u"%1"_s.arg(int(QFileInfo(path).permissions() & 0x0777), 3, 16, QChar(u'0'));
}

// A private D-Bus session bus with an unlocked GNOME Keyring (a real Secret
// Service) on it, for the keychain backend. The keyring stops with this object,
// the bus once the test process has exited.
class SecretServiceSession
{
public:
    ~SecretServiceSession()
    {
        if (m_keyring.state() != QProcess::NotRunning) {
            m_keyring.terminate();
            if (!m_keyring.waitForFinished(5000))
                m_keyring.kill();
            m_keyring.waitForFinished(2000);
        }
    }

    bool start(QString *error)
    {
        if (!m_dir.isValid())
            return fail(error, u"no temporary directory"_s);
        const QString config = m_dir.filePath(u"bus.conf"_s);
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return fail(error, u"cannot write "_s + config);
        // No <servicedir>: nothing is activated behind the test's back.
        file.write(u"<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                   "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                   "<busconfig><type>session</type><listen>unix:path=%1</listen>"
                   "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                   "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n"_s
                       .arg(m_dir.filePath(u"bus"_s))
                       .toUtf8());
        file.close();
        m_address = u"unix:path="_s + m_dir.filePath(u"bus"_s);

        // The bus outlives this process: GLib's session connection raises SIGTERM
        // in its owner when the bus goes away. A watchdog stops it after we exit.
        const bool started = QProcess::startDetached(
            u"sh"_s, {u"-c"_s,
                      u"dbus-daemon --config-file=\"$1\" --nofork --nopidfile & bus=$!; "
                      "while kill -0 \"$2\" 2>/dev/null; do sleep 0.5; done; kill $bus"_s,
                      u"sh"_s, config, QString::number(QCoreApplication::applicationPid())});
        if (!started)
            return fail(error, u"dbus-daemon does not start"_s);
        for (int i = 0; i < 100 && !QFileInfo::exists(m_dir.filePath(u"bus"_s)); ++i)
            QThread::msleep(50);

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, m_address);
        env.insert(u"HOME"_s, m_dir.path());
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.path());
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.remove(u"DISPLAY"_s);
        m_keyring.setProcessEnvironment(env);
        m_keyring.setProcessChannelMode(QProcess::MergedChannels);
        m_keyring.start(u"gnome-keyring-daemon"_s,
                        {u"--foreground"_s, u"--unlock"_s, u"--components=secrets"_s});
        if (!m_keyring.waitForStarted(5000))
            return fail(error, u"gnome-keyring-daemon does not start: "_s + m_keyring.errorString());
        // No event loop runs here: flush the password before closing standard input.
        m_keyring.write("test-password");
        m_keyring.waitForBytesWritten(5000);
        m_keyring.closeWriteChannel();

        // Wait until the Secret Service owns its name on the bus.
        for (int i = 0; i < 100; ++i) {
            QProcess ask;
            ask.setProcessEnvironment(env);
            ask.start(u"dbus-send"_s,
                      {u"--bus="_s + m_address, u"--print-reply"_s, u"--dest=org.freedesktop.DBus"_s,
                       u"/org/freedesktop/DBus"_s, u"org.freedesktop.DBus.NameHasOwner"_s,
                       u"string:org.freedesktop.secrets"_s});
            if (ask.waitForFinished(5000) && ask.readAllStandardOutput().contains("boolean true"))
                return true;
            if (m_keyring.state() == QProcess::NotRunning)
                return fail(error,
                            u"gnome-keyring-daemon exited: "_s + QString::fromUtf8(m_keyring.readAll()));
            QThread::msleep(100);
        }
        return fail(error, u"the Secret Service did not appear on the bus"_s);
    }

    QString address() const { return m_address; }
    QString runtimeDir() const { return m_dir.path(); }

private:
    static bool fail(QString *error, const QString &why)
    {
        *error = why;
        return false;
    }

    QTemporaryDir m_dir;
    QString m_address;
    QProcess m_keyring;
};

} // namespace

class TestSecretVault : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_keyFile;
    QString m_dataFile;

    SecretVaultOptions fileOptions() const
    {
        SecretVaultOptions options;
        options.backend = SecretBackend::File;
        options.keyFile = m_keyFile;
        options.dataFile = m_dataFile;
        return options;
    }

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_keyFile = m_dir->filePath(u"config/kiln/secret.key"_s);
        m_dataFile = m_dir->filePath(u"data/kiln/secrets.enc"_s);
    }

    void defaultPaths()
    {
        QCOMPARE(SecretVault::defaultKeyFilePath(),
                 QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
                     u"/kiln/secret.key"_s);
        QCOMPARE(SecretVault::defaultDataFilePath(),
                 QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                     u"/kiln/secrets.enc"_s);
    }

    void optionsFromEnvironment_data()
    {
        QTest::addColumn<QByteArray>("backend");
        QTest::addColumn<QByteArray>("dir");
        QTest::addColumn<int>("expected"); // SecretBackend, or -1: refused
        QTest::addColumn<QString>("dataFile");
        QTest::newRow("unset") << QByteArray() << QByteArray() << int(SecretBackend::Auto) << QString();
        QTest::newRow("auto") << QByteArray("auto") << QByteArray() << int(SecretBackend::Auto) << QString();
        QTest::newRow("keychain") << QByteArray("keychain") << QByteArray() << int(SecretBackend::Keychain)
                                  << QString();
        QTest::newRow("file in a dir") << QByteArray("file") << QByteArray("/srv/kiln/sec")
                                       << int(SecretBackend::File) << u"/srv/kiln/sec/secrets.enc"_s;
        QTest::newRow("typo") << QByteArray("files") << QByteArray() << -1 << QString();
    }

    void optionsFromEnvironment()
    {
        QFETCH(QByteArray, backend);
        QFETCH(QByteArray, dir);
        QFETCH(int, expected);
        QFETCH(QString, dataFile);
        const auto restore = qScopeGuard([] {
            qunsetenv("KILN_SECRET_BACKEND");
            qunsetenv("KILN_SECRET_DIR");
        });
        qputenv("KILN_SECRET_BACKEND", backend);
        qputenv("KILN_SECRET_DIR", dir);
        const auto options = SecretVaultOptions::fromEnvironment();
        if (expected < 0) {
            QVERIFY(!options.ok());
            QVERIFY2(options.error().contains(
                         u"KILN_SECRET_BACKEND must be auto, keychain or file, not 'files'"_s),
                     qPrintable(options.error()));
            return;
        }
        QVERIFY(options.ok());
        QCOMPARE(int(options->backend), expected);
        QCOMPARE(options->dataFile, dataFile);
        QCOMPARE(options->keyFile, dataFile.isEmpty() ? QString() : u"/srv/kiln/sec/secret.key"_s);
    }

    void fileRoundTrip()
    {
        SecretVault vault(fileOptions());
        QVERIFY(vault.usingFallback());
        QCOMPARE(wait(vault.backend()), SecretBackend::File);
        QVERIFY2(vault.fallbackWarning().contains(m_dataFile), qPrintable(vault.fallbackWarning()));
        const QByteArray value = u"hünter2 ✓ with spaces"_s.toUtf8();
        const auto written = wait(vault.write(u"kiln:one"_s, value));
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        const auto read = wait(vault.read(u"kiln:one"_s));
        QVERIFY(read.ok());
        QCOMPARE(read.value(), value);

        // Private from the start: files 0600, the folders Kiln created 0700.
        QCOMPARE(mode(m_keyFile), u"600"_s);
        QCOMPARE(mode(m_dataFile), u"600"_s);
        QCOMPARE(mode(QFileInfo(m_keyFile).absolutePath()), u"700"_s);
        QCOMPARE(mode(QFileInfo(m_dataFile).absolutePath()), u"700"_s);
        QCOMPARE(fileBytes(m_keyFile).size(), 32);

        // Another vault on the same files (kiln and kilnctl) reads it too.
        SecretVault other(fileOptions());
        QCOMPARE(wait(other.read(u"kiln:one"_s)).value(), value);
    }

    void readMissing()
    {
        SecretVault vault(fileOptions());
        auto read = wait(vault.read(u"kiln:none"_s));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, VaultError::Code::NotFound);
        QVERIFY(wait(vault.write(u"kiln:a"_s, "x"_ba)).ok());
        read = wait(vault.read(u"kiln:none"_s));
        QCOMPARE(read.error().code, VaultError::Code::NotFound);
    }

    void valueNeverInPlaintext()
    {
        SecretVault vault(fileOptions());
        const QByteArray value = "correct-horse-battery-staple-4711";
        QVERIFY(wait(vault.write(u"kiln:plain"_s, value)).ok());
        QVERIFY(wait(vault.write(u"kiln:other"_s, value)).ok());
        const QByteArray bytes = fileBytes(m_dataFile);
        QVERIFY(bytes.contains("kiln:plain"));
        QVERIFY(!bytes.contains(value));
        QVERIFY(!bytes.contains(value.toBase64()));
        QVERIFY(!bytes.contains(value.toHex()));
        QVERIFY(!fileBytes(m_keyFile).contains(value));
        // A random nonce per entry: the same value never encrypts the same way twice.
        const QJsonObject entries = QJsonDocument::fromJson(bytes).object().value(u"entries"_s).toObject();
        QCOMPARE(entries.size(), 2);
        QVERIFY(entries.value(u"kiln:plain"_s).toString() != entries.value(u"kiln:other"_s).toString());
    }

    void rotateOverwrites()
    {
        SecretVault vault(fileOptions());
        QVERIFY(wait(vault.write(u"kiln:r"_s, "first-value"_ba)).ok());
        const QByteArray before = fileBytes(m_dataFile);
        QVERIFY(wait(vault.write(u"kiln:r"_s, "second-value"_ba)).ok());
        QCOMPARE(wait(vault.read(u"kiln:r"_s)).value(), "second-value"_ba);
        QVERIFY(fileBytes(m_dataFile) != before);
        const QJsonObject entries =
            QJsonDocument::fromJson(fileBytes(m_dataFile)).object().value(u"entries"_s).toObject();
        QCOMPARE(entries.keys(), QStringList{u"kiln:r"_s});
    }

    void remove()
    {
        SecretVault vault(fileOptions());
        QVERIFY(wait(vault.write(u"kiln:a"_s, "aaa"_ba)).ok());
        QVERIFY(wait(vault.write(u"kiln:b"_s, "bbb"_ba)).ok());
        QVERIFY(wait(vault.remove(u"kiln:a"_s)).ok());
        QCOMPARE(wait(vault.read(u"kiln:a"_s)).error().code, VaultError::Code::NotFound);
        QCOMPARE(wait(vault.read(u"kiln:b"_s)).value(), "bbb"_ba);
        QVERIFY(!fileBytes(m_dataFile).contains("kiln:a"));
        QVERIFY(wait(vault.remove(u"kiln:a"_s)).ok()); // nothing there: still fine
    }

    void refusesWidePermissions_data()
    {
        QTest::addColumn<bool>("keyFile");
        QTest::addColumn<int>("permissions");
        const int owner = int(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QTest::newRow("key 0644") << true << int(owner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        QTest::newRow("key 0660") << true << int(owner | QFileDevice::ReadGroup | QFileDevice::WriteGroup);
        QTest::newRow("key 0604") << true << int(owner | QFileDevice::ReadOther);
        QTest::newRow("data 0640") << false << int(owner | QFileDevice::ReadGroup);
        QTest::newRow("data 0602") << false << int(owner | QFileDevice::WriteOther);
    }

    void refusesWidePermissions()
    {
        QFETCH(bool, keyFile);
        QFETCH(int, permissions);
        SecretVault vault(fileOptions());
        QVERIFY(wait(vault.write(u"kiln:p"_s, "value"_ba)).ok());
        const QString path = keyFile ? m_keyFile : m_dataFile;
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions(permissions)));
        const auto read = wait(vault.read(u"kiln:p"_s));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, VaultError::Code::Refused);
        QVERIFY2(read.error().message.contains(path) && read.error().message.contains(u"chmod 600"_s),
                 qPrintable(read.error().message));
        const auto written = wait(vault.write(u"kiln:q"_s, "other"_ba));
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, VaultError::Code::Refused);
        // Narrowed again, it works.
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QCOMPARE(wait(vault.read(u"kiln:p"_s)).value(), "value"_ba);
    }

    void tamperingIsDetected()
    {
        SecretVault vault(fileOptions());
        QVERIFY(wait(vault.write(u"kiln:a"_s, "alpha"_ba)).ok());
        QVERIFY(wait(vault.write(u"kiln:b"_s, "bravo"_ba)).ok());
        QJsonObject root = QJsonDocument::fromJson(fileBytes(m_dataFile)).object();
        QJsonObject entries = root.value(u"entries"_s).toObject();
        // An entry moved to another key fails: the key is authenticated with it.
        entries.insert(u"kiln:a"_s, entries.value(u"kiln:b"_s));
        // A flipped bit fails.
        QByteArray sealed = QByteArray::fromBase64(entries.value(u"kiln:b"_s).toString().toLatin1());
        sealed[sealed.size() / 2] = char(sealed.at(sealed.size() / 2) ^ 1);
        entries.insert(u"kiln:b"_s, QString::fromLatin1(sealed.toBase64()));
        root.insert(u"entries"_s, entries);
        QFile file(m_dataFile);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(root).toJson());
        file.close();
        QCOMPARE(wait(vault.read(u"kiln:a"_s)).error().code, VaultError::Code::Corrupt);
        QCOMPARE(wait(vault.read(u"kiln:b"_s)).error().code, VaultError::Code::Corrupt);
    }

    void wrongOrMissingKey()
    {
        SecretVault vault(fileOptions());
        QVERIFY(wait(vault.write(u"kiln:a"_s, "alpha"_ba)).ok());
        QFile key(m_keyFile);
        QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
        key.write(QByteArray(32, 'k'));
        key.close();
        QCOMPARE(wait(vault.read(u"kiln:a"_s)).error().code, VaultError::Code::Corrupt);
        QVERIFY(QFile::remove(m_keyFile));
        auto read = wait(vault.read(u"kiln:a"_s));
        QCOMPARE(read.error().code, VaultError::Code::Refused);
        QVERIFY(read.error().message.contains(m_keyFile));
        // No new key is made while the file holds values encrypted with the lost one.
        QCOMPARE(wait(vault.write(u"kiln:b"_s, "bravo"_ba)).error().code, VaultError::Code::Refused);
        QVERIFY(!QFileInfo::exists(m_keyFile));
    }

    void usableFromManyThreads()
    {
        SecretVault vault(fileOptions());
        QList<int> numbers;
        for (int i = 0; i < 24; ++i)
            numbers.append(i);
        QtConcurrent::blockingMap(numbers, [&vault](int i) {
            const QString key = u"kiln:t%1"_s.arg(i);
            auto written = vault.write(key, QByteArray::number(i * 7));
            written.waitForFinished();
        });
        for (int i = 0; i < 24; ++i)
            QCOMPARE(wait(vault.read(u"kiln:t%1"_s.arg(i))).value(), QByteArray::number(i * 7));
    }

    void continuationOnContext()
    {
        SecretVault vault(fileOptions());
        QVERIFY(wait(vault.write(u"kiln:c"_s, "chained"_ba)).ok());
        QObject context;
        QByteArray seen;
        QThread *thread = nullptr;
        vault.read(u"kiln:c"_s).then(&context, [&](const Result<QByteArray, VaultError> &value) {
            seen = value.ok() ? value.value() : QByteArray();
            thread = QThread::currentThread();
        });
        QTRY_COMPARE(seen, "chained"_ba);
        QCOMPARE(thread, QThread::currentThread());
    }

    void autoFallsBackWithoutSessionBus()
    {
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("XDG_RUNTIME_DIR", m_dir->path().toUtf8());
        SecretVaultOptions options = fileOptions();
        options.backend = SecretBackend::Auto;
        SecretVault vault(options);
        const bool fallback = vault.usingFallback();
        const QString warning = vault.fallbackWarning();
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        qputenv("XDG_RUNTIME_DIR", runtime);
        QVERIFY(fallback);
        QVERIFY2(warning.contains(m_dataFile) && warning.contains(u"no keychain service"_s),
                 qPrintable(warning));
        QVERIFY(wait(vault.write(u"kiln:auto"_s, "value"_ba)).ok());
        QVERIFY(QFileInfo::exists(m_dataFile));
    }

    // Last: it points this process at a private session bus.
    void keychainBackend()
    {
        SecretServiceSession session;
        QString why;
        QVERIFY2(session.start(&why), qPrintable(why));
        qputenv("DBUS_SESSION_BUS_ADDRESS", session.address().toUtf8());
        qputenv("XDG_RUNTIME_DIR", session.runtimeDir().toUtf8());
        qunsetenv("DISPLAY");

        SecretVaultOptions options = fileOptions();
        options.backend = SecretBackend::Auto;
        options.service = u"KilnTest"_s;
        SecretVault vault(options);
        QCOMPARE(wait(vault.backend()), SecretBackend::Keychain);
        QVERIFY(!vault.usingFallback());
        QVERIFY(vault.fallbackWarning().isEmpty());

        const QString key = u"kiln:keychain-test"_s;
        QCOMPARE(wait(vault.read(key)).error().code, VaultError::Code::NotFound);
        const QByteArray value = u"kéychain-välue"_s.toUtf8();
        auto written = wait(vault.write(key, value));
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        QCOMPARE(wait(vault.read(key)).value(), value);
        QVERIFY(wait(vault.write(key, "rotated"_ba)).ok());
        QCOMPARE(wait(vault.read(key)).value(), "rotated"_ba);

        // A second vault (another process would do the same) sees it; the file is untouched.
        SecretVaultOptions forced = options;
        forced.backend = SecretBackend::Keychain;
        SecretVault other(forced);
        QCOMPARE(wait(other.read(key)).value(), "rotated"_ba);
        QVERIFY(!QFileInfo::exists(m_dataFile));
        QVERIFY(!QFileInfo::exists(m_keyFile));

        QVERIFY(wait(vault.remove(key)).ok());
        QCOMPARE(wait(other.read(key)).error().code, VaultError::Code::NotFound);
        QVERIFY(wait(vault.remove(key)).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretVault)
#include "tst_secretvault.moc"
