#include "bake/buildfailure.h"

#include "registryserver.h"
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/prctl.h>

#include <cmath>
#include <csignal>
#include <limits>
#include <memory>

using namespace Kiln;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Kiln::BuildStep)
Q_DECLARE_METATYPE(Kiln::FailureKind)

// The engine lines below marked "captured" were produced on 2026-11-22 by real
// buildah 1.28.2 (vfs storage) against real peers: docker-registry 2.8 (plain
// HTTP; with htpasswd auth and wrong or no credentials), a closed port on
// 127.0.0.1, a 2 MiB tmpfs as storage, small HTTP servers answering 502, 503,
// 504 and 429 or closing the connection mid-answer or never answering the TLS
// handshake; by apt-get 2.6 (Debian 12) and pip 23.2 against an empty simple
// index and a closed port. Lines marked "documented" follow the tools' source
// (conda, mamba, docker) where no such tool was available to run.
namespace {

// docker-registry with htpasswd authentication. KilnTest::RegistryServer::start()
// waits for a 200 on GET /v2/, which a registry with authentication never answers,
// so this one waits for the 401 instead. The server dies with the test process.
class AuthRegistry
{
public:
    ~AuthRegistry()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    bool start(QString *error)
    {
        if (!m_dir.isValid()) {
            *error = m_dir.errorString();
            return false;
        }
        // bcrypt of "kiln-right-password" (cost 4), as `htpasswd -Bbn kiln ...` writes it.
        QFile htpasswd(m_dir.filePath(u"htpasswd"_s));
        if (!htpasswd.open(QIODevice::WriteOnly) ||
            htpasswd.write("kiln:$2b$04$2ldOZrXphPZiSEGnVU4gGuaNvJ7mII1dOK.nsjVPlOQoqqhnnOUJO\n") < 0) {
            *error = htpasswd.errorString();
            return false;
        }
        htpasswd.close();
        m_port = KilnTest::freePort();
        const QString config = u"version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
                               "    rootdirectory: %1\nhttp:\n  addr: %2\n  secret: kiln-test-secret\n"
                               "auth:\n  htpasswd:\n    realm: kiln-test\n    path: %3\n"_s.arg(
                                   m_dir.filePath(u"storage"_s), address(), htpasswd.fileName());
        QFile configFile(m_dir.filePath(u"config.yml"_s));
        if (!configFile.open(QIODevice::WriteOnly) || configFile.write(config.toUtf8()) < 0) {
            *error = configFile.errorString();
            return false;
        }
        configFile.close();
        m_process.setProgram(KilnTest::RegistryServer::program());
        m_process.setArguments({u"serve"_s, configFile.fileName()});
        m_process.setStandardInputFile(QProcess::nullDevice());
        m_process.setStandardOutputFile(m_dir.filePath(u"registry.log"_s));
        m_process.setStandardErrorFile(m_dir.filePath(u"registry.log"_s));
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            *error = m_process.errorString();
            return false;
        }
        const QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            if (KilnTest::RegistryServer::get(address(), u"/v2/"_s, {}, 2000).status == 401)
                return true;
            QTest::qWait(100);
        }
        *error = u"docker-registry with htpasswd did not answer 401 on %1"_s.arg(address());
        return false;
    }

    QString address() const { return u"127.0.0.1:%1"_s.arg(m_port); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
};

} // namespace

class TestBuildFailure : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void classify_data();
    void classify();
    void unknownWithoutSubject();
    void stepNames();
    void retryDelay_data();
    void retryDelay();
    void retryDelayCeilingIsMonotoneAndCapped();
    void retryDelayJitterCoversRange();
    // The same recognitions against what the installed buildah prints today.
    void liveBuildah_data();
    void liveBuildah();

private:
    QString m_buildah;
    std::unique_ptr<KilnTest::RegistryServer> m_plain;
    std::unique_ptr<AuthRegistry> m_auth;
};

void TestBuildFailure::initTestCase()
{
    m_buildah = QStandardPaths::findExecutable(u"buildah"_s);
    if (m_buildah.isEmpty() || KilnTest::RegistryServer::program().isEmpty())
        return; // liveBuildah skips
    m_plain = std::make_unique<KilnTest::RegistryServer>();
    QVERIFY2(m_plain->start(), qPrintable(m_plain->errorString()));
    m_auth = std::make_unique<AuthRegistry>();
    QString error;
    QVERIFY2(m_auth->start(&error), qPrintable(error));
    // The right credentials work, so a refusal below is about the wrong (or missing) ones.
    const auto ok = KilnTest::RegistryServer::get(
        m_auth->address(), u"/v2/"_s,
        {{"Authorization"_ba, QByteArray("Basic "_ba + "kiln:kiln-right-password"_ba.toBase64())}}, 10000);
    QCOMPARE(ok.status, 200);
}

namespace {

const QString kRefused =
    uR"(Error: initializing source docker://127.0.0.1:45999/kiln/base:latest: pinging container registry 127.0.0.1:45999: Get "http://127.0.0.1:45999/v2/": dial tcp 127.0.0.1:45999: connect: connection refused)"_s;
const QString kRefusedWarning =
    uR"(time="2026-11-22T22:47:02Z" level=warning msg="Failed, retrying in 2s ... (1/3). Error: initializing source docker://127.0.0.1:45999/kiln/base:latest: pinging container registry 127.0.0.1:45999: Get \"http://127.0.0.1:45999/v2/\": dial tcp 127.0.0.1:45999: connect: connection refused")"_s;

} // namespace

