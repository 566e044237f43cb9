#include "bake/ext4layout.h"
#include "bake/ext4writer.h"

#include <ext2fs/ext2fs.h>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace Ext4Layout {

DirPacker::DirPacker(int blockSize, bool checksumTail)
    : m_blockSize(blockSize)
    , m_usable(blockSize - (checksumTail ? DirTailSize : 0))
{}

qint64 DirPacker::place(int nameLength)
{
    const int size = direntSize(nameLength);
    if (m_blocks == 0 || m_used + size > m_usable) {
        ++m_blocks;
        m_used = 0;
    }
    const qint64 offset = qint64(m_blocks - 1) * m_blockSize + m_used;
    m_used += size;
    return offset;
}

QByteArray buildDirBlocks(const std::vector<DirEntry> &entries, int blockSize, bool checksumTail)
{
    DirPacker packer(blockSize, checksumTail);
    std::vector<qint64> offsets;
    offsets.reserve(entries.size());
    for (const DirEntry &entry : entries)
        offsets.push_back(packer.place(int(entry.name.size())));

    QByteArray out(qsizetype(packer.blocks()) * blockSize, '\0');
    const int usable = blockSize - (checksumTail ? DirTailSize : 0);
    for (size_t i = 0; i < entries.size(); ++i) {
        const qint64 offset = offsets[i];
        const qint64 blockStart = offset - offset % blockSize;
        const bool nextInBlock = i + 1 < entries.size() && offsets[i + 1] - blockStart < blockSize;
        const qint64 end = nextInBlock ? offsets[i + 1] : blockStart + usable;
        auto *dirent = reinterpret_cast<ext2_dir_entry *>(out.data() + offset);
        dirent->inode = entries[i].ino;
        dirent->rec_len = quint16(end - offset); // blocks are < 64 KiB: no rec_len encoding needed
        ext2fs_dirent_set_name_len(dirent, int(entries[i].name.size()));
        ext2fs_dirent_set_file_type(dirent, entries[i].fileType);
        std::memcpy(dirent->name, entries[i].name.data(), size_t(entries[i].name.size()));
    }
    if (checksumTail) {
        for (qsizetype block = 0; block < out.size(); block += blockSize) {
            auto *tail = reinterpret_cast<ext2_dir_entry_tail *>(out.data() + block + usable);
            tail->det_reserved_zero1 = 0;
            tail->det_rec_len = DirTailSize;
            tail->det_reserved_name_len = EXT2_DIR_NAME_LEN_CSUM;
            tail->det_checksum = 0;
        }
    }
    return out;
}

} // namespace Ext4Layout

namespace {

quint64 divCeil(quint64 a, quint64 b)
{
    return (a + b - 1) / b;
}

// Extent tree blocks of a file of `blocks` blocks: four extents fit in the inode;
// assume extents of 32 MiB on average (group metadata and other files split them).
quint64 extentTreeBlocks(quint64 blocks, int blockSize)
{
    const quint64 extents = divCeil(blocks, quint64(32 * 1024 * 1024 / blockSize)) + 2;
    if (blocks == 0 || extents <= 4)
        return 0;
    const quint64 perBlock = quint64(blockSize - 12) / 12;
    const quint64 leaves = divCeil(extents, perBlock);
    return leaves + (leaves > 4 ? divCeil(leaves, perBlock) : 0);
}

// Whether the xattrs of a node need an xattr block (they do not fit the 256-byte
// inode's extra space).
bool needsXattrBlock(const std::vector<RootfsXattr> &xattrs)
{
    if (xattrs.empty())
        return false;
    qint64 bytes = 4; // the in-inode header
    for (const RootfsXattr &x : xattrs)
        bytes += 16 + ((x.name.size() + 3) & ~3) + ((x.value.size() + 3) & ~3);
    return bytes + 4 > 256 - 128 - 32;
}

bool isBackupGroup(quint64 group)
{
    if (group <= 1)
        return true;
    for (quint64 base : {3, 5, 7}) {
        quint64 power = base;
        while (power < group)
            power *= base;
        if (power == group)
            return true;
    }
    return false;
}

} // namespace

