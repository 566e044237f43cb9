#include "jobstatusdisplay.h"

#include <QImage>
#include <QSet>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_JobStatusDisplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textsAndColours()
    {
        QCOMPARE(jobStatusText(std::nullopt), u"Never built"_s);
        QCOMPARE(jobStatusText(JobStatus::Queued), u"Queued"_s);
        QCOMPARE(jobStatusText(JobStatus::Running), u"Running"_s);
        QCOMPARE(jobStatusText(JobStatus::Succeeded), u"Succeeded"_s);
        QCOMPARE(jobStatusText(JobStatus::Failed), u"Failed"_s);
        QCOMPARE(jobStatusText(JobStatus::Cancelled), u"Cancelled"_s);
        QCOMPARE(jobStatusText(JobStatus::Interrupted), u"Interrupted"_s);
        QSet<QRgb> colours;
        for (int s = -1; s <= int(JobStatus::Interrupted); ++s)
            colours.insert(jobStatusColor(s < 0 ? std::nullopt : std::optional(JobStatus(s))).rgb());
        QCOMPARE(colours.size(), 7);
    }

    void iconsAreDrawnInTheStatusColour()
    {
        for (int s = -1; s <= int(JobStatus::Interrupted); ++s) {
            const std::optional<JobStatus> status = s < 0 ? std::nullopt : std::optional(JobStatus(s));
            const QIcon icon = jobStatusIcon(status);
            QVERIFY(!icon.isNull());
            const QImage image = icon.pixmap(QSize(32, 32), 1.0).toImage();
            QCOMPARE(image.size(), QSize(32, 32));
            QCOMPARE(qAlpha(image.pixel(0, 0)), 0); // transparent corners
            // On the circle's left edge, inside the ring: the status colour (or close to it).
            const QColor edge = image.pixelColor(5, 16);
            const QColor want = jobStatusColor(status);
            QVERIFY2(qAbs(edge.red() - want.red()) < 40 && qAbs(edge.green() - want.green()) < 40 &&
                         qAbs(edge.blue() - want.blue()) < 40,
                     qPrintable(u"status %1: %2 vs %3"_s.arg(s).arg(edge.name(), want.name())));
            // Drawn once and then taken from the cache: the same pixels.
            QCOMPARE(jobStatusIcon(status).pixmap(QSize(32, 32), 1.0).toImage(), image);
        }
    }
};

QTEST_MAIN(tst_JobStatusDisplay)
#include "tst_jobstatusdisplay.moc"
