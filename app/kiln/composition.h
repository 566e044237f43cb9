#pragma once

#include "bake/buildrun.h"

#include <QObject>
#include <QStringList>
#include <QTranslator>

#include <memory>

namespace Kiln {

class BakeImagesPage;
class BakeService;
class BuildNotifier;
class GroupsPage;
class ImageBuilderPage;
class ImagesPage;
class Catalogue;
class EngineModel;
class SecretVault;
class LocalService;
class OciClient;
class MainWindow;
class OverviewPage;
class RegistriesPage;
class RegistryHealthChecker;
class RegistryHealthMonitor;
class AvailabilityGroupsPage;
class SecretsPage;
class RemoteBuilds;
class WarmService;
class WorkerClient;
class WorkerMonitor;
class WorkersPage;
class Settings;

// The composition root of the GUI: creates the services (catalogue, settings,
// local service thread), the models and the window, and wires them together.
// Nothing else in Kiln creates a service; everything receives what it needs.
class Composition : public QObject
{
    Q_OBJECT

public:
    enum : int
    {
        Continue = -1
    };

    Composition();
    ~Composition() override;

    // Parses the command line and builds the window. Returns Continue when the
    // event loop should run, or the exit code (0 after --help/--version).
    int start(const QStringList &arguments);

    MainWindow *mainWindow() const { return m_window.get(); }

private:
    void installTranslator();
    void refreshOverview();
    void showStatusMessage(const QString &message, int timeoutMs);
    void openSettings();
    void openAbout();
    void createBakeService();
    void createWorkerServices();
    // A build job changed (here or on a worker): the status bar and the notifier.
    void jobChanged(const BuildJob &job);

    QTranslator m_translator;
    QTranslator m_qtTranslator;
    std::unique_ptr<Catalogue> m_catalogue;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<LocalService> m_service;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<BakeService> m_bake;
    std::unique_ptr<OciClient> m_oci;
    std::unique_ptr<RegistryHealthChecker> m_healthChecker;
    std::unique_ptr<RegistryHealthMonitor> m_healthMonitor;
    // Remote workers: one client (the one QNetworkAccessManager owner) and the warm
    // service over it, shared by the Workers, Availability groups and Baked Images pages.
    std::unique_ptr<WorkerClient> m_workerClient;
    std::unique_ptr<WarmService> m_warm;
    std::unique_ptr<RemoteBuilds> m_remoteBuilds;   // builds run on workers (Image Builder's "Run on")
    std::unique_ptr<WorkerMonitor> m_workerMonitor; // the Workers page's background checks
    CredentialResolver m_credentials;
    std::unique_ptr<EngineModel> m_engines;
    std::unique_ptr<MainWindow> m_window;
    OverviewPage *m_overview = nullptr;
    ImageBuilderPage *m_imageBuilder = nullptr;
    ImagesPage *m_images = nullptr;
    BakeImagesPage *m_bakeImages = nullptr;
    GroupsPage *m_groups = nullptr;
    SecretsPage *m_secrets = nullptr;
    RegistriesPage *m_registries = nullptr;
    WorkersPage *m_workers = nullptr;
    AvailabilityGroupsPage *m_availability = nullptr;
    BuildNotifier *m_notifier = nullptr;
};

} // namespace Kiln
