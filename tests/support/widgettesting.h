#pragma once

#include <QCoreApplication>
#include <QString>
#include <QTest>
#include <QWidget>

namespace KilnTest {

// Saves `widget` as <name>.png in $KILN_SCREENSHOT_DIR when that is set (for the
// documentation and for looking at a run); does nothing otherwise. A failed save
// fails the test. Header-only: it needs Qt Widgets, which only the tests of ui/
// link (kiln_test_support stays backend only).
inline void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KILN_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

} // namespace KilnTest