void TestBuildFailure::classify_data()
{
    QTest::addColumn<BuildStep>("step");
    QTest::addColumn<QStringList>("output");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<bool>("transient");
    QTest::addColumn<QStringList>("messageContains");
    QTest::addColumn<QString>("detail");

    // --- network (captured) ---
    QTest::newRow("pull connection refused")
        << BuildStep::Pull
        << QStringList{u"Trying to pull 127.0.0.1:45999/kiln/base:latest..."_s, kRefusedWarning, kRefused}
        << u"127.0.0.1:45999/kiln/base:latest"_s << 125 << FailureKind::Network << true
        << QStringList{u"127.0.0.1:45999"_s, u"connection was refused"_s, u"Pull"_s} << kRefused;
    const QString e503 =
        u"Error: initializing source docker://127.0.0.1:45611/kiln/base:latest: pinging container registry 127.0.0.1:45611: invalid status code from registry 503 (Service Unavailable)"_s;
    // The first attempt met a closed port, the last one a 503: the last error decides.
    QTest::newRow("pull 503 after refused retry")
        << BuildStep::Pull
        << QStringList{u"Trying to pull 127.0.0.1:45611/kiln/base:latest..."_s,
                       uR"(time="2026-11-22T22:47:36Z" level=warning msg="Failed, retrying in 2s ... (1/3). Error: initializing source docker://127.0.0.1:45611/kiln/base:latest: pinging container registry 127.0.0.1:45611: Get \"http://127.0.0.1:45611/v2/\": dial tcp 127.0.0.1:45611: connect: connection refused")"_s,
                       e503}
        << u"127.0.0.1:45611/kiln/base:latest"_s << 125 << FailureKind::Network << true
        << QStringList{u"127.0.0.1:45611"_s, u"503 Service Unavailable"_s} << e503;
    const QString e502 =
        u"Error: initializing source docker://127.0.0.1:45613/kiln/base:latest: pinging container registry 127.0.0.1:45613: invalid status code from registry 502 (Bad Gateway)"_s;
    QTest::newRow("pull 502") << BuildStep::Pull << QStringList{e502} << u"127.0.0.1:45613/kiln/base:latest"_s
                              << 125 << FailureKind::Network << true
                              << QStringList{u"127.0.0.1:45613"_s, u"502 Bad Gateway"_s} << e502;
    const QString e504 =
        u"Error: initializing source docker://127.0.0.1:45616/kiln/base:latest: pinging container registry 127.0.0.1:45616: invalid status code from registry 504 (Gateway Timeout)"_s;
    QTest::newRow("pull 504") << BuildStep::Pull << QStringList{e504} << u"127.0.0.1:45616/kiln/base:latest"_s
                              << 125 << FailureKind::Network << true << QStringList{u"504 Gateway Timeout"_s}
                              << e504;
    const QString e429 =
        u"Error: initializing source docker://127.0.0.1:45612/kiln/base:latest: pinging container registry 127.0.0.1:45612: too many requests to registry"_s;
    QTest::newRow("pull 429") << BuildStep::Pull << QStringList{e429} << u"127.0.0.1:45612/kiln/base:latest"_s
                              << 125 << FailureKind::Network << true
                              << QStringList{u"127.0.0.1:45612"_s, u"429 Too Many Requests"_s} << e429;
    const QString eEof =
        u"Error: initializing source docker://127.0.0.1:45614/kiln/base:latest: unexpected EOF"_s;
    QTest::newRow("pull unexpected EOF")
        << BuildStep::Pull << QStringList{u"Trying to pull 127.0.0.1:45614/kiln/base:latest..."_s, eEof}
        << u"127.0.0.1:45614/kiln/base:latest"_s << 125 << FailureKind::Network << true
        << QStringList{u"127.0.0.1:45614"_s, u"unexpected EOF"_s} << eEof;
    const QString eHandshake =
        uR"(Error: initializing source docker://127.0.0.1:45615/kiln/base:latest: pinging container registry 127.0.0.1:45615: Get "https://127.0.0.1:45615/v2/": net/http: TLS handshake timeout)"_s;
    QTest::newRow("pull TLS handshake timeout")
        << BuildStep::Pull << QStringList{eHandshake} << u"127.0.0.1:45615/kiln/base:latest"_s << 125
        << FailureKind::Network << true << QStringList{u"TLS handshake timed out"_s} << eHandshake;
    const QString eDns =
        uR"(Error: initializing source docker://kiln-nonexistent.invalid/kiln/base:latest: pinging container registry kiln-nonexistent.invalid: Get "https://kiln-nonexistent.invalid/v2/": dial tcp: lookup kiln-nonexistent.invalid on 10.255.255.53:53: no such host)"_s;
    QTest::newRow("pull no such host is not transient")
        << BuildStep::Pull << QStringList{eDns} << u"kiln-nonexistent.invalid/kiln/base:latest"_s << 125
        << FailureKind::Network << false << QStringList{u"kiln-nonexistent.invalid"_s, u"no such host"_s}
        << eDns;
    const QString ePushRefused =
        uR"(Error: pushing image "localhost/kiln/test:1" to "docker://127.0.0.1:45999/kiln/test:1": trying to reuse blob sha256:d1d3233fdb2530ab4f873d1e5fac769febf9d57584c7613d93dff9082062a680 at destination: pinging container registry 127.0.0.1:45999: Get "http://127.0.0.1:45999/v2/": dial tcp 127.0.0.1:45999: connect: connection refused)"_s;
    QTest::newRow("push connection refused")
        << BuildStep::Push
        << QStringList{u"Getting image source signatures"_s,
                       u"Copying blob sha256:d1d3233fdb2530ab4f873d1e5fac769febf9d57584c7613d93dff9082062a680"_s,
                       ePushRefused}
        << u"docker://127.0.0.1:45999/kiln/test:1"_s << 125 << FailureKind::Network << true
        << QStringList{u"127.0.0.1:45999"_s, u"Push"_s} << ePushRefused;
    const QString eBuildRefused =
        uR"(Error: creating build container: initializing source docker://127.0.0.1:45999/kiln/base:latest: pinging container registry 127.0.0.1:45999: Get "http://127.0.0.1:45999/v2/": dial tcp 127.0.0.1:45999: connect: connection refused)"_s;
    QTest::newRow("build FROM unreachable")
        << BuildStep::Build
        << QStringList{u"STEP 1/1: FROM 127.0.0.1:45999/kiln/base:latest"_s,
                       u"Trying to pull 127.0.0.1:45999/kiln/base:latest..."_s, eBuildRefused}
        << u"cuda"_s << 125 << FailureKind::Network << true << QStringList{u"127.0.0.1:45999"_s}
        << eBuildRefused;
    // documented (Go net errors)
    const QString eReset =
        u"Error: copying blob sha256:aa: reading blob: read tcp 10.0.0.2:51234->10.0.0.9:443: read: connection reset by peer"_s;
    QTest::newRow("connection reset")
        << BuildStep::Pull << QStringList{eReset} << u"quay.io/org/app:1"_s << 125 << FailureKind::Network
        << true << QStringList{u"quay.io"_s, u"connection was reset"_s} << eReset;
    const QString eTimeout = u"Error: dial tcp 10.0.0.9:443: i/o timeout"_s;
    QTest::newRow("i/o timeout") << BuildStep::Push << QStringList{eTimeout} << u"quay.io/org/app:1"_s << 125
                                 << FailureKind::Network << true << QStringList{u"i/o timeout"_s} << eTimeout;
    const QString eRoute = u"Error: dial tcp 10.0.0.9:443: connect: no route to host"_s;
    QTest::newRow("no route to host")
        << BuildStep::Pull << QStringList{eRoute} << u"quay.io/org/app:1"_s << 125 << FailureKind::Network
        << true << QStringList{u"no route"_s} << eRoute;
    const QString eTempDns =
        u"Error: dial tcp: lookup quay.io on 127.0.0.53:53: Temporary failure in name resolution"_s;
    QTest::newRow("temporary DNS failure")
        << BuildStep::Pull << QStringList{eTempDns} << u"quay.io/org/app:1"_s << 125 << FailureKind::Network
        << true << QStringList{u"quay.io"_s, u"could not be resolved"_s} << eTempDns;
    const QString e503Plain = u"Error: received unexpected HTTP status: 503 Service Unavailable"_s;
    QTest::newRow("503 plain") << BuildStep::Push << QStringList{e503Plain} << u"ghcr.io/org/app:1"_s << 125
                               << FailureKind::Network << true
                               << QStringList{u"ghcr.io"_s, u"503 Service Unavailable"_s} << e503Plain;
    const QString e429Plain = u"Error: 429 Too Many Requests"_s;
    QTest::newRow("429 plain") << BuildStep::Pull << QStringList{e429Plain} << u"ubuntu:24.04"_s << 125
                               << FailureKind::Network << true << QStringList{u"docker.io"_s} << e429Plain;

    // --- image not found (captured) ---
    const QString eManifest =
        u"Error: initializing source docker://127.0.0.1:45601/kiln/base:missing: reading manifest missing in 127.0.0.1:45601/kiln/base: manifest unknown: manifest unknown"_s;
    QTest::newRow("pull missing tag")
        << BuildStep::Pull << QStringList{u"Trying to pull 127.0.0.1:45601/kiln/base:missing..."_s, eManifest}
        << u"127.0.0.1:45601/kiln/base:missing"_s << 125 << FailureKind::ImageNotFound << false
        << QStringList{u"'127.0.0.1:45601/kiln/base:missing'"_s, u"'127.0.0.1:45601'"_s} << eManifest;
    const QString eBuildMissing =
        u"Error: creating build container: initializing source docker://127.0.0.1:45601/kiln/nothere:latest: reading manifest latest in 127.0.0.1:45601/kiln/nothere: manifest unknown: manifest unknown"_s;
    QTest::newRow("build FROM missing image")
        << BuildStep::Build
        << QStringList{u"STEP 1/1: FROM 127.0.0.1:45601/kiln/nothere:latest"_s,
                       u"Trying to pull 127.0.0.1:45601/kiln/nothere:latest..."_s, eBuildMissing}
        << u"cuda"_s << 125 << FailureKind::ImageNotFound << false
        << QStringList{u"base image '127.0.0.1:45601/kiln/nothere:latest'"_s} << eBuildMissing;
    const QString ePushLocal =
        uR"(Error: pushing image "localhost/kiln/nope:1" to "docker://127.0.0.1:45601/kiln/nope:1": localhost/kiln/nope:1: image not known)"_s;
    QTest::newRow("push of a missing local image")
        << BuildStep::Push << QStringList{ePushLocal} << u"127.0.0.1:45601/kiln/nope:1"_s << 125
        << FailureKind::ImageNotFound << false << QStringList{u"localhost/kiln/nope:1"_s} << ePushLocal;
    // documented (distribution's NAME_UNKNOWN, docker, containerd)
    const QString eName =
        u"Error: reading manifest 1 in registry.example.org/team/app: name unknown: repository name not known to registry"_s;
    QTest::newRow("name unknown") << BuildStep::Inspect << QStringList{eName}
                                  << u"registry.example.org/team/app:1"_s << 125 << FailureKind::ImageNotFound
                                  << false << QStringList{u"registry.example.org"_s} << eName;
    const QString eDockerManifest =
        u"Error response from daemon: manifest for quay.io/org/app:9 not found: manifest unknown: manifest unknown"_s;
    QTest::newRow("docker manifest not found")
        << BuildStep::Pull << QStringList{eDockerManifest} << u"quay.io/org/app:9"_s << 1
        << FailureKind::ImageNotFound << false << QStringList{u"'quay.io/org/app:9'"_s} << eDockerManifest;
    const QString eRepo = u"failed to resolve reference: repository ghcr.io/org/nope not found"_s;
    QTest::newRow("repository not found")
        << BuildStep::Pull << QStringList{eRepo} << u"ghcr.io/org/nope:1"_s << 1 << FailureKind::ImageNotFound
        << false << QStringList{u"ghcr.io"_s} << eRepo;

    // --- auth (captured) ---
    const QString eAuthPull =
        u"Error: initializing source docker://127.0.0.1:45602/kiln/base:latest: reading manifest latest in 127.0.0.1:45602/kiln/base: unauthorized: authentication required"_s;
    QTest::newRow("pull wrong credentials")
        << BuildStep::Pull << QStringList{u"Trying to pull 127.0.0.1:45602/kiln/base:latest..."_s, eAuthPull}
        << u"127.0.0.1:45602/kiln/base:latest"_s << 125 << FailureKind::AuthFailed << false
        << QStringList{u"registry '127.0.0.1:45602'"_s, u"credentials"_s} << eAuthPull;
    const QString eAuthPush =
        uR"(Error: pushing image "localhost/kiln/test:1" to "docker://127.0.0.1:45602/kiln/test:1": trying to reuse blob sha256:d1d3233fdb2530ab4f873d1e5fac769febf9d57584c7613d93dff9082062a680 at destination: checking whether a blob sha256:d1d3233fdb2530ab4f873d1e5fac769febf9d57584c7613d93dff9082062a680 exists in 127.0.0.1:45602/kiln/test: unauthorized: authentication required)"_s;
    QTest::newRow("push without credentials")
        << BuildStep::Push
        << QStringList{u"Getting image source signatures"_s,
                       u"Copying blob sha256:d1d3233fdb2530ab4f873d1e5fac769febf9d57584c7613d93dff9082062a680"_s,
                       eAuthPush}
        << u"127.0.0.1:45602/kiln/test:1"_s << 125 << FailureKind::AuthFailed << false
        << QStringList{u"127.0.0.1:45602"_s} << eAuthPush;
    QTest::newRow("build FROM with wrong credentials")
        << BuildStep::Build << QStringList{u"Error: creating build container: "_s + eAuthPull.mid(7)}
        << u"cuda"_s << 125 << FailureKind::AuthFailed << false << QStringList{u"127.0.0.1:45602"_s}
        << u"Error: creating build container: "_s + eAuthPull.mid(7);
    // documented (Docker Hub, docker)
    const QString eDenied =
        u"Error: initializing source docker://org/private:1: reading manifest 1 in docker.io/org/private: requested access to the resource is denied"_s;
    QTest::newRow("access denied") << BuildStep::Pull << QStringList{eDenied} << u"org/private:1"_s << 125
                                   << FailureKind::AuthFailed << false
                                   << QStringList{u"registry 'docker.io'"_s, u"does not exist"_s} << eDenied;
    const QString e401 =
        u"Error response from daemon: Head \"https://ghcr.io/v2/org/app/manifests/1\": 401 Unauthorized"_s;
    QTest::newRow("401") << BuildStep::Pull << QStringList{e401} << u"ghcr.io/org/app:1"_s << 1
                         << FailureKind::AuthFailed << false << QStringList{u"ghcr.io"_s} << e401;
    const QString eAuthOnly = u"Error: authentication required"_s;
    QTest::newRow("authentication required")
        << BuildStep::Push << QStringList{eAuthOnly} << u"localhost:5000/a/b:1"_s << 125
        << FailureKind::AuthFailed << false << QStringList{u"localhost:5000"_s} << eAuthOnly;

    // --- TLS (captured) ---
    const QString eHttpPull =
        uR"(Error: initializing source docker://127.0.0.1:45601/kiln/base:latest: pinging container registry 127.0.0.1:45601: Get "https://127.0.0.1:45601/v2/": http: server gave HTTP response to HTTPS client)"_s;
    QTest::newRow("pull plain HTTP registry")
        << BuildStep::Pull << QStringList{eHttpPull} << u"127.0.0.1:45601/kiln/base:latest"_s << 125
        << FailureKind::TlsMismatch << false
        << QStringList{u"127.0.0.1:45601"_s, u"plain HTTP"_s, u"insecure (TLS verify off)"_s} << eHttpPull;
    const QString eHttpPush =
        uR"(Error: pushing image "localhost/kiln/test:1" to "docker://127.0.0.1:45601/kiln/test:1": trying to reuse blob sha256:d1d3233fdb2530ab4f873d1e5fac769febf9d57584c7613d93dff9082062a680 at destination: pinging container registry 127.0.0.1:45601: Get "https://127.0.0.1:45601/v2/": http: server gave HTTP response to HTTPS client)"_s;
    QTest::newRow("push plain HTTP registry")
        << BuildStep::Push << QStringList{u"Getting image source signatures"_s, eHttpPush}
        << u"127.0.0.1:45601/kiln/test:1"_s << 125 << FailureKind::TlsMismatch << false
        << QStringList{u"127.0.0.1:45601"_s, u"plain HTTP"_s} << eHttpPush;
    // documented (Go crypto/x509)
    const QString eX509 =
        uR"(Error: pinging container registry reg.lan: Get "https://reg.lan/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority)"_s;
    QTest::newRow("untrusted certificate")
        << BuildStep::Pull << QStringList{eX509} << u"reg.lan/a:1"_s << 125 << FailureKind::TlsMismatch
        << false << QStringList{u"reg.lan"_s, u"not trusted"_s} << eX509;

    // --- disk full (captured) ---
    const QString eDisk =
        uR"(Error: writing blob: adding layer with blob "sha256:354670a8710cbfabe33382a3af121fe096798070abbcc7c0f526f3d1c947adaf": ApplyLayer stdout:  stderr: write /big.bin: no space left on device exit status 1)"_s;
    QTest::newRow("pull onto a full disk")
        << BuildStep::Pull
        << QStringList{u"Trying to pull 127.0.0.1:45601/kiln/test:1..."_s,
                       u"Getting image source signatures"_s,
                       u"Copying blob sha256:354670a8710cbfabe33382a3af121fe096798070abbcc7c0f526f3d1c947adaf"_s,
                       uR"(time="2026-11-22T22:47:29Z" level=error msg="While applying layer: ApplyLayer stdout:  stderr: write /big.bin: no space left on device exit status 1")"_s,
                       eDisk}
        << u"127.0.0.1:45601/kiln/test:1"_s << 1 << FailureKind::DiskFull << false
        << QStringList{u"disk is full"_s} << eDisk;
    // Disk full wins over anything else, wherever it is.
    const QString eDiskEarly = u"tar: ./usr/lib/libfoo.so: Cannot write: No space left on device"_s;
    QTest::newRow("disk full before another error")
        << BuildStep::Build << QStringList{eDiskEarly, u"E: Unable to locate package foo"_s, kRefused}
        << u"cuda"_s << 1 << FailureKind::DiskFull << false << QStringList{u"Build"_s} << eDiskEarly;

    // --- packages (captured: apt-get 2.6, pip 23.2) ---
    const QString aptLocate = u"E: Unable to locate package kiln-nonexistent-pkg"_s;
    QTest::newRow("apt unable to locate")
        << BuildStep::Build
        << QStringList{u"Reading package lists..."_s, u"Building dependency tree..."_s,
                       u"Reading state information..."_s, aptLocate,
                       uR"(Error: building at STEP "RUN apt-get install -y kiln-nonexistent-pkg": while running runtime: exit status 100)"_s}
        << u"cuda"_s << 100 << FailureKind::PackageNotFound << false
        << QStringList{u"The APT package 'kiln-nonexistent-pkg' was not found: "_s + aptLocate} << aptLocate;
    const QString aptCandidate = u"E: Package 'mail-transport-agent' has no installation candidate"_s;
    QTest::newRow("apt no installation candidate")
        << BuildStep::Build << QStringList{u"  esmtp-run 1.2-18"_s, u"  dma 0.13-1+b1"_s, u""_s, aptCandidate}
        << u"cuda"_s << 100 << FailureKind::PackageNotFound << false
        << QStringList{u"'mail-transport-agent'"_s, aptCandidate} << aptCandidate;
    const QString aptVersion = u"E: Version '0.0.1' for 'bash' was not found"_s;
    QTest::newRow("apt version not found")
        << BuildStep::Build << QStringList{u"  bash-doc"_s, u""_s, aptVersion} << u"cuda"_s << 100
        << FailureKind::PackageNotFound << false << QStringList{u"'0.0.1'"_s, u"'bash'"_s, aptVersion}
        << aptVersion;
    const QString aptFetch =
        u"W: Failed to fetch http://127.0.0.1:45999/debian/dists/bookworm/InRelease  Could not connect to 127.0.0.1:45999 (127.0.0.1). - connect (111: Connection refused)"_s;
    QTest::newRow("apt package missing because the mirror is down")
        << BuildStep::Build
        << QStringList{u"Err:1 http://127.0.0.1:45999/debian bookworm InRelease"_s,
                       u"  Could not connect to 127.0.0.1:45999 (127.0.0.1). - connect (111: Connection refused)"_s,
                       u"Reading package lists..."_s,
                       aptFetch,
                       u"W: Some index files failed to download. They have been ignored, or old ones used instead."_s,
                       u"Reading state information..."_s,
                       aptLocate}
        << u"cuda"_s << 100 << FailureKind::Network << true
        << QStringList{u"APT"_s, u"connection was refused"_s, u"'kiln-nonexistent-pkg'"_s}
        << aptFetch + u'\n' + aptLocate;
    const QString aptResolve =
        u"W: Failed to fetch http://kiln-nonexistent.invalid/debian/dists/bookworm/InRelease  Could not resolve 'kiln-nonexistent.invalid'"_s;
    QTest::newRow("apt package missing because DNS failed")
        << BuildStep::Build << QStringList{aptResolve, u"Reading state information..."_s, aptLocate}
        << u"cuda"_s << 100 << FailureKind::Network << true << QStringList{u"could not be resolved"_s}
        << aptResolve + u'\n' + aptLocate;
    const QString pipVersion =
        u"ERROR: Could not find a version that satisfies the requirement kiln-nonexistent-pkg==1.0 (from versions: none)"_s;
    const QString pipNoDist = u"ERROR: No matching distribution found for kiln-nonexistent-pkg==1.0"_s;
    QTest::newRow("pip not found")
        << BuildStep::Build
        << QStringList{u"Looking in indexes: http://127.0.0.1:45620/simple"_s, pipVersion, pipNoDist,
                       uR"(Error: building at STEP "RUN pip install kiln-nonexistent-pkg==1.0": while running runtime: exit status 1)"_s}
        << u"torch-spec"_s << 1 << FailureKind::PackageNotFound << false
        << QStringList{u"The pip package 'kiln-nonexistent-pkg==1.0' was not found: "_s + pipNoDist}
        << pipVersion + u'\n' + pipNoDist;
    QTest::newRow("pip could not find a version only")
        << BuildStep::Build << QStringList{pipVersion} << u"torch-spec"_s << 1 << FailureKind::PackageNotFound
        << false << QStringList{u"'kiln-nonexistent-pkg==1.0'"_s} << pipVersion;
    const QString pipWarn =
        u"WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7f1ab798e410>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/requests/"_s;
    const QString pipVersion2 =
        u"ERROR: Could not find a version that satisfies the requirement requests (from versions: none)"_s;
    const QString pipNoDist2 = u"ERROR: No matching distribution found for requests"_s;
    QTest::newRow("pip index unreachable")
        << BuildStep::Build
        << QStringList{u"Looking in indexes: http://127.0.0.1:45999/simple"_s, pipWarn, pipVersion2,
                       pipNoDist2}
        << u"torch-spec"_s << 1 << FailureKind::Network << true
        << QStringList{u"pip"_s, u"connection was refused"_s, u"'requests'"_s}
        << pipWarn + u'\n' + pipVersion2 + u'\n' + pipNoDist2;
    // documented (conda 23, mamba 1.x, libmamba 2)
    const QString condaHeader =
        u"PackagesNotFoundError: The following packages are not available from current channels:"_s;
    QTest::newRow("conda packages not found")
        << BuildStep::Build
        << QStringList{condaHeader,
                       u""_s,
                       u"  - kiln-nonexistent"_s,
                       u"  - numpy=0.0.1"_s,
                       u""_s,
                       u"Current channels:"_s,
                       u""_s,
                       u"  - https://conda.anaconda.org/conda-forge/linux-64"_s,
                       u"  - https://conda.anaconda.org/conda-forge/noarch"_s}
        << u"sci"_s << 1 << FailureKind::PackageNotFound << false
        << QStringList{u"'kiln-nonexistent', 'numpy=0.0.1'"_s, u"current channels"_s}
        << condaHeader + u"\n- kiln-nonexistent\n- numpy=0.0.1"_s;
    QTest::newRow("conda one package not found")
        << BuildStep::Build << QStringList{condaHeader, u""_s, u"  - kiln-nonexistent"_s, u""_s} << u"sci"_s
        << 1 << FailureKind::PackageNotFound << false
        << QStringList{u"The Conda package 'kiln-nonexistent'"_s} << condaHeader + u"\n- kiln-nonexistent"_s;
    const QString mambaNothing = u"  - nothing provides requested kiln-nonexistent 1.0**"_s;
    QTest::newRow("mamba nothing provides")
        << BuildStep::Build << QStringList{u"Encountered problems while solving:"_s, mambaNothing, u""_s}
        << u"sci"_s << 1 << FailureKind::PackageNotFound << false
        << QStringList{u"'kiln-nonexistent 1.0**'"_s} << mambaNothing.trimmed();
    const QString mambaNotExist =
        u"\u2514\u2500 kiln-nonexistent does not exist (perhaps a typo or a missing channel)."_s;
    QTest::newRow("libmamba does not exist")
        << BuildStep::Build
        << QStringList{u"error    libmamba Could not solve for environment specs"_s,
                       u"    The following package could not be installed"_s, u"    "_s + mambaNotExist}
        << u"sci"_s << 1 << FailureKind::PackageNotFound << false << QStringList{u"'kiln-nonexistent'"_s}
        << mambaNotExist;
    const QString mambaSolve = u"error    libmamba Could not solve for environment specs"_s;
    QTest::newRow("mamba could not solve")
        << BuildStep::Build
        << QStringList{mambaSolve, u"critical libmamba Could not solve for environment specs"_s} << u"sci"_s
        << 1 << FailureKind::PackageNotFound << false << QStringList{u"could not solve"_s}
        << u"critical libmamba Could not solve for environment specs"_s;

    // --- engine missing ---
    const QString shMissing = u"sh: 1: buildah: not found"_s;
    QTest::newRow("buildah not found")
        << BuildStep::Build << QStringList{shMissing} << u"cuda"_s << 127 << FailureKind::EngineMissing
        << false << QStringList{u"'buildah'"_s} << shMissing;
    const QString daemon =
        u"Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"_s;
    QTest::newRow("docker daemon down")
        << BuildStep::Pull << QStringList{daemon} << u"ubuntu:24.04"_s << 1 << FailureKind::EngineMissing
        << false << QStringList{u"Docker daemon"_s} << daemon;
    // A RUN whose program is missing is the build's fault, not a missing engine.
    const QString runMissing =
        uR"(error running container: from /usr/bin/crun creating container for [/bin/sh -c nvcc --version]: executable file `nvcc` not found in $PATH: No such file or directory)"_s;
    QTest::newRow("missing program inside the build is unknown")
        << BuildStep::Build << QStringList{runMissing, u""_s, u"  "_s} << u"cuda"_s << 1
        << FailureKind::Unknown << false << QStringList{u"Build of 'cuda' failed with exit code 1."_s}
        << runMissing;

    // --- unknown ---
    const QString runFalse =
        uR"(Error: building at STEP "RUN false": while running runtime: exit status 1)"_s;
    QTest::newRow("unknown build failure")
        << BuildStep::Build << QStringList{u"STEP 2/2: RUN false"_s, runFalse, u""_s} << u"cuda"_s << 1
        << FailureKind::Unknown << false << QStringList{u"Build of 'cuda' failed with exit code 1."_s}
        << runFalse;
    QTest::newRow("unknown with no output")
        << BuildStep::Push << QStringList{} << u"docker://reg.lan/a:1"_s << 125 << FailureKind::Unknown
        << false << QStringList{u"Push of 'reg.lan/a:1' failed with exit code 125."_s} << QString();
    QTest::newRow("unknown crash") << BuildStep::Inspect << QStringList{u"panic: runtime error"_s}
                                   << u"reg.lan/a:1"_s << -1 << FailureKind::Unknown << false
                                   << QStringList{u"did not exit normally"_s} << u"panic: runtime error"_s;
}

