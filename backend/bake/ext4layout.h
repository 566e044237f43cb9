#pragma once

// Internal to the ext4 writer (ext4writer.cpp, ext4layout.cpp): how directories
// are laid out in blocks, shared by the size estimate and the writer so that
// both count the same blocks.

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace Kiln::Ext4Layout {

// Bytes of one directory entry with a name of `nameLength` bytes (8 + name, 4-aligned).
constexpr int direntSize(int nameLength)
{
    return (8 + nameLength + 3) & ~3;
}

// The 12 bytes at the end of every directory block with metadata_csum.
constexpr int DirTailSize = 12;

// One entry of a directory block. `fileType` is an EXT2_FT_* value.
struct DirEntry
{
    quint32 ino = 0;
    quint8 fileType = 0;
    QByteArrayView name;
};

// Packs directory entries into blocks in order: an entry never spans two blocks,
// the last entry of a block spans to its end (or to the checksum tail).
class DirPacker
{
public:
    DirPacker(int blockSize, bool checksumTail);

    // Places an entry whose name has `nameLength` bytes; returns its byte offset
    // in the directory (block * blockSize + offset in the block).
    qint64 place(int nameLength);
    quint64 blocks() const { return m_blocks; }

private:
    int m_blockSize;
    int m_usable;
    int m_used = 0;       // bytes used in the current block
    quint64 m_blocks = 0; // blocks started
};

// The blocks of a directory holding `entries` ('.' and '..' first) in CPU byte
// order, as ext2fs_write_dir_block4 takes them; with `checksumTail`, every block
// ends in an initialised ext2_dir_entry_tail (checksum 0, set when written).
QByteArray buildDirBlocks(const std::vector<DirEntry> &entries, int blockSize, bool checksumTail);

} // namespace Kiln::Ext4Layout
