#include "bake/rootfstree.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Kiln;

Q_DECLARE_METATYPE(RootfsError::Code)

namespace {

RootfsNode dirNode(quint32 mode = 0755)
{
    RootfsNode node;
    node.type = RootfsNodeType::Directory;
    node.mode = mode;
    return node;
}

RootfsNode fileNode(qint64 size = 0)
{
    RootfsNode node;
    node.type = RootfsNodeType::Regular;
    node.size = size;
    return node;
}

RootfsNode symlinkNode(const QByteArray &target)
{
    RootfsNode node;
    node.type = RootfsNodeType::Symlink;
    node.mode = 0777;
    node.linkTarget = target;
    return node;
}

// Adds a regular file with `content` written through openData(), as the unpacker does.
RootfsTree::NodeId addFile(RootfsTree &tree, const QByteArray &path, const QByteArray &content)
{
    auto added = tree.add(path, fileNode(content.size()));
    if (!added)
        qFatal("add %s: %s", path.constData(), qPrintable(added.error().message));
    auto fd = tree.openData(*added);
    if (!fd || !tree.addLiveBytes(content.size(), path))
        qFatal("openData %s", path.constData());
    if (::write(*fd, content.constData(), size_t(content.size())) != content.size())
        qFatal("write %s", path.constData());
    ::close(*fd);
    return *added;
}

} // namespace

class tst_RootfsTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void resolve_data();
    void resolve();
    void lookupCreatesNothing();
    void directoryOverDirectoryKeepsChildren();
    void replaceRemovesSubtreeAndContent();
    void hardLinks();
    void hardLinkErrors_data();
    void hardLinkErrors();
    void removeAndClear();
    void capStopsBeforeWriting();
    void rootMetadata();

private:
    // usr/lib/libc.so, etc/passwd, lib -> usr/lib, abslib -> /usr/lib,
    // deep/link -> ../usr, evil -> ../../.., up -> .., loop1 <-> loop2,
    // dangling -> nowhere/deeper, hop -> lib (a symlink to a symlink).
    void populate(RootfsTree &tree);
    std::unique_ptr<QTemporaryDir> m_staging;
};

void tst_RootfsTree::init()
{
    m_staging = std::make_unique<QTemporaryDir>();
    QVERIFY(m_staging->isValid());
}

void tst_RootfsTree::populate(RootfsTree &tree)
{
    QVERIFY(tree.add("usr/lib/libc.so", fileNode()));
    QVERIFY(tree.add("etc/passwd", fileNode()));
    QVERIFY(tree.add("lib", symlinkNode("usr/lib")));
    QVERIFY(tree.add("abslib", symlinkNode("/usr/lib")));
    QVERIFY(tree.add("deep/link", symlinkNode("../usr")));
    QVERIFY(tree.add("evil", symlinkNode("../../..")));
    QVERIFY(tree.add("up", symlinkNode("..")));
    QVERIFY(tree.add("loop1", symlinkNode("loop2")));
    QVERIFY(tree.add("loop2", symlinkNode("loop1")));
    QVERIFY(tree.add("dangling", symlinkNode("nowhere/deeper")));
    QVERIFY(tree.add("hop", symlinkNode("lib")));
}