void TestBuildFailure::classify()
{
    QFETCH(BuildStep, step);
    QFETCH(QStringList, output);
    QFETCH(QString, subject);
    QFETCH(int, exitCode);
    QFETCH(FailureKind, kind);
    QFETCH(bool, transient);
    QFETCH(QStringList, messageContains);
    QFETCH(QString, detail);

    const BuildFailure f = classifyBuildFailure(step, output, subject, exitCode);
    QCOMPARE(f.kind, kind);
    QCOMPARE(f.transient, transient);
    QCOMPARE(f.detail, detail);
    for (const QString &part : std::as_const(messageContains)) {
        if (!f.message.contains(part, Qt::CaseInsensitive))
            QFAIL(qPrintable(u"message \"%1\" does not contain \"%2\""_s.arg(f.message, part)));
    }
    // A sentence for a person: starts with a capital letter and ends with a period
    // (or with the engine's line, which it then quotes).
    QVERIFY(!f.message.isEmpty());
    QVERIFY2(f.message.at(0).isUpper(), qPrintable(f.message));
    QVERIFY2(f.message.endsWith(u'.') ||
                 (!f.detail.isEmpty() && f.message.endsWith(f.detail.section(u'\n', -1))) ||
                 f.message.contains(u"current channels: "_s),
             qPrintable(f.message));
}

