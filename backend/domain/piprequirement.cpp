#include "piprequirement.h"

#include "pep440.h"
#include "textscan.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QSet>

#include <algorithm>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

// A port of packaging's PEP 508 parser (packaging/_parser.py and _tokenizer.py):
// the same grammar, the same token rules and the same error messages, with more
// specific messages where packaging's would not tell a user what is wrong.

namespace Kiln {

namespace {

using namespace TextScan;

constexpr int kMaxMarkerDepth = 64;

bool isNameChar(QChar c) // [A-Za-z0-9._-]
{
    return isAsciiAlnum(c) || c == u'.' || c == u'_' || c == u'-';
}

bool isWordChar(QChar c) // Python's \w
{
    return c.isLetterOrNumber() || c == u'_';
}

bool isWs(QChar c) // the WS token: [ \t]
{
    return c == u' ' || c == u'\t';
}

QString elided(QStringView text)
{
    constexpr qsizetype kMax = 48;
    if (text.size() <= kMax)
        return text.toString();
    return text.first(kMax - 3).toString() + u"..."_s;
}

QString onePerLine()
{
    return u"A package list holds one requirement per line, such as requests>=2.31."_s;
}

// PEP 503 / packaging.utils.canonicalize_name: runs of [-_.] become "-", lower case.
QString canonicalizeName(QStringView name)
{
    QString out;
    bool previousSeparator = false;
    for (QChar c : name) {
        const bool separator = c == u'-' || c == u'_' || c == u'.';
        if (!separator || !previousSeparator)
            out += separator ? QChar(u'-') : c;
        previousSeparator = separator;
    }
    return out.toLower();
}

// The marker variables of packaging's VARIABLE token, with the deprecated spellings
// it still accepts (written with '.', and python_implementation).
// clang-format off
constexpr std::array<QStringView, 18> kMarkerVariables = {
    u"python_version", u"python_full_version", u"os_name", u"os.name", u"sys_platform", u"sys.platform",
    u"platform_release", u"platform_system", u"platform_version", u"platform.version", u"platform_machine",
    u"platform.machine", u"platform_python_implementation", u"platform.python_implementation",
    u"python_implementation", u"implementation_name", u"implementation_version", u"extra"};
constexpr std::array<QStringView, 8> kMarkerOperators = {u"===", u"==", u"~=", u"!=", u"<=", u">=", u"<", u">"};

// pip options (space-separated spellings) and what they do.
constexpr std::array<std::pair<QStringView, QStringView>, 12> kPipOptions = {{
    {u"-r --requirement", u"that includes another requirements file"},
    {u"-c --constraint", u"that applies a constraints file"},
    {u"-e --editable", u"that installs a local project or VCS checkout in editable mode"},
    {u"-i --index-url --extra-index-url --no-index", u"that changes the package index"},
    {u"-f --find-links", u"that adds a place to look for archives"},
    {u"--hash", u"that pins an archive hash"},
    {u"--require-hashes", u"that turns on hash checking"},
    {u"--pre", u"that allows pre-releases"},
    {u"--trusted-host", u"that trusts a host"},
    {u"--prefer-binary --only-binary --no-binary", u"that chooses between wheels and source builds"},
    {u"-C --config-settings --global-option --install-option", u"that passes options to the build"},
    {u"--use-feature", u"that enables a pip feature"}}};
// clang-format on

QString markerVariableList()
{
    QStringList names;
    for (QStringView variable : kMarkerVariables) {
        if (!variable.contains(u'.') && variable != u"python_implementation")
            names.append(variable.toString());
    }
    return names.join(u", ");
}

QString describeOption(QStringView option)
{
    for (const auto &[names, what] : kPipOptions) {
        for (QStringView name : names.tokenize(u' ')) {
            if (name == option)
                return what.toString();
        }
    }
    return {};
}

constexpr std::array<QStringView, 13> kArchiveExtensions = {
    u".whl",    u".zip", u".tar.gz", u".tgz",    u".tar",      u".tar.bz2", u".tbz",
    u".tar.xz", u".txz", u".tlz",    u".tar.lz", u".tar.lzma", u".egg",
};

struct Failure
{
    QString message;
    qsizetype position = 0;
};

// A marker (sub)expression already formatted like packaging's _format_marker.
// `compound` is set for an and/or list, which needs parentheses inside another one.
struct FormattedMarker
{
    QString text;
    bool compound = false;
};

struct MarkerOperand
{
    bool isVariable = false;
    QString value;

