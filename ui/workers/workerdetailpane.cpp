#include "workerdetailpane.h"

#include "common/logviewer.h"
#include "common/uistate.h"
#include "registrylistmodel.h"
#include "remote/workerclient.h"
#include "remote/workermonitor.h"
#include "workercachedimagesmodel.h"
#include "workerjobsmodel.h"
#include "workerlistmodel.h"

#include <QDateTime>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

QTreeView *makeTable(QAbstractItemModel *model, const QString &name)
{
    auto *view = new QTreeView;
    view->setObjectName(name);
    view->setModel(model);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->header()->setStretchLastSection(true);
    return view;
}

QLabel *makeStatusLabel(const QString &name)
{
    auto *label = new QLabel;
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return label;
}

QString nowText()
{
    return QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
}

// The lines of a chunk of log text (a trailing newline ends the last one).
QStringList linesOf(const QString &text)
{
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return lines;
}

} // namespace

WorkerDetailPane::WorkerDetailPane(WorkerClient *client, WorkerMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_monitor(monitor)
{
    setObjectName(u"workerDetails"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel;
    m_title->setObjectName(u"detailTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    m_health = new QLabel;
    m_health->setObjectName(u"detailHealth"_s);
    m_health->setTextFormat(Qt::PlainText);
    m_health->setWordWrap(true);
    m_health->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_health);
    m_form = new QFormLayout;
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(m_form);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"workerTabs"_s);
    layout->addWidget(m_tabs, 1);

    // Cached images
    auto *imagesTab = new QWidget;
    auto *imagesLayout = new QVBoxLayout(imagesTab);
    auto *imagesBar = new QHBoxLayout;
    m_imagesStatus = makeStatusLabel(u"imagesStatus"_s);
    m_refreshImages = new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"));
    m_refreshImages->setObjectName(u"refreshImagesButton"_s);
    m_refreshImages->setToolTip(tr("Ask the worker for its cached images again"));
    imagesBar->addWidget(m_imagesStatus, 1);
    imagesBar->addWidget(m_refreshImages);
    imagesLayout->addLayout(imagesBar);
    m_images = new WorkerCachedImagesModel(this);
    m_imagesView = makeTable(m_images, u"cachedImagesView"_s);
    m_imagesView->header()->resizeSection(WorkerCachedImagesModel::NameColumn, 100);
    m_imagesView->header()->resizeSection(WorkerCachedImagesModel::StatusColumn, 65);
    m_imagesView->header()->resizeSection(WorkerCachedImagesModel::UpdatedColumn, 125);
    m_imagesView->header()->resizeSection(WorkerCachedImagesModel::SizeColumn, 70);
    m_imagesView->header()->resizeSection(WorkerCachedImagesModel::Sha256Column, 100);
    if (const QByteArray state = UiState::workerImagesHeader.get(); !state.isEmpty())
        m_imagesView->header()->restoreState(state);
    imagesLayout->addWidget(m_imagesView, 1);
    m_tabs->addTab(imagesTab, tr("Cached images"));

    // Jobs
    auto *jobsTab = new QWidget;
    auto *jobsLayout = new QVBoxLayout(jobsTab);
    auto *jobsBar = new QHBoxLayout;
    m_jobsStatus = makeStatusLabel(u"jobsStatus"_s);
    m_openLog = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("Open &Log"));
    m_openLog->setObjectName(u"openLogButton"_s);
    m_openLog->setToolTip(tr("Show the selected job's log below (double-click a job does the same)"));
    m_refreshJobs = new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("Re&fresh"));
    m_refreshJobs->setObjectName(u"refreshJobsButton"_s);
    m_refreshJobs->setToolTip(tr("Ask the worker for its jobs again"));
    jobsBar->addWidget(m_jobsStatus, 1);
    jobsBar->addWidget(m_openLog);
    jobsBar->addWidget(m_refreshJobs);
    jobsLayout->addLayout(jobsBar);
    m_jobs = new WorkerJobsModel(this);
    m_jobsView = makeTable(m_jobs, u"workerJobsView"_s);
    m_jobsView->header()->resizeSection(WorkerJobsModel::IdColumn, 90);
    m_jobsView->header()->resizeSection(WorkerJobsModel::SpecColumn, 100);
    m_jobsView->header()->resizeSection(WorkerJobsModel::RevisionColumn, 60);
    m_jobsView->header()->resizeSection(WorkerJobsModel::StatusColumn, 95);
    if (const QByteArray state = UiState::workerJobsHeader.get(); !state.isEmpty())
        m_jobsView->header()->restoreState(state);
    m_log = new LogViewer;
    m_log->setObjectName(u"workerJobLog"_s);
    m_jobsSplitter = new QSplitter(Qt::Vertical);
    m_jobsSplitter->setObjectName(u"workerJobsSplitter"_s);
    m_jobsSplitter->addWidget(m_jobsView);
    m_jobsSplitter->addWidget(m_log);
    m_jobsSplitter->setSizes({400, 600});
    if (const QByteArray state = UiState::workerJobsSplitter.get(); !state.isEmpty())
        m_jobsSplitter->restoreState(state);
    jobsLayout->addWidget(m_jobsSplitter, 1);
    m_tabs->addTab(jobsTab, tr("Jobs"));

    connect(m_refreshImages, &QPushButton::clicked, this, &WorkerDetailPane::refreshImages);
    connect(m_refreshJobs, &QPushButton::clicked, this, &WorkerDetailPane::refreshJobs);
    connect(m_openLog, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_jobsView->currentIndex();
        if (current.isValid())
            openLog(current.data(WorkerJobsModel::JobIdRole).toString());
    });
    connect(m_jobsView, &QTreeView::activated, this,
            [this](const QModelIndex &index) { openLog(index.data(WorkerJobsModel::JobIdRole).toString()); });
    connect(m_jobsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WorkerDetailPane::updateActions);
    updateFields();
    updateActions();
}

