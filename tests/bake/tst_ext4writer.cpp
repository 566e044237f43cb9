#include "bake/ext4writer.h"
#include "bake/rootfstree.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <map>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

// A RootfsTree built through its public API, with its staging directory.
struct TreeBuilder
{
    QTemporaryDir staging;
    std::unique_ptr<RootfsTree> tree;

    TreeBuilder() { tree = std::make_unique<RootfsTree>(staging.path()); }

    static RootfsNode meta(RootfsNodeType type, quint32 mode, quint32 uid = 0, quint32 gid = 0)
    {
        RootfsNode node;
        node.type = type;
        node.mode = mode;
        node.uid = uid;
        node.gid = gid;
        node.mtime = 1700000000;
        node.mtimeNsec = 123456789;
        return node;
    }

    RootfsTree::NodeId add(const QByteArray &path, RootfsNode node)
    {
        auto added = tree->add(path, std::move(node));
        if (!added) {
            qWarning("add %s: %s", path.constData(), qPrintable(added.error().message));
            return 0;
        }
        return *added;
    }

    RootfsTree::NodeId dir(const QByteArray &path, quint32 mode = 0755, quint32 uid = 0, quint32 gid = 0)
    {
        return add(path, meta(RootfsNodeType::Directory, mode, uid, gid));
    }

    RootfsTree::NodeId file(const QByteArray &path, const QByteArray &content, quint32 mode = 0644,
                            quint32 uid = 0, quint32 gid = 0)
    {
        RootfsNode node = meta(RootfsNodeType::Regular, mode, uid, gid);
        node.size = content.size();
        const RootfsTree::NodeId id = add(path, std::move(node));
        if (content.isEmpty())
            return id;
        auto fd = tree->openData(id);
        if (!fd || !tree->addLiveBytes(content.size(), path))
            return id;
        qint64 done = 0;
        while (done < content.size()) {
            const ssize_t n = ::write(*fd, content.constData() + done, size_t(content.size() - done));
            if (n <= 0)
                break;
            done += n;
        }
        ::close(*fd);
        return id;
    }

    // A file of `size` bytes, zeros but for `tail` at its end, sparse in the staging directory.
    RootfsTree::NodeId sparseFile(const QByteArray &path, qint64 size, const QByteArray &tail)
    {
        RootfsNode node = meta(RootfsNodeType::Regular, 0644);
        node.size = size;
        const RootfsTree::NodeId id = add(path, std::move(node));
        auto fd = tree->openData(id);
        if (!fd || !tree->addLiveBytes(size, path))
            return id;
        if (::ftruncate(*fd, size) != 0 ||
            ::pwrite(*fd, tail.constData(), size_t(tail.size()), size - tail.size()) != tail.size())
            qWarning("cannot write %s", path.constData());
        ::close(*fd);
        return id;
    }

    RootfsTree::NodeId symlink(const QByteArray &path, const QByteArray &target)
    {
        RootfsNode node = meta(RootfsNodeType::Symlink, 0777);
        node.linkTarget = target;
        return add(path, std::move(node));
    }

    RootfsTree::NodeId device(const QByteArray &path, RootfsNodeType type, quint32 major, quint32 minor)
    {
        RootfsNode node = meta(type, 0660, 0, 6);
        node.rdevMajor = major;
        node.rdevMinor = minor;
        return add(path, std::move(node));
    }
};

QByteArray randomBytes(quint32 seed, qsizetype size)
{
    QRandomGenerator rng(seed);
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i + 4 <= size; i += 4) {
        const quint32 v = rng.generate();
        std::memcpy(out.data() + i, &v, 4);
    }
    for (qsizetype i = size & ~qsizetype(3); i < size; ++i)
        out[i] = char(rng.bounded(256));
    return out;
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// An e2fsprogs tool: /usr/sbin is not in every user's PATH.
QString tool(const QString &name)
{
    const QString path = QStandardPaths::findExecutable(name);
    return path.isEmpty() ? QStandardPaths::findExecutable(name, {u"/usr/sbin"_s, u"/sbin"_s}) : path;
}

