#include "specview.h"

#include "bake/bakeservice.h"
#include "bake/recipe.h"
#include "bake/specedit.h"
#include "common/codeview.h"
#include "common/logviewer.h"
#include "common/uistate.h"
#include "joblistmodel.h"
#include "store/catalogue.h"

#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

// Sorts the jobs by their raw values, not by their display text.
class JobSortProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        int role = Qt::DisplayRole;
        switch (left.column()) {
        case JobListModel::UpdatedColumn:
            role = JobListModel::UpdatedAtRole;
            break;
        case JobListModel::StatusColumn:
            role = JobListModel::StatusRole;
            break;
        case JobListModel::DurationColumn:
            role = JobListModel::DurationMsRole;
            break;
        default:
            break;
        }
        const QVariant a = left.data(role);
        const QVariant b = right.data(role);
        if (role == Qt::DisplayRole)
            return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
        return a.toLongLong() < b.toLongLong();
    }
};

QString formatTime(qint64 msecs)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msecs), QLocale::ShortFormat);
}

QLabel *selectableLabel()
{
    auto *label = new QLabel;
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

QString describePackages(const SpecContent &content)
{
    QStringList lines;
    const auto add = [&lines](const QString &title, const QStringList &packages) {
        if (packages.isEmpty())
            return;
        lines.append(title);
        for (const QString &package : packages)
            lines.append(u"  "_s + package);
    };
    add(SpecView::tr("APT"), content.aptPackages);
    add(SpecView::tr("Conda"), content.condaPackages);
    add(SpecView::tr("Pip"), content.pipPackages);
    if (lines.isEmpty())
        return SpecView::tr("No packages: the base image as it is.");
    return lines.join(u'\n');
}

SpecView::SpecView(const Catalogue &catalogue, BakeService *bake, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_bake(bake)
{
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    auto *back = new QToolButton;
    back->setObjectName(u"backButton"_s);
    back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    back->setText(tr("All specs"));
    back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    back->setToolTip(tr("Back to the list of specs (Alt+Left)"));
    back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    connect(back, &QToolButton::clicked, this, &SpecView::backRequested);
    m_title = new QLabel;
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    auto *edit = new QPushButton(tr("&Edit\u2026"));
    edit->setObjectName(u"editButton"_s);
    edit->setToolTip(tr("Edit the spec (F2): a changed spec is built again"));
    connect(edit, &QPushButton::clicked, this, [this] { Q_EMIT editRequested(m_spec.id); });
    auto *remove = new QPushButton(tr("&Delete\u2026"));
    remove->setObjectName(u"deleteButton"_s);
    connect(remove, &QPushButton::clicked, this, [this] { Q_EMIT deleteRequested(m_spec.id); });
    header->addWidget(back);
    header->addSpacing(8);
    header->addWidget(m_title, 1);
    header->addWidget(edit);
    header->addWidget(remove);
    layout->addLayout(header);

    m_tabs = new QTabWidget;
    m_tabs->addTab(createInfoTab(), tr("&Info"));
    m_tabs->addTab(createJobsTab(), tr("&Jobs"));
    layout->addWidget(m_tabs, 1);

    connect(new QShortcut(QKeySequence(Qt::Key_F2), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut),
            &QShortcut::activated, this, [this] { Q_EMIT editRequested(m_spec.id); });
}

SpecView::~SpecView()
{
    UiState::specInfoSplitter.set(m_infoSplitter->saveState());
    UiState::specJobsSplitter.set(m_jobsSplitter->saveState());
}

QWidget *SpecView::createInfoTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    m_infoName = selectableLabel();
    m_infoRevision = selectableLabel();
    m_infoUpdated = selectableLabel();
    m_infoBase = selectableLabel();
    m_infoSecret = selectableLabel();
    form->addRow(tr("Name:"), m_infoName);
    form->addRow(tr("Revision:"), m_infoRevision);
    form->addRow(tr("Updated:"), m_infoUpdated);
    form->addRow(tr("Base image:"), m_infoBase);
    form->addRow(tr("Pull secret:"), m_infoSecret);
    layout->addLayout(form);

    auto *split = new QSplitter(Qt::Horizontal);
    m_infoPackages = new QPlainTextEdit;
    m_infoPackages->setObjectName(u"infoPackages"_s);
    m_infoPackages->setReadOnly(true);
    m_infoPackages->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_infoContainerfile = new CodeView;
    m_infoContainerfile->setObjectName(u"infoContainerfile"_s);
    m_infoContainerfile->setLanguage(CodeView::Language::Dockerfile);
    auto *packagesBox = new QWidget;
    auto *packagesLayout = new QVBoxLayout(packagesBox);
    packagesLayout->setContentsMargins(0, 0, 0, 0);
    packagesLayout->addWidget(new QLabel(tr("Packages")));
    packagesLayout->addWidget(m_infoPackages);
    auto *fileBox = new QWidget;
    auto *fileLayout = new QVBoxLayout(fileBox);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addWidget(new QLabel(tr("Generated Containerfile")));
    fileLayout->addWidget(m_infoContainerfile);
    split->addWidget(packagesBox);
    split->addWidget(fileBox);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->restoreState(UiState::specInfoSplitter.get());
    m_infoSplitter = split;
    layout->addWidget(split, 1);
    return page;
}

QWidget *SpecView::createJobsTab()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *buttons = new QHBoxLayout;
    m_viewButton = new QPushButton(tr("&View"));
    m_viewButton->setToolTip(tr("Show the job's log and the spec it built (Enter)"));
    m_cancelButton = new QPushButton(tr("&Cancel Build"));
    m_cancelButton->setObjectName(u"cancelButton"_s);
    m_rebuildButton = new QPushButton(tr("&Rebuild"));
    m_rebuildButton->setObjectName(u"rebuildButton"_s);
    m_diffButton = new QPushButton(tr("&Diff"));
    m_diffButton->setObjectName(u"diffButton"_s);
    m_diffButton->setToolTip(tr("What changed against the previous revision"));
    for (QPushButton *button : {m_viewButton, m_cancelButton, m_rebuildButton, m_diffButton})
        buttons->addWidget(button);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto *split = new QSplitter(Qt::Vertical);
    m_jobs = new JobListModel(m_catalogue, this);
    auto *proxy = new JobSortProxy(this);
    proxy->setSourceModel(m_jobs);
    m_jobsView = new QTreeView;
    m_jobsView->setObjectName(u"jobsView"_s);
    m_jobsView->setModel(proxy);
    m_jobsView->setRootIsDecorated(false);
    m_jobsView->setUniformRowHeights(true);
    m_jobsView->setAlternatingRowColors(true);
    m_jobsView->setSortingEnabled(true);
    m_jobsView->sortByColumn(JobListModel::UpdatedColumn, Qt::DescendingOrder);
    m_jobsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_jobsView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_jobsView->header()->setStretchLastSection(true);
    split->addWidget(m_jobsView);

    auto *detail = new QWidget;
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_jobTitle = new QLabel(tr("Choose a job to see its log."));
    m_jobTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_jobTitle);
    m_detailTabs = new QTabWidget;
    m_log = new LogViewer;
    m_jobSpec = new CodeView;
    m_jobSpec->setLanguage(CodeView::Language::Dockerfile);
    m_changes = new CodeView;
    m_changes->setObjectName(u"changesView"_s);
    m_detailTabs->addTab(m_log, tr("Log"));
    m_detailTabs->addTab(m_jobSpec, tr("Spec and Containerfile"));
    m_detailTabs->addTab(m_changes, tr("Changes"));
    detailLayout->addWidget(m_detailTabs, 1);
    split->addWidget(detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->restoreState(UiState::specJobsSplitter.get());
    m_jobsSplitter = split;
    layout->addWidget(split, 1);

    const auto viewSelected = [this] {
        if (const QString id = selectedJobId(); !id.isEmpty())
            viewJob(id);
    };
    connect(m_viewButton, &QPushButton::clicked, this, viewSelected);
    connect(m_jobsView, &QTreeView::activated, this, viewSelected);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] { cancelJob(selectedJobId()); });
    connect(m_rebuildButton, &QPushButton::clicked, this, [this] { rebuildJob(selectedJobId()); });
    connect(m_diffButton, &QPushButton::clicked, this, [this] { diffJob(selectedJobId()); });
    connect(m_jobsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SpecView::updateJobActions);
    connect(m_jobs, &QAbstractItemModel::dataChanged, this, &SpecView::updateJobActions);
    connect(m_jobs, &QAbstractItemModel::modelReset, this, &SpecView::updateJobActions);
    updateJobActions();
    return page;
}

