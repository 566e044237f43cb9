#include "settingsschema.h"

namespace Kiln {

Result<int> SettingCodec<int>::fromText(QStringView text)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok) {
        return ValidationError{QStringLiteral("'%1' is not a whole number").arg(text.toString()), 1, 0, {}};
    }
    return value;
}

Result<bool> SettingCodec<bool>::fromText(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.compare(u"true", Qt::CaseInsensitive) == 0 || t == u"1" ||
        t.compare(u"yes", Qt::CaseInsensitive) == 0)
        return true;
    if (t.compare(u"false", Qt::CaseInsensitive) == 0 || t == u"0" ||
        t.compare(u"no", Qt::CaseInsensitive) == 0)
        return false;
    return ValidationError{QStringLiteral("'%1' is not true or false").arg(text.toString()), 1, 0, {}};
}

Result<QStringList> SettingCodec<QStringList>::fromText(QStringView text)
{
    QStringList out;
    int column = 1;
    for (QStringView part : text.split(u',')) {
        const QStringView trimmed = part.trimmed();
        if (trimmed.isEmpty()) {
            return ValidationError{QStringLiteral("empty entry in a comma-separated list"), column, 0, {}};
        }
        out.append(trimmed.toString());
        column += int(part.size()) + 1;
    }
    return out;
}

namespace {

std::function<std::optional<ValidationError>(const int &)> inRange(int min, int max)
{
    return [min, max](const int &value) -> std::optional<ValidationError> {
        if (value < min || value > max) {
            return ValidationError{
                QStringLiteral("%1 is out of range; use a value from %2 to %3").arg(value).arg(min).arg(max),
                1,
                0,
                {}};
        }
        return std::nullopt;
    };
}

std::optional<ValidationError> checkEngineList(const QStringList &engines)
{
    static const QStringList known{QStringLiteral("buildah"), QStringLiteral("podman"),
                                   QStringLiteral("docker")};
    if (engines.isEmpty())
        return ValidationError{QStringLiteral("name at least one container engine"), 1, 0, {}};
    int column = 1;
    for (int i = 0; i < engines.size(); ++i) {
        if (!known.contains(engines[i])) {
            return ValidationError{QStringLiteral("unknown container engine '%1'; known engines are %2")
                                       .arg(engines[i], known.join(QStringLiteral(", "))),
                                   column,
                                   0,
                                   {}};
        }
        if (engines.indexOf(engines[i]) != i)
            return ValidationError{QStringLiteral("'%1' is listed twice").arg(engines[i]), column, 0, {}};
        column += int(engines[i].size()) + 1;
    }
    return std::nullopt;
}

// Empty (the default) or an absolute path.
std::optional<ValidationError> checkAbsoluteFolder(const QString &path)
{
    if (!path.isEmpty() && !path.startsWith(u'/'))
        return ValidationError{
            QStringLiteral("'%1' is not an absolute path; start it with /").arg(path), 1, 0, {}};
    return std::nullopt;
}

template <typename T>
SettingInfo describe(const SettingValue<T> &setting)
{
    return SettingInfo{setting.key, setting.description, SettingCodec<T>::toText(setting.defaultValue),
                       [&setting](QStringView text) -> Result<QString> {
                           auto parsed = parseSetting(setting, text);
                           if (!parsed)
                               return parsed.error();
                           return SettingCodec<T>::toText(parsed.value());
                       }};
}

} // namespace

namespace Setting {
const SettingValue<QStringList> EnginePreference{
    QStringLiteral("engines.preference"),
    {QStringLiteral("buildah"), QStringLiteral("podman"), QStringLiteral("docker")},
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Container engines in order of preference")),
    &checkEngineList};
const SettingValue<int> BakeConcurrency{
    QStringLiteral("bake.concurrency"), 1,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Builds that run at the same time")), inRange(1, 16)};
const SettingValue<int> JobTimeoutMinutes{
    QStringLiteral("bake.jobTimeoutMinutes"), 120,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Minutes before a build fails with a timeout")),
    inRange(1, 7 * 24 * 60)};
const SettingValue<int> PushRetries{
    QStringLiteral("bake.pushRetries"), 3,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Retries of a pull or push on a transient network error")),
    inRange(0, 10)};
const SettingValue<int> HealthCheckIntervalMinutes{
    QStringLiteral("registries.healthCheckIntervalMinutes"), 5,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Minutes between registry health checks")),
    inRange(1, 24 * 60)};
const SettingValue<int> FanOutConcurrency{
    QStringLiteral("workers.fanOutConcurrency"), 16,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Worker requests in flight at once")), inRange(1, 256)};
const SettingValue<int> WorkerPollSeconds{
    QStringLiteral("workers.pollSeconds"), 30,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Seconds between background checks of the workers")),
    inRange(5, 24 * 60 * 60)};
const SettingValue<bool> BakeSuperAdmin{
    QStringLiteral("bake.superAdmin"),
    false,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Allow platform-scope bake images (super-admin)")),
    {}};
const SettingValue<QString> BakeContentDirectory{
    QStringLiteral("bake.contentDirectory"), QString(),
    QStringLiteral(
        QT_TRANSLATE_NOOP("Setting", "Folder of the baked ext4 files (empty: beside the catalogue)")),
    &checkAbsoluteFolder};
const SettingValue<QString> BakeBlobCacheDirectory{
    QStringLiteral("bake.blobCacheDirectory"), QString(),
    QStringLiteral(
        QT_TRANSLATE_NOOP("Setting", "Folder of the cached image layers (empty: beside the catalogue)")),
    &checkAbsoluteFolder};
const SettingValue<int> BakeScanTimeoutMinutes{
    QStringLiteral("bake.scanTimeoutMinutes"), 30,
    QStringLiteral(QT_TRANSLATE_NOOP("Setting", "Minutes before a vulnerability scan fails with a timeout")),
    inRange(1, 24 * 60)};
} // namespace Setting

QList<SettingInfo> allSettings()
{
    return {describe(Setting::EnginePreference),           describe(Setting::BakeConcurrency),
            describe(Setting::JobTimeoutMinutes),          describe(Setting::PushRetries),
            describe(Setting::HealthCheckIntervalMinutes), describe(Setting::FanOutConcurrency),
            describe(Setting::WorkerPollSeconds),          describe(Setting::BakeSuperAdmin),
            describe(Setting::BakeContentDirectory),       describe(Setting::BakeBlobCacheDirectory),
            describe(Setting::BakeScanTimeoutMinutes)};
}

std::optional<SettingInfo> findSetting(QStringView key)
{
    for (const SettingInfo &info : allSettings()) {
        if (info.key == key)
            return info;
    }
    return std::nullopt;
}

} // namespace Kiln
