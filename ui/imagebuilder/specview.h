#pragma once

#include "store/jobrepository.h"
#include "store/specrepository.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace Kiln {

class BakeService;
class Catalogue;
class CodeView;
class JobListModel;
class LogViewer;

// One spec: its Info (the current revision, read-only, with the generated
// Containerfile) and its Jobs (every build, with View, Cancel, Rebuild and Diff,
// and the viewed job's log, spec and changes below the list).
class SpecView : public QWidget
{
    Q_OBJECT

public:
    enum Tab
    {
        InfoTab,
        JobsTab
    };
    enum DetailTab
    {
        LogDetail,
        SpecDetail,
        ChangesDetail
    };

    SpecView(const Catalogue &catalogue, BakeService *bake, QWidget *parent = nullptr);
    ~SpecView() override;

    // Loads the spec, its current revision and its jobs; false when it is gone.
    bool showSpec(const QString &specId);
    QString specId() const { return m_spec.id; }
    QString specName() const { return m_spec.name; }

    // The viewed job: its log (following it while it runs), the spec it built and
    // what changed against the revision before.
    void viewJob(const QString &jobId);
    QString viewedJobId() const { return m_viewedJob.id; }
    void cancelJob(const QString &jobId);
    void rebuildJob(const QString &jobId);
    void diffJob(const QString &jobId);

    // From the bake service.
    void applyJob(const Kiln::BuildJob &job);
    void applyOutput(const QString &jobId, const QStringList &lines);

    QTabWidget *tabs() const { return m_tabs; }
    QTabWidget *detailTabs() const { return m_detailTabs; }
    QTreeView *jobsView() const { return m_jobsView; }
    JobListModel *jobsModel() const { return m_jobs; }
    LogViewer *logViewer() const { return m_log; }
    QString changesText() const;

Q_SIGNALS:
    void backRequested();
    void editRequested(const QString &specId);
    void deleteRequested(const QString &specId);
    void statusMessage(const QString &message);

private:
    QWidget *createInfoTab();
    QWidget *createJobsTab();
    void fillInfo(const SpecRevision &revision);
    void updateJobActions();
    QString selectedJobId() const;
    QString downloadName(const BuildJob &job) const;
    QString revisionTag(const QString &revisionId) const;

    const Catalogue &m_catalogue;
    BakeService *m_bake;
    ImageSpec m_spec;
    QList<SpecRevision> m_revisions; // newest first
    BuildJob m_viewedJob;

    QLabel *m_title = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_infoName = nullptr;
    QLabel *m_infoRevision = nullptr;
    QLabel *m_infoBase = nullptr;
    QLabel *m_infoSecret = nullptr;
    QLabel *m_infoUpdated = nullptr;
    QPlainTextEdit *m_infoPackages = nullptr;
    CodeView *m_infoContainerfile = nullptr;

    JobListModel *m_jobs = nullptr;
    QTreeView *m_jobsView = nullptr;
    QPushButton *m_viewButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_rebuildButton = nullptr;
    QPushButton *m_diffButton = nullptr;
    QLabel *m_jobTitle = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    LogViewer *m_log = nullptr;
    CodeView *m_jobSpec = nullptr;
    CodeView *m_changes = nullptr;
    QSplitter *m_infoSplitter = nullptr;
    QSplitter *m_jobsSplitter = nullptr;
};

// The packages of a revision as one readable text ("APT\n  curl\n...").
QString describePackages(const SpecContent &content);

} // namespace Kiln
