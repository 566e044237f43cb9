#include "imagereference.h"

#include "textscan.h"

#include <QJsonValue>

#include <algorithm>

#include <optional>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using namespace TextScan;

constexpr QStringView kDefaultDomain = u"docker.io";
constexpr QStringView kLegacyDefaultDomain = u"index.docker.io";
constexpr QStringView kOfficialRepoPrefix = u"library/";
constexpr qsizetype kOfficialRepoPrefixLength = kOfficialRepoPrefix.size();

bool isWordChar(QChar c) // [\w] in Go's RE2: [0-9A-Za-z_]
{
    return isAsciiAlnum(c) || c == u'_';
}
bool isLowerHex(QChar c)
{
    return isAsciiDigit(c) || (c.unicode() >= u'a' && c.unicode() <= u'f');
}
bool isHex(QChar c)
{
    return isLowerHex(c) || (c.unicode() >= u'A' && c.unicode() <= u'F');
}
bool isWhitespace(QChar c)
{
    return c.isSpace();
}

// Message start for a character that is not allowed somewhere ("'$' is not
// allowed", "a space is not allowed").
QString notAllowed(QStringView s, qsizetype i, QStringView where)
{
    return describeCharacter(s, i) + u" is not allowed in "_s + where;
}

using MaybeError = std::optional<ValidationError>;

// The rules of normalize.go's splitDockerDomain for the text before the first '/'.
bool looksLikeDomain(QStringView first)
{
    if (first == u"localhost" || first == kLegacyDefaultDomain)
        return true;
    for (const QChar c : first) {
        if (c == u'.' || c == u':' || c.isUpper())
            return true;
    }
    return false;
}

// domain := host [':' port]; host := domain-name | '[' IPv6 ']'.
// Scans s[0, end) where s[end] is the '/' that ends the domain.
MaybeError scanDomain(QStringView s, qsizetype end)
{
    qsizetype i = 0;
    if (s[0] == u'[') {
        qsizetype j = 1;
        while (j < end && (isHex(s[j]) || s[j] == u':'))
            ++j;
        if (j == end)
            return errorAt(u"IPv6 address is missing its closing ']'"_s, j);
        if (s[j] != u']') {
            if (s[j] == u'%')
                return errorAt(u"IPv6 zone identifiers ('%...') are not allowed in an image reference"_s, j);
            return errorAt(notAllowed(s, j, u"an IPv6 address; use hexadecimal digits and ':'"), j);
        }
        if (j == 1)
            return errorAt(u"IPv6 address between '[' and ']' is empty"_s, j);
        i = j + 1;
        if (i < end && s[i] != u':')
            return errorAt(u"expected ':' and a port or '/' after the IPv6 address, found "_s +
                               describeCharacter(s, i),
                           i);
    } else {
        // domain-name := component ('.' component)*
        // component   := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
        while (true) {
            const QChar c = s[i];
            if (c == u'.') {
                return errorAt(i == 0 ? u"domain must not start with '.'"_s
                                      : u"domain has an empty part between two dots"_s,
                               i);
            }
            if (c == u'-')
                return errorAt(u"a domain part must start with a letter or digit, not '-'"_s, i);
            if (c == u':')
                return errorAt(u"domain name is missing before the port"_s, i);
            if (!isAsciiAlnum(c)) {
                QString message = notAllowed(s, i, u"a domain");
                if (c.unicode() > 0x7f)
                    message += u"; write international domain names in punycode (xn--...)"_s;
                return errorAt(message, i);
            }
            while (i < end && (isAsciiAlnum(s[i]) || s[i] == u'-'))
                ++i;
            if (s[i - 1] == u'-')
                return errorAt(u"a domain part must end with a letter or digit, not '-'"_s, i - 1);
            if (i == end || s[i] == u':')
                break;
            if (s[i] != u'.') {
                QString message = notAllowed(s, i, u"a domain");
                if (s[i].unicode() > 0x7f)
                    message += u"; write international domain names in punycode (xn--...)"_s;
                return errorAt(message, i);
            }
            ++i;
            if (i == end || s[i] == u':')
                return errorAt(u"domain must not end with '.'"_s, i - 1);
        }
    }
    if (i == end)
        return std::nullopt;

    // s[i] == ':' : port := [0-9]+
    const qsizetype portStart = i + 1;
    if (portStart == end) {
        if (end + 1 < s.size() && s[end + 1] == u'/')
            return errorAt(u"an image reference has no URL scheme; remove '"_s + s.first(end + 2).toString() +
                               u"'"_s,
                           0);
        return errorAt(u"port is missing after ':'"_s, portStart);
    }
    qsizetype k = portStart;
    while (k < end && isAsciiDigit(s[k]))
        ++k;
    if (k < end) {
        QString message = u"port must be a number; found "_s + describeCharacter(s, k);
        if (s[k] == u':')
            message += u" (write an IPv6 address in brackets, e.g. [fc00::1]:5000)"_s;
        return errorAt(message, k);
    }
    const QStringView digits = s.sliced(portStart, end - portStart);
    bool ok = false;
    const uint port = digits.size() <= 5 ? digits.toUInt(&ok) : 0;
    if (!ok || port < 1 || port > 65535)
        return errorAt(u"port "_s + digits.toString() + u" is out of range; use 1 to 65535"_s, portStart);
    return std::nullopt;
}

