#include "packagepaste.h"

#include "textscan.h"

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t';
}

// The physical lines of `text`, without the line break and a '\r' before it.
QList<QStringView> physicalLines(QStringView text)
{
    QList<QStringView> out;
    for (QStringView raw : text.split(u'\n')) {
        if (raw.endsWith(u'\r'))
            raw.chop(1);
        out.append(raw);
    }
    return out;
}

// Removes a comment ('#' at the start or after a blank, outside quotes when
// `quotes`) from `line`. Returns whether one was removed.
bool stripComment(QStringView &line, bool quotes)
{
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (quotes && (c == u'\'' || c == u'"') && (i == 0 || isBlank(line[i - 1]) || line[i - 1] == u'-')) {
            quote = c;
            continue;
        }
        if (c == u'#' && (i == 0 || isBlank(line[i - 1]))) {
            line = line.first(i);
            return true;
        }
    }
    return false;
}

// Logical lines: comments removed, lines ending with '\' joined with the next.
QStringList logicalLines(QStringView text, int &ignoredComments)
{
    QStringList out;
    QString pending;
    bool continuing = false;
    for (QStringView line : physicalLines(text)) {
        const bool comment = stripComment(line, false);
        if (comment)
            ++ignoredComments;
        QStringView body = line;
        while (!body.isEmpty() && isBlank(body.back()))
            body.chop(1);
        if (!comment && body.endsWith(u'\\')) {
            body.chop(1);
            pending += body;
            continuing = true;
            continue;
        }
        pending += line;
        out.append(pending);
        pending.clear();
        continuing = false;
    }
    if (continuing)
        out.append(pending);
    return out;
}

// ---- Conda: environment.yml ------------------------------------------------------

int indentOf(QStringView line)
{
    int n = 0;
    while (n < line.size() && isBlank(line[n]))
        ++n;
    return n;
}

// "key: value" or "key:" (a YAML mapping entry with a plain key). A conda channel
// ("conda-forge::numpy") or URL never matches: the ':' must be followed by a blank or
// the end.
bool splitKey(QStringView body, QStringView &key, QStringView &value)
{
    qsizetype i = 0;
    while (i < body.size() &&
           (TextScan::isAsciiAlnum(body[i]) || body[i] == u'_' || body[i] == u'-' || body[i] == u'.'))
        ++i;
    if (i == 0 || i >= body.size() || (!TextScan::isAsciiLetter(body[0]) && body[0] != u'_'))
        return false;
    qsizetype colon = i;
    while (colon < body.size() && isBlank(body[colon]))
        ++colon;
    if (colon >= body.size() || body[colon] != u':')
        return false;
    if (colon + 1 < body.size() && !isBlank(body[colon + 1]))
        return false;
    key = body.first(i);
    value = body.sliced(colon + 1).trimmed();
    return true;
}

QString unquote(QStringView value)
{
    if (value.size() >= 2 && value.front() == value.back()) {
        if (value.front() == u'\'')
            return value.sliced(1, value.size() - 2).toString().replace(u"''"_s, u"'"_s);
        if (value.front() == u'"')
            return value.sliced(1, value.size() - 2).toString().replace(u"\\\""_s, u"\""_s);
    }
    return value.toString();
}

// The items of a YAML flow sequence "[a, 'b', c[version='>=1,<2']]", split at commas
// outside quotes and brackets. Returns false when `value` is not one.
bool flowItems(QStringView value, QStringList &out)
{
    if (!value.startsWith(u'[') || !value.endsWith(u']'))
        return false;
    const QStringView inner = value.sliced(1, value.size() - 2);
    int depth = 0;
    QChar quote;
    qsizetype start = 0;
    const auto take = [&](qsizetype end) {
        const QStringView item = inner.sliced(start, end - start).trimmed();
        if (!item.isEmpty())
            out.append(unquote(item));
        start = end + 1;
    };
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const QChar c = inner[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'[') {
            ++depth;
        } else if (c == u']') {
            --depth;
        } else if (c == u',' && depth == 0) {
            take(i);
        }
    }
    take(inner.size());
    return true;
}