Run run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(tool(program), arguments);
    Run r;
    if (!p.waitForFinished(300000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray debugfs(const QString &image, const QString &request)
{
    return run(u"debugfs"_s, {u"-R"_s, request, image}).out;
}

// The fields of `debugfs -R 'stat path'` the tests look at.
struct Stat
{
    bool found = false;
    QString type;
    int mode = -1;
    qint64 uid = -1;
    qint64 gid = -1;
    qint64 size = -1;
    int links = -1;
    quint32 mtime = 0;
    quint32 mtimeExtra = 0;
    QString fastLink;
    int major = -1;
    int minor = -1;
    QString flags;
};

Stat statOf(const QString &image, const QString &path)
{
    const QString out = QString::fromUtf8(debugfs(image, u"stat \"%1\""_s.arg(path)));
    Stat s;
    QRegularExpressionMatch m =
        QRegularExpression(u"Type: (.+?)\\s+Mode:\\s+(\\d+)\\s+Flags: (\\S+)"_s).match(out);
    if (!m.hasMatch())
        return s;
    s.found = true;
    s.type = m.captured(1);
    s.mode = m.captured(2).toInt(nullptr, 8);
    s.flags = m.captured(3);
    m = QRegularExpression(u"User:\\s+(\\d+)\\s+Group:\\s+(\\d+).*Size:\\s+(\\d+)"_s).match(out);
    s.uid = m.captured(1).toLongLong();
    s.gid = m.captured(2).toLongLong();
    s.size = m.captured(3).toLongLong();
    s.links = QRegularExpression(u"Links:\\s+(\\d+)"_s).match(out).captured(1).toInt();
    m = QRegularExpression(u"mtime: 0x([0-9a-f]+):([0-9a-f]+)"_s).match(out);
    s.mtime = m.captured(1).toUInt(nullptr, 16);
    s.mtimeExtra = m.captured(2).toUInt(nullptr, 16);
    m = QRegularExpression(u"Fast link dest: \"(.*)\""_s).match(out);
    if (m.hasMatch())
        s.fastLink = m.captured(1);
    m = QRegularExpression(u"Device major/minor number: (\\d+):(\\d+)"_s).match(out);
    if (m.hasMatch()) {
        s.major = m.captured(1).toInt();
        s.minor = m.captured(2).toInt();
    }
    return s;
}

// Names in `debugfs -R 'ls -p dir'` (its /ino/mode/uid/gid/name/size/ lines), '.' and '..' included.
QStringList namesIn(const QString &image, const QString &dir)
{
    QStringList names;
    const QList<QByteArray> lines = debugfs(image, u"ls -p \"%1\""_s.arg(dir)).split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> parts = line.split('/');
        if (parts.size() >= 7)
            names.append(QString::fromUtf8(parts[5]));
    }
    return names;
}

QByteArray dumpOf(const QString &image, const QString &path, const QString &scratch)
{
    const QString out = scratch + u"/dump"_s;
    QFile::remove(out);
    debugfs(image, u"dump \"%1\" \"%2\""_s.arg(path, out));
    QFile f(out);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<no dump>");
}

QString fsckOutput(const QString &image)
{
    const Run r = run(u"e2fsck"_s, {u"-fn"_s, image});
    return QString::fromUtf8(r.out + r.err);
}

} // namespace

class tst_Ext4Writer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void writesContentAndMetadata();
    void bigDirectoryIsLinear_data();
    void bigDirectoryIsLinear();
    void hugeFileHasAnExtentTree();
    void realTreeRoundTrips();
    void keepsTheTreesLostFound();
    void estimateHoldsFullTrees_data();
    void estimateHoldsFullTrees();
    void estimateHoldsManyInodes();
    void estimateIsNotWasteful();
    void checkFitsCap_data();
    void checkFitsCap();
    void tooBigBeforeMkfs();
    void cancelRemovesImage();
    void consumesContentFiles();
    void missingContentRemovesImage();
    void unstorableSymlink();
    void labelIsCut();
    void checkReportsDamage();

private:
    QTemporaryDir m_work;
};

void tst_Ext4Writer::initTestCase()
{
    QVERIFY(m_work.isValid());
    if (tool(u"mkfs.ext4"_s).isEmpty() || tool(u"debugfs"_s).isEmpty() || tool(u"e2fsck"_s).isEmpty())
        QFAIL("e2fsprogs (mkfs.ext4, debugfs, e2fsck) must be installed");
}

