#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace KilnTest {

// Pushes content to a real registry through its own upload API, synchronously
// (QTest::qWaitFor), plain HTTP, no proxy. `auth` is a whole Authorization value
// ("Basic ..." or "Bearer ..."), empty for none. Each returns an empty string on
// success, else what went wrong (the status and the registry's answer).

// POST /v2/<repository>/blobs/uploads/ then PUT <location>?digest=sha256:...
QString pushBlob(const QString &address, const QString &repository, const QByteArray &data,
                 const QByteArray &auth = {});
// PUT /v2/<repository>/manifests/<reference> with `mediaType` as Content-Type.
QString pushManifest(const QString &address, const QString &repository, const QString &reference,
                     const QByteArray &mediaType, const QByteArray &body, const QByteArray &auth = {});
// An OCI image (a config blob for linux/amd64, no layers) under each of `tags`.
QString pushImage(const QString &address, const QString &repository, const QStringList &tags,
                  const QByteArray &auth = {});
// "sha256:<hex>" of `data` (QCryptographicHash: an independent check of the client's).
QByteArray sha256Digest(const QByteArray &data);

} // namespace KilnTest