void tst_RootfsTree::resolve_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("landsAt"); // where the new file is found afterwards
    QTest::addColumn<RootfsError::Code>("code");
    QTest::addColumn<QString>("inMessage");

    const auto ok = [](const char *name, const QByteArray &path, const QByteArray &landsAt) {
        QTest::newRow(name) << path << true << landsAt << RootfsError::Code::InvalidPath << QString();
    };
    const auto bad = [](const char *name, const QByteArray &path, RootfsError::Code code,
                        const QString &text) {
        QTest::newRow(name) << path << false << QByteArray() << code << text;
    };
    ok("plain", "a", "a");
    ok("dot slash prefix", "./a", "a");
    ok("missing parents made", "./x/y/z", "x/y/z");
    ok("double slashes", "x//y///z", "x/y/z");
    ok("trailing slash", "x/y/", "x/y");
    ok("dot-dot inside", "usr/../top", "top");
    ok("relative symlink on the way", "lib/x", "usr/lib/x");
    ok("absolute symlink on the way", "abslib/x", "usr/lib/x");
    ok("symlink with dot-dot on the way", "deep/link/lib/x", "usr/lib/x");
    ok("symlink to a symlink", "hop/x", "usr/lib/x");
    ok("dot-dot after a symlink", "lib/../bin/x", "usr/bin/x");
    ok("dangling symlink makes its target", "dangling/x", "nowhere/deeper/x");
    ok("last component symlink is replaced", "lib", "lib");
    bad("relative escape", "../../etc/passwd", RootfsError::Code::Escapes, u"leaves the root filesystem"_s);
    bad("absolute path", "/etc/shadow", RootfsError::Code::Escapes, u"absolute path"_s);
    bad("escape after a directory", "a/../../x", RootfsError::Code::Escapes, u"“a/../../x”"_s);
    bad("symlink escape", "evil/pwned", RootfsError::Code::Escapes, u"symbolic link “evil” -> “../../..”"_s);
    bad("symlink to parent of root", "up/x", RootfsError::Code::Escapes, u"“up”"_s);
    bad("escape through two symlinks", "lib/../../../x", RootfsError::Code::Escapes, u"“lib/../../../x”"_s);
    bad("through a file", "etc/passwd/x", RootfsError::Code::NotADirectory, u"“etc/passwd”"_s);
    bad("symlink loop", "loop1/x", RootfsError::Code::InvalidPath, u"too many levels"_s);
    bad("empty", "", RootfsError::Code::InvalidPath, u"empty"_s);
    bad("name too long", "a/" + QByteArray(256, 'n'), RootfsError::Code::InvalidPath, u"255 bytes"_s);
    bad("ends in dot-dot", "usr/..", RootfsError::Code::InvalidPath, u"ends in"_s);
    bad("NUL byte", QByteArray("a\0b", 3), RootfsError::Code::InvalidPath, u"NUL"_s);
}

void tst_RootfsTree::resolve()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, ok);
    QFETCH(QByteArray, landsAt);
    QFETCH(RootfsError::Code, code);
    QFETCH(QString, inMessage);

    RootfsTree tree(m_staging->path());
    populate(tree);
    const quint64 before = tree.liveNodes();
    auto added = tree.add(path, fileNode());
    QCOMPARE(added.ok(), ok);
    if (!ok) {
        QCOMPARE(added.error().code, code);
        QCOMPARE(added.error().path, QString::fromUtf8(path));
        QVERIFY2(added.error().message.contains(inMessage), qPrintable(added.error().message));
        QCOMPARE(tree.liveNodes(), before); // nothing made for a rejected path
        return;
    }
    auto found = tree.lookup(landsAt);
    QVERIFY(found.ok());
    QVERIFY(found->has_value());
    QCOMPARE(**found, *added);
    QCOMPARE(tree.node(*added).type, RootfsNodeType::Regular);
    // The existing content stays where it was.
    auto libc = tree.lookup("usr/lib/libc.so");
    QVERIFY(libc.ok() && libc->has_value());
}

void tst_RootfsTree::lookupCreatesNothing()
{
    RootfsTree tree(m_staging->path());
    populate(tree);
    const RootfsTree::NodeId before = tree.nodeCount();
    auto missing = tree.lookup("a/b/c");
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());
    auto throughDangling = tree.lookup("dangling/x");
    QVERIFY(throughDangling.ok());
    QVERIFY(!throughDangling->has_value());
    QCOMPARE(tree.nodeCount(), before);
    // The last component is not followed: "lib" is the symlink itself.
    auto lib = tree.lookup("lib");
    QVERIFY(lib.ok() && lib->has_value());
    QCOMPARE(tree.node(**lib).type, RootfsNodeType::Symlink);
    QCOMPARE(tree.node(**lib).size, 7);
    auto escape = tree.lookup("evil/x");
    QVERIFY(!escape.ok());
    QCOMPARE(escape.error().code, RootfsError::Code::Escapes);
}

void tst_RootfsTree::directoryOverDirectoryKeepsChildren()
{
    RootfsTree tree(m_staging->path());
    auto first = tree.add("opt/app", dirNode(0755));
    QVERIFY(first);
    QVERIFY(tree.add("opt/app/bin", fileNode()));
    RootfsNode again = dirNode(0700);
    again.uid = 1000;
    again.gid = 100;
    again.mtime = 1234;
    again.xattrs = {{"user.a", "b"}};
    auto second = tree.add("opt/app/", again);
    QVERIFY(second);
    QCOMPARE(*second, *first);
    const RootfsNode &node = tree.node(*first);
    QCOMPARE(node.mode, 0700u);
    QCOMPARE(node.uid, 1000u);
    QCOMPARE(node.gid, 100u);
    QCOMPARE(node.mtime, 1234);
    QCOMPARE(node.xattrs.size(), size_t(1));
    QVERIFY(node.children.contains("bin"));
    // Implicit parents are root-owned 0755 directories.
    auto opt = tree.lookup("opt");
    QVERIFY(opt.ok() && opt->has_value());
    QCOMPARE(tree.node(**opt).mode, 0755u);
    QCOMPARE(tree.node(**opt).type, RootfsNodeType::Directory);
    QCOMPARE(tree.liveDirectories(), quint64(3));
}

