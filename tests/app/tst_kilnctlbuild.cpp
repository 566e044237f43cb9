#include "bakefixture.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace KilnTest;

// The kilnctl executable building for real, in processes of its own: a crash
// (kill -9) in the middle of a build, a cancel from another process, and a
// build without --wait that a detached kilnctl carries out.
class tst_KilnctlBuild : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void crashLeavesJobInterruptedWithLog();
    void cancelFromAnotherProcess();
    void buildWithoutWaitRunsDetached();

private:
    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };
    Run kilnctl(const QStringList &arguments, int timeoutMs = 120000) const;
    QStringList storage() const;
    QJsonObject job(const QString &spec) const;
    bool waitForLog(const QString &spec, const QString &needle, int timeoutMs = 120000) const;

    BakeFixture m_fixture;
    QTemporaryDir m_dir;
    QString m_kilnctl;
    QString m_catalog;
};

void tst_KilnctlBuild::initTestCase()
{
    m_kilnctl = binaryPath(u"app/kilnctl/kilnctl"_s);
    QVERIFY2(QFile::exists(m_kilnctl), qPrintable(m_kilnctl));
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
    m_catalog = m_dir.filePath(u"catalogue.sqlite"_s);
    const QString address = m_fixture.registry().address();
    const Run added =
        kilnctl({u"registry"_s, u"add"_s, u"local"_s, u"--url"_s, u"http://"_s + address, u"--prefix"_s,
                 address + u"/kiln-built"_s, u"--insecure"_s, u"--push-target"_s});
    QVERIFY2(added.code == 0, qPrintable(added.err));
    for (const auto &[name, package] :
         {std::pair{u"sleepy"_s, u"kiln-sleep"_s}, std::pair{u"halted"_s, u"kiln-sleep"_s},
          std::pair{u"quick"_s, u"curl"_s}}) {
        const Run created = kilnctl({u"spec"_s, u"create"_s, name, u"--base"_s, m_fixture.baseImage(),
                                     u"--apt"_s, package, u"--apt"_s, name + u"-marker"_s});
        QVERIFY2(created.code == 0, qPrintable(created.err));
    }
}

void tst_KilnctlBuild::cleanupTestCase()
{
    m_fixture.cleanup();
}

QStringList tst_KilnctlBuild::storage() const
{
    return {u"--storage-root"_s, m_fixture.storageRoot(), u"--run-root"_s,
            m_fixture.runRoot(), u"--storage-driver"_s,   u"vfs"_s};
}

tst_KilnctlBuild::Run tst_KilnctlBuild::kilnctl(const QStringList &arguments, int timeoutMs) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"KILN_SECRET_BACKEND"_s, u"file"_s);
    env.insert(u"KILN_SECRET_DIR"_s, m_dir.filePath(u"secrets"_s));
    process.setProcessEnvironment(env);
    process.start(m_kilnctl, arguments + QStringList{u"--catalog"_s, m_catalog});
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = u"timed out"_s;
        return run;
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err += QString::fromUtf8(process.readAllStandardError());
    return run;
}

QJsonObject tst_KilnctlBuild::job(const QString &spec) const
{
    const Run jobs = kilnctl({u"jobs"_s, spec, u"--json"_s, u"--limit"_s, u"1"_s});
    return QJsonDocument::fromJson(jobs.out.toUtf8()).object().value(u"jobs"_s).toArray().at(0).toObject();
}

bool tst_KilnctlBuild::waitForLog(const QString &spec, const QString &needle, int timeoutMs) const
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        QFile log(job(spec).value(u"log_path"_s).toString());
        if (log.open(QIODevice::ReadOnly) && log.readAll().contains(needle.toUtf8()))
            return true;
        QTest::qWait(200);
    }
    return false;
}

