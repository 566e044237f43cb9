// kiln-test-properties: LABELS slow TIMEOUT 900
#include "cataloguefixture.h"
#include "cli/cli.h"
#include "store/bakeimagerepository.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <thread>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {
using Run = KilnTest::KilnctlRun;

QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

struct Tool
{
    int code = -1;
    QString out;
};

Tool tool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}
} // namespace

// kilnctl bake and scan, in-process, baking rootfs tars made with GNU tar into ext4
// files checked with e2fsck -fn and debugfs; Ctrl+C (SIGINT) during --wait cancels.
class tst_BakeCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bakeWaitMakesExt4();
    void bakedContentIsNotBakedAgain();
    void bakeJson();
    void queuedThenWaited();
    void overTheCapFails();
    void interruptCancels();
    void realProcesses();
    void scan();
    void usage_data();
    void usage();

private:
    Run kilnctl(QStringList arguments) const
    {
        return KilnTest::runKilnctl(arguments << u"--catalog"_s << m_catalogue->path());
    }
    void registerTar(const QString &name, const QString &tar, int sizeMib = 32)
    {
        const Run run = kilnctl({u"image"_s, u"register"_s, name, u"--source"_s, u"tar:"_s + tar,
                                 u"--size-mib"_s, QString::number(sizeMib)});
        QVERIFY2(run.code == 0, qPrintable(run.err));
    }
    BakeImage image(const QString &name) const
    {
        auto found = BakeImageRepository(m_catalogue->catalogue()).getByName(name);
        return found.ok() ? found.value() : BakeImage{};
    }
    QString stagingDir() const { return QFileInfo(m_catalogue->path()).absolutePath() + u"/staging"_s; }

    QTemporaryDir m_files;
    QString m_tar;    // a few files, owners 1234:5678
    QString m_bigTar; // 3 MiB of data
    QString m_hugeTar;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
};