// path := component ('/' component)*
// component := [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
// Returns the index just past the path (at ':', '@' or the end of s).
Result<qsizetype> scanPath(QStringView s, qsizetype pathStart)
{
    const qsizetype n = s.size();
    qsizetype i = pathStart;
    auto isEnd = [&](qsizetype at) { return at == n || s[at] == u':' || s[at] == u'@'; };
    auto lowercaseError = [&](qsizetype at) {
        return errorAt(u"repository name must be lowercase; '%1' is uppercase"_s.arg(s[at]), at);
    };
    auto badCharacter = [&](qsizetype at) {
        if (isWhitespace(s[at]))
            return errorAt(notAllowed(s, at, u"an image reference"), at);
        if (s[at].isUpper())
            return lowercaseError(at);
        return errorAt(notAllowed(s, at, u"a repository name") +
                           u"; use lowercase letters, digits and the separators '.', '_', '__' or '-'"_s,
                       at);
    };

    while (true) {
        // Start of a path component.
        if (isEnd(i) || s[i] == u'/') {
            if (i > pathStart)
                return errorAt(u"path component is missing after '/'"_s, i);
            if (pathStart > 0)
                return errorAt(u"repository path is missing after the domain '"_s +
                                   s.first(pathStart - 1).toString() + u"/'"_s,
                               i);
            if (i == n) // unreachable: empty input is handled before
                return errorAt(u"image reference is empty"_s, i);
            if (s[i] == u'/')
                return errorAt(u"image reference must not start with '/'"_s, i);
            return errorAt(u"repository name is missing before '%1'"_s.arg(s[i]), i);
        }
        if (s[i] == u'.' || s[i] == u'_' || s[i] == u'-') {
            return errorAt(
                u"a path component must start with a lowercase letter or digit, not '%1'"_s.arg(s[i]), i);
        }
        if (isAsciiUpper(s[i]))
            return lowercaseError(i);
        if (!isAsciiLowerAlnum(s[i]))
            return badCharacter(i);

        // Inside a component: alphanumeric runs joined by separators.
        while (true) {
            while (i < n && isAsciiLowerAlnum(s[i]))
                ++i;
            if (isEnd(i))
                return i;
            const QChar c = s[i];
            if (c == u'/') {
                ++i;
                break;
            }
            if (c != u'.' && c != u'_' && c != u'-')
                return badCharacter(i);

            // A separator: exactly ".", "_", "__", or a run of '-'.
            const qsizetype sepStart = i;
            if (c == u'.') {
                ++i;
            } else if (c == u'_') {
                ++i;
                if (i < n && s[i] == u'_')
                    ++i;
            } else {
                while (i < n && s[i] == u'-')
                    ++i;
            }
            const QStringView separator = s.sliced(sepStart, i - sepStart);
            if (i < n && (s[i] == u'.' || s[i] == u'_' || s[i] == u'-')) {
                return errorAt(u"'"_s + separator.toString() + s[i] +
                                   u"' is not a valid separator; use one '.', one or two '_', or any "
                                   u"number of '-' between letters or digits"_s,
                               i);
            }
            if (isEnd(i) || s[i] == u'/') {
                return errorAt(
                    u"a path component must end with a lowercase letter or digit, not '%1'"_s.arg(s[i - 1]),
                    i - 1);
            }
            if (isAsciiUpper(s[i]))
                return lowercaseError(i);
            if (!isAsciiLowerAlnum(s[i]))
                return badCharacter(i);
        }
    }
}

