#include "recipe.h"

#include "domain/condamatchspec.h"
#include "domain/imagereference.h"
#include "domain/packagelist.h"

#include <QCryptographicHash>

#include <optional>

namespace Kiln {

namespace {

using namespace Qt::StringLiterals;

const QString kContinuation = u" \\\n"_s;
const QString kStepIndent = u"    "_s;
const QString kArgIndent = u"        "_s;

// POSIX sh single quoting: everything between single quotes is literal; a single
// quote itself is written as '\'' (close, escaped quote, reopen).
QString shellQuote(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'\'';
    for (const QChar c : text) {
        if (c == u'\'')
            out += u"'\\''"_s;
        else
            out += c;
    }
    out += u'\'';
    return out;
}

std::optional<ValidationError> validateList(PackageManager manager, const QStringList &entries)
{
    const QString field = packageManagerName(manager) + u" packages"_s;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const int line = int(i + 1);
        if (entries.at(i).isEmpty())
            return ValidationError(u"The package line is empty; a list holds one package per entry."_s, 1,
                                   line, field);
        // Lists are stored trimmed; surrounding space would be passed on inside the
        // quoted argument, so it is refused rather than trimmed here.
        const QString &entry = entries.at(i);
        if (entry.front().isSpace())
            return ValidationError(
                u"The package line starts with whitespace, which would become part of the argument."_s, 1,
                line, field);
        if (entry.back().isSpace()) {
            qsizetype end = entry.size();
            while (end > 0 && entry.at(end - 1).isSpace())
                --end;
            return ValidationError(
                u"The package line ends with whitespace, which would become part of the argument."_s,
                int(end + 1), line, field);
        }
        if (auto error = validatePackageLine(manager, entry)) {
            error->line = line;
            error->field = field;
            return error;
        }
    }
    return std::nullopt;
}

bool isUserNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.' ||
           c == u'_' || c == u'-';
}

// The base image's USER: "user", "uid", "user:group" or "uid:gid" with portable names.
std::optional<ValidationError> validateBaseUser(const QString &user)
{
    const QString field = u"Base user"_s;
    bool sawColon = false;
    qsizetype partStart = 0;
    for (qsizetype i = 0; i < user.size(); ++i) {
        const QChar c = user.at(i);
        const int column = int(i + 1);
        if (c == u':') {
            if (sawColon)
                return ValidationError(u"A user can name only one group; this is a second ':'."_s, column, 0,
                                       field);
            if (i == partStart)
                return ValidationError(u"The user name before ':' is empty."_s, column, 0, field);
            sawColon = true;
            partStart = i + 1;
            continue;
        }
        if (!isUserNameChar(c))
            return ValidationError(u"A user or group may contain only letters, digits, '.', '_' and '-'."_s,
                                   column, 0, field);
    }
    if (sawColon && partStart == user.size())
        return ValidationError(u"The group after ':' is empty."_s, int(user.size() + 1), 0, field);
    return std::nullopt;
}

// Appends "RUN set -eu; \" and the commands of one step. Each command is a list of
// lines: the first is the command itself, the rest are its arguments, one per line.
void appendRun(QString &out, const QList<QStringList> &commands)
{
    out += u"RUN set -eu;"_s;
    for (qsizetype c = 0; c < commands.size(); ++c) {
        const QStringList &command = commands.at(c);
        for (qsizetype a = 0; a < command.size(); ++a) {
            out += kContinuation;
            out += (a == 0 ? kStepIndent : kArgIndent) + command.at(a);
        }
        if (c + 1 < commands.size())
            out += u';';
    }
    out += u'\n';
}

QStringList quoted(const QStringList &entries)
{
    QStringList out;
    out.reserve(entries.size());
    for (const QString &entry : entries)
        out.append(shellQuote(entry));
    return out;
}

void addLengthPrefixed(QByteArray &data, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    data += QByteArray::number(utf8.size());
    data += ':';
    data += utf8;
    data += '\n';
}

void addList(QByteArray &data, const char *tag, const QStringList &entries)
{
    data += tag;
    data += ' ';
    data += QByteArray::number(entries.size());
    data += '\n';
    for (const QString &entry : entries)
        addLengthPrefixed(data, entry);
}

bool isLowerHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
}

} // namespace

