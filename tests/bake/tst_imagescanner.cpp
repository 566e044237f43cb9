#include "bake/imagescanner.h"

#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Kiln;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Kiln::ScanStatus)
Q_DECLARE_METATYPE(Kiln::ScanRequest)

// trivy and grype are not packaged for Debian and cannot be installed on the
// machines these tests run on, so the real scanners cannot run here. Standing in
// for them, and only for them, is a small shell script named `trivy` (or `grype`)
// in a temporary directory that is put first in the scanner's search path. It
// answers `--version` the way the real tool does, records the arguments and the
// credential variables it was given, and then, depending on the image named on
// its command line, prints one of the real-format reports under tests/data/scan,
// fails with exit code 2 and an error on stderr, or hangs. Given a directory (a
// baked image unpacked by the real debugfs), it first checks that it holds the
// test's etc/os-release and usr/bin/x, and exits 3 when not. Everything else (the
// ext4, debugfs, the process group, the timeout, the kill, the parsing) is the
// real code path.
namespace {

const QString kRef = u"registry.example:5000/team/app:1.4"_s;
const QString kPassword = u"s3cret-Pa55word"_s;
const QByteArray kOsRelease = "ID=kiln-scan-test\n"; // what the fake scanner checks for

class FakeScanner
{
public:
    // `kinds`: which of "trivy" and "grype" to put into the directory.
    explicit FakeScanner(const QStringList &kinds)
    {
        QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
        for (const QString &kind : kinds)
            write(kind);
    }

