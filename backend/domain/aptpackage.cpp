#include "aptpackage.h"

#include "textscan.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using namespace TextScan;

const QString kShellSyntax = u"shell syntax is not allowed in a package line"_s;

// Whitespace, control characters and everything a POSIX shell gives a meaning to.
// None of them can appear in a valid name, architecture, version or release.
std::optional<ValidationError> checkShellSyntax(QStringView line)
{
    static constexpr QStringView kMeta = u";$`|&<>()'\"\\*?[]{}!#";
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == u'\n' || c == u'\r')
            return errorAt(u"a line break is not allowed: write one package per line; "_s + kShellSyntax, i);
        if (c.isSpace())
            return errorAt(u"a space is not allowed: write one package per line; "_s + kShellSyntax, i);
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return errorAt(u"control characters are not allowed; "_s + kShellSyntax, i);
        if (kMeta.contains(c))
            return errorAt(quoteChar(c) + u" is not allowed: "_s + kShellSyntax, i);
    }
    return std::nullopt;
}

std::optional<ValidationError> checkName(QStringView name)
{
    if (name.isEmpty())
        return errorAt(u"the package name is missing"_s, 0);
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (isAsciiUpper(c))
            return errorAt(u"uppercase letters are not allowed in Debian package names"_s, i);
        if (i == 0 && !isAsciiLower(c) && !isAsciiDigit(c)) {
            if (c == u'+' || c == u'-' || c == u'.')
                return errorAt(u"a Debian package name must start with a lowercase letter or a digit"_s, i);
        }
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'+' && c != u'-' && c != u'.')
            return errorAt(quoteChar(c) +
                               u" is not allowed in a Debian package name (only lowercase letters, digits, "
                               u"'+', '-' and '.')"_s,
                           i);
    }
    if (name.size() < 2)
        return errorAt(u"package name must be at least two characters"_s, name.size());
    if (name.endsWith(u'-'))
        return errorAt(u"a package name cannot end with '-': apt-get install reads \"name-\" as "
                       u"\"remove name\""_s,
                       name.size() - 1);
    return std::nullopt;
}

// `offset` is the index of `arch` within the line.
std::optional<ValidationError> checkArch(QStringView arch, qsizetype offset)
{
    if (arch.isEmpty())
        return errorAt(u"':' must be followed by an architecture such as amd64 or arm64"_s, offset);
    for (qsizetype i = 0; i < arch.size(); ++i) {
        const QChar c = arch[i];
        if (c == u':')
            return errorAt(u"only one ':' is allowed (name:architecture)"_s, offset + i);
        if (isAsciiUpper(c))
            return errorAt(u"uppercase letters are not allowed in architecture names"_s, offset + i);
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'-')
            return errorAt(quoteChar(c) +
                               u" is not allowed in an architecture name (only lowercase letters, digits "
                               u"and '-')"_s,
                           offset + i);
        if (i == 0 && !isAsciiLower(c))
            return errorAt(u"an architecture name must start with a lowercase letter"_s, offset);
    }
    if (arch.endsWith(u'-'))
        return errorAt(u"an architecture name cannot end with '-'"_s, offset + arch.size() - 1);
    return std::nullopt;
}

std::optional<ValidationError> checkRelease(QStringView release, qsizetype offset)
{
    if (release.isEmpty())
        return errorAt(u"'/' must be followed by a release or codename such as stable or bookworm"_s, offset);
    for (qsizetype i = 0; i < release.size(); ++i) {
        const QChar c = release[i];
        if (c == u'=')
            return errorAt(u"a package line can have '=version' or '/release', not both"_s, offset + i);
        const bool alnum = isAsciiAlnum(c);
        if (i == 0 && !alnum)
            return errorAt(u"a release name must start with a letter or a digit"_s, offset);
        if (!alnum && !QStringView(u".-_~+").contains(c))
            return errorAt(quoteChar(c) +
                               u" is not allowed in a release name (only letters, digits and . - _ ~ +)"_s,
                           offset + i);
    }
    return std::nullopt;
}

} // namespace

QString AptPackage::toString() const
{
    QString out = name;
    if (!arch.isNull())
        out += u':' + arch;
    if (version)
        out += u'=' + version->toString();
    if (!release.isNull())
        out += u'/' + release;
    return out;
}

QJsonObject AptPackage::toJson() const
{
    return QJsonObject{
        {u"valid"_s, true},
        {u"name"_s, name},
        {u"arch"_s, stringOrNull(arch)},
        {u"version"_s, version ? QJsonValue(version->toJson()) : QJsonValue(QJsonValue::Null)},
        {u"release"_s, stringOrNull(release)},
    };
}

Result<AptPackage> parseAptPackage(QStringView line)
{
    if (line.isEmpty())
        return errorAt(u"an APT package line cannot be empty"_s, 0);
    if (auto e = checkShellSyntax(line))
        return *e;

    const auto findAny = [line](qsizetype from, QStringView chars) {
        for (qsizetype i = from; i < line.size(); ++i) {
            if (chars.contains(line[i]))
                return i;
        }
        return line.size();
    };

    AptPackage pkg;
    const qsizetype nameEnd = findAny(0, u":=/");
    if (auto e = checkName(line.first(nameEnd)))
        return *e;
    pkg.name = line.first(nameEnd).toString();

    qsizetype pos = nameEnd;
    if (pos < line.size() && line[pos] == u':') {
        const qsizetype archEnd = findAny(pos + 1, u"=/");
        if (auto e = checkArch(line.sliced(pos + 1, archEnd - pos - 1), pos + 1))
            return *e;
        pkg.arch = line.sliced(pos + 1, archEnd - pos - 1).toString();
        pos = archEnd;
    }

    if (pos < line.size() && line[pos] == u'=') {
        const QStringView text = line.sliced(pos + 1);
        if (text.isEmpty())
            return errorAt(u"'=' must be followed by a version"_s, line.size());
        if (const qsizetype slash = text.indexOf(u'/'); slash >= 0)
            return errorAt(u"a package line can have '=version' or '/release', not both"_s, pos + 1 + slash);
        auto version = parseDebianVersion(text);
        if (!version) {
            ValidationError e = version.error();
            e.column += int(pos) + 1;
            return e;
        }
        pkg.version = version.value();
    } else if (pos < line.size() && line[pos] == u'/') {
        const QStringView text = line.sliced(pos + 1);
        if (auto e = checkRelease(text, pos + 1))
            return *e;
        pkg.release = text.toString();
    }
    return pkg;
}

} // namespace Kiln
