#pragma once

#include "store/catalogue.h"
#include "store/secretvault.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <utility>

#include <memory>

namespace KilnTest {

// The error message of a failed Result, empty for a successful one. For QVERIFY2,
// which evaluates its message even when the check passes:
//   QVERIFY2(result.ok(), KilnTest::whyNot(result));
template <typename R>
QByteArray whyNot(const R &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

// Makes the catalogue's clock deterministic: start, start + step, start + 2*step, ...
void useSteppingClock(Kiln::Catalogue &catalogue, qint64 start = 1700000000000, qint64 step = 1000);

// The encrypted-file vault (SecretBackend::File) with its key and data files,
// secret.key and secrets.enc, in `dir` (made when the vault first writes).
Kiln::SecretVaultOptions fileVaultOptions(const QString &dir);

// A fresh SQLite catalogue at the latest schema in its own temporary directory,
// with a stepping clock. Check isOpen() (and errorString()) before use.
class TempCatalogue
{
public:
    TempCatalogue();
    bool isOpen() const { return m_catalogue != nullptr; }
    QString errorString() const { return m_error; }
    QString path() const;
    QString dirPath() const { return m_dir.path(); }
    Kiln::Catalogue &catalogue() const { return *m_catalogue; }
    Kiln::Catalogue *operator->() const { return m_catalogue.get(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Kiln::Catalogue> m_catalogue;
    QString m_error;
};

// Splits an SQL script (e.g. a sqlite3 .dump) into statements: on ';' outside
// quotes and comments, keeping CREATE TRIGGER ... END bodies whole.
QStringList splitSqlScript(const QString &script);

// Runs every statement of the script on `db`; false (and *error) at the first failure.
bool applySqlScript(QSqlDatabase &db, const QString &script, QString *error);

// Rows written with the SQL of one schema version (the tables that version added),
// and checks (a query returning one value, and that value as text) that they are
// still there and intact later. Portable: used on SQLite and PostgreSQL.
struct CatalogueSeed
{
    int version = 0;
    QStringList statements;
    QList<std::pair<QString, QString>> checks;
};
const QList<CatalogueSeed> &catalogueSeeds();
// Inserts the seeds of versions 1..upTo.
bool applySeeds(QSqlDatabase &db, int upTo, QString *error);
// Runs the checks of versions 1..upTo.
bool verifySeeds(QSqlDatabase &db, int upTo, QString *error);

// A comparable description of the schema: tables, columns, keys, indexes, triggers.
QStringList schemaSnapshot(QSqlDatabase &db, Kiln::Dialect dialect);

} // namespace KilnTest
