// kiln-test-properties: LABELS slow TIMEOUT 600
#include "cataloguefixture.h"
#include "cli/cli.h"
#include "store/bakeimagerepository.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

// sha256sum's digest of `path`.
QString sha256sum(const QString &path)
{
    return tool(u"sha256sum"_s, {path}).out.section(u' ', 0, 0);
}
} // namespace

// kilnctl content get/put/rm/stat/info against a real catalogue: a tar put is baked
// here (GNU tar rootfs), the ext4 checked with e2fsck -fn and debugfs, and the
// transfers' checksums compared with sha256sum.
class tst_ContentCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void withoutContent();
    void putTarBakesIt();
    void getRoundTrip();
    void getResumesPartial();
    void putExt4WithChecksum();
    void putRefusesWrongChecksum();
    void putRejects_data();
    void putRejects();
    void removeAndStat();
    void usage_data();
    void usage();

private:
    Run kilnctl(QStringList arguments) const
    {
        return KilnTest::runKilnctl(arguments << u"--catalog"_s << m_catalogue->path());
    }
    void registerImage(const QString &name)
    {
        const Run run = kilnctl(
            {u"image"_s, u"register"_s, name, u"--source"_s, u"tar:"_s + m_tar, u"--size-mib"_s, u"32"_s});
        QVERIFY2(run.code == 0, qPrintable(run.err));
    }
    // Registers `name` and puts the rootfs tar as its content (a bake). Its ext4 path.
    QString baked(const QString &name)
    {
        registerImage(name);
        const Run run = kilnctl({u"content"_s, u"put"_s, name, m_tar});
        if (run.code != 0)
            qWarning("%s", qPrintable(run.err));
        const auto image = BakeImageRepository(m_catalogue->catalogue()).getByName(name);
        return image.ok() && image->content ? image->content->path : QString();
    }

    QTemporaryDir m_files;
    QString m_tar;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
};

void tst_ContentCommand::initTestCase()
{
    QVERIFY(m_files.isValid());
    const QString root = m_files.filePath(u"rootfs"_s);
    QVERIFY(QDir().mkpath(root + u"/etc"_s));
    QVERIFY(QDir().mkpath(root + u"/usr/share/doc"_s));
    QFile motd(root + u"/etc/motd"_s);
    QVERIFY(motd.open(QIODevice::WriteOnly));
    motd.write("baked by tst_contentcommand\n");
    motd.close();
    QFile big(root + u"/usr/share/doc/big.bin"_s); // a few chunks of 4 MiB
    QVERIFY(big.open(QIODevice::WriteOnly));
    for (int i = 0; i < 9 * 1024; ++i)
        big.write(QByteArray(1024, char('a' + i % 26)));
    big.close();
    m_tar = m_files.filePath(u"rootfs.tar"_s);
    const Tool made =
        tool(u"tar"_s, {u"-C"_s, root, u"--owner=0"_s, u"--group=0"_s, u"-cf"_s, m_tar, u"."_s});
    QVERIFY2(made.code == 0, qPrintable(made.out));
}

void tst_ContentCommand::init()
{
    m_catalogue = std::make_unique<KilnTest::TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
}

