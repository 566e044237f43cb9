#include "condamatchspec.h"

#include "condaversionspec.h"
#include "textscan.h"

#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <iterator>
#include <optional>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using namespace TextScan;

// conda's KNOWN_SUBDIRS (conda/base/constants.py) plus the platforms added since.
constexpr QStringView kKnownSubdirs[] = {
    u"noarch",        u"linux-32",      u"linux-64",          u"linux-aarch64",
    u"linux-armv6l",  u"linux-armv7l",  u"linux-loong64",     u"linux-ppc64",
    u"linux-ppc64le", u"linux-riscv32", u"linux-riscv64",     u"linux-s390x",
    u"freebsd-64",    u"osx-64",        u"osx-arm64",         u"win-32",
    u"win-64",        u"win-arm64",     u"emscripten-wasm32", u"wasi-wasm32",
    u"zos-z",
};

// The bracket keys conda accepts (MatchSpec.FIELD_NAMES without "name"), in the order
// of conda's canonical string.
constexpr QStringView kOtherKeys[] = {
    u"build_number", u"track_features", u"features",       u"url", u"md5",
    u"sha256",       u"license",        u"license_family", u"fn",
};

bool isKnownSubdir(QStringView s)
{
    return std::find(std::begin(kKnownSubdirs), std::end(kKnownSubdirs), s) != std::end(kKnownSubdirs);
}

// The characters of conda's build strings.
bool isBuildChar(QChar c)
{
    return isAsciiAlnum(c) || QStringView(u"_.+*").contains(c);
}

// Double-quotes a bracket value unless it is made only of characters that need no
// quoting in a MatchSpec.
QString bracketValue(const QString &value)
{
    for (QChar c : value) {
        if (!isAsciiAlnum(c) && !QStringView(u"_.+*/:%~-").contains(c))
            return u'"' + value + u'"';
    }
    return value;
}

struct Parsed
{
    CondaMatchSpec spec;
    qsizetype channelKey = -1; // index of the bracket key that set each part, -1 if none
    qsizetype subdirKey = -1;
    qsizetype versionKey = -1;
    qsizetype buildKey = -1;
    bool positionalChannel = false;
    bool positionalSubdir = false;
    bool positionalVersion = false;
    bool positionalBuild = false;
};

class Parser : public TextScan::Scanner
{
public:
    explicit Parser(QStringView line)
        : Scanner(line)
    {}

    bool parse(Parsed &out);

private:
    bool checkCharacters();
    bool parseLegacyFeature(Parsed &out);
    bool parsePositional(qsizetype end, Parsed &out);
    bool parseChannel(qsizetype begin, qsizetype end, QString &channel, QString &subdir);
    bool parseName(qsizetype begin, qsizetype end, bool afterChannel);
    bool parseVersionBuild(qsizetype pos, qsizetype end, Parsed &out);
    bool parseBrackets(qsizetype open, Parsed &out);
    bool parseValue(QStringView key, qsizetype keyIndex, qsizetype begin, qsizetype end, Parsed &out);
};

bool Parser::checkCharacters()
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == u'\n' || c == u'\r')
            return fail(u"a line break is not allowed: write one package per line"_s, i);
        if (c == u'\t')
            return fail(u"a tab is not allowed; separate name, version and build with spaces"_s, i);
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return fail(u"control characters are not allowed in a package line"_s, i);
        if (c.unicode() > 0x7e)
            return fail(quoteCharOrSpace(c) + u" is not allowed: a conda package line is plain ASCII"_s, i);
        if (QStringView(u";&$`\\?{}").contains(c))
            return fail(
                quoteCharOrSpace(c) + u" is not allowed: shell syntax is not allowed in a package line"_s, i);
        if (c == u'#')
            return fail(u"'#' starts a comment, which conda would silently drop; comments are not allowed in "
                        u"a package line"_s,
                        i);
        if (c == u'^')
            return fail(u"regular expressions (^...$) are not supported; use '*' wildcards"_s, i);
        if (c == u'@' && i != s.size() - 1)
            return fail(u"'@' is not allowed in a conda package line"_s, i);
    }
    return true;
}

// The legacy "feature@" form: a spec for any package that tracks `feature`.
bool Parser::parseLegacyFeature(Parsed &out)
{
    const qsizetype end = s.size() - 1;
    if (end == 0)
        return fail(u"a feature name is missing before '@'"_s, 0);
    for (qsizetype i = 0; i < end; ++i) {
        if (!isAsciiAlnum(s[i]) && !QStringView(u"_.+-").contains(s[i]))
            return fail(
                quoteCharOrSpace(s[i]) +
                    u" is not allowed in a feature name (only letters, digits, '_', '.', '+' and '-')"_s,
                i);
    }
    out.spec.name = u"*"_s;
    out.spec.keys.insert(u"track_features"_s, s.first(end).toString());
    return true;
}

