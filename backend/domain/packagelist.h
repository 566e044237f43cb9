#pragma once

#include "result.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace Kiln {

enum class PackageManager
{
    Apt,
    Conda,
    Pip
};

QString packageManagerName(PackageManager manager); // "APT", "Conda", "Pip"

// One non-blank line of a package list, with its 1-based line number and, when
// the line is invalid, the reason (line and field filled in).
struct PackageLine
{
    int line = 0;
    QString text; // trimmed
    std::optional<ValidationError> error;
};

// Validates every line of a list (one package per line). Blank lines are skipped;
// nothing else is: a comment line is reported as an error so that nothing is
// silently dropped from what gets built.
QList<PackageLine> validatePackageList(PackageManager manager, QStringView text);

// Validates one line with the grammar of `manager`; the error has no line/field.
std::optional<ValidationError> validatePackageLine(PackageManager manager, QStringView line);

} // namespace Kiln