bool SpecView::showSpec(const QString &specId)
{
    const SpecRepository specs(m_catalogue);
    const auto spec = specs.get(specId);
    if (!spec)
        return false;
    const auto revisions = specs.revisions(specId);
    if (!revisions || revisions->isEmpty())
        return false;
    const bool sameSpec = m_spec.id == specId;
    m_spec = spec.value();
    m_revisions = revisions.value();
    m_title->setText(m_spec.name);
    for (const SpecRevision &revision : std::as_const(m_revisions)) {
        if (revision.id == m_spec.currentRevisionId)
            fillInfo(revision);
    }
    if (!sameSpec) {
        m_jobs->setSpec(specId);
        m_viewedJob = BuildJob();
        m_log->clear();
        m_jobSpec->clear();
        m_changes->clear();
        m_jobTitle->setText(tr("Choose a job to see its log."));
        // The newest job is what an administrator comes for.
        if (m_jobs->rowCount() > 0)
            viewJob(m_jobs->job(0).id);
    }
    updateJobActions();
    return true;
}

void SpecView::fillInfo(const SpecRevision &revision)
{
    m_infoName->setText(m_spec.name);
    m_infoRevision->setText(revisionTag(revision.id));
    m_infoRevision->setToolTip(revision.content.contentHash);
    m_infoUpdated->setText(formatTime(m_spec.updatedAt));
    m_infoBase->setText(revision.content.baseImage);
    m_infoSecret->setText(revision.content.pullSecretRef.isEmpty() ? tr("None")
                                                                   : revision.content.pullSecretRef);
    m_infoPackages->setPlainText(describePackages(revision.content));
    m_infoContainerfile->setPlainText(revision.content.containerfile);
}

