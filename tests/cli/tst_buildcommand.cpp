// kiln-test-properties: TIMEOUT 600
#include "bakefixture.h"
#include "testsupport.h"
#include "workerprocess.h"

#include "bake/joblog.h"
#include "store/catalogue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace KilnTest;

// kilnctl build, jobs, cancel, logs and queue, run in-process on real builds.
class tst_BuildCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void buildWaitPushesAndPrintsLog();
    void builtRevisionIsNotBuiltAgain();
    void rebuildsAJobsRevision();
    void jobsListsBuilds();
    void tailMatchesGnuTailOfExport();
    void failedBuildExitsThree();
    void refusedWithoutPushRegistry();
    void cancelsQueuedJob();
    void queueRunBuildsWhatIsQueued();
    void usageErrors_data();
    void usageErrors();
    void buildOnAWorker();

private:
    QStringList catalog() const { return {u"--catalog"_s, m_catalogPath}; }
    QStringList storage() const;
    KilnctlRun kilnctl(const QStringList &arguments, const QString &input = {}) const;
    QJsonObject json(const KilnctlRun &run) const
    {
        return QJsonDocument::fromJson(run.out.toUtf8()).object();
    }
    QString createSpec(const QString &name, const QStringList &apt);
    QString lastJobId(const QString &spec) const;

    BakeFixture m_fixture;
    WorkerProcess m_worker; // buildOnAWorker()
    QTemporaryDir m_dir;
    QString m_catalogPath;
};

void tst_BuildCommand::initTestCase()
{
    isolateSettings();
    qputenv("KILN_SECRET_BACKEND", "file");
    qputenv("KILN_SECRET_DIR", m_dir.filePath(u"secrets"_s).toUtf8());
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
    m_catalogPath = m_dir.filePath(u"catalogue.sqlite"_s);
    const QString address = m_fixture.registry().address();
    const auto added =
        kilnctl({u"registry"_s, u"add"_s, u"local"_s, u"--url"_s, u"http://"_s + address, u"--prefix"_s,
                 address + u"/kiln-built"_s, u"--insecure"_s, u"--push-target"_s});
    QVERIFY2(added.code == 0, qPrintable(added.err));
}

void tst_BuildCommand::cleanupTestCase()
{
    if (m_worker.isRunning())
        m_worker.stop();
    m_fixture.cleanup();
}

QStringList tst_BuildCommand::storage() const
{
    return {u"--storage-root"_s, m_fixture.storageRoot(), u"--run-root"_s,
            m_fixture.runRoot(), u"--storage-driver"_s,   u"vfs"_s};
}

KilnctlRun tst_BuildCommand::kilnctl(const QStringList &arguments, const QString &input) const
{
    return runKilnctl(arguments + catalog(), input);
}

QString tst_BuildCommand::createSpec(const QString &name, const QStringList &apt)
{
    QStringList arguments{u"spec"_s, u"create"_s, name, u"--base"_s, m_fixture.baseImage()};
    for (const QString &package : apt)
        arguments << u"--apt"_s << package;
    const auto created = kilnctl(arguments);
    return created.code == 0 ? QString() : created.err;
}

QString tst_BuildCommand::lastJobId(const QString &spec) const
{
    const auto jobs = kilnctl({u"jobs"_s, spec, u"--json"_s, u"--limit"_s, u"1"_s});
    return json(jobs).value(u"jobs"_s).toArray().at(0).toObject().value(u"id"_s).toString();
}

void tst_BuildCommand::buildWaitPushesAndPrintsLog()
{
    QCOMPARE(createSpec(u"demo"_s, {u"curl"_s}), QString());
    const auto built = kilnctl(QStringList{u"build"_s, u"demo"_s, u"--wait"_s} + storage());
    QVERIFY2(built.code == 0, qPrintable(built.err + built.out));
    // The log streams to stdout: the engine's lines and Kiln's notes.
    QVERIFY2(built.out.contains(u"apt-get ran as uid 0"_s), qPrintable(built.out));
    QVERIFY(built.out.contains(u"kiln: Pushed "_s));
    static const QRegularExpression done(u"^Built (\\S+):([0-9a-f]{12})@(sha256:[0-9a-f]{64})$"_s,
                                         QRegularExpression::MultilineOption);
    const auto match = done.match(built.out);
    QVERIFY2(match.hasMatch(), qPrintable(built.out));
    QCOMPARE(match.captured(1), m_fixture.registry().address() + u"/kiln-built/demo"_s);
    QCOMPARE(match.captured(3), m_fixture.manifestDigest(u"kiln-built/demo"_s, match.captured(2)));
}

