#include "buildfailure.h"

#include "domain/imagereference.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Kiln::BuildFailure", text);
}

bool has(const QString &line, QLatin1StringView needle)
{
    return line.contains(needle, Qt::CaseInsensitive);
}

QRegularExpression re(const QString &pattern, bool caseInsensitive = false)
{
    return QRegularExpression(pattern, caseInsensitive ? QRegularExpression::CaseInsensitiveOption
                                                       : QRegularExpression::NoPatternOption);
}

QString stripTransport(QString ref)
{
    for (const QString &prefix : {u"docker://"_s, u"oci://"_s}) {
        if (ref.startsWith(prefix))
            ref = ref.mid(prefix.size());
    }
    return ref.trimmed();
}

// The registry host of an image reference ("docker.io" for "ubuntu"); empty when
// `ref` is empty.
QString registryHost(const QString &reference)
{
    const QString ref = stripTransport(reference);
    if (ref.isEmpty())
        return {};
    if (const auto parsed = parseImageReference(ref); parsed.ok())
        return parsed->domain;
    const qsizetype slash = ref.indexOf(u'/');
    const QString first = slash < 0 ? QString() : ref.left(slash);
    if (first.contains(u'.') || first.contains(u':') || first == u"localhost"_s)
        return first;
    return u"docker.io"_s;
}

// The image named in an engine line: "docker://REF: ..." or "reading manifest TAG in REPO".
QString imageFromLine(const QString &line)
{
    static const QRegularExpression docker(u"docker://([^\\s\"]+)"_s);
    if (const auto m = docker.match(line); m.hasMatch()) {
        QString ref = m.captured(1);
        while (ref.endsWith(u':') || ref.endsWith(u','))
            ref.chop(1);
        return ref;
    }
    static const QRegularExpression manifest(u"reading manifest (\\S+) in ([^\\s:]+(?::\\d+)?/[^\\s:]+)"_s);
    if (const auto m = manifest.match(line); m.hasMatch()) {
        const QString tag = m.captured(1);
        return m.captured(2) + (tag.contains(u':') ? u"@"_s : u":"_s) + tag;
    }
    return {};
}

// The host an engine line talks about, if it names one.
QString hostFromLine(const QString &line)
{
    static const QList<QRegularExpression> patterns{
        re(u"pinging container registry ([^\\s:]+(?::\\d+)?)"_s),
        re(u"dial tcp ((?:\\[[^\\]]*\\]|[^\\s:]+):\\d+)"_s),
        re(u"lookup ([^\\s]+?)(?: on |: )"_s),
        re(u"https?://([^/\\s\"']+)"_s),
    };
    for (const QRegularExpression &pattern : patterns) {
        const auto m = pattern.match(line);
        if (!m.hasMatch())
            continue;
        return m.captured(1);
    }
    const QString image = imageFromLine(line);
    return image.isEmpty() ? QString() : registryHost(image);
}

struct Context
{
    BuildStep step;
    const QStringList &output;
    QString subject; // without a transport prefix
    int exitCode;

    bool subjectIsImage() const { return step != BuildStep::Build; }

    // The image the failure is about: the subject for Pull/Inspect/Push, else the
    // one the line names.
    QString image(const QString &line) const
    {
        if (subjectIsImage() && !subject.isEmpty())
            return subject;
        return imageFromLine(line);
    }
    QString host(const QString &line) const
    {
        if (subjectIsImage() && !subject.isEmpty())
            return registryHost(subject);
        return hostFromLine(line);
    }
};

BuildFailure failure(FailureKind kind, bool transient, const QString &message, const QString &detail)
{
    BuildFailure f;
    f.kind = kind;
    f.transient = transient;
    f.message = message;
    f.detail = detail;
    return f;
}

// "the registry 'HOST'" or "the registry" when the host is unknown.
QString theRegistry(const QString &host)
{
    return host.isEmpty() ? tr("the registry") : tr("the registry '%1'").arg(host);
}

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// --- network -----------------------------------------------------------------

struct NetworkSymptom
{
    QString reason; // "the connection was refused"
    bool transient = true;
    bool rateLimited = false;
};

