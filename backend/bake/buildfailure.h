#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace Kiln {

// The step of a bake that ran a container engine (buildah, podman, docker).
enum class BuildStep
{
    Pull,    // pulling the base image
    Inspect, // inspecting an image
    Build,   // building from the generated Containerfile (RUN apt-get/pip/conda ...)
    Push,    // pushing the result to a registry
};

// "Pull", "Inspect", "Build", "Push".
QString buildStepName(BuildStep step);

enum class FailureKind
{
    Unknown,
    Network,         // the registry/index could not be reached, or answered 5xx/429
    ImageNotFound,   // the image (tag, digest or repository) does not exist
    AuthFailed,      // the registry refused the credentials (or asked for some)
    PackageNotFound, // apt, pip or conda could not find a requested package
    DiskFull,        // "no space left on device"
    TlsMismatch,     // plain HTTP registry contacted over HTTPS, untrusted certificate
    EngineMissing,   // the engine program (or the Docker daemon) is not there
};

// What went wrong in a failed step, for the job's error field.
struct BuildFailure
{
    FailureKind kind = FailureKind::Unknown;
    // Worth retrying: connection refused/reset, i/o timeout, TLS handshake timeout,
    // unexpected EOF, name resolution failures, 5xx and 429 answers.
    bool transient = false;
    // One or two sentences for a person, naming the image, registry or package when
    // the output names it.
    QString message;
    // The engine's own line(s) the classification was derived from, verbatim but for
    // surrounding whitespace, separated by '\n' (for Unknown: the last non-empty line
    // of the output; empty when there was none).
    QString detail;

    friend bool operator==(const BuildFailure &, const BuildFailure &) = default;
};

// Classifies the failure of one engine step. `output` holds the last lines of the
// step's combined stdout/stderr (decoded UTF-8, oldest first, at most ~200 lines);
// `subject` is the image reference (Pull, Inspect, Push; a "docker://" prefix is
// allowed) or the spec name (Build); `exitCode` is the engine's exit code (negative
// when it did not exit normally).
//
// "no space left on device" anywhere wins. Otherwise the lines are read newest
// first and the first line that matches a known message decides, so a final
// "Error: ... 503 (Service Unavailable)" wins over earlier retry warnings. A
// missing APT/pip package while the output also shows that the index could not be
// reached is reported as a (transient) network failure. Pure: no I/O.
BuildFailure classifyBuildFailure(BuildStep step, const QStringList &output, const QString &subject,
                                  int exitCode);

// Exponential backoff with full jitter for attempt 1, 2, ...:
//   random01 * min(capMs, baseMs * 2^(attempt - 1))
// `random01` in [0, 1) is injected (tests pass fixed values); values outside are
// clamped. attempt < 1 counts as 1; baseMs <= 0 gives 0; capMs < baseMs caps at capMs.
// Never overflows, whatever the attempt.
qint64 retryDelayMs(int attempt, double random01, qint64 baseMs = 1000, qint64 capMs = 30000);

} // namespace Kiln
