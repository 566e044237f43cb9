#include "commandsupport.h"

#include "store/catalogue.h"
#include "store/cataloguelocation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace Kiln::Cli {

QCommandLineOption catalogOption()
{
    return QCommandLineOption(
        QStringLiteral("catalog"),
        QCoreApplication::translate("kilnctl", "The SQLite catalogue at PATH (default: %1).")
            .arg(defaultCataloguePath()),
        QStringLiteral("PATH"));
}

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"),
                              QCoreApplication::translate("kilnctl", "Print JSON instead of text."));
}

int parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, const QString &command, Io io)
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        io.err << "kilnctl " << command << ": " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        io.out << parser.helpText();
        return ExitOk;
    }
    return -1;
}

std::unique_ptr<Catalogue> openCatalogue(const QCommandLineParser &parser, const QString &command, Io io)
{
    const QString path =
        QFileInfo(parser.isSet(QStringLiteral("catalog")) ? parser.value(QStringLiteral("catalog"))
                                                          : defaultCataloguePath())
            .absoluteFilePath();
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        io.err << "kilnctl " << command << ": cannot create the folder " << QFileInfo(path).absolutePath()
               << '\n';
        return nullptr;
    }
    auto opened = Catalogue::openSqlite(path);
    if (!opened) {
        io.err << "kilnctl " << command << ": cannot open the catalogue " << path << ": "
               << opened.error().message << '\n';
        return nullptr;
    }
    return std::move(opened).value();
}

void printJson(QTextStream &out, const QJsonObject &object)
{
    out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << '\n';
}

} // namespace Kiln::Cli
