#pragma once

// Kiln's side of the bake benchmark: each phase in this process, timed.

#include "bakebench.h"

#include <QString>

namespace Kiln::Bench {

struct KilnRun
{
    QString work;       // a directory of its own (removed first, and afterwards unless `keep`)
    QString registry;   // "127.0.0.1:PORT", plain HTTP
    QString repository; // e.g. "bench/big"
    QString tag;
    const GeneratedLayer *layer = nullptr; // what the image holds
    const GeneratedLayer *many = nullptr;  // the directory of many files alone
    qint64 sizeMiB = 0;                    // the image's cap, as the reference mkfs gets
    bool keep = false;
};

// Seconds of each step (-1: not run or failed; the reason is printed as it happens).
struct KilnTimes
{
    double pull = -1, unpack = -1, ext4 = -1, fsck = -1, chain = -1, sha256 = -1, many = -1, capReject = -1;
    QString ext4Note, chainNote, sha256Note, manyNote, capNote;
    qint64 rssAfterPull = 0, rssAfterUnpack = 0, rssAfterExt4 = 0; // KiB
    bool failed = false;
};

KilnTimes runKiln(const KilnRun &run);

} // namespace Kiln::Bench
