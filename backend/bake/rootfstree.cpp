#include "rootfstree.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr int kMaxSymlinks = 40; // as the kernel's path walk
constexpr qsizetype kMaxNameBytes = 255;

QString shown(QByteArrayView path)
{
    return u"“"_s + QString::fromUtf8(path) + u"”"_s;
}

RootfsError fail(RootfsError::Code code, QByteArrayView path, const QString &reason)
{
    return RootfsError{code, QString::fromUtf8(path), shown(path) + u' ' + reason};
}

// The components of `path` ("./a//b/" -> a, b); "." components are dropped.
std::vector<QByteArrayView> components(QByteArrayView path)
{
    std::vector<QByteArrayView> out;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            const QByteArrayView part = path.sliced(start, i - start);
            if (!part.isEmpty() && part != ".")
                out.push_back(part);
            start = i + 1;
        }
    }
    return out;
}

} // namespace

// Where a path walk is: the chain of directories from the root (so ".." needs no
// parent pointers), their names for messages, and the symlink being followed.
struct RootfsTree::Walk
{
    QByteArrayView entry; // the archive path, for messages
    bool create = false;
    std::vector<NodeId> dirs{RootId};
    std::vector<QByteArray> names;
    bool missing = false; // a component was not there (and not created)
    int symlinks = 0;
    std::vector<std::pair<NodeId, QByteArray>> made; // directories created, undone on failure
    QString via;                                     // "“lib” -> “../..”" while following a symlink
    QByteArray last;

    QByteArray here(QByteArrayView name) const
    {
        QByteArray out;
        for (const QByteArray &n : names)
            out += n + '/';
        return out + name.toByteArray();
    }
};

RootfsTree::RootfsTree(QString stagingDir, qint64 capBytes)
    : m_stagingDir(std::move(stagingDir))
    , m_capBytes(capBytes)
{
    RootfsNode root;
    root.type = RootfsNodeType::Directory;
    root.mode = 0755;
    root.links = 1;
    m_nodes.push_back(std::move(root));
}

QString RootfsTree::dataPath(quint64 dataId) const
{
    return m_stagingDir + u'/' + QString::number(dataId);
}

Result<Done, RootfsError> RootfsTree::walk(Walk &w, QByteArrayView path, int depth)
{
    for (const QByteArrayView part : components(path)) {
        if (part == "..") {
            if (w.dirs.size() == 1) {
                if (w.via.isEmpty())
                    return fail(RootfsError::Code::Escapes, w.entry, u"leaves the root filesystem"_s);
                return fail(RootfsError::Code::Escapes, w.entry,
                            u"leaves the root filesystem through the symbolic link "_s + w.via);
            }
            w.dirs.pop_back();
            w.names.pop_back();
            continue;
        }
        if (part.size() > kMaxNameBytes)
            return fail(RootfsError::Code::InvalidPath, w.entry,
                        u"has a name longer than %1 bytes"_s.arg(kMaxNameBytes));
        const QByteArray name = part.toByteArray();
        const NodeId dir = w.dirs.back();
        const auto found = m_nodes[dir].children.find(name);
        if (found == m_nodes[dir].children.end()) {
            if (!w.create) {
                w.missing = true;
                return Done{};
            }
            RootfsNode created;
            created.type = RootfsNodeType::Directory;
            created.mode = 0755;
            const NodeId id = newNode(std::move(created));
            m_nodes[dir].children.emplace(name, id);
            w.made.emplace_back(dir, name);
            w.dirs.push_back(id);
            w.names.push_back(name);
            continue;
        }
        const NodeId id = found->second;
        const RootfsNode &node = m_nodes[id];
        if (node.type == RootfsNodeType::Directory) {
            w.dirs.push_back(id);
            w.names.push_back(name);
            continue;
        }
        if (node.type != RootfsNodeType::Symlink)
            return fail(RootfsError::Code::NotADirectory, w.entry,
                        u"goes through "_s + shown(w.here(name)) + u", which is not a directory"_s);
        if (++w.symlinks > kMaxSymlinks || depth > kMaxSymlinks)
            return fail(RootfsError::Code::InvalidPath, w.entry,
                        u"meets too many levels of symbolic links"_s);
        if (node.linkTarget.isEmpty()) {
            w.missing = true; // an empty target names nothing
            return Done{};
        }
        const QByteArray target = node.linkTarget; // `node` may move while walking
        const QString outer = w.via;
        w.via = shown(w.here(name)) + u" -> "_s + shown(target);
        if (target.startsWith('/')) {
            w.dirs.resize(1);
            w.names.clear();
        }
        auto walked = walk(w, target, depth + 1);
        if (!walked)
            return walked;
        w.via = outer;
        if (w.missing)
            return Done{};
    }
    return Done{};
}