Ext4Estimate ext4SizeEstimate(const RootfsTree &tree, int blockSize)
{
    const quint64 bs = quint64(blockSize);
    quint64 nodes = 1; // the root
    quint64 blocks = 0;
    std::vector<bool> seen(tree.nodeCount(), false);
    std::vector<RootfsTree::NodeId> dirs{RootfsTree::RootId};
    seen[RootfsTree::RootId] = true;
    bool hasLostFound = false;
    while (!dirs.empty()) {
        const RootfsTree::NodeId dir = dirs.back();
        dirs.pop_back();
        const RootfsNode &node = tree.node(dir);
        Ext4Layout::DirPacker packer(blockSize, true);
        packer.place(1);
        packer.place(2);
        for (const auto &[name, child] : node.children) {
            packer.place(int(name.size()));
            if (dir == RootfsTree::RootId && name == "lost+found")
                hasLostFound = true;
            if (child >= seen.size() || seen[child])
                continue;
            seen[child] = true;
            ++nodes;
            const RootfsNode &c = tree.node(child);
            if (needsXattrBlock(c.xattrs))
                ++blocks;
            switch (c.type) {
            case RootfsNodeType::Directory:
                dirs.push_back(child);
                break;
            case RootfsNodeType::Regular: {
                const quint64 fileBlocks = divCeil(quint64(std::max<qint64>(c.size, 0)), bs);
                blocks += fileBlocks + extentTreeBlocks(fileBlocks, blockSize);
                break;
            }
            case RootfsNodeType::Symlink:
                if (c.linkTarget.size() >= 60)
                    ++blocks;
                break;
            default:
                break;
            }
        }
        if (dir == RootfsTree::RootId && !hasLostFound)
            packer.place(10);
        quint64 dirBlocks = packer.blocks();
        // e2fsck -D indexes a directory of more than one block: an index root (and
        // more index blocks for huge ones), and leaves filled to 80% only.
        if (dirBlocks > 1)
            dirBlocks += dirBlocks / 4 + 2 + dirBlocks / 400;
        blocks += dirBlocks + extentTreeBlocks(dirBlocks, blockSize);
        if (needsXattrBlock(node.xattrs))
            ++blocks;
    }
    if (!hasLostFound) {
        ++nodes;
        ++blocks;
    }

    Ext4Estimate estimate;
    estimate.inodesNeeded = nodes + EXT2_GOOD_OLD_FIRST_INO + 64 + nodes / 50;

    // The file system around the content, as mke2fs lays it out for `total` blocks;
    // iterated up to its fixed point (the overhead grows with the size).
    const quint64 blocksPerGroup = bs * 8;
    const quint64 descPerBlock = bs / 64; // 64-byte group descriptors (64bit)
    const quint64 inodesPerBlock = bs / 256;
    quint64 total = blocks + 256;
    for (int round = 0; round < 64; ++round) {
        const quint64 groups = divCeil(total, blocksPerGroup);
        const quint64 inodesPerGroup = divCeil(estimate.inodesNeeded, groups);
        const quint64 inodeTable = groups * divCeil(inodesPerGroup, inodesPerBlock);
        const quint64 descBlocks = divCeil(groups, descPerBlock);
        const quint64 growTo = std::min<quint64>(0xffffffffULL, total * 1024);
        const quint64 reservedGdtWanted = divCeil(divCeil(growTo, blocksPerGroup), descPerBlock);
        const quint64 reservedGdt =
            std::min<quint64>(bs / 4, reservedGdtWanted > descBlocks ? reservedGdtWanted - descBlocks : 0);
        quint64 backups = 0;
        for (quint64 g = 0; g < groups; ++g)
            backups += isBackupGroup(g) ? 1 : 0;
        const int journal = ext2fs_default_journal_size(total);
        quint64 needed = blocks + inodeTable + 2 * groups + backups * (1 + descBlocks + reservedGdt) +
                         quint64(std::max(journal, 0)) + 64;
        needed += needed / 50 + 256; // 2% and 1 MiB for allocation slack
        if (needed <= total)
            break;
        total = needed;
    }
    const qint64 mib = 1024 * 1024;
    estimate.bytesNeeded = qint64(divCeil(total * bs, quint64(mib))) * mib;
    return estimate;
}

Result<Done, Ext4Error> checkFitsCap(const Ext4Estimate &estimate, qint64 capMiB)
{
    if (estimate.mibNeeded() <= capMiB)
        return Done{};
    Ext4Error error;
    error.code = Ext4Error::Code::TooBig;
    error.neededMiB = estimate.mibNeeded();
    error.capMiB = capMiB;
    error.message = u"needs %1 MiB, cap is %2 MiB"_s.arg(error.neededMiB).arg(capMiB);
    return error;
}

} // namespace Kiln
