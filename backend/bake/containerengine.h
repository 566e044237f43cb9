#pragma once

#include <QMetaType>

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Kiln {

enum class ContainerEngineKind
{
    Buildah,
    Podman,
    Docker
};

// "buildah", "podman", "docker"
QString containerEngineName(ContainerEngineKind kind);
std::optional<ContainerEngineKind> containerEngineFromName(QStringView name);
QList<ContainerEngineKind> allContainerEngines();
// The engines named in a preference list (Setting::EnginePreference), in order;
// the setting's rule already rejects unknown names.
QList<ContainerEngineKind> containerEnginesFromNames(const QStringList &names);

struct ContainerEngineInfo
{
    ContainerEngineKind kind = ContainerEngineKind::Buildah;
    QString path;    // absolute path of the executable, empty when not found
    QString version; // e.g. "1.28.2", empty when unknown
    QString problem; // why it cannot be used (not found, --version failed, ...), empty when usable

    bool usable() const { return !path.isEmpty() && problem.isEmpty(); }
};

// Finds each engine on PATH (or in `searchPaths` when given) and asks it for its
// version. Blocking (runs `<engine> --version` with a timeout): call it off the
// GUI thread.
QList<ContainerEngineInfo> detectContainerEngines(const QStringList &searchPaths = {});

// Parses the first version number out of `<engine> --version` output, e.g.
// "buildah version 1.28.2 (image-spec 1.0.2-dev, ...)" -> "1.28.2".
QString parseEngineVersion(QStringView output);

// The first usable engine in `preference` order, or nothing.
std::optional<ContainerEngineInfo> preferredEngine(const QList<ContainerEngineInfo> &detected,
                                                   const QList<ContainerEngineKind> &preference);

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::ContainerEngineInfo)
