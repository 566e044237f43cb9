#pragma once

#include "bake/ociclient.h"
#include "bake/ocimanifest.h"
#include "domain/result.h"

#include <QByteArrayView>
#include <QFuture>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace Kiln {

// An image manifest found from a reference, with the index it was chosen from.
struct OciResolvedImage
{
    QString repository;
    QString reference;             // as asked: a tag or a digest
    OciManifest manifest;          // manifest.digest is the image's digest (repository@digest)
    std::optional<OciIndex> index; // the (outermost) index the reference named, if any
    OciPlatform platform;          // of the chosen index entry; the wanted one without an index
    QString registryDigest;        // Docker-Content-Digest of the first answer (the index's, if any)
};

// A blob on disk, verified.
struct OciBlobFile
{
    QString digest;
    QString path;
    qint64 size = 0;
    int resumed = 0; // connections broken and continued with Range
};

// What a streamed blob delivered.
struct OciBlobStream
{
    QString digest;
    qint64 size = 0;
    int resumed = 0;
};

// Pulls images from a registry through an OciClient (its auth, token cache,
// timeouts and retries): manifests and indexes (choosing the platform), image
// configs, and blobs to files or sinks, verified while they stream (OpenSSL
// SHA-256/512, no second pass) and continued with `Range: bytes=N-` when a
// connection breaks. Lives on the thread of its client; writes and hashing happen
// there in the chunks the network delivers, so put the client on a worker thread
// for big images. Cancelling a returned future (QFuture::cancel) stops that
// transfer; OciClient::cancelAll() stops every one (Code::Cancelled).
class OciBlobs : public QObject
{
    Q_OBJECT

public:
    // `client` must outlive this object.
    explicit OciBlobs(OciClient *client, QObject *parent = nullptr);
    ~OciBlobs() override;

    // bytes done, bytes in all (-1: not known); on this object's thread.
    using Progress = std::function<void(qint64 done, qint64 total)>;
    // Receives a blob's bytes in order; an error stops the transfer.
    using Sink = std::function<std::optional<OciError>(QByteArrayView chunk)>;

    // One manifest or index as the registry has it under `reference` (a tag or a
    // digest), not followed. A digest reference is checked against the body; the
    // Docker-Content-Digest, when sent, too.
    QFuture<Result<OciManifestDocument, OciError>>
    document(const OciEndpoint &endpoint, const QString &repository, const QString &reference);
    // The image manifest for `platform` under `reference`: an index (or manifest
    // list, nested up to three deep) is followed to the entry choosePlatform()
    // picks, fetched by digest and checked against the entry's digest and size.
    // NotFound, naming the platforms there are, when none fits.
    QFuture<Result<OciResolvedImage, OciError>> manifest(const OciEndpoint &endpoint,
                                                         const QString &repository, const QString &reference,
                                                         const OciPlatform &platform = hostPlatform());
    // The image config a manifest points at, checked against its digest and size.
    QFuture<Result<OciImageConfig, OciError>>
    imageConfig(const OciEndpoint &endpoint, const QString &repository, const OciDescriptor &config);

    // Downloads a blob to `targetPath` through `targetPath + ".partial"` (renamed at the
    // end; an existing target is replaced). `size` < 0: not known. A digest or size
    // mismatch, an error or a cancel removes the partial file.
    QFuture<Result<OciBlobFile, OciError>> downloadBlob(const OciEndpoint &endpoint,
                                                        const QString &repository, const QString &digest,
                                                        qint64 size, const QString &targetPath,
                                                        Progress progress = {});
    // The same into `sink`: it sees every byte once, in order, also across resumes;
    // the data is only trustworthy once the future holds a value (verified).
    QFuture<Result<OciBlobStream, OciError>> streamBlob(const OciEndpoint &endpoint,
                                                        const QString &repository, const QString &digest,
                                                        qint64 size, Sink sink, Progress progress = {});
    // Downloads different blobs, at most `maxParallel` at a time, each to
    // blobFileName() in `directory` (created if needed); the same digest twice is
    // fetched once. Progress is over all of them. The first failure cancels the rest
    // and is the result; files already verified stay. The list is in input order.
    QFuture<Result<QList<OciBlobFile>, OciError>>
    downloadBlobs(const OciEndpoint &endpoint, const QString &repository, const QList<OciDescriptor> &blobs,
                  const QString &directory, int maxParallel = 4, Progress progress = {});

    // "sha256-<hex>": the file name downloadBlobs() gives a blob.
    static QString blobFileName(const QString &digest);

private:
    struct Download;
    void startBlob(const std::shared_ptr<Download> &download);
    // Downloads through a partial file; nullptr when it could not start (`done` has run).
    std::shared_ptr<Download> startFile(const OciEndpoint &endpoint, const QString &repository,
                                        const QString &digest, qint64 size, const QString &targetPath,
                                        Progress progress,
                                        std::function<void(Result<OciBlobFile, OciError>)> done);
    void
    fetchDocument(const OciEndpoint &endpoint, const QString &repository, const QString &reference,
                  std::function<void(Result<OciManifestDocument, OciError>, QString registryDigest)> done);

    QPointer<OciClient> m_client;
};

} // namespace Kiln
