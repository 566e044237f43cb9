#pragma once

// Helpers of the bake benchmark (bake_chain): the generated layer, the loopback
// registry it is pushed to, and timed runs of the reference tools.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

class QProcess;
class QTemporaryDir;

namespace Kiln::Bench {

// A generated layer cached in the work directory (kept between runs).
struct GeneratedLayer
{
    QString path;      // gzip tar
    QString digest;    // "sha256:<hex>" of the gzip tar
    QString diffId;    // "sha256:<hex>" of the tar
    qint64 size = 0;   // bytes of the gzip tar
    QJsonObject stats; // what bake_layer.py reports (entries, bytes, blocks_4k, ...)
    qint64 entries() const { return stats.value(u"entries").toInteger(); }
    qint64 bytes() const { return stats.value(u"bytes").toInteger(); }
};

// The first 8 hex digits of bench/bake_layer.py's SHA-256 (part of the cache's name).
QString generatorVersion();

// `dir`/<name>.tar.gz, generated with bench/bake_layer.py piped through `igzip -3`
// when it is not there yet (or its stats/digests are missing). `onlyMany`: just
// the directory of many files (the quadratic demo).
std::optional<GeneratedLayer> ensureLayer(const QString &dir, const QString &name, double scale, int seed,
                                          bool onlyMany, QString *error);

// An ext4 size that holds the layer's files with room to spare, in MiB: data
// blocks, one block per directory and symlink, an inode (default ratio 16 KiB)
// for every entry, the journal. Used for the reference mkfs and as Kiln's cap.
qint64 ext4SizeMiB(const GeneratedLayer &layer);

// Pushes an OCI image with one layer (streamed from its file, never held in
// memory) and a linux/amd64 config to `address` (plain HTTP). Returns "" or
// the error.
QString pushImage(const QString &address, const QString &repository, const QString &tag,
                  const GeneratedLayer &layer);

// One run of a program, its wall time, and its output (the end of it kept for errors).
struct Timed
{
    bool ok = false;
    double seconds = 0;
    QString error;         // exit code or start failure, with the end of the output
    qint64 peakRssKiB = 0; // of the program and what it waited for (wait4)
};
// Runs to the end (no timeout: a hang is the bench's failure to see); timed from settledNow().
Timed runTimed(const QString &program, const QStringList &arguments);

// sync(2) (the dirty pages of earlier steps written out), then the time: every
// timed step, reference or Kiln, starts from it.
std::chrono::steady_clock::time_point settledNow();

// `rm -rf path` (the reference tools leave root-owned trees behind).
void removeTree(const QString &path);

// getrusage(): this process's peak RSS, and the largest of the waited-for children, in KiB.
qint64 peakRssKiB();
qint64 childrenPeakRssKiB();

} // namespace Kiln::Bench
