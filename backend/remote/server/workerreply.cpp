#include "workerreply.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
#include <QHttpHeaders>
#endif

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using StatusCode = QHttpServerResponder::StatusCode;

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)

// Read size of one chunk, and how much may wait in the socket's buffer.
constexpr qint64 kChunkBytes = 256 * 1024;
constexpr qint64 kHighWaterBytes = 1024 * 1024;

// Copies a file range to a socket, a chunk whenever the socket's buffer drained
// below the high-water mark. A child of the socket: gone with the connection.
class FileStreamer : public QObject
{
public:
    FileStreamer(std::unique_ptr<QFile> file, qint64 remaining, QTcpSocket *socket)
        : QObject(socket)
        , m_file(std::move(file))
        , m_socket(socket)
        , m_remaining(remaining)
    {
        connect(socket, &QIODevice::bytesWritten, this, &FileStreamer::pump);
        pump();
    }

private:
    void pump()
    {
        while (m_remaining > 0 && m_socket->bytesToWrite() < kHighWaterBytes) {
            const QByteArray chunk = m_file->read(qMin(kChunkBytes, m_remaining));
            if (chunk.isEmpty()) {
                // The file shrank or failed: the peer sees a short body.
                m_socket->abort();
                m_remaining = 0;
                break;
            }
            m_socket->write(chunk);
            m_remaining -= chunk.size();
        }
        if (m_remaining == 0) {
            disconnect(m_socket, nullptr, this, nullptr);
            deleteLater();
        }
    }

    std::unique_ptr<QFile> m_file;
    QTcpSocket *m_socket;
    qint64 m_remaining;
};

#else

// A window [offset, offset + length) of a file as a device of its own.
class FileWindow : public QIODevice
{
public:
    FileWindow(std::unique_ptr<QFile> file, qint64 offset, qint64 length)
        : m_file(std::move(file))
        , m_offset(offset)
        , m_length(length)
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_length; }
    bool seek(qint64 pos) override { return QIODevice::seek(pos) && m_file->seek(m_offset + pos); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 left = m_length - pos();
        if (left <= 0)
            return -1;
        if (!m_file->seek(m_offset + pos()))
            return -1;
        return m_file->read(data, qMin(maxSize, left));
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    std::unique_ptr<QFile> m_file;
    qint64 m_offset;
    qint64 m_length;
};

QHttpHeaders toHeaders(const WorkerReply::Headers &headers)
{
    QHttpHeaders out;
    for (const auto &[name, value] : headers)
        out.append(name, value);
    return out;
}

#endif

} // namespace

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
WorkerReply::WorkerReply(QHttpServerResponder &responder, QTcpSocket *socket)
    : m_responder(responder)
    , m_socket(socket)
{}
#else
WorkerReply::WorkerReply(QHttpServerResponder &responder)
    : m_responder(responder)
{}
#endif

void WorkerReply::send(int status, const QByteArray &body, const QByteArray &contentType,
                       const Headers &headers)
{
    if (m_answered)
        return;
    m_answered = true;
    m_status = status;
    Headers all = headers;
    all.prepend({"Content-Type", contentType});
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    m_responder.writeStatusLine(StatusCode(status));
    for (const auto &[name, value] : std::as_const(all))
        m_responder.writeHeader(name, value);
    m_responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    m_responder.writeBody(body);
#else
    m_responder.write(body, toHeaders(all), StatusCode(status));
#endif
}

void WorkerReply::data(const QJsonValue &value, int status)
{
    send(status, workerEnvelope(value), "application/json");
}

void WorkerReply::error(const WorkerApiError &error, const Headers &headers)
{
    send(workerApiHttpStatus(error.code), workerErrorEnvelope(error), "application/json", headers);
}

void WorkerReply::error(WorkerApiErrorCode code, const QString &message, const Headers &headers)
{
    error(WorkerApiError{code, message, QString()}, headers);
}

void WorkerReply::sendFile(int status, std::unique_ptr<QFile> file, qint64 offset, qint64 length,
                           const Headers &headers)
{
    if (m_answered)
        return;
    if (!file->isOpen() && !file->open(QIODevice::ReadOnly)) {
        error(WorkerApiErrorCode::Internal,
              u"Could not read the content file: %1"_s.arg(file->errorString()));
        return;
    }
    if (!file->seek(offset)) {
        error(WorkerApiErrorCode::Internal,
              u"Could not seek in the content file: %1"_s.arg(file->errorString()));
        return;
    }
    m_answered = true;
    m_status = status;
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    m_responder.writeStatusLine(StatusCode(status));
    m_responder.writeHeader("Content-Type", "application/octet-stream");
    for (const auto &[name, value] : headers)
        m_responder.writeHeader(name, value);
    m_responder.writeHeader("Content-Length", QByteArray::number(length));
    m_responder.writeBody(QByteArray()); // ends the head
    if (m_socket && length > 0)
        new FileStreamer(std::move(file), length, m_socket);
#else
    Headers all = headers;
    all.prepend({"Content-Type", "application/octet-stream"});
    m_responder.write(new FileWindow(std::move(file), offset, length), toHeaders(all), StatusCode(status));
#endif
}

