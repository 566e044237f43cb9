#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace Kiln {

// A container image reference per the distribution/reference grammar.
// Absent parts are null QStrings (isNull()).
struct ImageReference
{
    QString domain; // as written, or null when the input had none
    QString path;   // repository path as written, e.g. "library/ubuntu" or "ubuntu"
    QString tag;    // null when absent
    QString digest; // "sha256:<64 hex>", null when absent

    // docker.io/library/ubuntu:latest (default domain, library/ prefix, :latest when
    // neither tag nor digest is given).
    QString normalized() const;
    // The short form a user would type: ubuntu, ubuntu:22.04, quay.io/x/y@sha256:...
    QString familiar() const;

    // {"valid":true,"domain":...,"path":...,"tag":...,"digest":...,"normalized":...,"familiar":...}
    QJsonObject toJson() const;

    friend bool operator==(const ImageReference &, const ImageReference &) = default;
};

Result<ImageReference> parseImageReference(QStringView text);

} // namespace Kiln