Result<Done, RootfsError> RootfsTree::resolveParent(Walk &w, QByteArrayView path)
{
    if (path.isEmpty())
        return fail(RootfsError::Code::InvalidPath, path, u"is an empty path"_s);
    if (path.contains('\0'))
        return fail(RootfsError::Code::InvalidPath, path, u"contains a NUL byte"_s);
    if (path.startsWith('/'))
        return fail(RootfsError::Code::Escapes, path, u"is an absolute path"_s);
    w.entry = path;
    std::vector<QByteArrayView> parts = components(path);
    if (parts.empty())
        return Done{}; // the root itself; w.last stays empty
    if (parts.back() == "..")
        return fail(RootfsError::Code::InvalidPath, path, u"ends in “..”"_s);
    if (parts.back().size() > kMaxNameBytes)
        return fail(RootfsError::Code::InvalidPath, path,
                    u"has a name longer than %1 bytes"_s.arg(kMaxNameBytes));
    w.last = parts.back().toByteArray();
    // Everything before the last component, followed.
    const qsizetype cut = parts.back().data() - path.data();
    auto walked = walk(w, path.first(cut), 0);
    if (!walked) {
        // A rejected path leaves nothing behind.
        for (auto made = w.made.rbegin(); made != w.made.rend(); ++made)
            detach(made->first, made->second);
    }
    return walked;
}

Result<std::optional<RootfsTree::NodeId>, RootfsError> RootfsTree::lookup(QByteArrayView path) const
{
    Walk w;
    // A walk without `create` changes nothing.
    auto walked = const_cast<RootfsTree *>(this)->resolveParent(w, path);
    if (!walked)
        return walked.error();
    if (w.missing)
        return std::optional<NodeId>{};
    if (w.last.isEmpty())
        return std::optional<NodeId>{RootId};
    const auto &children = m_nodes[w.dirs.back()].children;
    const auto found = children.find(w.last);
    if (found == children.end())
        return std::optional<NodeId>{};
    return std::optional<NodeId>{found->second};
}

Result<RootfsTree::NodeId, RootfsError> RootfsTree::add(QByteArrayView path, RootfsNode node)
{
    Walk w;
    w.create = true;
    auto walked = resolveParent(w, path);
    if (!walked)
        return walked.error();
    const auto setMetadata = [&node](RootfsNode &into) {
        into.mode = node.mode & 07777;
        into.uid = node.uid;
        into.gid = node.gid;
        into.mtime = node.mtime;
        into.mtimeNsec = node.mtimeNsec;
        into.xattrs = std::move(node.xattrs);
    };
    if (w.last.isEmpty()) {
        if (node.type != RootfsNodeType::Directory)
            return fail(RootfsError::Code::InvalidPath, path, u"would replace the root directory"_s);
        setMetadata(m_nodes[RootId]);
        return RootId;
    }
    const NodeId dir = w.dirs.back();
    const auto found = m_nodes[dir].children.find(w.last);
    if (found != m_nodes[dir].children.end()) {
        const NodeId existing = found->second;
        if (node.type == RootfsNodeType::Directory && m_nodes[existing].type == RootfsNodeType::Directory) {
            setMetadata(m_nodes[existing]);
            return existing;
        }
        detach(dir, w.last);
    }
    node.mode &= 07777;
    node.dataId = 0;
    node.children.clear();
    if (node.type == RootfsNodeType::Symlink)
        node.size = node.linkTarget.size();
    else if (node.type != RootfsNodeType::Regular)
        node.size = 0;
    const NodeId id = newNode(std::move(node));
    m_nodes[dir].children.emplace(w.last, id);
    return id;
}

Result<RootfsTree::NodeId, RootfsError> RootfsTree::link(QByteArrayView path, QByteArrayView target)
{
    Walk t;
    auto walkedTarget = resolveParent(t, target);
    if (!walkedTarget) {
        RootfsError error = walkedTarget.error();
        error.path = QString::fromUtf8(path);
        error.message = shown(path) + u" is a hard link whose target "_s + error.message;
        return error;
    }
    std::optional<NodeId> targetId;
    if (t.last.isEmpty()) {
        targetId = RootId;
    } else if (!t.missing) {
        const auto &children = m_nodes[t.dirs.back()].children;
        if (const auto found = children.find(t.last); found != children.end())
            targetId = found->second;
    }
    if (!targetId)
        return fail(RootfsError::Code::NotFound, path,
                    u"is a hard link to "_s + shown(target) + u", which does not exist"_s);
    if (m_nodes[*targetId].type == RootfsNodeType::Directory)
        return fail(RootfsError::Code::InvalidPath, path,
                    u"is a hard link to the directory "_s + shown(target));

    // Count the new name first, so replacing what `path` names cannot free the target.
    ++m_nodes[*targetId].links;
    Walk w;
    w.create = true;
    auto walked = resolveParent(w, path);
    if (walked && w.last.isEmpty())
        walked = fail(RootfsError::Code::InvalidPath, path, u"would replace the root directory"_s);
    if (!walked) {
        release(*targetId);
        return walked.error();
    }
    const NodeId dir = w.dirs.back();
    const auto found = m_nodes[dir].children.find(w.last);
    if (found != m_nodes[dir].children.end()) {
        if (found->second == *targetId) {
            release(*targetId);
            return *targetId;
        }
        detach(dir, w.last);
    }
    m_nodes[dir].children.emplace(w.last, *targetId);
    return *targetId;
}

