#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Kiln {

// A PEP 508 dependency specification, parsed like pip's packaging library
// (packaging.requirements.Requirement, _parser.py, _tokenizer.py). Kiln accepts no
// line that packaging rejects, and is stricter in a few places: names and extras end
// with a letter or digit (PEP 508; packaging lets "foo_" through), "name @ url" needs
// "scheme://" and a host (packaging 22 did the same), the string after "===" must be
// non-empty and free of shell metacharacters, marker strings cannot contain a backslash,
// and archive file names ("x.whl"), pip options, comments, paths and shell syntax are
// reported as what they are.
struct PipRequirement
{
    QString name;       // as written
    QStringList extras; // as written, without duplicates, sorted
    QString specifier;  // normalised version specifier set, e.g. "<2,>=1.0"; null when absent
    QString marker;     // environment marker, normalised like str(Marker); null when absent
    QString url;        // for "name @ url", null otherwise

    // The name normalised per PEP 503 ("Foo__Bar.baz" -> "foo-bar-baz").
    QString normalizedName() const;
    // The argument passed to pip install: the normalised requirement, which parses
    // back to the same value.
    QString toString() const;
    // {"valid":true,"name":...,"extras":[...],"specifier":...,"marker":...,"url":...}
    // Absent parts are null; extras is always an array.
    QJsonObject toJson() const;

    friend bool operator==(const PipRequirement &, const PipRequirement &) = default;
};

// Parses one requirement line. Errors carry packaging's message (or a more specific
// one for pip options, comments, paths and shell syntax) and the 1-based column.
Result<PipRequirement> parsePipRequirement(QStringView line);

} // namespace Kiln