void TestBuildFailure::unknownWithoutSubject()
{
    const BuildFailure f = classifyBuildFailure(BuildStep::Build, {u"boom"_s}, QString(), 2);
    QCOMPARE(f.kind, FailureKind::Unknown);
    QCOMPARE(f.message, u"Build failed with exit code 2."_s);
    QCOMPARE(f.detail, u"boom"_s);
}

void TestBuildFailure::stepNames()
{
    QCOMPARE(buildStepName(BuildStep::Pull), u"Pull"_s);
    QCOMPARE(buildStepName(BuildStep::Inspect), u"Inspect"_s);
    QCOMPARE(buildStepName(BuildStep::Build), u"Build"_s);
    QCOMPARE(buildStepName(BuildStep::Push), u"Push"_s);
}

void TestBuildFailure::retryDelay_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("random01");
    QTest::addColumn<qint64>("baseMs");
    QTest::addColumn<qint64>("capMs");
    QTest::addColumn<qint64>("expected");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("1st, half") << 1 << 0.5 << qint64(1000) << qint64(30000) << qint64(500);
    QTest::newRow("2nd, half") << 2 << 0.5 << qint64(1000) << qint64(30000) << qint64(1000);
    QTest::newRow("3rd, half") << 3 << 0.5 << qint64(1000) << qint64(30000) << qint64(2000);
    QTest::newRow("5th, half") << 5 << 0.5 << qint64(1000) << qint64(30000) << qint64(8000);
    QTest::newRow("6th reaches the cap") << 6 << 0.5 << qint64(1000) << qint64(30000) << qint64(15000);
    QTest::newRow("100th stays at the cap") << 100 << 0.5 << qint64(1000) << qint64(30000) << qint64(15000);
    QTest::newRow("INT_MAX does not overflow")
        << std::numeric_limits<int>::max() << 0.75 << qint64(1000) << qint64(30000) << qint64(22500);
    QTest::newRow("huge base and cap do not overflow")
        << 70 << 0.5 << qint64(1) << std::numeric_limits<qint64>::max()
        << qint64(std::floor(0.5 * double(qint64(1) << 62)));
    QTest::newRow("attempt 0 counts as 1") << 0 << 0.5 << qint64(1000) << qint64(30000) << qint64(500);
    QTest::newRow("negative attempt counts as 1")
        << -5 << 0.5 << qint64(1000) << qint64(30000) << qint64(500);
    QTest::newRow("random 0") << 4 << 0.0 << qint64(1000) << qint64(30000) << qint64(0);
    QTest::newRow("random just below 1") << 3 << 0.9999999 << qint64(1000) << qint64(30000) << qint64(3999);
    QTest::newRow("random 1 is clamped below the ceiling")
        << 3 << 1.0 << qint64(1000) << qint64(30000) << qint64(3999);
    QTest::newRow("random above 1 is clamped") << 9 << 7.0 << qint64(1000) << qint64(30000) << qint64(29999);
    QTest::newRow("negative random") << 3 << -1.0 << qint64(1000) << qint64(30000) << qint64(0);
    QTest::newRow("NaN random") << 3 << nan << qint64(1000) << qint64(30000) << qint64(0);
    QTest::newRow("base 0") << 3 << 0.5 << qint64(0) << qint64(30000) << qint64(0);
    QTest::newRow("custom base and cap") << 4 << 0.5 << qint64(250) << qint64(1000) << qint64(500);
    QTest::newRow("cap below base") << 1 << 0.5 << qint64(1000) << qint64(300) << qint64(150);
}

