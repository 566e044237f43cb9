#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace Kiln {

// Why a piece of input was rejected. The column is 1-based and points at the
// first character that does not fit the grammar (one past the end for input that
// stops too early). Callers that validate several lines or fields fill in `line`
// and `field` so the message can name all three.
struct ValidationError
{
    ValidationError() = default;
    ValidationError(QString message_, int column_, int line_ = 0, QString field_ = {})
        : message(std::move(message_))
        , column(column_)
        , line(line_)
        , field(std::move(field_))
    {}

    QString message;
    int column = 1;
    int line = 0;  // 1-based; 0 when the input is a single line
    QString field; // e.g. "APT packages", "Base image"; empty when not known

    // "field, line L, column C: message" with the parts that are known.
    QString describe() const;

    friend bool operator==(const ValidationError &, const ValidationError &) = default;
};

// The value of a Result that carries no data ("it worked").
struct Done
{
    friend bool operator==(Done, Done) = default;
};

// A value or the reason there is none. Validators and repositories return this
// instead of throwing or showing anything. E is the error type: ValidationError for
// validators, StoreError for the catalogue, and so on.
template <typename T, typename E = ValidationError>
class Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    Result(E error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    // By value, so that `for (x : repo.list().value())` does not dangle.
    T value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const E &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, E> m_data;
};

inline QString ValidationError::describe() const
{
    QString out;
    if (!field.isEmpty())
        out += field + QStringLiteral(", ");
    if (line > 0)
        out += QStringLiteral("line %1, ").arg(line);
    out += QStringLiteral("column %1: ").arg(column) + message;
    return out;
}

} // namespace Kiln