    QString path() const { return m_dir.path(); }
    QString file(const QString &name) const { return m_dir.filePath(name); }
    QString read(const QString &name) const
    {
        QFile f(file(name));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    // The arguments of the last scan, one per element.
    QStringList argv() const { return read(u"argv"_s).split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
    QStringList calls() const { return read(u"calls"_s).split(QLatin1Char('\n'), Qt::SkipEmptyParts); }

private:
    void write(const QString &kind)
    {
        const QString d = KilnTest::shellQuote(m_dir.path());
        const QString version = kind == u"trivy"_s
                                    ? u"echo 'Version: 0.50.1'; echo; echo 'Vulnerability DB:'; "
                                      u"echo '  Version: 2'"_s
                                    : u"echo 'grype 0.74.0'"_s;
        const QString envNames = kind == u"trivy"_s
                                     ? u"TRIVY_USERNAME TRIVY_PASSWORD"_s
                                     : u"GRYPE_REGISTRY_AUTH_AUTHORITY GRYPE_REGISTRY_AUTH_USERNAME "
                                       u"GRYPE_REGISTRY_AUTH_PASSWORD GRYPE_REGISTRY_INSECURE_USE_HTTP"_s;
        const QString high = KilnTest::shellQuote(KilnTest::dataPath(u"scan/%1-high.json"_s.arg(kind)));
        const QString low = KilnTest::shellQuote(KilnTest::dataPath(u"scan/%1-low.json"_s.arg(kind)));
        const QString truncated = KilnTest::shellQuote(KilnTest::dataPath(u"scan/trivy-truncated.json"_s));
        const QString script =
            u"#!/bin/sh\n"
            u"d=%1\n"
            u"if [ \"$1\" = --version ]; then %2; exit 0; fi\n"
            u"printf '%s\\n' \"$@\" > \"$d/argv\"\n"
            u"printf '%s\\n' \"%6 $*\" >> \"$d/calls\"\n"
            u": > \"$d/env\"\n"
            u"for v in %3; do eval \"printf '%s=%s\\n' $v \\\"\\${$v-unset}\\\"\" >> \"$d/env\"; "
            u"done\n"
            u"root=\n"
            u"for a in \"$@\"; do case \"$a\" in /*|dir:/*) [ -d \"${a#dir:}\" ] && root=\"${a#dir:}\" ;; "
            u"esac; done\n"
            u"if [ -n \"$root\" ]; then\n"
            u"  echo \"$root\" > \"$d/root\"\n"
            u"  if [ \"$(cat \"$root/etc/os-release\")\" != 'ID=kiln-scan-test' ] || "
            u"[ ! -x \"$root/usr/bin/x\" ]; then\n"
            u"    echo \"no baked root file system in $root\" >&2; exit 3\n"
            u"  fi\n"
            u"fi\n"
            u"case \"$*\" in\n"
            u"  *hang*) trap '' TERM; echo $$ > \"$d/pid\"; sleep 600 & echo $! > \"$d/child\"; "
            u"wait; wait ;;\n"
            u"  *broken*) echo 'INFO  Vulnerability scanning is enabled' >&2;\n"
            u"    echo \"FATAL  unable to authenticate as ${TRIVY_USERNAME-x} with "
            u"${TRIVY_PASSWORD-x}: 401 Unauthorized\" >&2; exit 2 ;;\n"
            u"  *garbled*) cat %7 ;;\n"
            u"  *slow*) sleep 0.3; cat %5 ;;\n"
            u"  *clean*) cat %5 ;;\n"
            u"  *) cat %4 ;;\n"
            u"esac\n"_s.arg(d, version, envNames, high, low, kind, truncated);
        QFile f(m_dir.filePath(kind));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(script.toUtf8());
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    }

    QTemporaryDir m_dir;
};

std::unique_ptr<ImageScanner> makeScanner(const QString &dir)
{
    auto scanner = std::make_unique<ImageScanner>();
    scanner->setSearchPaths({dir});
    // Only the fake: a trivy or grype installed on the machine must not answer.
    scanner->setUseSystemPath(false);
    scanner->setCancelGraceMs(300);
    return scanner;
}

// Waits for a scan's future (the event loop runs: the scanner is asynchronous).
bool waitFor(const QFuture<ScanOutcome> &future, int ms = 20000)
{
    return QTest::qWaitFor([&future] { return future.isFinished(); }, ms);
}

// Whether `pid` names a live process (a zombie is not live: it only waits to be reaped).
bool alive(const QString &pidText)
{
    bool ok = false;
    const qint64 pid = pidText.trimmed().toLongLong(&ok);
    if (!ok || pid <= 1)
        return false;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && close + 2 < text.size() && text.at(close + 2) != 'Z' && text.at(close + 2) != 'X';
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// A baked image as the pipeline leaves it: an 8 MiB ext4 made by mkfs.ext4 -d (no
// root, no mount) from etc/os-release (`osRelease`), an executable usr/bin/x and a
// read-only directory. The path of the image, empty when mkfs failed.
QString makeExt4(const QString &dir, const QByteArray &osRelease = kOsRelease)
{
    const QDir tree(dir + u"/tree"_s);
    if (!tree.mkpath(u"etc"_s) || !tree.mkpath(u"usr/bin"_s) || !tree.mkpath(u"opt/ro"_s) ||
        !writeFile(tree.filePath(u"etc/os-release"_s), osRelease) ||
        !writeFile(tree.filePath(u"usr/bin/x"_s), "#!/bin/sh\n") ||
        !writeFile(tree.filePath(u"opt/ro/data"_s), "kept\n") ||
        !QFile::setPermissions(tree.filePath(u"usr/bin/x"_s),
                               QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                   QFileDevice::ReadOther | QFileDevice::ExeOther) ||
        !QFile::setPermissions(tree.filePath(u"opt/ro"_s), QFileDevice::ReadOwner | QFileDevice::ExeOwner))
        return {};
    QString mkfs = QStandardPaths::findExecutable(u"mkfs.ext4"_s);
    if (mkfs.isEmpty())
        mkfs = QStandardPaths::findExecutable(u"mkfs.ext4"_s, {u"/usr/sbin"_s, u"/sbin"_s});
    const QString image = dir + u"/baked.ext4"_s;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(mkfs, {u"-q"_s, u"-F"_s, u"-d"_s, tree.path(), image, u"8M"_s});
    const bool made = process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit &&
                      process.exitCode() == 0;
    if (!made)
        qWarning("mkfs.ext4 failed: %s", process.readAll().constData());
    // Writable again, so that the QTemporaryDir holding it can go.
    QFile::setPermissions(tree.filePath(u"opt/ro"_s),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return made ? image : QString();
}

// The rootfs tar source of a bake image that was baked into `image`.
ScanRequest bakedRootfsRequest(const QString &image)
{
    ScanRequest request = ScanRequest::forSource(BakeSource{BakeSourceKind::RootfsTar, u"/srv/rootfs.tar"_s});
    request.ext4Image = image;
    return request;
}

// What is left in a scanner's work directory (the unpacked images).
QStringList leftIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}

ScanRequest refRequest(const QString &ref)
{
    ScanRequest request;
    request.ociRef = ref;
    request.insecureRegistry = true;
    request.credentials = Credential{u"kiln"_s, kPassword};
    return request;
}

} // namespace

class TestImageScanner : public QObject
{
    Q_OBJECT

private slots:
    void commands_data();
    void commands();
    void versions_data();
    void versions();
    void noScanner();
    void nothingToScan();
    void trivyHighFindings();
    void trivyLowFindings();
    void trivyTar();
    void trivyPreferred();
    void scannerError();
    void brokenReport();
    void timeout();
    void cancel();
    void destroyWhileScanning();
    void grypeScan();
    void bakedRootfsTrivy();
    void bakedRootfsGrype();
    void bakedRootfsUnpackFails();
    void bakedRootfsCancel();
    void queueOrderAndFailures();
    void queueRescanAndCancel();
};

void TestImageScanner::commands_data()
{
    QTest::addColumn<bool>("trivy");
    QTest::addColumn<ScanRequest>("request");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment"); // "NAME=value"

    const QStringList common{u"--format"_s, u"json"_s, u"--quiet"_s, u"--scanners"_s, u"vuln"_s};
    ScanRequest plain;
    plain.ociRef = u"docker.io/library/debian:12"_s;
    QTest::newRow("trivy ref") << true << plain
                               << (QStringList{u"image"_s} + common + QStringList{plain.ociRef})
                               << QStringList();
    QTest::newRow("grype ref") << false << plain << QStringList{plain.ociRef, u"-o"_s, u"json"_s}
                               << QStringList();

    const ScanRequest secured = refRequest(kRef);
    QTest::newRow("trivy insecure with login")
        << true << secured << (QStringList{u"image"_s} + common + QStringList{u"--insecure"_s, kRef})
        << QStringList{u"TRIVY_PASSWORD="_s + kPassword, u"TRIVY_USERNAME=kiln"_s};
    QTest::newRow("grype insecure with login")
        << false << secured << QStringList{kRef, u"-o"_s, u"json"_s}
        << QStringList{u"GRYPE_REGISTRY_AUTH_AUTHORITY=registry.example:5000"_s,
                       u"GRYPE_REGISTRY_AUTH_PASSWORD="_s + kPassword, u"GRYPE_REGISTRY_AUTH_USERNAME=kiln"_s,
                       u"GRYPE_REGISTRY_INSECURE_USE_HTTP=true"_s};

    ScanRequest docker;
    docker.tarPath = u"/srv/images/app.tar"_s;
    QTest::newRow("trivy docker-archive")
        << true << docker << (QStringList{u"image"_s} + common + QStringList{u"--input"_s, docker.tarPath})
        << QStringList();
    QTest::newRow("grype docker-archive")
        << false << docker << QStringList{u"docker-archive:/srv/images/app.tar"_s, u"-o"_s, u"json"_s}
        << QStringList();
    ScanRequest oci = docker;
    oci.tarFormat = ScanTarFormat::OciArchive;
    QTest::newRow("grype oci-archive")
        << false << oci << QStringList{u"oci-archive:/srv/images/app.tar"_s, u"-o"_s, u"json"_s}
        << QStringList();

    ScanRequest dir;
    dir.rootfsDir = u"/srv/rootfs"_s;
    QTest::newRow("trivy rootfs") << true << dir
                                  << (QStringList{u"rootfs"_s} + common + QStringList{u"/srv/rootfs"_s})
                                  << QStringList();
    QTest::newRow("grype dir") << false << dir << QStringList{u"dir:/srv/rootfs"_s, u"-o"_s, u"json"_s}
                               << QStringList();

    // The reference wins; credentials only go with a reference.
    ScanRequest both = secured;
    both.tarPath = u"/srv/images/app.tar"_s;
    QTest::newRow("reference first")
        << true << both << (QStringList{u"image"_s} + common + QStringList{u"--insecure"_s, kRef})
        << QStringList{u"TRIVY_PASSWORD="_s + kPassword, u"TRIVY_USERNAME=kiln"_s};
}

void TestImageScanner::commands()
{
    QFETCH(bool, trivy);
    QFETCH(ScanRequest, request);
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);

    const auto command = scanCommand(trivy ? ScannerKind::Trivy : ScannerKind::Grype, request);
    QVERIFY2(command, qPrintable(command ? QString() : command.error()));
    QCOMPARE(command->arguments, arguments);
    QStringList env;
    for (auto it = command->environment.cbegin(); it != command->environment.cend(); ++it)
        env.append(it.key() + QLatin1Char('=') + it.value());
    QCOMPARE(env, environment);
    for (const QString &argument : command->arguments)
        QVERIFY(!argument.contains(kPassword));
}

void TestImageScanner::versions_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("version");
    QTest::newRow("trivy") << u"Version: 0.50.1\nVulnerability DB:\n  Version: 2\n  UpdatedAt: 2024-01-20\n"_s
                           << u"0.50.1"_s;
    QTest::newRow("grype") << u"grype 0.74.0\n"_s << u"0.74.0"_s;
    QTest::newRow("v prefix") << u"grype v0.74.0"_s << u"0.74.0"_s;
    QTest::newRow("nothing") << u"usage: trivy [command]\n"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestImageScanner::versions()
{
    QFETCH(QString, output);
    QFETCH(QString, version);
    QCOMPARE(scannerVersionFromOutput(output), version);
}

void TestImageScanner::noScanner()
{
    FakeScanner none(QStringList{});
    auto scanner = makeScanner(none.path());
    QVERIFY(!scanner->detect());
    const QFuture<ScanOutcome> future = scanner->scan(refRequest(kRef));
    QVERIFY(waitFor(future));
    const ScanOutcome outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Skipped);
    QCOMPARE(outcome.reason, u"no scanner installed: install trivy or grype"_s);
    QVERIFY(outcome.scannedAt > 0);

