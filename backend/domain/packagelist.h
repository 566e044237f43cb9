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

// One non-blank line of a list as written: its 1-based number, its text with
// surrounding blanks (and a trailing '\r') removed, and how many characters were
// removed in front, so that columns can be reported against the line as typed.
struct ListLine
{
    int line = 0;
    QStringView text;
    int offset = 0;
};

// Splits a list into its non-blank lines. The one rule every list reader shares
// (package editors, kilnctl --file and --packages-file): blank lines are layout.
QList<ListLine> splitListLines(QStringView text);

// Validates one line with the grammar of `manager`; the error has no line/field.
std::optional<ValidationError> validatePackageLine(PackageManager manager, QStringView line);

} // namespace Kiln