std::optional<NetworkSymptom> networkSymptom(const QString &line)
{
    static const QRegularExpression status(
        u"\\b(5\\d\\d)\\)?\\s*\\(?(Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression invalidStatus(u"invalid status code from registry (5\\d\\d)"_s);
    if (const auto m = status.match(line); m.hasMatch())
        return NetworkSymptom{tr("it answered %1 %2").arg(m.captured(1), m.captured(2))};
    if (const auto m = invalidStatus.match(line); m.hasMatch())
        return NetworkSymptom{tr("it answered HTTP %1").arg(m.captured(1))};
    if (has(line, "429 Too Many Requests"_L1) || has(line, "too many requests to registry"_L1) ||
        has(line, "toomanyrequests"_L1))
        return NetworkSymptom{tr("it is limiting requests (429 Too Many Requests)"), true, true};

    struct Phrase
    {
        QLatin1StringView needle;
        const char *reason;
    };
    static const Phrase phrases[] = {
        {"connection refused"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the connection was refused")},
        {"connection reset by peer"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the connection was reset")},
        {"TLS handshake timeout"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the TLS handshake timed out")},
        {"i/o timeout"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the connection timed out (i/o timeout)")},
        {"unexpected EOF"_L1,
         QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the connection was closed unexpectedly (unexpected EOF)")},
        {"no route to host"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "there is no route to the host")},
        {"network is unreachable"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the network is unreachable")},
        {"temporary failure in name resolution"_L1,
         QT_TRANSLATE_NOOP("Kiln::BuildFailure",
                           "the host name could not be resolved (temporary DNS failure)")},
        {"temporary failure resolving"_L1,
         QT_TRANSLATE_NOOP("Kiln::BuildFailure",
                           "the host name could not be resolved (temporary DNS failure)")},
        {"Failed to establish a new connection"_L1,
         QT_TRANSLATE_NOOP("Kiln::BuildFailure", "no connection could be established")},
        {"Could not resolve '"_L1,
         QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the host name could not be resolved")},
        {"Could not connect to"_L1,
         QT_TRANSLATE_NOOP("Kiln::BuildFailure", "no connection could be established")},
        {"ReadTimeoutError"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the connection timed out")},
        {"ConnectTimeoutError"_L1, QT_TRANSLATE_NOOP("Kiln::BuildFailure", "the connection timed out")},
    };
    for (const Phrase &phrase : phrases) {
        if (has(line, phrase.needle))
            return NetworkSymptom{tr(phrase.reason)};
    }
    if (has(line, "no such host"_L1))
        return NetworkSymptom{tr("the host name does not exist (no such host)"), false};
    return std::nullopt;
}

std::optional<BuildFailure> matchNetwork(const Context &ctx, const QString &line)
{
    const auto symptom = networkSymptom(line);
    if (!symptom)
        return std::nullopt;
    // A line that names a host (dial tcp, pinging ...) is more precise than the subject.
    QString host = hostFromLine(line);
    if (host.isEmpty())
        host = ctx.host(line);
    QString message =
        tr("%1 failed talking to %2: %3.").arg(buildStepName(ctx.step), theRegistry(host), symptom->reason);
    if (!symptom->transient)
        message += u' ' + tr("Check the registry name.");
    else if (symptom->rateLimited)
        message += u' ' + tr("Wait a little before trying again.");
    else
        message += u' ' + tr("This is usually temporary.");
    return failure(FailureKind::Network, symptom->transient, message, line.trimmed());
}

// The first line of the whole output that shows an unreachable package index
// (apt, pip), searched newest first.
std::optional<QString> indexUnreachableLine(const QStringList &output)
{
    for (qsizetype i = output.size() - 1; i >= 0; --i) {
        const QString &line = output.at(i);
        if (has(line, "Temporary failure resolving"_L1) || has(line, "Could not resolve '"_L1) ||
            has(line, "Could not connect to"_L1) || has(line, "Failed to establish a new connection"_L1) ||
            has(line, "NewConnectionError"_L1) || has(line, "Temporary failure in name resolution"_L1) ||
            has(line, "ReadTimeoutError"_L1) || has(line, "ConnectTimeoutError"_L1) ||
            (line.startsWith(u"E: Failed to fetch"_s)))
            return line.trimmed();
    }
    return std::nullopt;
}

// --- packages ----------------------------------------------------------------

// A missing package, or a (transient) network failure when the index could not be
// reached, which makes apt and pip report every package as missing.
BuildFailure packageFailure(const Context &ctx, const QString &manager, const QString &what,
                            const QString &message, const QString &detail)
{
    if (const auto unreachable = indexUnreachableLine(ctx.output)) {
        const auto symptom = networkSymptom(*unreachable);
        const QString reason = symptom ? symptom->reason : tr("its repositories could not be reached");
        return failure(FailureKind::Network, true,
                       capitalized(tr("%1 could not reach its package index (%2), so %3 could not be found. "
                                      "This is usually temporary.")
                                       .arg(manager, reason, what)),
                       *unreachable + u'\n' + detail);
    }
    return failure(FailureKind::PackageNotFound, false, message, detail);
}

std::optional<BuildFailure> matchApt(const Context &ctx, const QString &line)
{
    static const QRegularExpression locate(u"^E: (?:Unable to locate package|Couldn't find any package by "
                                           "(?:glob|regex)) '?([^'\\s]+)'?"_s);
    static const QRegularExpression candidate(u"^E: Package '([^']+)' has no installation candidate"_s);
    static const QRegularExpression version(u"^E: Version '([^']+)' for '([^']+)' was not found"_s);
    const QString text = line.trimmed();
    const QString apt = u"APT"_s;
    if (const auto m = locate.match(text); m.hasMatch()) {
        const QString name = m.captured(1);
        return packageFailure(ctx, apt, tr("the package '%1'").arg(name),
                              tr("The APT package '%1' was not found: %2").arg(name, text), text);
    }
    if (const auto m = candidate.match(text); m.hasMatch()) {
        const QString name = m.captured(1);
        return packageFailure(
            ctx, apt, tr("the package '%1'").arg(name),
            tr("The APT package '%1' has no installation candidate (it is virtual, obsolete or not in the "
               "configured repositories): %2")
                .arg(name, text),
            text);
    }
    if (const auto m = version.match(text); m.hasMatch()) {
        const QString name = m.captured(2);
        return packageFailure(
            ctx, apt, tr("version '%1' of '%2'").arg(m.captured(1), name),
            tr("Version '%1' of the APT package '%2' was not found: %3").arg(m.captured(1), name, text),
            text);
    }
    return std::nullopt;
}

std::optional<BuildFailure> matchPip(const Context &ctx, qsizetype index)
{
    static const QRegularExpression noVersion(
        u"^ERROR: Could not find a version that satisfies the requirement (.+?)(?: \\(from versions:.*\\))?$"_s);
    static const QRegularExpression noDistribution(u"^ERROR: No matching distribution found for (.+)$"_s);
    const QString text = ctx.output.at(index).trimmed();
    QString name;
    QStringList detail;
    if (const auto m = noDistribution.match(text); m.hasMatch()) {
        name = m.captured(1).trimmed();
        // pip prints "Could not find a version ..." right before: keep both lines.
        for (qsizetype i = index - 1; i >= 0 && i >= index - 3; --i) {
            const QString previous = ctx.output.at(i).trimmed();
            if (noVersion.match(previous).hasMatch()) {
                detail.append(previous);
                break;
            }
        }
        detail.append(text);
    } else if (const auto n = noVersion.match(text); n.hasMatch()) {
        name = n.captured(1).trimmed();
        detail.append(text);
    } else {
        return std::nullopt;
    }
    return packageFailure(ctx, u"pip"_s, tr("the requirement '%1'").arg(name),
                          tr("The pip package '%1' was not found: %2").arg(name, text), detail.join(u'\n'));
}

QString quotedList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &name : names)
        quoted.append(u'\'' + name + u'\'');
    return quoted.join(u", "_s);
}

std::optional<BuildFailure> matchConda(const Context &ctx, qsizetype index)
{
    const QString &line = ctx.output.at(index);
    static const QRegularExpression item(u"^\\s*-\\s+(\\S.*?)\\s*$"_s);
    static const QRegularExpression nothingProvides(u"nothing provides requested (.+?)\\s*$"_s);
    static const QRegularExpression doesNotExist(u"(?:\u2514\u2500|^)\\s*(\\S+) does not exist \\(perhaps"_s);

    if (line.contains(u"PackagesNotFoundError"_s)) {
        QStringList names;
        QStringList detail{line.trimmed()};
        for (qsizetype i = index + 1; i < ctx.output.size(); ++i) {
            const QString &next = ctx.output.at(i);
            if (next.trimmed().isEmpty()) {
                if (names.isEmpty())
                    continue;
                break;
            }
            const auto m = item.match(next);
            if (!m.hasMatch())
                break;
            names.append(m.captured(1));
            detail.append(next.trimmed());
        }
        const QString joined = detail.join(u' ');
        QString message;
        if (names.isEmpty())
            message = tr("Conda packages are not available from the current channels: %1").arg(joined);
        else if (names.size() == 1)
            message = tr("The Conda package '%1' is not available from the current channels: %2")
                          .arg(names.first(), joined);
        else
            message = tr("The Conda packages %1 are not available from the current channels: %2")
                          .arg(quotedList(names), joined);
        return failure(FailureKind::PackageNotFound, false, message, detail.join(u'\n'));
    }
    if (const auto m = nothingProvides.match(line); m.hasMatch()) {
        const QString name = m.captured(1);
        return failure(FailureKind::PackageNotFound, false,
                       tr("The Conda package '%1' was not found in the configured channels: %2")
                           .arg(name, line.trimmed()),
                       line.trimmed());
    }
    if (const auto m = doesNotExist.match(line); m.hasMatch()) {
        const QString name = m.captured(1);
        return failure(FailureKind::PackageNotFound, false,
                       tr("The Conda package '%1' was not found in the configured channels: %2")
                           .arg(name, line.trimmed()),
                       line.trimmed());
    }
    if (line.contains(u"Could not solve for environment specs"_s)) {
        return failure(FailureKind::PackageNotFound, false,
                       tr("Conda could not solve the environment (a package or version is not available "
                          "from the configured channels, or the requested versions conflict): %1")
                           .arg(line.trimmed()),
                       line.trimmed());
    }
    return std::nullopt;
}

// --- registries --------------------------------------------------------------

std::optional<BuildFailure> matchTls(const Context &ctx, const QString &line)
{
    if (has(line, "server gave HTTP response to HTTPS client"_L1)) {
        const QString host = ctx.host(line);
        return failure(FailureKind::TlsMismatch, false,
                       tr("%1 speaks plain HTTP, not HTTPS. Mark it insecure (TLS verify off) in Kiln if "
                          "that is intended.")
                           .arg(capitalized(theRegistry(host))),
                       line.trimmed());
    }
    if (has(line, "x509: "_L1) || has(line, "tls: failed to verify certificate"_L1)) {
        const QString host = ctx.host(line);
        return failure(FailureKind::TlsMismatch, false,
                       tr("The TLS certificate of %1 is not trusted. Install its CA certificate, or mark the "
                          "registry insecure (TLS verify off) if that is intended.")
                           .arg(theRegistry(host)),
                       line.trimmed());
    }
    return std::nullopt;
}

std::optional<BuildFailure> matchAuth(const Context &ctx, const QString &line)
{
    const bool denied = has(line, "requested access to the resource is denied"_L1);
    if (!denied && !has(line, "authentication required"_L1) && !has(line, "401 Unauthorized"_L1) &&
        !has(line, "unauthorized: "_L1))
        return std::nullopt;
    const QString host = ctx.host(line);
    const QString image = ctx.image(line);
    QString message = image.isEmpty()
                          ? tr("%1 refused access: the credentials are missing or wrong, or the account may "
                               "not use this repository.")
                                .arg(capitalized(theRegistry(host)))
                          : tr("%1 refused access to '%2': the credentials are missing or wrong, or the "
                               "account may not use this repository.")
                                .arg(capitalized(theRegistry(host)), image);
    if (denied)
        message += u' ' + tr("Some registries also say this when the repository does not exist.");
    return failure(FailureKind::AuthFailed, false, message, line.trimmed());
}

std::optional<BuildFailure> matchImageNotFound(const Context &ctx, const QString &line)
{
    if (ctx.step == BuildStep::Push) {
        if (!has(line, "image not known"_L1))
            return std::nullopt;
        return failure(
            FailureKind::ImageNotFound, false,
            tr("The local image to push does not exist (was the build removed?): %1").arg(line.trimmed()),
            line.trimmed());
    }
    static const QRegularExpression repository(u"repository \\S+ not found"_s,
                                               QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression manifestFor(u"manifest for \\S+ not found"_s,
                                                QRegularExpression::CaseInsensitiveOption);
    if (!has(line, "manifest unknown"_L1) && !has(line, "name unknown"_L1) &&
        !repository.match(line).hasMatch() && !manifestFor.match(line).hasMatch())
        return std::nullopt;
    const QString image = ctx.step == BuildStep::Build ? imageFromLine(line) : ctx.image(line);
    const QString host = image.isEmpty() ? hostFromLine(line) : registryHost(image);
    QString message;
    if (image.isEmpty())
        message =
            tr("An image was not found in %1: no such repository, tag or digest.").arg(theRegistry(host));
    else if (ctx.step == BuildStep::Build)
        message = tr("The base image '%1' was not found in %2: no such repository, tag or digest.")
                      .arg(image, theRegistry(host));
    else
        message = tr("The image '%1' was not found in %2: no such repository, tag or digest.")
                      .arg(image, theRegistry(host));
    return failure(FailureKind::ImageNotFound, false, message, line.trimmed());
}

std::optional<BuildFailure> matchEngineMissing(const QString &line)
{
    static const QRegularExpression notFound(
        u"(?:^|: )(buildah|podman|docker): (?:command )?not found|exec: \"(buildah|podman|docker)\": "
        "executable file not found|^(?:/\\S*/)?(buildah|podman|docker): No such file or directory"_s);
    if (const auto m = notFound.match(line.trimmed()); m.hasMatch()) {
        QString engine = m.captured(1);
        if (engine.isEmpty())
            engine = m.captured(2);
        if (engine.isEmpty())
            engine = m.captured(3);
        return failure(FailureKind::EngineMissing, false,
                       tr("The container engine '%1' is not installed or not in PATH.").arg(engine),
                       line.trimmed());
    }
    if (has(line, "Cannot connect to the Docker daemon"_L1)) {
        return failure(FailureKind::EngineMissing, false,
                       tr("The Docker daemon is not running or not reachable: %1").arg(line.trimmed()),
                       line.trimmed());
    }
    return std::nullopt;
}

} // namespace

QString buildStepName(BuildStep step)
{
    switch (step) {
    case BuildStep::Pull:
        return tr("Pull");
    case BuildStep::Inspect:
        return tr("Inspect");
    case BuildStep::Build:
        return tr("Build");
    case BuildStep::Push:
        return tr("Push");
    }
    return {};
}

BuildFailure classifyBuildFailure(BuildStep step, const QStringList &output, const QString &subject,
                                  int exitCode)
{
    const Context ctx{step, output, stripTransport(subject), exitCode};

    for (qsizetype i = output.size() - 1; i >= 0; --i) {
        const QString &line = output.at(i);
        if (has(line, "no space left on device"_L1)) {
            return failure(FailureKind::DiskFull, false,
                           tr("%1 failed because the disk is full (no space left on device). Free space in "
                              "the engine's storage or temporary directory and try again.")
                               .arg(buildStepName(step)),
                           line.trimmed());
        }
    }

    for (qsizetype i = output.size() - 1; i >= 0; --i) {
        const QString &line = output.at(i);
        if (line.trimmed().isEmpty())
            continue;
        if (auto f = matchEngineMissing(line))
            return *f;
        if (auto f = matchTls(ctx, line))
            return *f;
        if (auto f = matchAuth(ctx, line))
            return *f;
        if (auto f = matchApt(ctx, line))
            return *f;
        if (auto f = matchPip(ctx, i))
            return *f;
        if (auto f = matchConda(ctx, i))
            return *f;
        if (auto f = matchImageNotFound(ctx, line))
            return *f;
        if (auto f = matchNetwork(ctx, line))
            return *f;
    }

    QString last;
    for (qsizetype i = output.size() - 1; i >= 0 && last.isEmpty(); --i)
        last = output.at(i).trimmed();
    const QString stepName = buildStepName(step);
    QString message;
    if (exitCode < 0)
        message =
            ctx.subject.isEmpty()
                ? tr("%1 failed (the engine did not exit normally).").arg(stepName)
                : tr("%1 of '%2' failed (the engine did not exit normally).").arg(stepName, ctx.subject);
    else
        message = ctx.subject.isEmpty()
                      ? tr("%1 failed with exit code %2.").arg(stepName).arg(exitCode)
                      : tr("%1 of '%2' failed with exit code %3.").arg(stepName, ctx.subject).arg(exitCode);
    return failure(FailureKind::Unknown, false, message, last);
}

qint64 retryDelayMs(int attempt, double random01, qint64 baseMs, qint64 capMs)
{
    if (baseMs <= 0 || capMs <= 0)
        return 0;
    const int exponent = std::clamp(attempt, 1, 63) - 1;
    // base * 2^exponent, saturating at the cap without overflowing.
    qint64 ceiling = baseMs;
    for (int i = 0; i < exponent && ceiling < capMs; ++i)
        ceiling = ceiling > capMs / 2 ? capMs : ceiling * 2;
    ceiling = std::min(ceiling, capMs);
    if (!(random01 > 0.0)) // also NaN
        return 0;
    const double r = std::min(random01, std::nextafter(1.0, 0.0));
    return std::min<qint64>(qint64(std::floor(r * double(ceiling))), ceiling - 1 < 0 ? 0 : ceiling - 1);
}

} // namespace Kiln
