#include "ociblobs.h"
#include "ocipromise.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QRegularExpression>

#include <algorithm>

#include <memory>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr qint64 kMaxManifestBytes = 4 * 1024 * 1024; // the distribution spec's limit
constexpr qint64 kMaxConfigBytes = 64 * 1024 * 1024;
constexpr int kMaxIndexDepth = 3;

bool isTag(const QString &reference)
{
    static const QRegularExpression grammar(u"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"_s);
    return grammar.match(reference).hasMatch();
}

// "host/repo:tag" or "host/repo@sha256:...", for messages.
QString imageName(const OciEndpoint &endpoint, const QString &repository, const QString &reference)
{
    return endpoint.host + u'/' + repository + (isDigest(reference) ? u'@' : u':') + reference;
}

// Watches `future` and calls `onCancel` when the caller cancels it.
template <typename T>
void onCancel(QObject *context, const QFuture<T> &future, std::function<void()> cancel)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::canceled, context, [cancel] { cancel(); });
    QObject::connect(watcher, &QFutureWatcher<T>::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(future);
}

// "bytes 100-199/1000" -> 100; -1 when it is not a Content-Range.
qint64 rangeStart(const QByteArray &contentRange)
{
    static const QRegularExpression pattern(u"^bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)$"_s);
    const auto match = pattern.match(QString::fromLatin1(contentRange).trimmed());
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

struct OciBlobs::Download
{
    OciEndpoint endpoint;
    QString repository;
    QString digest;
    qint64 size = -1;
    QString name; // host/repo@digest, for messages
    OciDigester digester;
    qint64 offset = 0; // bytes hashed and handed to the sink
    qint64 skip = 0;   // bytes still to drop from a full answer to a Range request
    int resumed = 0;
    Sink sink;
    Progress progress;
    std::function<void(Result<OciBlobStream, OciError>)> done;
    quint64 id = 0;
    bool finished = false;
};

OciBlobs::OciBlobs(OciClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

OciBlobs::~OciBlobs() = default;

QString OciBlobs::blobFileName(const QString &digest)
{
    const auto parts = splitDigest(digest);
    return parts ? parts->first + u'-' + parts->second : QString();
}

void OciBlobs::fetchDocument(const OciEndpoint &endpoint, const QString &repository, const QString &reference,
                             std::function<void(Result<OciManifestDocument, OciError>, QString)> done)
{
    if (!isRepositoryName(repository)) {
        done(ociError(OciError::Code::NotFound,
                      tr("'%1' is not a repository name (lower-case letters, digits, separators and '/')")
                          .arg(repository)),
             {});
        return;
    }
    const bool byDigest = isDigest(reference);
    if (!byDigest && !isTag(reference)) {
        done(ociError(OciError::Code::NotFound,
                      tr("'%1' is neither a tag nor a sha256/sha512 digest").arg(reference.left(200))),
             {});
        return;
    }
    if (!m_client) {
        done(ociError(OciError::Code::Cancelled, tr("the registry client is gone")), {});
        return;
    }
    const QString name = imageName(endpoint, repository, reference);
    OciClient::Fetch fetch;
    fetch.pathAndQuery = u"/v2/"_s + repository + u"/manifests/"_s + reference;
    fetch.scope = u"repository:"_s + repository + u":pull"_s;
    fetch.accept = OciMediaType::acceptHeader();
    m_client->fetch(
        endpoint, std::move(fetch),
        [done, name, reference, byDigest](Result<OciClient::Answer, OciError> answer) {
            if (!answer.ok()) {
                done(answer.error(), {});
                return;
            }
            const QByteArray &body = answer->body;
            auto fail = [&](const QString &why) {
                done(ociError(OciError::Code::Protocol,
                              tr("the manifest of %1 is unusable: %2").arg(name, why), answer->status),
                     {});
            };
            if (body.size() > kMaxManifestBytes) {
                fail(tr("it has %1 bytes, more than the 4 MiB a manifest may have").arg(body.size()));
                return;
            }
            if (byDigest) {
                const QString got = digestOf(body, splitDigest(reference)->first);
                if (got != reference) {
                    fail(tr("its content has the digest %1, not the one asked for").arg(got));
                    return;
                }
            }
            const QString header = QString::fromLatin1(answer->contentDigest).trimmed();
            if (const auto parts = splitDigest(header)) {
                const QString got = digestOf(body, parts->first);
                if (got != header) {
                    fail(tr("the registry names its digest %1 (Docker-Content-Digest), but its "
                            "content has the digest %2")
                             .arg(header, got));
                    return;
                }
            }
            auto parsed = parseManifestDocument(body, QString::fromLatin1(answer->contentType));
            if (!parsed.ok()) {
                fail(parsed.error().message);
                return;
            }
            done(std::move(parsed).value(), header);
        });
}

QFuture<Result<OciManifestDocument, OciError>>
OciBlobs::document(const OciEndpoint &endpoint, const QString &repository, const QString &reference)
{
    auto promise = startedPromise<OciManifestDocument>();
    auto future = promise->future();
    fetchDocument(endpoint, repository, reference,
                  [promise](Result<OciManifestDocument, OciError> result, const QString &) {
                      fulfil<OciManifestDocument>(promise, std::move(result));
                  });
    return future;
}

QFuture<Result<OciResolvedImage, OciError>> OciBlobs::manifest(const OciEndpoint &endpoint,
                                                               const QString &repository,
                                                               const QString &reference,
                                                               const OciPlatform &platform)
{
    auto promise = startedPromise<OciResolvedImage>();
    auto future = promise->future();
    auto state = std::make_shared<OciResolvedImage>();
    state->repository = repository;
    state->reference = reference;
    state->platform = platform;
    using Step = std::function<void(const QString &, int, std::optional<OciDescriptor>)>;
    // Each fetch's handler holds the step function; the function holds itself weakly.
    auto step = std::make_shared<Step>();
    *step = [this, promise, state, endpoint, repository, platform, weak = std::weak_ptr<Step>(step)](
                const QString &ref, int depth, std::optional<OciDescriptor> entry) {
        auto self = weak.lock();
        fetchDocument(
            endpoint, repository, ref,
            [=](Result<OciManifestDocument, OciError> fetched, const QString &registryDigest) {
                if (!fetched.ok()) {
                    fulfil<OciResolvedImage>(promise, fetched.error());
                    return;
                }
                if (state->registryDigest.isEmpty())
                    state->registryDigest = registryDigest;
                const OciManifestDocument &doc = fetched.value();
                const QByteArray &body = std::holds_alternative<OciManifest>(doc)
                                             ? std::get<OciManifest>(doc).body
                                             : std::get<OciIndex>(doc).body;
                const QString name = imageName(endpoint, repository, ref);
                if (entry && entry->size != body.size()) {
                    fulfil<OciResolvedImage>(promise,
                                             ociError(OciError::Code::Protocol,
                                                      tr("the manifest of %1 has %2 bytes, its index says %3")
                                                          .arg(name)
                                                          .arg(body.size())
                                                          .arg(entry->size)));
                    return;
                }
                if (const auto *image = std::get_if<OciManifest>(&doc)) {
                    state->manifest = *image;
                    fulfil<OciResolvedImage>(promise, *state);
                    return;
                }
                const OciIndex &index = std::get<OciIndex>(doc);
                if (!state->index)
                    state->index = index;
                const auto chosen = choosePlatform(index, platform);
                if (!chosen) {
                    fulfil<OciResolvedImage>(
                        promise, ociError(OciError::Code::NotFound,
                                          tr("%1 has no image for %2 (it has: %3)")
                                              .arg(name, platform.toString(), describePlatforms(index))));
                    return;
                }
                if (depth >= kMaxIndexDepth) {
                    fulfil<OciResolvedImage>(
                        promise,
                        ociError(OciError::Code::Protocol,
                                 tr("%1 nests indexes more than %2 deep").arg(name).arg(kMaxIndexDepth)));
                    return;
                }
                const OciDescriptor &next = index.manifests.at(*chosen);
                if (next.platform)
                    state->platform = *next.platform;
                (*self)(next.digest, depth + 1, next);
            });
    };
    (*step)(reference, 1, std::nullopt);
    return future;
}

QFuture<Result<OciImageConfig, OciError>>
OciBlobs::imageConfig(const OciEndpoint &endpoint, const QString &repository, const OciDescriptor &config)
{
    auto promise = startedPromise<OciImageConfig>();
    auto future = promise->future();
    const QString name = imageName(endpoint, repository, config.digest);
    if (!isRepositoryName(repository) || !isDigest(config.digest) || !m_client) {
        fulfil<OciImageConfig>(promise, ociError(OciError::Code::NotFound,
                                                 tr("'%1' is not a repository and blob digest").arg(name)));
        return future;
    }
    if (config.size > kMaxConfigBytes) {
        fulfil<OciImageConfig>(promise, ociError(OciError::Code::Protocol,
                                                 tr("the image config %1 has %2 bytes, more than %3 MiB")
                                                     .arg(name)
                                                     .arg(config.size)
                                                     .arg(kMaxConfigBytes / 1024 / 1024)));
        return future;
    }
    OciClient::Fetch fetch;
    fetch.pathAndQuery = u"/v2/"_s + repository + u"/blobs/"_s + config.digest;
    fetch.scope = u"repository:"_s + repository + u":pull"_s;
    fetch.accept = "*/*";
    m_client->fetch(
        endpoint, std::move(fetch), [promise, name, config](Result<OciClient::Answer, OciError> answer) {
            if (!answer.ok()) {
                fulfil<OciImageConfig>(promise, answer.error());
                return;
            }
            auto fail = [&](const QString &why) {
                fulfil<OciImageConfig>(promise,
                                       ociError(OciError::Code::Protocol,
                                                tr("the image config %1 is unusable: %2").arg(name, why),
                                                answer->status));
            };
            const QString got = digestOf(answer->body, splitDigest(config.digest)->first);
            if (got != config.digest) {
                fail(tr("its content has the digest %1").arg(got));
                return;
            }
            if (answer->body.size() != config.size) {
                fail(tr("it has %1 bytes, the manifest says %2").arg(answer->body.size()).arg(config.size));
                return;
            }
            auto parsed = parseImageConfig(answer->body);
            if (!parsed.ok()) {
                fail(parsed.error().message);
                return;
            }
            fulfil<OciImageConfig>(promise, std::move(parsed).value());
        });
    return future;
}

void OciBlobs::startBlob(const std::shared_ptr<Download> &download)
{
    // The download's own handler must not hold it: a raw pointer, valid while it runs.
    download->done = [raw = download.get(),
                      inner = std::move(download->done)](Result<OciBlobStream, OciError> r) {
        raw->finished = true;
        inner(std::move(r));
    };
    const auto parts = splitDigest(download->digest);
    if (!parts || !isRepositoryName(download->repository)) {
        download->done(ociError(OciError::Code::NotFound,
                                tr("'%1' is not a repository and blob digest").arg(download->name)));
        return;
    }
    if (!m_client) {
        download->done(ociError(OciError::Code::Cancelled, tr("the registry client is gone")));
        return;
    }
    download->digester = OciDigester(parts->first);
    OciClient::Fetch fetch;
    fetch.pathAndQuery = u"/v2/"_s + download->repository + u"/blobs/"_s + download->digest;
    fetch.scope = u"repository:"_s + download->repository + u":pull"_s;
    fetch.accept = "*/*";
    fetch.range = [download]() -> QByteArray {
        if (download->offset == 0)
            return {};
        return "bytes=" + QByteArray::number(download->offset) + '-';
    };
    fetch.head = [download](const OciClient::Answer &head) -> std::optional<OciError> {
        download->skip = 0;
        if (download->offset > 0)
            ++download->resumed;
        if (head.status == 206) {
            const qint64 start = rangeStart(head.contentRange);
            if (start != download->offset)
                return ociError(OciError::Code::Protocol,
                                tr("%1 answered bytes=%2- of %3 with the range '%4'")
                                    .arg(download->endpoint.host)
                                    .arg(download->offset)
                                    .arg(download->name, QString::fromLatin1(head.contentRange.left(100))),
                                206);
        } else {
            download->skip = download->offset; // the whole blob again: drop what we have
        }
        return std::nullopt;
    };
    fetch.data = [download](QByteArrayView chunk) -> std::optional<OciError> {
        if (download->skip > 0) {
            const qint64 dropped = qMin(download->skip, qint64(chunk.size()));
            download->skip -= dropped;
            chunk = chunk.sliced(dropped);
            if (chunk.isEmpty())
                return std::nullopt;
        }
        if (download->size >= 0 && download->offset + chunk.size() > download->size)
            return ociError(OciError::Code::Protocol,
                            tr("the blob %1 is larger than the %2 bytes its manifest names")
                                .arg(download->name)
                                .arg(download->size));
        download->digester.add(chunk);
        if (auto failed = download->sink(chunk))
            return failed;
        download->offset += chunk.size();
        if (download->progress)
            download->progress(download->offset, download->size);
        return std::nullopt;
    };
    download->id = m_client->fetch(
        download->endpoint, std::move(fetch), [download](Result<OciClient::Answer, OciError> answer) {
            if (!answer.ok()) {
                download->done(answer.error());
                return;
            }
            if (download->size >= 0 && download->offset != download->size) {
                download->done(ociError(OciError::Code::Protocol,
                                        tr("the blob %1 ended after %2 of its %3 bytes")
                                            .arg(download->name)
                                            .arg(download->offset)
                                            .arg(download->size),
                                        answer->status));
                return;
            }
            const QString got = download->digester.finish();
            if (got != download->digest) {
                download->done(ociError(OciError::Code::Protocol,
                                        tr("the blob %1 is corrupt: expected digest %2, got %3")
                                            .arg(download->name, download->digest, got),
                                        answer->status));
                return;
            }
            download->done(OciBlobStream{download->digest, download->offset, download->resumed});
        });
}

QFuture<Result<OciBlobStream, OciError>> OciBlobs::streamBlob(const OciEndpoint &endpoint,
                                                              const QString &repository,
                                                              const QString &digest, qint64 size, Sink sink,
                                                              Progress progress)
{
    auto promise = startedPromise<OciBlobStream>();
    auto future = promise->future();
    auto download = std::make_shared<Download>();
    download->endpoint = endpoint;
    download->repository = repository;
    download->digest = digest;
    download->size = size;
    download->name = imageName(endpoint, repository, digest);
    download->sink = std::move(sink);
    download->progress = std::move(progress);
    download->done = [promise](Result<OciBlobStream, OciError> result) {
        fulfil<OciBlobStream>(promise, std::move(result));
    };
    startBlob(download);
    onCancel(this, future, [this, download] {
        if (m_client)
            m_client->cancel(download->id);
    });
    return future;
}

std::shared_ptr<OciBlobs::Download>
OciBlobs::startFile(const OciEndpoint &endpoint, const QString &repository, const QString &digest,
                    qint64 size, const QString &targetPath, Progress progress,
                    std::function<void(Result<OciBlobFile, OciError>)> done)
{
    auto file = std::make_shared<QFile>(targetPath + u".partial"_s);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        done(ociError(OciError::Code::Protocol,
                      tr("cannot write %1: %2").arg(file->fileName(), file->errorString())));
        return nullptr;
    }
    auto download = std::make_shared<Download>();
    download->endpoint = endpoint;
    download->repository = repository;
    download->digest = digest;
    download->size = size;
    download->name = imageName(endpoint, repository, digest);
    download->sink = [file](QByteArrayView chunk) -> std::optional<OciError> {
        if (file->write(chunk.data(), chunk.size()) != chunk.size())
            return ociError(OciError::Code::Protocol,
                            tr("cannot write %1: %2").arg(file->fileName(), file->errorString()));
        return std::nullopt;
    };
    download->progress = std::move(progress);
    download->done = [done, file, targetPath](Result<OciBlobStream, OciError> result) {
        const bool flushed = file->flush();
        file->close();
        if (result.ok() && !flushed)
            result = ociError(OciError::Code::Protocol,
                              tr("cannot write %1: %2").arg(file->fileName(), file->errorString()));
        if (!result.ok()) {
            file->remove();
            done(result.error());
            return;
        }
        QFile::remove(targetPath);
        if (!file->rename(targetPath)) {
            const QString why = file->errorString();
            file->remove();
            done(ociError(OciError::Code::Protocol,
                          tr("cannot rename %1 to %2: %3").arg(file->fileName(), targetPath, why)));
            return;
        }
        done(OciBlobFile{result->digest, targetPath, result->size, result->resumed});
    };
    startBlob(download);
    return download;
}

QFuture<Result<OciBlobFile, OciError>> OciBlobs::downloadBlob(const OciEndpoint &endpoint,
                                                              const QString &repository,
                                                              const QString &digest, qint64 size,
                                                              const QString &targetPath, Progress progress)
{
    auto promise = startedPromise<OciBlobFile>();
    auto future = promise->future();
    auto download = startFile(
        endpoint, repository, digest, size, targetPath, std::move(progress),
        [promise](Result<OciBlobFile, OciError> result) { fulfil<OciBlobFile>(promise, std::move(result)); });
    if (download) {
        onCancel(this, future, [this, download] {
            if (m_client)
                m_client->cancel(download->id);
        });
    }
    return future;
}

QFuture<Result<QList<OciBlobFile>, OciError>> OciBlobs::downloadBlobs(const OciEndpoint &endpoint,
                                                                      const QString &repository,
                                                                      const QList<OciDescriptor> &blobs,
                                                                      const QString &directory,
                                                                      int maxParallel, Progress progress)
{
    auto promise = startedPromise<QList<OciBlobFile>>();
    auto future = promise->future();
    struct State
    {
        QList<OciDescriptor> unique;
        QHash<QString, OciBlobFile> files;
        QHash<QString, qint64> done; // bytes per digest
        QList<std::shared_ptr<Download>> running;
        qint64 total = 0;
        int next = 0;
        bool finished = false;
    };
    auto state = std::make_shared<State>();
    for (const OciDescriptor &blob : blobs) {
        if (std::none_of(state->unique.cbegin(), state->unique.cend(),
                         [&blob](const OciDescriptor &d) { return d.digest == blob.digest; })) {
            state->unique.append(blob);
            state->total += qMax<qint64>(0, blob.size);
        }
    }
    if (!QDir().mkpath(directory)) {
        fulfil<QList<OciBlobFile>>(promise,
                                   ociError(OciError::Code::Protocol, tr("cannot create %1").arg(directory)));
        return future;
    }
    // Stops what still runs: each removes its partial file before this returns.
    auto cancelRunning = [this, state] {
        const auto running = state->running;
        for (const auto &download : running) {
            if (m_client)
                m_client->cancel(download->id);
        }
    };
    auto finish = [promise, state, blobs, cancelRunning](std::optional<OciError> error) {
        if (state->finished)
            return;
        state->finished = true;
        if (error) {
            cancelRunning();
            fulfil<QList<OciBlobFile>>(promise, *error);
            return;
        }
        QList<OciBlobFile> out;
        for (const OciDescriptor &blob : blobs)
            out.append(state->files.value(blob.digest));
        fulfil<QList<OciBlobFile>>(promise, out);
    };
    // Each download's handler holds the launcher; the launcher holds itself weakly.
    auto launch = std::make_shared<std::function<void()>>();
    *launch = [this, state, endpoint, repository, directory, progress, finish,
               maxParallel = qMax(1, maxParallel), weak = std::weak_ptr<std::function<void()>>(launch)] {
        auto self = weak.lock();
        while (!state->finished && state->running.size() < maxParallel &&
               state->next < state->unique.size()) {
            const OciDescriptor blob = state->unique.at(state->next++);
            auto report = [state, progress, digest = blob.digest](qint64 done, qint64) {
                state->done.insert(digest, done);
                if (progress) {
                    qint64 sum = 0;
                    for (qint64 bytes : std::as_const(state->done))
                        sum += bytes;
                    progress(sum, state->total);
                }
            };
            auto slot = std::make_shared<std::shared_ptr<Download>>();
            auto download = startFile(
                endpoint, repository, blob.digest, blob.size,
                QDir(directory).filePath(blobFileName(blob.digest)), report,
                [state, self, finish, slot, digest = blob.digest](Result<OciBlobFile, OciError> result) {
                    state->running.removeOne(*slot);
                    if (!result.ok()) {
                        finish(result.error());
                        return;
                    }
                    state->files.insert(digest, result.value());
                    (*self)();
                });
            if (!download || download->finished)
                continue; // it has already answered
            *slot = download;
            state->running.append(download);
        }
        if (!state->finished && state->running.isEmpty() && state->next >= state->unique.size())
            finish(std::nullopt);
    };
    (*launch)();
    onCancel(this, future, [cancelRunning] { cancelRunning(); });
    return future;
}

} // namespace Kiln
