#include "bake/ext4writer.h"

#include "bake/ext4layout.h"
#include "bake/ext4tools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

#include <ext2fs/ext2fs.h>
#include <ext2fs/ext3_extents.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Kiln::Ext4Tools;

namespace Kiln {

namespace {

constexpr int BlockSize = 4096;
constexpr qint64 ChunkBytes = 1024 * 1024;
constexpr qint64 MiB = 1024 * 1024;

using Code = Ext4Error::Code;
using NodeId = RootfsTree::NodeId;
// A step that may fail.
using Step = std::optional<Ext4Error>;

Ext4Error makeError(Code code, QString path, QString message)
{
    Ext4Error error;
    error.code = code;
    error.path = std::move(path);
    error.message = std::move(message);
    return error;
}

void setTime(__u32 &seconds, __u32 &extra, qint64 sec, quint32 nsec)
{
    // ext4's range: 32 signed bits plus two epoch bits (1901 .. 2446).
    sec = std::clamp<qint64>(sec, -(qint64(1) << 31), (qint64(3) << 32) + (qint64(1) << 31) - 1);
    seconds = __u32(quint64(sec) & 0xffffffffu);
    const qint64 epoch = (sec - qint64(qint32(seconds))) >> 32;
    extra = __u32(epoch & EXT4_EPOCH_MASK) | (std::min(nsec, 999999999u) << EXT4_EPOCH_BITS);
}

quint8 fileTypeOf(RootfsNodeType type)
{
    switch (type) {
    case RootfsNodeType::Directory:
        return EXT2_FT_DIR;
    case RootfsNodeType::Regular:
        return EXT2_FT_REG_FILE;
    case RootfsNodeType::Symlink:
        return EXT2_FT_SYMLINK;
    case RootfsNodeType::CharDevice:
        return EXT2_FT_CHRDEV;
    case RootfsNodeType::BlockDevice:
        return EXT2_FT_BLKDEV;
    case RootfsNodeType::Fifo:
        return EXT2_FT_FIFO;
    case RootfsNodeType::Socket:
        return EXT2_FT_SOCK;
    }
    return EXT2_FT_UNKNOWN;
}

quint16 modeTypeOf(RootfsNodeType type)
{
    switch (type) {
    case RootfsNodeType::Directory:
        return LINUX_S_IFDIR;
    case RootfsNodeType::Regular:
        return LINUX_S_IFREG;
    case RootfsNodeType::Symlink:
        return LINUX_S_IFLNK;
    case RootfsNodeType::CharDevice:
        return LINUX_S_IFCHR;
    case RootfsNodeType::BlockDevice:
        return LINUX_S_IFBLK;
    case RootfsNodeType::Fifo:
        return LINUX_S_IFIFO;
    case RootfsNodeType::Socket:
        return LINUX_S_IFSOCK;
    }
    return LINUX_S_IFREG;
}

bool allZero(const char *data, qint64 size)
{
    return size <= 0 || (data[0] == 0 && std::memcmp(data, data + 1, size_t(size - 1)) == 0);
}

// A contiguous piece of a file: `count` blocks from logical `logical` at `physical`.
struct BlockRun
{
    blk64_t logical = 0;
    blk64_t physical = 0;
    blk64_t count = 0;
};

// Fills one image from one tree. Used once.
class Writer
{
public:
    Writer(const RootfsTree &tree, const Ext4WriteOptions &options, qint64 sizeMiB)
        : m_tree(tree)
        , m_options(options)
        , m_sizeMiB(sizeMiB)
    {}
    ~Writer() { closeAll(); }

    Result<Ext4Stats, Ext4Error> run(const QString &imagePath, const QString &label, quint64 inodes);

private:
    Step mkfs(const QString &imagePath, const QString &label, quint64 inodes);
    Step open(const QString &imagePath);
    Step clearMkfsDirectories();
    Step mapInodes();
    Step writeNode(NodeId id);
    Step writeDirectory(const RootfsNode &node, NodeId id, ext2_ino_t ino, ext2_ino_t parentIno);
    Step writeRegular(const RootfsNode &node, NodeId id, ext2_ino_t ino);
    Step writeSymlink(const RootfsNode &node, NodeId id, ext2_ino_t ino);
    Step writeSpecial(const RootfsNode &node, NodeId id, ext2_ino_t ino);
    Step writeXattrs(const RootfsNode &node, NodeId id, ext2_ino_t ino);
    Step copyContent(int fd, const RootfsNode &node, NodeId id, const std::vector<BlockRun> &runs);
    Step finish();
    void closeAll();

