// kiln-test-properties: TIMEOUT 300
#include "bake/layerstream.h"
#include "bake/layerunpacker.h"
#include "bake/rootfstree.h"
#include "layerbuilder.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/xattr.h>

using namespace Qt::StringLiterals;
using namespace Kiln;
using KilnTest::LayerBuilder;
using Compression = KilnTest::LayerBuilder::Compression;

Q_DECLARE_METATYPE(UnpackError::Code)
Q_DECLARE_METATYPE(KilnTest::LayerBuilder::Compression)
Q_DECLARE_METATYPE(KilnTest::LayerBuilder)

class tst_LayerUnpacker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void whiteoutsAcrossLayers_data();
    void whiteoutsAcrossLayers();
    void hardLinksAndSymlinks();
    void gnuTarMetadata();
    void devicesTimesAndXattrs();
    void symlinksOnTheWayStayInside();
    void malicious_data();
    void malicious();
    void gzipBombStopsAtCap();
    void corrupt_data();
    void corrupt();
    void multiMemberGzip();
    void trailingDataAfterTar();
    void cancelFromProgress();
    void emptyLayerAndNonAsciiNames();
    void benchmarkFromEnvironment();

private:
    QString layerPath(const QString &name) const { return m_work->filePath(name); }
    LayerFile write(const LayerBuilder &builder, const QString &name,
                    Compression compression = Compression::Plain);
    QByteArray content(const QByteArray &path) const;
    std::optional<RootfsTree::NodeId> find(const QByteArray &path) const;
    // Every file under the work directory that is outside the staging directory.
    QStringList filesOutsideStaging() const;
    qint64 stagingBytes() const;

    std::unique_ptr<QTemporaryDir> m_work;
    QString m_staging;
    std::unique_ptr<RootfsTree> m_tree;
};

void tst_LayerUnpacker::initTestCase()
{
    for (const QString &tool : {u"gzip"_s, u"zstd"_s, u"tar"_s})
        QVERIFY2(!QStandardPaths::findExecutable(tool).isEmpty(), qPrintable(tool + u" is not installed"_s));
}

void tst_LayerUnpacker::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
    // Deep, so that an escape of a few ".." would still land in the work directory.
    m_staging = m_work->filePath(u"a/b/c/staging"_s);
    QVERIFY(QDir().mkpath(m_staging));
    m_tree = std::make_unique<RootfsTree>(m_staging);
}

LayerFile tst_LayerUnpacker::write(const LayerBuilder &builder, const QString &name, Compression compression)
{
    const QString path = layerPath(name);
    if (!builder.write(path, compression))
        qFatal("cannot write the layer %s", qPrintable(name));
    return LayerFile{path, {}, {}};
}

std::optional<RootfsTree::NodeId> tst_LayerUnpacker::find(const QByteArray &path) const
{
    auto found = m_tree->lookup(path);
    return found ? *found : std::nullopt;
}

QByteArray tst_LayerUnpacker::content(const QByteArray &path) const
{
    const auto id = find(path);
    if (!id)
        return "<missing>";
    const RootfsNode &node = m_tree->node(*id);
    if (node.dataId == 0)
        return {};
    QFile file(m_tree->dataPath(node.dataId));
    if (!file.open(QIODevice::ReadOnly))
        return "<no data file>";
    return file.readAll();
}

QStringList tst_LayerUnpacker::filesOutsideStaging() const
{
    QStringList outside;
    QDirIterator it(m_work->path(), QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.startsWith(m_staging) || QFileInfo(path).isDir() || QFileInfo(path).path() == m_work->path())
            continue; // the staging directory, its parents, and the layers at the top
        outside << path;
    }
    return outside;
}

qint64 tst_LayerUnpacker::stagingBytes() const
{
    qint64 bytes = 0;
    QDirIterator it(m_staging, QDir::Files);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
    }
    return bytes;
}

void tst_LayerUnpacker::whiteoutsAcrossLayers_data()
{
    QTest::addColumn<Compression>("compression");
    QTest::newRow("tar") << Compression::Plain;
    QTest::newRow("gzip") << Compression::Gzip;
    QTest::newRow("zstd") << Compression::Zstd;
}

