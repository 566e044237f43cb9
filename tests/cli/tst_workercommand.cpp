// kiln-test-properties: TIMEOUT 600
#include "cli/cli.h"
#include "layerbuilder.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

using Run = KilnTest::KilnctlRun;

QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

} // namespace

// kilnctl worker / agroup / warm / cache against a real catalogue file and real
// kiln-worker processes.
class tst_WorkerCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void addListCheck();
    void groupWarmAndCache();
    void checkWithAWrongTokenSaysSo();
    void usage_data();
    void usage();
    void removeWorker();

private:
    Run kilnctl(QStringList arguments, const QString &input = {}) const
    {
        return KilnTest::runKilnctl(arguments << u"--catalog"_s << m_path, input);
    }

    QTemporaryDir m_dir;
    QString m_path;
    KilnTest::WorkerProcess m_worker;
    QByteArray m_token;
};

void tst_WorkerCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"catalogue.sqlite"_s);
    qputenv("KILN_SECRET_BACKEND", "file");
    qputenv("KILN_SECRET_DIR", m_dir.filePath(u"secrets"_s).toUtf8());
    QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));
    m_token = m_worker.createToken({u"images:read"_s, u"images:manage"_s});
    QVERIFY2(!m_token.isEmpty(), qPrintable(m_worker.errorString()));
}

void tst_WorkerCommand::cleanupTestCase()
{
    if (m_worker.isRunning())
        QCOMPARE(m_worker.stop(), 0);
}

void tst_WorkerCommand::addListCheck()
{
    const QString url = m_worker.baseUrl().toString();
    Run run = kilnctl({u"worker"_s, u"add"_s, u"w1"_s, u"--url"_s, url, u"--token-stdin"_s},
                      QString::fromUtf8(m_token) + u'\n');
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(u"added worker w1"_s));

    // The token went to the vault, not to the catalogue.
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(m_token.mid(10)));

    run = kilnctl({u"worker"_s, u"list"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonArray workers = jsonOf(run).value(u"workers"_s).toArray();
    QCOMPARE(workers.size(), 1);
    QCOMPARE(workers.at(0)[u"status"].toString(), u"unknown"_s);

    run = kilnctl({u"worker"_s, u"check"_s, u"w1"_s, u"--json"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err + run.out));
    const QJsonObject checked = jsonOf(run);
    QCOMPARE(checked[u"status"].toString(), u"online"_s);
    QCOMPARE(checked[u"version"].toString(), QStringLiteral(KILN_VERSION));
    QVERIFY(checked[u"diskFreeBytes"].toDouble() > 0);
    QVERIFY(!checked[u"lastSeen"].isNull());
}

void tst_WorkerCommand::groupWarmAndCache()
{
    KilnTest::LayerBuilder rootfs;
    rootfs.dir("etc").file("etc/os-release", "ID=kiln\n");
    const QString tar = m_dir.filePath(u"rootfs.tar"_s);
    QVERIFY(rootfs.write(tar));
    Run run = kilnctl(
        {u"image"_s, u"register"_s, u"tiny"_s, u"--source"_s, u"tar:"_s + tar, u"--size-mib"_s, u"16"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));

    // Not in a group yet: warming does nothing, and says so.
    run = kilnctl({u"warm"_s, u"tiny"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"no availability group holds tiny"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"queued 0, ready 0, failed 0, skipped 0"_s));
    run = kilnctl({u"cache"_s, u"tiny"_s});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(u"no availability group holds tiny"_s));

    run = kilnctl({u"agroup"_s, u"create"_s, u"site-a"_s, u"--description"_s, u"rack 1"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = kilnctl({u"agroup"_s, u"add-worker"_s, u"site-a"_s, u"w1"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err)); // no images yet: nothing to warm
    // Adding the image warms it on the group's worker and prints the summary.
    run = kilnctl({u"agroup"_s, u"add-image"_s, u"site-a"_s, u"tiny"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err + run.out));
    QVERIFY2(run.out.contains(u"warm tiny: "_s) && run.out.contains(u"failed 0, skipped 0"_s),
             qPrintable(run.out));

    run = kilnctl({u"warm"_s, u"tiny"_s, u"--wait"_s, u"--timeout"_s, u"120"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err + run.out));
    QVERIFY2(run.out.contains(u"w1: ready"_s), qPrintable(run.out));

    run = kilnctl({u"cache"_s, u"tiny"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonArray rows = jsonOf(run).value(u"workers"_s).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0)[u"worker"].toString(), u"w1"_s);
    QCOMPARE(rows.at(0)[u"status"].toString(), u"ready"_s);
    QCOMPARE(rows.at(0)[u"sha256"].toString().size(), 64);

    // Ready already: the worker answers at once.
    run = kilnctl({u"warm"_s, u"tiny"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"summary"_s).toObject(),
             (QJsonObject{{u"queued"_s, 0}, {u"ready"_s, 1}, {u"failed"_s, 0}, {u"skipped"_s, 0}}));

    run = kilnctl({u"agroup"_s, u"list"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonObject group = jsonOf(run).value(u"groups"_s).toArray().at(0).toObject();
    QCOMPARE(group[u"images"].toArray(), QJsonArray{u"tiny"_s});
    QCOMPARE(group[u"workers"].toArray(), QJsonArray{u"w1"_s});
}

void tst_WorkerCommand::checkWithAWrongTokenSaysSo()
{
    Run run = kilnctl(
        {u"worker"_s, u"add"_s, u"w2"_s, u"--url"_s, m_worker.baseUrl().toString(), u"--token-stdin"_s},
        u"kw_nosuch_token\n"_s);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = kilnctl({u"worker"_s, u"check"_s, u"w2"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"auth-failed"_s), qPrintable(run.out));
    QVERIFY(!run.out.contains(u"kw_nosuch_token"_s) && !run.err.contains(u"kw_nosuch_token"_s));
}

void tst_WorkerCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("worker add without url")
        << QStringList{u"worker"_s, u"add"_s, u"w9"_s, u"--token-stdin"_s} << u"--url is required"_s;
    QTest::newRow("worker add without token-stdin")
        << QStringList{u"worker"_s, u"add"_s, u"w9"_s, u"--url"_s, u"https://example.org"_s}
        << u"--token-stdin is required"_s;
    QTest::newRow("worker bad action") << QStringList{u"worker"_s, u"frob"_s} << u"expected add, list"_s;
    QTest::newRow("agroup missing worker") << QStringList{u"agroup"_s, u"add-worker"_s, u"site-a"_s}
                                           << u"two arguments, the group and the worker"_s;
    QTest::newRow("agroup option elsewhere")
        << QStringList{u"agroup"_s, u"list"_s, u"--no-warm"_s} << u"--no-warm does not apply to list"_s;
    QTest::newRow("warm bad timeout")
        << QStringList{u"warm"_s, u"tiny"_s, u"--timeout"_s, u"soon"_s} << u"--timeout expects a number"_s;
    QTest::newRow("cache no image") << QStringList{u"cache"_s} << u"expected one argument"_s;
}

void tst_WorkerCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = kilnctl(arguments);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_WorkerCommand::removeWorker()
{
    Run run = kilnctl({u"worker"_s, u"rm"_s, u"w2"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = kilnctl({u"worker"_s, u"list"_s, u"--json"_s});
    QCOMPARE(jsonOf(run).value(u"workers"_s).toArray().size(), 1);
}

QTEST_GUILESS_MAIN(tst_WorkerCommand)
#include "tst_workercommand.moc"
