#pragma once

#include "debianversion.h"
#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

#include <optional>

namespace Kiln {

// One line of an APT package list, as `apt-get install` accepts it (apt-get(8)):
//   name[:arch][=version | /release]
// - name: Debian Policy 5.6.1, at least two characters, lowercase letters, digits,
//   '+', '-' and '.', starting with a letter or digit. A trailing '-' is rejected:
//   apt-get install reads "name-" as "remove name".
// - arch: a Debian architecture name (lowercase letters, digits and '-', starting with
//   a letter), which includes "any", "all" and "native".
// - =version: a Debian version (see parseDebianVersion()).
// - /release: a release, suite or codename such as "stable" or "bookworm-backports"
//   (letters, digits and . - _ ~ +, starting with a letter or digit).
// Whitespace, control characters and shell metacharacters are rejected with a message
// that says shell syntax is not allowed, so a line is always exactly one argument.
struct AptPackage
{
    QString name;
    QString arch;                         // null when absent
    std::optional<DebianVersion> version; // absent when no '='
    QString release;                      // null when absent

    // The argument passed to apt-get install, e.g. "curl=7.88.1-10".
    QString toString() const;
    // {"valid":true,"name":...,"arch":...,"version":{...}|null,"release":...}
    QJsonObject toJson() const;

    friend bool operator==(const AptPackage &, const AptPackage &) = default;
};

// Parses one line. Error columns are 1-based within `line`.
Result<AptPackage> parseAptPackage(QStringView line);

} // namespace Kiln
