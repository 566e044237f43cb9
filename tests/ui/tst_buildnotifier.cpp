#include "common/buildnotifier.h"

#include <QMainWindow>
#include <QStatusBar>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_BuildNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void finalStatesNotify_data();
    void finalStatesNotify();
    void desktopOnlyWhenInactive();
};

namespace {
BuildJob job(JobStatus status)
{
    BuildJob job;
    job.id = u"j-1"_s;
    job.status = status;
    job.targetImage = u"registry.example.com/team/demo:0123456789ab"_s;
    job.errorText = u"apt-get failed: Unable to locate package nope\nmore detail"_s;
    return job;
}
} // namespace

void tst_BuildNotifier::finalStatesNotify_data()
{
    QTest::addColumn<JobStatus>("status");
    QTest::addColumn<QString>("title"); // empty: no notification
    QTest::addColumn<QString>("message");
    QTest::newRow("queued") << JobStatus::Queued << QString() << QString();
    QTest::newRow("running") << JobStatus::Running << QString() << QString();
    QTest::newRow("succeeded") << JobStatus::Succeeded << u"Build succeeded: demo"_s
                               << u"Pushed registry.example.com/team/demo:0123456789ab"_s;
    QTest::newRow("failed") << JobStatus::Failed << u"Build failed: demo"_s
                            << u"apt-get failed: Unable to locate package nope"_s;
    QTest::newRow("cancelled") << JobStatus::Cancelled << u"Build cancelled: demo"_s
                               << u"registry.example.com/team/demo:0123456789ab"_s;
    QTest::newRow("interrupted") << JobStatus::Interrupted << u"Build interrupted: demo"_s
                                 << u"apt-get failed: Unable to locate package nope"_s;
}

void tst_BuildNotifier::finalStatesNotify()
{
    QFETCH(JobStatus, status);
    QFETCH(QString, title);
    QFETCH(QString, message);
    QMainWindow window;
    BuildNotifier notifier(&window, window.statusBar());
    notifier.setWindowActiveOverride(true);
    notifier.jobChanged(job(status), u"demo"_s);
    QCOMPARE(notifier.lastTitle(), title);
    QCOMPARE(notifier.lastMessage(), message);
    if (title.isEmpty())
        QVERIFY(window.statusBar()->currentMessage().isEmpty());
    else
        QCOMPARE(window.statusBar()->currentMessage(), title + u" \u2014 "_s + message);
}

void tst_BuildNotifier::desktopOnlyWhenInactive()
{
    QMainWindow window;
    BuildNotifier notifier(&window, window.statusBar());
    QSignalSpy desktop(&notifier, &BuildNotifier::desktopNotification);
    notifier.setWindowActiveOverride(true);
    notifier.jobChanged(job(JobStatus::Succeeded), u"demo"_s);
    QCOMPARE(desktop.size(), 0);
    QVERIFY(!notifier.lastWentToDesktop());

    notifier.setWindowActiveOverride(false);
    notifier.jobChanged(job(JobStatus::Failed), u"demo"_s);
    QCOMPARE(desktop.size(), 1);
    QCOMPARE(desktop.first().at(0).toString(), u"Build failed: demo"_s);
    QVERIFY(notifier.lastWentToDesktop());
    // The status bar says it as well.
    QVERIFY(window.statusBar()->currentMessage().startsWith(u"Build failed: demo"_s));

    // Without an override, a window that is not shown is not active.
    notifier.setWindowActiveOverride(std::nullopt);
    notifier.jobChanged(job(JobStatus::Succeeded), {});
    QCOMPARE(desktop.size(), 2);
    QCOMPARE(notifier.lastTitle(), u"Build succeeded: demo:0123456789ab"_s);
}

QTEST_MAIN(tst_BuildNotifier)
#include "tst_buildnotifier.moc"
