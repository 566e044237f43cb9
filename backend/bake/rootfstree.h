#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace Kiln {

// What kind of file a node of an unpacked root filesystem is.
enum class RootfsNodeType : quint8
{
    Directory,
    Regular,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
};

struct RootfsXattr
{
    QByteArray name; // e.g. "security.capability", "user.x"
    QByteArray value;
};

// One inode of the image. Several directory entries may name the same node
// (hard links); `links` counts them. Metadata lives here, not on the host's
// files, so ownership, setuid bits and device nodes survive an unprivileged bake.
struct RootfsNode
{
    RootfsNodeType type = RootfsNodeType::Regular;
    quint32 mode = 0644; // permission bits with setuid/setgid/sticky (07777), no type bits
    quint32 uid = 0;
    quint32 gid = 0;
    qint64 mtime = 0; // seconds since the epoch
    quint32 mtimeNsec = 0;
    qint64 size = 0;       // Regular: bytes of content; Symlink: target length
    quint64 dataId = 0;    // Regular with size > 0: content in RootfsTree::dataPath(dataId)
    QByteArray linkTarget; // Symlink: the target exactly as in the archive
    quint32 rdevMajor = 0; // CharDevice / BlockDevice
    quint32 rdevMinor = 0;
    std::vector<RootfsXattr> xattrs;
    quint32 links = 0;                        // directory entries naming this node (a directory: 1)
    std::map<QByteArray, quint32> children{}; // Directory: name -> node id, byte-sorted
};

// Why an archive entry cannot be applied. `path` is the entry's path as the
// archive has it.
struct RootfsError
{
    enum class Code
    {
        Escapes,       // the path, a symlink on the way, or a hard link target leaves the rootfs
        NotADirectory, // a path component is a file
        NotFound,      // a hard link target, or a parent that does not exist
        InvalidPath,   // empty, NUL, a name that cannot be stored, a symlink loop, a link to a directory
        OverCap,       // the live content passed the cap
        Io,            // the staging directory failed (message has the errno text)
    };
    Code code = Code::InvalidPath;
    QString path;
    QString message; // a sentence naming `path` and why
};

// The merged root filesystem of an image while it is baked: an in-memory tree of
// nodes (metadata, symlink targets, device numbers, hard links) whose regular
// file contents are flat files in a staging directory, one per node with data
// ("<staging>/<dataId>"). Layers are applied to it in order (LayerUnpacker); the
// ext4 writer then reads it (Ext4Writer). Nothing is ever written outside the
// staging directory, whatever the archive says.
//
// Paths are archive paths: relative, '/'-separated, "./" prefixes and trailing
// slashes allowed. A leading '/' or a ".." that would go above the root is
// Escapes. Symlinks met on the way (not the last component) are followed inside
// the tree with chroot semantics: an absolute target starts at the root, and a
// ".." above the root is Escapes, so "evil -> ../../x" then "evil/f" fails while
// "lib -> usr/lib" then "lib/f" lands in usr/lib. Missing parent directories are
// created (mode 0755, root-owned), as tar does.
//
// Not thread-safe; one bake uses one tree.
class RootfsTree
{
public:
    using NodeId = quint32;
    static constexpr NodeId RootId = 0;

    // `stagingDir` must exist and be empty; the tree owns the files it puts there
    // (the caller removes the directory when done). `capBytes` <= 0: no cap.
    explicit RootfsTree(QString stagingDir, qint64 capBytes = 0);

    const RootfsNode &node(NodeId id) const { return m_nodes[id]; }
    // Node ids are dense: 0 .. nodeCount()-1; removed nodes keep their slot with
    // links == 0 (skip them).
    NodeId nodeCount() const { return NodeId(m_nodes.size()); }
    QString dataPath(quint64 dataId) const;
    const QString &stagingDir() const { return m_stagingDir; }

    // The node `path` names (the last component not followed if it is a symlink);
    // nullopt if it does not exist. Errors only for escapes and invalid paths.
    Result<std::optional<NodeId>, RootfsError> lookup(QByteArrayView path) const;

    // Adds (or replaces) the entry at `path`. A directory over an existing
    // directory only updates its metadata and keeps its children; anything else
    // replaces what was there (a whole subtree included). For a Regular node with
    // size > 0, the content is then written through openData().
    Result<NodeId, RootfsError> add(QByteArrayView path, RootfsNode node);
    // A hard link at `path` to the existing, non-directory node at `target`.
    Result<NodeId, RootfsError> link(QByteArrayView path, QByteArrayView target);
    // Removes `path` and everything below it (a whiteout); nothing there (or a
    // file where a parent directory would be) is fine.
    Result<Done, RootfsError> remove(QByteArrayView path);
    // Removes every child of the directory at `path` (an opaque whiteout); nothing
    // there, or not a directory, is fine. With `keep`, a child for which it returns
    // true stays (entries the same layer added), and a kept directory is cleared
    // the same way, recursively.
    Result<Done, RootfsError> clearDirectory(QByteArrayView path,
                                             const std::function<bool(NodeId)> &keep = {});

    // Opens the content file of a Regular node added with size > 0 for writing
    // (assigns its dataId). Returns the file descriptor; the caller writes `size`
    // bytes through addLiveBytes() accounting and closes it.
    Result<int, RootfsError> openData(NodeId id);
    // Counts bytes of content about to be written (call it before writing them);
    // OverCap, counting nothing, when they would take the live total past the cap,
    // so the staging directory never holds more than the cap.
    Result<Done, RootfsError> addLiveBytes(qint64 bytes, QByteArrayView path);

    // Content bytes of every live regular node (each node once, however many links).
    qint64 liveBytes() const { return m_liveBytes; }
    qint64 capBytes() const { return m_capBytes; }
    // Live nodes, by type.
    quint64 liveNodes() const;
    quint64 liveDirectories() const;

private:
    struct Walk;
    // Follows every component of `path` from where `w` is (creating missing
    // directories if w.create); resolveParent() all but the last, left in w.last.
    Result<Done, RootfsError> walk(Walk &w, QByteArrayView path, int depth);
    Result<Done, RootfsError> resolveParent(Walk &w, QByteArrayView path);
    void clearChildren(NodeId dir, const std::function<bool(NodeId)> &keep);
    NodeId newNode(RootfsNode node);
    void detach(NodeId dir, const QByteArray &name);
    void release(NodeId id);

    QString m_stagingDir;
    qint64 m_capBytes = 0;
    qint64 m_liveBytes = 0;
    quint64 m_nextDataId = 1;
    std::vector<RootfsNode> m_nodes;
};

} // namespace Kiln