Result<Recipe> makeRecipe(const RecipeInput &input)
{
    const auto base = parseImageReference(input.baseImage);
    if (!base) {
        ValidationError error = base.error();
        error.line = 0;
        error.field = u"Base image"_s;
        return error;
    }
    if (auto error = validateList(PackageManager::Apt, input.apt))
        return *error;
    if (auto error = validateList(PackageManager::Conda, input.conda))
        return *error;
    if (auto error = validateList(PackageManager::Pip, input.pip))
        return *error;
    if (auto error = validateBaseUser(input.baseUser))
        return *error;

    Recipe recipe;
    recipe.baseImage = base->normalized();
    for (const QString &entry : input.conda) {
        const auto spec = parseCondaMatchSpec(entry);
        if (!spec) // cannot happen: validated above
            return spec.error();
        const QString &channel = spec->channel;
        if (channel.isEmpty() || channel == u"*"_s)
            continue;
        if (!recipe.condaChannels.contains(channel))
            recipe.condaChannels.append(channel);
    }

    QString &out = recipe.containerfile;
    out += u"FROM "_s + recipe.baseImage + u'\n';
    out += u"USER root\n"_s;

    if (!input.apt.isEmpty()) {
        appendRun(out, {
                           {u"export DEBIAN_FRONTEND=noninteractive"_s},
                           {u"apt-get update"_s},
                           QStringList{u"apt-get install -y --no-install-recommends"_s} + quoted(input.apt),
                           {u"rm -rf /var/lib/apt/lists/*"_s},
                       });
    }

    if (!input.conda.isEmpty()) {
        // mamba when the base image has it: decided where it runs, so the text stays
        // the same for every base and no extra container is needed to find out.
        const QString tool = u"\"$conda\""_s;
        QStringList install{tool + u" install --yes"_s};
        for (const QString &channel : std::as_const(recipe.condaChannels))
            install.append(u"-c "_s + shellQuote(channel));
        install += quoted(input.conda);
        appendRun(out, {{u"if command -v mamba >/dev/null 2>&1; then conda=mamba; else conda=conda; fi"_s},
                        install,
                        {tool + u" clean --all --yes"_s}});
    }

    if (!input.pip.isEmpty())
        appendRun(out, {QStringList{u"pip install --no-cache-dir"_s} + quoted(input.pip)});

    const QString &user = input.baseUser;
    if (!user.isEmpty() && user != u"root"_s && user != u"0"_s)
        out += u"USER "_s + user + u'\n';

    return recipe;
}

QString revisionHash(const RecipeInput &input)
{
    QByteArray data("kiln-revision-v1\n");
    data += "base ";
    addLengthPrefixed(data, input.baseImage);
    addList(data, "apt", input.apt);
    addList(data, "conda", input.conda);
    addList(data, "pip", input.pip);
    data += "pull-secret ";
    addLengthPrefixed(data, input.pullSecretRef);
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QString revisionTag(const QString &revision)
{
    return revision.left(kRevisionTagLength);
}

Result<QString> targetImage(const QString &pushPrefix, const QString &specName, const QString &revision)
{
    const QString prefixField = u"Push registry prefix"_s;
    const QString nameField = u"Spec name"_s;
    const QString revisionField = u"Revision"_s;
    if (pushPrefix.isEmpty())
        return ValidationError(u"No push registry prefix is configured."_s, 1, 0, prefixField);
    if (specName.isEmpty())
        return ValidationError(u"The spec name is empty."_s, 1, 0, nameField);
    for (qsizetype i = 0; i < revision.size() && i < kRevisionTagLength; ++i) {
        if (!isLowerHex(revision.at(i)))
            return ValidationError(u"A revision is a lowercase hexadecimal hash."_s, int(i + 1), 0,
                                   revisionField);
    }
    if (revision.size() < kRevisionTagLength)
        return ValidationError(
            u"A revision has at least %1 hexadecimal characters."_s.arg(kRevisionTagLength),
            int(revision.size() + 1), 0, revisionField);

    const QString tag = revisionTag(revision);
    const QString text = pushPrefix + u'/' + specName + u':' + tag;
    const auto parsed = parseImageReference(text);
    if (!parsed) {
        ValidationError error = parsed.error();
        const int prefixEnd = int(pushPrefix.size()) + 1;         // the '/' after the prefix
        const int nameEnd = prefixEnd + int(specName.size()) + 1; // the ':' before the tag
        if (error.column <= prefixEnd) {
            error.field = prefixField;
        } else if (error.column <= nameEnd) {
            error.field = nameField;
            error.column -= prefixEnd;
        } else {
            error.field = revisionField;
            error.column -= nameEnd;
        }
        return error;
    }
    // The prefix must not smuggle in its own tag or digest, and the reference must
    // end with exactly the spec name and the revision tag.
    if (!parsed->digest.isNull() || parsed->tag != tag ||
        !(parsed->path == specName || parsed->path.endsWith(u'/' + specName))) {
        return ValidationError(
            u"The push registry prefix must be a registry host with an optional repository path."_s, 1, 0,
            prefixField);
    }
    return text;
}

} // namespace Kiln
