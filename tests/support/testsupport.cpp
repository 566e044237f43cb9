#include "testsupport.h"

#include <QDir>
#include <QStandardPaths>
#include <QtTest>

namespace KilnTest {

QString dataPath(const QString &relative)
{
    const QString root = qEnvironmentVariable("KILN_SOURCE_DIR");
    if (root.isEmpty())
        qFatal("KILN_SOURCE_DIR is not set; run the tests through ctest");
    return QDir(root).filePath(QStringLiteral("tests/data/") + relative);
}

QString binaryPath(const QString &relative)
{
    const QString root = qEnvironmentVariable("KILN_BINARY_DIR");
    if (root.isEmpty())
        qFatal("KILN_BINARY_DIR is not set; run the tests through ctest");
    return QDir(root).filePath(relative);
}

void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
}

} // namespace KilnTest