// tag := [\w][\w.-]{0,127}; s[colon] == ':'. Returns the index past the tag.
Result<qsizetype> scanTag(QStringView s, qsizetype colon)
{
    const qsizetype n = s.size();
    const qsizetype start = colon + 1;
    if (start == n)
        return errorAt(u"tag is missing after ':'"_s, start);
    if (s[start] == u'@')
        return errorAt(u"tag is missing between ':' and '@'"_s, start);
    if (s[start] == u'.' || s[start] == u'-')
        return errorAt(u"a tag must start with a letter, digit or '_', not '%1'"_s.arg(s[start]), start);
    qsizetype i = start;
    while (i < n && s[i] != u'@') {
        const QChar c = s[i];
        if (!isWordChar(c) && c != u'.' && c != u'-') {
            if (isWhitespace(c))
                return errorAt(notAllowed(s, i, u"an image reference"), i);
            return errorAt(notAllowed(s, i, u"a tag") + u"; use letters, digits, '_', '.' and '-'"_s, i);
        }
        if (i - start == kMaxTagLength)
            return errorAt(u"tag is longer than %1 characters"_s.arg(kMaxTagLength), i);
        ++i;
    }
    return i;
}

// digest := algorithm ':' hex
// algorithm := [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)*
// s[at] == '@'. The digest must run to the end of s.
MaybeError scanDigest(QStringView s, qsizetype at)
{
    const qsizetype n = s.size();
    const qsizetype start = at + 1;
    if (start == n)
        return errorAt(u"digest is missing after '@'"_s, start);

    qsizetype i = start;
    while (true) {
        if (i == n)
            return errorAt(u"digest is missing ':' and the hexadecimal value after the algorithm"_s, i);
        if (!isAsciiLetter(s[i])) {
            if (s[i] == u':' && i == start)
                return errorAt(u"digest algorithm (e.g. sha256) is missing before ':'"_s, i);
            if (isWhitespace(s[i]))
                return errorAt(notAllowed(s, i, u"an image reference"), i);
            return errorAt(describeCharacter(s, i) + u" cannot start a digest algorithm; use e.g. sha256"_s,
                           i);
        }
        while (i < n && isAsciiAlnum(s[i]))
            ++i;
        if (i == n)
            return errorAt(u"digest is missing ':' and the hexadecimal value after the algorithm"_s, i);
        if (s[i] == u':')
            break;
        if (s[i] == u'-' || s[i] == u'_' || s[i] == u'+' || s[i] == u'.') {
            ++i;
            continue;
        }
        if (isWhitespace(s[i]))
            return errorAt(notAllowed(s, i, u"an image reference"), i);
        return errorAt(notAllowed(s, i, u"a digest algorithm"), i);
    }
    const QStringView algorithm = s.sliced(start, i - start);
    int expected = 0;
    if (algorithm == u"sha256")
        expected = 64;
    else if (algorithm == u"sha384")
        expected = 96;
    else if (algorithm == u"sha512")
        expected = 128;
    else
        return errorAt(u"unsupported digest algorithm '"_s + algorithm.toString() +
                           u"'; use sha256, sha384 or sha512"_s,
                       start);

    const qsizetype hexStart = i + 1;
    if (hexStart == n)
        return errorAt(u"digest value is missing after '"_s + algorithm.toString() + u":'"_s, hexStart);
    qsizetype k = hexStart;
    while (k < n && isLowerHex(s[k]))
        ++k;
    const qsizetype count = k - hexStart;
    if (count > expected)
        return errorAt(
            u"%1 digest must be exactly %2 hexadecimal digits; this one has more"_s.arg(algorithm).arg(
                expected),
            hexStart + expected);
    if (k < n) {
        if (isHex(s[k]))
            return errorAt(
                u"uppercase hexadecimal digit '%1' is not allowed in a digest; use lowercase"_s.arg(s[k]), k);
        if (isWhitespace(s[k]))
            return errorAt(notAllowed(s, k, u"an image reference"), k);
        return errorAt(notAllowed(s, k, u"a digest") + u"; use hexadecimal digits 0-9 and a-f"_s, k);
    }
    if (count < expected)
        return errorAt(
            u"%1 digest must be %2 hexadecimal digits, found %3"_s.arg(algorithm).arg(expected).arg(count),
            n);
    return std::nullopt;
}

} // namespace

