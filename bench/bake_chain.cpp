// Measures baking an OCI image into an ext4 file with Kiln against the Debian
// reference chain, on the same image served by a loopback docker-registry:
//
//   reference: skopeo copy docker://127.0.0.1:PORT/bench/big:1 oci:DIR:1
//              umoci unpack [--rootless] --image DIR:1 BUNDLE
//              mkfs.ext4 -q -F -d BUNDLE/rootfs -L big IMG SIZE
//   Kiln:      pull + verify (OciBlobs::downloadBlobs into an empty directory),
//              unpack (LayerUnpacker into a RootfsTree), ext4 (Ext4Writer), e2fsck -fn,
//              and the whole chain (BakePipeline, empty blob cache).
//
// Also: unpack against `tar -I igzip -xf`, ContentDigest against sha256sum, a
// directory of 18k files in `mkfs.ext4 -d` (quadratic in e2fsprogs 1.47.0)
// against Ext4Writer, and how fast an image over the cap is rejected.
//
//   bake_chain [--workdir /var/tmp/kiln-bench] [--scale 1.0] [--seed 7]
//              [--no-reference] [--no-kiln] [--keep]
//
// The layer (bench/bake_layer.py: ~1.7 GB, ~80k entries at scale 1, seeded) is
// generated once per scale and seed under the work directory and reused. Every
// step runs once and starts after sync(2); page caches stay warm for both sides.
// Peak RSS is getrusage(): this process (which runs Kiln's steps in-process) and
// each reference tool (wait4).

#include "bakebench.h"
#include "kilnside.h"
#include "registryserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <unistd.h>

#include <cmath>

using namespace Kiln;
using namespace Kiln::Bench;
using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Row
{
    QString step;
    QString reference;
    double referenceSeconds = -1;
    double kilnSeconds = -1;
    double targetRatio = 0; // 0: no target; else Kiln/reference must be <= this
    QString note;
};

QString seconds(double s)
{
    return s < 0 ? u"-"_s : QString::number(s, 'f', s < 10 ? 2 : 1);
}

void printTable(const QList<Row> &rows)
{
    QTextStream &o = out();
    o << "\n"
      << u"%1 %2 %3 %4 %5 %6"_s.arg(u"step"_s, -26)
             .arg(u"reference"_s, -30)
             .arg(u"ref s"_s, 8)
             .arg(u"Kiln s"_s, 8)
             .arg(u"ratio"_s, 6)
             .arg(u"target"_s, -14)
      << "\n";
    for (const Row &row : rows) {
        QString ratio = u"-"_s;
        QString target = row.targetRatio > 0 ? u"<= %1x"_s.arg(row.targetRatio, 0, 'f', 1) : QString();
        if (row.referenceSeconds > 0 && row.kilnSeconds >= 0) {
            const double r = row.kilnSeconds / row.referenceSeconds;
            ratio = QString::number(r, 'f', 2);
            if (row.targetRatio > 0)
                target += r <= row.targetRatio ? u" met"_s : u" MISSED"_s;
        }
        o << u"%1 %2 %3 %4 %5 %6"_s.arg(row.step, -26)
                 .arg(row.reference, -30)
                 .arg(seconds(row.referenceSeconds), 8)
                 .arg(seconds(row.kilnSeconds), 8)
                 .arg(ratio, 6)
                 .arg(target, -14);
        if (!row.note.isEmpty())
            o << "  " << row.note;
        o << "\n";
    }
    o << Qt::flush;
}

// Runs a reference step, prints it, and returns its time (-1 on failure, printed).
double reference(const QString &label, const QString &program, const QStringList &arguments)
{
    out() << "  " << label << " ..." << Qt::flush;
    const Timed t = runTimed(program, arguments);
    if (!t.ok) {
        out() << " FAILED\n" << t.error << "\n" << Qt::flush;
        return -1;
    }
    out() << " " << seconds(t.seconds) << " s, peak RSS " << t.peakRssKiB / 1024 << " MiB\n" << Qt::flush;
    return t.seconds;
}

struct ReferenceTimes
{
    double pull = -1, unpack = -1, mkfs = -1, fsck = -1, tar = -1, sha256sum = -1, many = -1;
    double cleanup = -1; // rm -rf of the unpacked bundle
};