void tst_Ext4Writer::writesContentAndMetadata()
{
    TreeBuilder b;
    QVERIFY(b.staging.isValid());
    b.dir("etc");
    b.dir("usr/local/share/deep", 0750, 1000, 1000);
    b.dir("tmp", 01777);
    const QByteArray passwd = "root:x:0:0:root:/root:/bin/sh\n";
    b.file("etc/passwd", passwd);
    const QByteArray big = randomBytes(7, 12 * 1024 * 1024 + 123);
    b.file("usr/local/share/deep/big.bin", big);
    QByteArray sparse(3 * 1024 * 1024 + 5, '\0');
    sparse[2 * 1024 * 1024 + 17] = 'x';
    b.file("usr/zeros.bin", sparse);
    b.file("usr/empty", {});
    b.file("usr/bin-suid", "#!/bin/sh\n", 04755, 1000, 1000);
    b.file("usr/high-ids", "ids", 0600, 100000, 200000);
    b.symlink("usr/fast", "local/share/deep/big.bin");
    const QByteArray slowTarget = "/usr/local/share/deep/" + QByteArray(80, 'a') + "/target";
    b.symlink("usr/slow", slowTarget);
    b.file("usr/hard1", "shared content");
    QVERIFY(b.tree->link("usr/hard2", "usr/hard1").ok());
    b.device("dev/null", RootfsNodeType::CharDevice, 1, 3);
    b.device("dev/nvme", RootfsNodeType::BlockDevice, 259, 70000);
    b.add("run/fifo", TreeBuilder::meta(RootfsNodeType::Fifo, 0600));
    b.add("run/sock", TreeBuilder::meta(RootfsNodeType::Socket, 0755));
    RootfsNode ping = TreeBuilder::meta(RootfsNodeType::Regular, 0755);
    const QByteArray capability = QByteArray::fromHex("0100000200200000000000000000000000000000");
    ping.xattrs = {{"security.capability", capability}, {"user.note", "hello"}};
    ping.size = 4;
    const RootfsTree::NodeId pingId = b.add("usr/bin/ping", ping);
    auto fd = b.tree->openData(pingId);
    QVERIFY(fd.ok());
    QCOMPARE(::write(*fd, "ping", 4), 4);
    ::close(*fd);

    const QString image = m_work.filePath(u"content.img"_s);
    qint64 lastDone = -1;
    qint64 lastTotal = -1;
    Ext4WriteOptions options;
    options.progress = [&](qint64 done, qint64 total) {
        QVERIFY(done >= lastDone);
        lastDone = done;
        lastTotal = total;
    };
    const Ext4Estimate estimate = ext4SizeEstimate(*b.tree);
    const auto written = Ext4Writer::write(*b.tree, image, estimate.mibNeeded(), u"content"_s, options);
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
    const qint64 contentBytes = passwd.size() + big.size() + sparse.size() + 10 + 3 + 14 + 4;
    QCOMPARE(lastTotal, contentBytes);
    QCOMPARE(lastDone, contentBytes);
    QCOMPARE(written->dataBytes, contentBytes);
    QCOMPARE(written->imageBytes, estimate.bytesNeeded);
    QCOMPARE(written->symlinks, 2u);
    QCOMPARE(written->specialFiles, 4u);
    QCOMPARE(written->regularFiles, 8u); // the hard link pair is one inode
    const auto checked = Ext4Writer::check(image);
    QVERIFY2(checked.ok(), qPrintable(checked.ok() ? QString() : checked.error().message));

    Stat s = statOf(image, u"/usr/bin-suid"_s);
    QVERIFY(s.found);
    QCOMPARE(s.type, u"regular"_s);
    QCOMPARE(s.mode, 04755);
    QCOMPARE(s.uid, 1000);
    QCOMPARE(s.gid, 1000);
    QCOMPARE(s.size, 10);
    QCOMPARE(s.links, 1);
    QCOMPARE(s.flags, u"0x80000"_s); // extents
    QCOMPARE(s.mtime, 1700000000u);
    QCOMPARE(s.mtimeExtra >> 2, 123456789u);

    s = statOf(image, u"/usr/high-ids"_s);
    QCOMPARE(s.uid, 100000);
    QCOMPARE(s.gid, 200000);
    QCOMPARE(s.mode, 0600);

    s = statOf(image, u"/"_s);
    QCOMPARE(s.type, u"directory"_s);
    QCOMPARE(s.mode, 0755);
    QCOMPARE(s.links, 2 + 6); // etc, usr, tmp, dev, run, lost+found
    s = statOf(image, u"/tmp"_s);
    QCOMPARE(s.mode, 01777);
    QCOMPARE(s.links, 2);
    s = statOf(image, u"/usr/local/share/deep"_s);
    QCOMPARE(s.mode, 0750);
    QCOMPARE(s.uid, 1000);
    QCOMPARE(s.size, 4096);
    s = statOf(image, u"/usr"_s);
    QCOMPARE(s.links, 2 + 2); // local, bin

    s = statOf(image, u"/usr/fast"_s);
    QCOMPARE(s.type, u"symlink"_s);
    QCOMPARE(s.fastLink, u"local/share/deep/big.bin"_s);
    QCOMPARE(s.size, 24);
    s = statOf(image, u"/usr/slow"_s);
    QCOMPARE(s.type, u"symlink"_s);
    QVERIFY(s.fastLink.isEmpty());
    QCOMPARE(s.size, slowTarget.size());
    QCOMPARE(debugfs(image, u"cat /usr/slow"_s), slowTarget);

    s = statOf(image, u"/usr/hard1"_s);
    QCOMPARE(s.links, 2);
    const QByteArray hard1 = debugfs(image, u"stat /usr/hard1"_s).split('\n').first();
    const QByteArray hard2 = debugfs(image, u"stat /usr/hard2"_s).split('\n').first();
    QCOMPARE(hard1, hard2); // "Inode: N ..." the same inode

    s = statOf(image, u"/dev/null"_s);
    QCOMPARE(s.type, u"character special"_s);
    QCOMPARE(s.major, 1);
    QCOMPARE(s.minor, 3);
    QCOMPARE(s.gid, 6);
    QCOMPARE(s.mode, 0660);
    s = statOf(image, u"/dev/nvme"_s);
    QCOMPARE(s.type, u"block special"_s);
    QCOMPARE(s.major, 259);
    QCOMPARE(s.minor, 70000);
    QCOMPARE(statOf(image, u"/run/fifo"_s).type, u"FIFO"_s);
    QCOMPARE(statOf(image, u"/run/sock"_s).type, u"socket"_s);

    const QString capFile = m_work.filePath(u"cap"_s);
    debugfs(image, u"ea_get -f %1 /usr/bin/ping security.capability"_s.arg(capFile));
    QFile cap(capFile);
    QVERIFY(cap.open(QIODevice::ReadOnly));
    QCOMPARE(cap.readAll(), capability);
    QVERIFY(debugfs(image, u"ea_list /usr/bin/ping"_s).contains("user.note (5) = \"hello\""));

    QCOMPARE(dumpOf(image, u"/etc/passwd"_s, m_work.path()), passwd);
    QVERIFY(dumpOf(image, u"/usr/local/share/deep/big.bin"_s, m_work.path()) == big);
    QVERIFY(dumpOf(image, u"/usr/zeros.bin"_s, m_work.path()) == sparse);
    QCOMPARE(dumpOf(image, u"/usr/bin/ping"_s, m_work.path()), QByteArray("ping"));
    QCOMPARE(dumpOf(image, u"/usr/hard2"_s, m_work.path()), QByteArray("shared content"));
    QCOMPARE(statOf(image, u"/usr/empty"_s).size, 0);

    QStringList root = namesIn(image, u"/"_s);
    root.sort();
    QCOMPARE(root, (QStringList{u"."_s, u".."_s, u"dev"_s, u"etc"_s, u"lost+found"_s, u"run"_s, u"tmp"_s,
                                u"usr"_s}));
    QCOMPARE(statOf(image, u"/lost+found"_s).mode, 0700);
}