void tst_LayerUnpacker::whiteoutsAcrossLayers()
{
    QFETCH(Compression, compression);
    LayerBuilder one;
    one.dir("etc").file("etc/a", "a1").file("etc/b", "b1");
    one.dir("opt/app").file("opt/app/x", "x1").dir("opt/app/sub").file("opt/app/sub/y", "y1");
    one.dir("var/lib").file("var/lib/data", QByteArray(100000, 'd'));
    one.file("tobedir", "f1").dir("swap").file("swap/inner", "i1");
    one.dir("srv").file("srv/old", "o1");
    LayerBuilder two;
    two.whiteout("etc/a");
    two.dir("opt/app").opaque("opt/app").file("opt/app/z", "z2");
    two.file("swap", "now a file").dir("tobedir").file("tobedir/child", "c2");
    LayerBuilder three;
    three.whiteout("var/lib").file("etc/a", "a3");
    // An opaque marker after a sibling of the same layer keeps that sibling.
    three.dir("srv").file("srv/new", "n3").opaque("srv");

    const QList<LayerFile> layers{write(one, u"1"_s, compression), write(two, u"2"_s, compression),
                                  write(three, u"3"_s, compression)};
    quint64 progressCalls = 0;
    UnpackOptions options;
    options.progress = [&](qint64, qint64, quint64) { ++progressCalls; };
    auto unpacked = unpackLayers(layers, *m_tree, options);
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    QCOMPARE(unpacked->layers, 3);
    QCOMPARE(unpacked->whiteouts, quint64(4));
    QCOMPARE(unpacked->entries, quint64(14 + 7 + 5));
    qint64 fileBytes = 0;
    for (const LayerFile &layer : layers)
        fileBytes += QFileInfo(layer.path).size();
    QCOMPARE(unpacked->bytesIn, fileBytes);
    QVERIFY(progressCalls >= 3);

    QCOMPARE(content("etc/a"), "a3"_ba);
    QCOMPARE(content("etc/b"), "b1"_ba);
    QVERIFY(!find("opt/app/x"));
    QVERIFY(!find("opt/app/sub"));
    QCOMPARE(content("opt/app/z"), "z2"_ba);
    QVERIFY(!find("var/lib"));
    QVERIFY(find("var"));
    QCOMPARE(m_tree->node(*find("swap")).type, RootfsNodeType::Regular);
    QCOMPARE(content("swap"), "now a file"_ba);
    QCOMPARE(m_tree->node(*find("tobedir")).type, RootfsNodeType::Directory);
    QCOMPARE(content("tobedir/child"), "c2"_ba);
    QCOMPARE(content("srv/new"), "n3"_ba);
    QVERIFY(!find("srv/old"));

    // No whiteout is ever added; the staging directory holds live content only.
    quint64 withData = 0;
    for (RootfsTree::NodeId id = 0; id < m_tree->nodeCount(); ++id) {
        const RootfsNode &node = m_tree->node(id);
        if (node.links == 0)
            continue;
        for (const auto &[name, child] : node.children)
            QVERIFY2(!name.startsWith(".wh."), name.constData());
        withData += node.dataId != 0 ? 1 : 0;
    }
    QCOMPARE(quint64(QDir(m_staging).entryList(QDir::Files).size()), withData);
    QCOMPARE(m_tree->liveBytes(), stagingBytes());
    QCOMPARE(m_tree->liveBytes(), qint64(2 + 2 + 2 + 10 + 2 + 2));
}