void TestBuildFailure::retryDelay()
{
    QFETCH(int, attempt);
    QFETCH(double, random01);
    QFETCH(qint64, baseMs);
    QFETCH(qint64, capMs);
    QFETCH(qint64, expected);
    QCOMPARE(retryDelayMs(attempt, random01, baseMs, capMs), expected);
}

void TestBuildFailure::retryDelayCeilingIsMonotoneAndCapped()
{
    const double almostOne = std::nextafter(1.0, 0.0);
    qint64 previous = -1;
    for (int attempt = 1; attempt <= 80; ++attempt) {
        const qint64 ceiling = retryDelayMs(attempt, almostOne);
        QVERIFY2(ceiling >= previous, qPrintable(u"attempt %1"_s.arg(attempt)));
        QVERIFY(ceiling < 30000);
        previous = ceiling;
    }
    QCOMPARE(previous, qint64(29999));
    QCOMPARE(retryDelayMs(1, almostOne), qint64(999));
    QCOMPARE(retryDelayMs(5, almostOne), qint64(15999));
}

void TestBuildFailure::retryDelayJitterCoversRange()
{
    // Full jitter: for attempt 4 (ceiling 8000 ms) the delays spread over [0, 8000).
    qint64 low = std::numeric_limits<qint64>::max();
    qint64 high = -1;
    for (int i = 0; i < 1000; ++i) {
        const double r = double(i) / 1000.0;
        const qint64 d = retryDelayMs(4, r);
        QVERIFY(d >= 0 && d < 8000);
        QCOMPARE(d, qint64(std::floor(r * 8000.0)));
        low = std::min(low, d);
        high = std::max(high, d);
    }
    QCOMPARE(low, qint64(0));
    QCOMPARE(high, qint64(7992));
}