void tst_ContentCommand::withoutContent()
{
    registerImage(u"empty"_s);
    Run run = kilnctl({u"content"_s, u"info"_s, u"empty"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out,
             u"image:    empty\nstate:    registered\ncontent:  (none)\nscan:           pending\n"_s);
    run = kilnctl({u"content"_s, u"stat"_s, u"empty"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"recorded"_s).toBool(true), false);
    QCOMPARE(jsonOf(run).value(u"exists"_s).toBool(true), false);
    QVERIFY(jsonOf(run).value(u"problem"_s).isNull());
    run = kilnctl({u"content"_s, u"rm"_s, u"empty"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"empty has no content\n"_s);

    const QString target = m_files.filePath(u"nothing.ext4"_s);
    run = kilnctl({u"content"_s, u"get"_s, u"empty"_s, target});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl content get: "_s) && run.err.contains(u"empty"_s),
             qPrintable(run.err));
    QVERIFY(!QFile::exists(target));

    run = kilnctl({u"content"_s, u"info"_s, u"ghost"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl content info: "_s) && run.err.contains(u"ghost"_s),
             qPrintable(run.err));
}

void tst_ContentCommand::putTarBakesIt()
{
    registerImage(u"from-tar"_s);
    const Run run = kilnctl({u"content"_s, u"put"_s, u"from-tar"_s, m_tar});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(u"baked %1 as the content of from-tar\n"_s.arg(m_tar)), qPrintable(run.out));
    QVERIFY2(run.err.contains(u"content put from-tar: baking"_s), qPrintable(run.err));

    const auto image = BakeImageRepository(m_catalogue->catalogue()).getByName(u"from-tar"_s);
    QVERIFY(image.ok() && image->content);
    QCOMPARE(image->state, BakeState::Baked);
    const QString path = image->content->path;
    QCOMPARE(QFileInfo(path).size(), image->content->size);
    QCOMPARE(sha256sum(path), image->content->sha256);
    const Tool fsck = tool(u"e2fsck"_s, {u"-fn"_s, path});
    QVERIFY2(fsck.code == 0, qPrintable(fsck.out));
    const Tool motd = tool(u"debugfs"_s, {u"-R"_s, u"cat /etc/motd"_s, path});
    QVERIFY2(motd.out.contains(u"baked by tst_contentcommand"_s), qPrintable(motd.out));

    const Run info = kilnctl({u"content"_s, u"info"_s, u"from-tar"_s, u"--json"_s});
    QCOMPARE(info.code, 0);
    const QJsonObject content = jsonOf(info).value(u"content"_s).toObject();
    QCOMPARE(content.value(u"sha256"_s).toString(), image->content->sha256);
    QCOMPARE(content.value(u"sha1"_s).toString(), image->content->sha1);
    QCOMPARE(content.value(u"size"_s).toInteger(), image->content->size);
    QCOMPARE(content.value(u"fmt"_s).toString(), u"ext4"_s);
    QCOMPARE(jsonOf(info).value(u"state"_s).toString(), u"baked"_s);

    // Content is never replaced in place.
    const Run again = kilnctl({u"content"_s, u"put"_s, u"from-tar"_s, m_tar});
    QCOMPARE(again.code, 1);
    QVERIFY2(again.err.startsWith(u"kilnctl content put: "_s) && again.err.contains(u"from-tar"_s),
             qPrintable(again.err));
}

void tst_ContentCommand::getRoundTrip()
{
    const QString path = baked(u"round"_s);
    QVERIFY(!path.isEmpty());
    const QString target = m_files.filePath(u"round-copy.ext4"_s);
    QFile::remove(target);
    const Run run = kilnctl({u"content"_s, u"get"_s, u"round"_s, target, u"--json"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QString sum = sha256sum(target);
    QCOMPARE(sum, sha256sum(path));
    QCOMPARE(jsonOf(run).value(u"content"_s).toObject().value(u"sha256"_s).toString(), sum);
    QCOMPARE(jsonOf(run).value(u"file"_s).toString(), target);
    QVERIFY2(run.err.contains(u"content get round: downloading 100%"_s), qPrintable(run.err));
    QVERIFY(!QFile::exists(target + u".partial"_s));
}

void tst_ContentCommand::getResumesPartial()
{
    const QString path = baked(u"resumed"_s);
    QVERIFY(!path.isEmpty());
    const QString target = m_files.filePath(u"resumed-copy.ext4"_s);
    QFile::remove(target);
    // The first 5 MiB, as an interrupted get leaves them.
    QFile source(path);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QFile partial(target + u".partial"_s);
    QVERIFY(partial.open(QIODevice::WriteOnly));
    partial.write(source.read(5 * 1024 * 1024));
    partial.close();

    const Run run = kilnctl({u"content"_s, u"get"_s, u"resumed"_s, target});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.err.startsWith(
                 u"kilnctl content get: resuming after the 5242880 bytes of %1.partial\n"_s.arg(target)),
             qPrintable(run.err));
    QCOMPARE(sha256sum(target), sha256sum(path));
    QVERIFY2(run.out.contains(u"sha256:   "_s + sha256sum(path)), qPrintable(run.out));
    QVERIFY(!QFile::exists(target + u".partial"_s));
}

void tst_ContentCommand::putExt4WithChecksum()
{
    const QString path = baked(u"origin"_s);
    QVERIFY(!path.isEmpty());
    const QString file = m_files.filePath(u"origin-copy.ext4"_s);
    QFile::remove(file);
    QVERIFY(QFile::copy(path, file));
    const QString sum = sha256sum(file);

    registerImage(u"uploaded"_s);
    const Run run = kilnctl({u"content"_s, u"put"_s, u"uploaded"_s, file, u"--sha256"_s, u"sha256:"_s + sum});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(u"uploaded %1 as the content of uploaded\n"_s.arg(file)),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"sha256:   "_s + sum + u'\n'), qPrintable(run.out));
    const auto image = BakeImageRepository(m_catalogue->catalogue()).getByName(u"uploaded"_s);
    QVERIFY(image.ok() && image->content);
    QCOMPARE(image->content->sha256, sum);
    QCOMPARE(sha256sum(image->content->path), sum);
    QCOMPARE(image->scanStatus, ScanStatus::Pending);
}

void tst_ContentCommand::putRefusesWrongChecksum()
{
    const QString path = baked(u"source-image"_s);
    QVERIFY(!path.isEmpty());
    registerImage(u"target"_s);
    const QString wrong = QString(64, u'0');
    const Run run = kilnctl({u"content"_s, u"put"_s, u"target"_s, path, u"--sha256"_s, wrong});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"kilnctl content put: "_s) && run.err.contains(sha256sum(path)) &&
                 run.err.contains(wrong),
             qPrintable(run.err));
    const auto image = BakeImageRepository(m_catalogue->catalogue()).getByName(u"target"_s);
    QVERIFY(image.ok());
    QVERIFY(!image->content);
    QCOMPARE(image->state, BakeState::Registered);
    const Run stat = kilnctl({u"content"_s, u"stat"_s, u"target"_s, u"--json"_s});
    QCOMPARE(jsonOf(stat).value(u"exists"_s).toBool(true), false); // nothing left behind
}