bool Parser::parse(Parsed &out)
{
    if (s.trimmed().isEmpty())
        return fail(u"a conda package line cannot be empty"_s, 0);
    if (!checkCharacters())
        return false;
    if (s.endsWith(u'@'))
        return parseLegacyFeature(out);

    const qsizetype open = s.indexOf(u'[');
    if (!parsePositional(open >= 0 ? open : s.size(), out))
        return false;
    if (open >= 0 && !parseBrackets(open, out))
        return false;

    const auto conflict = [this](const QString &what, qsizetype keyIndex) {
        return fail(what + u" is given both before and inside the brackets; conda would silently use the "
                           u"bracket value, so give it only once"_s,
                    keyIndex);
    };
    if (out.positionalChannel && out.channelKey >= 0)
        return conflict(u"the channel"_s, out.channelKey);
    if (out.positionalSubdir && out.subdirKey >= 0)
        return conflict(u"the subdir"_s, out.subdirKey);
    if (out.positionalVersion && out.versionKey >= 0)
        return conflict(u"the version"_s, out.versionKey);
    if (out.positionalBuild && out.buildKey >= 0)
        return conflict(u"the build string"_s, out.buildKey);
    return true;
}

bool Parser::parsePositional(qsizetype pEnd, Parsed &out)
{
    for (qsizetype i = 0; i < pEnd; ++i) {
        if (s[i] == u'\'' || s[i] == u'"')
            return fail(u"quotes are only allowed around values inside [...]"_s, i);
        if (s[i] == u']')
            return fail(u"']' without a matching '['"_s, i);
    }
    qsizetype end = pEnd;
    while (end > 0 && s[end - 1] == u' ')
        --end;
    if (end == 0 && pEnd < s.size())
        return fail(u"the package name is missing before '['"_s, 0);
    if (s[0] == u' ')
        return fail(u"a package line cannot start with a space"_s, 0);

    if (s.trimmed().endsWith(u".conda") || s.trimmed().endsWith(u".tar.bz2"))
        return fail(u"package files are not supported: conda would install that file or URL directly; write "
                    u"channel::name==version=build"_s,
                    0);

    qsizetype nameStart = 0;
    const qsizetype lastColon = s.first(end).lastIndexOf(u':');
    if (lastColon >= 0) {
        if (lastColon > 0 && s[lastColon - 1] == u':') {
            if (lastColon == 1)
                return fail(u"the channel before '::' is empty"_s, 0);
            if (!parseChannel(0, lastColon - 1, out.spec.channel, out.spec.subdir))
                return false;
            out.positionalChannel = true;
            out.positionalSubdir = !out.spec.subdir.isNull();
            nameStart = lastColon + 1;
        } else {
            if (s.sliced(lastColon).startsWith(u"://"))
                return fail(u"a URL is only allowed as a channel, followed by '::' and the package name"_s,
                            lastColon);
            const qsizetype prev = s.first(lastColon).lastIndexOf(u':');
            const QStringView ns = prev >= 0 ? s.sliced(prev + 1, lastColon - prev - 1) : QStringView();
            if (!ns.isEmpty() && !ns.contains(u'/'))
                return fail(u"namespaces (channel:namespace:name) are not supported: conda would ignore '"_s +
                                ns + u"'; write channel::name"_s,
                            prev + 1);
            return fail(u"a single ':' is not allowed; write '::' between the channel and the package name"_s,
                        lastColon);
        }
    }

    qsizetype nameEnd = nameStart;
    while (nameEnd < end && !QStringView(u" =<>!~").contains(s[nameEnd]))
        ++nameEnd;
    if (!parseName(nameStart, nameEnd, nameStart > 0))
        return false;
    out.spec.name = s.sliced(nameStart, nameEnd - nameStart).toString();
    if (nameEnd < end)
        return parseVersionBuild(nameEnd, end, out);
    return true;
}