void tst_Ext4Writer::bigDirectoryIsLinear_data()
{
    QTest::addColumn<bool>("index");
    QTest::newRow("as written") << false; // e2fsck checks our own directory blocks
    QTest::newRow("indexed") << true;     // e2fsck -fyD rewrote them with an htree
}

void tst_Ext4Writer::bigDirectoryIsLinear()
{
    QFETCH(bool, index);
    TreeBuilder b;
    b.dir("big");
    b.dir("small");
    const int count = 18000;
    for (int i = 0; i < count; ++i)
        b.file("big/file-with-a-longer-name-" + QByteArray::number(i), {});
    b.file("big/with-data", "data");
    b.file("small/one", "1");
    const QString image = m_work.filePath(u"big.img"_s);
    const Ext4Estimate estimate = ext4SizeEstimate(*b.tree);
    Ext4WriteOptions options;
    options.indexDirectories = index;
    QElapsedTimer timer;
    timer.start();
    const auto written = Ext4Writer::write(*b.tree, image, estimate.mibNeeded(), u"big"_s, options);
    const qint64 writeMs = timer.elapsed();
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
    QCOMPARE(written->inodes, quint64(count + 6)); // root, big, small, with-data, one, lost+found
    QCOMPARE(written->largeDirectories, 1u);
    timer.restart();
    const auto checked = Ext4Writer::check(image);
    QVERIFY2(checked.ok(), qPrintable(checked.ok() ? QString() : checked.error().message));
    qInfo("18001 files in one directory: written in %lld ms (%lld MiB image), e2fsck -fn %lld ms", writeMs,
          estimate.mibNeeded(), timer.elapsed());
    const QStringList names = namesIn(image, u"/big"_s);
    QCOMPARE(names.size(), count + 3);
    QVERIFY(names.contains(u"file-with-a-longer-name-17999"_s));
    QCOMPARE(dumpOf(image, u"/big/with-data"_s, m_work.path()), QByteArray("data"));
    QCOMPARE(dumpOf(image, u"/small/one"_s, m_work.path()), QByteArray("1"));
    QCOMPARE(statOf(image, u"/big"_s).flags, index ? u"0x81000"_s : u"0x80000"_s); // extents (+ index)
    QCOMPARE(statOf(image, u"/small"_s).flags, u"0x80000"_s);
    QCOMPARE(debugfs(image, u"htree /big"_s).contains("Root node dump"), index);
}

