#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QVariant>

namespace Kiln {

// A typed, per-user piece of window state kept in QSettings (geometry, the last
// page, splitter sizes). Catalogue-wide settings live in the catalogue instead
// (store/settings.h). Every key is declared once, in UiState below.
template <typename T>
class UiSetting
{
public:
    UiSetting(QString key, T defaultValue = T())
        : m_key(std::move(key))
        , m_default(std::move(defaultValue))
    {}

    T get() const
    {
        const QVariant value = QSettings().value(m_key);
        return value.isValid() && value.canConvert<T>() ? value.value<T>() : m_default;
    }
    void set(const T &value) const { QSettings().setValue(m_key, QVariant::fromValue(value)); }
    void reset() const { QSettings().remove(m_key); }
    const QString &key() const { return m_key; }

private:
    QString m_key;
    T m_default;
};

namespace UiState {
// The main window's geometry and dock/toolbar state.
inline const UiSetting<QByteArray> mainWindowGeometry{QStringLiteral("MainWindow/geometry")};
inline const UiSetting<QByteArray> mainWindowState{QStringLiteral("MainWindow/state")};
// The page shown when Kiln last closed (its id).
inline const UiSetting<QString> currentPage{QStringLiteral("MainWindow/currentPage")};
inline const UiSetting<QByteArray> settingsDialogGeometry{QStringLiteral("SettingsDialog/geometry")};
inline const UiSetting<QByteArray> specDialogGeometry{QStringLiteral("SpecDialog/geometry")};
inline const UiSetting<QByteArray> imageDialogGeometry{QStringLiteral("ImageDialog/geometry")};
// The Image Builder's list columns (widths, order, sort) and the spec view's splitters.
inline const UiSetting<QByteArray> specListHeader{QStringLiteral("ImageBuilder/listHeader")};
inline const UiSetting<QByteArray> specJobsSplitter{QStringLiteral("ImageBuilder/jobsSplitter")};
inline const UiSetting<QByteArray> specInfoSplitter{QStringLiteral("ImageBuilder/infoSplitter")};
// Where the Image Builder runs builds: a worker's name, empty for this computer.
inline const UiSetting<QString> imageBuilderRunOn{QStringLiteral("ImageBuilder/runOn")};
inline const UiSetting<QByteArray> imageListHeader{QStringLiteral("Images/listHeader")};
// The Registries page's list columns and list/detail splitter, and its dialog's size.
inline const UiSetting<QByteArray> registryListHeader{QStringLiteral("Registries/listHeader")};
inline const UiSetting<QByteArray> registriesSplitter{QStringLiteral("Registries/splitter")};
inline const UiSetting<QByteArray> registryDialogGeometry{QStringLiteral("RegistryDialog/geometry")};
// The Baked Images page's list columns, list/detail splitter and "Show deactivated".
inline const UiSetting<QByteArray> bakeImageListHeader{QStringLiteral("BakedImages/listHeader")};
inline const UiSetting<QByteArray> bakeImagesSplitter{QStringLiteral("BakedImages/splitter")};
inline const UiSetting<bool> bakeImagesShowDeactivated{QStringLiteral("BakedImages/showDeactivated"), true};
// The Workers page's list columns, list/detail splitter, detail tabs and jobs/log
// splitter, and the Add Worker dialog's size.
inline const UiSetting<QByteArray> workerListHeader{QStringLiteral("Workers/listHeader")};
inline const UiSetting<QByteArray> workersSplitter{QStringLiteral("Workers/splitter")};
inline const UiSetting<QByteArray> workerImagesHeader{QStringLiteral("Workers/imagesHeader")};
inline const UiSetting<QByteArray> workerJobsHeader{QStringLiteral("Workers/jobsHeader")};
inline const UiSetting<QByteArray> workerJobsSplitter{QStringLiteral("Workers/jobsSplitter")};
inline const UiSetting<QByteArray> addWorkerDialogGeometry{QStringLiteral("AddWorkerDialog/geometry")};
} // namespace UiState

} // namespace Kiln
