#include "scriptedserver.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

QByteArray answerHead(const QByteArray &status, const QByteArray &contentType, qint64 length,
                      const QByteArray &extraHeaders)
{
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + QByteArray::number(length) + "\r\n" + extraHeaders +
           "Connection: close\r\n\r\n";
}

} // namespace

ScriptedServer::ScriptedServer(Answer answer)
    : m_answer(std::move(answer))
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                QByteArray &buffer = m_buffers[socket];
                buffer += socket->readAll();
                const qsizetype end = buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QByteArray head = buffer.left(end);
                buffer.remove(0, end + 4);
                m_heads.append(head);
                m_answer(int(m_heads.size()) - 1, head, socket);
            });
        }
    });
}

ScriptedServer::ScriptedServer(QList<QByteArray> answers)
    : ScriptedServer([answers = std::move(answers)](int index, const QByteArray &, QTcpSocket *socket) {
        const QByteArray answer = answers.at(qMin(index, int(answers.size()) - 1));
        if (answer.isEmpty())
            return;
        socket->write(answer);
        socket->disconnectFromHost();
    })
{}

QString ScriptedServer::address() const
{
    return u"127.0.0.1:%1"_s.arg(m_server.serverPort());
}

QByteArray ScriptedServer::header(int index, const QByteArray &name) const
{
    for (const QByteArray &line : m_heads.value(index).split('\n')) {
        if (line.toLower().startsWith(QByteArray(name.toLower() + ':')))
            return line.mid(name.size() + 1).trimmed();
    }
    return {};
}

QByteArray ScriptedServer::response(const QByteArray &status, const QByteArray &contentType,
                                    const QByteArray &body, const QByteArray &extraHeaders)
{
    return answerHead(status, contentType, body.size(), extraHeaders) + body;
}

QByteArray ScriptedServer::head(const QByteArray &status, qint64 length, const QByteArray &extraHeaders)
{
    return answerHead(status, "application/octet-stream", length, extraHeaders);
}

} // namespace KilnTest