void tst_RootfsTree::replaceRemovesSubtreeAndContent()
{
    RootfsTree tree(m_staging->path());
    const auto a = addFile(tree, "d/a", "aaaa");
    const auto b = addFile(tree, "d/sub/b", "bbbbbb");
    QCOMPARE(tree.liveBytes(), 10);
    const QString aPath = tree.dataPath(tree.node(a).dataId);
    const QString bPath = tree.dataPath(tree.node(b).dataId);
    QVERIFY(QFile::exists(aPath) && QFile::exists(bPath));
    const quint64 liveBefore = tree.liveNodes();

    // A file over the directory replaces the whole subtree.
    auto file = tree.add("d", fileNode());
    QVERIFY(file);
    QCOMPARE(tree.liveBytes(), 0);
    QVERIFY(!QFile::exists(aPath));
    QVERIFY(!QFile::exists(bPath));
    QCOMPARE(tree.node(a).links, 0u);
    QCOMPARE(tree.node(b).links, 0u);
    QCOMPARE(liveBefore, quint64(5));
    QCOMPARE(tree.liveNodes(), quint64(2));

    // And a directory over the file replaces it.
    auto dir = tree.add("d", dirNode());
    QVERIFY(dir);
    QCOMPARE(tree.node(*file).links, 0u);
    QCOMPARE(tree.node(*dir).type, RootfsNodeType::Directory);
    QVERIFY(QDir(m_staging->path()).isEmpty());
}

void tst_RootfsTree::hardLinks()
{
    RootfsTree tree(m_staging->path());
    const auto first = addFile(tree, "bin/first", "content");
    auto second = tree.link("usr/bin/second", "bin/first");
    QVERIFY2(second, qPrintable(second ? QString() : second.error().message));
    QCOMPARE(*second, first);
    QCOMPARE(tree.node(first).links, 2u);
    QCOMPARE(tree.liveBytes(), 7); // once, however many names
    // Through a symlink on the way of the target, too.
    QVERIFY(tree.add("b", symlinkNode("bin")));
    auto third = tree.link("third", "b/first");
    QVERIFY(third);
    QCOMPARE(tree.node(first).links, 3u);
    // Linking a name to its own node changes nothing.
    QVERIFY(tree.link("third", "bin/first"));
    QCOMPARE(tree.node(first).links, 3u);

    const QString data = tree.dataPath(tree.node(first).dataId);
    QVERIFY(tree.remove("bin/first"));
    QVERIFY(tree.remove("third"));
    QCOMPARE(tree.node(first).links, 1u);
    QVERIFY(QFile::exists(data));
    QCOMPARE(tree.liveBytes(), 7);
    QVERIFY(tree.remove("usr/bin/second"));
    QCOMPARE(tree.node(first).links, 0u);
    QVERIFY(!QFile::exists(data));
    QCOMPARE(tree.liveBytes(), 0);
}

void tst_RootfsTree::hardLinkErrors_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<RootfsError::Code>("code");
    QTest::addColumn<QString>("inMessage");
    QTest::newRow("target outside") << "x"_ba
                                    << "../../etc/passwd"_ba << RootfsError::Code::Escapes
                                    << u"“x” is a hard link whose target “../../etc/passwd” leaves"_s;
    QTest::newRow("absolute target") << "x"_ba
                                     << "/etc/passwd"_ba << RootfsError::Code::Escapes << u"absolute"_s;
    QTest::newRow("target through escaping symlink")
        << "x"_ba
        << "evil/etc/passwd"_ba << RootfsError::Code::Escapes << u"“evil”"_s;
    QTest::newRow("missing target") << "x"_ba
                                    << "nope"_ba << RootfsError::Code::NotFound << u"does not exist"_s;
    QTest::newRow("directory target") << "x"_ba
                                      << "dir"_ba << RootfsError::Code::InvalidPath << u"directory"_s;
    QTest::newRow("root target") << "x"_ba
                                 << "./"_ba << RootfsError::Code::InvalidPath << u"directory"_s;
    QTest::newRow("link path outside") << "../x"_ba
                                       << "file"_ba << RootfsError::Code::Escapes << u"“../x”"_s;
}

