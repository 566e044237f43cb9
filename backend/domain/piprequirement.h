#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Kiln {

// A PEP 508 dependency specification.
struct PipRequirement
{
    QString name;
    QStringList extras;
    QString specifier; // normalised version specifier set, e.g. ">=1.0,<2"; null when absent
    QString marker;    // environment marker text, null when absent
    QString url;       // for "name @ url", null otherwise

    // The argument passed to pip install.
    QString toString() const;
    // {"valid":true,"name":...,"extras":[...],"specifier":...,"marker":...,"url":...}
    QJsonObject toJson() const;

    friend bool operator==(const PipRequirement &, const PipRequirement &) = default;
};

Result<PipRequirement> parsePipRequirement(QStringView line);

} // namespace Kiln
