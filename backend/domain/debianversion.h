#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace Kiln {

// [epoch:]upstream_version[-debian_revision] per Debian Policy 5.6.12.
struct DebianVersion
{
    QString epoch;    // digits, null when absent
    QString upstream; // never empty
    QString revision; // null when absent

    QString toString() const;
    // {"epoch":...,"upstream":...,"revision":...}
    QJsonObject toJson() const;
    // dpkg ordering (tilde sorts before anything, even the end). <0, 0, >0.
    static int compare(const DebianVersion &a, const DebianVersion &b);

    friend bool operator==(const DebianVersion &, const DebianVersion &) = default;
};

Result<DebianVersion> parseDebianVersion(QStringView text);

} // namespace Kiln