void tst_KilnctlBuild::crashLeavesJobInterruptedWithLog()
{
    QProcess builder;
    builder.start(m_kilnctl,
                  QStringList{u"build"_s, u"sleepy"_s, u"--wait"_s, u"--catalog"_s, m_catalog} + storage());
    QVERIFY(builder.waitForStarted());
    QVERIFY(waitForLog(u"sleepy"_s, u"kiln-sleep started"_s));
    QCOMPARE(job(u"sleepy"_s).value(u"status"_s).toString(), u"running"_s);
    QVERIFY(!processesMatching(m_fixture.sleepCommand()).isEmpty());

    ::kill(pid_t(builder.processId()), SIGKILL);
    QVERIFY(builder.waitForFinished(5000));
    // The engine died with it (no orphaned build goes on behind the job's back).
    QTRY_VERIFY_WITH_TIMEOUT(processesMatching(m_fixture.sleepCommand()).isEmpty(), 5000);
    QCOMPARE(job(u"sleepy"_s).value(u"status"_s).toString(), u"running"_s); // nobody has looked yet

    // The next bake service to start notices the dead runner.
    const Run restarted = kilnctl(QStringList{u"queue"_s, u"run"_s, u"--until-idle"_s} + storage());
    QCOMPARE(restarted.code, 0);
    const QJsonObject after = job(u"sleepy"_s);
    QCOMPARE(after.value(u"status"_s).toString(), u"interrupted"_s);
    QVERIFY(after.value(u"error"_s).toString().contains(u"ended without finishing"_s));
    const Run log = kilnctl({u"logs"_s, after.value(u"id"_s).toString()});
    QCOMPARE(log.code, 0);
    QVERIFY2(log.out.contains(u"kiln-sleep started"_s), qPrintable(log.out)); // written before the crash
    QVERIFY(log.out.contains(u"kiln: Interrupted"_s));
    // ... and the dead run's build folder is gone.
    const QString pattern = u"kiln-build-"_s + after.value(u"id"_s).toString() + u"-*"_s;
    QVERIFY(QDir::temp().entryList({pattern}, QDir::Dirs).isEmpty());
}

void tst_KilnctlBuild::cancelFromAnotherProcess()
{
    QProcess builder;
    builder.start(m_kilnctl,
                  QStringList{u"build"_s, u"halted"_s, u"--wait"_s, u"--catalog"_s, m_catalog} + storage());
    QVERIFY(builder.waitForStarted());
    QVERIFY(waitForLog(u"halted"_s, u"kiln-sleep started"_s));
    const QString id = job(u"halted"_s).value(u"id"_s).toString();
    QElapsedTimer timer;
    timer.start();
    const Run cancelled = kilnctl({u"cancel"_s, id});
    QVERIFY2(cancelled.code == 0, qPrintable(cancelled.err));
    QVERIFY2(timer.elapsed() < 4000, qPrintable(u"cancel took %1 ms"_s.arg(timer.elapsed())));
    QVERIFY(cancelled.out.contains(u"cancelled"_s));
    QVERIFY(builder.waitForFinished(10000));
    QCOMPARE(builder.exitCode(), 3);
    QVERIFY(QString::fromUtf8(builder.readAllStandardError()).contains(u"cancelled"_s));
    QTRY_VERIFY_WITH_TIMEOUT(processesMatching(m_fixture.sleepCommand()).isEmpty(), 5000);
}

void tst_KilnctlBuild::buildWithoutWaitRunsDetached()
{
    const Run queued = kilnctl(QStringList{u"build"_s, u"quick"_s} + storage());
    QVERIFY2(queued.code == 0, qPrintable(queued.err));
    QVERIFY(queued.out.startsWith(u"Queued job "_s));
    QVERIFY2(queued.err.isEmpty(), qPrintable(queued.err));
    QTRY_VERIFY_WITH_TIMEOUT(job(u"quick"_s).value(u"status"_s).toString() == u"succeeded"_s, 120000);
    // The detached builder ends once the queue is empty.
    QTRY_VERIFY_WITH_TIMEOUT(processesMatching("queue run --until-idle").isEmpty(), 10000);
}

QTEST_GUILESS_MAIN(tst_KilnctlBuild)
#include "tst_kilnctlbuild.moc"
