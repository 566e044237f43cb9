#pragma once

#include "debianversion.h"
#include "result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kiln {

// One line of an APT package list: name[:arch][=version | /release]
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

Result<AptPackage> parseAptPackage(QStringView line);

} // namespace Kiln
