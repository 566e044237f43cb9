#include "bake/recipe.h"
#include "cli/cli.h"
#include "store/catalogue.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {
using Run = KilnTest::KilnctlRun;

Run kilnctl(const QStringList &arguments, const QString &input = {})
{
    return KilnTest::runKilnctl(arguments, input);
}

QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out.append(item.toString());
    return out;
}
} // namespace

// kilnctl spec create/edit/show/list/delete against a real catalogue file.
class tst_SpecCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void createAndShow();
    void createRejects_data();
    void createRejects();
    void packagesFile();
    void packagesFileBadLine_data();
    void packagesFileBadLine();
    void duplicateName();
    void editChangedAndUnchanged();
    void editRejects();
    void deleteNeedsYes();
    void deleteRefusedWhileQueued();
    void deleteRemovesLogs();
    void diffAgainstPreviousRevision();
    void listPaging();
    void usage_data();
    void usage();

private:
    QStringList withCatalog(QStringList arguments) const { return arguments << u"--catalog"_s << m_path; }
    QString writeFile(const QString &name, const QByteArray &content) const
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return {};
        return path;
    }
    std::unique_ptr<Catalogue> open() const
    {
        auto catalogue = Catalogue::openSqlite(m_path);
        return catalogue ? std::move(catalogue).value() : nullptr;
    }
    qint64 specCount() const
    {
        const auto catalogue = open();
        return catalogue ? SpecRepository(*catalogue).count().value() : -1;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_SpecCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"sub/catalogue.sqlite"_s);
}

