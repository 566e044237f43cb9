#pragma once

#include "cli.h"
#include "commandsupport.h"
#include "store/jobrepository.h"

#include <QJsonObject>

namespace Kiln {
class Catalogue;
}

namespace Kiln::Cli {

// A job as JSON: id, spec, revision, status, times (ISO 8601), target, digest,
// error, log path, engine.
QJsonObject jobJson(const BuildJob &job);

// Prints a job log as it grows: the text of each complete line, with Kiln's own
// notes marked "kiln: " and the engine's stderr unmarked (it is where engines
// print progress). Remembers where it stopped.
class LogFollower
{
public:
    explicit LogFollower(Io io)
        : m_io(io)
    {}
    // Prints the complete lines added since the last call (from `offset` on the
    // first call); with `flushPartial` also a last line without '\n'.
    void poll(const QString &path, bool flushPartial = false);
    void setOffset(qint64 offset) { m_offset = offset; }

private:
    Io m_io;
    qint64 m_offset = 0;
};

// Waits until the job is final, printing its log on the way when `follow`;
// polls every `intervalMs` (no event loop: the builder runs on another thread
// or in another process). Returns the final job, or the error that stopped it.
Result<BuildJob, StoreError> waitForJob(const Catalogue &catalogue, const QString &jobId, LogFollower *follow,
                                        int intervalMs = 200);

} // namespace Kiln::Cli
