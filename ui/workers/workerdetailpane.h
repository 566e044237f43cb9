#pragma once

#include "remote/workerclient.h"
#include "store/workerrepository.h"

#include <QFuture>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace Kiln {

class LogViewer;
class WorkerCachedImagesModel;
class WorkerClient;
class WorkerJobsModel;
class WorkerMonitor;

// The detail pane of the Workers page: the selected worker (its health with the
// reason it is not online, version, capacity, disk free, last seen, URL and CA
// file) and two tabs read from the worker itself: "Cached images" (GET /images:
// status, error, updated, size and checksum of each) and "Jobs" (GET /jobs; Open
// Log or a double-click shows the job's log in a LogViewer: the last 2000 lines,
// then, while the job runs, the live stream). Both are read when a worker is
// selected and with Refresh; every request is asynchronous and the answer for a
// worker no longer shown is dropped.
class WorkerDetailPane : public QWidget
{
    Q_OBJECT

public:
    // Without a client or monitor the tabs stay empty and say so.
    WorkerDetailPane(WorkerClient *client, WorkerMonitor *monitor, QWidget *parent = nullptr);
    ~WorkerDetailPane() override;

    // nullopt: nothing selected. Another worker reads its images and jobs; the same
    // worker (a new check) only updates the fields.
    void setWorker(const std::optional<Worker> &worker);
    std::optional<Worker> worker() const { return m_worker; }
    // Reads the shown worker's cached images and jobs again.
    void refresh();
    void refreshImages();
    void refreshJobs();
    // Shows the log of a job of the shown worker.
    void openLog(const QString &jobId);

    QLabel *titleLabel() const { return m_title; }
    QLabel *healthLabel() const { return m_health; }
    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *imagesView() const { return m_imagesView; }
    QTreeView *jobsView() const { return m_jobsView; }
    WorkerCachedImagesModel *imagesModel() const { return m_images; }
    WorkerJobsModel *jobsModel() const { return m_jobs; }
    QLabel *imagesStatusLabel() const { return m_imagesStatus; }
    QLabel *jobsStatusLabel() const { return m_jobsStatus; }
    LogViewer *logViewer() const { return m_log; }
    QPushButton *refreshImagesButton() const { return m_refreshImages; }
    QPushButton *openLogButton() const { return m_openLog; }
    // The images or jobs are being read.
    bool isLoadingImages() const { return m_imagesLoading; }
    bool isLoadingJobs() const { return m_jobsLoading; }
    // The value shown for a field label (e.g. "Version:"), for tests; empty when absent.
    QString fieldText(const QString &label) const;

Q_SIGNALS:
    // A read of the images (or jobs) ended; `error` empty when it worked.
    void imagesRefreshed(const QString &error);
    void jobsRefreshed(const QString &error);
    // The log's first lines are shown (the tail, or why it could not be read).
    void logOpened(const QString &jobId, const QString &error);

private:
    void updateFields();
    void updateActions();
    void stopFollowing();
    // Follows the log of a running job into the log viewer; a stream that ends
    // with a Timeout (a quiet build) is followed again while the job runs.
    void followLog(const WorkerEndpoint &endpoint, const QString &jobId);
    // Runs `then(endpoint)` once the shown worker's endpoint is known (its token
    // read), unless another worker is shown by then; `failed(message)` otherwise.
    void withEndpoint(std::function<void(const WorkerEndpoint &)> then,
                      std::function<void(const QString &)> failed);

    WorkerClient *m_client;
    WorkerMonitor *m_monitor;
    std::optional<Worker> m_worker;
    quint64 m_generation = 0; // bumped when another worker is shown
    QLabel *m_title = nullptr;
    QLabel *m_health = nullptr;
    QFormLayout *m_form = nullptr;
    QTabWidget *m_tabs = nullptr;
    WorkerCachedImagesModel *m_images = nullptr;
    QTreeView *m_imagesView = nullptr;
    QLabel *m_imagesStatus = nullptr;
    QPushButton *m_refreshImages = nullptr;
    bool m_imagesLoading = false;
    WorkerJobsModel *m_jobs = nullptr;
    QTreeView *m_jobsView = nullptr;
    QLabel *m_jobsStatus = nullptr;
    QPushButton *m_refreshJobs = nullptr;
    QPushButton *m_openLog = nullptr;
    bool m_jobsLoading = false;
    QSplitter *m_jobsSplitter = nullptr;
    LogViewer *m_log = nullptr;
    QString m_logJobId;
    QFuture<Result<Done, WorkerError>> m_follow; // the live log stream, while one runs
    quint64 m_followSerial = 0;                  // bumped when a follow is stopped
};

} // namespace Kiln
