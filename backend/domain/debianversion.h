#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace Kiln {

// [epoch:]upstream_version[-debian_revision] per Debian Policy 5.6.12, parsed the way
// dpkg's parseversion() does (lib/dpkg/parsehelp.c), with dpkg's warnings treated as
// errors:
//  - the epoch is everything before the FIRST ':' and must be digits (at most INT_MAX);
//  - the revision is everything after the LAST '-' and must not be empty;
//  - the upstream version must start with a digit and may contain ASCII letters,
//    digits and . + ~ - : (a '-' only exists there when a revision follows, a ':'
//    only when an epoch precedes);
//  - the revision may contain ASCII letters, digits and . + ~.
// Whitespace is rejected (dpkg trims it; callers trim lines before parsing).
struct DebianVersion
{
    QString epoch;    // digits as written (e.g. "1", "00"), null when absent
    QString upstream; // never empty
    QString revision; // null when absent

    // The version exactly as it was written: "1:2.30-1".
    QString toString() const;
    // {"epoch":...,"upstream":...,"revision":...}; absent parts are null.
    QJsonObject toJson() const;
    // dpkg ordering (dpkg_version_compare / verrevcmp): epochs compare numerically,
    // then upstream, then revision; '~' sorts before anything, even the end.
    // Returns <0, 0 or >0. Works on any strings, also ones parse would reject.
    static int compare(const DebianVersion &a, const DebianVersion &b);

    friend bool operator==(const DebianVersion &, const DebianVersion &) = default;
};

// Parses a Debian version. Error columns are 1-based within `text`.
Result<DebianVersion> parseDebianVersion(QStringView text);

} // namespace Kiln