    // Checked first, whatever the source: a rootfs tar (baked or not), nothing at all.
    const QList<ScanRequest> others{
        bakedRootfsRequest(u"/srv/content/tools.ext4"_s),
        ScanRequest::forSource(BakeSource{BakeSourceKind::RootfsTar, u"/srv/r.tar"_s}), ScanRequest{}};
    for (const ScanRequest &request : others) {
        const QFuture<ScanOutcome> other = scanner->scan(request);
        QVERIFY(waitFor(other));
        QCOMPARE(other.result().status, ScanStatus::Skipped);
        QCOMPARE(other.result().reason, u"no scanner installed: install trivy or grype"_s);
    }
}

void TestImageScanner::nothingToScan()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    const ScanRequest rootfs =
        ScanRequest::forSource(BakeSource{BakeSourceKind::RootfsTar, u"/srv/rootfs.tar"_s});
    QFuture<ScanOutcome> future = scanner->scan(rootfs);
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().status, ScanStatus::Skipped);
    // Not baked yet: its ext4 is what gets scanned.
    QCOMPARE(future.result().reason,
             u"The source is a plain root file system tar with no OCI reference: it is scanned "
             u"once it is baked."_s);

    future = scanner->scan(ScanRequest{});
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().status, ScanStatus::Skipped);
    QCOMPARE(future.result().reason, u"The source has no OCI reference, image tar or directory to scan."_s);
    QVERIFY(fake.calls().isEmpty()); // the scanner never ran
}