WorkerDetailPane::~WorkerDetailPane()
{
    stopFollowing();
    UiState::workerImagesHeader.set(m_imagesView->header()->saveState());
    UiState::workerJobsHeader.set(m_jobsView->header()->saveState());
    UiState::workerJobsSplitter.set(m_jobsSplitter->saveState());
}

QString WorkerDetailPane::fieldText(const QString &label) const
{
    for (int row = 0; row < m_form->rowCount(); ++row) {
        auto *name = qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::LabelRole)
                                                ? m_form->itemAt(row, QFormLayout::LabelRole)->widget()
                                                : nullptr);
        auto *value = qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::FieldRole)
                                                 ? m_form->itemAt(row, QFormLayout::FieldRole)->widget()
                                                 : nullptr);
        if (name && value && name->text() == label)
            return value->text();
    }
    return {};
}

void WorkerDetailPane::setWorker(const std::optional<Worker> &worker)
{
    const bool other = !worker || !m_worker || worker->id != m_worker->id;
    m_worker = worker;
    updateFields();
    if (!other)
        return;
    ++m_generation;
    stopFollowing();
    m_images->clear();
    m_jobs->clear();
    m_log->clear();
    m_logJobId.clear();
    m_imagesLoading = false;
    m_jobsLoading = false;
    m_imagesStatus->clear();
    m_jobsStatus->clear();
    updateActions();
    if (m_worker)
        refresh();
}

void WorkerDetailPane::updateFields()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    if (!m_worker) {
        m_title->setText(tr("No worker selected"));
        m_health->clear();
        return;
    }
    const Worker &w = *m_worker;
    m_title->setText(w.name);
    const QString status = w.enabled ? WorkerListModel::statusText(w.status) : tr("Disabled");
    m_health->setText(w.statusMessage.isEmpty() ? status : tr("%1: %2").arg(status, w.statusMessage));
    QPalette palette = m_health->palette();
    palette.setColor(QPalette::WindowText, w.status == u"online" || w.status == u"unknown"
                                               ? this->palette().color(QPalette::WindowText)
                                               : WorkerListModel::statusColor(w.status));
    m_health->setPalette(palette);
    // One line each (a URL or a path does not wrap well); the whole value in the tooltip.
    auto add = [this](const QString &label, const QString &value, const QString &tip = {}) {
        auto *field = new QLabel(value);
        field->setTextFormat(Qt::PlainText);
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
        field->setToolTip(tip.isEmpty() ? value : tip);
        m_form->addRow(label, field);
    };
    add(tr("URL:"), w.url);
    add(tr("Version:"), w.version.isEmpty() ? tr("\u2014") : w.version);
    add(tr("Capacity:"), WorkerListModel::capacityText(w));
    add(tr("Disk free:"), WorkerListModel::diskText(w.diskFreeBytes));
    if (w.lastSeenAt)
        add(tr("Last seen:"),
            RegistryListModel::relativeTime(*w.lastSeenAt, QDateTime::currentMSecsSinceEpoch()),
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(*w.lastSeenAt), QLocale::LongFormat));
    else
        add(tr("Last seen:"), tr("never"));
    if (!w.customCaFile.isEmpty())
        add(tr("CA file:"), w.customCaFile);
    if (w.tokenSecretId.isEmpty())
        add(tr("Token:"), tr("none: use Edit Token"));
}

