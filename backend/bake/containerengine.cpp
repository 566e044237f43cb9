#include "containerengine.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace Kiln {

QString containerEngineName(ContainerEngineKind kind)
{
    switch (kind) {
    case ContainerEngineKind::Buildah:
        return QStringLiteral("buildah");
    case ContainerEngineKind::Podman:
        return QStringLiteral("podman");
    case ContainerEngineKind::Docker:
        return QStringLiteral("docker");
    }
    return {};
}

std::optional<ContainerEngineKind> containerEngineFromName(QStringView name)
{
    for (ContainerEngineKind kind : allContainerEngines()) {
        if (name.compare(containerEngineName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QList<ContainerEngineKind> allContainerEngines()
{
    return {ContainerEngineKind::Buildah, ContainerEngineKind::Podman, ContainerEngineKind::Docker};
}

QList<ContainerEngineKind> containerEnginesFromNames(const QStringList &names)
{
    QList<ContainerEngineKind> kinds;
    for (const QString &name : names) {
        if (auto kind = containerEngineFromName(name.trimmed()))
            kinds.append(*kind);
    }
    return kinds;
}

QString parseEngineVersion(QStringView output)
{
    static const QRegularExpression versionPattern(
        QStringLiteral("(\\d+\\.\\d+(?:\\.\\d+)?(?:[-+~][\\w.]+)?)"));
    const auto match = versionPattern.match(output);
    return match.hasMatch() ? match.captured(1) : QString();
}

namespace {

// buildah and podman work daemonless; the docker CLI is only a client. Ask it
// for the server's version: without a reachable daemon it cannot build.
QString dockerDaemonProblem(const QString &docker)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(docker, {QStringLiteral("version"), QStringLiteral("--format"),
                           QStringLiteral("{{.Server.Version}}")});
    if (!process.waitForStarted(5000))
        return QStringLiteral("cannot start %1: %2").arg(docker, process.errorString());
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(1000);
        return QStringLiteral("the Docker daemon did not answer within 10 seconds");
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("no Docker daemon is running (the docker client alone cannot build)");
    return {};
}

} // namespace

QList<ContainerEngineInfo> detectContainerEngines(const QStringList &searchPaths)
{
    QList<ContainerEngineInfo> result;
    for (ContainerEngineKind kind : allContainerEngines()) {
        ContainerEngineInfo info;
        info.kind = kind;
        info.path = QStandardPaths::findExecutable(containerEngineName(kind), searchPaths);
        if (info.path.isEmpty()) {
            info.problem = QStringLiteral("not installed");
            result.append(info);
            continue;
        }
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(info.path, {QStringLiteral("--version")});
        if (!process.waitForStarted(5000)) {
            info.problem = QStringLiteral("cannot start %1: %2").arg(info.path, process.errorString());
        } else if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished(1000);
            info.problem = QStringLiteral("%1 --version did not answer within 10 seconds").arg(info.path);
        } else if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            info.problem = QStringLiteral("%1 --version failed with exit code %2")
                               .arg(info.path)
                               .arg(process.exitCode());
        } else {
            info.version = parseEngineVersion(QString::fromLocal8Bit(process.readAll()));
            if (kind == ContainerEngineKind::Docker)
                info.problem = dockerDaemonProblem(info.path);
        }
        result.append(info);
    }
    return result;
}

std::optional<ContainerEngineInfo> preferredEngine(const QList<ContainerEngineInfo> &detected,
                                                   const QList<ContainerEngineKind> &preference)
{
    for (ContainerEngineKind kind : preference) {
        for (const ContainerEngineInfo &info : detected) {
            if (info.kind == kind && info.usable())
                return info;
        }
    }
    return std::nullopt;
}

} // namespace Kiln
