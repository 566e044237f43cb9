#include "composition.h"

#include "about/aboutdialog.h"
#include "availability/availabilitygroupspage.h"
#include "bake/bakeservice.h"
#include "bake/localservice.h"
#include "bake/ociclient.h"
#include "bake/registryhealth.h"
#include "bake/registryhealthmonitor.h"
#include "bakeimages/bakeimagespage.h"
#include "bakeimages/cacheview.h"
#include "common/buildnotifier.h"
#include "enginemodel.h"
#include "groups/groupspage.h"
#include "imagebuilder/imagebuilderpage.h"
#include "images/imagespage.h"
#include "mainwindow/mainwindow.h"
#include "overview/overviewpage.h"
#include "registries/registriespage.h"
#include "remote/remotebuilds.h"
#include "remote/warmservice.h"
#include "remote/workerclient.h"
#include "remote/workermonitor.h"
#include "secrets/secretspage.h"
#include "settings/settingsdialog.h"
#include "store/catalogue.h"
#include "store/cataloguelocation.h"
#include "store/cataloguesummary.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "store/settings.h"
#include "store/specrepository.h"
#include "workers/workerspage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>

#include <cstdio>

namespace Kiln {

namespace {

QList<ContainerEngineKind> enginePreference(const Settings &settings)
{
    return containerEnginesFromNames(settings.value(Setting::EnginePreference));
}

void printOut(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
}

void reportFatal(const QString &text)
{
    std::fputs((text + u'\n').toLocal8Bit().constData(), stderr);
    QMessageBox::critical(nullptr, QObject::tr("Kiln"), text);
}

} // namespace

Composition::Composition() = default;

Composition::~Composition()
{
    // The window and its pages go first, then the service thread, then the
    // catalogue that both use.
    m_window.reset();
    m_workerMonitor.reset(); // stops the background checks before their client goes
    m_warm.reset();          // stops polling before its client goes
    m_remoteBuilds.reset();  // stops following before its client goes
    m_workerClient.reset();
    m_healthMonitor.reset(); // stops the background checks before their client goes
    m_healthChecker.reset();
    m_oci.reset();
    m_bake.reset(); // running builds are stopped and marked interrupted
    m_service.reset();
    m_vault.reset();
    m_settings.reset();
    m_catalogue.reset();
}

void Composition::installTranslator()
{
    if (m_translator.load(QLocale(), QStringLiteral("kiln"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&m_translator);
    // Qt's own strings (standard buttons, --help's headings) in the same language.
    if (m_qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qtTranslator);
}

int Composition::start(const QStringList &arguments)
{
    installTranslator();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Kiln: build, manage and distribute the images of your compute platform."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption catalogOption(
        QStringLiteral("catalog"),
        tr("Open the SQLite catalogue at PATH instead of the default (%1).").arg(defaultCataloguePath()),
        QStringLiteral("PATH"));
    parser.addOption(catalogOption);
    if (!parser.parse(arguments)) {
        std::fputs((parser.errorText() + u'\n').toLocal8Bit().constData(), stderr);
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        printOut(QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion() + u'\n');
        return 0;
    }

    const QString path =
        QFileInfo(parser.isSet(catalogOption) ? parser.value(catalogOption) : defaultCataloguePath())
            .absoluteFilePath();
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        reportFatal(
            tr("Kiln cannot create the folder for its catalogue: %1").arg(QFileInfo(path).absolutePath()));
        return 1;
    }
    auto opened = Catalogue::openSqlite(path);
    if (!opened) {
        reportFatal(tr("Kiln cannot open the catalogue %1.\n\n%2").arg(path, opened.error().message));
        return 1;
    }
    m_catalogue = std::move(opened).value();
    m_settings = std::make_unique<Settings>(*m_catalogue);

    m_engines = std::make_unique<EngineModel>();
    m_engines->setPreference(enginePreference(*m_settings));
    m_service = std::make_unique<LocalService>();
    m_window = std::make_unique<MainWindow>();
    m_window->setCatalogueLocation(m_catalogue->describe());

    m_overview = new OverviewPage(m_engines.get());
    m_window->addPage(QStringLiteral("overview"),
                      QApplication::style()->standardIcon(QStyle::SP_ComputerIcon), tr("Overview"),
                      m_overview);
    refreshOverview();

    connect(m_service.get(), &LocalService::enginesDetected, this,
            [this](const QList<ContainerEngineInfo> &engines) {
                m_engines->setEngines(engines);
                m_window->setEngines(engines, m_engines->preference());
            });
    connect(m_overview, &OverviewPage::detectEnginesRequested, m_service.get(),
            [this] { m_service->detectEngines(); });
    connect(m_window.get(), &MainWindow::settingsRequested, this, &Composition::openSettings);
    connect(m_window.get(), &MainWindow::aboutRequested, this, &Composition::openAbout);

    if (const auto problem = m_settings->texts(); !problem)
        m_window->statusBar()->showMessage(problem.error().message);

    createBakeService();
    createWorkerServices(); // the one worker client and the warm service (Baked Images uses it)
    m_oci = std::make_unique<OciClient>();
    m_imageBuilder = new ImageBuilderPage(*m_catalogue, m_bake.get(), m_oci.get(), m_credentials);
    m_imageBuilder->setRemoteBuilds(m_remoteBuilds.get());
    m_window->addPage(QStringLiteral("imagebuilder"),
                      QApplication::style()->standardIcon(QStyle::SP_FileDialogDetailedView),
                      tr("Image Builder"), m_imageBuilder);
    connect(m_imageBuilder, &ImageBuilderPage::statusMessage, this, &Composition::showStatusMessage);
    m_images = new ImagesPage(*m_catalogue, m_bake.get(), m_oci.get(), m_credentials);
    m_window->addPage(QStringLiteral("images"), QApplication::style()->standardIcon(QStyle::SP_DriveHDIcon),
                      tr("Images"), m_images);
    // Baked Images: the bake side of Image Management, right after Images.
    m_bakeImages = new BakeImagesPage(*m_catalogue, m_bake.get(), m_warm.get());
    m_window->addPage(QStringLiteral("bakeimages"),
                      QApplication::style()->standardIcon(QStyle::SP_DriveCDIcon), tr("Baked Images"),
                      m_bakeImages);
    connect(m_bakeImages, &BakeImagesPage::statusMessage, this, &Composition::showStatusMessage);
    m_groups = new GroupsPage(*m_catalogue);
    m_window->addPage(QStringLiteral("groups"), QApplication::style()->standardIcon(QStyle::SP_DirHomeIcon),
                      tr("Groups"), m_groups);
    connect(m_images, &ImagesPage::statusMessage, this, &Composition::showStatusMessage);
    connect(m_groups, &GroupsPage::statusMessage, this, &Composition::showStatusMessage);
    // What groups can use follows the images, and the Access column the groups.
    connect(m_images, &ImagesPage::imagesChanged, m_groups, &GroupsPage::refresh);
    connect(m_groups, &GroupsPage::groupsChanged, m_images, &ImagesPage::groupsChanged);
    // Registries: background health checks through the same OCI client and logins.
    m_healthChecker = std::make_unique<RegistryHealthChecker>(m_oci.get(), m_credentials);
    m_healthMonitor = std::make_unique<RegistryHealthMonitor>(*m_catalogue, m_healthChecker.get());
    RegistriesPageServices registryServices;
    registryServices.checker = m_healthChecker.get();
    registryServices.monitor = m_healthMonitor.get();
    registryServices.oci = m_oci.get();
    registryServices.credentials = m_credentials;
    registryServices.vault = m_vault.get();
    m_registries = new RegistriesPage(*m_catalogue, std::move(registryServices));
    m_window->addPage(QStringLiteral("registries"),
                      QApplication::style()->standardIcon(QStyle::SP_DriveNetIcon), tr("Registries"),
                      m_registries);
    connect(m_registries, &RegistriesPage::statusMessage, this, &Composition::showStatusMessage);
    // The Image Builder shows the push target.
    connect(m_registries, &RegistriesPage::registriesChanged, m_imageBuilder,
            &ImageBuilderPage::refreshPushRegistry);
    // Workers: background checks through the one worker client, right after Registries.
    WorkersPageServices workerServices;
    workerServices.vault = m_vault.get();
    workerServices.client = m_workerClient.get();
    workerServices.monitor = m_workerMonitor.get();
    m_workers = new WorkersPage(*m_catalogue, workerServices);
    m_window->addPage(QStringLiteral("workers"), QApplication::style()->standardIcon(QStyle::SP_DesktopIcon),
                      tr("Workers"), m_workers);
    connect(m_workers, &WorkersPage::statusMessage, this, &Composition::showStatusMessage);
    connect(m_workers, &WorkersPage::workersChanged, this, &Composition::refreshOverview);
    // Availability Groups: which workers hold which bake images, warmed through the warm service.
    m_availability = new AvailabilityGroupsPage(*m_catalogue, m_warm.get());
    m_window->addPage(QStringLiteral("availability"),
                      QApplication::style()->standardIcon(QStyle::SP_DirLinkIcon), tr("Availability Groups"),
                      m_availability);
    connect(m_availability, &AvailabilityGroupsPage::statusMessage, this, &Composition::showStatusMessage);
    connect(m_bakeImages, &BakeImagesPage::bakeImagesChanged, m_availability,
            &AvailabilityGroupsPage::reload);
    connect(m_workers, &WorkersPage::workersChanged, m_availability, &AvailabilityGroupsPage::reload);
    // The group's worker rows show the health of the last check round.
    connect(m_workerMonitor.get(), &WorkerMonitor::roundFinished, m_availability,
            &AvailabilityGroupsPage::reload);
    connect(m_bakeImages->cacheView(), &CacheView::groupsChanged, m_availability,
            &AvailabilityGroupsPage::reload);
    m_secrets = new SecretsPage(*m_catalogue, *m_vault);
    m_window->addPage(QStringLiteral("secrets"),
                      QApplication::style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Secrets"),
                      m_secrets);
    connect(m_secrets, &SecretsPage::statusMessage, this, &Composition::showStatusMessage);
    // The Secrets page's "Used by" (and secrets the registry dialog stored).
    connect(m_registries, &RegistriesPage::registriesChanged, m_secrets, &SecretsPage::reload);
    connect(m_images, &ImagesPage::imagesChanged, m_secrets, &SecretsPage::refresh);
    m_healthMonitor->start();
    m_workerMonitor->start();
    m_notifier = new BuildNotifier(m_window.get(), m_window->statusBar(), this);

    m_service->start();
    m_bake->start();
    m_window->restoreUiState();
    m_window->show();
    return Continue;
}

void Composition::showStatusMessage(const QString &message, int timeoutMs)
{
    m_window->statusBar()->showMessage(message, timeoutMs);
}

void Composition::createBakeService()
{
    // KILN_SECRET_BACKEND / KILN_SECRET_DIR, as kilnctl reads them: both open the same vault.
    auto options = SecretVaultOptions::fromEnvironment();
    if (!options)
        m_window->statusBar()->showMessage(options.error());
    m_vault = std::make_unique<SecretVault>(options ? options.value() : SecretVaultOptions{});
    // Where secrets live is known once the vault has probed for a keychain.
    auto *probe = new QFutureWatcher<SecretBackend>(this);
    connect(probe, &QFutureWatcher<SecretBackend>::finished, this, [this, probe] {
        probe->deleteLater();
        if (m_vault)
            m_window->setSecretsWarning(m_vault->usingFallback() ? m_vault->fallbackWarning() : QString());
    });
    probe->setFuture(m_vault->backend());

    m_credentials = [catalogue = m_catalogue.get(), vault = m_vault.get()](const QString &ref) {
        return resolveCredential(SecretRepository(*catalogue), *vault, ref);
    };
    m_bake =
        std::make_unique<BakeService>(*m_catalogue, BakeOptions::fromSettings(*m_catalogue), m_credentials);
    connect(m_bake.get(), &BakeService::jobChanged, this, &Composition::jobChanged);
    connect(m_bake.get(), &BakeService::problem, this,
            [this](const QString &message) { m_window->statusBar()->showMessage(message); });
}

void Composition::jobChanged(const BuildJob &job)
{
    QString image = job.targetImage.section(u'/', -1);
    if (image.isEmpty() && !job.workerId.isEmpty())
        image = tr("a build on a worker"); // the worker names its image
    switch (job.status) {
    case JobStatus::Queued:
        m_window->statusBar()->showMessage(tr("Queued: %1").arg(image));
        break;
    case JobStatus::Running:
        m_window->statusBar()->showMessage(tr("Building %1").arg(image));
        break;
    case JobStatus::Succeeded:
    case JobStatus::Failed:
    case JobStatus::Cancelled:
    case JobStatus::Interrupted: {
        const auto spec = SpecRepository(*m_catalogue).get(job.specId);
        m_notifier->jobChanged(job, spec ? spec->name : QString());
        break;
    }
    }
    // Only a new job changes the overview's counts; one queued by another
    // process (kilnctl) is first seen here when it starts running.
    if (job.status == JobStatus::Queued || job.status == JobStatus::Running)
        refreshOverview();
}

void Composition::createWorkerServices()
{
    m_workerClient = std::make_unique<WorkerClient>();
    m_warm = std::make_unique<WarmService>(*m_catalogue, *m_vault, m_workerClient.get());
    m_warm->setConcurrency(m_settings->value(Setting::FanOutConcurrency));
    m_workerMonitor = std::make_unique<WorkerMonitor>(*m_catalogue, *m_vault, m_workerClient.get());
    m_workerMonitor->setConcurrency(m_settings->value(Setting::FanOutConcurrency));
    m_remoteBuilds = std::make_unique<RemoteBuilds>(*m_catalogue, *m_vault, m_workerClient.get());
    connect(m_remoteBuilds.get(), &RemoteBuilds::jobChanged, this, &Composition::jobChanged);
    connect(m_remoteBuilds.get(), &RemoteBuilds::problem, this,
            [this](const QString &message) { m_window->statusBar()->showMessage(message); });
}

void Composition::refreshOverview()
{
    OverviewPage::Counts counts;
    if (const auto records = countRecords(*m_catalogue); records) {
        const CatalogueCounts &c = records.value();
        counts = {{tr("Image specs"), c.specs}, {tr("Build jobs"), c.jobs},
                  {tr("Images"), c.images},     {tr("Bake images"), c.bakeImages},
                  {tr("Groups"), c.groups},     {tr("Registries"), c.registries},
                  {tr("Workers"), c.workers}};
    } else {
        m_window->statusBar()->showMessage(records.error().message);
    }
    m_overview->setCatalogue(m_catalogue->describe(), m_catalogue->schemaVersion(), counts);
}

void Composition::openSettings()
{
    const auto current = m_settings->texts();
    if (!current) {
        QMessageBox::warning(m_window.get(), tr("Settings"), current.error().message);
        return;
    }
    auto *dialog =
        SettingsDialog::edit(m_window.get(), current.value(), m_engines.get(),
                             [this](const SettingsDialog::Values &values) -> std::optional<QString> {
                                 if (auto saved = m_settings->setTexts(values); !saved)
                                     return saved.error().message;
                                 m_window->setEngines(m_service->engines(), m_engines->preference());
                                 // The monitor re-reads its interval each round; the fan-out bound applies
                                 // now.
                                 const int fanOut = m_settings->value(Setting::FanOutConcurrency);
                                 m_warm->setConcurrency(fanOut);
                                 m_workerMonitor->setConcurrency(fanOut);
                                 return std::nullopt;
                             });
    connect(dialog, &SettingsDialog::detectEnginesRequested, m_service.get(),
            [this] { m_service->detectEngines(); });
}

void Composition::openAbout()
{
    QStringList engines;
    for (const ContainerEngineInfo &info : m_service->engines()) {
        if (info.usable())
            engines.append(containerEngineName(info.kind) + u' ' + info.version);
    }
    AboutDialog::show(m_window.get(),
                      {
                          {tr("Catalogue"), m_catalogue->describe()},
                          {tr("Schema version"), QString::number(m_catalogue->schemaVersion())},
                          {tr("Container engines"),
                           engines.isEmpty() ? tr("none found") : engines.join(QStringLiteral(", "))},
                      });
}

} // namespace Kiln
