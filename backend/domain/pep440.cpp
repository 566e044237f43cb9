#include "pep440.h"

#include "textscan.h"

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

// A hand-written port of packaging's version and specifier regular expressions
// (packaging/version.py VERSION_PATTERN, packaging/specifiers.py
// Specifier._specifier_regex_str). Every optional part is matched greedily in the
// order of the regular expression; because all parts after the release segment are
// optional, the first match Python's re finds is exactly this greedy one.

namespace Kiln {

namespace {

using namespace TextScan;

bool isSeparator(QChar c) // [-_\.]
{
    return c == u'-' || c == u'_' || c == u'.';
}

bool startsWithAt(QStringView s, qsizetype pos, QStringView word)
{
    return pos >= 0 && pos <= s.size() && s.sliced(pos).startsWith(word, Qt::CaseInsensitive);
}

qsizetype skipDigits(QStringView s, qsizetype pos)
{
    while (pos < s.size() && isAsciiDigit(s[pos]))
        ++pos;
    return pos;
}

qsizetype skipPythonSpace(QStringView s, qsizetype pos)
{
    while (pos < s.size() && isPythonSpace(s[pos]))
        ++pos;
    return pos;
}

// int(digits) as a string: leading zeros dropped, "0" for all zeros.
QString number(QStringView digits)
{
    qsizetype i = 0;
    while (i + 1 < digits.size() && digits[i] == u'0')
        ++i;
    return digits.sliced(i).toString();
}

enum class Form
{
    Version,    // packaging.version.Version
    Equality,   // after == or !=: ".*" or a local label allowed
    Compatible, // after ~=: at least two release segments, no local label
    Ordered,    // after <= >= < >: no ".*", no local label
};

struct VersionScan
{
    qsizetype end = -1; // -1: no version at all
    qsizetype releaseEnd = -1;
    Pep440Version version;
    bool wildcard = false;
    bool hasSuffix = false;
    bool hasLocal = false;
};

// Matches one of `labels` (case-insensitively, first in the list wins) at pos.
qsizetype matchLabel(QStringView s, qsizetype pos, std::initializer_list<QStringView> labels, QString *which)
{
    for (QStringView label : labels) {
        if (startsWithAt(s, pos, label)) {
            *which = label.toString();
            return label.size();
        }
    }
    return 0;
}

// The part after a label: [-_\.]? [0-9]*  (the number is 0 when absent).
qsizetype scanLabelNumber(QStringView s, qsizetype pos, QString *out)
{
    if (pos < s.size() && isSeparator(s[pos]))
        ++pos;
    const qsizetype digitsEnd = skipDigits(s, pos);
    *out = digitsEnd > pos ? number(s.sliced(pos, digitsEnd - pos)) : u"0"_s;
    return digitsEnd;
}

VersionScan scanVersion(QStringView s, qsizetype pos, Form form)
{
    VersionScan r;
    const qsizetype n = s.size();
    qsizetype q = pos;
    if (q < n && (s[q] == u'v' || s[q] == u'V'))
        ++q;
    qsizetype d = skipDigits(s, q);
    if (d == q)
        return r;
    // (?:[0-9]+!)? -- only an epoch when a release number follows the "!".
    if (d + 1 < n && s[d] == u'!' && isAsciiDigit(s[d + 1])) {
        r.version.epoch = number(s.sliced(q, d - q));
        q = d + 1;
        d = skipDigits(s, q);
    }
    r.version.release.append(number(s.sliced(q, d - q)));
    q = d;
    while (q + 1 < n && s[q] == u'.' && isAsciiDigit(s[q + 1])) {
        d = skipDigits(s, q + 1);
        r.version.release.append(number(s.sliced(q + 1, d - q - 1)));
        q = d;
    }
    r.releaseEnd = q;
    if (form == Form::Compatible && r.version.release.size() < 2)
        return r; // end stays -1: "~=" needs [0-9]+(?:\.[0-9]+)+
    if (form == Form::Equality && q + 1 < n && s[q] == u'.' && s[q + 1] == u'*') {
        r.wildcard = true;
        r.end = q + 2;
        return r;
    }

    // Pre-release: [-_\.]?(alpha|beta|preview|pre|a|b|c|rc)[-_\.]?[0-9]*
    {
        qsizetype t = q;
        if (t < n && isSeparator(s[t]))
            ++t;
        QString label;
        if (const qsizetype len =
                matchLabel(s, t, {u"alpha", u"beta", u"preview", u"pre", u"a", u"b", u"c", u"rc"}, &label)) {
            label = label.toLower();
            if (label == u"alpha")
                label = u"a"_s;
            else if (label == u"beta")
                label = u"b"_s;
            else if (label == u"c" || label == u"pre" || label == u"preview")
                label = u"rc"_s;
            r.version.preLabel = label;
            q = scanLabelNumber(s, t + len, &r.version.preNumber);
            r.hasSuffix = true;
        }
    }
    // Post-release: (?:-[0-9]+)|(?:[-_\.]?(post|rev|r)[-_\.]?[0-9]*)
    if (q + 1 < n && s[q] == u'-' && isAsciiDigit(s[q + 1])) {
        d = skipDigits(s, q + 1);
        r.version.postNumber = number(s.sliced(q + 1, d - q - 1));
        q = d;
        r.hasSuffix = true;
    } else {
        qsizetype t = q;
        if (t < n && isSeparator(s[t]))
            ++t;
        QString label;
        if (const qsizetype len = matchLabel(s, t, {u"post", u"rev", u"r"}, &label)) {
            QString value;
            q = scanLabelNumber(s, t + len, &value);
            r.version.postNumber = value;
            r.hasSuffix = true;
        }
    }
    // Development release: [-_\.]?dev[-_\.]?[0-9]*
    {
        qsizetype t = q;
        if (t < n && isSeparator(s[t]))
            ++t;
        if (startsWithAt(s, t, u"dev")) {
            QString value;
            q = scanLabelNumber(s, t + 3, &value);
            r.version.devNumber = value;
            r.hasSuffix = true;
        }
    }
    // Local label: \+[a-z0-9]+(?:[-_\.][a-z0-9]+)*
    if ((form == Form::Version || form == Form::Equality) && q + 1 < n && s[q] == u'+' &&
        isAsciiAlnum(s[q + 1])) {
        qsizetype t = q + 1;
        for (;;) {
            const qsizetype partStart = t;
            while (t < n && isAsciiAlnum(s[t]))
                ++t;
            const QStringView part = s.sliced(partStart, t - partStart);
            bool allDigits = true;
            for (QChar c : part)
                allDigits = allDigits && isAsciiDigit(c);
            r.version.local.append(allDigits ? number(part) : part.toString().toLower());
            if (t + 1 < n && isSeparator(s[t]) && isAsciiAlnum(s[t + 1]))
                ++t;
            else
                break;
        }
        q = t;
        r.hasLocal = true;
    }
    r.end = q;
    return r;
}

// Characters Kiln refuses in the arbitrary string of "===": they mean something to a
// shell, and no real version contains them. (',' separates specifiers in a set.)
bool isArbitraryVersionChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u <= 0x20 || u >= 0x7f)
        return false;
    return !QStringView(u"`$\\|&<>'\"!*?[]{}#~(,").contains(c);
}