    QString serialize() const
    {
        if (isVariable)
            return value;
        // packaging always writes "..."; a value that contains '"' came from a
        // '...' string and is written back that way so that it parses again.
        return value.contains(u'"') ? u"'"_s + value + u"'"_s : u"\""_s + value + u"\""_s;
    }
};

class Parser
{
public:
    explicit Parser(QStringView source)
        : m_s(source)
    {}

    PipRequirement parse();

private:
    QChar peek() const { return m_pos < m_s.size() ? m_s[m_pos] : QChar(); }
    bool atEnd() const { return m_pos >= m_s.size(); }
    void consumeWs()
    {
        while (m_pos < m_s.size() && isWs(m_s[m_pos]))
            ++m_pos;
    }
    bool boundaryAt(qsizetype p) const
    {
        const bool before = p > 0 && p - 1 < m_s.size() && isWordChar(m_s[p - 1]);
        const bool after = p < m_s.size() && isWordChar(m_s[p]);
        return before != after;
    }
    bool keywordAt(qsizetype p, QStringView word) const
    {
        return m_s.sliced(p).startsWith(word) && boundaryAt(p) && boundaryAt(p + word.size());
    }
    QStringView markerVariableAt(qsizetype p) const;
    bool looksLikeMarkerAt(qsizetype p) const;

    [[noreturn]] void fail(const QString &message, qsizetype position) const
    {
        throw Failure{message, position};
    }
    [[noreturn]] void failUnexpected(const QString &message, qsizetype position) const;
    [[noreturn]] void failOption(qsizetype position) const;
    // Consumes the ')' that closes the '(' at `open`; fails naming what came before.
    void expectClosingParenthesis(qsizetype open, QStringView after);
    void rejectForeignSyntaxAt(qsizetype position) const;

    void rejectLineSyntax() const;
    QString parseIdentifier(const QString &what);
    QStringList parseExtras();
    void parseUrl();
    QString parseSpecifier();
    QList<Pep440Specifier> parseVersionMany();
    void failInvalidSpecifier(qsizetype start) const;

    FormattedMarker parseMarker(int depth);
    FormattedMarker parseMarkerAtom(int depth);
    FormattedMarker parseMarkerItem();
    MarkerOperand parseMarkerOperand();
    QString parseMarkerOp();

