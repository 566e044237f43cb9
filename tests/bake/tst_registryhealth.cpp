// kiln-test-properties: LABELS slow TIMEOUT 600
#include "cataloguefixture.h"
#include "ocitesting.h"
#include "registryserver.h"
#include "scriptedserver.h"
#include "testsupport.h"
#include "tokenregistry.h"

#include "bake/registryhealth.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

RegistryHealth await(QFuture<RegistryHealth> future, int timeoutMs = 60000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs))
        return RegistryHealth{RegistryHealthStatus::Unknown, std::nullopt, 0, u"the test gave up waiting"_s};
    if (future.isCanceled() || future.resultCount() == 0)
        return RegistryHealth{RegistryHealthStatus::Unknown, std::nullopt, 0, u"cancelled"_s};
    return future.result();
}

// "user:$2y$..." from the real htpasswd (apache2-utils).
QString htpasswdHash(const QString &user, const QString &password, QString *error)
{
    QProcess htpasswd;
    htpasswd.start(u"htpasswd"_s, {u"-Bbn"_s, user, password});
    if (!htpasswd.waitForFinished(30000) || htpasswd.exitCode() != 0) {
        *error = u"htpasswd failed: "_s + QString::fromLocal8Bit(htpasswd.readAllStandardError());
        return {};
    }
    const QString line = QString::fromLatin1(htpasswd.readAllStandardOutput()).trimmed();
    return line.section(u':', 1);
}

Result<OciPing, OciError> pingOk(int status, const QString &header, bool json, bool authenticated = false)
{
    OciPing ping;
    ping.httpStatus = status;
    ping.latencyMs = 12;
    ping.apiVersionHeader = header;
    ping.jsonBody = json;
    ping.authenticated = authenticated;
    return ping;
}

Result<OciPing, OciError> pingError(OciError::Code code, int status, const QString &message)
{
    return OciError{code, message, status};
}

} // namespace

Q_DECLARE_METATYPE(Kiln::RegistryHealthStatus)
using PingResult = Result<OciPing, OciError>;
Q_DECLARE_METATYPE(PingResult)

class tst_RegistryHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void names();
    void classifies_data();
    void classifies();
    void storedHealthReadsTheColumns();

    void anonymousRegistryIsHealthy();
    void htpasswdRegistry();
    void credentialsFromTheVault();
    void tokenRegistry();
    void htmlPageIsNotOci();
    void notFoundIsNotOci();
    void jsonWithoutHeaderIsOci();
    void serverErrorIsUnreachable();
    void closedPortIsUnreachable();

private:
    std::unique_ptr<OciClient> fastClient() const
    {
        auto client = std::make_unique<OciClient>();
        client->setRetryPolicy(1, 0);
        client->setTransferTimeout(5000);
        return client;
    }

    std::unique_ptr<RegistryServer> m_open;
    std::unique_ptr<RegistryServer> m_locked;
};

void tst_RegistryHealth::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    isolateSettings();
    QVERIFY2(!RegistryServer::program().isEmpty(), "docker-registry is not installed");
    m_open = std::make_unique<RegistryServer>();
    QVERIFY2(m_open->start(), qPrintable(m_open->errorString()));
    QString error;
    const QString hash = htpasswdHash(kRegistryUser, kRegistryPassword, &error);
    QVERIFY2(!hash.isEmpty(), qPrintable(error));
    m_locked = std::make_unique<RegistryServer>();
    m_locked->setHtpasswd(kRegistryUser, hash);
    QVERIFY2(m_locked->start(), qPrintable(m_locked->errorString()));
}

void tst_RegistryHealth::names()
{
    for (auto status :
         {RegistryHealthStatus::Unknown, RegistryHealthStatus::Healthy, RegistryHealthStatus::AuthFailed,
          RegistryHealthStatus::Unreachable, RegistryHealthStatus::NotOci}) {
        const QString name = registryHealthName(status);
        QCOMPARE(registryHealthFromName(name), std::optional(status));
        QVERIFY(registryHealthNames().contains(name)); // what the catalogue accepts
    }
    QCOMPARE(registryHealthName(RegistryHealthStatus::AuthFailed), u"auth-failed"_s);
    QCOMPARE(registryHealthName(RegistryHealthStatus::NotOci), u"not-oci"_s);
    QCOMPARE(registryHealthFromName(u"fine"_s), std::nullopt);
}

