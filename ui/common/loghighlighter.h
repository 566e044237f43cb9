#pragma once

#include <QString>

class QPalette;
class QSyntaxHighlighter;
class QTextDocument;

namespace Kiln {

// Colours job-log lines as LogViewer shows them ("HH:mm:ss err| text"): errors
// (err| lines and lines saying error, failed or fatal), warnings (warning, warn),
// step headers ("STEP 1/4:", "[1/2] STEP", "#1 [") and Kiln's own sys| notes, with
// colours chosen for the palette's lightness. Uses the "Kiln Job Log" definition
// (resources/syntax/kiln-joblog.xml) through KSyntaxHighlighting when Kiln was built
// with KF6, and a small built-in QSyntaxHighlighter otherwise.
namespace LogHighlighting {

// A new highlighter on `document` (which owns it).
QSyntaxHighlighter *create(QTextDocument *document, const QPalette &palette);

// "KSyntaxHighlighting" or "built-in": which engine colours the log.
QString backend();

} // namespace LogHighlighting

} // namespace Kiln