void tst_Ext4Writer::hugeFileHasAnExtentTree()
{
    // 600 MiB takes five extents of at most 128 MiB: more than the inode's four.
    TreeBuilder b;
    const qint64 size = 600 * 1024 * 1024 + 5;
    b.sparseFile("huge", size, "tail!");
    b.file("after", "after");
    const QString image = m_work.filePath(u"huge.img"_s);
    const auto written = Ext4Writer::write(*b.tree, image, ext4SizeEstimate(*b.tree).mibNeeded(), u"huge"_s);
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
    QVERIFY2(Ext4Writer::check(image).ok(), qPrintable(fsckOutput(image)));
    const QByteArray stat = debugfs(image, u"stat /huge"_s);
    QVERIFY2(stat.contains("(ETB0)"), stat.constData()); // an extent tree block
    QCOMPARE(statOf(image, u"/huge"_s).size, size);
    const QString out = m_work.filePath(u"huge.out"_s);
    debugfs(image, u"dump /huge %1"_s.arg(out));
    QFile dumped(out);
    QVERIFY(dumped.open(QIODevice::ReadOnly));
    QCOMPARE(dumped.size(), size);
    QByteArray chunk;
    qint64 nonZero = 0;
    while (!(chunk = dumped.read(8 * 1024 * 1024)).isEmpty())
        nonZero += chunk.size() - chunk.count('\0');
    QCOMPARE(nonZero, 5);
    QVERIFY(dumped.seek(size - 5));
    QCOMPARE(dumped.read(5), QByteArray("tail!"));
    dumped.remove();
    QCOMPARE(dumpOf(image, u"/after"_s, m_work.path()), QByteArray("after"));
    // Zeros stay holes in the image file.
    struct stat info;
    QCOMPARE(::stat(QFile::encodeName(image).constData(), &info), 0);
    QVERIFY2(qint64(info.st_blocks) * 512 < 64 * 1024 * 1024,
             QByteArray::number(qint64(info.st_blocks)).constData());
    QFile::remove(image);
}