void WorkerDetailPane::updateActions()
{
    const bool any = m_worker.has_value() && m_client && m_monitor;
    m_refreshImages->setEnabled(any && !m_imagesLoading);
    m_refreshJobs->setEnabled(any && !m_jobsLoading);
    m_openLog->setEnabled(any && m_jobsView->currentIndex().isValid());
}

void WorkerDetailPane::refresh()
{
    refreshImages();
    refreshJobs();
}

void WorkerDetailPane::withEndpoint(std::function<void(const WorkerEndpoint &)> then,
                                    std::function<void(const QString &)> failed)
{
    if (!m_worker || !m_client || !m_monitor) {
        failed(tr("No worker connection is available."));
        return;
    }
    using R = Result<WorkerEndpoint, QString>;
    auto *watcher = new QFutureWatcher<R>(this);
    const quint64 generation = m_generation;
    connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, generation, then, failed] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // another worker is shown
        if (watcher->future().resultCount() == 0) {
            failed(tr("The worker's token could not be read."));
            return;
        }
        const R endpoint = watcher->result();
        if (!endpoint)
            failed(endpoint.error());
        else
            then(endpoint.value());
    });
    watcher->setFuture(m_monitor->endpointOf(*m_worker));
}

void WorkerDetailPane::refreshImages()
{
    if (!m_worker || m_imagesLoading)
        return;
    m_imagesLoading = true;
    m_imagesStatus->setText(tr("Reading the cached images\u2026"));
    updateActions();
    const quint64 generation = m_generation;
    auto failed = [this](const QString &message) {
        m_imagesLoading = false;
        m_imagesStatus->setText(message);
        updateActions();
        Q_EMIT imagesRefreshed(message);
    };
    withEndpoint(
        [this, generation, failed](const WorkerEndpoint &endpoint) {
            using R = Result<QList<CachedImage>, WorkerError>;
            auto *watcher = new QFutureWatcher<R>(this);
            connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, generation, failed] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return;
                const R images = watcher->future().resultCount() > 0 ? watcher->result() : R(WorkerError{});
                if (!images) {
                    failed(images.error().message.isEmpty() ? tr("The request was cancelled.")
                                                            : images.error().message);
                    return;
                }
                m_imagesLoading = false;
                m_images->setImages(images.value());
                m_imagesStatus->setText(
                    images->isEmpty() ? tr("No cached images: warm an image on this worker through "
                                           "an availability group. (%1)")
                                            .arg(nowText())
                    : images->size() == 1
                        ? tr("1 cached image, read at %1").arg(nowText())
                        : tr("%1 cached images, read at %2").arg(images->size()).arg(nowText()));
                updateActions();
                Q_EMIT imagesRefreshed({});
            });
            watcher->setFuture(m_client->listImages(endpoint));
        },
        failed);
}

void WorkerDetailPane::refreshJobs()
{
    if (!m_worker || m_jobsLoading)
        return;
    m_jobsLoading = true;
    m_jobsStatus->setText(tr("Reading the jobs\u2026"));
    updateActions();
    const quint64 generation = m_generation;
    auto failed = [this](const QString &message) {
        m_jobsLoading = false;
        m_jobsStatus->setText(message);
        updateActions();
        Q_EMIT jobsRefreshed(message);
    };
    withEndpoint(
        [this, generation, failed](const WorkerEndpoint &endpoint) {
            using R = Result<QList<WorkerJob>, WorkerError>;
            auto *watcher = new QFutureWatcher<R>(this);
            connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, generation, failed] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return;
                const R jobs = watcher->future().resultCount() > 0 ? watcher->result() : R(WorkerError{});
                if (!jobs) {
                    failed(jobs.error().message.isEmpty() ? tr("The request was cancelled.")
                                                          : jobs.error().message);
                    return;
                }
                m_jobsLoading = false;
                m_jobs->setJobs(jobs.value());
                int running = 0;
                for (const WorkerJob &job : jobs.value())
                    running += job.isFinished() ? 0 : 1;
                m_jobsStatus->setText(jobs->isEmpty() ? tr("No jobs on this worker. (%1)").arg(nowText())
                                                      : tr("%1 jobs, %2 running, read at %3")
                                                            .arg(jobs->size())
                                                            .arg(running)
                                                            .arg(nowText()));
                updateActions();
                Q_EMIT jobsRefreshed({});
            });
            watcher->setFuture(m_client->jobs(endpoint));
        },
        failed);
}