void tst_SpecCommand::createAndShow()
{
    Run run =
        kilnctl(withCatalog({u"spec"_s, u"create"_s, u"cuda"_s, u"--base"_s, u"debian:bookworm"_s, u"--apt"_s,
                             u"curl"_s, u"--apt"_s, u"git"_s, u"--conda"_s, u"conda-forge::numpy>=1.8"_s,
                             u"--pip"_s, u"requests[security]>=2.8.1"_s, u"--pull-secret"_s, u"hub"_s}));
    QCOMPARE(run.code, 0);
    RecipeInput input;
    input.baseImage = u"debian:bookworm"_s;
    input.apt = {u"curl"_s, u"git"_s};
    input.conda = {u"conda-forge::numpy>=1.8"_s};
    input.pip = {u"requests[security]>=2.8.1"_s};
    input.pullSecretRef = u"hub"_s;
    const QString hash = revisionHash(input);
    QCOMPARE(run.out, u"created spec cuda at revision "_s + hash.left(12) + u'\n');
    QVERIFY(run.err.isEmpty());

    // The GUI sees the same spec, with its Containerfile.
    {
        const auto catalogue = open();
        QVERIFY(catalogue);
        const SpecRepository specs(*catalogue);
        const auto spec = specs.getByName(u"cuda"_s);
        QVERIFY(spec.ok());
        const auto revision = specs.revision(spec->currentRevisionId);
        QVERIFY(revision.ok());
        QCOMPARE(revision->content.contentHash, hash);
        QCOMPARE(revision->content.aptPackages, input.apt);
        QCOMPARE(revision->content.containerfile, makeRecipe(input)->containerfile);
        QVERIFY(revision->content.containerfile.startsWith(u"FROM docker.io/library/debian:bookworm\n"));
    }

    run = kilnctl(withCatalog({u"spec"_s, u"show"_s, u"cuda"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    const QJsonObject shown = jsonOf(run);
    QCOMPARE(shown.value(u"name").toString(), u"cuda"_s);
    QCOMPARE(shown.value(u"revision").toString(), hash);
    QCOMPARE(shown.value(u"baseImage").toString(), u"debian:bookworm"_s);
    QCOMPARE(strings(shown.value(u"apt")), input.apt);
    QCOMPARE(strings(shown.value(u"conda")), input.conda);
    QCOMPARE(strings(shown.value(u"pip")), input.pip);
    QCOMPARE(shown.value(u"pullSecretRef").toString(), u"hub"_s);
    QVERIFY(shown.value(u"created").toString().endsWith(u'Z'));
    QVERIFY(!shown.value(u"revisionId").toString().isEmpty());
    const QString id = shown.value(u"id").toString();
    QVERIFY(!id.isEmpty());

    // By id as well; text output.
    run = kilnctl(withCatalog({u"spec"_s, u"show"_s, id}));
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"revision:     "_s + hash + u'\n'), qPrintable(run.out));
    QVERIFY(run.out.contains(u"base image:   debian:bookworm\n"));
    QVERIFY(run.out.contains(u"pull secret:  hub\n"));
    QVERIFY(run.out.contains(u"apt packages: 2\n  curl\n  git\n"));

    run = kilnctl(withCatalog({u"spec"_s, u"show"_s, u"cuda"_s, u"--containerfile"_s}));
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, makeRecipe(input)->containerfile);
    run = kilnctl(withCatalog({u"spec"_s, u"show"_s, u"cuda"_s, u"--containerfile"_s, u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"containerfile").toString(), makeRecipe(input)->containerfile);

    // --json on create.
    run = kilnctl(withCatalog({u"spec"_s, u"create"_s, u"plain"_s, u"--base"_s, u"alpine"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    const QJsonObject created = jsonOf(run);
    QCOMPARE(created.value(u"result").toString(), u"created"_s);
    QCOMPARE(created.value(u"name").toString(), u"plain"_s);
    QCOMPARE(created.value(u"revision").toString().size(), 64);
    QCOMPARE(strings(created.value(u"apt")), QStringList());
    QCOMPARE(created.value(u"pullSecretRef").toString(u"x"_s), QString());

    run = kilnctl(withCatalog({u"spec"_s, u"show"_s, u"nope"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec show: "_s) && run.err.contains(u"nope"), qPrintable(run.err));
}

void tst_SpecCommand::createRejects_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString base = u"debian"_s;
    const auto create = [&](const QString &name, const QStringList &rest) {
        return QStringList{u"spec"_s, u"create"_s, name} + rest;
    };
    QTest::newRow("name uppercase") << create(u"aBc"_s, {u"--base"_s, base})
                                    << u"Spec name, column 2: uppercase letter 'B'"_s;
    QTest::newRow("name ends with dash")
        << create(u"a-"_s, {u"--base"_s, base})
        << u"Spec name, column 2: name must end with a lowercase letter or digit"_s;
    QTest::newRow("name too long") << create(QString(64, u'a'), {u"--base"_s, base})
                                   << u"Spec name, column 64: "_s;
    QTest::newRow("name empty") << create(QString(), {u"--base"_s, base})
                                << u"Spec name, column 1: name is empty"_s;
    QTest::newRow("base injection") << create(u"s"_s, {u"--base"_s, u"debian; rm -rf /"_s})
                                    << u"Base image, column 7: "_s;
    QTest::newRow("base empty") << create(u"s"_s, {u"--base"_s, QString()}) << u"Base image, column 1: "_s;
    QTest::newRow("base uppercase path")
        << create(u"s"_s, {u"--base"_s, u"quay.io/Org/x"_s}) << u"Base image, column 9: "_s;
    QTest::newRow("apt second") << create(u"s"_s,
                                          {u"--base"_s, base, u"--apt"_s, u"curl"_s, u"--apt"_s, u"$(id)"_s})
                                << u"--apt: APT packages, line 2, column 1: "_s;
    QTest::newRow("apt first") << create(u"s"_s, {u"--base"_s, base, u"--apt"_s, u"cu$rl"_s})
                               << u"--apt: APT packages, line 1, column 3: "_s;
    QTest::newRow("apt empty") << create(u"s"_s, {u"--base"_s, base, u"--apt"_s, QString()})
                               << u"--apt: APT packages, line 1, column 1: "_s;
    QTest::newRow("apt not trimmed") << create(u"s"_s, {u"--base"_s, base, u"--apt"_s, u" curl"_s})
                                     << u"--apt: APT packages, line 1, column 1: "_s;
    QTest::newRow("conda third") << create(u"s"_s, {u"--base"_s, base, u"--conda"_s, u"a1"_s, u"--conda"_s,
                                                    u"b2"_s, u"--conda"_s, u"NumPy"_s})
                                 << u"--conda: Conda packages, line 3, column 1: "_s;
    QTest::newRow("pip trailing spaces") << create(u"s"_s, {u"--base"_s, base, u"--pip"_s, u"requests  "_s})
                                         << u"--pip: Pip packages, line 1, column 9: "_s;
    QTest::newRow("apt before pip") << create(u"s"_s, {u"--base"_s, base, u"--pip"_s, u"$(id)"_s, u"--apt"_s,
                                                       u"foo|sh"_s})
                                    << u"--apt: APT packages, line 1, column 4: "_s;
}

void tst_SpecCommand::createRejects()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = kilnctl(withCatalog(arguments));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec create: "_s + message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    QVERIFY(specCount() <= 0); // nothing stored (the catalogue may not even exist)
}

void tst_SpecCommand::packagesFile()
{
    const QString apt = writeFile(u"apt.txt"_s, "\n  curl  \n\n\r\ngit\r\n   \n");
    const QString pip = writeFile(u"pip.txt"_s, "flask\nrequests>=2\n");
    QVERIFY(!apt.isEmpty() && !pip.isEmpty());
    Run run = kilnctl(withCatalog({u"spec"_s, u"create"_s, u"f"_s, u"--base"_s, u"debian"_s, u"--apt"_s,
                                   u"wget"_s, u"--packages-file"_s, u"apt="_s + apt, u"--packages-file"_s,
                                   u"pip="_s + pip, u"--packages-file"_s, u"conda=-"_s, u"--json"_s}),
                      u"numpy\n\nscipy\n"_s);
    QCOMPARE(run.code, 0);
    QJsonObject object = jsonOf(run);
    // --apt first, then the file's non-blank lines in order; blank lines skipped.
    QCOMPARE(strings(object.value(u"apt")), (QStringList{u"wget"_s, u"curl"_s, u"git"_s}));
    QCOMPARE(strings(object.value(u"pip")), (QStringList{u"flask"_s, u"requests>=2"_s}));
    QCOMPARE(strings(object.value(u"conda")), (QStringList{u"numpy"_s, u"scipy"_s}));
}

void tst_SpecCommand::packagesFileBadLine_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("apt line 4, indented")
        << u"apt"_s << QByteArray("curl\n\n\n  cu$rl\n") << u"APT packages, line 4, column 5: "_s;
    QTest::newRow("comment is not dropped")
        << u"apt"_s << QByteArray("curl\n# tools\ngit\n") << u"APT packages, line 2, column 1: "_s;
    QTest::newRow("crlf, line 3") << u"pip"_s << QByteArray("flask\r\n\r\nfoo && id\r\n")
                                  << u"Pip packages, line 3, column 5: '&' is a shell metacharacter"_s;
    QTest::newRow("conda injection") << u"conda"_s << QByteArray("numpy\n`id`\n")
                                     << u"Conda packages, line 2, column 1: "_s;
    QTest::newRow("inner spaces kept") << u"pip"_s << QByteArray("\n\nrequests  ; x\n")
                                       << u"Pip packages, line 3, column 13: Expected a marker variable"_s;
}

void tst_SpecCommand::packagesFileBadLine()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = writeFile(u"list.txt"_s, content);
    QVERIFY(!path.isEmpty());
    const Run run = kilnctl(withCatalog({u"spec"_s, u"create"_s, u"f"_s, u"--base"_s, u"debian"_s,
                                         u"--packages-file"_s, kind + u'=' + path}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec create: "_s + path + u": "_s + message), qPrintable(run.err));
    QVERIFY(specCount() <= 0);
}

void tst_SpecCommand::duplicateName()
{
    const QStringList create{u"spec"_s, u"create"_s, u"dup"_s, u"--base"_s, u"debian"_s};
    QCOMPARE(kilnctl(withCatalog(create)).code, 0);
    const Run run = kilnctl(withCatalog(create + QStringList{u"--apt"_s, u"curl"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec create: "_s) && run.err.contains(u"already exists") &&
                 run.err.contains(u"dup"),
             qPrintable(run.err));
    QCOMPARE(specCount(), 1);
}

void tst_SpecCommand::editChangedAndUnchanged()
{
    QCOMPARE(kilnctl(withCatalog({u"spec"_s, u"create"_s, u"e"_s, u"--base"_s, u"debian"_s, u"--apt"_s,
                                  u"curl"_s, u"--conda"_s, u"numpy"_s, u"--pip"_s, u"flask"_s}))
                 .code,
             0);
    const auto revisionCount = [this] {
        const auto catalogue = open();
        const SpecRepository specs(*catalogue);
        return specs.revisions(specs.getByName(u"e"_s)->id)->size();
    };

    // Same content: nothing stored.
    Run run =
        kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"e"_s, u"--base"_s, u"debian"_s, u"--apt"_s, u"curl"_s}));
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.startsWith(u"unchanged spec e at revision "_s), qPrintable(run.out));
    QCOMPARE(revisionCount(), 1);
    run = kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"e"_s, u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"result").toString(), u"unchanged"_s);
    QCOMPARE(revisionCount(), 1);

    // --apt replaces the APT list, the others stay; --clear-pip empties one.
    run = kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"e"_s, u"--apt"_s, u"git"_s, u"--apt"_s, u"vim"_s,
                               u"--clear-pip"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    const QJsonObject edited = jsonOf(run);
    QCOMPARE(edited.value(u"result").toString(), u"changed"_s);
    QCOMPARE(strings(edited.value(u"apt")), (QStringList{u"git"_s, u"vim"_s}));
    QCOMPARE(strings(edited.value(u"conda")), QStringList{u"numpy"_s});
    QCOMPARE(strings(edited.value(u"pip")), QStringList());
    QCOMPARE(edited.value(u"baseImage").toString(), u"debian"_s);
    QCOMPARE(revisionCount(), 2);
    RecipeInput input;
    input.baseImage = u"debian"_s;
    input.apt = {u"git"_s, u"vim"_s};
    input.conda = {u"numpy"_s};
    QCOMPARE(edited.value(u"revision").toString(), revisionHash(input));

    run = kilnctl(withCatalog({u"spec"_s, u"show"_s, u"e"_s, u"--containerfile"_s}));
    QCOMPARE(run.out, makeRecipe(input)->containerfile);

    // A new base and a pull secret; then clearing the pull secret with an empty value.
    run = kilnctl(withCatalog(
        {u"spec"_s, u"edit"_s, u"e"_s, u"--base"_s, u"ubuntu:24.04"_s, u"--pull-secret"_s, u"hub"_s}));
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.startsWith(u"changed spec e at revision "_s), qPrintable(run.out));
    run = kilnctl(withCatalog({u"spec"_s, u"show"_s, u"e"_s, u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"baseImage").toString(), u"ubuntu:24.04"_s);
    QCOMPARE(jsonOf(run).value(u"pullSecretRef").toString(), u"hub"_s);
    QCOMPARE(revisionCount(), 3);
    run = kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"e"_s, u"--pull-secret"_s, QString(), u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"pullSecretRef").toString(u"x"_s), QString());
    QCOMPARE(revisionCount(), 4);

    // Going back to an earlier content is a change too (a new revision with the old hash).
    run = kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"e"_s, u"--base"_s, u"debian"_s, u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"revision").toString(), revisionHash(input));
    QCOMPARE(revisionCount(), 5);
}

