#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/catalogue.h"
#include "store/workertokenrepository.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

// A kiln-worker's bearer tokens on SQLite and on a real PostgreSQL server (every
// test runs on both).
class TestWorkerTokenRepository : public QObject
{
    Q_OBJECT

private:
    KilnTest::PostgresServer m_server;
    int m_databases = 0;
    std::unique_ptr<KilnTest::TempCatalogue> m_sqlite;
    std::unique_ptr<Catalogue> m_postgres;

    Catalogue *fresh()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"sqlite") {
            m_sqlite = std::make_unique<KilnTest::TempCatalogue>();
            return m_sqlite->isOpen() ? &m_sqlite->catalogue() : nullptr;
        }
        const QString database = u"kiln_tokens_%1"_s.arg(++m_databases);
        if (!m_server.createDatabase(database))
            return nullptr;
        auto opened = Catalogue::openPostgres(m_server.location(database));
        if (!opened.ok())
            return nullptr;
        m_postgres = std::move(opened).value();
        KilnTest::useSteppingClock(*m_postgres);
        return m_postgres.get();
    }

    static WorkerScopes scopes(const QStringList &names) { return parseWorkerScopes(names).value(); }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgres") << u"postgres"_s;
    }

    void initTestCase()
    {
        KilnTest::isolateSettings();
        QVERIFY2(!KilnTest::PostgresServer::binDir().isEmpty(), "PostgreSQL server binaries not found");
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    }

    void cleanup()
    {
        m_sqlite.reset();
        m_postgres.reset();
    }

    void createStoresOnlyTheHash()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        WorkerTokenRepository tokens(*catalogue);
        auto created = tokens.create(scopes({u"images:read"_s, u"images:manage"_s}), u"ci"_s);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        const NewWorkerToken &token = created.value();
        const auto parts = parseWorkerToken(token.bearer);
        QVERIFY2(parts.has_value(), token.bearer.constData());
        QCOMPARE(parts->id, token.token.id);
        QCOMPARE(parts->secret.size(), 43); // 32 random bytes, base64url without padding
        QCOMPARE(QByteArray::fromBase64(parts->secret, QByteArray::Base64UrlEncoding).size(), 32);
        QCOMPARE(token.token.name, u"ci"_s);
        QCOMPARE(workerScopeNames(token.token.scopes), (QStringList{u"images:read"_s, u"images:manage"_s}));
        QVERIFY(token.token.createdAt > 0);
        QVERIFY(!token.token.lastUsedAt);
        QVERIFY(!token.token.revoked());
        QCOMPARE(tokens.get(token.token.id).value(), token.token);

        // The catalogue holds the SHA-256 of the secret, never the secret.
        QSqlDatabase db = catalogue->database();
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT secret_sha256, scopes FROM worker_tokens"_s) && query.next());
        QCOMPARE(
            query.value(0).toString(),
            QString::fromLatin1(QCryptographicHash::hash(parts->secret, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(query.value(1).toString(), u"images:read images:manage"_s);
        QVERIFY(!query.next());

        // Two tokens never share an id or a secret.
        auto other = tokens.create(scopes({u"admin"_s}));
        QVERIFY(other.ok());
        QVERIFY(other.value().token.id != token.token.id);
        QVERIFY(other.value().bearer.mid(20) != token.bearer.mid(20));
        QCOMPARE(other.value().token.name, QString());
        QCOMPARE(tokens.list().value(), (QList<WorkerToken>{token.token, other.value().token}));
    }

    void createRefuses()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        WorkerTokenRepository tokens(*catalogue);
        auto none = tokens.create(WorkerScopes());
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, StoreError::Code::Invalid);
        auto control = tokens.create(scopes({u"admin"_s}), u"a\nb"_s);
        QVERIFY(!control.ok());
        QCOMPARE(control.error().code, StoreError::Code::Invalid);
        QVERIFY(tokens.list().value().isEmpty());
    }

    void verify()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        WorkerTokenRepository tokens(*catalogue);
        const NewWorkerToken token = tokens.create(scopes({u"images:read"_s}), u"reader"_s).value();

        auto good = tokens.verify(token.bearer);
        QVERIFY2(good.ok(), qPrintable(good.ok() ? QString() : good.error().message));
        QCOMPARE(good.value().id, token.token.id);
        QCOMPARE(good.value().scopes, WorkerScopes(WorkerScope::ImagesRead));
        QVERIFY(good.value().lastUsedAt.has_value());
        QCOMPARE(tokens.get(token.token.id).value().lastUsedAt, good.value().lastUsedAt);

        // A changed last character of the secret: same id, wrong secret.
        QByteArray wrong = token.bearer;
        wrong[wrong.size() - 1] = wrong.back() == 'A' ? 'B' : 'A';
        auto mismatch = tokens.verify(wrong);
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().reason, WorkerTokenRefusal::Reason::Mismatch);
        QVERIFY(!mismatch.error().message.contains(QString::fromLatin1(wrong)));

        QByteArray unknown = token.bearer;
        unknown.replace(3, 16, "ffffffffffffffff");
        if (unknown == token.bearer)
            unknown.replace(3, 16, "eeeeeeeeeeeeeeee");
        QCOMPARE(tokens.verify(unknown).error().reason, WorkerTokenRefusal::Reason::Unknown);
        QCOMPARE(tokens.verify("Bearer xyz").error().reason, WorkerTokenRefusal::Reason::Malformed);
        QCOMPARE(tokens.verify(QByteArray()).error().reason, WorkerTokenRefusal::Reason::Malformed);

        auto revoked = tokens.revoke(token.token.id);
        QVERIFY2(revoked.ok(), KilnTest::whyNot(revoked).constData());
        QVERIFY(revoked.value().revoked());
        auto refused = tokens.verify(token.bearer);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().reason, WorkerTokenRefusal::Reason::Revoked);

        // Revoking again keeps the first time; an unknown id is NotFound.
        QCOMPARE(tokens.revoke(token.token.id).value().revokedAt, revoked.value().revokedAt);
        QCOMPARE(tokens.revoke(u"0000000000000000"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(tokens.list().value().size(), 1);
    }

    void lastUsedIsWrittenAtMostOnceAMinute()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        qint64 now = 1700000000000;
        catalogue->setClock([&now] { return now; });
        WorkerTokenRepository tokens(*catalogue);
        const NewWorkerToken token = tokens.create(scopes({u"admin"_s})).value();
        QCOMPARE(tokens.verify(token.bearer).value().lastUsedAt, std::optional<qint64>(now));
        const qint64 first = now;
        now += 30000;
        QVERIFY(tokens.verify(token.bearer).ok());
        QCOMPARE(tokens.get(token.token.id).value().lastUsedAt, std::optional<qint64>(first));
        now += 31000;
        QVERIFY(tokens.verify(token.bearer).ok());
        QCOMPARE(tokens.get(token.token.id).value().lastUsedAt, std::optional<qint64>(now));
    }
};

QTEST_GUILESS_MAIN(TestWorkerTokenRepository)
#include "tst_workertokenrepository.moc"
