#pragma once

#include "result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace Kiln {

// A conda MatchSpec:
// (channel(/subdir):(namespace):)name(version(build))[key1=value1,key2=value2]
// including the space-separated "name version build" form.
struct CondaMatchSpec
{
    QString channel;   // null when absent
    QString subdir;    // null when absent
    QString ns;        // namespace, null when absent
    QString name;
    QString version;   // null when absent
    QString build;     // null when absent
    QMap<QString, QString> keys; // bracket keys, e.g. {"build_number": "3"}

    // The argument passed to conda install (the canonical text of the spec).
    QString toString() const;
    // {"valid":true,"channel":...,"subdir":...,"namespace":...,"name":...,
    //  "version":...,"build":...,"keys":{...}}
    QJsonObject toJson() const;

    friend bool operator==(const CondaMatchSpec &, const CondaMatchSpec &) = default;
};

Result<CondaMatchSpec> parseCondaMatchSpec(QStringView line);

} // namespace Kiln