    ext2_inode_large baseInode(const RootfsNode &node, quint32 links) const;
    static void initExtents(ext2_inode_large &inode);
    errcode_t writeWhole(ext2_ino_t ino, const ext2_inode_large &inode);
    errcode_t writeInode(ext2_ino_t ino, ext2_inode_large &inode);
    errcode_t allocate(ext2_ino_t ino, ext2_inode_large &inode, blk64_t blocks, std::vector<BlockRun> &runs);

    bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }
    Ext4Error cancelError() const
    {
        return makeError(Code::Cancelled, {}, u"The ext4 image was cancelled."_s);
    }
    QString pathOf(NodeId id) const;
    // A libext2fs failure while writing `id`; running out of space is TooBig.
    Ext4Error ext2Error(errcode_t err, NodeId id, const QString &what) const;
    void addProgress(qint64 bytes, bool force = false);

    const RootfsTree &m_tree;
    const Ext4WriteOptions &m_options;
    const qint64 m_sizeMiB;
    ext2_filsys m_fs = nullptr;
    int m_imageFd = -1;
    bool m_checksums = false;

    std::vector<ext2_ino_t> m_ino;          // per node; 0: not in the image
    std::vector<quint32> m_links;           // directory entries naming the node
    std::vector<NodeId> m_parent;           // the directory of its first entry
    std::vector<const QByteArray *> m_name; // the name of its first entry
    std::vector<NodeId> m_order;            // nodes in the order they were reached
    ext2_ino_t m_lostFound = 0;             // a lost+found added by us, 0 when the tree has one