QString ImageReference::name() const
{
    if (domain.isEmpty())
        return path;
    return domain + u'/' + path;
}

QString ImageReference::normalized() const
{
    if (path.isEmpty())
        return {};
    QString out = name();
    if (!tag.isNull())
        out += u':' + tag;
    if (!digest.isNull())
        out += u'@' + digest;
    if (tag.isNull() && digest.isNull())
        out += u":latest"_s;
    return out;
}

QString ImageReference::familiar() const
{
    if (path.isEmpty())
        return {};
    QString out;
    if (domain == kDefaultDomain) {
        QStringView shortPath = path;
        if (shortPath.startsWith(kOfficialRepoPrefix)) {
            const QStringView rest = shortPath.sliced(kOfficialRepoPrefixLength);
            if (!rest.contains(u'/'))
                shortPath = rest;
        }
        out = shortPath.toString();
    } else {
        out = name();
    }
    if (!tag.isNull())
        out += u':' + tag;
    if (!digest.isNull())
        out += u'@' + digest;
    return out;
}

QJsonObject ImageReference::toJson() const
{
    QJsonObject o;
    o.insert(u"valid"_s, true);
    o.insert(u"domain"_s, stringOrNull(domain));
    o.insert(u"path"_s, stringOrNull(path));
    o.insert(u"tag"_s, stringOrNull(tag));
    o.insert(u"digest"_s, stringOrNull(digest));
    o.insert(u"normalized"_s, normalized());
    o.insert(u"familiar"_s, familiar());
    return o;
}

Result<ImageReference> parseImageReference(QStringView text)
{
    const qsizetype n = text.size();
    if (n == 0)
        return errorAt(u"image reference is empty"_s, 0);

    // ParseNormalizedNamed refuses a bare image ID.
    if (n == 64 && std::all_of(text.begin(), text.end(), isLowerHex)) {
        return errorAt(u"a 64-digit hexadecimal string is an image ID, not a repository name; "
                       u"write name@sha256:<digest> instead"_s,
                       0);
    }

    ImageReference ref;
    qsizetype pathStart = 0;
    // As splitDockerDomain: the text before the first '/' may be a domain.
    const qsizetype slash = text.indexOf(u'/');
    if (slash > 0 && looksLikeDomain(text.first(slash))) {
        if (auto error = scanDomain(text, slash))
            return *error;
        const QStringView domain = text.first(slash);
        ref.domain = domain == kLegacyDefaultDomain ? kDefaultDomain.toString() : domain.toString();
        pathStart = slash + 1;
    } else {
        ref.domain = kDefaultDomain.toString();
    }

    // "ubuntu" and "docker.io/ubuntu" mean "docker.io/library/ubuntu".
    const bool addLibrary = ref.domain == kDefaultDomain && !text.sliced(pathStart).contains(u'/');
    const qsizetype prefixLength = addLibrary ? kOfficialRepoPrefixLength : 0;
    // Index of the first input character that makes the normalised path too long.
    const qsizetype limitIndex = pathStart + kMaxRepositoryPathLength - prefixLength;
    const auto tooLong = [&] {
        return errorAt(
            u"repository path is longer than %1 characters"_s.arg(kMaxRepositoryPathLength) +
                (addLibrary ? u" (counting the 'library/' prefix that docker.io adds)"_s : QString()),
            limitIndex);
    };

    const Result<qsizetype> pathEnd = scanPath(text, pathStart);
    if (!pathEnd) {
        if (pathEnd.error().column - 1 > limitIndex)
            return tooLong();
        return pathEnd.error();
    }
    qsizetype i = pathEnd.value();
    if (i > limitIndex)
        return tooLong();
    ref.path = (addLibrary ? kOfficialRepoPrefix.toString() : QString()) +
               text.sliced(pathStart, i - pathStart).toString();

    if (i < n && text[i] == u':') {
        const Result<qsizetype> tagEnd = scanTag(text, i);
        if (!tagEnd)
            return tagEnd.error();
        ref.tag = text.sliced(i + 1, tagEnd.value() - i - 1).toString();
        i = tagEnd.value();
    }
    if (i < n && text[i] == u'@') {
        if (auto error = scanDigest(text, i))
            return *error;
        ref.digest = text.sliced(i + 1).toString();
        i = n;
    }
    if (i != n) // unreachable: the path ends at ':', '@' or the end
        return errorAt(notAllowed(text, i, u"an image reference"), i);
    return ref;
}

} // namespace Kiln
