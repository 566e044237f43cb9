#include "sqlsupport.h"

#include "catalogue.h"
#include "domain/names.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Kiln::StoreSql {

Result<QSqlQuery, StoreError> exec(QSqlDatabase &db, Dialect dialect, const QString &sql,
                                   const Bindings &bindings, const QString &action)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (bindings.isEmpty()) {
        if (!query.exec(sql))
            return toStoreError(query.lastError(), dialect, action);
        return query;
    }
    if (!query.prepare(sql))
        return toStoreError(query.lastError(), dialect, action);
    for (const auto &[name, value] : bindings)
        query.bindValue(name, value);
    if (!query.exec()) {
        const StoreError error = toStoreError(query.lastError(), dialect, action);
        if (dialect == Dialect::Postgres) {
            // A failed statement aborts PostgreSQL's whole transaction, and the
            // prepared statement can only be released (on destruction) once the
            // transaction is over: end it now. Outside a transaction this is a no-op.
            QSqlQuery rollback(db);
            rollback.exec(u"ROLLBACK"_s);
        }
        return error;
    }
    return query;
}

Result<Transaction, StoreError> Transaction::begin(QSqlDatabase &db, Dialect dialect, const QString &action)
{
    const QString sql = dialect == Dialect::Sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
    auto started = exec(db, dialect, sql, {}, action);
    if (!started.ok())
        return started.error();
    return Transaction(db, dialect);
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(std::move(other.m_db))
    , m_dialect(other.m_dialect)
    , m_open(std::exchange(other.m_open, false))
{}

Transaction::~Transaction()
{
    rollback();
}

Result<Done, StoreError> Transaction::commit(const QString &action)
{
    if (!m_open)
        return StoreError{StoreError::Code::Sql,
                          u"Could not %1: the transaction was already closed."_s.arg(action)};
    auto committed = exec(m_db, m_dialect, u"COMMIT"_s, {}, action);
    if (!committed.ok()) {
        rollback();
        return committed.error();
    }
    m_open = false;
    return Done{};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlQuery query(m_db);
    query.exec(u"ROLLBACK"_s);
}

Result<Session, StoreError> Session::open(const Catalogue &catalogue)
{
    auto connection = catalogue.connection();
    if (!connection.ok())
        return connection.error();
    return Session{connection.value(), catalogue.dialect(), catalogue.now()};
}

Result<WriteSession, StoreError> WriteSession::begin(const Catalogue &catalogue, const QString &action)
{
    auto session = Session::open(catalogue);
    if (!session.ok())
        return session.error();
    auto transaction = session.value().begin(action);
    if (!transaction.ok())
        return transaction.error();
    return WriteSession{std::move(session.value()), std::move(transaction.value())};
}

QVariant nullableText(const QString &text)
{
    if (text.isEmpty())
        return QVariant(QMetaType::fromType<QString>());
    return text;
}

QVariant nullableInt(std::optional<qint64> value)
{
    if (!value)
        return QVariant(QMetaType::fromType<qlonglong>());
    return qlonglong(*value);
}

QString text(const QVariant &value)
{
    return value.isNull() ? QString() : value.toString();
}

std::optional<qint64> optionalInt(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

QString encodeList(const QStringList &items)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(items)).toJson(QJsonDocument::Compact));
}

QStringList decodeList(const QString &json)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    out.reserve(array.size());
    for (const auto &item : array)
        out.append(item.toString());
    return out;
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString containsPattern(const QString &needle)
{
    QString escaped;
    escaped.reserve(needle.size() + 2);
    escaped += u'%';
    for (const QChar c : needle) {
        if (c == u'%' || c == u'_' || c == u'!')
            escaped += u'!';
        escaped += c;
    }
    escaped += u'%';
    return escaped;
}

QString quoted(const QString &text)
{
    return u"“"_s + text + u"”"_s;
}

StoreError notFound(const QString &what, const QString &key, const QString &value)
{
    return StoreError{StoreError::Code::NotFound,
                      u"There is no %1 with %2 %3."_s.arg(what, key, quoted(value))};
}

StoreError onConflict(const StoreError &error, const QString &message)
{
    if (error.code == StoreError::Code::Conflict)
        return StoreError{StoreError::Code::Conflict, message};
    return error;
}

Result<Done, StoreError> checkName(const QString &what, const QString &name)
{
    auto valid = validateName(name);
    if (!valid.ok())
        return StoreError{StoreError::Code::Invalid, u"The %1 name %2 is not valid: %3"_s.arg(
                                                         what, quoted(name), valid.error().describe())};
    return Done{};
}

} // namespace Kiln::StoreSql
