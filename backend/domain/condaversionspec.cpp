#include "condaversionspec.h"

#include "textscan.h"

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using namespace TextScan;

bool isVersionChar(QChar c)
{
    return isAsciiAlnum(c) || QStringView(u"._+!*-").contains(c);
}

bool isOperatorChar(QChar c)
{
    return QStringView(u"=!<>~").contains(c);
}

// conda's _sanitize_version_str(): "=1.2" means "1.2*", "==1.2" without a build means "1.2".
QString sanitizeVersion(const QString &version, bool hasBuild)
{
    if (!version.startsWith(u'='))
        return version;
    QString bare = version;
    while (bare.startsWith(u'='))
        bare.remove(0, 1);
    if (version.startsWith(u"==") && !hasBuild)
        return bare;
    if (!bare.contains(u'=') && !bare.contains(u',') && !bare.contains(u'|'))
        return (!hasBuild && !bare.endsWith(u'*')) ? bare + u'*' : bare;
    return version;
}

class VersionParser : public TextScan::Scanner
{
public:
    VersionParser(QStringView text, CondaVersionSyntax syntax)
        : Scanner(text)
        , end(text.size())
        , positional(syntax == CondaVersionSyntax::Positional)
    {}

    bool parseVersion(qsizetype &pos, QString &out);
    bool checkEnd(qsizetype pos);

private:
    qsizetype end;
    bool positional;
    bool checkAtoms = true; // false while parseOr() only checks the structure

    QString after() const { return positional ? u"the package name"_s : u"version="_s; }

    bool parseList(qsizetype &pos, qsizetype stop, QString &out, const QString &context, QChar separator);
    bool parseOr(qsizetype &pos, qsizetype stop, QString &out, const QString &context)
    {
        return parseList(pos, stop, out, context, u'|');
    }
    bool parseAtom(qsizetype &pos, qsizetype stop, QString &out, const QString &context);
    bool checkAtom(QStringView op, qsizetype begin, qsizetype stop);
    bool checkVersionOrder(qsizetype begin, qsizetype stop);
    bool checkParts(qsizetype begin, qsizetype stop, bool allowEmptyLast);
};

// Parses a version expression and stores conda's reading of it in `out`. conda rewrites
// "=1.2" and "==1.2" (_sanitize_version_str) before it checks the version, so when the
// rewrite changes something, the rewritten text is what must be valid: "==1.*.3" is
// the glob "1.*.3", and "==0+*" is rejected because "0+*" is not a version.
bool VersionParser::parseVersion(qsizetype &pos, QString &out)
{
    const qsizetype start = pos;
    QString raw;
    checkAtoms = false;
    const bool ok = parseOr(pos, end, raw, after());
    checkAtoms = true;
    if (!ok)
        return false;
    qsizetype rest = pos;
    skipSpaces(rest, end);
    out = sanitizeVersion(raw, positional && rest < end);
    if (out == raw) {
        qsizetype p = start;
        QString ignored;
        return parseOr(p, pos, ignored, after());
    }
    VersionParser inner(out, CondaVersionSyntax::Bracket);
    qsizetype p = 0;
    QString ignored;
    if (inner.parseOr(p, out.size(), ignored, after()) && p == out.size())
        return true;
    const QString reason = inner.err ? inner.err->message : u"unexpected text"_s;
    return fail(u"conda reads this version as '"_s + out + u"', which is not valid: "_s + reason, start);
}

// After a positional version: the end of the text, '=' (version=build) or a space (and a
// build). Bracket syntax leaves the rest to the caller.
bool VersionParser::checkEnd(qsizetype pos)
{
    if (!positional || pos >= end)
        return true;
    qsizetype p = pos;
    skipSpaces(p, end);
    if (p >= end || s[p] == u'=')
        return true;
    if (p == pos) {
        if (s[p] == u')')
            return fail(u"')' without a matching '('"_s, p);
        return fail(quoteCharOrSpace(s[p]) + u" is not allowed in a version"_s, p);
    }
    if (isOperatorChar(s[p]))
        return fail(u"version constraints must be joined with ',' (and) or '|' (or), without a space "
                    u"before the operator"_s,
                    p);
    return true;
}