QString SpecView::revisionTag(const QString &revisionId) const
{
    for (const SpecRevision &revision : m_revisions) {
        if (revision.id == revisionId)
            return Kiln::revisionTag(revision.content.contentHash);
    }
    return {};
}

QString SpecView::selectedJobId() const
{
    const QModelIndex current = m_jobsView->currentIndex();
    return current.isValid() ? current.data(JobListModel::JobIdRole).toString() : QString();
}

void SpecView::updateJobActions()
{
    const QModelIndex current = m_jobsView->currentIndex();
    const bool any = current.isValid();
    m_viewButton->setEnabled(any);
    m_cancelButton->setEnabled(any && current.data(JobListModel::CanCancelRole).toBool());
    m_rebuildButton->setEnabled(any && current.data(JobListModel::CanRebuildRole).toBool());
    m_diffButton->setEnabled(any);
}

QString SpecView::downloadName(const BuildJob &job) const
{
    const QString stamp = QDateTime::fromMSecsSinceEpoch(job.createdAt).toString(u"yyyyMMdd-HHmmss"_s);
    return m_spec.name + u'-' + revisionTag(job.revisionId) + u'-' + stamp + u".log"_s;
}

void SpecView::viewJob(const QString &jobId)
{
    const auto job = JobRepository(m_catalogue).get(jobId);
    if (!job) {
        Q_EMIT statusMessage(job.error().message);
        return;
    }
    if (revisionTag(job->revisionId).isEmpty()) {
        // A revision made after the spec was shown (kilnctl spec edit).
        if (const auto revisions = SpecRepository(m_catalogue).revisions(m_spec.id); revisions)
            m_revisions = revisions.value();
    }
    m_viewedJob = job.value();
    const bool live = !isFinal(job->status);
    m_jobTitle->setText(tr("Job %1 \u00b7 revision %2 \u00b7 %3")
                            .arg(job->id.left(8), revisionTag(job->revisionId), jobStatusName(job->status)));
    m_log->setDownloadName(downloadName(job.value()));
    if (job->logPath.isEmpty()) {
        m_log->clear();
    } else {
        m_log->openLog(job->logPath, live);
    }

    for (const SpecRevision &revision : std::as_const(m_revisions)) {
        if (revision.id != job->revisionId)
            continue;
        const QString containerfile =
            job->containerfile.isEmpty() ? revision.content.containerfile : job->containerfile;
        m_jobSpec->setPlainText(
            tr("# Base image: %1\n# Pull secret: %2\n# %3\n\n%4")
                .arg(revision.content.baseImage,
                     revision.content.pullSecretRef.isEmpty() ? tr("none") : revision.content.pullSecretRef,
                     describePackages(revision.content).replace(u"\n"_s, u"\n# "_s), containerfile));
    }
    const QModelIndex source = m_jobs->indexOfJob(jobId);
    if (source.isValid()) {
        auto *proxy = static_cast<QSortFilterProxyModel *>(m_jobsView->model());
        m_jobsView->setCurrentIndex(proxy->mapFromSource(source));
    }
    m_tabs->setCurrentIndex(JobsTab);
}