// The version text shown in messages: from pos up to whitespace, ',', ';' or ')'.
QStringView versionWord(QStringView s, qsizetype pos)
{
    qsizetype e = pos;
    while (e < s.size() && !isPythonSpace(s[e]) && s[e] != u',' && s[e] != u';' && s[e] != u')')
        ++e;
    return s.sliced(pos, e - pos);
}

constexpr std::array<QStringView, 8> kOperators = {u"===", u"~=", u"==", u"!=", u"<=", u">=", u"<", u">"};

QStringView operatorAt(QStringView s, qsizetype pos)
{
    for (QStringView op : kOperators) {
        if (startsWithAt(s, pos, op))
            return op;
    }
    return {};
}

Pep440SpecifierProblem problemAt(const QString &reason, qsizetype position)
{
    Pep440SpecifierProblem problem;
    problem.reason = reason;
    problem.position = position;
    return problem;
}

Pep440SpecifierProblem explainProblem(QStringView s, qsizetype pos)
{
    const QStringView op = operatorAt(s, pos);
    if (op.isEmpty()) {
        if (startsWithAt(s, pos, u"=>"))
            return problemAt(u"'=>' is not a version operator; did you mean '>='?"_s, pos);
        if (startsWithAt(s, pos, u"=<"))
            return problemAt(u"'=<' is not a version operator; did you mean '<='?"_s, pos);
        if (startsWithAt(s, pos, u"="))
            return problemAt(
                u"'=' is not a version operator; use '==' to pin a version, as in requests==2.31.0"_s, pos);
        if (startsWithAt(s, pos, u"~"))
            return problemAt(
                u"'~' is not a version operator; use '~=' for a compatible release, as in ~=1.4"_s, pos);
        if (startsWithAt(s, pos, u"!"))
            return problemAt(u"'!' is not a version operator; use '!=' to exclude a version"_s, pos);
        return problemAt(u"expected a version operator, one of ~= == != <= >= < > ==="_s, pos);
    }
    const qsizetype versionStart = skipPythonSpace(s, pos + op.size());
    const QStringView word = versionWord(s, versionStart);
    if (word.isEmpty())
        return problemAt(u"a version is missing after '%1'"_s.arg(op), versionStart);

    const Pep440SpecifierMatch m = matchPep440Specifier(s, pos);
    if (op == u"===") {
        for (qsizetype i = versionStart; i < m.end; ++i) {
            if (!isArbitraryVersionChar(s[i]))
                return problemAt(
                    u"%1 is not allowed in the arbitrary version after '==='"_s.arg(quoted(s.sliced(i, 1))),
                    i);
        }
        return problemAt(u"%1 is not a valid arbitrary version"_s.arg(quoted(word)), versionStart);
    }
    if (m.end < 0) {
        const VersionScan any = scanVersion(s, versionStart, Form::Version);
        if (any.end >= 0 && op == u"~=" && any.version.release.size() < 2)
            return problemAt(u"'~=' needs a version with at least two release segments, as in ~=1.4"_s,
                             any.releaseEnd);
        return problemAt(u"%1 is not a valid PEP 440 version"_s.arg(quoted(word)), versionStart);
    }
    const bool equality = op == u"==" || op == u"!=";
    const qsizetype e = m.end;
    if (startsWithAt(s, e, u".*") && !m.wildcard) {
        if (equality)
            return problemAt(
                u"the .* suffix cannot be used after a pre-release, post-release, development release "
                u"or local version label"_s,
                e);
        return problemAt(u"the .* suffix can only be used with the == and != operators"_s, e);
    }
    if (startsWithAt(s, e, u"+") && e + 1 < s.size() && isAsciiAlnum(s[e + 1])) {
        if (m.wildcard)
            return problemAt(u"a local version label cannot follow the .* suffix"_s, e);
        if (!equality)
            return problemAt(
                u"a local version label (%1) can only be used with the == and != operators"_s.arg(
                    versionWord(s, e)),
                e);
    }
    QString reason = u"%1 is not a valid PEP 440 version"_s.arg(quoted(word));
    if (equality)
        reason += u" (use '===' to match an arbitrary version string)"_s;
    return problemAt(reason, e);
}

} // namespace

