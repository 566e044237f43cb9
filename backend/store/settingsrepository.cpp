#include "settingsrepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

const QString kUpsert = u"INSERT INTO settings (key, value) VALUES (:key, :value) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s;

Result<Done, StoreError> checkKey(const QString &key)
{
    if (key.isEmpty())
        return StoreError{StoreError::Code::Invalid, u"A setting needs a non-empty key."_s};
    return Done{};
}

} // namespace

Result<std::optional<QString>, StoreError> SettingsRepository::value(const QString &key) const
{
    return StoreSql::selectFirst(m_catalogue, u"SELECT value FROM settings WHERE key = :key"_s,
                                 {{u":key"_s, key}}, u"read the setting %1"_s.arg(StoreSql::quoted(key)),
                                 [](const QSqlQuery &q) { return StoreSql::text(q.value(0)); });
}

Result<Done, StoreError> SettingsRepository::setValue(const QString &key, const QString &value) const
{
    return setValues({{key, value}});
}

Result<Done, StoreError> SettingsRepository::setValues(const QMap<QString, QString> &values) const
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        auto valid = checkKey(it.key());
        if (!valid.ok())
            return valid.error();
    }
    const QString action = values.size() == 1
                               ? u"save the setting %1"_s.arg(StoreSql::quoted(values.firstKey()))
                               : u"save %1 settings"_s.arg(values.size());
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    StoreSql::Transaction &transaction = write.value().transaction;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        // A null QString would bind as NULL; the column holds text, so store "".
        const QString value = it.value().isNull() ? u""_s : it.value();
        auto saved = s.exec(kUpsert, {{u":key"_s, it.key()}, {u":value"_s, value}}, action);
        if (!saved.ok())
            return saved.error();
    }
    return transaction.commit(action);
}

Result<Done, StoreError> SettingsRepository::remove(const QString &key) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(u"DELETE FROM settings WHERE key = :key"_s, {{u":key"_s, key}},
                                        u"remove the setting %1"_s.arg(StoreSql::quoted(key)));
    if (!removed.ok())
        return removed.error();
    return Done{};
}

Result<QMap<QString, QString>, StoreError> SettingsRepository::all() const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto query = session.value().exec(u"SELECT key, value FROM settings"_s, {}, u"read the settings"_s);
    if (!query.ok())
        return query.error();
    QMap<QString, QString> out;
    while (query.value().next())
        out.insert(query.value().value(0).toString(), StoreSql::text(query.value().value(1)));
    return out;
}

} // namespace Kiln