void tst_BuildCommand::builtRevisionIsNotBuiltAgain()
{
    QCOMPARE(createSpec(u"once"_s, {u"curl"_s}), QString());
    QCOMPARE(kilnctl(QStringList{u"build"_s, u"once"_s, u"--wait"_s} + storage()).code, 0);
    const auto again = kilnctl(QStringList{u"build"_s, u"once"_s, u"--wait"_s} + storage());
    QCOMPARE(again.code, 0);
    QVERIFY2(again.out.contains(u"Already built"_s), qPrintable(again.out));
    QCOMPARE(json(kilnctl({u"jobs"_s, u"once"_s, u"--json"_s})).value(u"jobs"_s).toArray().size(), 1);
    const auto forced = kilnctl(QStringList{u"build"_s, u"once"_s, u"--wait"_s, u"--force"_s} + storage());
    QCOMPARE(forced.code, 0);
    QCOMPARE(json(kilnctl({u"jobs"_s, u"once"_s, u"--json"_s})).value(u"jobs"_s).toArray().size(), 2);
}

void tst_BuildCommand::rebuildsAJobsRevision()
{
    // Kiln's Rebuild: the revision an earlier job built, even after the spec moved on.
    QCOMPARE(createSpec(u"again"_s, {u"curl"_s}), QString());
    QCOMPARE(kilnctl(QStringList{u"build"_s, u"again"_s, u"--wait"_s} + storage()).code, 0);
    const QString first = lastJobId(u"again"_s);
    QCOMPARE(kilnctl({u"spec"_s, u"edit"_s, u"again"_s, u"--apt"_s, u"git"_s}).code, 0);
    const auto rebuilt =
        kilnctl(QStringList{u"build"_s, u"--job"_s, first, u"--wait"_s, u"--json"_s} + storage());
    QVERIFY2(rebuilt.code == 0, qPrintable(rebuilt.err + rebuilt.out));
    const QJsonArray jobs = json(kilnctl({u"jobs"_s, u"again"_s, u"--json"_s})).value(u"jobs"_s).toArray();
    QCOMPARE(jobs.size(), 2);
    QVERIFY(jobs.at(0).toObject().value(u"id"_s).toString() != first);
    QVERIFY(!jobs.at(1).toObject().value(u"revision_id"_s).toString().isEmpty());
    QCOMPARE(jobs.at(0).toObject().value(u"revision_id"_s), jobs.at(1).toObject().value(u"revision_id"_s));
    QCOMPARE(jobs.at(0).toObject().value(u"status"_s).toString(), u"succeeded"_s);

    const auto both = kilnctl({u"build"_s, u"again"_s, u"--job"_s, first});
    QCOMPARE(both.code, 2);
    QVERIFY2(both.err.contains(u"--job takes no spec argument"_s), qPrintable(both.err));
    const auto unknown = kilnctl({u"build"_s, u"--job"_s, u"no-such-job"_s});
    QCOMPARE(unknown.code, 1);
}

void tst_BuildCommand::jobsListsBuilds()
{
    QCOMPARE(createSpec(u"listed"_s, {u"curl"_s}), QString());
    QCOMPARE(kilnctl(QStringList{u"build"_s, u"listed"_s, u"--wait"_s} + storage()).code, 0);
    const auto list = kilnctl({u"jobs"_s, u"listed"_s, u"--json"_s});
    QCOMPARE(list.code, 0);
    const QJsonObject job = json(list).value(u"jobs"_s).toArray().at(0).toObject();
    QCOMPARE(job.value(u"status"_s).toString(), u"succeeded"_s);
    QVERIFY(job.value(u"worker_id"_s).isNull()); // built here
    QVERIFY(job.value(u"pushed_digest"_s).toString().startsWith(u"sha256:"_s));
    QVERIFY(job.value(u"engine"_s).toString().startsWith(u"buildah "_s));
    const auto text = kilnctl({u"jobs"_s});
    QCOMPARE(text.code, 0);
    QVERIFY(text.out.startsWith(u"JOB"_s));
    QVERIFY(text.out.contains(job.value(u"id"_s).toString()));
    QVERIFY(text.out.contains(u"succeeded"_s));
}

