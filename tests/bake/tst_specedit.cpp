#include "bake/joblog.h"
#include "bake/specedit.h"
#include "cataloguefixture.h"
#include "catalogueseeds.h"
#include "store/jobrepository.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_SpecEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void specContentValidates_data();
    void specContentValidates();
    void createChangeUnchanged();
    void createRefusesBadNames_data();
    void createRefusesBadNames();
    void diff_data();
    void diff();
    void footprintAndDelete();
    void deleteRefusedWhileActive();
};

namespace {
SpecDraft draft(QStringList apt = {}, QStringList conda = {}, QStringList pip = {},
                QString base = u"registry.example.com/base:1"_s)
{
    return SpecDraft{std::move(base), std::move(apt), std::move(conda), std::move(pip), {}};
}
} // namespace

void tst_SpecEdit::specContentValidates_data()
{
    QTest::addColumn<SpecDraft>("draft");
    QTest::addColumn<QString>("error"); // empty: valid

    QTest::newRow("valid") << draft({u"curl"_s}, {u"conda-forge::numpy>=1.26"_s},
                                    {u"requests[socks]>=2.31"_s})
                           << QString();
    QTest::newRow("bad pip line 2") << draft({}, {}, {u"requests"_s, u"pkg>>1"_s})
                                    << u"Pip packages, line 2, column 5"_s;
    QTest::newRow("bad apt line 1") << draft({u"Curl"_s}) << u"APT packages, line 1"_s;
    QTest::newRow("bad base") << draft({}, {}, {}, u"debian::12"_s) << u"Base image"_s;
    QTest::newRow("empty base") << draft({}, {}, {}, QString()) << u"Base image"_s;
}

void tst_SpecEdit::specContentValidates()
{
    QFETCH(SpecDraft, draft);
    QFETCH(QString, error);
    const auto content = specContent(draft);
    if (error.isEmpty()) {
        QVERIFY2(content.ok(), qPrintable(content.ok() ? QString() : content.error().describe()));
        QCOMPARE(content->contentHash.size(), 64);
        QVERIFY(content->containerfile.startsWith(u"FROM "_s));
        QCOMPARE(draftOf(content.value()), draft);
    } else {
        QVERIFY(!content.ok());
        QVERIFY2(content.error().describe().startsWith(error), qPrintable(content.error().describe()));
    }
}

void tst_SpecEdit::createChangeUnchanged()
{
    KilnTest::TempCatalogue temp;
    QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
    const auto created = saveSpec(temp.catalogue(), {}, u"demo"_s, draft({u"curl"_s}));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message()));
    QCOMPARE(created->kind, SpecSaveKind::Created);
    const QString specId = created->stored.spec.id;

    const auto same = saveSpec(temp.catalogue(), specId, {}, draft({u"curl"_s}));
    QVERIFY(same.ok());
    QCOMPARE(same->kind, SpecSaveKind::Unchanged);
    QCOMPARE(same->stored.revision.id, created->stored.revision.id);

    const auto changed = saveSpec(temp.catalogue(), specId, {}, draft({u"curl"_s, u"git"_s}));
    QVERIFY(changed.ok());
    QCOMPARE(changed->kind, SpecSaveKind::Changed);
    QVERIFY(changed->stored.revision.id != created->stored.revision.id);
    QCOMPARE(changed->stored.spec.currentRevisionId, changed->stored.revision.id);
    QCOMPARE(SpecRepository(temp.catalogue()).revisions(specId)->size(), 2);

    const auto invalid = saveSpec(temp.catalogue(), specId, {}, draft({u"curl"_s}, {}, {u"bad name"_s}));
    QVERIFY(!invalid.ok());
    QVERIFY(invalid.error().invalid.has_value());
    QCOMPARE(invalid.error().invalid->field, u"Pip packages"_s);
    QCOMPARE(SpecRepository(temp.catalogue()).revisions(specId)->size(), 2);

    const auto taken = saveSpec(temp.catalogue(), {}, u"demo"_s, draft());
    QVERIFY(!taken.ok());
    QVERIFY(taken.error().store.has_value());
    QCOMPARE(taken.error().store->code, StoreError::Code::Conflict);
}

void tst_SpecEdit::createRefusesBadNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("upper") << u"Demo"_s;
    QTest::newRow("underscore") << u"my_spec"_s;
    QTest::newRow("leading dash") << u"-demo"_s;
}

void tst_SpecEdit::createRefusesBadNames()
{
    QFETCH(QString, name);
    KilnTest::TempCatalogue temp;
    QVERIFY(temp.isOpen());
    const auto saved = saveSpec(temp.catalogue(), {}, name, draft());
    QVERIFY(!saved.ok());
    QVERIFY(saved.error().invalid.has_value());
    QCOMPARE(saved.error().invalid->field, u"Name"_s);
    QCOMPARE(SpecRepository(temp.catalogue()).count().value(), 0);
}