// VersionSpec's grammar (treeify): or := and ('|' and)*, and := atom (',' atom)*.
bool VersionParser::parseList(qsizetype &pos, qsizetype stop, QString &out, const QString &context,
                              QChar separator)
{
    const auto item = [&](const QString &itemContext) {
        return separator == u'|' ? parseList(pos, stop, out, itemContext, u',')
                                 : parseAtom(pos, stop, out, itemContext);
    };
    if (!item(context))
        return false;
    for (;;) {
        qsizetype p = pos;
        skipSpaces(p, stop);
        if (p >= stop || s[p] != separator)
            return true;
        out += separator;
        pos = p + 1;
        skipSpaces(pos, stop);
        if (!item(u"'"_s + separator + u"'"_s))
            return false;
    }
}

bool VersionParser::parseAtom(qsizetype &pos, qsizetype stop, QString &out, const QString &context)
{
    if (ch(pos, stop) == u'(') {
        if (positional)
            return fail(u"parentheses in a version are only understood inside [version=\"...\"]; after the "
                        u"name conda would drop '(...)' silently"_s,
                        pos);
        out += u'(';
        ++pos;
        skipSpaces(pos, stop);
        if (!parseOr(pos, stop, out, u"'('"_s))
            return false;
        skipSpaces(pos, stop);
        if (ch(pos, stop) != u')')
            return fail(u"missing ')' to close '('"_s, pos);
        out += u')';
        ++pos;
        return true;
    }

    QStringView op;
    const QChar c = ch(pos, stop);
    if (isOperatorChar(c)) {
        if (ch(pos + 1, stop) == u'=')
            op = s.sliced(pos, 2);
        else if (c == u'!' || c == u'~')
            return fail(quoteCharOrSpace(c) + u" must be followed by '=' ("_s + c + u"=)"_s, pos);
        else
            op = s.sliced(pos, 1);
        pos += op.size();
        if (isOperatorChar(ch(pos, stop)))
            return fail(quoteCharOrSpace(s[pos]) + u" cannot follow the operator '"_s + op + u"'"_s, pos);
        if (ch(pos, stop) == u' ') {
            if (!positional)
                return fail(u"no space is allowed after the operator '"_s + op + u"'"_s, pos);
            skipSpaces(pos, stop);
        }
    }

    const qsizetype begin = pos;
    while (pos < stop && isVersionChar(s[pos]))
        ++pos;
    if (pos == begin) {
        if (ch(pos, stop) == u'^')
            return fail(u"regular expressions (^...$) are not supported; use '*' wildcards"_s, pos);
        const QString expected = op.isEmpty() ? QString(u"a version is missing after "_s + context)
                                              : QString(u"'"_s + op + u"' must be followed by a version"_s);
        if (pos >= stop)
            return fail(expected, pos);
        return fail(quoteCharOrSpace(s[pos]) + u" is not allowed here: "_s + expected, pos);
    }
    if (checkAtoms && !checkAtom(op, begin, pos))
        return false;
    out += op + s.sliced(begin, pos - begin);
    return true;
}

// conda's VersionSpec.get_matcher() for one operator and version literal.
bool VersionParser::checkAtom(QStringView op, qsizetype begin, qsizetype stop)
{
    const QStringView token = s.sliced(begin, stop - begin);
    if (!op.isEmpty()) {
        if (token.endsWith(u".*")) {
            if (op == u"~=")
                return fail(u"'~=' cannot be combined with '.*'"_s, stop - 2);
            return checkVersionOrder(begin, stop - 2);
        }
        return checkVersionOrder(begin, stop);
    }
    if (token == u"*")
        return true;
    qsizetype k = stop;
    while (k > begin && s[k - 1] == u'*')
        --k;
    if (s.sliced(begin, k - begin).contains(u'*'))
        return true; // a glob such as 1.*.3: conda matches it as a regular expression
    if (k < stop) {
        while (k > begin && s[k - 1] == u'.')
            --k;
        if (k == begin)
            return fail(u"a version is missing before '*'"_s, begin);
    }
    return checkVersionOrder(begin, k);
}

