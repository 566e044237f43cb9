#pragma once

#include "storeerror.h"

#include <QMap>
#include <QString>

#include <optional>

namespace Kiln {

class Catalogue;

// Raw key/value settings stored in the catalogue (the typed layer is Settings).
// Values are text, stored exactly as given. Usable from any thread.
class SettingsRepository
{
public:
    explicit SettingsRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // The value, or nullopt when the key was never set (or was removed).
    Result<std::optional<QString>, StoreError> value(const QString &key) const;
    // Creates or replaces one value.
    Result<Done, StoreError> setValue(const QString &key, const QString &value) const;
    // Creates or replaces several values in one transaction: all or none.
    Result<Done, StoreError> setValues(const QMap<QString, QString> &values) const;
    // Removes the key; removing a key that is not there is not an error.
    Result<Done, StoreError> remove(const QString &key) const;
    // Every key and value.
    Result<QMap<QString, QString>, StoreError> all() const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
