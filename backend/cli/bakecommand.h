#pragma once

#include "cli.h"

#include <QString>

#include <atomic>

namespace Kiln::Cli {

// kilnctl bake NAME|ID [--wait] [--catalog PATH] [--json]
// Queues a bake of a bake image (into an ext4 file). Without --wait a detached
// "kilnctl bake NAME --wait" (or Kiln) bakes it. With --wait it runs a bake service
// in this process until the bake ends (and its scan), printing the phases on stderr;
// Ctrl+C cancels the bake (no files are left) and a second Ctrl+C ends kilnctl at
// once. Exit codes: 0 baked, 1 refused, failed or cancelled, 2 usage.
int runBake(const QStringList &arguments, Io io);

// kilnctl scan NAME|ID [--wait] [--catalog PATH] [--json]
// Scans a bake image's content again. With --wait it runs the scan here and prints
// the status, the counts per severity and the worst findings. Exit codes: 0 queued,
// passed or skipped, 1 refused or the scan failed, 2 usage.
int runScan(const QStringList &arguments, Io io);

// Ctrl+C (SIGINT) while a command waits: from construction to destruction a SIGINT
// sets interrupted() instead of ending the process; a second one ends it as usual.
// The previous handler comes back on destruction. One at a time.
class InterruptGuard
{
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    bool interrupted() const { return flag().load(); }
    // For TransferControl::cancel.
    static const std::atomic<bool> &flag();
};

// Progress lines on stderr: "PREFIX: PHASE" when the phase changes, then
// "PREFIX: PHASE 40%" (with "(12.0 MiB of 30.0 MiB)" for bytes) at every 10% step;
// without a total, every 64 MiB of bytes.
class ProgressLines
{
public:
    ProgressLines(QTextStream &err, QString prefix, bool bytes)
        : m_err(err)
        , m_prefix(std::move(prefix))
        , m_bytes(bytes)
    {}
    void update(const QString &phase, qint64 done, qint64 total);

private:
    QTextStream &m_err;
    QString m_prefix;
    bool m_bytes;
    QString m_phase;
    qint64 m_step = -1;
};

} // namespace Kiln::Cli