void WorkerDetailPane::stopFollowing()
{
    if (m_follow.isRunning())
        m_follow.cancel(); // closes the stream
    m_follow = {};
    ++m_followSerial;
}

void WorkerDetailPane::openLog(const QString &jobId)
{
    const QModelIndex index = m_jobs->indexOfJob(jobId);
    if (!m_worker || jobId.isEmpty() || !index.isValid())
        return;
    const bool running = index.data(WorkerJobsModel::RunningRole).toBool();
    stopFollowing();
    m_logJobId = jobId;
    m_log->clear();
    m_log->setLive(running);
    m_log->textView()->setPlaceholderText(tr("Reading the log of %1\u2026").arg(jobId));
    const quint64 generation = m_generation;
    auto failed = [this, jobId](const QString &message) {
        if (m_logJobId != jobId)
            return;
        m_log->textView()->setPlaceholderText(message);
        Q_EMIT logOpened(jobId, message);
    };
    withEndpoint(
        [this, generation, jobId, running, failed](const WorkerEndpoint &endpoint) {
            using R = Result<QString, WorkerError>;
            auto *watcher = new QFutureWatcher<R>(this);
            connect(watcher, &QFutureWatcher<R>::finished, this,
                    [this, watcher, generation, jobId, running, endpoint, failed] {
                        watcher->deleteLater();
                        if (generation != m_generation || m_logJobId != jobId)
                            return;
                        const R tail =
                            watcher->future().resultCount() > 0 ? watcher->result() : R(WorkerError{});
                        if (!tail) {
                            failed(tail.error().message);
                            return;
                        }
                        m_log->textView()->setPlaceholderText(tr("The log is empty."));
                        m_log->appendLines(linesOf(tail.value()));
                        Q_EMIT logOpened(jobId, {});
                        if (!running)
                            return;
                        followLog(endpoint, jobId);
                    });
            watcher->setFuture(m_client->jobLog(endpoint, jobId, MaxJobLogTail));
        },
        failed);
}

void WorkerDetailPane::followLog(const WorkerEndpoint &endpoint, const QString &jobId)
{
    // The live stream: it starts with the tail again, which replaces the lines
    // shown so far, and ends when the job does.
    auto first = std::make_shared<bool>(true);
    m_follow = m_client->followJobLog(endpoint, jobId, MaxJobLogTail, this,
                                      [this, jobId, first](const QString &text) {
                                          if (m_logJobId != jobId)
                                              return;
                                          if (std::exchange(*first, false)) {
                                              m_log->clear();
                                              m_log->setLive(true);
                                          }
                                          m_log->appendLines(linesOf(text));
                                      });
    // Stale once another worker or log is shown (or this one again).
    auto stale = [this, jobId, generation = m_generation, serial = m_followSerial] {
        return generation != m_generation || serial != m_followSerial || m_logJobId != jobId;
    };
    m_follow.then(this, [this, endpoint, jobId, stale](const Result<Done, WorkerError> &result) {
        if (stale())
            return;
        if (!result && result.error().code == WorkerError::Code::Timeout) {
            // The client's timeout is one without data moving: a build that prints
            // nothing for that long is not an error. Follow again while it runs.
            using R = Result<WorkerJob, WorkerError>;
            auto *watcher = new QFutureWatcher<R>(this);
            connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, endpoint, jobId, stale] {
                watcher->deleteLater();
                if (stale())
                    return;
                const R job = watcher->future().resultCount() > 0 ? watcher->result() : R(WorkerError{});
                if (job) {
                    // Still running: follow on. Finished meanwhile: the stream
                    // gives its last lines and ends at once.
                    followLog(endpoint, jobId);
                    return;
                }
                m_log->setLive(false);
                refreshJobs(); // its status changed
            });
            watcher->setFuture(m_client->job(endpoint, jobId));
            return;
        }
        m_log->setLive(false);
        refreshJobs(); // its status changed
    });
}

} // namespace Kiln
