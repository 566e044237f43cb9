#include "commandsupport.h"

#include "store/catalogue.h"
#include "store/cataloguelocation.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "store/secretrepository.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace Kiln::Cli {

using namespace Qt::StringLiterals;

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

QString firstDisallowedOption(const QCommandLineParser &parser, const QSet<QString> &allowed)
{
    for (const QString &option : parser.optionNames()) {
        if (!allowed.contains(option))
            return option;
    }
    return {};
}

int disallowedOption(Io io, const QString &group, const QString &action, const QString &option)
{
    io.err << "kilnctl " << group << ' ' << action << ": --" << option << " does not apply to " << action
           << '\n';
    return ExitUsage;
}

int CommandContext::fail(int code, const QString &message) const
{
    io.err << "kilnctl " << command() << ": " << message << '\n';
    return code;
}

QString formatTime(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(Qt::ISODate);
}

QString quoted(const QString &text)
{
    return u'\'' + text + u'\'';
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue orNull(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue reference(const QString &id, const QString &name)
{
    if (id.isEmpty())
        return QJsonValue();
    return QJsonObject{{u"id"_s, id}, {u"name"_s, name.isEmpty() ? id : name}};
}

QString secretName(const Catalogue &catalogue, const QString &id)
{
    if (id.isEmpty())
        return {};
    const auto secret = SecretRepository(catalogue).get(id);
    return secret ? secret->name : id;
}

QString managedImageName(const Catalogue &catalogue, const QString &id)
{
    if (id.isEmpty())
        return {};
    const auto image = ImageRepository(catalogue).get(id);
    return image ? image->name : id;
}

QString groupName(const Catalogue &catalogue, const QString &id)
{
    if (id.isEmpty())
        return {};
    const auto group = GroupRepository(catalogue).get(id);
    return group ? group->name : id;
}

} // namespace Kiln::Cli