// conda's VersionOrder(): [epoch!]version[+local], parts separated by '.', '_' or '-'.
bool VersionParser::checkVersionOrder(qsizetype begin, qsizetype stop)
{
    const QStringView v = s.sliced(begin, stop - begin);
    if (v.isEmpty())
        return fail(u"a version is missing"_s, begin);
    if (v.contains(u'-') && v.contains(u'_'))
        return fail(u"a conda version cannot contain both '-' and '_'"_s, begin + v.indexOf(u'-'));

    qsizetype mainStart = 0;
    if (const qsizetype bang = v.indexOf(u'!'); bang >= 0) {
        if (const qsizetype again = v.indexOf(u'!', bang + 1); again >= 0)
            return fail(u"a version can have only one epoch separator '!'"_s, begin + again);
        if (bang == 0)
            return fail(u"the epoch before '!' is empty"_s, begin);
        for (qsizetype i = 0; i < bang; ++i) {
            if (!isAsciiDigit(v[i]))
                return fail(u"the epoch before '!' must be a number"_s, begin + i);
        }
        mainStart = bang + 1;
    }
    const qsizetype plus = v.indexOf(u'+', mainStart);
    if (plus >= 0) {
        if (const qsizetype again = v.indexOf(u'+', plus + 1); again >= 0)
            return fail(u"a version can have only one local version separator '+'"_s, begin + again);
    }
    const qsizetype mainEnd = plus >= 0 ? plus : v.size();
    if (mainEnd == mainStart)
        return fail(plus >= 0 ? u"a version is missing before '+'"_s : u"a version is missing after '!'"_s,
                    begin + mainStart);
    // A trailing '_' (or '-') is conda's openssl convention ("1.0.1_") and not a separator.
    const bool trailing = v[mainEnd - 1] == u'_' || v[mainEnd - 1] == u'-';
    if (!checkParts(begin + mainStart, begin + mainEnd - (trailing ? 1 : 0), trailing))
        return false;
    if (plus >= 0)
        return checkParts(begin + plus + 1, stop, false);
    return true;
}

bool VersionParser::checkParts(qsizetype begin, qsizetype stop, bool allowEmptyLast)
{
    const auto isSeparator = [](QChar c) { return c == u'.' || c == u'_' || c == u'-'; };
    const QString message = u"empty version part: '.', '_' and '-' must stand between letters or digits"_s;
    qsizetype partStart = begin;
    for (qsizetype i = begin; i < stop; ++i) {
        if (isSeparator(s[i])) {
            if (i == partStart)
                return fail(message, i);
            partStart = i + 1;
        }
    }
    if (partStart == stop && !allowEmptyLast)
        return fail(message, stop > begin ? stop - 1 : begin);
    return true;
}

} // namespace

Result<CondaVersionSpecPrefix> readCondaVersionSpec(QStringView text, qsizetype begin,
                                                    CondaVersionSyntax syntax)
{
    VersionParser parser(text, syntax);
    qsizetype pos = std::clamp(begin, qsizetype(0), text.size());
    CondaVersionSpecPrefix out;
    if (!parser.parseVersion(pos, out.version) || !parser.checkEnd(pos))
        return parser.err.value_or(ValidationError{u"invalid conda version"_s, int(pos) + 1, 0, {}});
    out.end = pos;
    return out;
}

Result<QString> parseCondaVersionSpec(QStringView text)
{
    qsizetype pos = 0;
    while (pos < text.size() && text[pos] == u' ')
        ++pos;
    if (pos == text.size())
        return ValidationError{u"a version spec cannot be empty"_s, 1, 0, {}};
    const auto read = readCondaVersionSpec(text, pos, CondaVersionSyntax::Bracket);
    if (!read.ok())
        return read.error();
    pos = read->end;
    while (pos < text.size() && text[pos] == u' ')
        ++pos;
    if (pos < text.size())
        return ValidationError{
            quoteCharOrSpace(text[pos]) + u" is not allowed here in the version"_s, int(pos) + 1, 0, {}};
    return read->version;
}

} // namespace Kiln
