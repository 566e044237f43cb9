#include "settingscommand.h"

#include "commandsupport.h"
#include "store/catalogue.h"
#include "store/settings.h"

#include <QCoreApplication>

namespace Kiln::Cli {

int runSettings(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "Read and change the catalogue's settings (the same ones as Kiln's Settings dialog)."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("list | get KEY | set KEY VALUE | reset KEY"));
    if (const int code = parseCommandLine(parser, arguments, QStringLiteral("settings"), io); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const qsizetype expected = action == u"list"                          ? 1
                               : action == u"set"                         ? 3
                               : (action == u"get" || action == u"reset") ? 2
                                                                          : -1;
    if (expected < 0) {
        io.err << "kilnctl settings: expected list, get, set or reset\n";
        return ExitUsage;
    }
    if (positional.size() != expected) {
        io.err << "kilnctl settings " << action << ": expected " << expected - 1 << " argument(s)\n";
        return ExitUsage;
    }
    if (action != u"list" && !findSetting(positional.at(1))) {
        io.err << "kilnctl settings: there is no setting called '" << positional.at(1)
               << "'; see 'kilnctl settings list'\n";
        return ExitUsage;
    }

    const auto catalogue = openCatalogue(parser, QStringLiteral("settings"), io);
    if (!catalogue)
        return ExitUsage;
    const Settings settings(*catalogue);
    const bool json = parser.isSet(QStringLiteral("json"));

    if (action == u"set" || action == u"reset") {
        const auto done = action == u"set" ? settings.setTexts({{positional.at(1), positional.at(2)}})
                                           : settings.reset(positional.at(1));
        if (!done) {
            io.err << "kilnctl settings " << action << ": " << done.error().message << '\n';
            return ExitInvalid;
        }
    }

    const auto texts = settings.texts();
    if (!texts) {
        io.err << "kilnctl settings: " << texts.error().message << '\n';
        return ExitInvalid;
    }
    if (action == u"list") {
        if (json) {
            QJsonObject object;
            for (auto it = texts.value().begin(); it != texts.value().end(); ++it)
                object.insert(it.key(), it.value());
            printJson(io.out, object);
        } else {
            for (const SettingInfo &info : allSettings())
                io.out << info.key << '=' << texts.value().value(info.key) << "    # " << info.description
                       << '\n';
        }
        return ExitOk;
    }
    const QString &key = positional.at(1);
    if (json)
        printJson(io.out, QJsonObject{{key, texts.value().value(key)}});
    else
        io.out << texts.value().value(key) << '\n';
    return ExitOk;
}

} // namespace Kiln::Cli