void tst_Ext4Writer::realTreeRoundTrips()
{
    // /usr/include as a tree (its files, directories, symlinks and hard links with
    // their metadata), written at exactly the estimate, dumped back with debugfs
    // and compared with diff.
    const QString source = u"/usr/include"_s;
    if (!QFileInfo(source).isDir())
        QSKIP("no /usr/include here");
    TreeBuilder b;
    std::map<std::pair<dev_t, ino_t>, QByteArray> seen;
    QDirIterator it(source, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    int entries = 0;
    while (it.hasNext()) {
        const QString hostPath = it.next();
        const QByteArray path = "include/" + QFile::encodeName(hostPath.mid(source.size() + 1));
        struct stat st;
        QCOMPARE(::lstat(QFile::encodeName(hostPath).constData(), &st), 0);
        RootfsNode node =
            TreeBuilder::meta(RootfsNodeType::Regular, st.st_mode & 07777, st.st_uid, st.st_gid);
        node.mtime = st.st_mtim.tv_sec;
        node.mtimeNsec = quint32(st.st_mtim.tv_nsec);
        ++entries;
        if (S_ISDIR(st.st_mode)) {
            node.type = RootfsNodeType::Directory;
            b.add(path, node);
        } else if (S_ISLNK(st.st_mode)) {
            node.type = RootfsNodeType::Symlink;
            char target[4096];
            const ssize_t n = ::readlink(QFile::encodeName(hostPath).constData(), target, sizeof(target));
            QVERIFY(n > 0);
            node.linkTarget = QByteArray(target, n);
            b.add(path, node);
        } else if (S_ISREG(st.st_mode)) {
            const auto key = std::make_pair(st.st_dev, st.st_ino);
            if (st.st_nlink > 1 && seen.count(key)) {
                QVERIFY(b.tree->link(path, seen[key]).ok());
                continue;
            }
            seen[key] = path;
            QFile f(hostPath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray content = f.readAll();
            node.size = content.size();
            const RootfsTree::NodeId id = b.add(path, node);
            if (!content.isEmpty()) {
                auto fd = b.tree->openData(id);
                QVERIFY(fd.ok());
                QCOMPARE(::write(*fd, content.constData(), size_t(content.size())), content.size());
                ::close(*fd);
            }
        }
    }
    QVERIFY(entries > 100);
    const Ext4Estimate estimate = ext4SizeEstimate(*b.tree);
    const QString image = m_work.filePath(u"include.img"_s);
    QElapsedTimer timer;
    timer.start();
    const auto written = Ext4Writer::write(*b.tree, image, estimate.mibNeeded(), u"include"_s);
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
    const qint64 writeMs = timer.elapsed();
    QVERIFY2(Ext4Writer::check(image).ok(), qPrintable(fsckOutput(image)));
    qInfo("%s: %d entries, %lld MiB of content, written in %lld ms into %lld MiB (%.1f%% free)",
          qPrintable(source), entries, written->dataBytes / (1024 * 1024), writeMs, estimate.mibNeeded(),
          100.0 * double(written->blocksTotal - written->blocksUsed) / double(written->blocksTotal));
    const QString out = m_work.filePath(u"rdump"_s);
    QVERIFY(QDir().mkpath(out));
    debugfs(image, u"rdump /include %1"_s.arg(out));
    const Run diff = run(u"diff"_s, {u"-r"_s, u"--no-dereference"_s, source, out + u"/include"_s});
    QVERIFY2(diff.code == 0, QByteArray(diff.out + diff.err).left(2000).constData());
    QDir(out).removeRecursively();
    QFile::remove(image);
}

void tst_Ext4Writer::keepsTheTreesLostFound()
{
    TreeBuilder b;
    b.dir("lost+found", 0755, 5, 5);
    b.file("lost+found/kept", "kept");
    const QString image = m_work.filePath(u"lf.img"_s);
    const auto written = Ext4Writer::write(*b.tree, image, ext4SizeEstimate(*b.tree).mibNeeded(), u"lf"_s);
    QVERIFY(written.ok());
    QVERIFY2(Ext4Writer::check(image).ok(), qPrintable(fsckOutput(image)));
    const Stat s = statOf(image, u"/lost+found"_s);
    QCOMPARE(s.uid, 5);
    QCOMPARE(s.mode, 0755);
    QCOMPARE(dumpOf(image, u"/lost+found/kept"_s, m_work.path()), QByteArray("kept"));
}

void tst_Ext4Writer::estimateHoldsFullTrees_data()
{
    QTest::addColumn<int>("capMiB");
    QTest::addColumn<qint64>("fileSize");
    QTest::addColumn<int>("filesPerDir");
    // Filled with files until one more would not fit the cap; the image of exactly
    // the cap must then hold them.
    QTest::newRow("small files") << 24 << qint64(4097) << 500;
    QTest::newRow("tiny files, many dirs") << 16 << qint64(1) << 3;
    QTest::newRow("big files") << 200 << qint64(33 * 1024 * 1024 + 1) << 100;
    QTest::newRow("medium files") << 140 << qint64(700 * 1024) << 40;
}

void tst_Ext4Writer::estimateHoldsFullTrees()
{
    QFETCH(int, capMiB);
    QFETCH(qint64, fileSize);
    QFETCH(int, filesPerDir);
    TreeBuilder b;
    const QByteArray content = randomBytes(11, fileSize);
    int files = 0;
    for (;;) {
        const QByteArray path =
            "d" + QByteArray::number(files / filesPerDir) + "/f" + QByteArray::number(files);
        b.file(path, content);
        if (ext4SizeEstimate(*b.tree).mibNeeded() > capMiB) {
            // Without it (and without its directory when it was the first there).
            QVERIFY(b.tree->remove(files % filesPerDir == 0 ? path.left(path.indexOf('/')) : path).ok());
            break;
        }
        ++files;
    }
    QVERIFY(files > 0);
    QVERIFY(ext4SizeEstimate(*b.tree).mibNeeded() <= capMiB);
    const QString image = m_work.filePath(u"full.img"_s);
    const auto written = Ext4Writer::write(*b.tree, image, capMiB, u"full"_s);
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
    QVERIFY2(Ext4Writer::check(image).ok(), qPrintable(fsckOutput(image)));
    const double freePercent =
        100.0 * double(written->blocksTotal - written->blocksUsed) / double(written->blocksTotal);
    qInfo("%d files of %lld bytes in a %d MiB image: %.1f%% free", files, fileSize, capMiB, freePercent);
    QVERIFY(dumpOf(image, u"/d0/f0"_s, m_work.path()) == content);
    QFile::remove(image);
}

void tst_Ext4Writer::estimateHoldsManyInodes()
{
    // More inodes than a small file system's groups hold by default (mkfs then
    // makes more, smaller groups).
    TreeBuilder b;
    for (int i = 0; i < 120000; ++i)
        b.file("d" + QByteArray::number(i / 1000) + "/f" + QByteArray::number(i), {});
    const Ext4Estimate estimate = ext4SizeEstimate(*b.tree);
    const QString image = m_work.filePath(u"inodes.img"_s);
    const auto written = Ext4Writer::write(*b.tree, image, estimate.mibNeeded(), u"inodes"_s);
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
    QCOMPARE(written->inodes, 120000u + 120 + 2);
    QVERIFY2(Ext4Writer::check(image).ok(), qPrintable(fsckOutput(image)));
    qInfo("120000 empty files: %lld MiB, %llu inodes asked for", estimate.mibNeeded(), estimate.inodesNeeded);
    QFile::remove(image);
}

void tst_Ext4Writer::estimateIsNotWasteful()
{
    // 300 MiB of content needs 300 MiB plus the journal and a few percent, not double.
    TreeBuilder b;
    RootfsNode node = TreeBuilder::meta(RootfsNodeType::Regular, 0644);
    node.size = 300 * 1024 * 1024;
    b.add("huge", node);
    const Ext4Estimate estimate = ext4SizeEstimate(*b.tree);
    QVERIFY2(estimate.mibNeeded() >= 300 + 16 && estimate.mibNeeded() <= 300 * 105 / 100 + 32,
             qPrintable(QString::number(estimate.mibNeeded())));
    QVERIFY(estimate.inodesNeeded >= 13 && estimate.inodesNeeded < 200);
    TreeBuilder empty;
    QVERIFY(ext4SizeEstimate(*empty.tree).mibNeeded() <= 8);
}

void tst_Ext4Writer::checkFitsCap_data()
{
    QTest::addColumn<qint64>("needed");
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<bool>("fits");
    QTest::newRow("under") << qint64(10) << qint64(11) << true;
    QTest::newRow("equal") << qint64(11) << qint64(11) << true;
    QTest::newRow("over") << qint64(12) << qint64(11) << false;
    QTest::newRow("zero cap") << qint64(1) << qint64(0) << false;
}

void tst_Ext4Writer::checkFitsCap()
{
    QFETCH(qint64, needed);
    QFETCH(qint64, cap);
    QFETCH(bool, fits);
    Ext4Estimate estimate;
    estimate.bytesNeeded = needed * 1024 * 1024;
    const auto result = Kiln::checkFitsCap(estimate, cap);
    QCOMPARE(result.ok(), fits);
    if (!fits) {
        QCOMPARE(result.error().code, Ext4Error::Code::TooBig);
        QCOMPARE(result.error().neededMiB, needed);
        QCOMPARE(result.error().capMiB, cap);
        QCOMPARE(result.error().message, u"needs %1 MiB, cap is %2 MiB"_s.arg(needed).arg(cap));
    }
}

void tst_Ext4Writer::tooBigBeforeMkfs()
{
    TreeBuilder b;
    b.file("a", randomBytes(3, 9 * 1024 * 1024));
    const QString image = m_work.filePath(u"toobig.img"_s);
    const auto written = Ext4Writer::write(*b.tree, image, 8, u"x"_s);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().code, Ext4Error::Code::TooBig);
    QCOMPARE(written.error().capMiB, 8);
    QCOMPARE(written.error().neededMiB, ext4SizeEstimate(*b.tree).mibNeeded());
    QVERIFY(written.error().message.startsWith(u"needs "_s));
    QVERIFY(!QFileInfo::exists(image));
}

void tst_Ext4Writer::cancelRemovesImage()
{
    TreeBuilder b;
    for (int i = 0; i < 4; ++i)
        b.file("f" + QByteArray::number(i), randomBytes(i, 3 * 1024 * 1024));
    const QString image = m_work.filePath(u"cancel.img"_s);
    std::atomic_bool cancel = false;
    Ext4WriteOptions options;
    options.cancel = &cancel;
    qint64 cancelledAt = -1;
    options.progress = [&](qint64 done, qint64) {
        if (done >= 2 * 1024 * 1024 && cancelledAt < 0) {
            cancelledAt = done;
            cancel = true;
        }
    };
    const auto written =
        Ext4Writer::write(*b.tree, image, ext4SizeEstimate(*b.tree).mibNeeded(), u"c"_s, options);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().code, Ext4Error::Code::Cancelled);
    QVERIFY(cancelledAt > 0);
    QVERIFY(!QFileInfo::exists(image));

    // Cancelled before it starts: nothing is made.
    const auto early = Ext4Writer::write(*b.tree, image, 64, u"c"_s, options);
    QCOMPARE(early.error().code, Ext4Error::Code::Cancelled);
    QVERIFY(!QFileInfo::exists(image));
}