void tst_RegistryHealth::classifies_data()
{
    QTest::addColumn<PingResult>("ping");
    QTest::addColumn<RegistryHealthStatus>("status");
    QTest::addColumn<bool>("latency");
    QTest::addColumn<QString>("why");
    using S = RegistryHealthStatus;
    using C = OciError::Code;
    QTest::newRow("200 registry/2.0")
        << pingOk(200, u"registry/2.0"_s, true) << S::Healthy << true << u"API answered"_s;
    QTest::newRow("200 logged in") << pingOk(200, u"registry/2.0"_s, true, true) << S::Healthy << true
                                   << u"logged in"_s;
    QTest::newRow("200 header, empty body")
        << pingOk(200, u"registry/2.0"_s, false) << S::Healthy << true << QString();
    QTest::newRow("200 {} without header") << pingOk(200, {}, true) << S::Healthy << true << QString();
    QTest::newRow("200 html") << pingOk(200, {}, false) << S::NotOci << true << u"not an OCI registry"_s;
    QTest::newRow("401 unauthorized") << pingError(C::Unauthorized, 401, u"h asks for a login"_s)
                                      << S::AuthFailed << false << u"asks for a login"_s;
    QTest::newRow("403") << pingError(C::Unauthorized, 403, u"h answered 403"_s) << S::AuthFailed << false
                         << u"403"_s;
    QTest::newRow("bad token realm") << pingError(C::Protocol, 401, u"realm"_s) << S::AuthFailed << false
                                     << u"realm"_s;
    QTest::newRow("404") << pingError(C::NotFound, 404, u"h answered 404 Not Found for /v2/"_s) << S::NotOci
                         << false << u"not an OCI registry: h answered 404"_s;
    QTest::newRow("405") << pingError(C::Protocol, 405, u"h answered 405"_s) << S::NotOci << false
                         << u"405"_s;
    QTest::newRow("bad host") << pingError(C::Protocol, 0, u"'x y' is not a registry host"_s)
                              << S::Unreachable << false << u"not a registry host"_s;
    QTest::newRow("refused") << pingError(C::Network, 0, u"connection refused"_s) << S::Unreachable << false
                             << u"refused"_s;
    QTest::newRow("503") << pingError(C::Network, 503, u"h answered 503"_s) << S::Unreachable << false
                         << u"503"_s;
    QTest::newRow("timeout") << pingError(C::Timeout, 0, u"did not answer"_s) << S::Unreachable << false
                             << u"did not answer"_s;
    QTest::newRow("tls") << pingError(C::Tls, 0, u"TLS handshake"_s) << S::Unreachable << false << u"TLS"_s;
    QTest::newRow("cancelled") << pingError(C::Cancelled, 0, u"cancelled"_s) << S::Unknown << false
                               << u"cancelled"_s;
}

void tst_RegistryHealth::classifies()
{
    QFETCH(PingResult, ping);
    QFETCH(bool, latency);
    QFETCH(QString, why);
    const RegistryHealth health = classifyPing(ping, 1700000000000);
    QTEST(health.status, "status");
    QCOMPARE(health.latencyMs.has_value(), latency);
    QCOMPARE(health.checkedAt, 1700000000000);
    QVERIFY2(health.message.contains(why), qPrintable(health.message));
    QVERIFY(!health.message.isEmpty());
}

void tst_RegistryHealth::storedHealthReadsTheColumns()
{
    Registry r;
    QCOMPARE(storedHealth(r).status, RegistryHealthStatus::Unknown);
    r.healthStatus = u"auth-failed"_s;
    r.healthLatencyMs = 7;
    r.healthCheckedAt = 1700000000000;
    r.healthMessage = u"no login"_s;
    QCOMPARE(storedHealth(r),
             (RegistryHealth{RegistryHealthStatus::AuthFailed, 7, 1700000000000, u"no login"_s}));
}