void TestBuildFailure::liveBuildah_data()
{
    QTest::addColumn<QString>("registry"); // "plain", "auth" or "closed"
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("image"); // path:tag in that registry
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<bool>("transient");

    QTest::newRow("missing tag") << u"plain"_s << QStringList{u"--tls-verify=false"_s}
                                 << u"kiln/base:missing"_s << FailureKind::ImageNotFound << false;
    QTest::newRow("plain HTTP with TLS verify") << u"plain"_s << QStringList{u"--tls-verify=true"_s}
                                                << u"kiln/base:latest"_s << FailureKind::TlsMismatch << false;
    QTest::newRow("wrong credentials")
        << u"auth"_s << QStringList{u"--tls-verify=false"_s, u"--creds"_s, u"kiln:wrong-password"_s}
        << u"kiln/base:latest"_s << FailureKind::AuthFailed << false;
    QTest::newRow("no credentials") << u"auth"_s << QStringList{u"--tls-verify=false"_s}
                                    << u"kiln/base:latest"_s << FailureKind::AuthFailed << false;
    QTest::newRow("closed port") << u"closed"_s
                                 << QStringList{u"--tls-verify=false"_s, u"--retry"_s, u"1"_s,
                                                u"--retry-delay"_s, u"100ms"_s}
                                 << u"kiln/base:latest"_s << FailureKind::Network << true;
}