void tst_LayerUnpacker::hardLinksAndSymlinks()
{
    LayerBuilder one;
    one.file("bin/busybox", "BUSYBOX", 0755).hardlink("bin/sh", "bin/busybox").symlink("bin/ls", "busybox");
    LayerBuilder two;
    two.whiteout("bin/busybox");
    auto unpacked = unpackLayers({write(one, u"1"_s, Compression::Gzip), write(two, u"2"_s)}, *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    QVERIFY(!find("bin/busybox"));
    const RootfsNode &sh = m_tree->node(*find("bin/sh"));
    QCOMPARE(sh.links, 1u);
    QCOMPARE(sh.mode, 0755u);
    QCOMPARE(content("bin/sh"), "BUSYBOX"_ba);
    QCOMPARE(m_tree->liveBytes(), 7);
    const RootfsNode &ls = m_tree->node(*find("bin/ls"));
    QCOMPARE(ls.type, RootfsNodeType::Symlink);
    QCOMPARE(ls.linkTarget, "busybox"_ba); // kept as the archive has it, dangling now
}

void tst_LayerUnpacker::gnuTarMetadata()
{
    // A layer as GNU tar makes it from a real directory.
    const QString root = m_work->filePath(u"src"_s);
    QVERIFY(QDir().mkpath(root + u"/usr/bin"_s));
    QVERIFY(QDir().mkpath(root + u"/tmp"_s));
    QFile suid(root + u"/usr/bin/suid"_s);
    QVERIFY(suid.open(QIODevice::WriteOnly));
    suid.write("#!/bin/sh\n");
    suid.close();
    QCOMPARE(QProcess::execute(u"chmod"_s, {u"4755"_s, suid.fileName()}), 0);
    QCOMPARE(QProcess::execute(u"chmod"_s, {u"1777"_s, root + u"/tmp"_s}), 0);
    QCOMPARE(QProcess::execute(u"mkfifo"_s, {root + u"/pipe"_s}), 0);
    const QByteArray suidPath = QFile::encodeName(suid.fileName());
    const bool xattrs = ::setxattr(suidPath.constData(), "user.kiln", "hello", 5, 0) == 0;
    const QString layer = layerPath(u"gnu.tar.gz"_s);
    QCOMPARE(QProcess::execute(u"tar"_s, {u"--xattrs"_s, u"--xattrs-include=user.*"_s, u"--owner=1000"_s,
                                          u"--group=1000"_s, u"--numeric-owner"_s, u"--mtime=@1600000000"_s,
                                          u"-C"_s, root, u"-czf"_s, layer, u"."_s}),
             0);
    auto unpacked =
        unpackLayers({LayerFile{layer, u"application/vnd.oci.image.layer.v1.tar+gzip"_s, {}}}, *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));

    const RootfsNode &node = m_tree->node(*find("usr/bin/suid"));
    QCOMPARE(node.type, RootfsNodeType::Regular);
    QCOMPARE(node.mode, 04755u);
    QCOMPARE(node.uid, 1000u);
    QCOMPARE(node.gid, 1000u);
    QCOMPARE(node.mtime, 1600000000);
    QCOMPARE(node.size, 10);
    QCOMPARE(content("usr/bin/suid"), "#!/bin/sh\n"_ba);
    if (xattrs) {
        QCOMPARE(node.xattrs.size(), size_t(1));
        QCOMPARE(node.xattrs[0].name, "user.kiln"_ba);
        QCOMPARE(node.xattrs[0].value, "hello"_ba);
    } else {
        qWarning("this filesystem has no user xattrs: GNU tar xattrs not checked");
    }
    QCOMPARE(m_tree->node(*find("tmp")).mode, 01777u);
    QCOMPARE(m_tree->node(*find("pipe")).type, RootfsNodeType::Fifo);
    QCOMPARE(m_tree->node(*find("pipe")).uid, 1000u);
    QCOMPARE(m_tree->node(RootfsTree::RootId).uid, 1000u); // "./" sets the root's metadata
    for (const QString &outside : filesOutsideStaging())
        QVERIFY2(outside.startsWith(root + u'/'), qPrintable(outside)); // the source tree only
}