PastedPackages splitConda(QStringView text)
{
    enum class Section
    {
        None,
        Dependencies,
        Channels,
        Other
    };
    PastedPackages out;
    Section section = Section::None;
    int sectionIndent = 0;
    int pipIndent = -1; // indent of the "- pip:" item while inside its sub-list

    for (QStringView line : physicalLines(text)) {
        if (stripComment(line, true))
            ++out.ignoredComments;
        const QStringView body = line.trimmed();
        if (body.isEmpty())
            continue;
        const int indent = indentOf(line);
        const bool item = body == u"-" || body.startsWith(u"- ") || body.startsWith(u"-\t");
        const QStringView itemText = item ? body.sliced(1).trimmed() : QStringView();

        if (pipIndent >= 0) {
            if (item && indent > pipIndent) {
                out.pipPackages.append(unquote(itemText));
                continue;
            }
            pipIndent = -1;
        }

        QStringView key, value;
        if (!item && splitKey(body, key, value)) {
            if (section == Section::Other && indent > sectionIndent) {
                out.ignored.append(body.toString()); // e.g. a variable under "variables:"
                continue;
            }
            sectionIndent = indent;
            if (key == u"dependencies") {
                section = Section::Dependencies;
                if (!value.isEmpty() && !flowItems(value, out.packages))
                    out.packages.append(unquote(value));
            } else if (key == u"channels") {
                section = Section::Channels;
                if (!value.isEmpty() && !flowItems(value, out.channels))
                    out.channels.append(unquote(value));
            } else {
                section = Section::Other;
                out.ignored.append(body.toString());
            }
            continue;
        }

        if (item && (section == Section::None || section == Section::Dependencies)) {
            QStringView pipKey, pipValue;
            if (splitKey(itemText, pipKey, pipValue) && pipKey == u"pip") {
                if (pipValue.isEmpty())
                    pipIndent = indent;
                else if (!flowItems(pipValue, out.pipPackages))
                    out.pipPackages.append(unquote(pipValue));
                continue;
            }
            if (itemText.isEmpty())
                out.ignored.append(body.toString()); // a lone "-": an empty item
            else
                out.packages.append(unquote(itemText));
            continue;
        }
        if (section == Section::Channels && item) {
            out.channels.append(unquote(itemText));
            continue;
        }
        if (section == Section::Other && (item || indent > sectionIndent)) {
            out.ignored.append(body.toString());
            continue;
        }
        // A plain line: one entry, as splitListLines() does.
        out.packages.append(body.toString());
    }
    return out;
}

// ---- APT: words and apt commands -------------------------------------------------

bool isSeparator(QStringView word)
{
    return word == u"&&" || word == u"||" || word == u";" || word == u"|";
}

bool isAssignment(QStringView word)
{
    const qsizetype eq = word.indexOf(u'=');
    if (eq <= 0 || !(TextScan::isAsciiUpper(word[0]) || word[0] == u'_'))
        return false;
    for (QChar c : word.first(eq)) {
        if (!TextScan::isAsciiUpper(c) && !TextScan::isAsciiDigit(c) && c != u'_')
            return false;
    }
    return true;
}

bool isAptTool(QStringView word)
{
    const QStringView base = word.sliced(word.lastIndexOf(u'/') + 1);
    return base == u"apt-get" || base == u"apt" || base == u"aptitude";
}

bool isAptSubcommand(QStringView word)
{
    static const QStringList known{u"install"_s,      u"update"_s,    u"upgrade"_s,  u"dist-upgrade"_s,
                                   u"full-upgrade"_s, u"remove"_s,    u"purge"_s,    u"autoremove"_s,
                                   u"clean"_s,        u"autoclean"_s, u"reinstall"_s};
    return known.contains(word);
}

