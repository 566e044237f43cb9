#include "jobstatusdisplay.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QPixmapCache>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr int kNeverBuilt = -1;

int key(std::optional<JobStatus> status)
{
    return status ? int(*status) : kNeverBuilt;
}

void drawGlyph(QPainter &p, std::optional<JobStatus> status, qreal size)
{
    const qreal s = size / 16.0; // glyphs are designed on a 16x16 grid
    QPen pen(Qt::white, 1.8 * s, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    switch (status.value_or(JobStatus::Queued)) {
    case JobStatus::Queued: // a clock: two hands
        p.drawLine(QPointF(8 * s, 8 * s), QPointF(8 * s, 4.5 * s));
        p.drawLine(QPointF(8 * s, 8 * s), QPointF(10.5 * s, 9.5 * s));
        break;
    case JobStatus::Running: { // a play triangle
        QPainterPath path;
        path.moveTo(6.2 * s, 4.8 * s);
        path.lineTo(11.4 * s, 8 * s);
        path.lineTo(6.2 * s, 11.2 * s);
        path.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawPath(path);
        break;
    }
    case JobStatus::Succeeded: // a check mark
        p.drawPolyline(QList<QPointF>{{4.8 * s, 8.3 * s}, {7 * s, 10.5 * s}, {11.2 * s, 5.6 * s}});
        break;
    case JobStatus::Failed: // a cross
        p.drawLine(QPointF(5.5 * s, 5.5 * s), QPointF(10.5 * s, 10.5 * s));
        p.drawLine(QPointF(10.5 * s, 5.5 * s), QPointF(5.5 * s, 10.5 * s));
        break;
    case JobStatus::Cancelled: // a bar
        p.drawLine(QPointF(5 * s, 8 * s), QPointF(11 * s, 8 * s));
        break;
    case JobStatus::Interrupted: // an exclamation mark
        p.drawLine(QPointF(8 * s, 4.5 * s), QPointF(8 * s, 8.8 * s));
        p.drawPoint(QPointF(8 * s, 11.3 * s));
        break;
    }
}

QPixmap statusPixmap(std::optional<JobStatus> status, int size)
{
    const QString cacheKey = u"kiln-job-status-%1-%2"_s.arg(key(status)).arg(size);
    QPixmap pixmap;
    if (QPixmapCache::find(cacheKey, &pixmap))
        return pixmap;
    pixmap = QPixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = jobStatusColor(status);
    const qreal s = size / 16.0;
    const QRectF circle(1.5 * s, 1.5 * s, 13 * s, 13 * s);
    if (!status) {
        // Never built: a hollow ring, visible on light and dark backgrounds alike.
        p.setPen(QPen(colour, 2 * s));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(circle);
    } else {
        p.setPen(QPen(colour.darker(140), 1 * s));
        p.setBrush(colour);
        p.drawEllipse(circle);
        drawGlyph(p, status, size);
    }
    p.end();
    QPixmapCache::insert(cacheKey, pixmap);
    return pixmap;
}

} // namespace

QString jobStatusText(std::optional<JobStatus> status)
{
    if (!status)
        return JobStatusDisplay::tr("Never built");
    switch (*status) {
    case JobStatus::Queued:
        return JobStatusDisplay::tr("Queued");
    case JobStatus::Running:
        return JobStatusDisplay::tr("Running");
    case JobStatus::Succeeded:
        return JobStatusDisplay::tr("Succeeded");
    case JobStatus::Failed:
        return JobStatusDisplay::tr("Failed");
    case JobStatus::Cancelled:
        return JobStatusDisplay::tr("Cancelled");
    case JobStatus::Interrupted:
        return JobStatusDisplay::tr("Interrupted");
    }
    return {};
}

QColor jobStatusColor(std::optional<JobStatus> status)
{
    if (!status)
        return QColor(0x8a, 0x8f, 0x98); // grey
    switch (*status) {
    case JobStatus::Queued:
        return QColor(0x6b, 0x7b, 0x8c); // slate
    case JobStatus::Running:
        return QColor(0x1e, 0x88, 0xe5); // blue
    case JobStatus::Succeeded:
        return QColor(0x2e, 0x9d, 0x48); // green
    case JobStatus::Failed:
        return QColor(0xd9, 0x3a, 0x3a); // red
    case JobStatus::Cancelled:
        return QColor(0x8d, 0x6e, 0x63); // brown-grey
    case JobStatus::Interrupted:
        return QColor(0xe6, 0x7e, 0x00); // orange
    }
    return {};
}

QIcon jobStatusIcon(std::optional<JobStatus> status)
{
    QIcon icon;
    for (int size : {16, 32})
        icon.addPixmap(statusPixmap(status, size));
    return icon;
}

} // namespace Kiln
