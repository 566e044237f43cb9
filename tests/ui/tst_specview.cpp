#include "bake/joblog.h"
#include "bake/specedit.h"
#include "cataloguefixture.h"
#include "catalogueseeds.h"
#include "common/logviewer.h"
#include "imagebuilder/specview.h"
#include "joblistmodel.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QtTest>

using namespace Kiln;
using namespace KilnTest;
using namespace Qt::StringLiterals;

// SpecView on a real catalogue with jobs and logs written as the bake service
// writes them (no builds run here: tst_imagebuilderpage runs real ones).
class tst_SpecView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void infoShowsCurrentRevision();
    void viewsNewestJobAndItsLog();
    void followsANewJobLive();
    void actionsFollowTheJobStatus();
    void diffAgainstPreviousRevision();
    void goneSpecIsRefused();
    void remembersSplitters();

private:
    BuildJob addJob(const QString &revisionId, JobStatus final, const QStringList &lines);

    std::unique_ptr<TempCatalogue> m_catalogue;
    SpecSaved m_first;
    SpecSaved m_second;
    int m_jobs = 0;
};

void tst_SpecView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_SpecView::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY(m_catalogue->isOpen());
    const auto first = saveSpec(m_catalogue->catalogue(), {}, u"demo"_s,
                                SpecDraft{u"debian:12"_s, {u"curl"_s}, {}, {u"requests"_s}, {}});
    QVERIFY(first.ok());
    m_first = first.value();
    const auto second = saveSpec(m_catalogue->catalogue(), m_first.stored.spec.id, {},
                                 SpecDraft{u"debian:13"_s, {u"curl"_s, u"git"_s}, {}, {}, {}});
    QVERIFY(second.ok());
    m_second = second.value();
}

BuildJob tst_SpecView::addJob(const QString &revisionId, JobStatus final, const QStringList &lines)
{
    // The log first, as the bake service has it before a job is seen running.
    const QString log = m_catalogue->dirPath() + u"/job-%1.log"_s.arg(++m_jobs);
    JobLogWriter writer;
    if (!writer.open(log) || !writer.appendLines(lines))
        return {};
    return KilnTest::addJob(m_catalogue->catalogue(), revisionId, final, u"registry.example.com/demo:1"_s,
                            log);
}

void tst_SpecView::infoShowsCurrentRevision()
{
    SpecView view(m_catalogue->catalogue(), nullptr);
    QVERIFY(view.showSpec(m_first.stored.spec.id));
    QCOMPARE(view.specName(), u"demo"_s);
    const QString containerfile = view.findChild<QPlainTextEdit *>(u"infoContainerfile"_s)->toPlainText();
    QCOMPARE(containerfile, m_second.stored.revision.content.containerfile);
    QVERIFY(containerfile.startsWith(u"FROM docker.io/library/debian:13"_s));
    const QString packages = view.findChild<QPlainTextEdit *>(u"infoPackages"_s)->toPlainText();
    QCOMPARE(packages, u"APT\n  curl\n  git"_s);
}

void tst_SpecView::viewsNewestJobAndItsLog()
{
    addJob(m_first.stored.revision.id, JobStatus::Succeeded, {u"old build"_s});
    const BuildJob newest =
        addJob(m_second.stored.revision.id, JobStatus::Failed, {u"step one"_s, u"E: broken"_s});
    SpecView view(m_catalogue->catalogue(), nullptr);
    QVERIFY(view.showSpec(m_first.stored.spec.id));
    QCOMPARE(view.jobsModel()->rowCount(), 2);
    QCOMPARE(view.viewedJobId(), newest.id);
    QTRY_VERIFY(view.logViewer()->textView()->toPlainText().contains(u"E: broken"_s));
    QVERIFY(!view.logViewer()->textView()->toPlainText().contains(u"old build"_s));
    QVERIFY(view.logViewer()->downloadName().startsWith(
        u"demo-"_s + m_second.stored.revision.content.contentHash.left(12) + u'-'));
    QVERIFY(view.logViewer()->downloadName().endsWith(u".log"_s));
}

