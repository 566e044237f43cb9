#pragma once

#include <QString>

namespace KilnTest {

// Absolute path of a file under tests/data in the source tree.
QString dataPath(const QString &relative);

// Absolute path of a built executable, e.g. binaryPath("app/kilnctl/kilnctl").
QString binaryPath(const QString &relative);

// Isolates QSettings/QStandardPaths for the running test (call from initTestCase).
void isolateSettings();

} // namespace KilnTest
