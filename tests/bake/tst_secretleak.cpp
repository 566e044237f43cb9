// kiln-test-properties: LABELS slow TIMEOUT 900
#include "bakefixture.h"
#include "cataloguefixture.h"
#include "registryserver.h"
#include "testsupport.h"

#include "bake/bakeservice.h"
#include "bake/buildqueue.h"
#include "bake/ociclient.h"
#include "bake/recipe.h"
#include "bake/registryhealth.h"
#include "store/catalogue.h"
#include "store/jobrepository.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "store/specrepository.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

// The password of the htpasswd registry: `htpasswd -Bbn kiln kiln-right-password` (cost 4).
const QByteArray kPassword = "kiln-right-password";
const QString kBcrypt = u"$2b$04$2ldOZrXphPZiSEGnVU4gGuaNvJ7mII1dOK.nsjVPlOQoqqhnnOUJO"_s;

// Every message Kiln (and Qt) log while the test runs, from any thread.
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(message);
    }
    if (g_previous)
        g_previous(type, context, message);
}

QByteArray readAllOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The forms a password could leak in: as is, as "user:password" in Base64 (a
// Basic Authorization header or an auth file), and Base64 of the password alone.
QList<QByteArray> leakForms()
{
    return {kPassword, QByteArray("kiln:" + kPassword).toBase64(), kPassword.toBase64()};
}

QString leakIn(const QByteArray &bytes)
{
    for (const QByteArray &form : leakForms()) {
        if (bytes.contains(form))
            return QString::fromLatin1(form);
    }
    return {};
}

} // namespace

// A real registry login flow with a known password, end to end: the password goes
// in through `kilnctl secret add` (standard input), then a build pushes with it to
// an htpasswd docker-registry, a health check and a repository listing log in with
// it, and kilnctl lists and exports what it knows. Afterwards the password (and
// its Base64 forms) must be in none of: the catalogue's SQLite file and its -wal
// and -shm, the job logs, kilnctl's output, and any message logged meanwhile.
class tst_SecretLeak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void passwordLeaksNowhere();

private:
    BuildJob waitFinal(const Catalogue &catalogue, const QString &jobId, int timeoutMs = 300000);

    BakeFixture m_fixture;
};

void tst_SecretLeak::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    if (BaseImage::buildahPath().isEmpty() || RegistryServer::program().isEmpty())
        QFAIL("buildah and docker-registry are needed: run scripts/dev deps");
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
    g_previous = qInstallMessageHandler(capture);
}

void tst_SecretLeak::cleanupTestCase()
{
    qInstallMessageHandler(g_previous);
    m_fixture.cleanup();
}

BuildJob tst_SecretLeak::waitFinal(const Catalogue &catalogue, const QString &jobId, int timeoutMs)
{
    JobRepository jobs(catalogue);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        auto current = jobs.get(jobId);
        if (current.ok() && isFinal(current.value().status))
            return current.value();
        QTest::qWait(100);
    }
    auto current = jobs.get(jobId);
    return current.ok() ? current.value() : BuildJob();
}