void tst_BakeCommand::initTestCase()
{
    QVERIFY(m_files.isValid());
    m_catalogue = std::make_unique<KilnTest::TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));

    const QString root = m_files.filePath(u"rootfs"_s);
    QVERIFY(QDir().mkpath(root + u"/etc"_s));
    QVERIFY(QDir().mkpath(root + u"/usr/bin"_s));
    QVERIFY(writeFile(root + u"/etc/motd"_s, "hello from kilnctl bake\n"));
    QVERIFY(writeFile(root + u"/usr/bin/tool"_s, "#!/bin/sh\necho tool\n"));
    QVERIFY(QFile::setPermissions(root + u"/usr/bin/tool"_s,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                      QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QVERIFY(QFile::link(u"../../etc/motd"_s, root + u"/usr/bin/motd-link"_s));
    m_tar = m_files.filePath(u"rootfs.tar"_s);
    Tool made = tool(u"tar"_s, {u"-C"_s, root, u"--owner=1234"_s, u"--group=5678"_s, u"--numeric-owner"_s,
                                u"-cf"_s, m_tar, u"."_s});
    QVERIFY2(made.code == 0, qPrintable(made.out));

    const QString bigRoot = m_files.filePath(u"big"_s);
    QVERIFY(QDir().mkpath(bigRoot + u"/etc"_s));
    QVERIFY(writeFile(bigRoot + u"/etc/data"_s, QByteArray(3 * 1024 * 1024, 'x')));
    m_bigTar = m_files.filePath(u"big.tar"_s);
    made = tool(u"tar"_s, {u"-C"_s, bigRoot, u"-cf"_s, m_bigTar, u"."_s});
    QVERIFY2(made.code == 0, qPrintable(made.out));

    // Enough random bytes that the bake is still running when it is interrupted.
    const QString hugeRoot = m_files.filePath(u"huge"_s);
    QVERIFY(QDir().mkpath(hugeRoot + u"/srv"_s));
    QFile random(u"/dev/urandom"_s);
    QVERIFY(random.open(QIODevice::ReadOnly));
    QFile huge(hugeRoot + u"/srv/random.bin"_s);
    QVERIFY(huge.open(QIODevice::WriteOnly));
    for (int i = 0; i < 256; ++i)
        QCOMPARE(huge.write(random.read(1024 * 1024)), 1024 * 1024);
    huge.close();
    m_hugeTar = m_files.filePath(u"huge.tar"_s);
    made = tool(u"tar"_s, {u"-C"_s, hugeRoot, u"-cf"_s, m_hugeTar, u"."_s});
    QVERIFY2(made.code == 0, qPrintable(made.out));
    QVERIFY(QFile::remove(hugeRoot + u"/srv/random.bin"_s));
}

void tst_BakeCommand::bakeWaitMakesExt4()
{
    registerTar(u"tools-v1"_s, m_tar);
    const Run run = kilnctl({u"bake"_s, u"tools-v1"_s, u"--wait"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));

    const BakeImage baked = image(u"tools-v1"_s);
    QCOMPARE(baked.state, BakeState::Baked);
    QVERIFY(baked.content);
    const QString path = baked.content->path;
    QCOMPARE(run.out.split(u'\n', Qt::SkipEmptyParts).mid(0, 3),
             (QStringList{u"queued the bake of tools-v1"_s, u"baked tools-v1: %1 (32.0 MiB)"_s.arg(path),
                          u"sha256:         "_s + baked.content->sha256}));
    QVERIFY2(run.out.contains(u"\nscan:           skipped: "_s), qPrintable(run.out));
    // Every phase in order on stderr, numbered.
    qsizetype at = 0;
    for (const QString &phase :
         {u"bake tools-v1: [1/7] "_s, u"bake tools-v1: [2/7] "_s, u"bake tools-v1: [3/7] "_s,
          u"bake tools-v1: [4/7] "_s, u"bake tools-v1: [5/7] "_s, u"bake tools-v1: [6/7] "_s,
          u"bake tools-v1: [7/7] "_s}) {
        at = run.err.indexOf(phase, at);
        QVERIFY2(at >= 0, qPrintable(phase + u" missing in order from:\n"_s + run.err));
    }

    const Tool fsck = tool(u"e2fsck"_s, {u"-fn"_s, path});
    QVERIFY2(fsck.code == 0, qPrintable(fsck.out));
    const Tool motd = tool(u"debugfs"_s, {u"-R"_s, u"cat /etc/motd"_s, path});
    QVERIFY2(motd.out.contains(u"hello from kilnctl bake"_s), qPrintable(motd.out));
    const Tool stat = tool(u"debugfs"_s, {u"-R"_s, u"stat /usr/bin/tool"_s, path});
    QVERIFY2(stat.out.contains(u"User:  1234"_s) && stat.out.contains(u"Group:  5678"_s),
             qPrintable(stat.out));
    QVERIFY2(stat.out.contains(u"Mode:  0755"_s), qPrintable(stat.out));
    const Tool link = tool(u"debugfs"_s, {u"-R"_s, u"stat /usr/bin/motd-link"_s, path});
    QVERIFY2(link.out.contains(u"Fast link dest: \"../../etc/motd\""_s), qPrintable(link.out));
    // Nothing is left in staging.
    QCOMPARE(QDir(stagingDir()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

void tst_BakeCommand::bakedContentIsNotBakedAgain()
{
    if (image(u"tools-v1"_s).state != BakeState::Baked)
        QSKIP("needs bakeWaitMakesExt4");
    const Run run = kilnctl({u"bake"_s, u"tools-v1"_s, u"--wait"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err,
             u"kilnctl bake: The bake image “tools-v1” already has content; content is never re-baked "
             "in place: register a new name for a new bake (bake images are versioned by name).\n"_s);
}

void tst_BakeCommand::bakeJson()
{
    registerTar(u"tools-v2"_s, m_tar);
    const Run run = kilnctl({u"bake"_s, u"tools-v2"_s, u"--wait"_s, u"--json"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"result"_s).toString(), u"baked"_s);
    QCOMPARE(json.value(u"state"_s).toString(), u"baked"_s);
    const QJsonObject content = json.value(u"content"_s).toObject();
    const QString path = content.value(u"path"_s).toString();
    QCOMPARE(content.value(u"sha256"_s).toString(), tool(u"sha256sum"_s, {path}).out.section(u' ', 0, 0));
    QCOMPARE(content.value(u"size"_s).toInteger(), QFileInfo(path).size());
    QCOMPARE(json.value(u"scan"_s).toObject().value(u"status"_s).toString(), u"skipped"_s);
}

void tst_BakeCommand::queuedThenWaited()
{
    registerTar(u"later"_s, m_tar);
    // In a test this is not kilnctl: no detached baker starts, and it says so.
    Run run = kilnctl({u"bake"_s, u"later"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"queued the bake of later\n"_s);
    QCOMPARE(run.err,
             u"kilnctl bake: could not start a baker (this program is not kilnctl); 'kilnctl bake later "
             "--wait' or Kiln bakes it.\n"_s);
    QCOMPARE(image(u"later"_s).state, BakeState::Queued);

    run = kilnctl({u"bake"_s, u"later"_s, u"--wait"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(u"the bake of later is queued already\nbaked later: "_s),
             qPrintable(run.out));
    QCOMPARE(image(u"later"_s).state, BakeState::Baked);
}

void tst_BakeCommand::overTheCapFails()
{
    registerTar(u"too-small"_s, m_bigTar, 1);
    const Run run = kilnctl({u"bake"_s, u"too-small"_s, u"--wait"_s});
    QCOMPARE(run.code, 1);
    const BakeImage failed = image(u"too-small"_s);
    QCOMPARE(failed.state, BakeState::Failed);
    QVERIFY(!failed.error.isEmpty());
    QVERIFY2(run.err.endsWith(u"kilnctl bake: the bake of too-small failed: "_s + failed.error + u'\n'),
             qPrintable(run.err));
    QVERIFY2(failed.error.contains(u"MiB"_s), qPrintable(failed.error));
    QVERIFY(!failed.content);
    QCOMPARE(QDir(stagingDir()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());

    const Run show = kilnctl({u"image"_s, u"show"_s, u"too-small"_s});
    QVERIFY2(show.out.contains(u"state:          failed\n"_s), qPrintable(show.out));
    QVERIFY2(show.out.contains(u"error:          "_s + failed.error + u'\n'), qPrintable(show.out));
}

void tst_BakeCommand::interruptCancels()
{
    registerTar(u"interrupted"_s, m_hugeTar, 512);
    const QString id = image(u"interrupted"_s).id;
    // Ctrl+C once the bake has a staging folder: the handler of --wait takes it.
    std::atomic<bool> raised{false};
    std::atomic<bool> stop{false};
    const QString staging = stagingDir() + u'/' + id;
    struct sigaction before = {};
    QCOMPARE(::sigaction(SIGINT, nullptr, &before), 0);
    std::thread interrupter([&] {
        QElapsedTimer timer;
        timer.start();
        while (!stop.load() && timer.elapsed() < 120000) {
            if (QFileInfo::exists(staging)) {
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                raised.store(true);
                std::raise(SIGINT);
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    const Run run = kilnctl({u"bake"_s, u"interrupted"_s, u"--wait"_s});
    stop.store(true);
    interrupter.join();
    QVERIFY(raised.load());
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(
                 u"kilnctl bake: cancelling the bake of interrupted (Ctrl+C again to quit at once)\n"_s),
             qPrintable(run.err));
    QVERIFY2(run.err.endsWith(u"kilnctl bake: the bake of interrupted cancelled\n"_s), qPrintable(run.err));
    const BakeImage cancelled = image(u"interrupted"_s);
    QCOMPARE(cancelled.state, BakeState::Cancelled);
    QVERIFY(!cancelled.content);
    QVERIFY(!QFileInfo::exists(staging));
    const QString content = QFileInfo(m_catalogue->path()).absolutePath() + u"/content"_s;
    for (const QString &entry : QDir(content).entryList(QDir::Files))
        QVERIFY2(!entry.startsWith(u"interrupted"_s), qPrintable(entry));
    // SIGINT's handler is the one before: kilnctl's went with --wait.
    struct sigaction after = {};
    QCOMPARE(::sigaction(SIGINT, nullptr, &after), 0);
    QVERIFY(after.sa_handler == before.sa_handler);
    QVERIFY(after.sa_sigaction == before.sa_sigaction);

    // A cancelled bake can be baked again.
    const Run again = kilnctl({u"bake"_s, u"interrupted"_s});
    QCOMPARE(again.code, 0);
    QCOMPARE(image(u"interrupted"_s).state, BakeState::Queued);
    QVERIFY(BakeImageRepository(m_catalogue->catalogue()).requestCancel(id).ok());
}

// The kilnctl executable: a bake without --wait is carried out by the detached
// "kilnctl bake NAME --wait" it starts, and a SIGINT to "kilnctl bake --wait" cancels.
void tst_BakeCommand::realProcesses()
{
    const QString root = qEnvironmentVariable("KILN_BINARY_DIR");
    const QString kilnctlPath = root.isEmpty() ? QString() : KilnTest::binaryPath(u"app/kilnctl/kilnctl"_s);
    if (kilnctlPath.isEmpty() || !QFileInfo(kilnctlPath).isExecutable())
        QSKIP("the kilnctl executable is not built (run through ctest after building kilnctl)");

    registerTar(u"detached"_s, m_tar);
    QProcess queue;
    queue.start(kilnctlPath, {u"bake"_s, u"detached"_s, u"--catalog"_s, m_catalogue->path()});
    QVERIFY(queue.waitForFinished(60000));
    QCOMPARE(queue.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(queue.readAllStandardOutput()), u"queued the bake of detached\n"_s);
    QCOMPARE(QString::fromUtf8(queue.readAllStandardError()), QString());
    QTRY_COMPARE_WITH_TIMEOUT(image(u"detached"_s).state, BakeState::Baked, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(image(u"detached"_s).scanStatus, ScanStatus::Skipped, 60000);
    // A scan without --wait: pending when kilnctl returns, then done by the detached scanner.
    QProcess rescan;
    rescan.start(kilnctlPath, {u"scan"_s, u"detached"_s, u"--catalog"_s, m_catalogue->path()});
    QVERIFY(rescan.waitForFinished(60000));
    QCOMPARE(rescan.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(rescan.readAllStandardError()), QString());
    QTRY_COMPARE_WITH_TIMEOUT(image(u"detached"_s).scanStatus, ScanStatus::Skipped, 60000);

    registerTar(u"signalled"_s, m_hugeTar, 512);
    QProcess bake;
    bake.start(kilnctlPath, {u"bake"_s, u"signalled"_s, u"--wait"_s, u"--catalog"_s, m_catalogue->path()});
    QVERIFY(bake.waitForStarted());
    QByteArray err;
    QElapsedTimer timer;
    timer.start();
    while (!err.contains("] Unpacking") && timer.elapsed() < 60000 && bake.state() == QProcess::Running) {
        bake.waitForReadyRead(100);
        err += bake.readAllStandardError();
    }
    QVERIFY2(err.contains("] Unpacking"), err.constData());
    QCOMPARE(::kill(pid_t(bake.processId()), SIGINT), 0);
    QVERIFY(bake.waitForFinished(60000));
    err += bake.readAllStandardError();
    QCOMPARE(bake.exitStatus(), QProcess::NormalExit);
    QCOMPARE(bake.exitCode(), 1);
    QVERIFY2(err.contains("kilnctl bake: cancelling the bake of signalled"), err.constData());
    QVERIFY2(err.endsWith("kilnctl bake: the bake of signalled cancelled\n"), err.constData());
    QCOMPARE(image(u"signalled"_s).state, BakeState::Cancelled);
    QVERIFY(!QFileInfo::exists(stagingDir() + u'/' + image(u"signalled"_s).id));
}

void tst_BakeCommand::scan()
{
    if (image(u"tools-v1"_s).state != BakeState::Baked)
        QSKIP("needs bakeWaitMakesExt4");
    // A rootfs tar has nothing a scanner reads: skipped, with the reason.
    Run run = kilnctl({u"scan"_s, u"tools-v1"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"queued a scan of tools-v1\n"_s);
    QCOMPARE(run.err, u"kilnctl scan: could not start a scanner (this program is not kilnctl); 'kilnctl scan "
                      "tools-v1 --wait' or Kiln scans it.\n"_s);
    QCOMPARE(image(u"tools-v1"_s).scanStatus, ScanStatus::Pending);

    run = kilnctl({u"scan"_s, u"tools-v1"_s, u"--wait"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const BakeImage scanned = image(u"tools-v1"_s);
    QCOMPARE(scanned.scanStatus, ScanStatus::Skipped);
    QVERIFY(!scanned.scanReason.isEmpty());
    QVERIFY2(run.out.startsWith(u"image:          tools-v1\nscan:           skipped: "_s +
                                scanned.scanReason + u'\n'),
             qPrintable(run.out));
    QCOMPARE(run.err, u"kilnctl scan tools-v1: scanning\n"_s);

    run = kilnctl({u"scan"_s, u"tools-v1"_s, u"--wait"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"skipped"_s);

    registerTar(u"unbaked"_s, m_tar);
    run = kilnctl({u"scan"_s, u"unbaked"_s, u"--wait"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err, u"kilnctl scan: bake image unbaked has no content to scan; bake it first (kilnctl bake "
                      "unbaked)\n"_s);
}

void tst_BakeCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    QTest::newRow("bake without an image")
        << QStringList{u"bake"_s} << 2
        << u"kilnctl bake: expected one argument, the bake image's name or id\n"_s;
    QTest::newRow("bake two images")
        << QStringList{u"bake"_s, u"a"_s, u"b"_s} << 2
        << u"kilnctl bake: expected one argument, the bake image's name or id\n"_s;
    QTest::newRow("bake an unknown option")
        << QStringList{u"bake"_s, u"a"_s, u"--force"_s} << 2 << u"kilnctl bake: Unknown option 'force'.\n"_s;
    QTest::newRow("scan without an image")
        << QStringList{u"scan"_s} << 2
        << u"kilnctl scan: expected one argument, the bake image's name or id\n"_s;
    QTest::newRow("bake an unknown image")
        << QStringList{u"bake"_s, u"ghost"_s} << 1
        << u"kilnctl bake: There is no bake image with id or name “ghost”.\n"_s;
}

void tst_BakeCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, error);
    const Run run = kilnctl(arguments);
    QCOMPARE(run.err, error);
    QCOMPARE(run.code, code);
}

QTEST_GUILESS_MAIN(tst_BakeCommand)
#include "tst_bakecommand.moc"
