#pragma once

#include "result.h"

#include <QString>
#include <QStringView>

namespace Kiln {

// conda's VersionSpec grammar (conda/models/version.py, treeify and get_matcher), the
// version part of a MatchSpec:
//   or   := and ('|' and)*
//   and  := atom (',' atom)*
//   atom := '(' or ')' | [op] version          op: == != <= >= < > ~= =
// where a version is a VersionOrder literal ([epoch!]release[+local], parts separated by
// '.', '_' or '-'; a trailing '_' as in openssl's "1.0.1_"), optionally a '*' glob
// ("1.7*", "1.7.*", "1.*.3", "*"), or with an operator a trailing ".*" ("!=3.3.*").
// What conda accepts and Kiln rejects, with the column: regular expressions (^...$),
// "~=" with ".*", '-' and '_' in the same version, empty version parts, "===".
//
// conda stores a version rewritten by _sanitize_version_str(): "=1.7" becomes "1.7*"
// (without a build), "==1.7" becomes "1.7" (without a build), and spaces are removed.
// When the rewrite changes the text, the rewritten text is what must be valid
// ("==0+*" is rejected because conda would read it as "0+*").

enum class CondaVersionSyntax
{
    // After the package name in "name version build": a space may follow an operator
    // (">= 1.0") and surround ',' and '|'; parentheses are rejected (conda would drop
    // "(...)" there); the version ends before a space that is not next to ',' or '|',
    // or before '=' (the "version=build" form), and anything else after it is an error,
    // as is an operator after a space (">=1.0 <2": constraints must be joined with ',').
    // Text left after the version means a build follows, which changes the rewrite of
    // "=1.7" and "==1.7".
    Positional,
    // The value of [version="..."]: parentheses group, spaces may surround ',', '|',
    // '(' and ')' but may not follow an operator; no build follows.
    Bracket,
};

// A version spec read from the front of a longer text.
struct CondaVersionSpecPrefix
{
    QString version;   // as conda stores it
    qsizetype end = 0; // index in the text just past the version (before any spaces)
};

// Reads the version spec that starts at index `begin` of `text` (a whole MatchSpec line,
// or the part of it that holds the version and build) and stops where the grammar
// stops. Error columns are 1-based within `text`.
Result<CondaVersionSpecPrefix> readCondaVersionSpec(QStringView text, qsizetype begin,
                                                    CondaVersionSyntax syntax);

// The whole of `text` is one version spec in Bracket syntax (spaces around it allowed).
// Returns it as conda stores it, e.g. ">= 1.0" is an error, ">=1.0 , <2" gives
// ">=1.0,<2", "=1.7" gives "1.7*". Error columns are 1-based within `text`.
Result<QString> parseCondaVersionSpec(QStringView text);

} // namespace Kiln
