#pragma once

#include "bakeimage.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace Kiln {

// Field names used in the errors below (ValidationError::field).
namespace BakeField {
inline const QString Name = QStringLiteral("Name");
inline const QString DisplayName = QStringLiteral("Display name");
inline const QString Source = QStringLiteral("Source");
inline const QString Size = QStringLiteral("Size");
inline const QString Cpu = QStringLiteral("CPU");
inline const QString Memory = QStringLiteral("Memory");
inline const QString Disk = QStringLiteral("Disk");
inline const QString Scope = QStringLiteral("Scope");
inline const QString Preinstalled = QStringLiteral("Preinstalled");
} // namespace BakeField

// A bake image registration as a person types it (dialog or kilnctl), all text.
struct BakeRegistration
{
    QString name;        // a valid name (names.h)
    QString displayName; // empty: the name
    QString description;
    // "oci:REF" (REF an OCI reference), "tar:PATH" (an absolute path; the kind of tar
    // is found by looking at the file, see detectTarKind below), or an explicit
    // "docker-archive:PATH", "oci-archive:PATH", "rootfs-tar:PATH".
    QString source;
    QString sizeMib;       // whole MiB, > 0
    QString cpuMillicores; // empty: unset; else whole number > 0
    QString memoryMb;      // empty: unset; else whole number > 0
    QString diskMb;        // empty: unset; else whole number > 0
    QString scope;         // "tenant" (empty means tenant), "partner" or "platform"
    bool lazyPull = false;
    QStringList preinstalled; // one entry each: non-empty, no line breaks
};

// What may be registered: a BakeImage with the fields the registration sets
// (id, times and state are the repository's), and whether the tar kind is still to
// be found by looking at the file ("tar:PATH": source.kind is RootfsTar until then).
struct ValidBakeRegistration
{
    BakeImage image;
    bool detectTarKind = false;
};

// The largest size cap accepted: 16 TiB.
inline constexpr qint64 kMaxBakeSizeMib = qint64(16) * 1024 * 1024;

// Parses "oci:REF" / "tar:PATH" / "<kind>:PATH". Syntax only: a tar's existence is
// checked where it is read. The error's field is "Source" and its column counts from
// the start of `text` (so an OCI reference error is offset by the "oci:" prefix).
// `detectTarKind`, when given, is set for "tar:PATH".
Result<BakeSource> parseBakeSource(QStringView text, bool *detectTarKind = nullptr);

// Checks every field and reports every problem, each naming its field (and column
// where it applies). Platform scope is refused unless `superAdmin` (the
// bake.superAdmin setting) is true.
Result<ValidBakeRegistration, QList<ValidationError>> validateBakeRegistration(const BakeRegistration &input,
                                                                               bool superAdmin);

} // namespace Kiln
