#pragma once

#include "bake/ociclient.h"
#include "domain/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1String>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <variant>

namespace Kiln {

// The pure side of pulling images: manifests, indexes and image configs as typed
// values, the choice of a platform, digests. No I/O; OciBlobs fetches.

namespace OciMediaType {
inline constexpr QLatin1String OciManifest{"application/vnd.oci.image.manifest.v1+json"};
inline constexpr QLatin1String OciIndex{"application/vnd.oci.image.index.v1+json"};
inline constexpr QLatin1String OciConfig{"application/vnd.oci.image.config.v1+json"};
inline constexpr QLatin1String DockerManifest{"application/vnd.docker.distribution.manifest.v2+json"};
inline constexpr QLatin1String DockerManifestList{
    "application/vnd.docker.distribution.manifest.list.v2+json"};
inline constexpr QLatin1String DockerConfig{"application/vnd.docker.container.image.v1+json"};
// The Accept header of a manifest GET: the four media types above, manifests first.
QByteArray acceptHeader();
} // namespace OciMediaType

// What an image runs on. Architectures are in OCI (GOARCH) naming: amd64, arm64,
// arm, 386, ppc64le, s390x, riscv64...; variant e.g. "v8" (arm64), "v7" (arm).
struct OciPlatform
{
    QString os;
    QString architecture;
    QString variant;
    QString osVersion;
    QStringList osFeatures;

    // "linux/arm64/v8" (without an empty variant).
    QString toString() const;
    friend bool operator==(const OciPlatform &, const OciPlatform &) = default;
};

// "linux/arm/v7", "linux/amd64", "arm64" (linux implied), with the usual aliases
// (x86_64, aarch64, armhf, armel, i386...) normalised; nullopt when it is not one.
std::optional<OciPlatform> parsePlatform(const QString &text);
// The OCI architecture name for a GOARCH, Debian or uname one ("x86_64" -> "amd64",
// "aarch64" -> "arm64", "armhf" -> "arm"); unknown names are returned lower-cased.
QString normalizedArchitecture(const QString &architecture);
// linux and the architecture this program runs on (QSysInfo::currentCpuArchitecture),
// "v8" for arm64, "v7" for 32-bit arm.
OciPlatform hostPlatform();

// A content descriptor: what a manifest or index points at.
struct OciDescriptor
{
    QString mediaType;
    QString digest; // "sha256:<64 hex>"
    qint64 size = 0;
    QStringList urls;
    QMap<QString, QString> annotations;
    std::optional<OciPlatform> platform; // index entries only
    QString artifactType;
};

// An image manifest (OCI or Docker schema 2).
struct OciManifest
{
    QString mediaType; // OciMediaType::OciManifest or DockerManifest
    OciDescriptor config;
    QList<OciDescriptor> layers;
    QMap<QString, QString> annotations;
    QString digest;  // of the body as received ("sha256:..."), checked against the registry's
    QByteArray body; // the exact bytes the digest is of
    qint64 totalLayerSize() const;
};

// An image index (OCI) or manifest list (Docker).
struct OciIndex
{
    QString mediaType; // OciMediaType::OciIndex or DockerManifestList
    QList<OciDescriptor> manifests;
    QMap<QString, QString> annotations;
    QString digest;
    QByteArray body;
};

using OciManifestDocument = std::variant<OciManifest, OciIndex>;

// Parses a manifest or index body. The media type is the body's "mediaType"; without
// one, the Content-Type the registry sent (`contentType`, parameters ignored), and
// without a known one either, the shape ("manifests" or "config"). Errors (Protocol)
// name what is wrong: JSON with its offset, an unknown media type, a missing or
// mistyped field, a malformed digest, a negative size. `digest` is set from the body.
Result<OciManifestDocument, OciError> parseManifestDocument(const QByteArray &body,
                                                            const QString &contentType = {});

// The index of the entry of `index` that best runs on `wanted`, nullopt when none
// does. Rules: the os must equal (case-insensitively), the architecture must equal
// after normalisation, entries that are not manifests or indexes (attestations,
// artifacts with platform unknown/unknown) are skipped. The variant: an exact
// match wins; an entry without variant matches any wanted variant (and arm64 ""
// equals "v8", amd64 "" equals "v1"); for arm a lower variant also runs (v7 runs
// v6 and v5) and is preferred in descending order; an entry with a variant never
// matches a wanted "" unless it is the architecture's default. Among equals the
// first entry in the index wins.
std::optional<qsizetype> choosePlatform(const OciIndex &index, const OciPlatform &wanted);
// The platforms of an index's manifest entries, for an error message: "linux/amd64, linux/arm64/v8".
QString describePlatforms(const OciIndex &index);

// The parts of an image configuration (OCI image-spec config / Docker container
// image JSON) a bake needs.
struct OciImageConfig
{
    QString architecture;
    QString os;
    QString variant;
    QString created;
    QString author;
    QStringList env; // "NAME=value"
    QStringList cmd;
    QStringList entrypoint;
    QString workingDir;
    QString user;
    QMap<QString, QString> labels;
    QStringList exposedPorts;
    QStringList volumes;
    QString stopSignal;
    QString rootfsType;  // "layers"
    QStringList diffIds; // rootfs.diff_ids, one per layer, of the uncompressed tar
    QString digest;      // of the body
};

// Parses a config blob. Requires architecture, os and rootfs (type "layers", diff_ids
// a list of digests); "config" may be absent or null (no Env, Cmd...).
Result<OciImageConfig, OciError> parseImageConfig(const QByteArray &body);

// A digest's parts: "sha256:abc..." -> ("sha256", "abc..."). Only sha256 (64 lower-case
// hex) and sha512 (128) are accepted; nullopt otherwise.
std::optional<std::pair<QString, QString>> splitDigest(const QString &digest);
bool isDigest(const QString &digest);
// "sha256:<hex>" of `data`, through OpenSSL (the algorithm of `like`: sha256 or sha512).
QString digestOf(QByteArrayView data, const QString &algorithm = QStringLiteral("sha256"));

// An incremental digest through OpenSSL EVP (sha256 or sha512): feed chunks as they
// arrive, no second pass over the data. Movable, not copyable.
class OciDigester
{
public:
    explicit OciDigester(const QString &algorithm = QStringLiteral("sha256"));
    ~OciDigester();
    OciDigester(OciDigester &&) noexcept;
    OciDigester &operator=(OciDigester &&) noexcept;
    OciDigester(const OciDigester &) = delete;
    OciDigester &operator=(const OciDigester &) = delete;

    bool isValid() const; // false for an unknown algorithm
    void reset();
    void add(QByteArrayView data);
    qint64 bytes() const { return m_bytes; }
    // "algorithm:<hex>" of everything added; the digester is reset afterwards.
    QString finish();

private:
    struct Context;
    std::unique_ptr<Context> m_context;
    QString m_algorithm;
    qint64 m_bytes = 0;
};

} // namespace Kiln