void TestImageScanner::trivyHighFindings()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    const auto detected = scanner->detect();
    QVERIFY(detected);
    QCOMPARE(detected->kind, ScannerKind::Trivy);
    QCOMPARE(detected->path, QFileInfo(fake.file(u"trivy"_s)).absoluteFilePath());

    const QFuture<ScanOutcome> future = scanner->scan(refRequest(kRef));
    QVERIFY(!future.isFinished()); // asynchronous: the caller's thread goes on
    QVERIFY(waitFor(future));
    const ScanOutcome outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Failed);
    QCOMPARE(outcome.reason, u"2 critical and 4 high vulnerabilities found (14 in all)."_s);
    QCOMPARE(outcome.counts.value(ScanSeverity::Critical), 2);
    QCOMPARE(outcome.counts.value(ScanSeverity::High), 4);
    QCOMPARE(outcome.topFindings.size(), 10);
    QCOMPARE(outcome.topFindings.first().id, u"CVE-2023-38545"_s);
    QCOMPARE(outcome.scanner, u"trivy"_s);
    QCOMPARE(outcome.scannerVersion, u"0.50.1"_s);
    QVERIFY(outcome.scannedAt > 0);

    QCOMPARE(fake.argv(), (QStringList{u"image"_s, u"--format"_s, u"json"_s, u"--quiet"_s, u"--scanners"_s,
                                       u"vuln"_s, u"--insecure"_s, kRef}));
    QVERIFY(!fake.read(u"argv"_s).contains(kPassword));
    QCOMPARE(fake.read(u"env"_s), u"TRIVY_USERNAME=kiln\nTRIVY_PASSWORD="_s + kPassword + u"\n"_s);
    QCOMPARE(scanner->runningCount(), 0);
}

void TestImageScanner::trivyLowFindings()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    ScanRequest request;
    request.ociRef = u"registry.example:5000/team/clean:1"_s;
    const QFuture<ScanOutcome> future = scanner->scan(request);
    QVERIFY(waitFor(future));
    const ScanOutcome outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Passed);
    QCOMPARE(outcome.counts.value(ScanSeverity::Low), 4);
    QCOMPARE(outcome.blocking(), 0);
    // No login, no --insecure: nothing of the kind reaches the scanner.
    QCOMPARE(fake.argv(), (QStringList{u"image"_s, u"--format"_s, u"json"_s, u"--quiet"_s, u"--scanners"_s,
                                       u"vuln"_s, request.ociRef}));
    QCOMPARE(fake.read(u"env"_s), u"TRIVY_USERNAME=unset\nTRIVY_PASSWORD=unset\n"_s);
}