void tst_ContentCommand::putRejects_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    QTest::newRow("not hex") << QStringList{u"--sha256"_s, u"xyz"_s} << 2
                             << u"kilnctl content put: --sha256, column 1: 'x' is not a hex digit\n"_s;
    QTest::newRow("not hex after the prefix")
        << QStringList{u"--sha256"_s, u"sha256:12g4"_s} << 2
        << u"kilnctl content put: --sha256, column 10: 'g' is not a hex digit\n"_s;
    QTest::newRow("too short") << QStringList{u"--sha256"_s, u"abcd"_s} << 2
                               << u"kilnctl content put: --sha256: a SHA-256 has 64 hex digits, not 4\n"_s;
    QTest::newRow("empty") << QStringList{u"--sha256"_s, u""_s} << 2
                           << u"kilnctl content put: --sha256: a SHA-256 has 64 hex digits, not 0\n"_s;
}

void tst_ContentCommand::putRejects()
{
    QFETCH(QStringList, options);
    QFETCH(int, code);
    QFETCH(QString, error);
    registerImage(u"target"_s);
    const Run run = kilnctl(QStringList{u"content"_s, u"put"_s, u"target"_s, m_tar} + options);
    QCOMPARE(run.err, error);
    QCOMPARE(run.code, code);

    // Neither an ext4 image nor a tar.
    const QString text = m_files.filePath(u"notes.txt"_s);
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'n'));
    file.close();
    const Run other = kilnctl({u"content"_s, u"put"_s, u"target"_s, text});
    QCOMPARE(other.code, 1);
    QVERIFY2(other.err.startsWith(u"kilnctl content put: "_s) && other.err.contains(text),
             qPrintable(other.err));
    const Run missing = kilnctl({u"content"_s, u"put"_s, u"target"_s, m_files.filePath(u"missing.ext4"_s)});
    QCOMPARE(missing.code, 2);
    QCOMPARE(missing.err,
             u"kilnctl content put: %1 is not a file\n"_s.arg(m_files.filePath(u"missing.ext4"_s)));
}

void tst_ContentCommand::removeAndStat()
{
    const QString path = baked(u"gone"_s);
    QVERIFY(!path.isEmpty());
    Run run = kilnctl({u"content"_s, u"stat"_s, u"gone"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"exists:   yes\n"_s) && run.out.contains(u"recorded: yes\n"_s),
             qPrintable(run.out));

    // The file went missing behind the catalogue's back: stat says so.
    const QString moved = path + u".moved"_s;
    QVERIFY(QFile::rename(path, moved));
    run = kilnctl({u"content"_s, u"stat"_s, u"gone"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"exists:   no\n"_s) && run.out.contains(u"problem:  "_s), qPrintable(run.out));
    QVERIFY(QFile::rename(moved, path));

    run = kilnctl({u"content"_s, u"rm"_s, u"gone"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"removed the content of gone (%1); it can be baked or uploaded again\n"_s.arg(path));
    QVERIFY(!QFile::exists(path));
    const auto image = BakeImageRepository(m_catalogue->catalogue()).getByName(u"gone"_s);
    QCOMPARE(image->state, BakeState::Registered);
    QVERIFY(!image->content);
    run = kilnctl({u"content"_s, u"info"_s, u"gone"_s, u"--json"_s});
    QVERIFY(jsonOf(run).value(u"content"_s).isNull());
}

void tst_ContentCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("no action") << QStringList{u"content"_s}
                               << u"kilnctl content: expected get, put, rm, stat or info\n"_s;
    QTest::newRow("unknown action") << QStringList{u"content"_s, u"copy"_s, u"x"_s}
                                    << u"kilnctl content: expected get, put, rm, stat or info\n"_s;
    QTest::newRow("get without a file")
        << QStringList{u"content"_s, u"get"_s, u"x"_s}
        << u"kilnctl content get: expected two arguments, the image's name or id and the file\n"_s;
    QTest::newRow("stat with a file")
        << QStringList{u"content"_s, u"stat"_s, u"x"_s, u"y"_s}
        << u"kilnctl content stat: expected one argument, the image's name or id\n"_s;
    QTest::newRow("sha256 of a get") << QStringList{u"content"_s, u"get"_s,      u"x"_s,
                                                    u"y"_s,       u"--sha256"_s, u"00"_s}
                                     << u"kilnctl content get: --sha256 does not apply to get\n"_s;
}

void tst_ContentCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const Run run = kilnctl(arguments);
    QCOMPARE(run.err, error);
    QCOMPARE(run.code, 2);
}

QTEST_GUILESS_MAIN(tst_ContentCommand)
#include "tst_contentcommand.moc"