void tst_BuildCommand::tailMatchesGnuTailOfExport()
{
    QCOMPARE(createSpec(u"chatty"_s, {u"kiln-chatty"_s}), QString());
    QCOMPARE(kilnctl(QStringList{u"build"_s, u"chatty"_s, u"--wait"_s} + storage()).code, 0);
    const QString id = lastJobId(u"chatty"_s);
    const QString exported = m_dir.filePath(u"chatty.log"_s);
    const auto saved = kilnctl({u"logs"_s, id, u"--output"_s, exported});
    QVERIFY2(saved.code == 0, qPrintable(saved.err));
    QProcess tail;
    tail.start(u"tail"_s, {u"-n"_s, u"2000"_s, exported});
    QVERIFY(tail.waitForFinished(10000));
    const QString expected = QString::fromUtf8(tail.readAllStandardOutput());
    // On failure, say what the export held (seen once in CI, not reproduced since).
    QVERIFY2(expected.count(u'\n') == 2000,
             qPrintable(u"%1 lines in the export of %2 bytes; its end: %3"_s.arg(expected.count(u'\n'))
                            .arg(QFileInfo(exported).size())
                            .arg(expected.right(300))));
    QVERIFY(expected.contains(u"chatty line 4999"_s));
    const auto ours = kilnctl({u"logs"_s, id, u"--tail"_s, u"2000"_s, u"--raw"_s});
    QCOMPARE(ours.code, 0);
    QCOMPARE(ours.out, expected);
    // The export is the whole log, byte for byte.
    QFile whole(exported);
    QVERIFY(whole.open(QIODevice::ReadOnly));
    QCOMPARE(kilnctl({u"logs"_s, id, u"--raw"_s}).out.toUtf8(), whole.readAll());
}

void tst_BuildCommand::failedBuildExitsThree()
{
    QCOMPARE(createSpec(u"broken"_s, {u"no-such-package"_s}), QString());
    const auto failed = kilnctl(QStringList{u"build"_s, u"broken"_s, u"--wait"_s} + storage());
    QCOMPARE(failed.code, 3);
    QVERIFY2(failed.err.contains(u"E: Unable to locate package no-such-package"_s), qPrintable(failed.err));
    QVERIFY(failed.err.contains(u" failed"_s));
}

void tst_BuildCommand::refusedWithoutPushRegistry()
{
    QTemporaryDir dir;
    const QStringList bare{u"--catalog"_s, dir.filePath(u"bare.sqlite"_s)};
    QCOMPARE(
        runKilnctl(QStringList{u"spec"_s, u"create"_s, u"lonely"_s, u"--base"_s, u"debian"_s} + bare).code,
        0);
    const auto refused = runKilnctl(QStringList{u"build"_s, u"lonely"_s, u"--wait"_s} + bare);
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains(u"No push registry is configured"_s), qPrintable(refused.err));
    QCOMPARE(runKilnctl(QStringList{u"jobs"_s} + bare).out,
             u"No build jobs yet. Queue one with 'kilnctl build SPEC'.\n"_s);
}

void tst_BuildCommand::cancelsQueuedJob()
{
    QCOMPARE(createSpec(u"unwanted"_s, {u"curl"_s}), QString());
    // Without --wait (and not being the kilnctl program) it only queues.
    const auto queued = kilnctl({u"build"_s, u"unwanted"_s, u"--json"_s});
    QCOMPARE(queued.code, 0);
    const QString id = json(queued).value(u"id"_s).toString();
    QCOMPARE(json(queued).value(u"status"_s).toString(), u"queued"_s);
    const auto cancelled = kilnctl({u"cancel"_s, id, u"--json"_s});
    QVERIFY2(cancelled.code == 0, qPrintable(cancelled.err));
    QCOMPARE(json(cancelled).value(u"status"_s).toString(), u"cancelled"_s);
    const auto again = kilnctl({u"cancel"_s, id});
    QCOMPARE(again.code, 1);
    QVERIFY(again.err.contains(u"already cancelled"_s));
}

void tst_BuildCommand::queueRunBuildsWhatIsQueued()
{
    QCOMPARE(createSpec(u"later"_s, {u"curl"_s}), QString());
    const auto queued = kilnctl({u"build"_s, u"later"_s, u"--json"_s});
    QCOMPARE(queued.code, 0);
    const QString id = json(queued).value(u"id"_s).toString();
    const auto ran = kilnctl(QStringList{u"queue"_s, u"run"_s, u"--until-idle"_s} + storage());
    QCOMPARE(ran.code, 0);
    const auto logs = kilnctl({u"logs"_s, id});
    QCOMPARE(logs.code, 0);
    QVERIFY(logs.out.contains(u"kiln: Succeeded."_s));
    QCOMPARE(json(kilnctl({u"jobs"_s, u"later"_s, u"--json"_s}))
                 .value(u"jobs"_s)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"status"_s)
                 .toString(),
             u"succeeded"_s);
}

