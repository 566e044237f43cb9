#include "packagelist.h"

#include "aptpackage.h"
#include "condamatchspec.h"
#include "piprequirement.h"

namespace Kiln {

QString packageManagerName(PackageManager manager)
{
    switch (manager) {
    case PackageManager::Apt:
        return QStringLiteral("APT");
    case PackageManager::Conda:
        return QStringLiteral("Conda");
    case PackageManager::Pip:
        return QStringLiteral("Pip");
    }
    return {};
}

std::optional<ValidationError> validatePackageLine(PackageManager manager, QStringView line)
{
    switch (manager) {
    case PackageManager::Apt:
        if (auto r = parseAptPackage(line); !r)
            return r.error();
        break;
    case PackageManager::Conda:
        if (auto r = parseCondaMatchSpec(line); !r)
            return r.error();
        break;
    case PackageManager::Pip:
        if (auto r = parsePipRequirement(line); !r)
            return r.error();
        break;
    }
    return std::nullopt;
}

QList<ListLine> splitListLines(QStringView text)
{
    QList<ListLine> out;
    int lineNumber = 0;
    for (QStringView raw : text.split(u'\n')) {
        ++lineNumber;
        if (raw.endsWith(u'\r'))
            raw.chop(1);
        const QStringView trimmed = raw.trimmed();
        if (!trimmed.isEmpty())
            out.append(ListLine{lineNumber, trimmed, int(trimmed.data() - raw.data())});
    }
    return out;
}

QList<PackageLine> validatePackageList(PackageManager manager, QStringView text)
{
    QList<PackageLine> out;
    for (const ListLine &line : splitListLines(text)) {
        PackageLine entry;
        entry.line = line.line;
        entry.text = line.text.toString();
        if (auto error = validatePackageLine(manager, line.text)) {
            // Columns from the validator are relative to the trimmed text; report
            // them against the line as the user typed it.
            error->column += line.offset;
            error->line = line.line;
            error->field = packageManagerName(manager) + QStringLiteral(" packages");
            entry.error = std::move(error);
        }
        out.append(std::move(entry));
    }
    return out;
}

} // namespace Kiln
