#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace KilnTest {

// A plain HTTP/1.1 server on 127.0.0.1 whose answers the test writes: for faults a
// real registry cannot produce on demand (a corrupted blob, a connection that breaks
// half-way, a server that ignores Range, a 503, an HTML page, no answer at all) and
// for small peers such as a token service. Requests carry no body. Lives on the
// test's thread (answers from its event loop).
class ScriptedServer : public QObject
{
public:
    // Gets the n-th request (0-based, across connections) and its head; writes what
    // it likes and closes the connection (or not).
    using Answer = std::function<void(int index, const QByteArray &head, QTcpSocket *socket)>;
    explicit ScriptedServer(Answer answer);
    // Each request gets the next of `answers` (the last one repeats) and the
    // connection is closed; an empty answer is never sent (the request hangs).
    explicit ScriptedServer(QList<QByteArray> answers);

    bool isListening() const { return m_server.isListening(); }
    QString errorString() const { return m_server.errorString(); }
    QString address() const; // "127.0.0.1:PORT"
    int requests() const { return int(m_heads.size()); }
    QList<QByteArray> heads() const { return m_heads; }
    // The value of `name` in the n-th request head, empty when absent.
    QByteArray header(int index, const QByteArray &name) const;

    // A whole answer: status line, Content-Type, Content-Length, `extraHeaders`
    // (each ending in "\r\n"), Connection: close and the body.
    static QByteArray response(const QByteArray &status, const QByteArray &contentType,
                               const QByteArray &body, const QByteArray &extraHeaders = {});
    // The head of an application/octet-stream answer of `length` bytes.
    static QByteArray head(const QByteArray &status, qint64 length, const QByteArray &extraHeaders = {});

private:
    QTcpServer m_server;
    Answer m_answer;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QByteArray> m_heads;
};

} // namespace KilnTest