void tst_BuildCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("build without spec") << QStringList{u"build"_s} << 2 << u"expected one argument"_s;
    QTest::newRow("build unknown spec") << QStringList{u"build"_s, u"nope"_s} << 1 << u"nope"_s;
    QTest::newRow("negative tail") << QStringList{u"logs"_s, u"x"_s, u"--tail"_s, u"-1"_s} << 2
                                   << u"--tail"_s;
    QTest::newRow("output with follow")
        << QStringList{u"logs"_s, u"x"_s, u"--output"_s, u"/tmp/x"_s, u"--follow"_s} << 2 << u"--output"_s;
    QTest::newRow("logs of unknown job") << QStringList{u"logs"_s, u"nope"_s} << 1 << u"nope"_s;
    QTest::newRow("cancel unknown job") << QStringList{u"cancel"_s, u"nope"_s} << 1 << u"nope"_s;
    QTest::newRow("jobs limit") << QStringList{u"jobs"_s, u"--limit"_s, u"0"_s} << 2 << u"--limit"_s;
    QTest::newRow("queue without run") << QStringList{u"queue"_s} << 2 << u"run"_s;
}

void tst_BuildCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, message);
    const auto run = kilnctl(arguments);
    QCOMPARE(run.code, code);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_BuildCommand::buildOnAWorker()
{
    const QByteArray token = m_worker.createToken({u"builds:run"_s}, u"kilnctl"_s);
    QVERIFY2(!token.isEmpty(), qPrintable(m_worker.errorString()));
    {
        auto workerCatalogue =
            Kiln::Catalogue::openSqlite(QDir(m_worker.dataDirectory()).filePath(u"catalogue.sqlite"_s));
        QVERIFY(workerCatalogue.ok());
        QCOMPARE(m_fixture.addPushRegistry(*workerCatalogue.value()), QString());
    }
    m_worker.setServeArguments(storage());
    QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
    const auto added = kilnctl({u"worker"_s, u"add"_s, u"builder-1"_s, u"--url"_s,
                                m_worker.baseUrl().toString(), u"--token-stdin"_s},
                               QString::fromUtf8(token) + u'\n');
    QVERIFY2(added.code == 0, qPrintable(added.err));

    QCOMPARE(createSpec(u"remote"_s, {u"curl"_s}), QString());
    const auto built = kilnctl({u"build"_s, u"remote"_s, u"--on"_s, u"builder-1"_s, u"--wait"_s});
    QVERIFY2(built.code == 0, qPrintable(built.err + built.out));
    QVERIFY2(built.out.contains(u"Sent job "_s), qPrintable(built.out));
    // The worker's log, as it came.
    QVERIFY2(built.out.contains(u"apt-get ran as uid 0"_s), qPrintable(built.out));
    QVERIFY2(built.out.contains(u"Built on the worker"_s), qPrintable(built.out));
    // A local job that records the worker, with the worker's log.
    const QJsonObject job =
        json(kilnctl({u"jobs"_s, u"remote"_s, u"--json"_s})).value(u"jobs"_s).toArray().at(0).toObject();
    QCOMPARE(job.value(u"status"_s).toString(), u"succeeded"_s);
    QVERIFY(!job.value(u"worker_id"_s).toString().isEmpty());
    QVERIFY(QFile::exists(job.value(u"log_path"_s).toString()));

    // A failing build exits 3, an unknown worker 1, --on with --force 2.
    QCOMPARE(createSpec(u"remote-broken"_s, {u"no-such-package"_s}), QString());
    const auto failed = kilnctl({u"build"_s, u"remote-broken"_s, u"--on"_s, u"builder-1"_s});
    QCOMPARE(failed.code, 3);
    QVERIFY2(failed.err.contains(u"failed"_s), qPrintable(failed.err));
    const auto unknown = kilnctl({u"build"_s, u"remote"_s, u"--on"_s, u"nobody"_s});
    QCOMPARE(unknown.code, 1);
    QVERIFY2(unknown.err.contains(u"nobody"_s), qPrintable(unknown.err));
    QCOMPARE(kilnctl({u"build"_s, u"remote"_s, u"--on"_s, u"builder-1"_s, u"--force"_s}).code, 2);
}

QTEST_GUILESS_MAIN(tst_BuildCommand)
#include "tst_buildcommand.moc"