void SpecView::cancelJob(const QString &jobId)
{
    if (jobId.isEmpty() || !m_bake)
        return;
    m_bake->cancel(jobId);
    Q_EMIT statusMessage(tr("Cancelling the build\u2026"));
}

void SpecView::rebuildJob(const QString &jobId)
{
    if (jobId.isEmpty() || !m_bake)
        return;
    m_bake->rebuild(jobId).then(this, [this](const Result<EnqueueOutcome, BakeError> &outcome) {
        if (!outcome) {
            Q_EMIT statusMessage(outcome.error().message);
            return;
        }
        m_jobs->applyJob(outcome->job);
        viewJob(outcome->job.id);
        Q_EMIT statusMessage(tr("Queued a rebuild of %1").arg(outcome->job.targetImage));
    });
}

void SpecView::diffJob(const QString &jobId)
{
    const auto job = JobRepository(m_catalogue).get(jobId);
    if (!job)
        return;
    // m_revisions is newest first: the one after the job's is the previous revision.
    qsizetype index = -1;
    for (qsizetype i = 0; i < m_revisions.size(); ++i) {
        if (m_revisions.at(i).id == job->revisionId)
            index = i;
    }
    if (index < 0)
        return;
    const SpecRevision &revision = m_revisions.at(index);
    QString text;
    if (index + 1 >= m_revisions.size()) {
        text = tr("Revision %1 is the spec's first revision.\n\n%2")
                   .arg(Kiln::revisionTag(revision.content.contentHash), describePackages(revision.content));
    } else {
        const SpecRevision &previous = m_revisions.at(index + 1);
        text = tr("Changes from revision %1 to %2:\n\n%3")
                   .arg(Kiln::revisionTag(previous.content.contentHash),
                        Kiln::revisionTag(revision.content.contentHash),
                        diffRevisions(previous.content, revision.content).text());
    }
    m_changes->setPlainText(text);
    if (m_viewedJob.id != jobId)
        viewJob(jobId);
    m_detailTabs->setCurrentIndex(ChangesDetail);
}

QString SpecView::changesText() const
{
    return m_changes->toPlainText();
}

void SpecView::applyJob(const BuildJob &job)
{
    if (job.specId != m_spec.id)
        return;
    m_jobs->applyJob(job);
    if (job.id == m_viewedJob.id) {
        const bool hadLog = !m_viewedJob.logPath.isEmpty();
        m_viewedJob = job;
        m_jobTitle->setText(tr("Job %1 \u00b7 revision %2 \u00b7 %3")
                                .arg(job.id.left(8), revisionTag(job.revisionId), jobStatusName(job.status)));
        if (!hadLog && !job.logPath.isEmpty())
            m_log->openLog(job.logPath, !isFinal(job.status));
        else if (isFinal(job.status))
            m_log->setLive(false);
    } else if (job.status == JobStatus::Queued && (m_viewedJob.id.isEmpty() || isFinal(m_viewedJob.status))) {
        // A new build of this spec: follow it.
        viewJob(job.id);
    }
    updateJobActions();
}

void SpecView::applyOutput(const QString &jobId, const QStringList &lines)
{
    if (jobId == m_viewedJob.id)
        m_log->appendLines(lines);
}

} // namespace Kiln