void tst_LayerUnpacker::devicesTimesAndXattrs()
{
    LayerBuilder builder;
    builder.charDevice("dev/null", 1, 3).owner(0, 5);
    builder.blockDevice("dev/sda", 8, 0);
    builder.fifo("run/initctl").mode(0600);
    builder.file("usr/bin/ping", "PING", 0755)
        .xattr("security.capability", QByteArray("\x01\x00\x00\x02", 4));
    builder.xattr("user.note", "n").mtime(1700000123, 456789000);
    builder.file("usr/bin/sudo", "SUDO").mode(06755).owner(0, 0);
    auto unpacked = unpackLayers({write(builder, u"dev.tar.zst"_s, Compression::Zstd)}, *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    const RootfsNode &null = m_tree->node(*find("dev/null"));
    QCOMPARE(null.type, RootfsNodeType::CharDevice);
    QCOMPARE(null.rdevMajor, 1u);
    QCOMPARE(null.rdevMinor, 3u);
    QCOMPARE(null.mode, 0666u);
    QCOMPARE(null.gid, 5u);
    const RootfsNode &sda = m_tree->node(*find("dev/sda"));
    QCOMPARE(sda.type, RootfsNodeType::BlockDevice);
    QCOMPARE(sda.rdevMajor, 8u);
    QCOMPARE(m_tree->node(*find("run/initctl")).type, RootfsNodeType::Fifo);
    QCOMPARE(m_tree->node(*find("run/initctl")).mode, 0600u);
    const RootfsNode &ping = m_tree->node(*find("usr/bin/ping"));
    QCOMPARE(ping.mtime, 1700000123);
    QCOMPARE(ping.mtimeNsec, 456789000u);
    QCOMPARE(ping.xattrs.size(), size_t(2));
    QCOMPARE(ping.xattrs[0].name, "security.capability"_ba);
    QCOMPARE(ping.xattrs[0].value, QByteArray("\x01\x00\x00\x02", 4));
    QCOMPARE(m_tree->node(*find("usr/bin/sudo")).mode, 06755u);
    // Nothing but content files on the host: no device node, no fifo.
    QCOMPARE(QDir(m_staging).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size(), 2);
}

void tst_LayerUnpacker::symlinksOnTheWayStayInside()
{
    LayerBuilder one;
    one.dir("usr/lib").symlink("lib", "usr/lib").symlink("abs", "/usr/lib").file("lib/x", "X");
    one.file("abs/y", "Y").symlink("etc", "/").file("etc/z", "Z");
    auto unpacked = unpackLayers({write(one, u"1"_s, Compression::Gzip)}, *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    QCOMPARE(content("usr/lib/x"), "X"_ba);
    QCOMPARE(content("usr/lib/y"), "Y"_ba);
    QCOMPARE(content("z"), "Z"_ba);
    QCOMPARE(m_tree->node(*find("lib")).type, RootfsNodeType::Symlink);
    QVERIFY(filesOutsideStaging().isEmpty());
}

void tst_LayerUnpacker::malicious_data()
{
    QTest::addColumn<LayerBuilder>("layer");
    QTest::addColumn<UnpackError::Code>("code");
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("inMessage");

    QTest::newRow("dot-dot") << LayerBuilder().file("ok", "fine").file("../../etc/passwd", "root::0:0")
                             << UnpackError::Code::Escapes << u"../../etc/passwd"_s
                             << u"leaves the root filesystem"_s;
    QTest::newRow("absolute") << LayerBuilder().file("/etc/shadow", "x") << UnpackError::Code::Escapes
                              << u"/etc/shadow"_s << u"absolute path"_s;
    QTest::newRow("symlink then through it")
        << LayerBuilder().symlink("evil", "../../..").file("evil/pwned", "x") << UnpackError::Code::Escapes
        << u"evil/pwned"_s << u"symbolic link “evil” -> “../../..”"_s;
    QTest::newRow("absolute symlink then dot-dot")
        << LayerBuilder().symlink("root", "/").file("root/../pwned", "x") << UnpackError::Code::Escapes
        << u"root/../pwned"_s << u"“root/../pwned”"_s;
    QTest::newRow("hard link outside")
        << LayerBuilder().hardlink("passwd", "../../etc/passwd") << UnpackError::Code::Escapes << u"passwd"_s
        << u"“../../etc/passwd”"_s;
    QTest::newRow("hard link to nothing") << LayerBuilder().hardlink("x", "missing")
                                          << UnpackError::Code::NotFound << u"x"_s << u"does not exist"_s;
    QTest::newRow("whiteout outside")
        << LayerBuilder().whiteout("../x") << UnpackError::Code::Escapes << u"../.wh.x"_s << u"whiteout"_s;
    QTest::newRow("through a file") << LayerBuilder().file("f", "x").file("f/g", "y")
                                    << UnpackError::Code::NotADirectory << u"f/g"_s << u"not a directory"_s;
}

void tst_LayerUnpacker::malicious()
{
    QFETCH(LayerBuilder, layer);
    QFETCH(UnpackError::Code, code);
    QFETCH(QString, entry);
    QFETCH(QString, inMessage);
    const LayerFile good = write(LayerBuilder().file("etc/passwd", "safe"), u"good"_s);
    auto unpacked = unpackLayers({good, write(layer, u"evil.tar.gz"_s, Compression::Gzip)}, *m_tree, {});
    QVERIFY(!unpacked.ok());
    const UnpackError &error = unpacked.error();
    QCOMPARE(error.code, code);
    QCOMPARE(error.layer, 2);
    QCOMPARE(error.entry, entry);
    QVERIFY2(error.message.startsWith(u"layer 2: "_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"“"_s + entry + u"”"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(inMessage), qPrintable(error.message));
    QCOMPARE(filesOutsideStaging(), QStringList());
    QCOMPARE(content("etc/passwd"), "safe"_ba);
}

namespace {

// A ustar header for a regular file of `size` bytes.
QByteArray ustarHeader(const QByteArray &name, qint64 size)
{
    QByteArray header(512, '\0');
    header.replace(0, name.size(), name);
    header.replace(100, 7, "0000644");
    header.replace(108, 7, "0000000");
    header.replace(116, 7, "0000000");
    header.replace(124, 11, QByteArray::number(size, 8).rightJustified(11, '0'));
    header.replace(136, 11, "14531011000");
    header[156] = '0';
    header.replace(257, 6, QByteArray("ustar\0", 6));
    header.replace(263, 2, "00");
    header.replace(148, 8, "        ");
    unsigned sum = 0;
    for (const char c : header)
        sum += quint8(c);
    header.replace(148, 7, QByteArray(QByteArray::number(sum, 8).rightJustified(6, '0') + '\0'));
    return header;
}

} // namespace

void tst_LayerUnpacker::gzipBombStopsAtCap()
{
    // 1 GiB of zeros in one file: 64 gzip members of 16 MiB each (a multi-member
    // stream, as pigz or concatenation makes), about 1 MiB on disk.
    constexpr qint64 kChunk = 16 * 1024 * 1024;
    const QByteArray zeros = KilnTest::compressWithTool(QByteArray(kChunk, '\0'), Compression::Gzip);
    QVERIFY(!zeros.isEmpty());
    QFile bomb(layerPath(u"bomb.tar.gz"_s));
    QVERIFY(bomb.open(QIODevice::WriteOnly));
    bomb.write(KilnTest::compressWithTool(ustarHeader("zeros", 64 * kChunk), Compression::Gzip));
    for (int i = 0; i < 64; ++i)
        bomb.write(zeros);
    bomb.write(KilnTest::compressWithTool(QByteArray(1024, '\0'), Compression::Gzip));
    bomb.close();
    QVERIFY(bomb.size() < 20 * 1024 * 1024);

    constexpr qint64 kCap = 64 * 1024 * 1024;
    RootfsTree tree(m_staging, kCap);
    QElapsedTimer timer;
    timer.start();
    auto unpacked =
        unpackLayers({LayerFile{bomb.fileName(), {}, u"sha256:0123456789abcdef0123"_s}}, tree, {});
    QVERIFY(!unpacked.ok());
    QCOMPARE(unpacked.error().code, UnpackError::Code::OverCap);
    QCOMPARE(unpacked.error().entry, u"zeros"_s);
    QVERIFY2(unpacked.error().message.contains(
                 u"unpacked content passed the cap of 64 MiB while writing “zeros”"_s),
             qPrintable(unpacked.error().message));
    QVERIFY2(unpacked.error().message.startsWith(u"layer 1 (sha256:0123456789a"_s),
             qPrintable(unpacked.error().message));
    QVERIFY(stagingBytes() <= kCap);
    QVERIFY(tree.liveBytes() <= kCap);
    qInfo("bomb stopped after %lld ms", timer.elapsed());
}

void tst_LayerUnpacker::corrupt_data()
{
    QTest::addColumn<Compression>("compression");
    QTest::addColumn<QString>("damage"); // "flip", "truncate", "garbage"
    QTest::addColumn<QString>("inMessage");
    QTest::newRow("gzip flipped") << Compression::Gzip << u"flip"_s << u"gzip data is damaged"_s;
    QTest::newRow("gzip truncated") << Compression::Gzip << u"truncate"_s << u"gzip data ends early"_s;
    QTest::newRow("gzip garbage after") << Compression::Gzip << u"garbage"_s << u"after the gzip stream"_s;
    QTest::newRow("zstd flipped") << Compression::Zstd << u"flip"_s << u"zstd data is damaged"_s;
    QTest::newRow("zstd truncated") << Compression::Zstd << u"truncate"_s << u"zstd data ends early"_s;
    QTest::newRow("tar truncated") << Compression::Plain << u"truncate"_s << u"tar data is damaged"_s;
    QTest::newRow("not a tar") << Compression::Plain << u"garbage"_s << u"tar data is damaged"_s;
}

void tst_LayerUnpacker::corrupt()
{
    QFETCH(Compression, compression);
    QFETCH(QString, damage);
    QFETCH(QString, inMessage);
    QByteArray text;
    for (int i = 0; i < 20000; ++i)
        text += "line " + QByteArray::number(i * 7919 % 10007) + " of a text file that compresses\n";
    LayerBuilder builder;
    builder.file("a.txt", text).file("b.txt", text.left(300000));
    QByteArray data = KilnTest::compressWithTool(builder.tar(), compression);
    qsizetype damagedAt = data.size();
    if (damage == u"flip") {
        damagedAt = data.size() / 2;
        for (qsizetype i = data.size() / 2; i < data.size() / 2 + 64; ++i)
            data[i] = char(data[i] ^ 0x5a);
    } else if (damage == u"truncate") {
        data.truncate(data.size() * 2 / 3);
        damagedAt = data.size();
    } else if (compression == Compression::Plain) {
        data = QByteArray(4096, 'x');
    } else {
        data += "not another member";
    }
    QFile file(layerPath(u"broken"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();

    const LayerFile good = write(LayerBuilder().file("ok", "ok"), u"good"_s, Compression::Gzip);
    auto unpacked = unpackLayers({good, LayerFile{file.fileName(), {}, {}}}, *m_tree, {});
    QVERIFY(!unpacked.ok());
    const UnpackError &error = unpacked.error();
    qInfo("%s", qPrintable(error.message));
    QCOMPARE(error.code, UnpackError::Code::Corrupt);
    QCOMPARE(error.layer, 2);
    QVERIFY2(error.message.startsWith(u"layer 2: "_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(inMessage), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"byte %1"_s.arg(error.offset)), qPrintable(error.message));
    // The offset is of the file (of the tar stream for tar damage): a flip is
    // found where decoding fails or at the checksum, an early end at the end.
    QVERIFY2(error.offset >= 0, qPrintable(error.message));
    if (compression != Compression::Plain)
        QVERIFY2(error.offset <= data.size(), qPrintable(error.message));
    if (compression != Compression::Plain && damage == u"truncate")
        QCOMPARE(error.offset, damagedAt);
    if (compression == Compression::Gzip || damage == u"truncate")
        QVERIFY2(error.offset > 0, qPrintable(error.message));
}

void tst_LayerUnpacker::multiMemberGzip()
{
    LayerBuilder builder;
    builder.file("one", QByteArray(300000, '1')).file("two", QByteArray(5000, '2')).symlink("three", "one");
    const QByteArray tar = builder.tar();
    // Split mid-entry: each member alone is no valid tar, together they are.
    QByteArray data = KilnTest::compressWithTool(tar.left(150001), Compression::Gzip);
    data += KilnTest::compressWithTool(tar.mid(150001), Compression::Gzip);
    data += QByteArray(512, '\0'); // padding after the last member is accepted
    QFile file(layerPath(u"members.tar.gz"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    auto unpacked = unpackLayers({LayerFile{file.fileName(), {}, {}}}, *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    QCOMPARE(content("one"), QByteArray(300000, '1'));
    QCOMPARE(content("two"), QByteArray(5000, '2'));
    QCOMPARE(unpacked->entries, quint64(3));
    QCOMPARE(unpacked->bytesOut, tar.size());
}

void tst_LayerUnpacker::trailingDataAfterTar()
{
    const QByteArray tar = LayerBuilder().file("a", "A").tar();
    // A little padding after the end of the archive is normal...
    const QByteArray padded =
        KilnTest::compressWithTool(tar + QByteArray(64 * 1024, '\0'), Compression::Gzip);
    QFile file(layerPath(u"padded.tar.gz"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(padded);
    file.close();
    auto unpacked = unpackLayers({LayerFile{file.fileName(), {}, {}}}, *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    QCOMPARE(unpacked->bytesIn, padded.size());
    // ...but not a bomb hidden behind it.
    const QByteArray hidden =
        KilnTest::compressWithTool(tar + QByteArray(40 * 1024 * 1024, '\0'), Compression::Zstd);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(hidden);
    file.close();
    auto bomb = unpackLayers({LayerFile{file.fileName(), {}, {}}}, *m_tree, {});
    QVERIFY(!bomb.ok());
    QCOMPARE(bomb.error().code, UnpackError::Code::Corrupt);
    QVERIFY2(bomb.error().message.contains(u"more than 16 MiB of data follow the end of the tar archive"_s),
             qPrintable(bomb.error().message));
}

void tst_LayerUnpacker::cancelFromProgress()
{
    LayerBuilder builder;
    QByteArray noise(8 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    for (int i = 0; i < 8; ++i)
        builder.file("f" + QByteArray::number(i), noise);
    const LayerFile layer = write(builder, u"big.tar.gz"_s, Compression::Gzip);

    std::atomic<bool> cancel = false;
    int calls = 0;
    UnpackOptions options;
    options.cancel = &cancel;
    options.progress = [&](qint64 in, qint64 out, quint64) {
        QVERIFY(in > 0 && out > 0);
        if (++calls == 2)
            cancel = true;
    };
    QElapsedTimer timer;
    timer.start();
    auto unpacked = unpackLayers({layer}, *m_tree, options);
    QVERIFY(!unpacked.ok());
    QCOMPARE(unpacked.error().code, UnpackError::Code::Cancelled);
    QCOMPARE(unpacked.error().layer, 1);
    QCOMPARE(calls, 2); // no chunk read after the flag
    QVERIFY(m_tree->liveBytes() < 64 * 1024 * 1024);
    QVERIFY(timer.elapsed() < 5000);

    // Set before starting: nothing happens.
    QVERIFY(QDir().mkpath(m_work->filePath(u"fresh"_s)));
    RootfsTree fresh(m_work->filePath(u"fresh"_s));
    auto early = unpackLayers({layer}, fresh, options);
    QVERIFY(!early.ok());
    QCOMPARE(early.error().code, UnpackError::Code::Cancelled);
    QCOMPARE(fresh.liveNodes(), quint64(1));
}

void tst_LayerUnpacker::emptyLayerAndNonAsciiNames()
{
    QFile empty(layerPath(u"empty"_s));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    LayerBuilder names;
    names.file("café/naïve.txt", "ü").file(QByteArray(200, 'l') + "/" + QByteArray(150, 'n'), "long");
    auto unpacked =
        unpackLayers({LayerFile{empty.fileName(), u"application/vnd.oci.image.layer.v1.tar"_s, {}},
                      write(LayerBuilder(), u"nothing.tar"_s), write(names, u"names"_s, Compression::Zstd)},
                     *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    QCOMPARE(content("café/naïve.txt"), "ü"_ba);
    QCOMPARE(content(QByteArray(200, 'l') + "/" + QByteArray(150, 'n')), "long"_ba);

    // An empty file said to be gzip is a damaged layer, not an empty one.
    auto gzip = unpackLayers(
        {LayerFile{empty.fileName(), u"application/vnd.oci.image.layer.v1.tar+gzip"_s, {}}}, *m_tree, {});
    QVERIFY(!gzip.ok());
    QCOMPARE(gzip.error().code, UnpackError::Code::Corrupt);
    QCOMPARE(LayerStream::detect("\x1f\x8b", {}), LayerCompression::Gzip);
    QCOMPARE(LayerStream::detect("\x28\xb5\x2f\xfd", {}), LayerCompression::Zstd);
    QCOMPARE(LayerStream::detect("ustar", u"application/vnd.oci.image.layer.v1.tar+zstd"_s),
             LayerCompression::Plain);

    auto missing = unpackLayers({LayerFile{layerPath(u"nope"_s), {}, {}}}, *m_tree, {});
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, UnpackError::Code::Io);
    QVERIFY2(missing.error().message.contains(u"nope"_s), qPrintable(missing.error().message));
}

// KILN_BENCH_LAYER=/path/layer.tar.gz: unpacks it and prints the time (for
// comparing with `tar -I igzip -xf`); skipped otherwise.
void tst_LayerUnpacker::benchmarkFromEnvironment()
{
    const QString layer = qEnvironmentVariable("KILN_BENCH_LAYER");
    if (layer.isEmpty())
        QSKIP("KILN_BENCH_LAYER is not set");
    QElapsedTimer timer;
    timer.start();
    auto unpacked = unpackLayers({LayerFile{layer, {}, {}}}, *m_tree, {});
    QVERIFY2(unpacked, qPrintable(unpacked ? QString() : unpacked.error().message));
    qInfo("%lld ms: %lld bytes in, %lld out, %llu entries, %lld content bytes", timer.elapsed(),
          unpacked->bytesIn, unpacked->bytesOut, unpacked->entries, unpacked->contentBytes);
}

QTEST_GUILESS_MAIN(tst_LayerUnpacker)
#include "tst_layerunpacker.moc"
