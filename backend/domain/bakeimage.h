#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Kiln {

// Where a bake image's root file system comes from (the `source_kind` column).
enum class BakeSourceKind
{
    Oci,           // an image in a registry: ref is an OCI reference
    DockerArchive, // `docker save` output: ref is an absolute tar path
    OciArchive,    // an OCI image layout in a tar: ref is an absolute tar path
    RootfsTar,     // a plain root file system tar: ref is an absolute tar path
};

// "oci", "docker-archive", "oci-archive", "rootfs-tar" (the CHECK of `source_kind`).
QString bakeSourceKindName(BakeSourceKind kind);
std::optional<BakeSourceKind> bakeSourceKindFromName(QStringView name);

struct BakeSource
{
    BakeSourceKind kind = BakeSourceKind::Oci;
    QString ref; // OCI reference as written, or an absolute tar path

    // Every kind but Oci reads a tar file at `ref`.
    bool isTar() const { return kind != BakeSourceKind::Oci; }
    // "oci:REF" or "tar:PATH" (the text a person types; see bakeregistration.h).
    QString text() const;

    friend bool operator==(const BakeSource &, const BakeSource &) = default;
};

// Who may use the image. Platform scope needs the bake.superAdmin setting.
enum class BakeScope
{
    Tenant,
    Partner,
    Platform,
};

QString bakeScopeName(BakeScope scope); // "tenant", "partner", "platform"
std::optional<BakeScope> bakeScopeFromName(QStringView name);

// The vulnerability scan of the baked content.
enum class ScanStatus
{
    Pending, // not scanned yet (or no content yet)
    Passed,
    Failed,
    Skipped, // no scanner installed, or scanning turned off; the reason says which
};

QString scanStatusName(ScanStatus status); // "pending", "passed", "failed", "skipped"
std::optional<ScanStatus> scanStatusFromName(QStringView name);

// Where a bake image is in its bake. Content, once it exists, is never re-baked in
// place: a new bake needs a new name (images are versioned by name).
enum class BakeState
{
    Registered, // never baked (or its content was removed)
    Queued,     // waiting for a bake service to claim it
    Baking,     // claimed by a runner; `phase` says what it does now
    Baked,      // content exists
    Failed,     // the last bake failed; `error` says why
    Cancelled,  // the last bake was cancelled
};

// "registered", "queued", "baking", "baked", "failed", "cancelled".
QString bakeStateName(BakeState state);
std::optional<BakeState> bakeStateFromName(QStringView name);

// The ext4 file a bake produced (or an upload put), as stored in the catalogue.
struct BakeContent
{
    qint64 size = 0;  // bytes
    qint64 mtime = 0; // epoch milliseconds
    QString sha256;   // lowercase hex, no "sha256:" prefix
    QString sha1;     // lowercase hex
    QString fmt = QStringLiteral("ext4");
    qint64 refcnt = 1;
    QString path; // absolute path of the image file

    friend bool operator==(const BakeContent &, const BakeContent &) = default;
};

// One row of `bake_images`.
struct BakeImage
{
    QString id;
    QString name; // unique, a valid name (names.h); never changes
    QString displayName;
    QString description;
    BakeSource source;
    QString pullSecretId;   // a row of `secrets`; empty: none
    QString managedImageId; // the managed image it bakes; empty: none
    qint64 sizeMib = 0;     // the ext4 file's size cap, > 0
    std::optional<qint64> defaultCpuMillicores;
    std::optional<qint64> defaultMemoryMb;
    std::optional<qint64> defaultDiskMb;
    BakeScope scope = BakeScope::Tenant;
    bool lazyPull = false;
    QStringList preinstalled; // software the image is known to carry, one entry each
    ScanStatus scanStatus = ScanStatus::Pending;
    QString scanReason;
    QString scanFindingsJson; // the scanner's findings (JSON text); empty: none
    std::optional<qint64> scannedAt;
    bool deactivated = false; // soft delete: nothing new starts from it
    BakeState state = BakeState::Registered;
    QString phase;                      // what the bake does now, e.g. "pulling 3/7 layers"; empty when idle
    QString error;                      // the last failure's text; empty when none
    bool cancelRequested = false;       // a cancel from another process waits for the runner
    QString runner;                     // "host|pid|start" of the bake service baking it (runnerid.h)
    std::optional<BakeContent> content; // nullopt: no content
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    friend bool operator==(const BakeImage &, const BakeImage &) = default;
};

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::BakeImage)