Result<Done, RootfsError> RootfsTree::remove(QByteArrayView path)
{
    Walk w;
    auto walked = resolveParent(w, path);
    if (!walked && walked.error().code == RootfsError::Code::NotADirectory)
        return Done{}; // under a file: nothing there
    if (!walked)
        return walked;
    if (w.last.isEmpty())
        return fail(RootfsError::Code::InvalidPath, path, u"would remove the root directory"_s);
    if (!w.missing && m_nodes[w.dirs.back()].children.contains(w.last))
        detach(w.dirs.back(), w.last);
    return Done{};
}

Result<Done, RootfsError> RootfsTree::clearDirectory(QByteArrayView path,
                                                     const std::function<bool(NodeId)> &keep)
{
    Walk w;
    auto walked = resolveParent(w, path);
    if (!walked && walked.error().code == RootfsError::Code::NotADirectory)
        return Done{};
    if (!walked)
        return walked;
    if (w.missing)
        return Done{};
    NodeId dir = RootId;
    if (!w.last.isEmpty()) {
        const auto &children = m_nodes[w.dirs.back()].children;
        const auto found = children.find(w.last);
        if (found == children.end())
            return Done{};
        dir = found->second;
    }
    if (m_nodes[dir].type == RootfsNodeType::Directory)
        clearChildren(dir, keep);
    return Done{};
}

void RootfsTree::clearChildren(NodeId dir, const std::function<bool(NodeId)> &keep)
{
    std::vector<QByteArray> drop;
    std::vector<NodeId> keptDirs;
    for (const auto &[name, id] : m_nodes[dir].children) {
        if (keep && keep(id)) {
            if (m_nodes[id].type == RootfsNodeType::Directory)
                keptDirs.push_back(id);
        } else {
            drop.push_back(name);
        }
    }
    for (const QByteArray &name : drop)
        detach(dir, name);
    for (const NodeId id : keptDirs)
        clearChildren(id, keep);
}

Result<int, RootfsError> RootfsTree::openData(NodeId id)
{
    RootfsNode &node = m_nodes[id];
    if (node.type != RootfsNodeType::Regular || node.links == 0)
        return RootfsError{
            RootfsError::Code::InvalidPath, {}, u"node %1 is not a live regular file"_s.arg(id)};
    if (node.dataId == 0)
        node.dataId = m_nextDataId++;
    const QByteArray file = QFile::encodeName(dataPath(node.dataId));
    const int fd = ::open(file.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int error = errno;
        return RootfsError{RootfsError::Code::Io, QDir::toNativeSeparators(dataPath(node.dataId)),
                           u"cannot create “%1” in the staging directory: %2"_s.arg(
                               dataPath(node.dataId), QString::fromLocal8Bit(std::strerror(error)))};
    }
    return fd;
}

Result<Done, RootfsError> RootfsTree::addLiveBytes(qint64 bytes, QByteArrayView path)
{
    if (m_capBytes > 0 && m_liveBytes + bytes > m_capBytes)
        return RootfsError{RootfsError::Code::OverCap, QString::fromUtf8(path),
                           u"unpacked content passed the cap of %1 MiB while writing %2"_s.arg(
                               QString::number(m_capBytes / (1024 * 1024)), shown(path))};
    m_liveBytes += bytes;
    return Done{};
}

quint64 RootfsTree::liveNodes() const
{
    quint64 count = 0;
    for (const RootfsNode &node : m_nodes)
        count += node.links > 0 ? 1 : 0;
    return count;
}

quint64 RootfsTree::liveDirectories() const
{
    quint64 count = 0;
    for (const RootfsNode &node : m_nodes)
        count += node.links > 0 && node.type == RootfsNodeType::Directory ? 1 : 0;
    return count;
}

RootfsTree::NodeId RootfsTree::newNode(RootfsNode node)
{
    node.links = 1;
    m_nodes.push_back(std::move(node));
    return NodeId(m_nodes.size() - 1);
}

void RootfsTree::detach(NodeId dir, const QByteArray &name)
{
    auto &children = m_nodes[dir].children;
    const auto found = children.find(name);
    if (found == children.end())
        return;
    const NodeId id = found->second;
    children.erase(found);
    release(id);
}

void RootfsTree::release(NodeId id)
{
    std::vector<NodeId> todo{id};
    while (!todo.empty()) {
        RootfsNode &node = m_nodes[todo.back()];
        todo.pop_back();
        if (node.links == 0 || --node.links > 0)
            continue;
        for (const auto &child : node.children)
            todo.push_back(child.second);
        node.children.clear();
        node.xattrs.clear();
        node.linkTarget.clear();
        if (node.type == RootfsNodeType::Regular && node.dataId != 0) {
            ::unlink(QFile::encodeName(dataPath(node.dataId)).constData());
            m_liveBytes -= node.size;
            node.dataId = 0;
        }
    }
}

} // namespace Kiln