bool isPythonSpace(QChar c)
{
    return c.isSpace() || (c.unicode() >= 0x1c && c.unicode() <= 0x1f);
}

QString Pep440Version::toString() const
{
    QString out;
    if (epoch != u"0")
        out += epoch + u'!';
    out += release.join(u'.');
    if (!preLabel.isEmpty())
        out += preLabel + preNumber;
    if (postNumber)
        out += u".post"_s + *postNumber;
    if (devNumber)
        out += u".dev"_s + *devNumber;
    if (!local.isEmpty())
        out += u'+' + local.join(u'.');
    return out;
}

QString Pep440Version::canonical(bool stripTrailingZero) const
{
    Pep440Version copy = *this;
    if (stripTrailingZero) {
        while (copy.release.size() > 1 && copy.release.last() == u"0")
            copy.release.removeLast();
    }
    return copy.toString();
}

Result<Pep440Version> parsePep440Version(QStringView text)
{
    const qsizetype start = skipPythonSpace(text, 0);
    const VersionScan scan = scanVersion(text, start, Form::Version);
    if (scan.end < 0)
        return errorAt(u"Invalid version: %1: a version starts with a number, as in 1.0"_s.arg(quoted(text)),
                       start);
    const qsizetype end = skipPythonSpace(text, scan.end);
    if (end != text.size())
        return errorAt(u"Invalid version: %1: unexpected %2"_s.arg(quoted(text), quoted(text.sliced(end, 1))),
                       end);
    return scan.version;
}