void tst_SpecCommand::editRejects()
{
    QCOMPARE(kilnctl(withCatalog(
                         {u"spec"_s, u"create"_s, u"e"_s, u"--base"_s, u"debian"_s, u"--apt"_s, u"curl"_s}))
                 .code,
             0);
    Run run = kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"e"_s, u"--apt"_s, u"ok"_s, u"--apt"_s, u"b@d"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec edit: --apt: APT packages, line 2, column 2: "_s),
             qPrintable(run.err));
    run = kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"e"_s, u"--base"_s, u"$(id)/x"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec edit: Base image, column 1: "_s), qPrintable(run.err));
    run = kilnctl(withCatalog({u"spec"_s, u"edit"_s, u"missing"_s, u"--apt"_s, u"git"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec edit: "_s) && run.err.contains(u"missing"),
             qPrintable(run.err));

    const auto catalogue = open();
    const SpecRepository specs(*catalogue);
    const auto spec = specs.getByName(u"e"_s);
    QCOMPARE(specs.revisions(spec->id)->size(), 1);
    QCOMPARE(specs.revision(spec->currentRevisionId)->content.aptPackages, QStringList{u"curl"_s});
}

void tst_SpecCommand::deleteNeedsYes()
{
    QCOMPARE(kilnctl(withCatalog({u"spec"_s, u"create"_s, u"d"_s, u"--base"_s, u"debian"_s})).code, 0);
    Run run = kilnctl(withCatalog({u"spec"_s, u"delete"_s, u"d"_s}));
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(u"--yes") && run.err.contains(u"'d'"), qPrintable(run.err));
    QCOMPARE(specCount(), 1);

    run = kilnctl(withCatalog({u"spec"_s, u"delete"_s, u"d"_s, u"--yes"_s}));
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"deleted spec d and 0 job log(s)\n"_s);
    QCOMPARE(specCount(), 0);
    QCOMPARE(kilnctl(withCatalog({u"spec"_s, u"show"_s, u"d"_s})).code, 1);
    run = kilnctl(withCatalog({u"spec"_s, u"delete"_s, u"d"_s, u"--yes"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec delete: "_s), qPrintable(run.err));
}

void tst_SpecCommand::deleteRemovesLogs()
{
    Run run = kilnctl(withCatalog({u"spec"_s, u"create"_s, u"l"_s, u"--base"_s, u"debian"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    const QString revisionId = jsonOf(run).value(u"revisionId").toString();
    const QString log = writeFile(u"l.log"_s, "2026-11-22T21:30:00.123Z out| hello\n");
    {
        const auto catalogue = open();
        const JobRepository jobs(*catalogue);
        const auto job = jobs.create({revisionId, u"reg.example/l:abc"_s, log, {}});
        QVERIFY(job.ok());
        QVERIFY(jobs.requestCancel(job->id).ok()); // queued: cancelled at once
    }
    run = kilnctl(withCatalog({u"spec"_s, u"delete"_s, u"l"_s, u"--yes"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"logsRemoved").toInt(), 1);
    QVERIFY(!QFile::exists(log));
}

void tst_SpecCommand::diffAgainstPreviousRevision()
{
    QCOMPARE(kilnctl(withCatalog({u"spec"_s, u"create"_s, u"x"_s, u"--base"_s, u"debian:12"_s, u"--apt"_s,
                                  u"curl"_s, u"--pip"_s, u"requests"_s}))
                 .code,
             0);
    Run run = kilnctl(withCatalog({u"spec"_s, u"diff"_s, u"x"_s}));
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"is the first revision of x"_s) && run.out.contains(u"+ apt curl"_s),
             qPrintable(run.out));

    QCOMPARE(kilnctl(withCatalog(
                         {u"spec"_s, u"edit"_s, u"x"_s, u"--base"_s, u"debian:13"_s, u"--apt"_s, u"git"_s}))
                 .code,
             0);
    run = kilnctl(withCatalog({u"spec"_s, u"diff"_s, u"x"_s}));
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.endsWith(u"base debian:12 -> debian:13\n+ apt git\n- apt curl\n"_s),
             qPrintable(run.out));

    run = kilnctl(withCatalog({u"spec"_s, u"diff"_s, u"x"_s, u"--json"_s}));
    const QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"apt").toObject().value(u"added").toArray().first().toString(), u"git"_s);
    QCOMPARE(json.value(u"base").toObject().value(u"to").toString(), u"debian:13"_s);
    QVERIFY(json.value(u"pip").toObject().value(u"removed").toArray().isEmpty());

    // The older revision, by the start of its hash.
    const auto catalogue = open();
    const SpecRepository specs(*catalogue);
    const auto revisions = specs.revisions(specs.getByName(u"x"_s)->id);
    const QString oldHash = revisions->last().content.contentHash.left(8);
    run = kilnctl(withCatalog({u"spec"_s, u"diff"_s, u"x"_s, u"--revision"_s, oldHash}));
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(u"first revision"_s));
    run = kilnctl(withCatalog({u"spec"_s, u"diff"_s, u"x"_s, u"--revision"_s, u"ffffffff"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"has no revision 'ffffffff'"_s), qPrintable(run.err));
}

void tst_SpecCommand::deleteRefusedWhileQueued()
{
    Run run = kilnctl(withCatalog({u"spec"_s, u"create"_s, u"q"_s, u"--base"_s, u"debian"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    const QString revisionId = jsonOf(run).value(u"revisionId").toString();
    {
        const auto catalogue = open();
        QVERIFY(JobRepository(*catalogue)
                    .create({revisionId, u"reg.example/q:abc"_s, u"/logs/q.log"_s, {}})
                    .ok());
    }
    run = kilnctl(withCatalog({u"spec"_s, u"delete"_s, u"q"_s, u"--yes"_s, u"--json"_s}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl spec delete: "_s) && run.err.contains(u"queued or running"),
             qPrintable(run.err));
    QCOMPARE(specCount(), 1);

    // The list shows the job's status.
    run = kilnctl(withCatalog({u"spec"_s, u"list"_s, u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"specs").toArray().at(0).toObject().value(u"latestJobStatus").toString(),
             u"queued"_s);
    run = kilnctl(withCatalog({u"spec"_s, u"list"_s}));
    QVERIFY2(run.out.contains(u"  queued  "), qPrintable(run.out));
}

void tst_SpecCommand::listPaging()
{
    constexpr int total = 300;
    QSet<QString> hashes;
    {
        // Created directly, as the GUI would: a CLI run per spec would only slow the test down.
        QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
        const auto catalogue = open();
        QVERIFY(catalogue);
        const SpecRepository specs(*catalogue);
        for (int i = 0; i < total; ++i) {
            RecipeInput input;
            input.baseImage = u"debian"_s;
            input.apt = {u"pkg%1"_s.arg(i)};
            SpecContent content;
            content.contentHash = revisionHash(input);
            content.baseImage = input.baseImage;
            content.aptPackages = input.apt;
            hashes.insert(content.contentHash.left(12));
            QVERIFY(specs.create(u"spec-%1"_s.arg(i, 3, 10, QLatin1Char('0')), content).ok());
        }
    }

    // Walk every page with --after; each page is in name order and holds --limit rows.
    QStringList names;
    QString after;
    int pages = 0;
    while (true) {
        QStringList arguments{u"spec"_s, u"list"_s, u"--limit"_s, u"70"_s, u"--json"_s};
        if (!after.isEmpty())
            arguments << u"--after"_s << after;
        const Run run = kilnctl(withCatalog(arguments));
        QCOMPARE(run.code, 0);
        const QJsonObject page = jsonOf(run);
        const QJsonArray rows = page.value(u"specs").toArray();
        ++pages;
        QCOMPARE(rows.size(), pages < 5 ? 70 : total - 4 * 70);
        for (const QJsonValue &row : rows) {
            names.append(row.toObject().value(u"name").toString());
            QVERIFY(hashes.contains(row.toObject().value(u"revision").toString().left(12)));
            QVERIFY(row.toObject().value(u"latestJobStatus").isNull());
        }
        if (page.value(u"next").isNull())
            break;
        after = page.value(u"next").toString();
        QCOMPARE(after, names.last());
        QVERIFY(pages < 10);
    }
    QCOMPARE(pages, 5);
    QCOMPARE(names.size(), total);
    QStringList sorted = names;
    sorted.sort();
    QCOMPARE(names, sorted);
    QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), total);

    // Text: a header and one line per spec, the hint on stderr.
    Run run = kilnctl(withCatalog({u"spec"_s, u"list"_s, u"--limit"_s, u"3"_s}));
    QCOMPARE(run.code, 0);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines.at(0).startsWith(u"NAME"));
    QVERIFY(lines.at(1).startsWith(u"spec-000  "));
    QVERIFY2(lines.at(3).startsWith(u"spec-002  ") && lines.at(3).contains(u"  -  "),
             qPrintable(lines.at(3)));
    QVERIFY(run.err.contains(u"--after spec-002"));

    // Default limit is 50; --filter narrows.
    run = kilnctl(withCatalog({u"spec"_s, u"list"_s, u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"specs").toArray().size(), 50);
    run = kilnctl(withCatalog({u"spec"_s, u"list"_s, u"--filter"_s, u"spec-12"_s, u"--json"_s}));
    QCOMPARE(jsonOf(run).value(u"specs").toArray().size(), 10);
    QVERIFY(jsonOf(run).value(u"next").isNull());
    run = kilnctl(withCatalog({u"spec"_s, u"list"_s, u"--filter"_s, u"none"_s}));
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out.count(u'\n'), 1);
}

void tst_SpecCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no action") << QStringList{u"spec"_s}
                               << u"expected create, edit, show, list, diff or delete"_s;
    QTest::newRow("bad action") << QStringList{u"spec"_s, u"rename"_s} << u"expected create, edit"_s;
    QTest::newRow("create without name")
        << QStringList{u"spec"_s, u"create"_s, u"--base"_s, u"debian"_s} << u"expected one argument"_s;
    QTest::newRow("create without base")
        << QStringList{u"spec"_s, u"create"_s, u"x"_s} << u"--base REF is required"_s;
    QTest::newRow("edit two names") << QStringList{u"spec"_s, u"edit"_s, u"a"_s, u"b"_s}
                                    << u"expected one argument"_s;
    QTest::newRow("list with argument")
        << QStringList{u"spec"_s, u"list"_s, u"x"_s} << u"expected no arguments"_s;
    QTest::newRow("clear on create") << QStringList{u"spec"_s,   u"create"_s, u"x"_s,
                                                    u"--base"_s, u"debian"_s, u"--clear-apt"_s}
                                     << u"--clear-apt does not apply to create"_s;
    QTest::newRow("yes on show") << QStringList{u"spec"_s, u"show"_s, u"x"_s, u"--yes"_s}
                                 << u"--yes does not apply to show"_s;
    QTest::newRow("base on list") << QStringList{u"spec"_s, u"list"_s, u"--base"_s, u"x"_s}
                                  << u"--base does not apply to list"_s;
    QTest::newRow("packages-file kind")
        << QStringList{u"spec"_s,   u"create"_s,          u"x"_s,    u"--base"_s,
                       u"debian"_s, u"--packages-file"_s, u"rpm=f"_s}
        << u"--packages-file expects KIND=PATH"_s;
    QTest::newRow("packages-file no path")
        << QStringList{u"spec"_s,   u"create"_s,          u"x"_s,   u"--base"_s,
                       u"debian"_s, u"--packages-file"_s, u"apt="_s}
        << u"--packages-file expects KIND=PATH"_s;
    QTest::newRow("packages-file missing") << QStringList{u"spec"_s,
                                                          u"create"_s,
                                                          u"x"_s,
                                                          u"--base"_s,
                                                          u"debian"_s,
                                                          u"--packages-file"_s,
                                                          u"apt=/nonexistent/apt.txt"_s}
                                           << u"cannot read /nonexistent/apt.txt"_s;
    QTest::newRow("clear and set") << QStringList{u"spec"_s,        u"edit"_s,  u"x"_s,
                                                  u"--clear-pip"_s, u"--pip"_s, u"a"_s}
                                   << u"--clear-pip cannot be combined with --pip"_s;
    QTest::newRow("limit zero") << QStringList{u"spec"_s, u"list"_s, u"--limit"_s, u"0"_s}
                                << u"--limit expects a whole number from 1 to 10000, not '0'"_s;
    QTest::newRow("limit too big") << QStringList{u"spec"_s, u"list"_s, u"--limit"_s, u"10001"_s}
                                   << u"not '10001'"_s;
    QTest::newRow("limit text") << QStringList{u"spec"_s, u"list"_s, u"--limit"_s, u"many"_s}
                                << u"not 'many'"_s;
    QTest::newRow("unknown option") << QStringList{u"spec"_s, u"list"_s, u"--sort"_s} << u"sort"_s;
}

void tst_SpecCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = kilnctl(withCatalog(arguments));
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(tst_SpecCommand)
#include "tst_speccommand.moc"