    QStringView m_s;
    qsizetype m_pos = 0;
    qsizetype m_nameEnd = -1;
    qsizetype m_markerStart = -1; // just after the ';' of the requirement
    bool m_inMarker = false;
    PipRequirement m_result;
};

// Whether a marker item (or a parenthesised one) starts at p: a quoted string, or a
// marker variable followed by a marker operator.
bool Parser::looksLikeMarkerAt(qsizetype p) const
{
    while (p < m_s.size() && (isWs(m_s[p]) || m_s[p] == u'('))
        ++p;
    if (p < m_s.size() && (m_s[p] == u'"' || m_s[p] == u'\''))
        return true;
    const QStringView variable = markerVariableAt(p);
    if (variable.isEmpty())
        return false;
    p += variable.size();
    while (p < m_s.size() && isWs(m_s[p]))
        ++p;
    if (keywordAt(p, u"in") || keywordAt(p, u"not"))
        return true;
    const QStringView rest = m_s.sliced(p);
    return std::any_of(kMarkerOperators.begin(), kMarkerOperators.end(),
                       [&](QStringView op) { return rest.startsWith(op); });
}

QStringView Parser::markerVariableAt(qsizetype p) const
{
    for (QStringView variable : kMarkerVariables) {
        if (keywordAt(p, variable))
            return variable;
    }
    return {};
}

void Parser::failOption(qsizetype position) const
{
    const QStringView rest = m_s.sliced(position).trimmed();
    qsizetype e = position + 1;
    while (e < m_s.size() && !isWs(m_s[e]) && m_s[e] != u'=')
        ++e;
    QStringView option = m_s.sliced(position, e - position);
    if (!option.startsWith(u"--") && option.size() > 2)
        option = option.first(2);
    const QString what = describeOption(option);
    if (what.isEmpty())
        fail(u"%1 looks like a command-line option, not part of a requirement. %2"_s.arg(quoted(elided(rest)),
                                                                                         onePerLine()),
             position);
    fail(u"%1 is a pip option %2, not part of a requirement. %3"_s.arg(quoted(elided(rest)), what,
                                                                       onePerLine()),
         position);
}

// Requirements-file and shell syntax where the grammar stops: say what it is.
void Parser::rejectForeignSyntaxAt(qsizetype position) const
{
    if (position < 0 || position >= m_s.size())
        return;
    const QChar c = m_s[position];
    if (c == u'#')
        fail(u"%1 is a comment (requirements-file syntax), not part of a requirement. %2"_s.arg(
                 quoted(elided(m_s.sliced(position).trimmed())), onePerLine()),
             position);
    if (c == u'-' && (position == 0 || isWs(m_s[position - 1])) && position + 1 < m_s.size() &&
        (m_s[position + 1] == u'-' || isAsciiLetter(m_s[position + 1])))
        failOption(position);
    if ((c == u'/' || c == u'\\') && position == m_nameEnd)
        fail(u"%1 looks like a local path, not a requirement; a local project is installed as "
             u"'name @ file:///absolute/path'. %2"_s.arg(quoted(elided(m_s.trimmed())), onePerLine()),
             position);
    if (!m_inMarker && (c == u'\'' || c == u'"'))
        fail(
            u"Quotes are not part of a requirement; write it without them (Kiln quotes every package for the "
            u"shell)"_s,
            position);
    if (QStringView(u"|&$`\\{}").contains(c))
        fail(u"%1 is a shell metacharacter, not part of a requirement. A package list holds one requirement "
             u"per line, not shell commands."_s.arg(quoted(m_s.sliced(position, 1))),
             position);
}

void Parser::failUnexpected(const QString &message, qsizetype position) const
{
    rejectForeignSyntaxAt(position);
    if (m_inMarker && position < m_s.size() && m_s[position] == u';')
        fail(message + u": a requirement has at most one ';'; combine marker conditions with 'and' or 'or'"_s,
             position);
    fail(message, position);
}

// Pip options, comments, bare paths and bare URLs, recognised before any grammar.
void Parser::rejectLineSyntax() const
{
    const QStringView rest = m_s.sliced(m_pos).trimmed();
    const QChar c = peek();
    if (c == u'#')
        fail(u"This line is a comment (requirements-file syntax), not a requirement. %1"_s.arg(onePerLine()),
             m_pos);
    if (c == u'-')
        failOption(m_pos);
    qsizetype i = m_pos;
    if (isAsciiLetter(c)) {
        while (i < m_s.size() && (isAsciiAlnum(m_s[i]) || m_s[i] == u'+' || m_s[i] == u'-' || m_s[i] == u'.'))
            ++i;
        if (m_s.sliced(i).startsWith(u"://"))
            fail(u"%1 is a bare URL, not a requirement; write it as 'name @ %2'. %3"_s.arg(
                     quoted(elided(rest)), elided(rest), onePerLine()),
                 m_pos);
    }
    const bool drive = isAsciiLetter(c) && m_pos + 2 < m_s.size() && m_s[m_pos + 1] == u':' &&
                       (m_s[m_pos + 2] == u'\\' || m_s[m_pos + 2] == u'/');
    if (c == u'.' || c == u'/' || c == u'~' || c == u'\\' || drive)
        fail(u"%1 is a local path, not a requirement; a local project is installed as "
             u"'name @ file:///absolute/path'. %2"_s.arg(quoted(elided(rest)), onePerLine()),
             m_pos);
}

// IDENTIFIER, with PEP 508's rule that it ends with a letter or digit.
QString Parser::parseIdentifier(const QString &what)
{
    const qsizetype start = m_pos;
    qsizetype e = start;
    while (e < m_s.size() && isNameChar(m_s[e]))
        ++e;
    if (e < m_s.size() && isWordChar(m_s[e]))
        fail(u"%1 is not allowed in a %2: it may contain only ASCII letters, digits, '-', '_' and '.'"_s.arg(
                 quoted(m_s.sliced(e, 1)), what),
             e);
    if (!isAsciiAlnum(m_s[e - 1])) {
        qsizetype t = e;
        while (t > start && !isAsciiAlnum(m_s[t - 1]))
            --t;
        fail(u"Invalid %1 %2: it must start and end with a letter or digit"_s.arg(
                 what, quoted(m_s.sliced(start, e - start))),
             t);
    }
    m_pos = e;
    return m_s.sliced(start, e - start).toString();
}

QStringList Parser::parseExtras()
{
    QStringList extras;
    if (peek() != u'[')
        return extras;
    const qsizetype open = m_pos;
    ++m_pos;
    consumeWs();
    const auto badExtraStart = [&] {
        const QChar c = peek();
        return c == u'_' || c == u'-' || c == u'.' || (isWordChar(c) && !isAsciiAlnum(c));
    };
    if (badExtraStart())
        fail(u"Invalid extra name: an extra name starts with an ASCII letter or digit"_s, m_pos);
    if (isAsciiAlnum(peek())) {
        extras.append(parseIdentifier(u"extra name"_s));
        for (;;) {
            consumeWs();
            if (isAsciiAlnum(peek()))
                fail(u"Expected comma between extra names"_s, m_pos);
            if (peek() != u',')
                break;
            ++m_pos;
            consumeWs();
            if (badExtraStart())
                fail(u"Invalid extra name: an extra name starts with an ASCII letter or digit"_s, m_pos);
            if (!isAsciiAlnum(peek()))
                failUnexpected(u"Expected extra name after comma"_s, m_pos);
            extras.append(parseIdentifier(u"extra name"_s));
        }
    }
    consumeWs();
    if (peek() != u']')
        failUnexpected(
            u"Expected closing RIGHT_BRACKET ']' for the '[' at column %1, after extras"_s.arg(open + 1),
            m_pos);
    ++m_pos;
    return extras;
}

void Parser::parseUrl()
{
    const qsizetype start = m_pos;
    qsizetype e = start;
    while (e < m_s.size() && !isWs(m_s[e]))
        ++e;
    if (e == start)
        fail(u"Expected URL after @"_s, m_pos);
    const QStringView url = m_s.sliced(start, e - start);

    // "name @ url;marker": without whitespace the ';' and the marker belong to the URL.
    for (qsizetype i = url.indexOf(u';'); i >= 0; i = url.indexOf(u';', i + 1)) {
        if (looksLikeMarkerAt(start + i + 1))
            fail(
                u"Expected whitespace before ';': after a URL the ';' that starts an environment marker must "
                u"follow a space, as in 'name @ https://host/name.whl ; python_version < \"3.8\"'"_s,
                start + i);
    }
    qsizetype i = 0;
    while (i < url.size() && (isAsciiAlnum(url[i]) || url[i] == u'+' || url[i] == u'-' || url[i] == u'.'))
        ++i;
    if (i == 0 || !isAsciiLetter(url[0]) || i == url.size() || url[i] != u':')
        fail(u"%1 is not a URL: a URL starts with a scheme, as in https://, file:// or git+https://"_s.arg(
                 quoted(elided(url))),
             start);
    const QStringView scheme = url.first(i);
    if (!url.sliced(i + 1).startsWith(u"//"))
        fail(u"Invalid URL %1: expected '//' after '%2:'"_s.arg(quoted(elided(url)), scheme), start + i + 1);
    const qsizetype authority = i + 3;
    qsizetype authorityEnd = authority;
    while (authorityEnd < url.size() && url[authorityEnd] != u'/' && url[authorityEnd] != u'?' &&
           url[authorityEnd] != u'#')
        ++authorityEnd;
    const bool file = scheme.compare(u"file", Qt::CaseInsensitive) == 0;
    if (!file && authorityEnd == authority)
        fail(u"Invalid URL %1: a host is missing after '%2://'"_s.arg(quoted(elided(url)), scheme),
             start + authority);
    if (file && authority == url.size())
        fail(u"Invalid URL %1: a path is missing after 'file://'"_s.arg(quoted(elided(url))),
             start + authority);
    for (qsizetype k = 0; k < url.size(); ++k) {
        const QChar c = url[k];
        const char16_t u = c.unicode();
        if (u < 0x21 || u == 0x7f || QStringView(u"\"<>\\^`{|}").contains(c))
            fail(u"%1 is not allowed in a URL; percent-encode it as %%2"_s.arg(
                     u < 0x21 || u == 0x7f ? u"A control character"_s : quoted(url.sliced(k, 1)),
                     QString::number(u, 16).toUpper().rightJustified(2, u'0')),
                 start + k);
        if (u > 0x7e)
            fail(
                u"%1 is not allowed in a URL; percent-encode its UTF-8 bytes"_s.arg(quoted(url.sliced(k, 1))),
                start + k);
    }
    m_result.url = url.toString();
    m_pos = e;
}

void Parser::failInvalidSpecifier(qsizetype start) const
{
    const Pep440SpecifierProblem problem = explainPep440Specifier(m_s, start);
    fail(u"Invalid specifier: %1: %2"_s.arg(quoted(problem.text), problem.reason), problem.position);
}

// version_many = (SPECIFIER (WS? COMMA WS? SPECIFIER)*)?
QList<Pep440Specifier> Parser::parseVersionMany()
{
    QList<Pep440Specifier> specifiers;
    for (;;) {
        const Pep440SpecifierMatch match = matchPep440Specifier(m_s, m_pos);
        if (match.end < 0) {
            if (QStringView(u"<>=!~").contains(peek()))
                failInvalidSpecifier(m_pos);
            break;
        }
        const qsizetype start = m_pos;
        m_pos = match.end;
        if (!atEnd() && !isWs(peek()) && peek() != u',' && peek() != u';' && peek() != u')') {
            // ".*" or "+local" where they are not allowed, or a version that goes on
            // with characters PEP 440 does not allow.
            if (peek() != u'.' && peek() != u'+')
                rejectForeignSyntaxAt(m_pos);
            failInvalidSpecifier(start);
        }
        // packaging joins the tokens and splits the set on ',', so an arbitrary
        // "===" string that contains a comma is more than one specifier.
        const QStringView token = m_s.sliced(start, match.end - start);
        for (QStringView piece : token.tokenize(u',')) {
            if (piece.trimmed().isEmpty())
                continue;
            const auto parsed = parsePep440Specifier(piece);
            if (!parsed)
                fail(parsed.error().message,
                     start + (piece.data() - token.data()) + parsed.error().column - 1);
            specifiers.append(parsed.value());
        }
        consumeWs();
        if (peek() != u',')
            break;
        ++m_pos;
        consumeWs();
    }
    return specifiers;
}

void Parser::expectClosingParenthesis(qsizetype open, QStringView after)
{
    if (peek() != u')')
        failUnexpected(u"Expected closing RIGHT_PARENTHESIS ')' for the '(' at column %1, after %2"_s.arg(
                           QString::number(open + 1), after),
                       m_pos);
    ++m_pos;
}

// specifier = LEFT_PARENTHESIS WS? version_many WS? RIGHT_PARENTHESIS | WS? version_many WS?
QString Parser::parseSpecifier()
{
    QList<Pep440Specifier> specifiers;
    if (peek() == u'(') {
        const qsizetype open = m_pos;
        ++m_pos;
        consumeWs();
        specifiers = parseVersionMany();
        consumeWs();
        expectClosingParenthesis(open, u"version specifier");
    } else {
        consumeWs();
        specifiers = parseVersionMany();
        consumeWs();
    }
    // str(SpecifierSet): a set (equal specifiers, by canonical version, kept once,
    // the first one written wins), sorted and joined with ",".
    QStringList texts;
    QSet<QString> seen;
    for (const Pep440Specifier &specifier : std::as_const(specifiers)) {
        if (seen.contains(specifier.canonicalKey()))
            continue;
        seen.insert(specifier.canonicalKey());
        texts.append(specifier.toString());
    }
    std::sort(texts.begin(), texts.end());
    return texts.join(u',');
}

// marker = marker_atom (BOOLOP marker_atom)*
FormattedMarker Parser::parseMarker(int depth)
{
    if (depth > kMaxMarkerDepth)
        fail(u"Environment markers nested more than %1 levels deep are not supported"_s.arg(kMaxMarkerDepth),
             m_pos);
    QList<FormattedMarker> atoms{parseMarkerAtom(depth)};
    QStringList ops;
    for (;;) {
        QStringView op;
        if (keywordAt(m_pos, u"or"))
            op = u"or";
        else if (keywordAt(m_pos, u"and"))
            op = u"and";
        else
            break;
        m_pos += op.size();
        ops.append(op.toString());
        atoms.append(parseMarkerAtom(depth));
    }
    // A one-element list is transparent. (packaging drops the parentheses of a
    // doubly parenthesised group inside a longer expression, which changes its
    // meaning; Kiln keeps them.)
    if (atoms.size() == 1)
        return atoms.first();
    FormattedMarker out;
    out.compound = true;
    for (qsizetype i = 0; i < atoms.size(); ++i) {
        if (i > 0)
            out.text += u' ' + ops.at(i - 1) + u' ';
        out.text += atoms.at(i).compound ? u"("_s + atoms.at(i).text + u")"_s : atoms.at(i).text;
    }
    return out;
}

// marker_atom = WS? LEFT_PARENTHESIS WS? marker WS? RIGHT_PARENTHESIS WS? | WS? marker_item WS?
FormattedMarker Parser::parseMarkerAtom(int depth)
{
    consumeWs();
    FormattedMarker out;
    if (peek() == u'(') {
        const qsizetype open = m_pos;
        ++m_pos;
        consumeWs();
        out = parseMarker(depth + 1);
        consumeWs();
        expectClosingParenthesis(open, u"marker expression");
    } else {
        out = parseMarkerItem();
    }
    consumeWs();
    return out;
}

// marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
FormattedMarker Parser::parseMarkerItem()
{
    consumeWs();
    MarkerOperand lhs = parseMarkerOperand();
    consumeWs();
    const QString op = parseMarkerOp();
    consumeWs();
    MarkerOperand rhs = parseMarkerOperand();
    consumeWs();
    // PEP 685: extra names compare normalised (packaging's _normalize_extra_values).
    if (lhs.isVariable && lhs.value == u"extra" && !rhs.isVariable)
        rhs.value = canonicalizeName(rhs.value);
    else if (rhs.isVariable && rhs.value == u"extra" && !lhs.isVariable)
        lhs.value = canonicalizeName(lhs.value);
    return {lhs.serialize() + u' ' + op + u' ' + rhs.serialize(), false};
}

// marker_var = VARIABLE | QUOTED_STRING
MarkerOperand Parser::parseMarkerOperand()
{
    if (const QStringView variable = markerVariableAt(m_pos); !variable.isEmpty()) {
        m_pos += variable.size();
        QString name = variable.toString().replace(u'.', u'_');
        if (name == u"python_implementation")
            name = u"platform_python_implementation"_s;
        return {true, name};
    }
    const QChar quote = peek();
    if (quote == u'\'' || quote == u'"') {
        const qsizetype close = m_s.indexOf(quote, m_pos + 1);
        if (close < 0)
            fail(u"Expected a marker variable or quoted string: the string that starts at column %1 has no "
                 u"closing %2"_s.arg(m_pos + 1)
                     .arg(quote),
                 m_s.size());
        for (qsizetype i = m_pos + 1; i < close; ++i) {
            if (m_s[i] == u'\\')
                fail(u"Invalid quoted string: PEP 508 marker strings cannot contain a backslash"_s, i);
            if (m_s[i].unicode() < 0x20 && m_s[i] != u'\t')
                fail(u"Invalid quoted string: it contains a control character"_s, i);
        }
        const QString value = m_s.sliced(m_pos + 1, close - m_pos - 1).toString();
        m_pos = close + 1;
        return {false, value};
    }
    QString message = u"Expected a marker variable or quoted string"_s;
    qsizetype e = m_pos;
    while (e < m_s.size() && (isWordChar(m_s[e]) || m_s[e] == u'.'))
        ++e;
    if (e > m_pos) {
        message += u", found %1 (marker variables: %2)"_s.arg(quoted(m_s.sliced(m_pos, e - m_pos)),
                                                              markerVariableList());
        qsizetype t = m_markerStart;
        while (t < m_s.size() && isWs(m_s[t]))
            ++t;
        if (t == m_pos)
            message +=
                u"; the ';' starts an environment marker such as python_version < \"3.8\", it does not "
                u"separate commands"_s;
    } else if (atEnd()) {
        message += u", but the line ends"_s;
    }
    failUnexpected(message, m_pos);
}

// marker_op = IN | NOT IN | OP
QString Parser::parseMarkerOp()
{
    if (keywordAt(m_pos, u"in")) {
        m_pos += 2;
        return u"in"_s;
    }
    if (keywordAt(m_pos, u"not")) {
        m_pos += 3;
        if (!isWs(peek()))
            fail(u"Expected whitespace after 'not'"_s, m_pos);
        consumeWs();
        if (!keywordAt(m_pos, u"in"))
            fail(u"Expected 'in' after 'not'"_s, m_pos);
        m_pos += 2;
        return u"not in"_s;
    }
    for (QStringView op : kMarkerOperators) {
        if (m_s.sliced(m_pos).startsWith(op)) {
            m_pos += op.size();
            return op.toString();
        }
    }
    failUnexpected(u"Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in"_s, m_pos);
}

// requirement = WS? IDENTIFIER WS? extras WS? requirement_details
PipRequirement Parser::parse()
{
    consumeWs();
    rejectLineSyntax();
    if (!isAsciiAlnum(peek())) {
        QString message = u"Expected package name at the start of dependency specifier"_s;
        if (m_s.trimmed().isEmpty())
            message += u": the line is empty"_s;
        failUnexpected(message, m_pos);
    }
    const qsizetype nameStart = m_pos;
    m_result.name = parseIdentifier(u"package name"_s);
    m_nameEnd = m_pos;
    consumeWs();
    m_result.extras = parseExtras();
    m_result.extras.removeDuplicates();
    std::sort(m_result.extras.begin(), m_result.extras.end());
    consumeWs();

    // requirement_details = AT URL (WS requirement_marker?)? | specifier WS? (requirement_marker)?
    if (peek() == u'@') {
        ++m_pos;
        consumeWs();
        parseUrl();
        consumeWs();
        if (!atEnd() && peek() != u';')
            failUnexpected(u"Expected end or semicolon (after URL and whitespace)"_s, m_pos);
    } else {
        const QString specifier = parseSpecifier();
        if (!specifier.isEmpty())
            m_result.specifier = specifier;
        consumeWs();
        if (!atEnd() && peek() != u';') {
            if (QStringView(u"<>=!~").contains(peek()) && !specifier.isEmpty())
                fail(
                    u"Expected end or semicolon (after version specifier): separate version specifiers with ','"_s,
                    m_pos);
            failUnexpected(specifier.isEmpty()
                               ? u"Expected end or semicolon (after name and no valid version specifier)"_s
                               : u"Expected end or semicolon (after version specifier)"_s,
                           m_pos);
        }
        const QStringView name = m_result.name;
        for (QStringView extension : kArchiveExtensions) {
            if (m_result.specifier.isNull() && name.endsWith(extension, Qt::CaseInsensitive) &&
                name.size() > extension.size())
                fail(u"%1 looks like an archive file name: pip would install it as a local file instead of "
                     u"looking the name up on the package index. Use 'name @ file:///absolute/path/%2' for a "
                     u"local archive."_s.arg(quoted(name), name),
                     nameStart);
        }
    }
    if (peek() == u';') {
        ++m_pos;
        m_markerStart = m_pos;
        m_inMarker = true;
        m_result.marker = parseMarker(0).text;
        consumeWs();
        if (!atEnd())
            failUnexpected(u"Expected end of dependency specifier"_s, m_pos);
    }
    return m_result;
}

} // namespace

QString PipRequirement::normalizedName() const
{
    return canonicalizeName(name);
}

QString PipRequirement::toString() const
{
    QString out = name;
    if (!extras.isEmpty())
        out += u'[' + extras.join(u',') + u']';
    if (!specifier.isNull())
        out += specifier;
    if (!url.isNull())
        out += u" @ "_s + url;
    if (!marker.isNull())
        out += (url.isNull() ? u"; "_s : u" ; "_s) + marker;
    return out;
}

QJsonObject PipRequirement::toJson() const
{
    return QJsonObject{
        {u"valid"_s, true},
        {u"name"_s, name},
        {u"extras"_s, QJsonArray::fromStringList(extras)},
        {u"specifier"_s, stringOrNull(specifier)},
        {u"marker"_s, stringOrNull(marker)},
        {u"url"_s, stringOrNull(url)},
    };
}

Result<PipRequirement> parsePipRequirement(QStringView line)
{
    try {
        return Parser(line).parse();
    } catch (const Failure &failure) {
        return errorAt(failure.message, std::clamp<qsizetype>(failure.position, 0, line.size()));
    }
}

} // namespace Kiln