void tst_RegistryHealth::anonymousRegistryIsHealthy()
{
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const RegistryHealth health = await(checker.check(registryAt(u"open"_s, m_open->address())));
    QCOMPARE(health.status, RegistryHealthStatus::Healthy);
    QVERIFY(health.latencyMs.has_value());
    QVERIFY(*health.latencyMs >= 0 && *health.latencyMs < 10000);
    QVERIFY(health.checkedAt >= before && health.checkedAt <= QDateTime::currentMSecsSinceEpoch());
    // The latency is its own field, not repeated in the message.
    QVERIFY2(!health.message.contains(u" ms"_s), qPrintable(health.message));
}

void tst_RegistryHealth::htpasswdRegistry()
{
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    const Registry locked = registryAt(u"locked"_s, m_locked->address());

    const RegistryHealth anonymous = await(checker.check(locked));
    QCOMPARE(anonymous.status, RegistryHealthStatus::AuthFailed);
    QVERIFY2(anonymous.message.contains(u"asks for a login (Basic)"_s), qPrintable(anonymous.message));

    const RegistryHealth wrong =
        await(checker.test(locked, Credential{kRegistryUser, kWrongRegistryPassword}));
    QCOMPARE(wrong.status, RegistryHealthStatus::AuthFailed);
    QVERIFY2(wrong.message.contains(u"refused the login of user 'kiln'"_s), qPrintable(wrong.message));
    QVERIFY(!wrong.message.contains(kWrongRegistryPassword));

    const RegistryHealth right = await(checker.test(locked, Credential{kRegistryUser, kRegistryPassword}));
    QCOMPARE(right.status, RegistryHealthStatus::Healthy);
    QVERIFY(right.latencyMs.has_value());
    QVERIFY2(right.message.contains(u"logged in"_s), qPrintable(right.message));
    QVERIFY(!right.message.contains(kRegistryPassword));
}

void tst_RegistryHealth::credentialsFromTheVault()
{
    TempCatalogue temp;
    QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
    QTemporaryDir vaultDir;
    SecretVault vault(fileVaultOptions(vaultDir.path()));
    const SecretRepository secrets(temp.catalogue());
    const QString ref = SecretRepository::newKeychainRef();
    QVERIFY(QTest::qWaitFor([f = vault.write(ref, kRegistryPassword.toUtf8())] { return f.isFinished(); },
                            30000));
    const Secret right =
        secrets.create(u"robot"_s, SecretKind::RegistryCredential, kRegistryUser, ref).value();
    const Secret missing = secrets
                               .create(u"lost"_s, SecretKind::RegistryCredential, kRegistryUser,
                                       SecretRepository::newKeychainRef())
                               .value();

    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), [&secrets, &vault](const QString &idOrName) {
        return resolveCredential(secrets, vault, idOrName);
    });
    Registry locked = registryAt(u"locked"_s, m_locked->address());
    locked.credentialsSecretId = right.id;
    const RegistryHealth healthy = await(checker.check(locked));
    QCOMPARE(healthy.status, RegistryHealthStatus::Healthy);
    QVERIFY(!healthy.message.contains(kRegistryPassword));

    // "Test connection" with a login typed in the dialog wins over the stored one.
    const RegistryHealth typed =
        await(checker.test(locked, Credential{kRegistryUser, kWrongRegistryPassword}));
    QCOMPARE(typed.status, RegistryHealthStatus::AuthFailed);

    locked.credentialsSecretId = missing.id;
    const RegistryHealth unreadable = await(checker.check(locked));
    QCOMPARE(unreadable.status, RegistryHealthStatus::AuthFailed);
    QVERIFY2(unreadable.message.contains(u"credentials secret"_s), qPrintable(unreadable.message));

    // Without a way to read secrets, a registry with credentials cannot be logged in to.
    RegistryHealthChecker blind(client.get(), {});
    locked.credentialsSecretId = right.id;
    QCOMPARE(await(blind.check(locked)).status, RegistryHealthStatus::AuthFailed);
}

