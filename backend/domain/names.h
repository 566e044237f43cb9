#pragma once

#include "result.h"

#include <QString>
#include <QStringView>

namespace Kiln {

// DNS-1123 style names for specs, images, groups, registries:
// lowercase letters, digits, '-' and '.', starting and ending with a letter or
// digit, no empty dot-separated parts, no part starting or ending with '-',
// at most kMaxNameLength characters.
inline constexpr int kMaxNameLength = 63;

// Returns the name unchanged when it is valid; otherwise an error whose column
// (1-based, UTF-16 code units) points at the first offending character (or at
// column kMaxNameLength + 1 for a name that is only too long).
Result<QString> validateName(QStringView name);

// Display name -> image name, e.g. "My CUDA 12 Image" -> "my-cuda-12-image".
// Lowercases, folds accents ("Café" -> "cafe"), turns every run of characters
// outside [a-z0-9.] into one '-' (a run of only dots becomes one '.'), trims '-'
// and '.' from both ends, and truncates to kMaxNameLength without leaving a
// trailing '-' or '.' (at the last separator when a word would be cut and at
// least half the length remains). The result always passes validateName(); when
// nothing usable is left the error says so.
Result<QString> deriveImageName(QStringView displayName);

} // namespace Kiln