// Options of apt-get/apt/aptitude that take the next word as their value.
bool takesValue(QStringView option)
{
    static const QStringList withValue{u"-o"_s,
                                       u"-c"_s,
                                       u"-t"_s,
                                       u"-a"_s,
                                       u"--option"_s,
                                       u"--config-file"_s,
                                       u"--target-release"_s,
                                       u"--default-release"_s,
                                       u"--host-architecture"_s};
    return withValue.contains(option);
}

// The words of one command: where its apt tool and subcommand are, or -1.
struct AptCommand
{
    qsizetype subcommand = -1;
};

AptCommand findAptCommand(const QList<QStringView> &words, bool first)
{
    qsizetype i = 0;
    if (first && i < words.size() && words[i] == u"RUN")
        ++i;
    if (i < words.size() && words[i] == u"sudo") {
        ++i;
        while (i < words.size() && words[i].startsWith(u'-'))
            ++i;
    }
    while (i < words.size() && isAssignment(words[i]))
        ++i;
    if (i >= words.size() || !isAptTool(words[i]))
        return {};
    for (++i; i < words.size(); ++i) {
        if (!words[i].startsWith(u'-'))
            return {isAptSubcommand(words[i]) ? i : -1};
        if (takesValue(words[i]))
            ++i;
    }
    return {};
}

QString joined(const QList<QStringView> &words)
{
    QString out;
    for (QStringView word : words) {
        if (!out.isEmpty())
            out += u' ';
        out += word;
    }
    return out;
}

void splitAptLine(QStringView line, PastedPackages &out)
{
    QList<QStringView> words;
    for (QStringView word : line.split(u' ', Qt::SkipEmptyParts)) {
        for (QStringView part : word.split(u'\t', Qt::SkipEmptyParts))
            words.append(part);
    }

    // Commands, split at separators (also a ';' glued to the end of a word).
    QList<QList<QStringView>> commands(1);
    for (QStringView word : words) {
        if (isSeparator(word)) {
            commands.emplaceBack();
            continue;
        }
        if (word.endsWith(u';') && word.size() > 1) {
            commands.back().append(word.chopped(1));
            commands.emplaceBack();
            continue;
        }
        commands.back().append(word);
    }

    bool anyApt = false;
    QList<AptCommand> found;
    for (qsizetype c = 0; c < commands.size(); ++c) {
        found.append(findAptCommand(commands[c], c == 0));
        anyApt = anyApt || found.back().subcommand >= 0;
    }
    if (!anyApt) {
        for (QStringView word : words)
            out.packages.append(word.toString());
        return;
    }

    for (qsizetype c = 0; c < commands.size(); ++c) {
        const QList<QStringView> &command = commands[c];
        if (command.isEmpty())
            continue;
        const qsizetype sub = found[c].subcommand;
        if (sub < 0 || command[sub] != u"install") {
            out.ignored.append(joined(command));
            continue;
        }
        QList<QStringView> notPackages = command.first(sub + 1);
        for (qsizetype i = sub + 1; i < command.size(); ++i) {
            if (command[i].startsWith(u'-')) {
                notPackages.append(command[i]);
                if (takesValue(command[i]) && i + 1 < command.size())
                    notPackages.append(command[++i]);
            } else {
                out.packages.append(command[i].toString());
            }
        }
        out.ignored.append(joined(notPackages));
    }
}

} // namespace

PastedPackages splitPastedPackages(PackageManager manager, QStringView text)
{
    switch (manager) {
    case PackageManager::Conda:
        return splitConda(text);
    case PackageManager::Pip: {
        PastedPackages out;
        for (const QString &line : logicalLines(text, out.ignoredComments)) {
            const QString trimmed = line.trimmed();
            if (!trimmed.isEmpty())
                out.packages.append(trimmed);
        }
        return out;
    }
    case PackageManager::Apt: {
        PastedPackages out;
        for (const QString &line : logicalLines(text, out.ignoredComments))
            splitAptLine(line, out);
        return out;
    }
    }
    return {};
}

} // namespace Kiln
