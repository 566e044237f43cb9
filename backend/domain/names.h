#pragma once

#include "result.h"

#include <QString>
#include <QStringView>

namespace Kiln {

// DNS-1123 style names for specs, images, groups, registries:
// lowercase letters, digits, '-' and '.', starting and ending with a letter or
// digit, no empty dot-separated parts, at most kMaxNameLength characters.
inline constexpr int kMaxNameLength = 63;

Result<QString> validateName(QStringView name);

// Display name -> image name, e.g. "My CUDA 12 Image" -> "my-cuda-12-image".
// The result always passes validateName() unless it is empty (the error says so).
Result<QString> deriveImageName(QStringView displayName);

} // namespace Kiln
