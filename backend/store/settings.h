#pragma once

#include "domain/settingsschema.h"
#include "settingsrepository.h"
#include "storeerror.h"

#include <QMap>
#include <QString>

namespace Kiln {

class Catalogue;

// The typed settings of a catalogue (declared in domain/settingsschema.h), stored
// through SettingsRepository. A value that was never set reads as its default. A
// stored value that breaks its rule (an old or hand-edited catalogue) is reported
// by read() and texts(), never silently used.
class Settings
{
public:
    explicit Settings(const Catalogue &catalogue)
        : m_repository(catalogue)
    {}

    template <typename T>
    Result<T, StoreError> read(const SettingValue<T> &setting) const
    {
        const auto stored = m_repository.value(setting.key);
        if (!stored)
            return stored.error();
        if (!stored.value())
            return setting.defaultValue;
        auto parsed = parseSetting(setting, *stored.value());
        if (!parsed)
            return invalidStored(parsed.error());
        return parsed.value();
    }

    // The value, or the default when it cannot be read (for callers that must go on).
    template <typename T>
    T value(const SettingValue<T> &setting) const
    {
        auto result = read(setting);
        return result ? result.value() : setting.defaultValue;
    }

    template <typename T>
    Result<Done, StoreError> set(const SettingValue<T> &setting, const T &value) const
    {
        return setTexts({{setting.key, SettingCodec<T>::toText(value)}});
    }

    // Every known setting as canonical text (stored or default).
    Result<QMap<QString, QString>, StoreError> texts() const;
    // Checks every value against its rule, then stores them all in one transaction,
    // or none of them: an unknown key or a bad value is an Invalid error naming it.
    Result<Done, StoreError> setTexts(const QMap<QString, QString> &texts) const;
    // Forgets the stored value so that the default applies again.
    Result<Done, StoreError> reset(const QString &key) const;

private:
    static StoreError invalidStored(const ValidationError &error);

    SettingsRepository m_repository;
};

} // namespace Kiln
