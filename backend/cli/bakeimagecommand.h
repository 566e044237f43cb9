#pragma once

#include "cli.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Kiln {
class Catalogue;
struct BakeImage;
} // namespace Kiln

namespace Kiln::Cli {

// The bake-image actions of `kilnctl image` (bake images are root file systems baked
// into ext4 files; see `kilnctl bake` and `kilnctl content`):
//   image register NAME --source oci:REF|tar:PATH --size-mib N [--display-name T]
//         [--description T] [--cpu-millicores N] [--memory-mb N] [--disk-mb N]
//         [--scope tenant|partner|platform] [--lazy-pull] [--preinstalled ITEM]..
//         [--pull-secret SECRET] [--bake]
//   image list --baked [--filter TEXT] [--hide-deactivated]
//   image show NAME|ID [--baked]   (without --baked: a bake image when no managed image has the name)
//   image deactivate|reactivate NAME|ID   (a bake image of that name first, else a managed image)
// Every action takes --catalog PATH and --json. Exit codes: 0 done, 1 refused (taken
// name, unknown image, ...), 2 usage or an invalid registration (each error names its
// option, and the column where it applies).
// Returns -1 when `arguments` ("kilnctl image ACTION ...") are none of these, for
// runImage() to handle.
int runBakeImageAction(const QStringList &arguments, Io io);

// Shared with kilnctl bake, scan and content.
// One bake image as JSON: every field, content (null when none) and scan (status,
// reason, time, counts, total, findings).
QJsonObject bakeImageJson(const Catalogue &catalogue, const BakeImage &image);
// "passed", "failed: 1 critical, 2 high (of 9)", "skipped: no scanner installed", "pending".
QString scanSummary(const BakeImage &image);
// The scan's status and reason, counts per severity and at most `maxFindings` of the
// worst findings, one per line.
void printScan(QTextStream &out, const BakeImage &image, int maxFindings = 10);
// "12.5 MiB" (and "512 B", "1.0 GiB").
QString formatBytes(qint64 bytes);
// Left-aligned columns two spaces apart, the last column unpadded.
void printTable(QTextStream &out, const QStringList &headers, const QList<QStringList> &rows);

} // namespace Kiln::Cli
