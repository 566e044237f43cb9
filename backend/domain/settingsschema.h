#pragma once

#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <optional>

namespace Kiln {

// The typed settings of a catalogue (shared by kiln, kilnctl and kiln-worker).
// Each setting is declared once below as a SettingValue<T>: its key, its type, its
// default and its rule. Values are stored as text; SettingCodec<T> converts.
template <typename T>
struct SettingValue
{
    QString key;
    T defaultValue;
    QString description; // English; translate with QCoreApplication::translate("Setting", ...)
    // Why a value is not acceptable (field = key), or nothing.
    std::function<std::optional<ValidationError>(const T &)> check;
};

template <typename T>
struct SettingCodec;

template <>
struct SettingCodec<int>
{
    static QString toText(int value) { return QString::number(value); }
    static Result<int> fromText(QStringView text);
};

template <>
struct SettingCodec<bool>
{
    static QString toText(bool value) { return value ? QStringLiteral("true") : QStringLiteral("false"); }
    static Result<bool> fromText(QStringView text);
};

template <>
struct SettingCodec<QString>
{
    static QString toText(const QString &value) { return value; }
    static Result<QString> fromText(QStringView text) { return text.toString(); }
};

// Comma-separated, e.g. "buildah,podman,docker".
template <>
struct SettingCodec<QStringList>
{
    static QString toText(const QStringList &value) { return value.join(u','); }
    static Result<QStringList> fromText(QStringView text);
};

// Parses and checks `text` for `setting`; the error names the setting.
template <typename T>
Result<T> parseSetting(const SettingValue<T> &setting, QStringView text)
{
    Result<T> parsed = SettingCodec<T>::fromText(text);
    if (!parsed) {
        ValidationError error = parsed.error();
        error.field = setting.key;
        return error;
    }
    if (setting.check) {
        if (auto error = setting.check(parsed.value())) {
            error->field = setting.key;
            return *error;
        }
    }
    return parsed;
}

namespace Setting {
// Container engines in the order Kiln prefers them (known: buildah, podman, docker).
extern const SettingValue<QStringList> EnginePreference;
// Builds that run at the same time on the local bake service.
extern const SettingValue<int> BakeConcurrency;
// A build that runs longer than this fails with a timeout.
extern const SettingValue<int> JobTimeoutMinutes;
// How often a pull or push is retried on a transient network error.
extern const SettingValue<int> PushRetries;
// Minutes between background registry health checks.
extern const SettingValue<int> HealthCheckIntervalMinutes;
// Requests in flight at once when fanning out to workers.
extern const SettingValue<int> FanOutConcurrency;
// Seconds between background checks of the workers (GET /api/v1/info).
extern const SettingValue<int> WorkerPollSeconds;
// Platform-scope bake images may be registered (super-admin).
extern const SettingValue<bool> BakeSuperAdmin;
// Where baked ext4 files go; empty: "content" beside the catalogue (bakecontent.h).
extern const SettingValue<QString> BakeContentDirectory;
// Where pulled layer blobs are cached; empty: "blobs" beside the catalogue.
extern const SettingValue<QString> BakeBlobCacheDirectory;
// A vulnerability scan of a baked image that runs longer than this fails.
extern const SettingValue<int> BakeScanTimeoutMinutes;
} // namespace Setting

// A type-erased view of every setting, for listings (kilnctl settings list) and
// for setting a value from text.
struct SettingInfo
{
    QString key;
    QString description;
    QString defaultText;
    // Parses and checks text; returns the canonical text to store.
    std::function<Result<QString>(QStringView)> canonicalize;
};

QList<SettingInfo> allSettings();
std::optional<SettingInfo> findSetting(QStringView key);

} // namespace Kiln
