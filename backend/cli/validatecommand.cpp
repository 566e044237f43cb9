#include "validatecommand.h"

#include "commandsupport.h"

#include "domain/aptpackage.h"
#include "domain/condamatchspec.h"
#include "domain/imagereference.h"
#include "domain/packagelist.h"
#include "domain/piprequirement.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace Kiln::Cli {

namespace {

QJsonObject invalid(const ValidationError &error)
{
    return QJsonObject{
        {QStringLiteral("valid"), false},
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("message"), error.message}, {QStringLiteral("column"), error.column}}},
    };
}

template <typename T, typename E>
QJsonObject toJsonResult(const Result<T, E> &result)
{
    if (!result)
        return invalid(result.error());
    QJsonObject object = result.value().toJson();
    object.insert(QStringLiteral("valid"), true);
    return object;
}

} // namespace

std::optional<ValidateKind> validateKindFromName(QStringView name)
{
    if (name == u"image-ref")
        return ValidateKind::ImageRef;
    if (name == u"apt")
        return ValidateKind::Apt;
    if (name == u"conda")
        return ValidateKind::Conda;
    if (name == u"pip")
        return ValidateKind::Pip;
    return std::nullopt;
}

QJsonObject validateLineToJson(ValidateKind kind, QStringView line)
{
    switch (kind) {
    case ValidateKind::ImageRef:
        return toJsonResult(parseImageReference(line));
    case ValidateKind::Apt:
        return toJsonResult(parseAptPackage(line));
    case ValidateKind::Conda:
        return toJsonResult(parseCondaMatchSpec(line));
    case ValidateKind::Pip:
        return toJsonResult(parsePipRequirement(line));
    }
    return {};
}

int runValidate(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "Validate an image reference or a package line. Prints one JSON object per line and exits "
                   "0 when everything is valid, 1 when something is not."));
    parser.addHelpOption();
    const QCommandLineOption fileOption(
        QStringLiteral("file"),
        QCoreApplication::translate("kilnctl", "Validate every line of PATH (\"-\" for standard input)."),
        QStringLiteral("PATH"));
    parser.addOption(fileOption);
    parser.addPositionalArgument(QStringLiteral("kind"), QStringLiteral("image-ref | apt | conda | pip"));
    parser.addPositionalArgument(QStringLiteral("line"),
                                 QCoreApplication::translate("kilnctl", "The line to validate."),
                                 QStringLiteral("[line]"));

    if (!parser.parse(arguments)) {
        io.err << "kilnctl validate: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        io.out << parser.helpText();
        return ExitOk;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        io.err << "kilnctl validate: missing the kind (image-ref, apt, conda or pip)\n";
        return ExitUsage;
    }
    const auto kind = validateKindFromName(positional.first());
    if (!kind) {
        io.err << "kilnctl validate: unknown kind '" << positional.first()
               << "' (expected image-ref, apt, conda or pip)\n";
        return ExitUsage;
    }

    if (!parser.isSet(fileOption)) {
        if (positional.size() != 2) {
            io.err << "kilnctl validate: expected exactly one LINE, or --file PATH\n";
            return ExitUsage;
        }
        const QJsonObject result = validateLineToJson(*kind, positional.at(1));
        printJson(io.out, result);
        return result.value(QStringLiteral("valid")).toBool() ? ExitOk : ExitInvalid;
    }

    if (positional.size() != 1) {
        io.err << "kilnctl validate: give either a LINE or --file, not both\n";
        return ExitUsage;
    }
    const QString path = parser.value(fileOption);
    QString text;
    if (path == u"-") {
        if (!io.in) {
            io.err << "kilnctl validate: standard input is not available\n";
            return ExitUsage;
        }
        text = io.in->readAll();
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            io.err << "kilnctl validate: cannot read " << path << ": " << file.errorString() << '\n';
            return ExitUsage;
        }
        text = QString::fromUtf8(file.readAll());
    }

    // One JSON object per non-blank line, each naming its line number, so that
    // every line of the file is accounted for.
    bool allValid = true;
    for (const ListLine &line : splitListLines(text)) {
        QJsonObject result = validateLineToJson(*kind, line.text);
        if (line.offset > 0 && result.contains(u"error")) {
            QJsonObject error = result.value(u"error").toObject();
            error.insert(QStringLiteral("column"), error.value(u"column").toInt() + line.offset);
            result.insert(QStringLiteral("error"), error);
        }
        result.insert(QStringLiteral("line"), line.line);
        allValid = allValid && result.value(QStringLiteral("valid")).toBool();
        printJson(io.out, result);
    }
    return allValid ? ExitOk : ExitInvalid;
}

} // namespace Kiln::Cli