void tst_RootfsTree::hardLinkErrors()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, target);
    QFETCH(RootfsError::Code, code);
    QFETCH(QString, inMessage);
    RootfsTree tree(m_staging->path());
    QVERIFY(tree.add("dir", dirNode()));
    const auto file = addFile(tree, "file", "abc");
    QVERIFY(tree.add("evil", symlinkNode("../..")));
    auto linked = tree.link(path, target);
    QVERIFY(!linked.ok());
    QCOMPARE(linked.error().code, code);
    QCOMPARE(linked.error().path, QString::fromUtf8(path));
    QVERIFY2(linked.error().message.contains(inMessage), qPrintable(linked.error().message));
    QCOMPARE(tree.node(file).links, 1u); // a failed link leaves the count alone
}

void tst_RootfsTree::removeAndClear()
{
    RootfsTree tree(m_staging->path());
    addFile(tree, "etc/a", "1");
    addFile(tree, "etc/b", "22");
    addFile(tree, "etc/sub/c", "333");
    QVERIFY(tree.add("link", symlinkNode("etc")));

    // Nothing there is fine; under a file or a missing parent too.
    QVERIFY(tree.remove("etc/none"));
    QVERIFY(tree.remove("missing/x/y"));
    QVERIFY(tree.remove("etc/a/x"));
    // An escape is still an error.
    auto escape = tree.remove("../x");
    QVERIFY(!escape.ok());
    QCOMPARE(escape.error().code, RootfsError::Code::Escapes);
    // The root cannot go.
    QVERIFY(!tree.remove("./"));

    // A symlink as the last component is removed itself, not its target.
    QVERIFY(tree.remove("link"));
    QVERIFY(tree.lookup("etc/a")->has_value());
    QVERIFY(!tree.lookup("link")->has_value());

    // Opaque: keeps what `keep` says, and clears inside kept directories.
    const auto sub = *tree.lookup("etc/sub").value();
    const auto b = *tree.lookup("etc/b").value();
    QVERIFY(tree.clearDirectory("etc", [&](RootfsTree::NodeId id) { return id == sub || id == b; }));
    QVERIFY(!tree.lookup("etc/a")->has_value());
    QVERIFY(tree.lookup("etc/b")->has_value());
    QVERIFY(tree.lookup("etc/sub")->has_value());
    QVERIFY(!tree.lookup("etc/sub/c")->has_value());
    QCOMPARE(tree.liveBytes(), 2);
    QVERIFY(tree.clearDirectory("etc"));
    QVERIFY(tree.lookup("etc")->has_value());
    QCOMPARE(tree.node(tree.lookup("etc").value().value()).children.size(), size_t(0));
    QCOMPARE(tree.liveBytes(), 0);
    QVERIFY(tree.clearDirectory("missing/dir"));
    QVERIFY(QDir(m_staging->path()).isEmpty());
}

void tst_RootfsTree::capStopsBeforeWriting()
{
    RootfsTree tree(m_staging->path(), 2 * 1024 * 1024);
    QVERIFY(tree.addLiveBytes(2 * 1024 * 1024 - 10, "big"));
    QVERIFY(tree.addLiveBytes(10, "big"));
    auto over = tree.addLiveBytes(1, "more");
    QVERIFY(!over.ok());
    QCOMPARE(over.error().code, RootfsError::Code::OverCap);
    QCOMPARE(over.error().path, u"more"_s);
    QVERIFY2(over.error().message.contains(u"cap of 2 MiB"_s), qPrintable(over.error().message));
    QCOMPARE(tree.liveBytes(), 2 * 1024 * 1024); // not counted
    QCOMPARE(tree.capBytes(), 2 * 1024 * 1024);

    RootfsTree uncapped(m_staging->path());
    QVERIFY(uncapped.addLiveBytes(qint64(1) << 40, "huge"));
}

void tst_RootfsTree::rootMetadata()
{
    RootfsTree tree(m_staging->path());
    QCOMPARE(tree.node(RootfsTree::RootId).type, RootfsNodeType::Directory);
    QCOMPARE(tree.node(RootfsTree::RootId).links, 1u);
    auto root = tree.add("./", dirNode(0700));
    QVERIFY(root);
    QCOMPARE(*root, RootfsTree::RootId);
    QCOMPARE(tree.node(RootfsTree::RootId).mode, 0700u);
    auto notDir = tree.add(".", fileNode());
    QVERIFY(!notDir.ok());
    QCOMPARE(notDir.error().code, RootfsError::Code::InvalidPath);
    QCOMPARE(*tree.lookup(".").value(), RootfsTree::RootId);
}

QTEST_GUILESS_MAIN(tst_RootfsTree)
#include "tst_rootfstree.moc"
