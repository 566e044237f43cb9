#include "settings.h"

namespace Kiln {

StoreError Settings::invalidStored(const ValidationError &error)
{
    return storeError(
        StoreError::Code::Invalid,
        QStringLiteral("The catalogue holds an invalid value for the setting %1: %2. Set it again.")
            .arg(error.field, error.message));
}

Result<QMap<QString, QString>, StoreError> Settings::texts() const
{
    const auto stored = m_repository.all();
    if (!stored)
        return stored.error();
    QMap<QString, QString> out;
    for (const SettingInfo &info : allSettings()) {
        const auto it = stored.value().constFind(info.key);
        if (it == stored.value().cend()) {
            out.insert(info.key, info.defaultText);
            continue;
        }
        const Result<QString> canonical = info.canonicalize(*it);
        if (!canonical)
            return invalidStored(canonical.error());
        out.insert(info.key, canonical.value());
    }
    return out;
}

Result<Done, StoreError> Settings::setTexts(const QMap<QString, QString> &texts) const
{
    QMap<QString, QString> canonical;
    for (auto it = texts.begin(); it != texts.end(); ++it) {
        const auto info = findSetting(it.key());
        if (!info) {
            return storeError(StoreError::Code::Invalid,
                              QStringLiteral("There is no setting called “%1”.").arg(it.key()));
        }
        const Result<QString> text = info->canonicalize(it.value());
        if (!text) {
            return storeError(
                StoreError::Code::Invalid,
                QStringLiteral("Invalid value for %1: %2.").arg(it.key(), text.error().message));
        }
        canonical.insert(it.key(), text.value());
    }
    return m_repository.setValues(canonical);
}

Result<Done, StoreError> Settings::reset(const QString &key) const
{
    if (!findSetting(key))
        return storeError(StoreError::Code::Invalid,
                          QStringLiteral("There is no setting called “%1”.").arg(key));
    return m_repository.remove(key);
}

} // namespace Kiln