bool Parser::parseChannel(qsizetype begin, qsizetype end, QString &channel, QString &subdir)
{
    const QStringView text = s.sliced(begin, end - begin);
    if (text == u"*") {
        channel = u"*"_s;
        return true;
    }
    if (text.startsWith(u"*/")) {
        if (!isKnownSubdir(text.sliced(2)))
            return fail(u"'*/' must be followed by a known subdir such as linux-64 or noarch"_s, begin + 2);
        channel = u"*"_s;
        subdir = text.sliced(2).toString();
        return true;
    }

    qsizetype pathStart = 0; // the last '/' at or after this index may introduce a subdir
    if (const qsizetype scheme = text.indexOf(u"://"); scheme >= 0) {
        const QStringView name = text.first(scheme);
        if (name != u"http" && name != u"https" && name != u"ftp" && name != u"s3" && name != u"file")
            return fail(u"a channel URL must start with http://, https://, ftp://, s3:// or file://"_s,
                        begin);
        for (qsizetype i = scheme + 3; i < text.size(); ++i) {
            if (!isAsciiAlnum(text[i]) && !QStringView(u"._~:/%+=-").contains(text[i]))
                return fail(quoteCharOrSpace(text[i]) + u" is not allowed in a URL"_s, begin + i);
        }
        const qsizetype host = scheme + 3;
        if (name == u"file") {
            if (host + 1 >= text.size() || text[host] != u'/')
                return fail(u"a file:// URL needs an absolute path such as file:///opt/channel"_s,
                            begin + host);
            pathStart = host + 1;
        } else {
            if (host == text.size() || text[host] == u'/')
                return fail(u"the URL has no host"_s, begin + host);
            pathStart = text.indexOf(u'/', host);
        }
        if (text.endsWith(u'/'))
            return fail(u"a channel URL cannot end with '/'"_s, end - 1);
    } else {
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text[i];
            if (c == u'*')
                return fail(u"wildcards in channel names are not supported; '*' alone means any channel"_s,
                            begin + i);
            if (c == u'/' && (i == 0 || i == text.size() - 1 || text[i - 1] == u'/'))
                return fail(u"a channel name cannot have an empty part between '/'"_s, begin + i);
            if (!isAsciiAlnum(c) && !QStringView(u"_.+-/").contains(c))
                return fail(
                    quoteCharOrSpace(c) +
                        u" is not allowed in a channel name (only letters, digits, '_', '.', '+', '-' "
                        u"and '/')"_s,
                    begin + i);
        }
        pathStart = 1;
    }

    // channel/subdir: like conda's Channel(), split off the last segment when it is a
    // known subdir.
    const qsizetype slash = text.lastIndexOf(u'/');
    if (pathStart >= 0 && slash >= pathStart && isKnownSubdir(text.sliced(slash + 1))) {
        channel = text.first(slash).toString();
        subdir = text.sliced(slash + 1).toString();
        return true;
    }
    channel = text.toString();
    return true;
}

bool Parser::parseName(qsizetype begin, qsizetype end, bool afterChannel)
{
    if (begin == end) {
        if (afterChannel && ch(begin, s.size()) == u' ')
            return fail(u"no space is allowed after '::'"_s, begin);
        return fail(u"the package name is missing"_s, begin);
    }
    for (qsizetype i = begin; i < end; ++i) {
        const QChar c = s[i];
        if (isAsciiUpper(c))
            return fail(u"uppercase letters are not allowed in conda package names (conda would lowercase "
                        u"them; conda-build requires lowercase)"_s,
                        i);
        if (c == u'/')
            return fail(u"'/' is not allowed in a package name; to choose a channel write channel::name"_s,
                        i);
        if (i == begin && (c == u'-' || c == u'.' || c == u'+'))
            return fail(u"a conda package name must start with a letter, a digit, '_' or '*'"_s, i);
        if (!isAsciiLower(c) && !isAsciiDigit(c) && !QStringView(u"_.+-*").contains(c))
            return fail(quoteCharOrSpace(c) +
                            u" is not allowed in a conda package name (only lowercase letters, digits, '_', "
                            u"'-', '.', '+' and '*' wildcards)"_s,
                        i);
    }
    return true;
}