void tst_SpecEdit::diff_data()
{
    QTest::addColumn<SpecDraft>("older");
    QTest::addColumn<SpecDraft>("newer");
    QTest::addColumn<QString>("text");

    QTest::newRow("same") << draft({u"curl"_s}) << draft({u"curl"_s}) << u"No changes"_s;
    QTest::newRow("added and removed")
        << draft({u"curl"_s, u"git"_s}, {}, {u"requests"_s}) << draft({u"git"_s, u"vim"_s}, {}, {u"flask"_s})
        << u"+ apt vim\n- apt curl\n+ pip flask\n- pip requests"_s;
    QTest::newRow("base") << draft({}, {}, {}, u"debian:12"_s) << draft({}, {}, {}, u"debian:13"_s)
                          << u"base debian:12 -> debian:13"_s;
    QTest::newRow("reordered") << draft({u"aa"_s, u"bb"_s}) << draft({u"bb"_s, u"aa"_s})
                               << u"packages reordered"_s;
    QTest::newRow("conda") << draft({}, {u"numpy"_s}) << draft({}, {u"numpy>=2"_s})
                           << u"+ conda numpy>=2\n- conda numpy"_s;
    SpecDraft secret = draft();
    secret.pullSecretRef = u"hub"_s;
    QTest::newRow("pull secret") << draft() << secret << u"pull secret (none) -> hub"_s;
}

void tst_SpecEdit::diff()
{
    QFETCH(SpecDraft, older);
    QFETCH(SpecDraft, newer);
    QFETCH(QString, text);
    const auto a = specContent(older);
    const auto b = specContent(newer);
    QVERIFY(a.ok() && b.ok());
    const RevisionDiff result = diffRevisions(a.value(), b.value());
    QCOMPARE(result.text(), text);
    QCOMPARE(result.isEmpty(), text == u"No changes"_s);
}

void tst_SpecEdit::footprintAndDelete()
{
    KilnTest::TempCatalogue temp;
    QVERIFY(temp.isOpen());
    const auto first = saveSpec(temp.catalogue(), {}, u"demo"_s, draft({u"curl"_s}));
    QVERIFY(first.ok());
    const auto second = saveSpec(temp.catalogue(), first->stored.spec.id, {}, draft({u"git"_s}));
    QVERIFY(second.ok());
    const auto other = saveSpec(temp.catalogue(), {}, u"other"_s, draft({u"curl"_s}));
    QVERIFY(other.ok());

    const JobRepository jobs(temp.catalogue());
    const auto addJob = [&](const QString &revisionId, const QString &log, JobStatus final) {
        QVERIFY(!KilnTest::addJob(temp.catalogue(), revisionId, final, u"r/x:1"_s, log).id.isEmpty());
        JobLogWriter writer;
        QVERIFY(writer.open(log).ok());
        QVERIFY(writer.appendLine(u"hello"_s).ok());
    };
    const QString dir = temp.dirPath();
    addJob(first->stored.revision.id, dir + u"/a.log"_s, JobStatus::Succeeded);
    addJob(second->stored.revision.id, dir + u"/b.log"_s, JobStatus::Failed);
    addJob(other->stored.revision.id, dir + u"/c.log"_s, JobStatus::Succeeded);
    // A job whose log was never written counts as a job, not a log.
    QVERIFY(jobs.create(NewJob{second->stored.revision.id, u"r/x:2"_s, dir + u"/never.log"_s, {}}).ok());
    const auto queued = jobs.listByRevision(second->stored.revision.id)->first();
    QVERIFY(jobs.requestCancel(queued.id).ok());

    const auto footprint = specFootprint(temp.catalogue(), first->stored.spec.id);
    QVERIFY(footprint.ok());
    QCOMPARE(footprint->revisions, 2);
    QCOMPARE(footprint->jobs, 3);
    QCOMPARE(footprint->logs, 2);
    QVERIFY(footprint->activeJobIds.isEmpty());

    const auto deleted = deleteSpec(temp.catalogue(), first->stored.spec.id);
    QVERIFY2(deleted.ok(), KilnTest::whyNot(deleted).constData());
    QCOMPARE(deleted.value(), 2);
    QVERIFY(!QFile::exists(dir + u"/a.log"_s));
    QVERIFY(!QFile::exists(dir + u"/b.log"_s));
    QVERIFY(QFile::exists(dir + u"/c.log"_s));
    QCOMPARE(SpecRepository(temp.catalogue()).get(first->stored.spec.id).error().code,
             StoreError::Code::NotFound);
    QVERIFY(SpecRepository(temp.catalogue()).get(other->stored.spec.id).ok());
}

void tst_SpecEdit::deleteRefusedWhileActive()
{
    KilnTest::TempCatalogue temp;
    QVERIFY(temp.isOpen());
    const auto spec = saveSpec(temp.catalogue(), {}, u"demo"_s, draft({u"curl"_s}));
    QVERIFY(spec.ok());
    const QString log = temp.dirPath() + u"/run.log"_s;
    const auto job =
        JobRepository(temp.catalogue()).create(NewJob{spec->stored.revision.id, u"r/x:1"_s, log, {}});
    QVERIFY(job.ok());
    JobLogWriter writer;
    QVERIFY(writer.open(log).ok());

    const auto footprint = specFootprint(temp.catalogue(), spec->stored.spec.id);
    QVERIFY(footprint.ok());
    QCOMPARE(footprint->activeJobIds, QStringList{job->id});
    const auto deleted = deleteSpec(temp.catalogue(), spec->stored.spec.id);
    QVERIFY(!deleted.ok());
    QCOMPARE(deleted.error().code, StoreError::Code::InUse);
    QVERIFY(QFile::exists(log));
}

QTEST_GUILESS_MAIN(tst_SpecEdit)
#include "tst_specedit.moc"