void TestBuildFailure::liveBuildah()
{
    if (!m_plain || !m_auth)
        QSKIP("buildah or docker-registry is not installed");
    QFETCH(QString, registry);
    QFETCH(QStringList, options);
    QFETCH(QString, image);
    QFETCH(FailureKind, kind);
    QFETCH(bool, transient);

    const QString address = registry == u"plain"_s  ? m_plain->address()
                            : registry == u"auth"_s ? m_auth->address()
                                                    : u"127.0.0.1:%1"_s.arg(KilnTest::freePort());
    const QString reference = address + u'/' + image;
    QTemporaryDir storage;
    QVERIFY(storage.isValid());
    QProcess buildah;
    buildah.setProcessChannelMode(QProcess::MergedChannels);
    buildah.setStandardInputFile(QProcess::nullDevice());
    buildah.start(m_buildah,
                  QStringList{u"--root"_s, storage.filePath(u"root"_s), u"--runroot"_s,
                              storage.filePath(u"runroot"_s), u"--storage-driver"_s, u"vfs"_s, u"pull"_s} +
                      options + QStringList{reference});
    QVERIFY2(buildah.waitForFinished(120000), "buildah pull did not finish within 120 s");
    QCOMPARE(buildah.exitStatus(), QProcess::NormalExit);
    QVERIFY(buildah.exitCode() != 0);
    const QStringList output = QString::fromUtf8(buildah.readAll()).split(u'\n');

    const BuildFailure f = classifyBuildFailure(BuildStep::Pull, output, reference, buildah.exitCode());
    QVERIFY2(f.kind == kind,
             qPrintable(
                 u"kind %1, message: %2\noutput:\n%3"_s.arg(int(f.kind)).arg(f.message, output.join(u'\n'))));
    QCOMPARE(f.transient, transient);
    QVERIFY2(f.message.contains(address), qPrintable(f.message));
    QVERIFY2(!f.detail.isEmpty() && output.join(u'\n').contains(f.detail), qPrintable(f.detail));
    if (kind == FailureKind::ImageNotFound)
        QVERIFY2(f.message.contains(reference), qPrintable(f.message));
}

QTEST_GUILESS_MAIN(TestBuildFailure)
#include "tst_buildfailure.moc"
