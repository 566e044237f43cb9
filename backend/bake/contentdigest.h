#pragma once

#include "domain/result.h"

#include <QDateTime>
#include <QString>

#include <atomic>
#include <functional>

namespace Kiln {

// Why a file could not be digested. `message` names the file and the cause.
struct ContentDigestError
{
    enum class Code
    {
        Io,
        Cancelled,
    };
    Code code = Code::Io;
    QString path;
    QString message;
};

// What identifies a content file (a baked image): its SHA-256 and SHA-1 (lowercase
// hex, no "sha256:" prefix), its size and its modification time, read in one pass.
struct ContentDigest
{
    QString sha256;
    QString sha1;
    qint64 size = 0;
    QDateTime mtime; // UTC

    // bytes read, bytes in all; on the calling thread.
    using Progress = std::function<void(qint64 done, qint64 total)>;

    // Reads `path` once in 4 MiB blocks and feeds both digests (OpenSSL EVP).
    // `cancel`, when set, is polled per block. Blocking: call from a worker thread.
    static Result<ContentDigest, ContentDigestError>
    ofFile(const QString &path, const std::atomic_bool *cancel = nullptr, const Progress &progress = {});
};

} // namespace Kiln
