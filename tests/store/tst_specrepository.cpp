#include "cataloguefixture.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

SpecContent content(const QString &hash = u"h1"_s)
{
    SpecContent c;
    c.contentHash = hash;
    c.baseImage = u"docker.io/library/ubuntu:22.04"_s;
    c.aptPackages = {u"curl"_s, u"git=1:2.39.2-1"_s};
    c.condaPackages = {u"conda-forge::numpy==1.17*"_s};
    c.pipPackages = {u"requests[security]>=2.8.1; python_version < \"3.8\""_s};
    c.pullSecretRef = u"sec-1"_s;
    c.containerfile = u"FROM docker.io/library/ubuntu:22.04\nUSER root\n"_s;
    return c;
}

qint64 count(const Catalogue &catalogue, const QString &table)
{
    QSqlQuery query(catalogue.database());
    if (!query.exec(u"SELECT COUNT(*) FROM "_s + table) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QStringList names(const QList<SpecSummary> &rows)
{
    QStringList out;
    for (const SpecSummary &row : rows)
        out << row.spec.name;
    return out;
}

// Pages through the whole list and returns the names in order.
QStringList walk(const SpecRepository &specs, SpecListQuery query, int *pages = nullptr)
{
    QStringList out;
    int n = 0;
    for (;;) {
        auto page = specs.list(query);
        if (!page.ok())
            return {u"ERROR: "_s + page.error().message};
        out << names(page.value().rows);
        ++n;
        if (!page.value().next)
            break;
        query.after = page.value().next;
        if (n > 100000)
            return {u"ERROR: endless paging"_s};
    }
    if (pages)
        *pages = n;
    return out;
}

} // namespace

class TestSpecRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void createAndRead()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        auto created = specs.create(u"cuda-base"_s, content());
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        const ImageSpec &spec = created.value().spec;
        const SpecRevision &revision = created.value().revision;
        QVERIFY(!spec.id.isEmpty());
        QCOMPARE(spec.name, u"cuda-base"_s);
        QCOMPARE(spec.currentRevisionId, revision.id);
        QCOMPARE(spec.createdAt, spec.updatedAt);
        QCOMPARE(revision.specId, spec.id);
        QCOMPARE(revision.content, content());
        QCOMPARE(revision.createdAt, spec.createdAt);

        QCOMPARE(specs.get(spec.id).value(), spec);
        QCOMPARE(specs.getByName(u"cuda-base"_s).value(), spec);
        QCOMPARE(specs.find(spec.id).value(), spec);
        QCOMPARE(specs.find(u"cuda-base"_s).value(), spec);
        QCOMPARE(specs.revision(revision.id).value(), revision);
        QCOMPARE(specs.revisions(spec.id).value(), QList<SpecRevision>{revision});
    }

    void contentRoundTrip_data()
    {
        QTest::addColumn<QStringList>("packages");
        QTest::addColumn<QString>("containerfile");
        QTest::newRow("empty") << QStringList() << QString();
        QTest::newRow("pip extras and markers")
            << QStringList{u"pkg[extra]>=1.0"_s, u"pkg~=1.0"_s,
                           u"name @ https://x.example/a.whl ; os_name=='nt'"_s}
            << u"RUN pip install --no-cache-dir 'pkg[extra]>=1.0'\n"_s;
        QTest::newRow("quotes, commas, brackets")
            << QStringList{u"a,b"_s, u"\"quoted\""_s, u"[1, 2]"_s, u"back\\slash"_s} << u"'\"`$(x)"_s;
        QTest::newRow("unicode and blanks kept")
            << QStringList{u"  spaced  "_s, u"ünïcode"_s, u""_s} << u"\n\n"_s;
    }

    void contentRoundTrip()
    {
        QFETCH(QStringList, packages);
        QFETCH(QString, containerfile);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecContent c = content();
        c.aptPackages = packages;
        c.condaPackages = packages;
        c.pipPackages = packages;
        c.containerfile = containerfile;
        c.pullSecretRef.clear();
        auto created = SpecRepository(temp.catalogue()).create(u"s"_s, c);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        auto read = SpecRepository(temp.catalogue()).revision(created.value().revision.id);
        QVERIFY(read.ok());
        QCOMPARE(read.value().content.pipPackages, packages);
        QCOMPARE(read.value().content.aptPackages, packages);
        QCOMPARE(read.value().content.containerfile, containerfile);
        QVERIFY(read.value().content.pullSecretRef.isEmpty());
    }

    void createRefusesBadNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("upper case") << u"Cuda"_s;
        QTest::newRow("space") << u"cuda base"_s;
        QTest::newRow("underscore") << u"cuda_base"_s;
        QTest::newRow("leading dash") << u"-cuda"_s;
        QTest::newRow("trailing dot") << u"cuda."_s;
        QTest::newRow("64 characters") << QString(64, u'a');
    }

    void createRefusesBadNames()
    {
        QFETCH(QString, name);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        auto created = SpecRepository(temp.catalogue()).create(name, content());
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, StoreError::Code::Invalid);
        QVERIFY2(created.error().message.contains(u"column"_s), qPrintable(created.error().message));
        QCOMPARE(count(temp.catalogue(), u"image_specs"_s), 0);
    }

    void createRefusesIncompleteContent_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::addColumn<QString>("base");
        QTest::newRow("no hash") << QString() << u"ubuntu:22.04"_s;
        QTest::newRow("no base image") << u"h"_s << QString();
    }

    void createRefusesIncompleteContent()
    {
        QFETCH(QString, hash);
        QFETCH(QString, base);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecContent c = content();
        c.contentHash = hash;
        c.baseImage = base;
        auto created = SpecRepository(temp.catalogue()).create(u"s"_s, c);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, StoreError::Code::Invalid);
    }

    void duplicateNameIsAConflictAndAtomic()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        QVERIFY(specs.create(u"cuda-base"_s, content()).ok());
        auto again = specs.create(u"cuda-base"_s, content(u"other"_s));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, StoreError::Code::Conflict);
        QCOMPARE(again.error().message, u"A spec named “cuda-base” already exists."_s);
        QCOMPARE(count(temp.catalogue(), u"image_specs"_s), 1);
        QCOMPARE(count(temp.catalogue(), u"spec_revisions"_s), 1);
    }

    void notFound_data()
    {
        QTest::addColumn<QString>("operation");
        for (const char *op : {"get", "getByName", "find", "revision", "revisions", "addRevision", "remove"})
            QTest::newRow(op) << QString::fromLatin1(op);
    }

    void notFound()
    {
        QFETCH(QString, operation);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        QVERIFY(specs.create(u"exists"_s, content()).ok());
        const QString missing = u"no-such-spec"_s;
        StoreError error;
        if (operation == "get"_L1)
            error = specs.get(missing).error();
        else if (operation == "getByName"_L1)
            error = specs.getByName(missing).error();
        else if (operation == "find"_L1)
            error = specs.find(missing).error();
        else if (operation == "revision"_L1)
            error = specs.revision(missing).error();
        else if (operation == "revisions"_L1)
            error = specs.revisions(missing).error();
        else if (operation == "addRevision"_L1)
            error = specs.addRevision(missing, content()).error();
        else
            error = specs.remove(missing).error();
        QCOMPARE(error.code, StoreError::Code::NotFound);
        QVERIFY2(error.message.contains(u"“no-such-spec”"_s), qPrintable(error.message));
        QCOMPARE(count(temp.catalogue(), u"spec_revisions"_s), 1);
    }

    void addRevisionBecomesCurrent()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        auto created = specs.create(u"s"_s, content(u"h1"_s));
        QVERIFY(created.ok());
        SpecContent second = content(u"h2"_s);
        second.pipPackages = {u"torch==2.1"_s};
        auto added = specs.addRevision(created.value().spec.id, second);
        QVERIFY2(added.ok(), KilnTest::whyNot(added).constData());
        QVERIFY(added.value().createdAt > created.value().revision.createdAt);
        auto spec = specs.get(created.value().spec.id);
        QCOMPARE(spec.value().currentRevisionId, added.value().id);
        QCOMPARE(spec.value().updatedAt, added.value().createdAt);
        QCOMPARE(spec.value().createdAt, created.value().spec.createdAt);
        auto all = specs.revisions(created.value().spec.id);
        QCOMPARE(all.value().size(), 2);
        QCOMPARE(all.value()[0], added.value());
        QCOMPARE(all.value()[1], created.value().revision); // the old one is untouched

        // The same content again is a new (immutable) row with the same hash.
        auto again = specs.addRevision(created.value().spec.id, content(u"h1"_s));
        QVERIFY(again.ok());
        auto byHash = specs.findRevisionByHash(created.value().spec.id, u"h1"_s);
        QVERIFY(byHash.ok() && byHash.value().has_value());
        QCOMPARE(byHash.value()->id, again.value().id);
        QVERIFY(!specs.findRevisionByHash(created.value().spec.id, u"h9"_s).value().has_value());
    }

    void revisionsAreImmutableInTheDatabase()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        auto created = SpecRepository(temp.catalogue()).create(u"s"_s, content());
        QVERIFY(created.ok());
        QSqlQuery query(temp->database());
        QVERIFY(!query.exec(u"UPDATE spec_revisions SET base_image = 'evil'"_s));
        QCOMPARE(toStoreError(query.lastError(), Dialect::Sqlite, u"x"_s).code, StoreError::Code::Invalid);
        QCOMPARE(
            SpecRepository(temp.catalogue()).revision(created.value().revision.id).value().content.baseImage,
            content().baseImage);
    }

    void removeDeletesRevisionsJobsAndUnlinksImages()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        JobRepository jobs(temp.catalogue());
        auto created = specs.create(u"s"_s, content());
        QVERIFY(created.ok());
        QVERIFY(specs.addRevision(created.value().spec.id, content(u"h2"_s)).ok());
        auto job = jobs.create({created.value().revision.id, u"reg/s:h1"_s, {}, {}});
        QVERIFY(job.ok());
        QVERIFY(jobs.transition(job.value().id, {JobStatus::Running, {}, {}, {}, {}}).ok());
        QVERIFY(jobs.transition(job.value().id, {JobStatus::Failed, u"boom"_s, {}, {}, {}}).ok());
        ManagedImage image;
        image.name = u"custom"_s;
        image.displayName = u"custom"_s;
        image.specId = created.value().spec.id;
        QVERIFY(ImageRepository(temp.catalogue()).create(image).ok());

        auto removed = specs.remove(created.value().spec.id);
        QVERIFY2(removed.ok(), KilnTest::whyNot(removed).constData());
        QCOMPARE(count(temp.catalogue(), u"image_specs"_s), 0);
        QCOMPARE(count(temp.catalogue(), u"spec_revisions"_s), 0);
        QCOMPARE(count(temp.catalogue(), u"build_jobs"_s), 0);
        auto stillThere = ImageRepository(temp.catalogue()).getByName(u"custom"_s);
        QVERIFY(stillThere.ok());
        QVERIFY(stillThere.value().specId.isEmpty());
        QCOMPARE(specs.remove(created.value().spec.id).error().code, StoreError::Code::NotFound);
    }

    void removeRefusedWhileABuildIsActive_data()
    {
        QTest::addColumn<bool>("start");
        QTest::newRow("queued") << false;
        QTest::newRow("running") << true;
    }

    void removeRefusedWhileABuildIsActive()
    {
        QFETCH(bool, start);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        JobRepository jobs(temp.catalogue());
        auto created = specs.create(u"busy"_s, content());
        auto job = jobs.create({created.value().revision.id, {}, {}, {}});
        QVERIFY(job.ok());
        if (start)
            QVERIFY(jobs.transition(job.value().id, {JobStatus::Running, {}, {}, {}, {}}).ok());
        auto removed = specs.remove(created.value().spec.id);
        QVERIFY(!removed.ok());
        QCOMPARE(removed.error().code, StoreError::Code::InUse);
        QVERIFY(removed.error().message.contains(u"cancel"_s));
        QCOMPARE(count(temp.catalogue(), u"image_specs"_s), 1);
        QVERIFY(jobs.transition(job.value().id, {JobStatus::Cancelled, {}, {}, {}, {}}).ok());
        QVERIFY(specs.remove(created.value().spec.id).ok());
    }

    void listPagesByName_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<bool>("descending");
        QTest::newRow("pages of 10") << 10 << false;
        QTest::newRow("pages of 1") << 1 << false;
        QTest::newRow("exactly 25") << 25 << false;
        QTest::newRow("one bigger page") << 100 << false;
        QTest::newRow("descending pages of 7") << 7 << true;
    }

    void listPagesByName()
    {
        QFETCH(int, pageSize);
        QFETCH(bool, descending);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        QStringList expected;
        for (int i = 24; i >= 0; --i) {
            const QString name = u"spec-%1"_s.arg(i, 2, 10, QLatin1Char('0'));
            QVERIFY(specs.create(name, content()).ok());
            expected << name;
        }
        expected.sort();
        if (descending)
            std::reverse(expected.begin(), expected.end());
        SpecListQuery query;
        query.limit = pageSize;
        query.descending = descending;
        int pages = 0;
        QCOMPARE(walk(specs, query, &pages), expected);
        QCOMPARE(pages, (25 + pageSize - 1) / pageSize);
    }

    void listPagesByUpdatedAt()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        QStringList ids;
        for (const QString &name : {u"c"_s, u"a"_s, u"b"_s, u"d"_s})
            ids << specs.create(name, content()).value().spec.id;
        QVERIFY(specs.addRevision(ids[1], content(u"h2"_s)).ok()); // "a" becomes the newest
        // Two specs with the same time: the name breaks the tie.
        temp->setClock([] { return qint64(1); });
        QVERIFY(specs.create(u"y"_s, content()).ok());
        QVERIFY(specs.create(u"x"_s, content()).ok());
        SpecListQuery query;
        query.sort = SpecSort::UpdatedAt;
        query.limit = 2;
        QCOMPARE(walk(specs, query), (QStringList{u"x"_s, u"y"_s, u"c"_s, u"b"_s, u"d"_s, u"a"_s}));
        query.descending = true;
        QCOMPARE(walk(specs, query), (QStringList{u"a"_s, u"d"_s, u"b"_s, u"c"_s, u"y"_s, u"x"_s}));
    }

    void listFilter_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("none") << QString()
                              << QStringList{u"cuda-11.8"_s, u"cuda-12"_s, u"torch-cuda"_s, u"ubuntu"_s};
        QTest::newRow("substring") << u"cuda"_s << QStringList{u"cuda-11.8"_s, u"cuda-12"_s, u"torch-cuda"_s};
        QTest::newRow("case-insensitive") << u"CUDA-1"_s << QStringList{u"cuda-11.8"_s, u"cuda-12"_s};
        QTest::newRow("dot is literal") << u"."_s << QStringList{u"cuda-11.8"_s};
        QTest::newRow("percent is literal") << u"%"_s << QStringList();
        QTest::newRow("underscore is literal") << u"_"_s << QStringList();
        QTest::newRow("escape character is literal") << u"!"_s << QStringList();
        QTest::newRow("no match") << u"rocm"_s << QStringList();
    }

    void listFilter()
    {
        QFETCH(QString, filter);
        QFETCH(QStringList, expected);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        for (const QString &name : {u"ubuntu"_s, u"cuda-12"_s, u"torch-cuda"_s, u"cuda-11.8"_s})
            QVERIFY(specs.create(name, content()).ok());
        SpecListQuery query;
        query.nameContains = filter;
        query.limit = 2;
        QCOMPARE(walk(specs, query), expected);
        QCOMPARE(specs.count(filter).value(), qint64(expected.size()));
    }

    void listShowsLatestJobAndImage()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecRepository specs(temp.catalogue());
        JobRepository jobs(temp.catalogue());
        auto built = specs.create(u"built"_s, content());
        QVERIFY(specs.create(u"idle"_s, content()).ok());
        const QString rev = built.value().revision.id;
        auto first = jobs.create({rev, u"reg/built:h1"_s, {}, {}});
        QVERIFY(jobs.transition(first.value().id, {JobStatus::Running, {}, {}, {}, {}}).ok());
        QVERIFY(jobs.transition(first.value().id, {JobStatus::Succeeded, {}, u"sha256:1"_s, {}, {}}).ok());
        auto second = jobs.create({rev, u"reg/built:h2"_s, {}, {}});
        QVERIFY(jobs.transition(second.value().id, {JobStatus::Running, {}, {}, {}, {}}).ok());
        QVERIFY(jobs.transition(second.value().id, {JobStatus::Failed, u"apt failed"_s, {}, {}, {}}).ok());

        auto page = specs.list({});
        QVERIFY(page.ok());
        QCOMPARE(page.value().rows.size(), 2);
        const SpecSummary &b = page.value().rows[0];
        QCOMPARE(b.spec.name, u"built"_s);
        QCOMPARE(b.latestJobStatus, std::optional<JobStatus>(JobStatus::Failed));
        QCOMPARE(b.latestImage, u"reg/built:h1"_s);
        const SpecSummary &i = page.value().rows[1];
        QVERIFY(!i.latestJobStatus.has_value());
        QVERIFY(i.latestImage.isEmpty());
        QVERIFY(!page.value().next.has_value());

        // summary(): the same row for one spec.
        auto one = specs.summary(built.value().spec.id);
        QVERIFY2(one.ok(), KilnTest::whyNot(one).constData());
        QCOMPARE(one.value().spec, b.spec);
        QCOMPARE(one.value().latestJobStatus, b.latestJobStatus);
        QCOMPARE(one.value().latestImage, b.latestImage);
        auto idle = specs.summary(i.spec.id);
        QVERIFY2(idle.ok(), KilnTest::whyNot(idle).constData());
        QCOMPARE(idle.value().spec.name, u"idle"_s);
        QVERIFY(!idle.value().latestJobStatus.has_value());
        auto missing = specs.summary(u"no-such-id"_s);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, StoreError::Code::NotFound);
    }

    void listRefusesBadPageSizes_data()
    {
        QTest::addColumn<int>("limit");
        QTest::newRow("zero") << 0;
        QTest::newRow("negative") << -5;
        QTest::newRow("too big") << 10001;
    }

    void listRefusesBadPageSizes()
    {
        QFETCH(int, limit);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        SpecListQuery query;
        query.limit = limit;
        auto page = SpecRepository(temp.catalogue()).list(query);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().code, StoreError::Code::Invalid);
    }

    void hundredThousandSpecs()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        {
            QSqlQuery query(temp->database());
            QVERIFY(query.exec(u"BEGIN"_s));
            QVERIFY(
                query.exec(u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999) "
                           "INSERT INTO image_specs (id, name, created_at, updated_at) "
                           "SELECT printf('id-%06d', i), printf('spec-%06d', i), i, 100000 - i FROM n"_s));
            QVERIFY(query.exec(u"COMMIT"_s));
        }
        SpecRepository specs(temp.catalogue());
        QCOMPARE(specs.count().value(), qint64(100000));

        QElapsedTimer timer;
        timer.start();
        SpecListQuery query;
        query.limit = 200;
        query.after = SpecCursor{u"spec-090000"_s, 0};
        auto deep = specs.list(query);
        QVERIFY(deep.ok());
        QCOMPARE(deep.value().rows.size(), 200);
        QCOMPARE(deep.value().rows.constFirst().spec.name, u"spec-090001"_s);
        query.nameContains = u"spec-0999"_s;
        query.after.reset();
        QCOMPARE(names(specs.list(query).value().rows).size(), 100);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(u"%1 ms"_s.arg(timer.elapsed())));

        // Every row exactly once, in order, through keyset pages.
        query = SpecListQuery();
        query.limit = 5000;
        query.sort = SpecSort::UpdatedAt;
        int pages = 0;
        timer.restart();
        const QStringList all = walk(specs, query, &pages);
        QCOMPARE(all.size(), 100000);
        QCOMPARE(pages, 20);
        QCOMPARE(all.constFirst(), u"spec-099999"_s);
        QCOMPARE(all.constLast(), u"spec-000000"_s);
        QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), 100000);
        QVERIFY2(timer.elapsed() < 20000, qPrintable(u"%1 ms"_s.arg(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestSpecRepository)
#include "tst_specrepository.moc"
