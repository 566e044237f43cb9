#pragma once

#include "scriptedserver.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class QTcpSocket;

namespace KilnTest {

// A token issuer as docker-registry's `auth: token` expects one, on 127.0.0.1: RS256
// JWTs carrying (x5c) a self-signed certificate made with the openssl command line,
// which the registry trusts (rootcertbundle). Grants every scope asked for to the
// one user with the right password (HTTP Basic on the token request); anything else
// gets a 401. Lives on the test's thread (answers from its event loop).
class TokenIssuer
{
public:
    TokenIssuer(QString user, QString password);

    // Makes the key and certificate in `dir` and starts listening.
    bool setUp(const QString &dir, QString *error);
    QString certificatePath() const { return m_cert; }
    QString realm() const; // "http://127.0.0.1:PORT/token"
    int requests() const { return m_server ? m_server->requests() : 0; }
    // A token for `scope` ("repository:a/b:pull,push registry:catalog:*"); empty on failure.
    QByteArray mint(const QString &scope) const;

private:
    void answer(int index, const QByteArray &head, QTcpSocket *socket);

    QString m_user;
    QString m_password;
    std::unique_ptr<ScriptedServer> m_server;
    QString m_key;
    QString m_cert;
    QByteArray m_x5c;
};

// docker-registry with token authentication through its own TokenIssuer, in a
// temporary directory, plain HTTP on 127.0.0.1 (started when GET /v2/ answers 401).
// Stopped (and its directory removed) by the destructor or a watchdog.
class TokenRegistry
{
public:
    TokenRegistry(const QString &user, const QString &password);
    ~TokenRegistry();
    TokenRegistry(const TokenRegistry &) = delete;
    TokenRegistry &operator=(const TokenRegistry &) = delete;

    bool start(QString *error);
    QString address() const { return m_address; } // "127.0.0.1:PORT"
    TokenIssuer &issuer() { return m_issuer; }

private:
    QTemporaryDir m_dir;
    TokenIssuer m_issuer;
    std::unique_ptr<QProcess> m_process;
    QString m_address;
};

} // namespace KilnTest
