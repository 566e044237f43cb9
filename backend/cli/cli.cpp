#include "cli.h"

#include "bakecommand.h"
#include "buildcommand.h"
#include "contentcommand.h"
#include "enginescommand.h"
#include "groupcommand.h"
#include "imagecommand.h"
#include "jobscommand.h"
#include "registrycommand.h"
#include "secretcommand.h"
#include "settingscommand.h"
#include "speccommand.h"
#include "validatecommand.h"
#include "workercommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace Kiln::Cli {

namespace {

struct CommandEntry
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &, Io);
};

const CommandEntry kCommands[] = {
    {"validate", QT_TRANSLATE_NOOP("kilnctl", "Validate an image reference or an APT, Conda or Pip line"),
     &runValidate},
    {"settings", QT_TRANSLATE_NOOP("kilnctl", "List, read and change the catalogue's settings"),
     &runSettings},
    {"engines", QT_TRANSLATE_NOOP("kilnctl", "List the container engines and the one builds use"),
     &runEngines},
    {"spec", QT_TRANSLATE_NOOP("kilnctl", "Create, change, show, list, compare and delete image specs"),
     &runSpec},
    {"build", QT_TRANSLATE_NOOP("kilnctl", "Build a spec and push it (--wait to watch it)"), &runBuild},
    {"jobs", QT_TRANSLATE_NOOP("kilnctl", "List build jobs"), &runJobs},
    {"cancel", QT_TRANSLATE_NOOP("kilnctl", "Cancel a queued or running build job"), &runCancel},
    {"logs", QT_TRANSLATE_NOOP("kilnctl", "Print, follow or save a build job's log"), &runLogs},
    {"queue", QT_TRANSLATE_NOOP("kilnctl", "Run the bake service in the foreground"), &runQueue},
    {"catalog", QT_TRANSLATE_NOOP("kilnctl", "Show where the catalogue is and what it holds"), &runCatalog},
    {"registry", QT_TRANSLATE_NOOP("kilnctl", "Add, change, list and remove registries; set the push target"),
     &runRegistry},
    {"secret", QT_TRANSLATE_NOOP("kilnctl", "Add, rotate, list and remove registry credentials"), &runSecret},
    {"image", QT_TRANSLATE_NOOP("kilnctl", "Add, change, show, list, freeze and delete managed images"),
     &runImage},
    {"group", QT_TRANSLATE_NOOP("kilnctl", "Manage groups, grant images to them, list what a group may use"),
     &runGroup},
    {"bake", QT_TRANSLATE_NOOP("kilnctl", "Bake a bake image into an ext4 file (--wait to watch it)"),
     &runBake},
    {"scan", QT_TRANSLATE_NOOP("kilnctl", "Scan a bake image's content for vulnerabilities again"), &runScan},
    {"content", QT_TRANSLATE_NOOP("kilnctl", "Download, upload, remove and inspect a bake image's ext4 file"),
     &runContent},
    {"worker", QT_TRANSLATE_NOOP("kilnctl", "Add, list, check and remove remote kiln-worker daemons"),
     &runWorker},
    {"agroup",
     QT_TRANSLATE_NOOP("kilnctl", "Manage availability groups: which workers hold which bake images"),
     &runAvailabilityGroup},
    {"warm", QT_TRANSLATE_NOOP("kilnctl", "Warm a bake image on its groups' workers (--wait to follow)"),
     &runWarm},
    {"cache", QT_TRANSLATE_NOOP("kilnctl", "Show a bake image's status on each worker that targets it"),
     &runCache},
};

QString programName(const QStringList &arguments)
{
    return arguments.isEmpty() ? QStringLiteral("kilnctl") : arguments.first().section(u'/', -1);
}

} // namespace

int run(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("kilnctl", "Kiln from the command line."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QCoreApplication::translate("kilnctl", "The command to run (see below)."));
    // Options belong to the sub-command: stop at the command name.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);

    if (!parser.parse(arguments)) {
        io.err << programName(arguments) << ": " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        io.out << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
               << '\n';
        return ExitOk;
    }

    const QStringList positional = parser.positionalArguments();
    const auto helpText = [&] {
        QString text = parser.helpText();
        text += u'\n' + QCoreApplication::translate("kilnctl", "Commands:") + u'\n';
        for (const auto &command : kCommands) {
            text += QStringLiteral("  %1  %2\n")
                        .arg(QString::fromLatin1(command.name).leftJustified(10),
                             QCoreApplication::translate("kilnctl", command.summary));
        }
        text += u'\n' +
                QCoreApplication::translate("kilnctl", "Run 'kilnctl COMMAND --help' for its options.") +
                u'\n';
        return text;
    };
    if (parser.isSet(QStringLiteral("help")) || positional.isEmpty()) {
        if (positional.isEmpty() && !parser.isSet(QStringLiteral("help"))) {
            io.err << helpText();
            return ExitUsage;
        }
        io.out << helpText();
        return ExitOk;
    }

    const QString name = positional.first();
    for (const auto &command : kCommands) {
        if (name == QLatin1String(command.name)) {
            // The sub-command sees "kilnctl <command> <its arguments...>".
            QStringList subArguments{programName(arguments) + u' ' + name};
            subArguments += positional.mid(1);
            return command.run(subArguments, io);
        }
    }
    io.err << programName(arguments) << ": unknown command '" << name << "'\n\n" << helpText();
    return ExitUsage;
}

} // namespace Kiln::Cli