void tst_RegistryHealth::tokenRegistry()
{
    TokenRegistry registry(kRegistryUser, kRegistryPassword);
    QString error;
    QVERIFY2(registry.start(&error), qPrintable(error));
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    const Registry token = registryAt(u"token"_s, registry.address());

    const RegistryHealth anonymous = await(checker.check(token));
    QCOMPARE(anonymous.status, RegistryHealthStatus::AuthFailed);
    QVERIFY2(anonymous.message.contains(u"Bearer"_s), qPrintable(anonymous.message));
    const RegistryHealth wrong =
        await(checker.test(token, Credential{kRegistryUser, kWrongRegistryPassword}));
    QCOMPARE(wrong.status, RegistryHealthStatus::AuthFailed);
    QVERIFY(!wrong.message.contains(kWrongRegistryPassword));
    const int issued = registry.issuer().requests();
    const RegistryHealth right = await(checker.test(token, Credential{kRegistryUser, kRegistryPassword}));
    QCOMPARE(right.status, RegistryHealthStatus::Healthy);
    QVERIFY(registry.issuer().requests() > issued); // a real token was fetched
    QVERIFY2(right.message.contains(u"logged in"_s), qPrintable(right.message));
}

void tst_RegistryHealth::htmlPageIsNotOci()
{
    ScriptedServer web({ScriptedServer::response("200 OK", "text/html",
                                                 "<!doctype html><html><body>Welcome</body></html>")});
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    const RegistryHealth health = await(checker.check(registryAt(u"web"_s, web.address())));
    QCOMPARE(health.status, RegistryHealthStatus::NotOci);
    QVERIFY2(health.message.contains(u"not an OCI registry"_s), qPrintable(health.message));
    QVERIFY(health.latencyMs.has_value());
    QVERIFY(web.requests() >= 1);
}

void tst_RegistryHealth::notFoundIsNotOci()
{
    ScriptedServer web({ScriptedServer::response("404 Not Found", "text/html", "<html>no such page</html>")});
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    const RegistryHealth health = await(checker.check(registryAt(u"web"_s, web.address())));
    QCOMPARE(health.status, RegistryHealthStatus::NotOci);
    QVERIFY2(health.message.contains(web.address() + u" answered 404"_s), qPrintable(health.message));
}

void tst_RegistryHealth::jsonWithoutHeaderIsOci()
{
    ScriptedServer almost({ScriptedServer::response("200 OK", "application/json", "{}")});
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    QCOMPARE(await(checker.check(registryAt(u"almost"_s, almost.address()))).status,
             RegistryHealthStatus::Healthy);
}

void tst_RegistryHealth::serverErrorIsUnreachable()
{
    ScriptedServer broken(
        {ScriptedServer::response("503 Service Unavailable", "text/plain", "down for maintenance")});
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    const RegistryHealth health = await(checker.check(registryAt(u"broken"_s, broken.address())));
    QCOMPARE(health.status, RegistryHealthStatus::Unreachable);
    QVERIFY2(health.message.contains(u"503"_s), qPrintable(health.message));
}

void tst_RegistryHealth::closedPortIsUnreachable()
{
    const QString address = u"127.0.0.1:%1"_s.arg(freePort());
    auto client = fastClient();
    RegistryHealthChecker checker(client.get(), {});
    const RegistryHealth health = await(checker.check(registryAt(u"closed"_s, address)));
    QCOMPARE(health.status, RegistryHealthStatus::Unreachable);
    QCOMPARE(health.latencyMs, std::nullopt);
    QVERIFY2(health.message.contains(u"connection refused"_s), qPrintable(health.message));
}

QTEST_GUILESS_MAIN(tst_RegistryHealth)
#include "tst_registryhealth.moc"