// A bake throws its staging tree away after the write: each content file goes as
// soon as it is in the image, so its dirty pages never reach the disk.
void tst_Ext4Writer::consumesContentFiles()
{
    TreeBuilder b;
    const QByteArray content = randomBytes(7, 300 * 1024);
    b.file("a", content);
    b.file("d/b", randomBytes(8, 5000));
    QCOMPARE(QDir(b.staging.path()).entryList(QDir::Files).size(), 2);
    const QString image = m_work.filePath(u"consume.img"_s);
    Ext4WriteOptions options;
    options.consumeContent = true;
    QVERIFY(Ext4Writer::write(*b.tree, image, 16, u"c"_s, options).ok());
    QCOMPARE(QDir(b.staging.path()).entryList(QDir::Files), QStringList());
    QVERIFY(Ext4Writer::check(image).ok());
    QCOMPARE(debugfs(image, u"cat /a"_s), content);
}

void tst_Ext4Writer::missingContentRemovesImage()
{
    TreeBuilder b;
    const RootfsTree::NodeId id = b.file("etc/lost", "content");
    QVERIFY(QFile::remove(b.tree->dataPath(b.tree->node(id).dataId)));
    const QString image = m_work.filePath(u"missing.img"_s);
    const auto written = Ext4Writer::write(*b.tree, image, 16, u"m"_s);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().code, Ext4Error::Code::Io);
    QCOMPARE(written.error().path, u"/etc/lost"_s);
    QVERIFY2(written.error().message.contains(u"/etc/lost"_s), qPrintable(written.error().message));
    QVERIFY(!QFileInfo::exists(image));
}