void tst_SecretLeak::passwordLeaksNowhere()
{
    RegistryServer guarded;
    guarded.setHtpasswd(u"kiln"_s, kBcrypt);
    QVERIFY2(guarded.start(), qPrintable(guarded.errorString()));

    QTemporaryDir dir;
    const QString cataloguePath = dir.filePath(u"catalogue.sqlite"_s);
    const QString vaultDir = dir.filePath(u"vault"_s);
    qputenv("KILN_SECRET_BACKEND", "file");
    qputenv("KILN_SECRET_DIR", vaultDir.toUtf8());
    QString cliOutput;
    const auto kilnctl = [&](QStringList arguments, const QString &input = {}) {
        const KilnctlRun run = runKilnctl(arguments << u"--catalog"_s << cataloguePath, input);
        cliOutput += run.out + run.err;
        return run;
    };

    // 1. The password enters through standard input only.
    KilnctlRun run = kilnctl({u"secret"_s, u"add"_s, u"pusher"_s, u"--kind"_s, u"registry-credential"_s,
                              u"--username"_s, u"kiln"_s, u"--password-stdin"_s},
                             QString::fromLatin1(kPassword) + u'\n');
    QVERIFY2(run.code == 0, qPrintable(run.err));

    auto opened = Catalogue::openSqlite(cataloguePath);
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    const std::unique_ptr<Catalogue> catalogue = std::move(opened).value();
    const SecretRepository secrets(*catalogue);
    const Secret secret = secrets.getByName(u"pusher"_s).value();
    RegistryRepository registries(*catalogue);
    Registry registry;
    registry.name = u"guarded"_s;
    registry.publicUrl = u"http://"_s + guarded.address();
    registry.imagePrefix = guarded.address() + u"/kiln-built"_s;
    registry.tlsVerify = false;
    registry.authRequired = true;
    registry.pushTarget = true;
    registry.credentialsSecretId = secret.id;
    const auto created = registries.create(registry);
    QVERIFY2(created.ok(), whyNot(created).constData());
    QVERIFY(m_fixture.addBaseRegistry(*catalogue).isEmpty());
    RecipeInput input;
    input.baseImage = m_fixture.baseImage();
    input.apt = {u"curl"_s};
    SpecContent content;
    content.contentHash = revisionHash(input);
    content.baseImage = input.baseImage;
    content.aptPackages = input.apt;
    content.pullSecretRef = u"pusher"_s;
    QVERIFY(SpecRepository(*catalogue).create(u"leak-spec"_s, content).ok());

    SecretVault vault(fileVaultOptions(vaultDir));
    const CredentialLookup lookup = [&secrets, &vault](const QString &ref) {
        return resolveCredential(secrets, vault, ref);
    };

    // 2. A build logs in to pull (the pull secret) and to push.
    {
        BakeService service(*catalogue, m_fixture.options(), lookup);
        service.start();
        auto queued = BuildQueue(*catalogue).enqueueSpec(u"leak-spec"_s, false);
        QVERIFY(queued.ok());
        const BuildJob job = waitFinal(*catalogue, queued.value().job.id);
        QVERIFY2(job.status == JobStatus::Succeeded,
                 qPrintable(job.errorText + u"\n"_s + QString::fromUtf8(readAllOf(job.logPath))));
    }

    // 3. A health check and a listing (as the registry browser does) log in with the same secret.
    OciClient client;
    RegistryHealthChecker checker(&client, lookup);
    auto health = checker.check(created.value());
    QVERIFY(QTest::qWaitFor([&health] { return health.isFinished(); }, 60000));
    QCOMPARE(health.result().status, RegistryHealthStatus::Healthy);
    auto listed = lookup(secret.id);
    QVERIFY(QTest::qWaitFor([&listed] { return listed.isFinished(); }, 60000));
    QVERIFY(listed.result().ok());
    OciEndpoint endpoint = endpointFor(created.value());
    endpoint.basic = std::pair{listed.result().value().username, listed.result().value().password};
    auto repositories = client.repositories(endpoint);
    QVERIFY(QTest::qWaitFor([&repositories] { return repositories.isFinished(); }, 60000));
    QVERIFY(repositories.result().ok());
    QCOMPARE(repositories.result().value(), QStringList{u"kiln-built/leak-spec"_s});
    // A wrong password fails without echoing either password.
    OciEndpoint wrongLogin = endpointFor(created.value());
    wrongLogin.basic = std::pair{u"kiln"_s, u"wrong-"_s + QString::fromLatin1(kPassword)};
    auto wrong = client.ping(wrongLogin);
    QVERIFY(QTest::qWaitFor([&wrong] { return wrong.isFinished(); }, 60000));
    QVERIFY(!wrong.result().ok());
    qWarning("%s", qPrintable(wrong.result().error().message)); // as Kiln would log it

    // 4. kilnctl shows and exports what it knows.
    for (const QStringList &arguments :
         {QStringList{u"secret"_s, u"list"_s}, QStringList{u"secret"_s, u"list"_s, u"--json"_s},
          QStringList{u"registry"_s, u"list"_s, u"--json"_s},
          QStringList{u"registry"_s, u"show"_s, u"guarded"_s}, QStringList{u"registry"_s, u"export"_s},
          QStringList{u"registry"_s, u"check"_s, u"guarded"_s}}) {
        run = kilnctl(arguments);
        QVERIFY2(run.code == 0, qPrintable(arguments.join(u' ') + u": "_s + run.err));
    }
    qunsetenv("KILN_SECRET_BACKEND");
    qunsetenv("KILN_SECRET_DIR");

    // Now look everywhere. Each place is first shown to hold real content.
    QByteArray catalogueBytes;
    const QDir catalogueDir = QFileInfo(cataloguePath).dir();
    const QStringList catalogueFiles = catalogueDir.entryList({u"catalogue.sqlite*"_s}, QDir::Files);
    QVERIFY2(catalogueFiles.contains(u"catalogue.sqlite-wal"_s), qPrintable(catalogueFiles.join(u", "_s)));
    for (const QString &name : catalogueFiles)
        catalogueBytes += readAllOf(catalogueDir.filePath(name));
    QVERIFY(catalogueBytes.contains("pusher") && catalogueBytes.contains("guarded"));
    QVERIFY2(leakIn(catalogueBytes).isEmpty(), qPrintable(leakIn(catalogueBytes)));

    const auto jobs =
        JobRepository(*catalogue).listBySpec(SpecRepository(*catalogue).getByName(u"leak-spec"_s)->id);
    QVERIFY(jobs.ok() && !jobs->isEmpty());
    QByteArray logBytes;
    QDirIterator logs(QFileInfo(jobs->first().logPath).absolutePath(), QDir::Files,
                      QDirIterator::Subdirectories);
    while (logs.hasNext())
        logBytes += readAllOf(logs.next());
    QVERIFY(logBytes.contains("Using the credentials of 'pusher'"));
    QVERIFY2(leakIn(logBytes).isEmpty(), qPrintable(leakIn(logBytes)));

    QVERIFY(cliOutput.contains(u"pusher"_s) && cliOutput.contains(u"guarded"_s));
    QVERIFY2(leakIn(cliOutput.toUtf8()).isEmpty(), qPrintable(cliOutput));

    QMutexLocker lock(&g_logMutex);
    const QByteArray logged = g_log.join(u'\n').toUtf8();
    QVERIFY2(logged.contains("refused the login of user 'kiln'"), logged.constData());
    QVERIFY2(leakIn(logged).isEmpty(), logged.constData());
}

QTEST_MAIN(tst_SecretLeak)
#include "tst_secretleak.moc"
