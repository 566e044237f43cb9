#pragma once

#include "store/jobstatus.h"

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QString>

#include <optional>

namespace Kiln {

// The translation context of the status texts below (lupdate finds them as
// JobStatusDisplay::tr(...)).
class JobStatusDisplay
{
    Q_DECLARE_TR_FUNCTIONS(Kiln::JobStatusDisplay)
};

// "Queued", "Running", ..., "Never built" for nullopt (a spec without jobs). Translated.
QString jobStatusText(std::optional<JobStatus> status);
// The colour of the status (a medium tone that reads on light and dark palettes).
QColor jobStatusColor(std::optional<JobStatus> status);
// A small filled circle in that colour with a white glyph (a hollow circle for
// "never built"), drawn once per status and size and kept in QPixmapCache.
// Needs a QGuiApplication.
QIcon jobStatusIcon(std::optional<JobStatus> status);

} // namespace Kiln