void TestImageScanner::trivyTar()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    const QString tar = fake.file(u"clean-image.tar"_s);
    const QFuture<ScanOutcome> future =
        scanner->scan(ScanRequest::forSource(BakeSource{BakeSourceKind::DockerArchive, tar}));
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().status, ScanStatus::Passed);
    QCOMPARE(fake.argv(), (QStringList{u"image"_s, u"--format"_s, u"json"_s, u"--quiet"_s, u"--scanners"_s,
                                       u"vuln"_s, u"--input"_s, tar}));
}

void TestImageScanner::trivyPreferred()
{
    FakeScanner both({u"grype"_s, u"trivy"_s});
    auto scanner = makeScanner(both.path());
    QCOMPARE(scanner->detect()->kind, ScannerKind::Trivy);
    const QFuture<ScanOutcome> future = scanner->scan(refRequest(kRef));
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().scanner, u"trivy"_s);
    QCOMPARE(both.calls(),
             QStringList{u"trivy image --format json --quiet --scanners vuln --insecure "_s + kRef});
}

void TestImageScanner::scannerError()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    const QFuture<ScanOutcome> future = scanner->scan(refRequest(u"registry.example:5000/team/broken:1"_s));
    QVERIFY(waitFor(future));
    const ScanOutcome outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Failed);
    // The exit code and the last lines of stderr; the password the scanner echoed is masked.
    QCOMPARE(outcome.reason, u"trivy exited with code 2.\n"
                             u"INFO  Vulnerability scanning is enabled\n"
                             u"FATAL  unable to authenticate as kiln with ***: 401 Unauthorized"_s);
    QVERIFY(!outcome.toJson().contains(kPassword.toUtf8()));
    QVERIFY(outcome.counts.isEmpty());
    QCOMPARE(outcome.scannerVersion, u"0.50.1"_s);
}

void TestImageScanner::brokenReport()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    const QFuture<ScanOutcome> future = scanner->scan(refRequest(u"registry.example:5000/team/garbled:1"_s));
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().status, ScanStatus::Failed);
    // The same line and column as in the file the script printed (see tst_scanfindings).
    QCOMPARE(future.result().reason,
             u"trivy ran, but its report could not be read: The trivy report is not valid "
             u"JSON: line 63, column 18: unterminated object."_s);
}

void TestImageScanner::timeout()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    scanner->setTimeoutMs(1000);
    QElapsedTimer clock;
    clock.start();
    const QFuture<ScanOutcome> future = scanner->scan(refRequest(u"registry.example:5000/team/hang:1"_s));
    QTRY_VERIFY(alive(fake.read(u"child"_s)));
    QVERIFY(waitFor(future));
    // The script ignores SIGTERM: only the SIGKILL after the grace period ends it.
    QVERIFY2(clock.elapsed() >= 1300, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    const ScanOutcome outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Failed);
    QCOMPARE(outcome.reason, u"trivy timed out after 1 s."_s);
    // The whole process group is gone: the script and the sleep it started.
    QTRY_VERIFY(!alive(fake.read(u"pid"_s)));
    QTRY_VERIFY(!alive(fake.read(u"child"_s)));
}

void TestImageScanner::cancel()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    QFuture<ScanOutcome> future = scanner->scan(refRequest(u"registry.example:5000/team/hang:1"_s));
    QTRY_VERIFY(alive(fake.read(u"child"_s)));
    QCOMPARE(scanner->runningCount(), 1);
    future.cancel();
    QVERIFY(waitFor(future, 10000));
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    QTRY_VERIFY(!alive(fake.read(u"pid"_s)));
    QTRY_VERIFY(!alive(fake.read(u"child"_s)));
    QCOMPARE(scanner->runningCount(), 0);

    // cancelAll() does the same.
    QFile::remove(fake.file(u"child"_s));
    future = scanner->scan(refRequest(u"registry.example:5000/team/hang:2"_s));
    QTRY_VERIFY(alive(fake.read(u"child"_s)));
    scanner->cancelAll();
    QVERIFY(waitFor(future, 10000));
    QVERIFY(future.isCanceled());
    QTRY_VERIFY(!alive(fake.read(u"child"_s)));
}

void TestImageScanner::destroyWhileScanning()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    const QFuture<ScanOutcome> future = scanner->scan(refRequest(u"registry.example:5000/team/hang:1"_s));
    QTRY_VERIFY(alive(fake.read(u"child"_s)));
    scanner.reset();
    QVERIFY(future.isFinished());
    QVERIFY(future.isCanceled());
    QTRY_VERIFY(!alive(fake.read(u"pid"_s)));
    QTRY_VERIFY(!alive(fake.read(u"child"_s)));
}