// Positional "version [build]" after the name: conda's _parse_version_plus_build().
bool Parser::parseVersionBuild(qsizetype pos, qsizetype end, Parsed &out)
{
    skipSpaces(pos, end);
    const auto version = readCondaVersionSpec(s.first(end), pos, CondaVersionSyntax::Positional);
    if (!version.ok())
        return fail(version.error().message, version.error().column - 1);
    out.spec.version = version->version;
    pos = version->end;

    QString build;
    if (pos < end) {
        qsizetype p = pos;
        skipSpaces(p, end);
        if (p < end && s[p] == u'=') { // readCondaVersionSpec() checked what else may follow
            ++p;
            if (p < end && s[p] == u' ')
                return fail(u"no space is allowed after '='; write version=build"_s, p);
            if (p >= end)
                return fail(u"'=' must be followed by a build string"_s, end);
        }
        const qsizetype buildStart = p;
        while (p < end && isBuildChar(s[p]))
            ++p;
        if (p == buildStart || (p < end && s[p] != u' '))
            return fail(quoteCharOrSpace(s[p]) +
                            u" is not allowed in a build string (only letters, digits, '_', '.', '+' and "
                            u"'*')"_s,
                        p);
        build = s.sliced(buildStart, p - buildStart).toString();
        skipSpaces(p, end);
        if (p < end)
            return fail(u"unexpected text after the build string: a line holds one package, as name, "
                        u"version and build"_s,
                        p);
        out.spec.build = build;
        out.positionalBuild = true;
    }
    out.positionalVersion = true;
    return true;
}

bool Parser::parseBrackets(qsizetype open, Parsed &out)
{
    qsizetype pos = open + 1;
    QStringList seen;
    bool first = true;
    for (;;) {
        skipSpaces(pos, s.size());
        if (pos >= s.size())
            return fail(u"missing ']' to close the brackets"_s, s.size());
        if (s[pos] == u']') {
            if (first)
                return fail(u"the brackets are empty; remove them or add key=value"_s, pos);
            return fail(u"a key=value is missing after ','"_s, pos);
        }

        const qsizetype keyStart = pos;
        while (pos < s.size() && (isAsciiAlnum(s[pos]) || s[pos] == u'_' || s[pos] == u'-'))
            ++pos;
        const QStringView key = s.sliced(keyStart, pos - keyStart);
        if (key.isEmpty())
            return fail(quoteCharOrSpace(s[pos]) +
                            u" is not allowed here: a key such as version= or build= is expected"_s,
                        pos);
        if (key == u"name")
            return fail(u"the name cannot be given inside the brackets (conda ignores it there); write it "
                        u"before the brackets"_s,
                        keyStart);
        const bool known =
            key == u"version" || key == u"build" || key == u"channel" || key == u"subdir" ||
            std::find(std::begin(kOtherKeys), std::end(kOtherKeys), key) != std::end(kOtherKeys);
        if (!known)
            return fail(u"unknown key '"_s + key +
                            u"' (known: version, build, build_number, channel, subdir, md5, sha256, license, "
                            u"license_family, fn, url, features, track_features)"_s,
                        keyStart);
        if (seen.contains(key.toString()))
            return fail(u"'"_s + key + u"' is given twice in the brackets"_s, keyStart);
        if (ch(pos, s.size()) != u'=') {
            if (pos >= s.size())
                return fail(u"'"_s + key + u"' must be followed by '=' and a value"_s, pos);
            return fail(u"expected '=' after '"_s + key + u"' (conda would silently ignore this entry)"_s,
                        pos);
        }
        seen.append(key.toString());
        ++pos;

        qsizetype valueStart = pos;
        qsizetype valueEnd = pos;
        const QChar quote = ch(pos, s.size());
        if (quote == u'\'' || quote == u'"') {
            valueStart = pos + 1;
            valueEnd = valueStart;
            while (valueEnd < s.size() && s[valueEnd] != u'\'' && s[valueEnd] != u'"')
                ++valueEnd;
            if (valueEnd >= s.size())
                return fail(u"missing closing quote ("_s + quote + u") for the value of '"_s + key + u"'"_s,
                            s.size());
            if (s[valueEnd] != quote)
                return fail(u"quotes cannot be mixed or nested in a value"_s, valueEnd);
            pos = valueEnd + 1;
        } else {
            while (valueEnd < s.size() && !QStringView(u", ]'\"[").contains(s[valueEnd]))
                ++valueEnd;
            if (valueEnd < s.size() && (s[valueEnd] == u'\'' || s[valueEnd] == u'"' || s[valueEnd] == u'['))
                return fail(quoteCharOrSpace(s[valueEnd]) + u" is not allowed inside a value"_s, valueEnd);
            pos = valueEnd;
        }
        if (s.sliced(valueStart, valueEnd - valueStart).trimmed().isEmpty())
            return fail(u"the value of '"_s + key + u"' is empty"_s, valueStart);
        if (key != u"version" && (s[valueStart] == u' ' || s[valueEnd - 1] == u' '))
            return fail(u"no space is allowed at the start or end of a value"_s,
                        s[valueStart] == u' ' ? valueStart : valueEnd - 1);
        if (!parseValue(key, keyStart, valueStart, valueEnd, out))
            return false;
        first = false;

        const qsizetype afterValue = pos;
        skipSpaces(pos, s.size());
        const QChar next = ch(pos, s.size());
        if (next == u',') {
            ++pos;
        } else if (next == u']') {
            ++pos;
            break;
        } else if (next.isNull()) {
            return fail(u"missing ']' to close the brackets"_s, s.size());
        } else if (pos == afterValue) {
            return fail(quoteCharOrSpace(next) + u" is not allowed after the value of '"_s + key +
                            u"': quote values that contain spaces or commas"_s,
                        pos);
        }
    }

    skipSpaces(pos, s.size());
    if (pos < s.size()) {
        if (s[pos] == u'[')
            return fail(u"only one [...] section is allowed"_s, pos);
        return fail(u"nothing may follow the closing ']'"_s, pos);
    }
    return true;
}

