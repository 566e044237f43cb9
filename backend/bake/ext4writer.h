#pragma once

#include "bake/rootfstree.h"
#include "domain/result.h"

#include <QString>

#include <atomic>
#include <functional>

namespace Kiln {

// What an ext4 image of a tree needs: bytes of the whole file system (data,
// directories, extent and xattr blocks, inode tables, journal, group metadata
// and superblock backups, a safety margin) and the inodes to ask mkfs for.
struct Ext4Estimate
{
    qint64 bytesNeeded = 0; // a whole number of MiB
    quint64 inodesNeeded = 0;

    qint64 mibNeeded() const { return bytesNeeded / (1024 * 1024); }
};

// Why an image could not be written or checked. `message` is a sentence naming
// the path inside the image (when there is one) and the cause (libext2fs's
// error_message(), mkfs's or e2fsck's output).
struct Ext4Error
{
    enum class Code
    {
        TooBig,      // the tree does not fit: neededMiB / capMiB say by how much
        InvalidTree, // a node cannot be stored in ext4 (e.g. a symlink target too long)
        Mkfs,        // mkfs.ext4 is missing or failed
        Ext2fs,      // libext2fs failed
        Io,          // reading a content file or writing the image failed
        Check,       // e2fsck found problems (message has its output)
        Cancelled,
    };
    Code code = Code::Ext2fs;
    QString path; // inside the image ("/usr/bin/x"); empty when not about one entry
    QString message;
    qint64 neededMiB = 0; // TooBig: MiB needed (at least; a write that ran out says capMiB + 1)
    qint64 capMiB = 0;    // TooBig: the cap or the image size
};

// The estimate for `tree` written with `blockSize`-byte blocks (mkfs.ext4's ext4
// defaults: 256-byte inodes, journal, metadata_csum, flex_bg, resize_inode).
// Conservative: an image of bytesNeeded holds the tree.
Ext4Estimate ext4SizeEstimate(const RootfsTree &tree, int blockSize = 4096);

// TooBig with "needs N MiB, cap is M MiB" when the estimate does not fit `capMiB`.
Result<Done, Ext4Error> checkFitsCap(const Ext4Estimate &estimate, qint64 capMiB);

// What a written image holds.
struct Ext4Stats
{
    qint64 imageBytes = 0; // size of the image file
    quint64 inodes = 0;    // inodes written (hard links count once, lost+found included)
    quint64 directories = 0;
    quint64 regularFiles = 0;
    quint64 symlinks = 0;
    quint64 specialFiles = 0;     // devices, FIFOs, sockets
    quint64 largeDirectories = 0; // of more than one block (indexed when indexDirectories)
    qint64 dataBytes = 0;         // content bytes of the regular files
    qint64 blocksUsed = 0;        // of the file system, metadata included
    qint64 blocksTotal = 0;
};

struct Ext4WriteOptions
{
    const std::atomic_bool *cancel = nullptr; // polled per entry and per MiB of content
    // Content bytes copied so far and in all; on the writing thread.
    std::function<void(qint64 bytesDone, qint64 bytesTotal)> progress;
    // Directories of more than one block get hash indexes (htree) afterwards, with
    // `e2fsck -fyD` (~0.1 s for 18k entries), so lookups in them are not linear.
    bool indexDirectories = true;
    // Each content file is deleted from the staging folder as soon as it has been
    // copied, so its pages never have to reach the disk (a bake's staging tree is
    // thrown away afterwards anyway). The tree cannot be written a second time.
    bool consumeContent = false;
};

// Writes a RootfsTree as an ext4 image without root and without mounting: mkfs.ext4
// makes an empty file system of `sizeMiB`, then libext2fs fills it directly from
// the tree: one inode per node (hard links share it), ownership, modes, times,
// device numbers and xattrs from the tree, content copied from the tree's staging
// files, and every directory's blocks built in one pass (linear in its size, also
// for directories with tens of thousands of entries). A directory "lost+found" is
// added when the tree has none. Blocking: call from a worker thread. Stateless and
// safe to use from several threads at once (one image each).
namespace Ext4Writer {

// Writes `imagePath` (an existing file is replaced). The label is cut to 16 bytes.
// TooBig before anything is created when the estimate does not fit `sizeMiB`, and
// also when the file system runs out of blocks or inodes. Directories of more than
// one block are then indexed (Ext4WriteOptions::indexDirectories). On every
// failure and on cancel the partial image is removed. Does not run check().
Result<Ext4Stats, Ext4Error> write(const RootfsTree &tree, const QString &imagePath, qint64 sizeMiB,
                                   const QString &label, const Ext4WriteOptions &options = {});

// `e2fsck -fn imagePath`: Done when it is clean, Check with e2fsck's output when not.
Result<Done, Ext4Error> check(const QString &imagePath);

} // namespace Ext4Writer

} // namespace Kiln
