#pragma once

#include "result.h"

#include <QList>
#include <QString>

namespace Kiln {

// Checks the URL of a kiln-worker as a person types it: http(s)://host[:port][/path],
// no user information, query or fragment. https is required unless the host is a
// loopback address (localhost, 127.0.0.0/8, [::1]): a worker token travels in every
// request. The error names the field ("URL"), the column (1-based) and why.
Result<Done> validateWorkerUrl(const QString &url);

// Whether `host` (as in a URL, IPv6 without brackets or with them) is loopback.
bool isLoopbackHost(const QString &host);

// Field names used in the errors of validateWorkerForm() (ValidationError::field).
namespace WorkerField {
inline const QString Name = QStringLiteral("Name");
inline const QString Url = QStringLiteral("URL");
inline const QString Token = QStringLiteral("Token");
inline const QString CaFile = QStringLiteral("CA file");
} // namespace WorkerField

// A worker token as `kiln-worker token create` prints it: one word of printable
// ASCII that starts with "kw_". The error names the field ("Token") and the column.
Result<Done> validateWorkerToken(const QString &token);

// A worker as a person types it in the Add Worker dialog.
struct WorkerForm
{
    QString name;   // a valid name (names.h)
    QString url;    // validateWorkerUrl()
    QString token;  // "kw_<id>_<secret>" as `kiln-worker token create` prints it
    QString caFile; // empty: the system's CAs only; else an absolute path
};

// Checks every field and reports every problem, each naming its field (and the
// column where it applies): the name (validateName), the URL (validateWorkerUrl),
// the token (required, one word that starts with "kw_") and the CA file (empty or
// absolute). Surrounding blanks are ignored. Empty: the form is valid.
QList<ValidationError> validateWorkerForm(const WorkerForm &form);

} // namespace Kiln
