#include "enginescommand.h"

#include "bake/containerengine.h"
#include "commandsupport.h"
#include "store/catalogue.h"
#include "store/cataloguesummary.h"
#include "store/settings.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Kiln::Cli {

int runEngines(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "List the container engines on this machine in order of preference."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    if (const int code = parseCommandLine(parser, arguments, QStringLiteral("engines"), io); code >= 0)
        return code;
    if (!parser.positionalArguments().isEmpty()) {
        io.err << "kilnctl engines: takes no arguments\n";
        return ExitUsage;
    }
    const auto catalogue = openCatalogue(parser, QStringLiteral("engines"), io);
    if (!catalogue)
        return ExitUsage;

    const QList<ContainerEngineKind> preference =
        containerEnginesFromNames(Settings(*catalogue).value(Setting::EnginePreference));
    const QList<ContainerEngineInfo> detected = detectContainerEngines();
    const auto chosen = preferredEngine(detected, preference);

    QList<ContainerEngineInfo> ordered;
    for (ContainerEngineKind kind : preference) {
        for (const ContainerEngineInfo &info : detected) {
            if (info.kind == kind)
                ordered.append(info);
        }
    }
    for (const ContainerEngineInfo &info : detected) {
        if (!preference.contains(info.kind))
            ordered.append(info);
    }

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray engines;
        for (const ContainerEngineInfo &info : ordered) {
            engines.append(QJsonObject{
                {QStringLiteral("name"), containerEngineName(info.kind)},
                {QStringLiteral("path"), info.path.isEmpty() ? QJsonValue() : QJsonValue(info.path)},
                {QStringLiteral("version"), info.version.isEmpty() ? QJsonValue() : QJsonValue(info.version)},
                {QStringLiteral("usable"), info.usable()},
                {QStringLiteral("problem"), info.problem.isEmpty() ? QJsonValue() : QJsonValue(info.problem)},
            });
        }
        printJson(io.out,
                  QJsonObject{{QStringLiteral("engines"), engines},
                              {QStringLiteral("selected"),
                               chosen ? QJsonValue(containerEngineName(chosen->kind)) : QJsonValue()}});
    } else {
        for (const ContainerEngineInfo &info : ordered) {
            const bool selected = chosen && chosen->kind == info.kind;
            io.out << (selected ? "* " : "  ") << containerEngineName(info.kind).leftJustified(8) << ' '
                   << (info.usable() ? info.version + u"  " + info.path : info.problem) << '\n';
        }
        if (!chosen)
            io.out << "No usable container engine: install buildah, podman or docker.\n";
    }
    return chosen ? ExitOk : ExitInvalid;
}

int runCatalog(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("kilnctl", "Show where the catalogue is and what it holds."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("info"));
    if (const int code = parseCommandLine(parser, arguments, QStringLiteral("catalog"), io); code >= 0)
        return code;
    if (parser.positionalArguments() != QStringList{QStringLiteral("info")}) {
        io.err << "kilnctl catalog: expected 'info'\n";
        return ExitUsage;
    }
    const auto catalogue = openCatalogue(parser, QStringLiteral("catalog"), io);
    if (!catalogue)
        return ExitUsage;
    const auto counts = countRecords(*catalogue);
    if (!counts) {
        io.err << "kilnctl catalog info: " << counts.error().message << '\n';
        return ExitInvalid;
    }
    const CatalogueCounts &c = counts.value();
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(io.out, QJsonObject{
                              {QStringLiteral("location"), catalogue->describe()},
                              {QStringLiteral("schemaVersion"), catalogue->schemaVersion()},
                              {QStringLiteral("specs"), c.specs},
                              {QStringLiteral("jobs"), c.jobs},
                              {QStringLiteral("images"), c.images},
                              {QStringLiteral("bakeImages"), c.bakeImages},
                              {QStringLiteral("groups"), c.groups},
                              {QStringLiteral("registries"), c.registries},
                              {QStringLiteral("workers"), c.workers},
                          });
    } else {
        io.out << "location:       " << catalogue->describe() << '\n'
               << "schema version: " << catalogue->schemaVersion() << '\n'
               << "specs: " << c.specs << "  jobs: " << c.jobs << "  images: " << c.images
               << "  bake images: " << c.bakeImages << "  groups: " << c.groups
               << "  registries: " << c.registries << "  workers: " << c.workers << '\n';
    }
    return ExitOk;
}

} // namespace Kiln::Cli