bool Parser::parseValue(QStringView key, qsizetype keyIndex, qsizetype begin, qsizetype end, Parsed &out)
{
    const QStringView value = s.sliced(begin, end - begin);
    const auto badChar = [&](const QString &allowed) -> bool {
        for (qsizetype i = begin; i < end; ++i) {
            if (!isAsciiAlnum(s[i]) && !allowed.contains(s[i]))
                return fail(quoteCharOrSpace(s[i]) + u" is not allowed in "_s + key, i);
        }
        return true;
    };
    const auto hex = [&](int length) -> bool {
        for (qsizetype i = begin; i < end; ++i) {
            if (!isAsciiDigit(s[i]) && !(s[i] >= u'a' && s[i] <= u'f'))
                return fail(key + u" must be %1 lowercase hexadecimal digits"_s.arg(length), i);
        }
        if (value.size() != length)
            return fail(
                key + u" must be %1 lowercase hexadecimal digits, not %2"_s.arg(length).arg(value.size()),
                begin);
        return true;
    };
    const auto packageFile = [&]() -> bool {
        if (!value.endsWith(u".conda") && !value.endsWith(u".tar.bz2"))
            return fail(key + u" must name a package file ending in .conda or .tar.bz2"_s, end);
        return true;
    };

    if (key == u"version") {
        const auto version = parseCondaVersionSpec(value);
        if (!version.ok())
            return fail(version.error().message, begin + version.error().column - 1);
        out.spec.version = version.value();
        out.versionKey = keyIndex;
    } else if (key == u"build") {
        if (!badChar(u"_.+*"_s))
            return false;
        out.spec.build = value.toString();
        out.buildKey = keyIndex;
    } else if (key == u"channel") {
        QString subdir;
        if (!parseChannel(begin, end, out.spec.channel, subdir))
            return false;
        out.channelKey = keyIndex;
        if (!subdir.isNull()) {
            if (out.subdirKey >= 0)
                return fail(u"the subdir is given both in channel= and in subdir="_s, keyIndex);
            out.spec.subdir = subdir;
            out.subdirKey = keyIndex;
        }
    } else if (key == u"subdir") {
        if (out.subdirKey >= 0)
            return fail(u"the subdir is given both in channel= and in subdir="_s, keyIndex);
        if (!isKnownSubdir(value))
            return fail(u"unknown subdir '"_s + value +
                            u"' (e.g. linux-64, linux-aarch64, osx-arm64, noarch)"_s,
                        begin);
        out.spec.subdir = value.toString();
        out.subdirKey = keyIndex;
    } else {
        if (key == u"build_number") {
            qsizetype i = begin;
            if (value != u"*") {
                for (QStringView op : {u"==", u"!=", u"<=", u">=", u"<", u">", u"="}) {
                    if (value.startsWith(op)) {
                        i += op.size();
                        break;
                    }
                }
                if (i == end)
                    return fail(u"build_number: a number must follow the operator"_s, end);
                for (; i < end; ++i) {
                    if (!isAsciiDigit(s[i]))
                        return fail(
                            u"build_number must be a number, '*', or an operator and a number such as "
                            u">=3"_s,
                            i);
                }
            }
        } else if (key == u"md5") {
            if (!hex(32))
                return false;
        } else if (key == u"sha256") {
            if (!hex(64))
                return false;
        } else if (key == u"license" || key == u"license_family") {
            if (!badChar(u" ._+*/:()-"_s))
                return false;
        } else if (key == u"fn") {
            if (!badChar(u"._+!-"_s) || !packageFile())
                return false;
        } else if (key == u"url") {
            QString channel;
            QString subdir;
            if (!value.contains(u"://"))
                return fail(u"url must be a URL such as https://.../linux-64/name-1.0-0.conda"_s, begin);
            if (!parseChannel(begin, end, channel, subdir) || !packageFile())
                return false;
        } else { // features, track_features: names separated by ',' or spaces
            if (!badChar(u"_.+-, "_s))
                return false;
            for (qsizetype i = begin; i < end;) {
                if (s[i] == u',' || s[i] == u' ')
                    return fail(u"empty feature name in "_s + key, i);
                while (i < end && s[i] != u',' && s[i] != u' ')
                    ++i;
                int commas = 0;
                while (i < end && (s[i] == u',' || s[i] == u' ')) {
                    if (s[i] == u',' && ++commas > 1)
                        return fail(u"empty feature name in "_s + key, i);
                    ++i;
                }
                if (i == end && commas > 0)
                    return fail(u"empty feature name in "_s + key, end);
            }
        }
        out.spec.keys.insert(key.toString(), value.toString());
    }
    return true;
}

} // namespace

