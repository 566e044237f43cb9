#pragma once

// Internal to the worker API's DTOs (workerapi.cpp, workerapijobs.cpp): reading
// JSON members with the path of the first shape error.

#include "remote/workerapi.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <cmath>
#include <optional>

namespace Kiln::WorkerApiDetail {

using namespace Qt::StringLiterals;

// Reads the members of one JSON object, remembering the first shape error with
// its path. Every getter returns a harmless default after an error.
class FieldReader
{
public:
    FieldReader(const QJsonValue &json, QString path)
        : m_path(std::move(path))
    {
        if (!json.isObject())
            fail(QString(), u"must be a JSON object"_s);
        else
            m_object = json.toObject();
    }

    bool ok() const { return !m_error.has_value(); }
    const WorkerApiError &error() const { return *m_error; }

    QString path(QStringView key) const { return m_path.isEmpty() ? key.toString() : m_path + u'.' + key; }

    void fail(QStringView key, const QString &what)
    {
        if (m_error)
            return;
        const QString field = key.isEmpty() ? m_path : path(key);
        const QString subject = field.isEmpty() ? u"the body"_s : field;
        m_error = WorkerApiError{WorkerApiErrorCode::BadRequest, subject + u' ' + what, field};
    }

    // A required string; `nullable` accepts null (and a missing member) as empty.
    QString string(QStringView key, bool nullable = false)
    {
        const QJsonValue value = m_object.value(key);
        if (nullable && (value.isNull() || value.isUndefined()))
            return {};
        if (value.isUndefined()) {
            fail(key, u"is missing"_s);
            return {};
        }
        if (!value.isString()) {
            fail(key, nullable ? u"must be a string or null"_s : u"must be a string"_s);
            return {};
        }
        return value.toString();
    }

    // A required integer (JSON numbers are doubles: it must be integral and fit).
    qint64 integer(QStringView key, qint64 minimum = 0)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined()) {
            fail(key, u"is missing"_s);
            return 0;
        }
        const double number = value.toDouble(-1.5);
        if (!value.isDouble() || number != double(qint64(number)) || std::abs(number) > 9.0e15) {
            fail(key, u"must be an integer"_s);
            return 0;
        }
        if (qint64(number) < minimum) {
            fail(key, u"must be at least %1"_s.arg(minimum));
            return 0;
        }
        return qint64(number);
    }

    QJsonValue value(QStringView key) const { return m_object.value(key); }

private:
    QJsonObject m_object;
    QString m_path;
    std::optional<WorkerApiError> m_error;
};

inline bool isHex(QStringView text, qsizetype length)
{
    if (text.size() != length)
        return false;
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

inline QJsonValue nullableString(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace Kiln::WorkerApiDetail