void TestImageScanner::grypeScan()
{
    FakeScanner fake({u"grype"_s});
    auto scanner = makeScanner(fake.path());
    QCOMPARE(scanner->detect()->kind, ScannerKind::Grype);

    QFuture<ScanOutcome> future = scanner->scan(refRequest(kRef));
    QVERIFY(waitFor(future));
    ScanOutcome outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Failed);
    QCOMPARE(outcome.reason, u"1 critical and 2 high vulnerabilities found (8 in all)."_s);
    QCOMPARE(outcome.scanner, u"grype"_s);
    QCOMPARE(outcome.scannerVersion, u"0.74.0"_s);
    QCOMPARE(fake.argv(), (QStringList{kRef, u"-o"_s, u"json"_s}));
    QVERIFY(!fake.read(u"argv"_s).contains(kPassword));
    QCOMPARE(fake.read(u"env"_s), u"GRYPE_REGISTRY_AUTH_AUTHORITY=registry.example:5000\n"
                                  u"GRYPE_REGISTRY_AUTH_USERNAME=kiln\n"
                                  u"GRYPE_REGISTRY_AUTH_PASSWORD="_s +
                                      kPassword + u"\nGRYPE_REGISTRY_INSECURE_USE_HTTP=true\n"_s);

    const QString tar = fake.file(u"clean.tar"_s);
    future = scanner->scan(ScanRequest::forSource(BakeSource{BakeSourceKind::OciArchive, tar}));
    QVERIFY(waitFor(future));
    outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Passed);
    QCOMPARE(outcome.counts.value(ScanSeverity::Negligible), 2);
    QCOMPARE(fake.argv(), (QStringList{u"oci-archive:"_s + tar, u"-o"_s, u"json"_s}));
    QCOMPARE(fake.read(u"env"_s),
             u"GRYPE_REGISTRY_AUTH_AUTHORITY=unset\nGRYPE_REGISTRY_AUTH_USERNAME=unset\n"
             u"GRYPE_REGISTRY_AUTH_PASSWORD=unset\nGRYPE_REGISTRY_INSECURE_USE_HTTP=unset\n"_s);
}

void TestImageScanner::queueOrderAndFailures()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    ScanQueue queue(scanner.get());
    QSignalSpy started(&queue, &ScanQueue::started);
    QSignalSpy finished(&queue, &ScanQueue::finished);
    QSignalSpy idle(&queue, &ScanQueue::idle);

    // A scanner error and a skipped source in the middle do not hold up the rest.
    queue.enqueue(u"img-vuln"_s, refRequest(u"registry.example:5000/team/vuln:1"_s));
    queue.enqueue(u"img-broken"_s, refRequest(u"registry.example:5000/team/broken:1"_s));
    queue.enqueue(u"img-rootfs"_s,
                  ScanRequest::forSource(BakeSource{BakeSourceKind::RootfsTar, u"/srv/rootfs.tar"_s}));
    queue.enqueue(u"img-clean"_s, refRequest(u"registry.example:5000/team/clean:1"_s));
    QCOMPARE(queue.runningCount(), 1); // one at a time by default
    QCOMPARE(queue.queuedCount(), 3);
    QVERIFY(queue.isRunning(u"img-vuln"_s));
    QVERIFY(queue.isQueued(u"img-clean"_s));

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 30000);
    QCOMPARE(idle.size(), 1);
    QVERIFY(queue.isIdle());
    QStringList order;
    QHash<QString, ScanOutcome> outcomes;
    for (const QList<QVariant> &args : finished) {
        order.append(args.at(0).toString());
        outcomes.insert(args.at(0).toString(), args.at(1).value<ScanOutcome>());
    }
    QCOMPARE(order, (QStringList{u"img-vuln"_s, u"img-broken"_s, u"img-rootfs"_s, u"img-clean"_s}));
    QCOMPARE(started.size(), 4);
    QCOMPARE(outcomes.value(u"img-vuln"_s).status, ScanStatus::Failed);
    QCOMPARE(outcomes.value(u"img-vuln"_s).blocking(), 6);
    QCOMPARE(outcomes.value(u"img-broken"_s).status, ScanStatus::Failed);
    QVERIFY(outcomes.value(u"img-broken"_s).reason.startsWith(u"trivy exited with code 2."_s));
    QCOMPARE(outcomes.value(u"img-rootfs"_s).status, ScanStatus::Skipped);
    QCOMPARE(outcomes.value(u"img-clean"_s).status, ScanStatus::Passed);
    QCOMPARE(fake.calls().size(), 3); // the rootfs tar never reached the scanner
}

