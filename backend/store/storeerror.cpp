#include "storeerror.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace Kiln {

QString StoreError::codeName(Code code)
{
    switch (code) {
    case Code::NotFound:
        return u"not found"_s;
    case Code::Conflict:
        return u"conflict"_s;
    case Code::Invalid:
        return u"invalid"_s;
    case Code::Frozen:
        return u"frozen"_s;
    case Code::InUse:
        return u"in use"_s;
    case Code::SchemaTooNew:
        return u"schema too new"_s;
    case Code::Busy:
        return u"busy"_s;
    case Code::Io:
        return u"input/output"_s;
    case Code::Sql:
        return u"database error"_s;
    }
    return u"database error"_s;
}

namespace {

// SQLite result codes (extended result codes are on in Qt's driver).
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;
constexpr int kSqliteNotADb = 26;
constexpr int kSqliteConstraintCheck = 275;
constexpr int kSqliteConstraintForeignKey = 787;
constexpr int kSqliteConstraintNotNull = 1299;
constexpr int kSqliteConstraintPrimaryKey = 1555;
constexpr int kSqliteConstraintTrigger = 1811;
constexpr int kSqliteConstraintUnique = 2067;

StoreError::Code classifySqlite(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    const QString text = error.databaseText();
    if (ok) {
        switch (code) {
        case kSqliteConstraintUnique:
        case kSqliteConstraintPrimaryKey:
            return StoreError::Code::Conflict;
        case kSqliteConstraintForeignKey:
            return StoreError::Code::NotFound;
        case kSqliteConstraintCheck:
        case kSqliteConstraintNotNull:
        case kSqliteConstraintTrigger:
            return StoreError::Code::Invalid;
        default:
            break;
        }
        switch (code & 0xff) {
        case kSqliteBusy:
        case kSqliteLocked:
            return StoreError::Code::Busy;
        case kSqliteReadOnly:
        case kSqliteIoErr:
        case kSqliteCorrupt:
        case kSqliteFull:
        case kSqliteCantOpen:
        case kSqliteNotADb:
            return StoreError::Code::Io;
        case kSqliteConstraint:
            // Without extended codes: fall back on SQLite's fixed wording.
            if (text.startsWith("UNIQUE"_L1))
                return StoreError::Code::Conflict;
            if (text.startsWith("FOREIGN KEY"_L1))
                return StoreError::Code::NotFound;
            return StoreError::Code::Invalid;
        default:
            break;
        }
    }
    if (error.type() == QSqlError::ConnectionError)
        return StoreError::Code::Io;
    return StoreError::Code::Sql;
}

StoreError::Code classifyPostgres(const QSqlError &error)
{
    const QString state = error.nativeErrorCode();
    if (state == "23505"_L1)
        return StoreError::Code::Conflict;
    if (state == "23503"_L1)
        return StoreError::Code::NotFound;
    if (state.startsWith("23"_L1) || state.startsWith("22"_L1) || state == "P0001"_L1)
        return StoreError::Code::Invalid;
    if (state == "40001"_L1 || state == "40P01"_L1 || state == "55P03"_L1)
        return StoreError::Code::Busy;
    if (state.startsWith("08"_L1) || state.startsWith("28"_L1) || state.startsWith("53"_L1) ||
        state.startsWith("57"_L1) || state.startsWith("58"_L1) || state == "3D000"_L1)
        return StoreError::Code::Io;
    if (error.type() == QSqlError::ConnectionError)
        return StoreError::Code::Io;
    return StoreError::Code::Sql;
}

QString detailOf(const QSqlError &error)
{
    QString detail = error.databaseText().trimmed();
    if (detail.isEmpty())
        detail = error.driverText().trimmed();
    // PostgreSQL messages can span lines (DETAIL, HINT): keep them on one line.
    detail.replace(u'\n', u' ');
    while (detail.endsWith(u'.'))
        detail.chop(1);
    if (detail.isEmpty())
        detail = u"the database gave no reason"_s;
    return detail;
}

} // namespace

StoreError toStoreError(const QSqlError &error, Dialect dialect, const QString &action)
{
    const StoreError::Code code =
        dialect == Dialect::Sqlite ? classifySqlite(error) : classifyPostgres(error);
    QString reason;
    switch (code) {
    case StoreError::Code::Busy:
        reason = u"the catalogue is busy with another writer; try again (%1)"_s.arg(detailOf(error));
        break;
    case StoreError::Code::Conflict:
        reason = u"an entry with the same unique value already exists (%1)"_s.arg(detailOf(error));
        break;
    case StoreError::Code::NotFound:
        reason = u"it refers to an entry that does not exist (%1)"_s.arg(detailOf(error));
        break;
    default:
        reason = detailOf(error);
        break;
    }
    return StoreError{code, u"Could not %1: %2."_s.arg(action, reason)};
}

} // namespace Kiln