    QByteArray m_buffer;
    qint64 m_bytesDone = 0;
    qint64 m_bytesTotal = 0;
    qint64 m_bytesReported = 0;
    Ext4Stats m_stats;
};

void Writer::closeAll()
{
    if (m_fs) {
        ext2fs_free(m_fs);
        m_fs = nullptr;
    }
    if (m_imageFd >= 0) {
        ::close(m_imageFd);
        m_imageFd = -1;
    }
}

QString Writer::pathOf(NodeId id) const
{
    if (id == RootfsTree::RootId || id >= m_name.size() || !m_name[id])
        return u"/"_s;
    QByteArray path;
    for (NodeId at = id; at != RootfsTree::RootId && m_name[at]; at = m_parent[at])
        path.prepend('/' + *m_name[at]);
    return QString::fromUtf8(path);
}

Ext4Error Writer::ext2Error(errcode_t err, NodeId id, const QString &what) const
{
    const QString path = pathOf(id);
    if (err == EXT2_ET_BLOCK_ALLOC_FAIL || err == EXT2_ET_INODE_ALLOC_FAIL) {
        Ext4Error error = makeError(
            Code::TooBig, path,
            u"needs more than %1 MiB (%2 %3: %4)"_s.arg(m_sizeMiB).arg(what, path, ext2Message(err)));
        error.neededMiB = m_sizeMiB + 1;
        error.capMiB = m_sizeMiB;
        return error;
    }
    return makeError(Code::Ext2fs, path,
                     u"Cannot %1 %2 in the ext4 image: %3"_s.arg(what, path, ext2Message(err)));
}

void Writer::addProgress(qint64 bytes, bool force)
{
    m_bytesDone += bytes;
    if (m_options.progress && (force || m_bytesDone - m_bytesReported >= ChunkBytes)) {
        m_bytesReported = m_bytesDone;
        m_options.progress(m_bytesDone, m_bytesTotal);
    }
}

Result<Ext4Stats, Ext4Error> Writer::run(const QString &imagePath, const QString &label, quint64 inodes)
{
    if (Step failed = mkfs(imagePath, label, inodes))
        return *failed;
    if (cancelled())
        return cancelError();
    if (Step failed = open(imagePath))
        return *failed;
    if (Step failed = clearMkfsDirectories())
        return *failed;
    if (Step failed = mapInodes())
        return *failed;
    m_buffer = QByteArray(ChunkBytes, '\0');
    if (m_options.progress)
        m_options.progress(0, m_bytesTotal);
    for (NodeId id : m_order) {
        if (cancelled())
            return cancelError();
        if (Step failed = writeNode(id))
            return *failed;
    }
    if (m_lostFound) {
        RootfsNode lostFound;
        lostFound.type = RootfsNodeType::Directory;
        lostFound.mode = 0700;
        lostFound.mtime = m_tree.node(RootfsTree::RootId).mtime;
        if (Step failed = writeDirectory(lostFound, RootfsTree::RootId, m_lostFound, EXT2_ROOT_INO))
            return *failed;
        ++m_stats.directories;
        ++m_stats.inodes;
    }
    if (Step failed = finish())
        return *failed;
    addProgress(0, true);
    m_stats.imageBytes = QFileInfo(imagePath).size();
    return m_stats;
}

Step Writer::mkfs(const QString &imagePath, const QString &label, quint64 inodes)
{
    const QString program = findTool(u"mkfs.ext4"_s);
    if (program.isEmpty())
        return makeError(Code::Mkfs, {}, u"mkfs.ext4 is not installed (e2fsprogs)."_s);
    // The image file is new (write() removed any old one), so its unwritten blocks
    // read as zeros: the journal and inode tables need not be zeroed (a 20 GiB
    // image stays ~4 MiB on disk until it is filled).
    const QStringList arguments = {u"-q"_s,   u"-F"_s,
                                   u"-L"_s,   labelFor(label),
                                   u"-m"_s,   u"0"_s,
                                   u"-N"_s,   QString::number(inodes),
                                   u"-I"_s,   u"256"_s,
                                   u"-b"_s,   QString::number(BlockSize),
                                   u"-E"_s,   u"root_owner=0:0,lazy_itable_init=1,lazy_journal_init=1"_s,
                                   imagePath, u"%1M"_s.arg(m_sizeMiB)};
    QTemporaryFile config(QDir::tempPath() + u"/kiln-mke2fs-XXXXXX.conf"_s);
    if (!config.open() || config.write(mke2fsConfig()) < 0 || !config.flush())
        return makeError(Code::Mkfs, {},
                         u"Cannot write the mke2fs configuration: %1"_s.arg(config.errorString()));
    const ToolRun run =
        runTool(program, arguments, m_options.cancel, {u"MKE2FS_CONFIG="_s + config.fileName()});
    if (run.cancelled)
        return cancelError();
    if (!run.started || run.exitCode != 0)
        return makeError(
            Code::Mkfs, {},
            u"mkfs.ext4 failed to make %1 (%2 MiB): %3"_s.arg(imagePath).arg(m_sizeMiB).arg(run.output));
    return {};
}

Step Writer::open(const QString &imagePath)
{
    const QByteArray name = QFile::encodeName(imagePath);
    errcode_t err = ext2fs_open2(name.constData(), nullptr, EXT2_FLAG_RW | EXT2_FLAG_64BITS, 0, 0,
                                 unix_io_manager, &m_fs);
    if (err) {
        m_fs = nullptr;
        return makeError(Code::Ext2fs, {},
                         u"Cannot open %1 with libext2fs: %2"_s.arg(imagePath, ext2Message(err)));
    }
    if (m_fs->blocksize != BlockSize || EXT2_INODE_SIZE(m_fs->super) < int(sizeof(ext2_inode_large)))
        return makeError(Code::Mkfs, {},
                         u"mkfs.ext4 made %1 with unexpected block or inode sizes."_s.arg(imagePath));
    err = ext2fs_read_bitmaps(m_fs);
    if (err)
        return makeError(Code::Ext2fs, {},
                         u"Cannot read the bitmaps of %1: %2"_s.arg(imagePath, ext2Message(err)));
    m_checksums = ext2fs_has_feature_metadata_csum(m_fs->super);
    // Content goes straight to the file at the blocks libext2fs allocated; libext2fs
    // itself never reads or writes those blocks.
    m_imageFd = ::open(name.constData(), O_RDWR | O_CLOEXEC);
    if (m_imageFd < 0)
        return makeError(Code::Io, {},
                         u"Cannot open %1: %2"_s.arg(imagePath, QString::fromLocal8Bit(strerror(errno))));
    return {};
}

// mkfs made a root directory and lost+found; their blocks and lost+found's inode
// are freed, the root is written again from the tree.
Step Writer::clearMkfsDirectories()
{
    ext2_ino_t lostFound = 0;
    errcode_t err = ext2fs_lookup(m_fs, EXT2_ROOT_INO, "lost+found", 10, nullptr, &lostFound);
    if (!err && lostFound) {
        ext2_inode_large inode{};
        err = ext2fs_punch(m_fs, lostFound, nullptr, nullptr, 0, ~0ULL);
        if (!err)
            err = writeWhole(lostFound, inode);
        if (err)
            return makeError(Code::Ext2fs, u"/lost+found"_s,
                             u"Cannot clear mkfs's lost+found: %1"_s.arg(ext2Message(err)));
        ext2fs_inode_alloc_stats2(m_fs, lostFound, -1, 1);
    }
    err = ext2fs_punch(m_fs, EXT2_ROOT_INO, nullptr, nullptr, 0, ~0ULL);
    if (err)
        return makeError(Code::Ext2fs, u"/"_s,
                         u"Cannot clear mkfs's root directory: %1"_s.arg(ext2Message(err)));
    return {};
}

// Gives every node reachable from the root an inode number (hard links one) and
// counts the entries naming it, breadth first so that a directory's inodes are
// close together.
Step Writer::mapInodes()
{
    const NodeId count = m_tree.nodeCount();
    m_ino.assign(count, 0);
    m_links.assign(count, 0);
    m_parent.assign(count, RootfsTree::RootId);
    m_name.assign(count, nullptr);
    m_ino[RootfsTree::RootId] = EXT2_ROOT_INO;
    m_order.push_back(RootfsTree::RootId);
    const RootfsNode &root = m_tree.node(RootfsTree::RootId);
    if (root.type != RootfsNodeType::Directory)
        return makeError(Code::InvalidTree, u"/"_s, u"The root of the tree is not a directory."_s);
    auto allocate = [this](ext2_ino_t parent, bool directory, ext2_ino_t *ino) {
        errcode_t err =
            ext2fs_new_inode(m_fs, parent, directory ? LINUX_S_IFDIR : LINUX_S_IFREG, nullptr, ino);
        if (!err)
            ext2fs_inode_alloc_stats2(m_fs, *ino, +1, directory ? 1 : 0);
        return err;
    };
    if (!root.children.contains(QByteArrayLiteral("lost+found"))) {
        if (errcode_t err = allocate(EXT2_ROOT_INO, true, &m_lostFound))
            return ext2Error(err, RootfsTree::RootId, u"allocate an inode for"_s);
    }
    for (size_t next = 0; next < m_order.size(); ++next) {
        const NodeId dir = m_order[next];
        const RootfsNode &node = m_tree.node(dir);
        if (node.type != RootfsNodeType::Directory)
            continue;
        if (cancelled())
            return cancelError();
        for (const auto &[name, child] : node.children) {
            if (child >= count || child == RootfsTree::RootId)
                return makeError(Code::InvalidTree, pathOf(dir),
                                 u"%1 names a node that does not exist."_s.arg(pathOf(dir)));
            if (name.isEmpty() || name.size() > EXT2_NAME_LEN || name.contains('/') || name.contains('\0') ||
                name == "." || name == "..") {
                return makeError(Code::InvalidTree, pathOf(dir),
                                 u"%1 has an entry whose name ext4 cannot store (\"%2\")."_s.arg(
                                     pathOf(dir), QString::fromUtf8(name.left(300))));
            }
            const RootfsNode &c = m_tree.node(child);
            if (++m_links[child] > EXT2_LINK_MAX)
                return makeError(Code::InvalidTree, pathOf(child),
                                 u"%1 has more hard links than ext4 can count."_s.arg(pathOf(child)));
            if (m_ino[child]) {
                if (c.type == RootfsNodeType::Directory)
                    return makeError(Code::InvalidTree, pathOf(child),
                                     u"%1 is a directory with more than one name."_s.arg(pathOf(child)));
                continue;
            }
            m_parent[child] = dir;
            m_name[child] = &name;
            if (errcode_t err = allocate(m_ino[dir], c.type == RootfsNodeType::Directory, &m_ino[child]))
                return ext2Error(err, child, u"allocate an inode for"_s);
            m_order.push_back(child);
            if (c.type == RootfsNodeType::Regular)
                m_bytesTotal += std::max<qint64>(c.size, 0);
        }
    }
    return {};
}

ext2_inode_large Writer::baseInode(const RootfsNode &node, quint32 links) const
{
    ext2_inode_large inode;
    std::memset(&inode, 0, sizeof(inode));
    inode.i_mode = __u16(modeTypeOf(node.type) | (node.mode & 07777));
    inode.i_uid = __u16(node.uid & 0xffff);
    ext2fs_set_i_uid_high(inode, __u16(node.uid >> 16));
    inode.i_gid = __u16(node.gid & 0xffff);
    ext2fs_set_i_gid_high(inode, __u16(node.gid >> 16));
    inode.i_links_count = __u16(links);
    inode.i_extra_isize = sizeof(ext2_inode_large) - EXT2_GOOD_OLD_INODE_SIZE;
    setTime(inode.i_mtime, inode.i_mtime_extra, node.mtime, node.mtimeNsec);
    setTime(inode.i_atime, inode.i_atime_extra, node.mtime, node.mtimeNsec);
    setTime(inode.i_ctime, inode.i_ctime_extra, node.mtime, node.mtimeNsec);
    setTime(inode.i_crtime, inode.i_crtime_extra, node.mtime, node.mtimeNsec);
    return inode;
}

void Writer::initExtents(ext2_inode_large &inode)
{
    inode.i_flags |= EXT4_EXTENTS_FL;
    auto *header = reinterpret_cast<ext3_extent_header *>(inode.i_block);
    header->eh_magic = ext2fs_cpu_to_le16(EXT3_EXT_MAGIC);
    header->eh_entries = 0;
    header->eh_max = ext2fs_cpu_to_le16((sizeof(inode.i_block) - sizeof(*header)) / sizeof(ext3_extent));
    header->eh_depth = 0;
    header->eh_generation = 0;
}

// Writes a new inode whole: the in-inode xattr space after it is zeroed.
errcode_t Writer::writeWhole(ext2_ino_t ino, const ext2_inode_large &inode)
{
    QByteArray whole(EXT2_INODE_SIZE(m_fs->super), '\0');
    std::memcpy(whole.data(), &inode, std::min<size_t>(sizeof(inode), size_t(whole.size())));
    return ext2fs_write_inode_full(m_fs, ino, reinterpret_cast<ext2_inode *>(whole.data()),
                                   int(whole.size()));
}

// Writes the inode fields again, keeping the in-inode xattrs.
errcode_t Writer::writeInode(ext2_ino_t ino, ext2_inode_large &inode)
{
    return ext2fs_write_inode_full(m_fs, ino, reinterpret_cast<ext2_inode *>(&inode), sizeof(inode));
}

// Allocates blocks 0 .. blocks-1 of an extent-mapped inode (initialised extents,
// not zeroed) and returns where they are.
errcode_t Writer::allocate(ext2_ino_t ino, ext2_inode_large &inode, blk64_t blocks,
                           std::vector<BlockRun> &runs)
{
    auto *plain = reinterpret_cast<ext2_inode *>(&inode);
    errcode_t err = ext2fs_fallocate(m_fs, EXT2_FALLOCATE_FORCE_INIT, ino, plain, ~0ULL, 0, blocks);
    if (err)
        return err;
    err = writeInode(ino, inode);
    if (err)
        return err;
    ext2_extent_handle_t handle = nullptr;
    err = ext2fs_extent_open2(m_fs, ino, plain, &handle);
    if (err)
        return err;
    ext2fs_extent extent;
    int op = EXT2_EXTENT_ROOT;
    blk64_t mapped = 0;
    for (;;) {
        err = ext2fs_extent_get(handle, op, &extent);
        if (err == EXT2_ET_EXTENT_NO_NEXT) {
            err = 0;
            break;
        }
        if (err)
            break;
        op = EXT2_EXTENT_NEXT;
        if (!(extent.e_flags & EXT2_EXTENT_FLAGS_LEAF) || (extent.e_flags & EXT2_EXTENT_FLAGS_SECOND_VISIT))
            continue;
        runs.push_back({extent.e_lblk, extent.e_pblk, extent.e_len});
        mapped += extent.e_len;
    }
    ext2fs_extent_free(handle);
    if (!err && mapped != blocks)
        err = EXT2_ET_BLOCK_ALLOC_FAIL;
    return err;
}

Step Writer::writeNode(NodeId id)
{
    const RootfsNode &node = m_tree.node(id);
    const ext2_ino_t ino = m_ino[id];
    Step failed;
    switch (node.type) {
    case RootfsNodeType::Directory:
        failed =
            writeDirectory(node, id, ino, id == RootfsTree::RootId ? EXT2_ROOT_INO : m_ino[m_parent[id]]);
        ++m_stats.directories;
        break;
    case RootfsNodeType::Regular:
        failed = writeRegular(node, id, ino);
        ++m_stats.regularFiles;
        break;
    case RootfsNodeType::Symlink:
        failed = writeSymlink(node, id, ino);
        ++m_stats.symlinks;
        break;
    default:
        failed = writeSpecial(node, id, ino);
        ++m_stats.specialFiles;
        break;
    }
    ++m_stats.inodes;
    if (!failed)
        failed = writeXattrs(node, id, ino);
    return failed;
}

// The whole directory at once: its blocks are built in memory ('.' and '..'
// first, then the children in the tree's order), mapped with one fallocate and
// written block by block with their checksums.
Step Writer::writeDirectory(const RootfsNode &node, NodeId id, ext2_ino_t ino, ext2_ino_t parentIno)
{
    const bool isLostFound = ino == m_lostFound && m_lostFound != 0;
    std::vector<Ext4Layout::DirEntry> entries;
    entries.reserve(node.children.size() + 3);
    entries.push_back({ino, EXT2_FT_DIR, QByteArrayView(".")});
    entries.push_back({parentIno, EXT2_FT_DIR, QByteArrayView("..")});
    quint64 subdirectories = 0;
    if (id == RootfsTree::RootId && !isLostFound && m_lostFound) {
        entries.push_back({m_lostFound, EXT2_FT_DIR, QByteArrayView("lost+found")});
        ++subdirectories;
    }
    if (!isLostFound) {
        for (const auto &[name, child] : node.children) {
            const RootfsNodeType type = m_tree.node(child).type;
            entries.push_back({m_ino[child], fileTypeOf(type), QByteArrayView(name)});
            if (type == RootfsNodeType::Directory)
                ++subdirectories;
        }
    }
    const QByteArray blocks = Ext4Layout::buildDirBlocks(entries, BlockSize, m_checksums);
    const blk64_t blockCount = blk64_t(blocks.size() / BlockSize);
    if (blockCount > 1)
        ++m_stats.largeDirectories;
    // dir_nlink: a directory with too many subdirectories counts 1.
    const quint32 links = 2 + subdirectories > EXT2_LINK_MAX ? 1 : quint32(2 + subdirectories);
    ext2_inode_large inode = baseInode(node, links);
    initExtents(inode);
    errcode_t err = ext2fs_inode_size_set(m_fs, reinterpret_cast<ext2_inode *>(&inode), blocks.size());
    if (!err)
        err = writeWhole(ino, inode);
    std::vector<BlockRun> runs;
    if (!err)
        err = allocate(ino, inode, blockCount, runs);
    for (const BlockRun &run : runs) {
        for (blk64_t i = 0; i < run.count && !err; ++i) {
            const char *block = blocks.constData() + (run.logical + i) * BlockSize;
            err = ext2fs_write_dir_block4(m_fs, run.physical + i, const_cast<char *>(block), 0, ino);
        }
    }
    if (err)
        return isLostFound ? ext2Error(err, RootfsTree::RootId, u"write lost+found in"_s)
                           : ext2Error(err, id, u"write the directory"_s);
    return {};
}

Step Writer::writeRegular(const RootfsNode &node, NodeId id, ext2_ino_t ino)
{
    const qint64 size = std::max<qint64>(node.size, 0);
    ext2_inode_large inode = baseInode(node, m_links[id]);
    initExtents(inode);
    errcode_t err = ext2fs_inode_size_set(m_fs, reinterpret_cast<ext2_inode *>(&inode), quint64(size));
    if (!err)
        err = writeWhole(ino, inode);
    if (err)
        return ext2Error(err, id, u"write"_s);
    if (size == 0)
        return {};
    const QString dataPath = m_tree.dataPath(node.dataId);
    const int fd = ::open(QFile::encodeName(dataPath).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError(Code::Io, pathOf(id),
                         u"Cannot read the content of %1 (%2): %3"_s.arg(
                             pathOf(id), dataPath, QString::fromLocal8Bit(strerror(errno))));
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    std::vector<BlockRun> runs;
    err = allocate(ino, inode, blk64_t((size + BlockSize - 1) / BlockSize), runs);
    Step failed;
    if (err)
        failed = ext2Error(err, id, u"allocate blocks for"_s);
    else
        failed = copyContent(fd, node, id, runs);
    ::close(fd);
    if (!failed && m_options.consumeContent)
        ::unlink(QFile::encodeName(dataPath).constData());
    return failed;
}

// Copies the content into the blocks of `runs` through the image's own file
// descriptor, 1 MiB at a time; runs of zeros are punched (they read as zeros and
// keep the image sparse).
Step Writer::copyContent(int fd, const RootfsNode &node, NodeId id, const std::vector<BlockRun> &runs)
{
    char *buffer = m_buffer.data();
    for (const BlockRun &run : runs) {
        qint64 fileOffset = qint64(run.logical) * BlockSize;
        const qint64 end = std::min<qint64>(node.size, qint64(run.logical + run.count) * BlockSize);
        qint64 imageOffset = qint64(run.physical) * BlockSize;
        while (fileOffset < end) {
            if (cancelled())
                return cancelError();
            const qint64 length = std::min(ChunkBytes, end - fileOffset);
            qint64 got = 0;
            while (got < length) {
                const ssize_t n = ::pread(fd, buffer + got, size_t(length - got), fileOffset + got);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    return makeError(
                        Code::Io, pathOf(id),
                        n < 0 ? u"Cannot read the content of %1: %2"_s.arg(
                                    pathOf(id), QString::fromLocal8Bit(strerror(errno)))
                              : u"The content file of %1 is shorter than its %2 bytes."_s.arg(pathOf(id))
                                    .arg(node.size));
                got += n;
            }
            const qint64 padded = (length + BlockSize - 1) / BlockSize * BlockSize;
            std::memset(buffer + length, 0, size_t(padded - length));
            bool written = false;
            if (allZero(buffer, length))
                written = ::fallocate(m_imageFd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, imageOffset,
                                      padded) == 0;
            for (qint64 put = 0; !written && put < padded;) {
                const ssize_t n = ::pwrite(m_imageFd, buffer + put, size_t(padded - put), imageOffset + put);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    return makeError(Code::Io, pathOf(id),
                                     u"Cannot write the content of %1 to the image: %2"_s.arg(
                                         pathOf(id), QString::fromLocal8Bit(strerror(errno))));
                put += n;
                written = put == padded;
            }
            fileOffset += length;
            imageOffset += padded;
            addProgress(length);
        }
    }
    return {};
}

Step Writer::writeSymlink(const RootfsNode &node, NodeId id, ext2_ino_t ino)
{
    const QByteArray &target = node.linkTarget;
    if (target.isEmpty() || target.size() >= BlockSize || target.contains('\0'))
        return makeError(Code::InvalidTree, pathOf(id),
                         u"%1 is a symbolic link whose target ext4 cannot store (%2 bytes)."_s.arg(pathOf(id))
                             .arg(target.size()));
    ext2_inode_large inode = baseInode(node, m_links[id]);
    errcode_t err =
        ext2fs_inode_size_set(m_fs, reinterpret_cast<ext2_inode *>(&inode), quint64(target.size()));
    if (err)
        return ext2Error(err, id, u"write"_s);
    if (size_t(target.size()) < sizeof(inode.i_block)) {
        // A fast symlink: the target lives in the inode.
        std::memcpy(inode.i_block, target.constData(), size_t(target.size()));
        if ((err = writeWhole(ino, inode)))
            return ext2Error(err, id, u"write"_s);
        return {};
    }
    initExtents(inode);
    std::vector<BlockRun> runs;
    err = writeWhole(ino, inode);
    if (!err)
        err = allocate(ino, inode, 1, runs);
    if (!err) {
        QByteArray block(BlockSize, '\0');
        std::memcpy(block.data(), target.constData(), size_t(target.size()));
        err = io_channel_write_blk64(m_fs->io, runs.front().physical, 1, block.constData());
    }
    if (err)
        return ext2Error(err, id, u"write"_s);
    return {};
}

Step Writer::writeSpecial(const RootfsNode &node, NodeId id, ext2_ino_t ino)
{
    ext2_inode_large inode = baseInode(node, m_links[id]);
    if (node.type == RootfsNodeType::CharDevice || node.type == RootfsNodeType::BlockDevice) {
        // As e2fsprogs encodes them: the old 8:8 form when it fits, else the new one.
        const quint32 major = node.rdevMajor;
        const quint32 minor = node.rdevMinor;
        if (major < 256 && minor < 256) {
            inode.i_block[0] = major * 256 + minor;
            inode.i_block[1] = 0;
        } else {
            inode.i_block[0] = 0;
            inode.i_block[1] = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
        }
    }
    if (errcode_t err = writeWhole(ino, inode))
        return ext2Error(err, id, u"write"_s);
    return {};
}

Step Writer::writeXattrs(const RootfsNode &node, NodeId id, ext2_ino_t ino)
{
    if (node.xattrs.empty())
        return {};
    ext2_xattr_handle *handle = nullptr;
    errcode_t err = ext2fs_xattrs_open(m_fs, ino, &handle);
    if (!err)
        err = ext2fs_xattrs_read(handle);
    for (size_t i = 0; !err && i < node.xattrs.size(); ++i) {
        const RootfsXattr &x = node.xattrs[i];
        err = ext2fs_xattr_set(handle, x.name.constData(), x.value.constData(), size_t(x.value.size()));
        if (err && err != EXT2_ET_BLOCK_ALLOC_FAIL) {
            ext2fs_xattrs_close(&handle);
            return makeError(err == EXT2_ET_EA_NO_SPACE ? Code::InvalidTree : Code::Ext2fs, pathOf(id),
                             u"Cannot set the extended attribute %1 of %2 in the ext4 image: %3"_s.arg(
                                 QString::fromUtf8(x.name), pathOf(id), ext2Message(err)));
        }
    }
    if (handle)
        ext2fs_xattrs_close(&handle);
    if (err)
        return ext2Error(err, id, u"set the extended attributes of"_s);
    return {};
}

Step Writer::finish()
{
    m_stats.blocksTotal = qint64(ext2fs_blocks_count(m_fs->super));
    m_stats.blocksUsed = m_stats.blocksTotal - qint64(ext2fs_free_blocks_count(m_fs->super));
    m_stats.dataBytes = m_bytesDone;
    errcode_t err = ext2fs_close_free(&m_fs);
    m_fs = nullptr;
    if (err)
        return makeError(Code::Ext2fs, {}, u"Cannot finish the ext4 image: %1"_s.arg(ext2Message(err)));
    if (::fsync(m_imageFd) != 0)
        return makeError(Code::Io, {},
                         u"Cannot flush the image: %1"_s.arg(QString::fromLocal8Bit(strerror(errno))));
    ::close(m_imageFd);
    m_imageFd = -1;
    return {};
}

// `e2fsck -fyD`: hash indexes (htree) for the directories of more than one block,
// as the kernel would have made them. It changes nothing else on an image we
// wrote, so anything but exit code 0 is a fault of ours and an error.
Step indexDirectories(const QString &imagePath, const std::atomic_bool *cancel)
{
    const QString program = findTool(u"e2fsck"_s);
    if (program.isEmpty())
        return makeError(Code::Check, {}, u"e2fsck is not installed (e2fsprogs)."_s);
    const ToolRun run = runTool(program, {u"-fyD"_s, imagePath}, cancel);
    if (run.cancelled)
        return makeError(Code::Cancelled, {}, u"The ext4 image was cancelled."_s);
    if (!run.started || run.exitCode != 0)
        return makeError(
            Code::Check, {},
            u"e2fsck -fyD (indexing the directories) changed %1 (exit code %2): %3"_s.arg(imagePath)
                .arg(run.exitCode)
                .arg(run.output));
    return {};
}

} // namespace

namespace Ext4Writer {

Result<Ext4Stats, Ext4Error> write(const RootfsTree &tree, const QString &imagePath, qint64 sizeMiB,
                                   const QString &label, const Ext4WriteOptions &options)
{
    const Ext4Estimate estimate = ext4SizeEstimate(tree, BlockSize);
    if (auto fits = checkFitsCap(estimate, sizeMiB); !fits)
        return fits.error();
    if (options.cancel && options.cancel->load())
        return makeError(Code::Cancelled, {}, u"The ext4 image was cancelled."_s);
    QFile::remove(imagePath);
    Result<Ext4Stats, Ext4Error> result = [&]() -> Result<Ext4Stats, Ext4Error> {
        Writer writer(tree, options, sizeMiB);
        return writer.run(imagePath, label, estimate.inodesNeeded);
    }();
    if (result && result->largeDirectories > 0 && options.indexDirectories) {
        if (Step failed = indexDirectories(imagePath, options.cancel))
            result = *failed;
    }
    if (!result)
        QFile::remove(imagePath);
    return result;
}

} // namespace Ext4Writer

} // namespace Kiln
