#pragma once

#include "cli.h"

#include <QJsonObject>
#include <QStringView>

#include <optional>

namespace Kiln::Cli {

enum class ValidateKind
{
    ImageRef,
    Apt,
    Conda,
    Pip
};

std::optional<ValidateKind> validateKindFromName(QStringView name);

// The JSON object kilnctl prints for one line: the parsed parts with
// "valid":true, or {"valid":false,"error":{"message":...,"column":N}}.
QJsonObject validateLineToJson(ValidateKind kind, QStringView line);

// kilnctl validate <kind> (<line> | --file PATH)
int runValidate(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
