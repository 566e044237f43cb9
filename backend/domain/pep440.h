#pragma once

#include "result.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Kiln {

// A PEP 440 version, parsed exactly like packaging.version.Version (case-insensitive,
// optional leading "v", the alternative spellings of pre/post/dev releases).
// Numbers are kept as decimal strings without leading zeros, so no size limit applies.
struct Pep440Version
{
    QString epoch = QStringLiteral("0");
    QStringList release;               // at least one segment
    QString preLabel;                  // "a", "b" or "rc"; empty when not a pre-release
    QString preNumber;                 // set when preLabel is
    std::optional<QString> postNumber; // "1.0.post" gives "0"
    std::optional<QString> devNumber;
    QStringList local; // lower-cased; all-digit parts without leading zeros

    bool isPrerelease() const { return !preLabel.isEmpty() || devNumber.has_value(); }
    // The normalised form, as str(Version): "1!2.0rc1.post2.dev3+abc.5".
    QString toString() const;
    // packaging.utils.canonicalize_version: like toString() but trailing ".0"
    // release segments are dropped when stripTrailingZero is set ("1.0.0" -> "1").
    QString canonical(bool stripTrailingZero = true) const;

    friend bool operator==(const Pep440Version &, const Pep440Version &) = default;
};

// The whole text must be a version; surrounding whitespace is allowed as in packaging.
Result<Pep440Version> parsePep440Version(QStringView text);

// One version specifier such as ">=1.0", "==2.*" or "===foo", validated with the
// regular expression of packaging.specifiers.Specifier.
struct Pep440Specifier
{
    QString op;      // ~= == != <= >= < > ===
    QString version; // as written, without the surrounding whitespace

    // str(Specifier): the operator directly followed by the version.
    QString toString() const { return op + version; }
    // What packaging compares specifiers by: the operator and the canonical version
    // (trailing zeros kept for ~=); "===" and ".*" versions compare verbatim.
    QString canonicalKey() const;

    friend bool operator==(const Pep440Specifier &, const Pep440Specifier &) = default;
};

// The whole text must be one specifier; surrounding whitespace is allowed.
Result<Pep440Specifier> parsePep440Specifier(QStringView text);

// packaging's SPECIFIER token, matched at `pos` of `text` (not anchored at the end):
// what the PEP 508 parser uses to find where a specifier stops.
struct Pep440SpecifierMatch
{
    qsizetype end = -1; // one past the match; -1 when nothing matches at pos
    Pep440Specifier specifier;
    qsizetype versionStart = -1;
    bool wildcard = false;  // "==1.0.*"
    bool hasSuffix = false; // a pre-, post- or dev-release part
    bool hasLocal = false;  // "+local"
};
Pep440SpecifierMatch matchPep440Specifier(QStringView text, qsizetype pos);

// Why no specifier matches at `pos` (or why the one that matches does not end where
// it should): a sentence and the position where the text stops fitting.
struct Pep440SpecifierProblem
{
    QString text; // the specifier as written: operator, spaces, version
    QString reason;
    qsizetype position = 0;
};
Pep440SpecifierProblem explainPep440Specifier(QStringView text, qsizetype pos);

// Python's str.isspace()/"\s" for one UTF-16 unit (used by the specifier grammar).
bool isPythonSpace(QChar c);

} // namespace Kiln