void tst_Ext4Writer::unstorableSymlink()
{
    TreeBuilder b;
    b.symlink("usr/long", QByteArray(5000, 'x'));
    const QString image = m_work.filePath(u"symlink.img"_s);
    const auto written = Ext4Writer::write(*b.tree, image, 16, u"s"_s);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().code, Ext4Error::Code::InvalidTree);
    QCOMPARE(written.error().path, u"/usr/long"_s);
    QVERIFY(!QFileInfo::exists(image));
}

void tst_Ext4Writer::labelIsCut()
{
    TreeBuilder b;
    const QString image = m_work.filePath(u"label.img"_s);
    QVERIFY(Ext4Writer::write(*b.tree, image, 8, u"a-rather-long-image-name"_s).ok());
    QCOMPARE(run(u"e2label"_s, {image}).out.trimmed(), QByteArray("a-rather-long-im"));
    // Not in the middle of a UTF-8 character: 15 bytes of ASCII then "é" (2 bytes) is cut before it.
    QVERIFY(Ext4Writer::write(*b.tree, image, 8, u"abcdefghijklmnoé"_s).ok());
    QCOMPARE(run(u"e2label"_s, {image}).out.trimmed(), QByteArray("abcdefghijklmno"));
}

void tst_Ext4Writer::checkReportsDamage()
{
    TreeBuilder b;
    b.file("etc/file", "x");
    const QString image = m_work.filePath(u"damaged.img"_s);
    QVERIFY(Ext4Writer::write(*b.tree, image, 8, u"d"_s).ok());
    QVERIFY(Ext4Writer::check(image).ok());
    // Break the root inode's mode in the image.
    QCOMPARE(run(u"debugfs"_s, {u"-w"_s, u"-R"_s, u"sif / mode 0100644"_s, image}).code, 0);
    const auto checked = Ext4Writer::check(image);
    QVERIFY(!checked.ok());
    QCOMPARE(checked.error().code, Ext4Error::Code::Check);
    QVERIFY2(checked.error().message.contains(u"Root inode is not a directory"_s),
             qPrintable(checked.error().message));
}

QTEST_GUILESS_MAIN(tst_Ext4Writer)
#include "tst_ext4writer.moc"
