#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace Kiln {

// Limits of the distribution/reference grammar.
inline constexpr int kMaxRepositoryPathLength = 255; // of the normalised path, e.g. "library/ubuntu"
inline constexpr int kMaxTagLength = 128;

// A container image reference per the distribution/reference grammar, parsed the
// way ParseNormalizedNamed() does:
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path
// The first path element is a domain when it contains '.' or ':', is "localhost",
// or has uppercase letters; otherwise the domain is docker.io. "index.docker.io" is
// normalised to "docker.io", and a single-element docker.io path gets "library/".
struct ImageReference
{
    QString domain; // normalised domain: "docker.io", "quay.io", "localhost:5000", "[::1]:5000"
    QString path;   // normalised repository path: "library/ubuntu", "org/app"
    QString tag;    // as written, e.g. "22.04"; null when absent
    QString digest; // as written, e.g. "sha256:<64 lowercase hex>"; null when absent

    // domain/path, e.g. "docker.io/library/ubuntu".
    QString name() const;
    // domain/path[:tag][@digest]; ":latest" is added only when there is neither a
    // tag nor a digest: "ubuntu" -> "docker.io/library/ubuntu:latest".
    QString normalized() const;
    // FamiliarString(): drops "docker.io/" and a "library/" prefix of a
    // single-element path: "ubuntu:22.04", "org/app", "quay.io/x/y@sha256:...".
    QString familiar() const;

    // {"valid":true,"domain":...,"path":...,"tag":...|null,"digest":...|null,
    //  "normalized":...,"familiar":...}
    QJsonObject toJson() const;

    friend bool operator==(const ImageReference &, const ImageReference &) = default;
};

// Parses and normalises an image reference. The input must be exact: no
// surrounding whitespace, no URL scheme. Errors carry a reason and the 1-based
// column (UTF-16 code units) of the first character that does not fit, or one
// past the end when the input stops too early.
// Digests: the algorithm must be sha256 (64 lowercase hex digits), sha384 (96)
// or sha512 (128), the algorithms go-digest registers.
Result<ImageReference> parseImageReference(QStringView text);

} // namespace Kiln