void tst_SpecView::followsANewJobLive()
{
    addJob(m_second.stored.revision.id, JobStatus::Succeeded, {u"first"_s});
    SpecView view(m_catalogue->catalogue(), nullptr);
    QVERIFY(view.showSpec(m_first.stored.spec.id));
    // A new build of the spec: the view switches to it and follows its output.
    const BuildJob running = addJob(m_second.stored.revision.id, JobStatus::Queued, {u"queued note"_s});
    view.applyJob(running);
    QCOMPARE(view.jobsModel()->rowCount(), 2);
    QCOMPARE(view.viewedJobId(), running.id);
    QTRY_VERIFY(view.logViewer()->textView()->toPlainText().contains(u"queued note"_s));
    const QByteArray prefix = JobLogWriter::prefix(QDateTime::currentDateTimeUtc(), LogStream::Out);
    view.applyOutput(running.id, {QString::fromUtf8(prefix) + u"live line"_s});
    view.applyOutput(u"another-job"_s, {QString::fromUtf8(prefix) + u"not mine"_s});
    QTRY_VERIFY(view.logViewer()->textView()->toPlainText().contains(u"live line"_s));
    QVERIFY(!view.logViewer()->textView()->toPlainText().contains(u"not mine"_s));
    QVERIFY(view.logViewer()->isLive());
    BuildJob finished = running;
    finished.status = JobStatus::Succeeded;
    view.applyJob(finished);
    QVERIFY(!view.logViewer()->isLive());
    // Jobs of other specs are not this view's business.
    BuildJob foreign = running;
    foreign.id = u"x"_s;
    foreign.specId = u"other"_s;
    view.applyJob(foreign);
    QCOMPARE(view.jobsModel()->rowCount(), 2);
}

void tst_SpecView::actionsFollowTheJobStatus()
{
    const BuildJob done = addJob(m_second.stored.revision.id, JobStatus::Succeeded, {u"x"_s});
    const BuildJob running = addJob(m_second.stored.revision.id, JobStatus::Running, {u"y"_s});
    SpecView view(m_catalogue->catalogue(), nullptr);
    QVERIFY(view.showSpec(m_first.stored.spec.id));
    auto *cancel = view.findChild<QPushButton *>(u"cancelButton"_s);
    auto *rebuild = view.findChild<QPushButton *>(u"rebuildButton"_s);
    view.viewJob(running.id);
    QVERIFY(cancel->isEnabled());
    QVERIFY(!rebuild->isEnabled());
    view.viewJob(done.id);
    QVERIFY(!cancel->isEnabled());
    QVERIFY(rebuild->isEnabled());
}

void tst_SpecView::diffAgainstPreviousRevision()
{
    const BuildJob first = addJob(m_first.stored.revision.id, JobStatus::Succeeded, {u"a"_s});
    const BuildJob second = addJob(m_second.stored.revision.id, JobStatus::Succeeded, {u"b"_s});
    SpecView view(m_catalogue->catalogue(), nullptr);
    QVERIFY(view.showSpec(m_first.stored.spec.id));
    view.diffJob(second.id);
    QCOMPARE(view.detailTabs()->currentIndex(), int(SpecView::ChangesDetail));
    QVERIFY2(view.changesText().contains(u"base debian:12 -> debian:13\n+ apt git\n- pip requests"_s),
             qPrintable(view.changesText()));
    view.diffJob(first.id);
    QVERIFY(view.changesText().contains(u"first revision"_s));
}

void tst_SpecView::goneSpecIsRefused()
{
    SpecView view(m_catalogue->catalogue(), nullptr);
    QVERIFY(!view.showSpec(u"no-such-spec"_s));
}

void tst_SpecView::remembersSplitters()
{
    QList<int> sizes;
    {
        SpecView view(m_catalogue->catalogue(), nullptr);
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.tabs()->setCurrentIndex(SpecView::JobsTab);
        auto *splitter = qobject_cast<QSplitter *>(view.jobsView()->parentWidget());
        QVERIFY(splitter);
        splitter->setSizes({100, 500});
        sizes = splitter->sizes();
    }
    SpecView view(m_catalogue->catalogue(), nullptr);
    view.resize(900, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.tabs()->setCurrentIndex(SpecView::JobsTab);
    auto *splitter = qobject_cast<QSplitter *>(view.jobsView()->parentWidget());
    QVERIFY(splitter);
    QTRY_COMPARE(splitter->sizes(), sizes);
}

QTEST_MAIN(tst_SpecView)
#include "tst_specview.moc"
