#include "cataloguefixture.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {
using Run = KilnTest::KilnctlRun;

QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}
} // namespace

// kilnctl secret add/rotate/list/remove against a real catalogue file and the
// encrypted-file vault (KILN_SECRET_BACKEND=file, KILN_SECRET_DIR=<temp>).
class tst_SecretCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::isolateSettings(); }
    void init();
    void cleanup();
    void lifecycle();
    void valueNeverInCatalogueOrOutput();
    void refusals_data();
    void refusals();
    void rowFailureRemovesTheValue();
    void listShowsUsedBy();
    void deleteRefusesSecretsInUse();
    void helpSaysValuesNeverComeFromArguments();
    void badBackendVariable();

private:
    Run kilnctl(QStringList arguments, const QString &input = {}) const
    {
        return KilnTest::runKilnctl(arguments << u"--catalog"_s << m_path, input);
    }
    // `secret add <name>`: a registry credential of user "robot", password "pw".
    Run addCredential(const QString &name) const
    {
        return kilnctl(
            {u"secret"_s, u"add"_s, name, u"--kind"_s, u"registry-credential"_s, u"--username"_s, u"robot"_s},
            u"pw"_s);
    }
    // The registry "harbor" logging in with the secret named `secretName`, written
    // straight to the catalogue (kilnctl registry is not under test here).
    Result<Registry, StoreError> createHarbor(const QString &secretName) const
    {
        const auto catalogue = Catalogue::openSqlite(m_path);
        if (!catalogue)
            return catalogue.error();
        const auto secret = SecretRepository(*catalogue.value()).getByName(secretName);
        if (!secret)
            return secret.error();
        Registry registry;
        registry.name = u"harbor"_s;
        registry.publicUrl = u"https://harbor.example.org"_s;
        registry.imagePrefix = u"harbor.example.org/ml"_s;
        registry.credentialsSecretId = secret->id;
        return RegistryRepository(*catalogue.value()).create(registry);
    }
    SecretVaultOptions vaultOptions() const
    {
        return KilnTest::fileVaultOptions(m_dir->filePath(u"vault"_s));
    }
    Result<QByteArray, VaultError> vaultValue(const QString &name) const
    {
        auto catalogue = Catalogue::openSqlite(m_path);
        if (!catalogue)
            return VaultError{VaultError::Code::Io, catalogue.error().message};
        auto secret = SecretRepository(*catalogue.value()).find(name);
        if (!secret)
            return VaultError{VaultError::Code::NotFound, secret.error().message};
        SecretVault vault(vaultOptions());
        auto read = vault.read(secret->keychainRef);
        read.waitForFinished();
        return read.result();
    }
    // Every byte of the catalogue: the database and its journal files.
    QByteArray catalogueBytes() const
    {
        QByteArray bytes;
        const QDir dir = QFileInfo(m_path).dir();
        for (const QString &name : dir.entryList({u"catalogue.sqlite*"_s}, QDir::Files)) {
            QFile file(dir.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        return bytes;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_SecretCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"catalogue.sqlite"_s);
    qputenv("KILN_SECRET_BACKEND", "file");
    qputenv("KILN_SECRET_DIR", m_dir->filePath(u"vault"_s).toUtf8());
}

void tst_SecretCommand::cleanup()
{
    qunsetenv("KILN_SECRET_BACKEND");
    qunsetenv("KILN_SECRET_DIR");
}

void tst_SecretCommand::lifecycle()
{
    Run run = kilnctl({u"secret"_s, u"add"_s, u"hub"_s, u"--kind"_s, u"registry-credential"_s,
                       u"--username"_s, u"robot"_s, u"--password-stdin"_s},
                      u"first-password\n"_s);
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"created secret hub (registry-credential)\n"_s);
    // The fallback is announced, with the file's place.
    QVERIFY2(run.err.contains(u"encrypted file"_s) &&
                 run.err.contains(m_dir->filePath(u"vault/secrets.enc"_s)),
             qPrintable(run.err));
    QCOMPARE(vaultValue(u"hub"_s).value(), "first-password"_ba); // without the line break

    run = kilnctl({u"secret"_s, u"add"_s, u"pull"_s, u"--kind"_s, u"pull-secret"_s, u"--username"_s, u"bob"_s,
                   u"--json"_s},
                  u"multi word pässword"_s);
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"created"_s);
    QCOMPARE(jsonOf(run).value(u"kind"_s).toString(), u"pull-secret"_s);
    QCOMPARE(vaultValue(u"pull"_s).value(), u"multi word pässword"_s.toUtf8());

    run = kilnctl({u"secret"_s, u"list"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonArray secrets = jsonOf(run).value(u"secrets"_s).toArray();
    QCOMPARE(secrets.size(), 2);
    QCOMPARE(secrets.at(0).toObject().value(u"name"_s).toString(), u"hub"_s);
    QCOMPARE(secrets.at(0).toObject().value(u"username"_s).toString(), u"robot"_s);
    QCOMPARE(secrets.at(0).toObject().value(u"kind"_s).toString(), u"registry-credential"_s);
    QVERIFY(secrets.at(0).toObject().value(u"rotated"_s).isNull());
    QCOMPARE(secrets.at(1).toObject().value(u"name"_s).toString(), u"pull"_s);

    run = kilnctl({u"secret"_s, u"rotate"_s, u"hub"_s, u"--username"_s, u"robot2"_s, u"--password-stdin"_s},
                  u"second-password\r\n"_s);
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"rotated secret hub (registry-credential)\n"_s);
    QCOMPARE(vaultValue(u"hub"_s).value(), "second-password"_ba);

    run = kilnctl({u"secret"_s, u"list"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.startsWith(u"NAME  KIND"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"robot2"_s));
    QVERIFY(!run.out.contains(u"password"_s));

    run = kilnctl({u"secret"_s, u"remove"_s, u"hub"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"removed secret hub (registry-credential)\n"_s);
    run = kilnctl({u"secret"_s, u"list"_s, u"--json"_s});
    QCOMPARE(jsonOf(run).value(u"secrets"_s).toArray().size(), 1);
    // The value is gone from the encrypted file too.
    QFile data(m_dir->filePath(u"vault/secrets.enc"_s));
    QVERIFY(data.open(QIODevice::ReadOnly));
    const QJsonObject entries =
        QJsonDocument::fromJson(data.readAll()).object().value(u"entries"_s).toObject();
    QCOMPARE(entries.size(), 1);
}

void tst_SecretCommand::valueNeverInCatalogueOrOutput()
{
    const QString password = u"Zq7-unmistakable-secret-value-91"_s;
    Run run = kilnctl({u"secret"_s, u"add"_s, u"hub"_s, u"--kind"_s, u"registry-credential"_s,
                       u"--username"_s, u"robot"_s, u"--password-stdin"_s, u"--json"_s},
                      password + u'\n');
    QCOMPARE(run.code, 0);
    QVERIFY(!run.out.contains(password) && !run.err.contains(password));
    run =
        kilnctl({u"secret"_s, u"rotate"_s, u"hub"_s, u"--password-stdin"_s, u"--json"_s}, password + u"-2"_s);
    QCOMPARE(run.code, 0);
    QVERIFY(!run.out.contains(password));
    run = kilnctl({u"secret"_s, u"list"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QVERIFY(!run.out.contains(password));
    QVERIFY(run.out.contains(u"robot"_s)); // the check above looks at real output

    const QByteArray bytes = catalogueBytes();
    QVERIFY(bytes.contains("robot"));
    QVERIFY(!bytes.contains(password.toUtf8()));
    QFile data(m_dir->filePath(u"vault/secrets.enc"_s));
    QVERIFY(data.open(QIODevice::ReadOnly));
    QVERIFY(!data.readAll().contains(password.toUtf8()));
    QCOMPARE(vaultValue(u"hub"_s).value(), (password + u"-2"_s).toUtf8());
}

void tst_SecretCommand::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    const QStringList add{u"secret"_s,     u"add"_s, u"new"_s, u"--kind"_s, u"registry-credential"_s,
                          u"--username"_s, u"u"_s};
    QTest::newRow("empty stdin") << add << QString() << 1 << u"standard input is empty"_s;
    QTest::newRow("only a line break") << add << u"\n"_s << 1 << u"standard input is empty"_s;
    QTest::newRow("two lines") << add << u"one\ntwo\n"_s << 1
                               << u"standard input, column 4: line breaks cannot be part"_s;
    QTest::newRow("password option") << (add + QStringList{u"--password"_s, u"x"_s}) << u"x"_s << 2
                                     << u"Unknown option"_s;
    QTest::newRow("no kind") << QStringList{u"secret"_s, u"add"_s, u"new"_s, u"--username"_s, u"u"_s}
                             << u"x"_s << 2 << u"--kind"_s;
    QTest::newRow("worker token kind")
        << QStringList{u"secret"_s,       u"add"_s,        u"new"_s, u"--kind"_s,
                       u"worker-token"_s, u"--username"_s, u"u"_s}
        << u"x"_s << 2 << u"registry-credential or pull-secret"_s;
    QTest::newRow("no username") << QStringList{u"secret"_s, u"add"_s, u"new"_s, u"--kind"_s,
                                                u"pull-secret"_s}
                                 << u"x"_s << 2 << u"--username"_s;
    QTest::newRow("bad name") << QStringList{u"secret"_s,      u"add"_s,        u"New"_s, u"--kind"_s,
                                             u"pull-secret"_s, u"--username"_s, u"u"_s}
                              << u"x"_s << 1 << u"Secret name, column 1"_s;
    QTest::newRow("taken") << QStringList{u"secret"_s,      u"add"_s,        u"taken"_s, u"--kind"_s,
                                          u"pull-secret"_s, u"--username"_s, u"u"_s}
                           << u"x"_s << 1 << u"already exists"_s;
    QTest::newRow("rotate without flag")
        << QStringList{u"secret"_s, u"rotate"_s, u"taken"_s} << u"x"_s << 2 << u"--password-stdin"_s;
    QTest::newRow("rotate empty") << QStringList{u"secret"_s, u"rotate"_s, u"taken"_s, u"--password-stdin"_s}
                                  << QString() << 1 << u"standard input is empty"_s;
    QTest::newRow("rotate unknown") << QStringList{u"secret"_s, u"rotate"_s, u"nope"_s, u"--password-stdin"_s}
                                    << u"x"_s << 1 << u"no secret"_s;
    QTest::newRow("remove unknown") << QStringList{u"secret"_s, u"remove"_s, u"nope"_s} << QString() << 1
                                    << u"no secret"_s;
    QTest::newRow("kind on list") << QStringList{u"secret"_s, u"list"_s, u"--kind"_s, u"pull-secret"_s}
                                  << QString() << 2 << u"does not apply"_s;
    QTest::newRow("no action") << QStringList{u"secret"_s} << QString() << 2 << u"expected add"_s;
}

void tst_SecretCommand::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, input);
    QFETCH(int, code);
    QFETCH(QString, error);
    QCOMPARE(
        kilnctl({u"secret"_s, u"add"_s, u"taken"_s, u"--kind"_s, u"pull-secret"_s, u"--username"_s, u"u"_s},
                u"taken-value"_s)
            .code,
        0);
    const Run run = kilnctl(arguments, input);
    QCOMPARE(run.code, code);
    QVERIFY2(run.err.contains(error), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    // Nothing else was stored, and the existing value is untouched.
    const auto catalogue = Catalogue::openSqlite(m_path);
    QVERIFY(catalogue.ok());
    QCOMPARE(SecretRepository(*catalogue.value()).list()->size(), 1);
    QCOMPARE(vaultValue(u"taken"_s).value(), "taken-value"_ba);
}

void tst_SecretCommand::rowFailureRemovesTheValue()
{
    // The username is refused by the catalogue after the value was written: it is taken back.
    const Run run = kilnctl({u"secret"_s, u"add"_s, u"hub"_s, u"--kind"_s, u"registry-credential"_s,
                             u"--username"_s, u"a:b"_s, u"--password-stdin"_s},
                            u"value-to-undo"_s);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"username is not valid"_s), qPrintable(run.err));
    QFile data(m_dir->filePath(u"vault/secrets.enc"_s));
    QVERIFY(data.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(data.readAll()).object();
    QCOMPARE(root.value(u"format"_s).toString(), u"kiln-secrets"_s);
    QVERIFY(root.value(u"entries"_s).toObject().isEmpty());
}

// A registry (by id) and a spec (its current revision, by name) use "hub".
void tst_SecretCommand::listShowsUsedBy()
{
    for (const QString &name : {u"hub"_s, u"idle"_s})
        QCOMPARE(addCredential(name).code, 0);
    const auto created = createHarbor(u"hub"_s);
    QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
    {
        const auto catalogue = Catalogue::openSqlite(m_path);
        QVERIFY(catalogue.ok());
        SpecContent content;
        content.contentHash = u"h1"_s;
        content.baseImage = u"docker.io/library/debian:12"_s;
        content.pullSecretRef = u"hub"_s;
        QVERIFY(SpecRepository(*catalogue.value()).create(u"cuda"_s, content).ok());
    }
    Run run = kilnctl({u"secret"_s, u"list"_s});
    QCOMPARE(run.code, 0);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).endsWith(u"ROTATED               USED BY"_s), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(u"hub "_s) && lines.at(1).endsWith(u"  registry harbor, spec cuda"_s),
             qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(u"idle "_s) && lines.at(2).endsWith(u"  -"_s), qPrintable(lines.at(2)));

    run = kilnctl({u"secret"_s, u"list"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonArray secrets = jsonOf(run).value(u"secrets"_s).toArray();
    const QJsonObject used = secrets.at(0).toObject().value(u"usedBy"_s).toObject();
    QCOMPARE(used.value(u"registries"_s).toArray(), QJsonArray{u"harbor"_s});
    QCOMPARE(used.value(u"specs"_s).toArray(), QJsonArray{u"cuda"_s});
    QVERIFY(used.value(u"images"_s).toArray().isEmpty());
    QVERIFY(used.value(u"workers"_s).toArray().isEmpty());
    QVERIFY(
        secrets.at(1).toObject().value(u"usedBy"_s).toObject().value(u"registries"_s).toArray().isEmpty());
}

void tst_SecretCommand::deleteRefusesSecretsInUse()
{
    QCOMPARE(addCredential(u"hub"_s).code, 0);
    const auto created = createHarbor(u"hub"_s);
    QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
    const QString registryId = created->id;
    Run run = kilnctl({u"secret"_s, u"delete"_s, u"hub"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"the secret 'hub' is in use by registry harbor: pass --force"_s),
             qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    QCOMPARE(vaultValue(u"hub"_s).value(), "pw"_ba); // nothing was removed

    run = kilnctl({u"secret"_s, u"list"_s, u"--force"_s});
    QCOMPARE(run.code, 2); // --force belongs to delete only

    run = kilnctl({u"secret"_s, u"delete"_s, u"hub"_s, u"--force"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"deleted secret hub (registry-credential)\n"_s);
    QVERIFY2(run.err.contains(u"the secret 'hub' is no longer used by registry harbor"_s),
             qPrintable(run.err));
    const auto catalogue = Catalogue::openSqlite(m_path);
    QVERIFY(catalogue.ok());
    QVERIFY(SecretRepository(*catalogue.value()).list()->isEmpty());
    const auto registry = RegistryRepository(*catalogue.value()).get(registryId);
    QVERIFY(registry.ok());
    QVERIFY(registry->credentialsSecretId.isEmpty());

    // An unused secret goes without --force, through the old name of the action too.
    QCOMPARE(
        kilnctl({u"secret"_s, u"add"_s, u"idle"_s, u"--kind"_s, u"pull-secret"_s, u"--username"_s, u"u"_s},
                u"pw"_s)
            .code,
        0);
    run = kilnctl({u"secret"_s, u"remove"_s, u"idle"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"removed"_s);
}

void tst_SecretCommand::helpSaysValuesNeverComeFromArguments()
{
    const Run help = KilnTest::runKilnctl({u"secret"_s, u"--help"_s});
    QCOMPARE(help.code, 0);
    QVERIFY2(help.out.contains(u"no option takes it, so it never"_s), qPrintable(help.out));
    QVERIFY(help.out.contains(u"argv"_s));
    QVERIFY(help.out.contains(u"--force"_s));
    QVERIFY(help.out.contains(u"delete NAME|ID"_s));
    // No option of any action accepts a value for the password.
    for (const QString &option : {u"--password"_s, u"--token"_s, u"--value"_s, u"--password-stdin=x"_s}) {
        const Run run = kilnctl({u"secret"_s, u"add"_s, u"x"_s, u"--kind"_s, u"pull-secret"_s,
                                 u"--username"_s, u"u"_s, option, u"leaked"_s},
                                u"pw"_s);
        QCOMPARE(run.code, 2);
    }
}

void tst_SecretCommand::badBackendVariable()
{
    qputenv("KILN_SECRET_BACKEND", "plaintext");
    const Run run = kilnctl(
        {u"secret"_s, u"add"_s, u"hub"_s, u"--kind"_s, u"pull-secret"_s, u"--username"_s, u"u"_s}, u"x"_s);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(u"KILN_SECRET_BACKEND must be auto, keychain or file"_s), qPrintable(run.err));
    const Run help = KilnTest::runKilnctl({u"secret"_s, u"--help"_s});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains(u"KILN_SECRET_BACKEND"_s) && help.out.contains(u"KILN_SECRET_DIR"_s));
}

QTEST_GUILESS_MAIN(tst_SecretCommand)
#include "tst_secretcommand.moc"
