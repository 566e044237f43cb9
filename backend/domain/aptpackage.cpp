#include "aptpackage.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

const QString kShellSyntax = u"shell syntax is not allowed in a package line"_s;

bool isLower(QChar c)
{
    return c >= u'a' && c <= u'z';
}

bool isUpper(QChar c)
{
    return c >= u'A' && c <= u'Z';
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

QString quoteChar(QChar c)
{
    if (c.unicode() > 0x20 && c.unicode() < 0x7f)
        return u"'"_s + c + u"'"_s;
    return u"U+"_s + QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
}

ValidationError error(const QString &message, qsizetype index)
{
    return ValidationError{message, int(index) + 1, 0, {}};
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

// Whitespace, control characters and everything a POSIX shell gives a meaning to.
// None of them can appear in a valid name, architecture, version or release.
std::optional<ValidationError> checkShellSyntax(QStringView line)
{
    static constexpr QStringView kMeta = u";$`|&<>()'\"\\*?[]{}!#";
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == u'\n' || c == u'\r')
            return error(u"a line break is not allowed: write one package per line; "_s + kShellSyntax, i);
        if (c.isSpace())
            return error(u"a space is not allowed: write one package per line; "_s + kShellSyntax, i);
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return error(u"control characters are not allowed; "_s + kShellSyntax, i);
        if (kMeta.contains(c))
            return error(quoteChar(c) + u" is not allowed: "_s + kShellSyntax, i);
    }
    return std::nullopt;
}

std::optional<ValidationError> checkName(QStringView name)
{
    if (name.isEmpty())
        return error(u"the package name is missing"_s, 0);
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (isUpper(c))
            return error(u"uppercase letters are not allowed in Debian package names"_s, i);
        if (i == 0 && !isLower(c) && !isDigit(c)) {
            if (c == u'+' || c == u'-' || c == u'.')
                return error(u"a Debian package name must start with a lowercase letter or a digit"_s, i);
        }
        if (!isLower(c) && !isDigit(c) && c != u'+' && c != u'-' && c != u'.')
            return error(quoteChar(c) +
                             u" is not allowed in a Debian package name (only lowercase letters, digits, "
                             u"'+', '-' and '.')"_s,
                         i);
    }
    if (name.size() < 2)
        return error(u"package name must be at least two characters"_s, name.size());
    if (name.endsWith(u'-'))
        return error(u"a package name cannot end with '-': apt-get install reads \"name-\" as "
                     u"\"remove name\""_s,
                     name.size() - 1);
    return std::nullopt;
}

// `offset` is the index of `arch` within the line.
std::optional<ValidationError> checkArch(QStringView arch, qsizetype offset)
{
    if (arch.isEmpty())
        return error(u"':' must be followed by an architecture such as amd64 or arm64"_s, offset);
    for (qsizetype i = 0; i < arch.size(); ++i) {
        const QChar c = arch[i];
        if (c == u':')
            return error(u"only one ':' is allowed (name:architecture)"_s, offset + i);
        if (isUpper(c))
            return error(u"uppercase letters are not allowed in architecture names"_s, offset + i);
        if (!isLower(c) && !isDigit(c) && c != u'-')
            return error(quoteChar(c) +
                             u" is not allowed in an architecture name (only lowercase letters, digits "
                             u"and '-')"_s,
                         offset + i);
        if (i == 0 && !isLower(c))
            return error(u"an architecture name must start with a lowercase letter"_s, offset);
    }
    if (arch.endsWith(u'-'))
        return error(u"an architecture name cannot end with '-'"_s, offset + arch.size() - 1);
    return std::nullopt;
}

std::optional<ValidationError> checkRelease(QStringView release, qsizetype offset)
{
    if (release.isEmpty())
        return error(u"'/' must be followed by a release or codename such as stable or bookworm"_s, offset);
    for (qsizetype i = 0; i < release.size(); ++i) {
        const QChar c = release[i];
        if (c == u'=')
            return error(u"a package line can have '=version' or '/release', not both"_s, offset + i);
        const bool alnum = isLower(c) || isUpper(c) || isDigit(c);
        if (i == 0 && !alnum)
            return error(u"a release name must start with a letter or a digit"_s, offset);
        if (!alnum && !QStringView(u".-_~+").contains(c))
            return error(quoteChar(c) +
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
        return error(u"an APT package line cannot be empty"_s, 0);
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
            return error(u"'=' must be followed by a version"_s, line.size());
        if (const qsizetype slash = text.indexOf(u'/'); slash >= 0)
            return error(u"a package line can have '=version' or '/release', not both"_s, pos + 1 + slash);
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
