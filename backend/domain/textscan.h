#pragma once

// Internal helpers shared by the hand-written grammars in domain/: ASCII character
// classes, how a character or a piece of text is shown in a message, the error for
// a 0-based position, and the error-keeping base of the conda parsers. Not part of
// any grammar's public API.

#include "domain/result.h"

#include <QChar>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <optional>

namespace Kiln::TextScan {

constexpr bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}
constexpr bool isAsciiLower(QChar c)
{
    return c.unicode() >= u'a' && c.unicode() <= u'z';
}
constexpr bool isAsciiUpper(QChar c)
{
    return c.unicode() >= u'A' && c.unicode() <= u'Z';
}
constexpr bool isAsciiLetter(QChar c)
{
    return isAsciiLower(c) || isAsciiUpper(c);
}
constexpr bool isAsciiAlnum(QChar c)
{
    return isAsciiLetter(c) || isAsciiDigit(c);
}
constexpr bool isAsciiLowerAlnum(QChar c)
{
    return isAsciiLower(c) || isAsciiDigit(c);
}

// "'x'", "a space", "a tab", "a line break", "'é' (U+00E9)" or "the control or
// unprintable character U+0007" for s[i]; a surrogate pair counts as one character.
QString describeCharacter(QStringView s, qsizetype i);

// "'x'" for printable ASCII, "U+XXXX" otherwise (a space too), so that a message
// never carries an invisible or confusing character.
QString quoteChar(QChar c);

// quoteChar(), but "a space" for a space.
QString quoteCharOrSpace(QChar c);

// "'text'".
QString quoted(QStringView text);

// The error for the character at the 0-based `index` (column index + 1).
ValidationError errorAt(QString message, qsizetype index);

// JSON null for a null string, the string otherwise ("" stays "").
QJsonValue stringOrNull(const QString &s);

// The state of a parser that walks `s` and keeps only the first error it meets.
class Scanner
{
public:
    std::optional<ValidationError> err;

protected:
    explicit Scanner(QStringView text)
        : s(text)
    {}

    QStringView s;

    // Records the error at `index` unless one is already recorded; always false.
    bool fail(const QString &message, qsizetype index);
    // s[i] when 0 <= i < stop, a null QChar otherwise.
    QChar ch(qsizetype i, qsizetype stop) const { return i >= 0 && i < stop ? s[i] : QChar(); }
    // Moves pos past the spaces (not tabs) before `stop`.
    void skipSpaces(qsizetype &pos, qsizetype stop) const
    {
        while (pos < stop && s[pos] == u' ')
            ++pos;
    }
};

} // namespace Kiln::TextScan
