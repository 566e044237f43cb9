#pragma once

#include <QString>

namespace Kiln {

// Where the embedded default catalogue lives when no --catalog is given: the same
// file for kiln, kilnctl and kiln-worker run by the same user
// (~/.local/share/kiln/catalogue.sqlite on Linux).
QString defaultCataloguePath();

} // namespace Kiln
