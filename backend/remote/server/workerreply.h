#pragma once

// Internal to WorkerServer: one answer to one request, written the same way on
// every QtHttpServer version (6.4 hands over the socket, later versions a responder).

#include "remote/workerapi.h"
#include "store/storeerror.h"

#include <QByteArray>
#include <QFile>
#include <QHttpServerResponder>
#include <QJsonValue>
#include <QList>
#include <QObject>

#include <memory>
#include <utility>

class QHttpServerRequest;
class QTcpSocket;

namespace Kiln {

class WorkerStream;

class WorkerReply
{
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    WorkerReply(QHttpServerResponder &responder, QTcpSocket *socket);
#else
    explicit WorkerReply(QHttpServerResponder &responder);
#endif

    // A body of `contentType` with Content-Length.
    void send(int status, const QByteArray &body, const QByteArray &contentType, const Headers &headers = {});
    // The success envelope around `data`.
    void data(const QJsonValue &value, int status = 200);
    // The error envelope, with the code's status.
    void error(const WorkerApiError &error, const Headers &headers = {});
    void error(WorkerApiErrorCode code, const QString &message, const Headers &headers = {});
    // `length` bytes of `file` from `offset`, read and sent in chunks while the
    // peer keeps up (memory stays bounded whatever the size).
    void sendFile(int status, std::unique_ptr<QFile> file, qint64 offset, qint64 length,
                  const Headers &headers);

    // Starts a chunked answer (Transfer-Encoding: chunked) that goes on after the
    // request handler returned: the stream writes the chunks and ends the answer.
    // It is deleted when the connection closes; hold it in a QPointer. `server` is the
    // QAbstractHttpServer (its connections are its children); `request` this request.
    WorkerStream *beginStream(int status, const QByteArray &contentType, QObject *server,
                              const QHttpServerRequest &request);

    bool answered() const
    {
        return m_answered;
    }
    int status() const
    {
        return m_status;
    }

private:
    QHttpServerResponder &m_responder;
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // Not a QPointer: with QtHttpServer 6.4.2 a QPointer to the connection's socket
    // makes the server crash after the answer (seen here; not investigated further).
    QTcpSocket *m_socket = nullptr;
#endif
    bool m_answered = false;
    int m_status = 0;
};

// The body of a chunked answer, written as data comes (WorkerReply::beginStream).
// On QtHttpServer 6.4 it writes the chunk framing ("<hex>\r\n<data>\r\n", and
// "0\r\n\r\n" at the end) to the connection's socket itself and is the socket's
// child; on 6.8 it keeps the request's responder and uses its chunk API. Either way
// it goes away with the connection.
class WorkerStream : public QObject
{
    Q_OBJECT

public:
    ~WorkerStream() override;

    // One chunk (nothing for empty data). Ignored after end().
    void write(const QByteArray &data);
    // The last chunk; the stream deletes itself soon after.
    void end();
    bool ended() const { return m_ended; }
    // Bytes written to the socket and not yet sent (0 when not known).
    qint64 pendingBytes() const;

private:
    friend class WorkerReply;
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    explicit WorkerStream(QTcpSocket *socket);
#else
    WorkerStream(QHttpServerResponder &&responder, QTcpSocket *socket, QObject *parent);
    QHttpServerResponder m_responder;
#endif
    QTcpSocket *m_socket = nullptr; // 6.4: the parent; 6.8: the connection when found (may be null)
    bool m_ended = false;
};

// A catalogue failure as an API error: NotFound 404, Conflict/InUse 409,
// Invalid 400, Busy 503, anything else 500.
WorkerApiError workerErrorFromStore(const StoreError &error);

// The request's headers as (name, value) pairs, on every QtHttpServer version.
WorkerReply::Headers requestHeaders(const QHttpServerRequest &request);
// The value of a request header (names compare case-insensitively); empty when absent.
QByteArray requestHeader(const QHttpServerRequest &request, QByteArrayView name);
bool hasRequestHeader(const QHttpServerRequest &request, QByteArrayView name);

} // namespace Kiln