QString CondaMatchSpec::toString() const
{
    QString out;
    QStringList brackets;

    if (!channel.isNull()) {
        out += channel;
        if (!subdir.isNull())
            out += u'/' + subdir;
        out += ns.isNull() ? u"::"_s : u':' + ns + u':';
    } else {
        if (!ns.isNull())
            out += u':' + ns + u':';
        if (!subdir.isNull())
            brackets << u"subdir="_s + bracketValue(subdir);
    }
    out += name;

    bool exactVersion = false;
    bool buildDone = false;
    if (!version.isNull()) {
        const bool compound = std::any_of(version.cbegin(), version.cend(),
                                          [](QChar c) { return QStringView(u"><|,() ").contains(c); });
        if (compound && version.startsWith(u"==") && !build.isNull()) {
            // In brackets conda would drop the "==" (it rewrites versions there as if
            // there were no build); "name==1.0,<2=build" keeps it.
            out += version + u'=' + build;
            buildDone = true;
        } else if (compound) {
            brackets << u"version=\""_s + version + u'"';
        } else if (version.startsWith(u"!=") || version.startsWith(u"~=")) {
            if (build.isNull())
                out += version;
            else
                brackets << u"version=\""_s + version + u'"';
        } else if (version.contains(u'=')) {
            brackets << u"version=\""_s + version + u'"';
        } else if (version == u"*") {
            out += u"=*"_s;
        } else if (version.endsWith(u'*')) {
            const QString stem = version.chopped(1);
            const bool plain = !stem.isEmpty() && !stem.endsWith(u'*') && !stem.endsWith(u'.');
            out += u'=' + (plain ? stem : version);
        } else {
            out += u"=="_s + version;
            exactVersion = true;
        }
    }
    if (!build.isNull() && !buildDone) {
        if (exactVersion && !build.contains(u'*') && !build.isEmpty() && bracketValue(build) == build)
            out += u'=' + build;
        else
            brackets << u"build="_s + bracketValue(build);
    }

    QStringList done;
    for (QStringView key : kOtherKeys) {
        const auto it = keys.constFind(key.toString());
        if (it != keys.cend()) {
            brackets << it.key() + u'=' + bracketValue(it.value());
            done << it.key();
        }
    }
    for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
        if (!done.contains(it.key()))
            brackets << it.key() + u'=' + bracketValue(it.value());
    }
    if (!brackets.isEmpty())
        out += u'[' + brackets.join(u',') + u']';
    return out;
}

QJsonObject CondaMatchSpec::toJson() const
{
    QJsonObject keyObject;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        keyObject.insert(it.key(), it.value());
    return QJsonObject{
        {u"valid"_s, true},
        {u"channel"_s, stringOrNull(channel)},
        {u"subdir"_s, stringOrNull(subdir)},
        {u"namespace"_s, stringOrNull(ns)},
        {u"name"_s, name},
        {u"version"_s, stringOrNull(version)},
        {u"build"_s, stringOrNull(build)},
        {u"keys"_s, keyObject},
    };
}

Result<CondaMatchSpec> parseCondaMatchSpec(QStringView line)
{
    Parser parser(line);
    Parsed parsed;
    if (!parser.parse(parsed))
        return parser.err.value_or(ValidationError{u"invalid conda package line"_s, 1, 0, {}});
    return parsed.spec;
}

} // namespace Kiln