QString Pep440Specifier::canonicalKey() const
{
    if (op == u"===" || version.endsWith(u".*"))
        return op + u' ' + version;
    const auto parsed = parsePep440Version(version);
    if (!parsed)
        return op + u' ' + version;
    return op + u' ' + parsed.value().canonical(op != u"~=");
}

Pep440SpecifierMatch matchPep440Specifier(QStringView text, qsizetype pos)
{
    Pep440SpecifierMatch m;
    const QStringView op = operatorAt(text, pos);
    if (op.isEmpty())
        return m;
    const qsizetype versionStart = skipPythonSpace(text, pos + op.size());
    if (op == u"===") {
        // ===\s*[^\s;)]*
        qsizetype e = versionStart;
        while (e < text.size() && !isPythonSpace(text[e]) && text[e] != u';' && text[e] != u')')
            ++e;
        m.end = e;
        m.versionStart = versionStart;
        m.specifier = {op.toString(), text.sliced(versionStart, e - versionStart).toString()};
        return m;
    }
    Form form = Form::Ordered;
    if (op == u"==" || op == u"!=")
        form = Form::Equality;
    else if (op == u"~=")
        form = Form::Compatible;
    const VersionScan scan = scanVersion(text, versionStart, form);
    if (scan.end < 0)
        return m;
    m.end = scan.end;
    m.versionStart = versionStart;
    m.specifier = {op.toString(), text.sliced(versionStart, scan.end - versionStart).toString()};
    m.wildcard = scan.wildcard;
    m.hasSuffix = scan.hasSuffix;
    m.hasLocal = scan.hasLocal;
    return m;
}

Pep440SpecifierProblem explainPep440Specifier(QStringView s, qsizetype pos)
{
    pos = std::clamp<qsizetype>(pos, 0, s.size());
    qsizetype textEnd = pos;
    while (textEnd < s.size() && QStringView(u"<>=!~").contains(s[textEnd]))
        ++textEnd;
    textEnd = skipPythonSpace(s, textEnd);
    Pep440SpecifierProblem problem = explainProblem(s, pos);
    problem.text = s.sliced(pos, textEnd - pos + versionWord(s, textEnd).size()).toString();
    return problem;
}

Result<Pep440Specifier> parsePep440Specifier(QStringView text)
{
    const qsizetype start = skipPythonSpace(text, 0);
    const Pep440SpecifierMatch m = matchPep440Specifier(text, start);
    const auto invalid = [&](const Pep440SpecifierProblem &problem) {
        return errorAt(u"Invalid specifier: %1: %2"_s.arg(quoted(text.trimmed()), problem.reason),
                       problem.position);
    };
    if (m.end < 0)
        return invalid(explainPep440Specifier(text, start));
    const qsizetype end = skipPythonSpace(text, m.end);
    if (end != text.size() && end == m.end)
        return invalid(explainPep440Specifier(text, start));
    if (end != text.size())
        return invalid(problemAt(u"unexpected %1 after the version"_s.arg(quoted(text.sliced(end, 1))), end));
    if (m.specifier.op == u"===") {
        const QString &version = m.specifier.version;
        if (version.isEmpty() || !std::all_of(version.cbegin(), version.cend(), isArbitraryVersionChar))
            return invalid(explainPep440Specifier(text, start));
    }
    return m.specifier;
}

} // namespace Kiln