ReferenceTimes runReference(const QString &work, const QString &image, const GeneratedLayer &big,
                            const GeneratedLayer &many)
{
    ReferenceTimes t;
    const QString dir = work + u"/reference"_s;
    removeTree(dir);
    QDir().mkpath(dir);
    out() << "reference chain (" << dir << "):\n";
    const QString layout = dir + u"/oci:1"_s;
    const QString bundle = dir + u"/bundle"_s;
    const QString img = dir + u"/big.ext4"_s;
    t.pull = reference(
        u"skopeo copy"_s, u"skopeo"_s,
        {u"copy"_s, u"--quiet"_s, u"--src-tls-verify=false"_s, u"docker://"_s + image, u"oci:"_s + layout});
    QStringList umoci{u"unpack"_s};
    if (geteuid() != 0)
        umoci << u"--rootless"_s;
    umoci << u"--image"_s << layout << bundle;
    if (t.pull >= 0)
        t.unpack = reference(u"umoci unpack"_s, u"umoci"_s, umoci);
    if (t.unpack >= 0) {
        t.mkfs = reference(u"mkfs.ext4 -d"_s, u"mkfs.ext4"_s,
                           {u"-q"_s, u"-F"_s, u"-d"_s, bundle + u"/rootfs"_s, u"-L"_s, u"big"_s, img,
                            u"%1M"_s.arg(ext4SizeMiB(big))});
    }
    if (t.mkfs >= 0)
        t.cleanup = reference(u"rm -rf bundle"_s, u"rm"_s, {u"-rf"_s, u"--"_s, bundle});
    removeTree(bundle);
    removeTree(dir + u"/oci"_s);
    if (t.mkfs >= 0)
        t.fsck = reference(u"e2fsck -fn"_s, u"e2fsck"_s, {u"-fn"_s, img});
    QFile::remove(img);

    const QString tarDir = dir + u"/tar"_s;
    QDir().mkpath(tarDir);
    t.tar = reference(u"tar -I igzip -xf"_s, u"tar"_s,
                      {u"-I"_s, u"igzip"_s, u"-xf"_s, big.path, u"-C"_s, tarDir});
    removeTree(tarDir);
    t.sha256sum = reference(u"sha256sum layer"_s, u"sha256sum"_s, {big.path});

    const QString manyDir = dir + u"/many"_s;
    QDir().mkpath(manyDir);
    if (runTimed(u"tar"_s, {u"-I"_s, u"igzip"_s, u"-xf"_s, many.path, u"-C"_s, manyDir}).ok) {
        t.many =
            reference(u"mkfs.ext4 -d (%1 files)"_s.arg(many.stats.value(u"many").toInteger()), u"mkfs.ext4"_s,
                      {u"-q"_s, u"-F"_s, u"-d"_s, manyDir, u"-L"_s, u"many"_s, dir + u"/many.ext4"_s,
                       u"%1M"_s.arg(ext4SizeMiB(many))});
    }
    removeTree(dir);
    return t;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Benchmark Kiln's bake to ext4 against skopeo + umoci + mkfs.ext4 -d."_s);
    parser.addHelpOption();
    parser.addOption({u"workdir"_s,
                      u"Where the layer is cached and the steps write (default /var/tmp/kiln-bench)."_s,
                      u"dir"_s, u"/var/tmp/kiln-bench"_s});
    parser.addOption({u"scale"_s, u"Size of the image: 1.0 is ~1.7 GB and ~80k entries (default 1.0)."_s,
                      u"factor"_s, u"1.0"_s});
    parser.addOption({u"seed"_s, u"Seed of the generated layer (default 7)."_s, u"n"_s, u"7"_s});
    parser.addOption({u"no-reference"_s, u"Skip the reference tools."_s});
    parser.addOption({u"no-kiln"_s, u"Skip Kiln's steps."_s});
    parser.addOption({u"keep"_s, u"Keep Kiln's outputs (blobs, image) in the work directory."_s});
    parser.process(app);

    bool scaleOk = false, seedOk = false;
    const double scale = parser.value(u"scale"_s).toDouble(&scaleOk);
    const int seed = parser.value(u"seed"_s).toInt(&seedOk);
    if (!scaleOk || scale <= 0 || scale > 10 || !seedOk) {
        err << "bake_chain: --scale must be in (0, 10], --seed an integer.\n";
        return 2;
    }
    // The generator's own digest is part of the name: a changed generator makes a new layer.
    const QString work =
        QDir(parser.value(u"workdir"_s)).absolutePath() +
        u"/scale-%1-seed-%2-%3"_s.arg(QString::number(scale), QString::number(seed), generatorVersion());

    QString error;
    const auto big = ensureLayer(work, u"big"_s, scale, seed, false, &error);
    const auto many = big ? ensureLayer(work, u"many"_s, scale, seed, true, &error) : std::nullopt;
    if (!big || !many) {
        err << "bake_chain: " << error << '\n';
        return 1;
    }
    out() << "layer " << big->path << ": " << big->size / (1024 * 1024) << " MiB gzip, "
          << big->bytes() / (1024 * 1024) << " MiB in " << big->entries() << " entries ("
          << big->stats.value(u"regular").toInteger() << " files, "
          << big->stats.value(u"directories").toInteger() << " directories, "
          << big->stats.value(u"symlinks").toInteger() << " symlinks, "
          << big->stats.value(u"hardlinks").toInteger() << " hard links; one directory of "
          << big->stats.value(u"many").toInteger() << " files), ext4 size " << ext4SizeMiB(*big) << " MiB\n"
          << Qt::flush;

    // The tests' registry fixture, with its storage beside the layers (gigabytes).
    KilnTest::RegistryServer registry;
    registry.setParentDirectory(work);
    if (!registry.start()) {
        err << "bake_chain: " << registry.errorString() << '\n';
        return 1;
    }
    const QString repository = u"bench/big"_s;
    if (const QString pushed = pushImage(registry.address(), repository, u"1"_s, *big); !pushed.isEmpty()) {
        err << "bake_chain: push: " << pushed << '\n';
        return 1;
    }
    const QString image = registry.address() + u'/' + repository + u":1"_s;
    out() << "pushed " << image << "\n" << Qt::flush;

    ReferenceTimes ref;
    if (!parser.isSet(u"no-reference"_s))
        ref = runReference(work, image, *big, *many);

    KilnTimes kiln;
    if (!parser.isSet(u"no-kiln"_s)) {
        KilnRun run;
        run.work = work + u"/kiln"_s;
        run.registry = registry.address();
        run.repository = repository;
        run.tag = u"1"_s;
        run.layer = &*big;
        run.many = &*many;
        run.sizeMiB = ext4SizeMiB(*big);
        run.keep = parser.isSet(u"keep"_s);
        kiln = runKiln(run);
    }
    registry.stop();

    const double refChain =
        ref.pull >= 0 && ref.unpack >= 0 && ref.mkfs >= 0 ? ref.pull + ref.unpack + ref.mkfs : -1;
    QList<Row> rows;
    rows.append({u"pull + verify"_s, u"skopeo copy"_s, ref.pull, kiln.pull, 1.0, {}});
    rows.append({u"unpack"_s, u"umoci unpack"_s, ref.unpack, kiln.unpack, 0, {}});
    rows.append({u"unpack (gzip tar)"_s, u"tar -I igzip -xf"_s, ref.tar, kiln.unpack, 1.3, {}});
    rows.append({u"ext4"_s, u"mkfs.ext4 -d"_s, ref.mkfs, kiln.ext4, 0, kiln.ext4Note});
    rows.append({u"e2fsck -fn"_s, u"e2fsck -fn"_s, ref.fsck, kiln.fsck, 0, {}});
    rows.append({u"whole chain"_s, u"skopeo + umoci + mkfs"_s, refChain, kiln.chain, 0.7, kiln.chainNote});
    rows.append({u"chain + cleanup"_s, u"the same + rm -rf bundle"_s,
                 refChain >= 0 && ref.cleanup >= 0 ? refChain + ref.cleanup : -1, kiln.chain, 0.7,
                 u"Kiln removes its staging tree in its Mkfs phase"_s});
    rows.append({u"sha256 of the layer"_s, u"sha256sum"_s, ref.sha256sum, kiln.sha256, 0, kiln.sha256Note});
    rows.append({u"dir of %1 files"_s.arg(many->stats.value(u"many").toInteger()), u"mkfs.ext4 -d"_s,
                 ref.many, kiln.many, 0, kiln.manyNote});
    rows.append({u"over-cap rejection"_s, {}, -1, kiln.capReject, 0, kiln.capNote});
    printTable(rows);
    out() << "peak RSS of this process (Kiln's steps): " << peakRssKiB() / 1024 << " MiB";
    if (kiln.rssAfterPull > 0)
        out() << " (after pull " << kiln.rssAfterPull / 1024 << ", unpack " << kiln.rssAfterUnpack / 1024
              << ", ext4 " << kiln.rssAfterExt4 / 1024 << ")";
    out() << "\n" << Qt::flush;
    return kiln.failed ? 1 : 0;
}