WorkerStream *WorkerReply::beginStream(int status, const QByteArray &contentType, QObject *server,
                                       const QHttpServerRequest &request)
{
    if (m_answered)
        return nullptr;
    m_answered = true;
    m_status = status;
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    Q_UNUSED(server);
    Q_UNUSED(request);
    m_responder.writeStatusLine(StatusCode(status));
    m_responder.writeHeader("Content-Type", contentType);
    m_responder.writeHeader("Cache-Control", "no-store");
    m_responder.writeHeader("Transfer-Encoding", "chunked");
    m_responder.writeBody(QByteArray()); // ends the head
    return m_socket ? new WorkerStream(m_socket) : nullptr;
#else
    // The connection's socket, to notice a peer that goes away: a child of the
    // connection, itself a child of the server.
    QTcpSocket *socket = nullptr;
    const QList<QTcpSocket *> sockets = server->findChildren<QTcpSocket *>();
    for (QTcpSocket *candidate : sockets) {
        if (candidate->peerPort() == request.remotePort() && candidate->localPort() == request.localPort() &&
            candidate->peerAddress().isEqual(request.remoteAddress(), QHostAddress::TolerantConversion)) {
            socket = candidate;
            break;
        }
    }
    QHttpHeaders headers;
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, contentType);
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    m_responder.writeBeginChunked(headers, StatusCode(status));
    return new WorkerStream(std::move(m_responder), socket, server);
#endif
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
WorkerStream::WorkerStream(QTcpSocket *socket)
    : QObject(socket)
    , m_socket(socket)
{}
#else
WorkerStream::WorkerStream(QHttpServerResponder &&responder, QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_socket(socket)
{
    // The responder must go before the connection does: a peer that leaves ends it.
    if (socket)
        connect(socket, &QAbstractSocket::disconnected, this, [this] {
            m_socket = nullptr;
            m_ended = true;
            deleteLater();
        });
}
#endif

WorkerStream::~WorkerStream() = default;

void WorkerStream::write(const QByteArray &data)
{
    if (m_ended || data.isEmpty())
        return;
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
#else
    m_responder.writeChunk(data);
#endif
}

void WorkerStream::end()
{
    if (m_ended)
        return;
    m_ended = true;
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    m_socket->write("0\r\n\r\n");
#else
    m_responder.writeEndChunked(QByteArray());
#endif
    deleteLater();
}

qint64 WorkerStream::pendingBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

WorkerApiError workerErrorFromStore(const StoreError &error)
{
    switch (error.code) {
    case StoreError::Code::NotFound:
        return {WorkerApiErrorCode::NotFound, error.message, {}};
    case StoreError::Code::Conflict:
    case StoreError::Code::InUse:
        return {WorkerApiErrorCode::Conflict, error.message, {}};
    case StoreError::Code::Invalid:
        return {WorkerApiErrorCode::BadRequest, error.message, {}};
    case StoreError::Code::Busy:
        return {WorkerApiErrorCode::Unavailable, error.message, {}};
    default:
        return {WorkerApiErrorCode::Internal, error.message, {}};
    }
}

WorkerReply::Headers requestHeaders(const QHttpServerRequest &request)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders headers = request.headers();
    WorkerReply::Headers out;
    out.reserve(headers.size());
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QLatin1StringView name = headers.nameAt(i);
        out.append({QByteArray(name.data(), name.size()), headers.valueAt(i).toByteArray()});
    }
    return out;
#else
    WorkerReply::Headers out;
    const auto headers = request.headers();
    for (const auto &[name, value] : headers)
        out.append({name, value});
    return out;
#endif
}

QByteArray requestHeader(const QHttpServerRequest &request, QByteArrayView name)
{
    const WorkerReply::Headers headers = requestHeaders(request);
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool hasRequestHeader(const QHttpServerRequest &request, QByteArrayView name)
{
    const WorkerReply::Headers headers = requestHeaders(request);
    return std::any_of(headers.begin(), headers.end(), [name](const auto &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

} // namespace Kiln