void TestImageScanner::queueRescanAndCancel()
{
    FakeScanner fake({u"trivy"_s});
    auto scanner = makeScanner(fake.path());
    ScanQueue queue(scanner.get());
    QSignalSpy finished(&queue, &ScanQueue::finished);
    QSignalSpy cancelled(&queue, &ScanQueue::cancelled);

    // Rescan on demand: enqueueing an image that is being scanned scans it again after.
    queue.enqueue(u"img-a"_s, refRequest(u"registry.example:5000/team/slow:1"_s));
    QVERIFY(queue.isRunning(u"img-a"_s));
    queue.enqueue(u"img-a"_s, refRequest(u"registry.example:5000/team/vuln:2"_s));
    // A waiting entry is replaced, not doubled.
    queue.enqueue(u"img-a"_s, refRequest(u"registry.example:5000/team/clean:2"_s));
    QCOMPARE(queue.queuedCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
    QCOMPARE(finished.at(0).at(0).toString(), u"img-a"_s);
    QCOMPARE(finished.at(1).at(1).value<ScanOutcome>().status, ScanStatus::Passed);
    QCOMPARE(fake.calls().size(), 2);
    QVERIFY(fake.calls().last().endsWith(u"clean:2"_s));

    // Cancelling a hanging scan lets the next one run; a waiting one is just dropped.
    finished.clear();
    queue.enqueue(u"img-hang"_s, refRequest(u"registry.example:5000/team/hang:1"_s));
    queue.enqueue(u"img-waits"_s, refRequest(u"registry.example:5000/team/vuln:3"_s));
    queue.enqueue(u"img-next"_s, refRequest(u"registry.example:5000/team/clean:3"_s));
    QTRY_VERIFY(alive(fake.read(u"child"_s)));
    QVERIFY(queue.cancel(u"img-waits"_s));
    QCOMPARE(cancelled.size(), 1);
    QVERIFY(queue.cancel(u"img-hang"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(cancelled.size(), 2);
    QCOMPARE(cancelled.at(0).at(0).toString(), u"img-waits"_s);
    QCOMPARE(cancelled.at(1).at(0).toString(), u"img-hang"_s);
    QCOMPARE(finished.at(0).at(0).toString(), u"img-next"_s);
    QTRY_VERIFY(!alive(fake.read(u"child"_s)));
    QVERIFY(!queue.cancel(u"img-unknown"_s));
    QVERIFY(!fake.read(u"calls"_s).contains(u"vuln:3"_s));
}

void TestImageScanner::bakedRootfsTrivy()
{
    FakeScanner fake({u"trivy"_s});
    QTemporaryDir work;
    const QString image = makeExt4(work.path());
    QVERIFY(!image.isEmpty());
    auto scanner = makeScanner(fake.path());
    const QString unpackDir = work.filePath(u"scans"_s);
    scanner->setWorkDirectory(unpackDir);

    const QFuture<ScanOutcome> future = scanner->scan(bakedRootfsRequest(image));
    QVERIFY(!future.isFinished()); // debugfs and the scanner run as processes
    QVERIFY(waitFor(future));
    const ScanOutcome outcome = future.result();
    // The fake checked the unpacked tree (exit 3 otherwise), then printed the high report.
    QCOMPARE(outcome.status, ScanStatus::Failed);
    QCOMPARE(outcome.reason, u"2 critical and 4 high vulnerabilities found (14 in all)."_s);
    QCOMPARE(outcome.scanner, u"trivy"_s);
    QCOMPARE(outcome.scannerVersion, u"0.50.1"_s);
    const QString root = fake.read(u"root"_s).trimmed();
    QVERIFY2(root.startsWith(unpackDir + u"/kiln-scan-"_s), qPrintable(root));
    QCOMPARE(fake.argv(), (QStringList{u"rootfs"_s, u"--format"_s, u"json"_s, u"--quiet"_s, u"--scanners"_s,
                                       u"vuln"_s, root}));
    // The unpacked tree is gone once the future has finished.
    QVERIFY(!QFileInfo::exists(root));
    QCOMPARE(leftIn(unpackDir), QStringList());
    QCOMPARE(scanner->runningCount(), 0);
}

void TestImageScanner::bakedRootfsGrype()
{
    FakeScanner fake({u"grype"_s});
    QTemporaryDir work;
    const QString image = makeExt4(work.path());
    QVERIFY(!image.isEmpty());
    auto scanner = makeScanner(fake.path());
    // "clean" in the path makes the fake print its low report.
    const QString unpackDir = work.filePath(u"clean"_s);
    scanner->setWorkDirectory(unpackDir);

    QFuture<ScanOutcome> future = scanner->scan(bakedRootfsRequest(image));
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().status, ScanStatus::Passed);
    QCOMPARE(future.result().scanner, u"grype"_s);
    const QString root = fake.read(u"root"_s).trimmed();
    QVERIFY2(root.startsWith(unpackDir + u"/kiln-scan-"_s), qPrintable(root));
    QCOMPARE(fake.argv(), (QStringList{u"dir:"_s + root, u"-o"_s, u"json"_s}));
    QCOMPARE(leftIn(unpackDir), QStringList());

    // Another root file system than the one the fake expects: it exits 3, the scan fails.
    QTemporaryDir other;
    const QString otherImage = makeExt4(other.path(), "ID=somebody-else\n");
    QVERIFY(!otherImage.isEmpty());
    future = scanner->scan(bakedRootfsRequest(otherImage));
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().status, ScanStatus::Failed);
    QVERIFY2(future.result().reason.startsWith(u"grype exited with code 3.\nno baked root file system in "_s),
             qPrintable(future.result().reason));
    QCOMPARE(leftIn(unpackDir), QStringList());
}

void TestImageScanner::bakedRootfsUnpackFails()
{
    FakeScanner fake({u"trivy"_s});
    QTemporaryDir work;
    auto scanner = makeScanner(fake.path());
    scanner->setWorkDirectory(work.path());
    const QString notExt4 = work.filePath(u"garbage.ext4"_s);
    QVERIFY(writeFile(notExt4, QByteArray(4096, 'x')));

    const QFuture<ScanOutcome> future = scanner->scan(bakedRootfsRequest(notExt4));
    QVERIFY(waitFor(future));
    const ScanOutcome outcome = future.result();
    QCOMPARE(outcome.status, ScanStatus::Failed);
    // debugfs exits 0 here: what it printed is what tells.
    QVERIFY2(outcome.reason.startsWith(u"debugfs could not unpack %1 for the scan.\n"_s.arg(notExt4)),
             qPrintable(outcome.reason));
    QVERIFY2(outcome.reason.contains(u"while trying to open"_s), qPrintable(outcome.reason));
    QVERIFY(fake.calls().isEmpty()); // the scanner never ran
    QCOMPARE(leftIn(work.path()), QStringList{u"garbage.ext4"_s});
}

void TestImageScanner::bakedRootfsCancel()
{
    FakeScanner fake({u"trivy"_s});
    QTemporaryDir work;
    const QString image = makeExt4(work.path());
    QVERIFY(!image.isEmpty());
    auto scanner = makeScanner(fake.path());
    // "hang" in the path makes the fake hang once it has checked the tree.
    const QString unpackDir = work.filePath(u"hang"_s);
    scanner->setWorkDirectory(unpackDir);

    // Cancelled while debugfs unpacks (its process is the first one started).
    QFuture<ScanOutcome> future = scanner->scan(bakedRootfsRequest(image));
    QCOMPARE(leftIn(unpackDir).size(), 1);
    scanner->cancelAll();
    QVERIFY(waitFor(future, 10000));
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    QCOMPARE(leftIn(unpackDir), QStringList());
    QVERIFY(fake.calls().isEmpty());

    // Cancelled while the scanner runs.
    future = scanner->scan(bakedRootfsRequest(image));
    QTRY_VERIFY(alive(fake.read(u"child"_s)));
    QCOMPARE(leftIn(unpackDir).size(), 1);
    future.cancel();
    QVERIFY(waitFor(future, 10000));
    QVERIFY(future.isCanceled());
    QCOMPARE(leftIn(unpackDir), QStringList());
    QTRY_VERIFY(!alive(fake.read(u"child"_s)));

    // Timed out while the scanner runs.
    QFile::remove(fake.file(u"child"_s));
    scanner->setTimeoutMs(1000);
    future = scanner->scan(bakedRootfsRequest(image));
    QVERIFY(waitFor(future));
    QCOMPARE(future.result().reason, u"trivy timed out after 1 s."_s);
    QCOMPARE(leftIn(unpackDir), QStringList());
    scanner->setTimeoutMs(0);

    // The scanner destroyed while its scan runs: the tree goes right after.
    QFile::remove(fake.file(u"child"_s));
    future = scanner->scan(bakedRootfsRequest(image));
    QTRY_VERIFY(alive(fake.read(u"child"_s)));
    scanner.reset();
    QVERIFY(future.isCanceled());
    QTRY_COMPARE(leftIn(unpackDir), QStringList());
    QTRY_VERIFY(!alive(fake.read(u"child"_s)));
}

QTEST_GUILESS_MAIN(TestImageScanner)
#include "tst_imagescanner.moc"
