#include "cli/cli.h"
#include "store/catalogue.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"
#include "store/secretrepository.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {
using Run = KilnTest::KilnctlRun;

QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

QStringList names(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out.append(item.isObject() ? item.toObject().value(u"name"_s).toString() : item.toString());
    return out;
}
} // namespace

// kilnctl image add/edit/show/list/delete/freeze/unfreeze against a real catalogue file.
class tst_ImageCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void addExistingAndShow();
    void derivedNames_data();
    void derivedNames();
    void addRejects_data();
    void addRejects();
    void groupsSecretParent();
    void addBuild();
    void addBuildWithoutPushRegistry();
    void addBuildBadPackage();
    void edit();
    void frozenRefusesEdits();
    void deleteNamesGroups();
    void listFilters();
    void usage_data();
    void usage();

private:
    Run kilnctl(QStringList arguments, const QString &input = {}) const
    {
        return KilnTest::runKilnctl(arguments << u"--catalog"_s << m_path, input);
    }
    std::unique_ptr<Catalogue> open() const
    {
        auto catalogue = Catalogue::openSqlite(m_path);
        return catalogue ? std::move(catalogue).value() : nullptr;
    }
    void addGroup(const QString &name)
    {
        const Run run = kilnctl({u"group"_s, u"add"_s, name});
        QVERIFY2(run.code == 0, qPrintable(run.err));
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_ImageCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"catalogue.sqlite"_s);
}

void tst_ImageCommand::addExistingAndShow()
{
    Run run = kilnctl({u"image"_s, u"add"_s, u"My CUDA Image"_s, u"--type"_s, u"universal"_s, u"--url"_s,
                       u"nvcr.io/nvidia/cuda:12.4.1-runtime-ubuntu22.04"_s, u"--description"_s,
                       u"for training"_s, u"--global"_s, u"--distro"_s, u"ubuntu 22.04"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"created image my-cuda-image\n"_s);
    QVERIFY(run.err.isEmpty());

    run = kilnctl({u"image"_s, u"show"_s, u"my-cuda-image"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"name"_s).toString(), u"my-cuda-image"_s);
    QCOMPARE(json.value(u"displayName"_s).toString(), u"My CUDA Image"_s);
    QCOMPARE(json.value(u"type"_s).toString(), u"universal"_s);
    QCOMPARE(json.value(u"url"_s).toString(), u"nvcr.io/nvidia/cuda:12.4.1-runtime-ubuntu22.04"_s);
    QVERIFY(json.value(u"gpuUrl"_s).isNull());
    QCOMPARE(json.value(u"description"_s).toString(), u"for training"_s);
    QCOMPARE(json.value(u"global"_s).toBool(), true);
    QCOMPARE(json.value(u"frozen"_s).toBool(true), false);
    QCOMPARE(json.value(u"distro"_s).toString(), u"ubuntu 22.04"_s);
    QCOMPARE(json.value(u"status"_s).toString(), u"ready"_s);
    QVERIFY(json.value(u"spec"_s).isNull());
    QVERIFY(json.value(u"pullSecret"_s).isNull());
    const QString id = json.value(u"id"_s).toString();
    QVERIFY(!id.isEmpty());

    // By id too, as text.
    run = kilnctl({u"image"_s, u"show"_s, id});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"name:         my-cuda-image\n"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"gpu url:      (same URL)\n"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"access:       global\n"_s), qPrintable(run.out));

    run = kilnctl({u"image"_s, u"show"_s, u"nope"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl image show: "_s), qPrintable(run.err));
}

void tst_ImageCommand::derivedNames_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("name");
    QTest::newRow("spaces") << u"PyTorch 2.3 GPU"_s << u"pytorch-2.3-gpu"_s;
    QTest::newRow("accents") << u"Café Image"_s << u"cafe-image"_s;
    QTest::newRow("already a name") << u"debian-12"_s << u"debian-12"_s;
}

void tst_ImageCommand::derivedNames()
{
    QFETCH(QString, displayName);
    QFETCH(QString, name);
    const Run run = kilnctl(
        {u"image"_s, u"add"_s, displayName, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"name"_s).toString(), name);
    QCOMPARE(jsonOf(run).value(u"displayName"_s).toString(), displayName);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"created"_s);
}

void tst_ImageCommand::addRejects_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    const QStringList url{u"--url"_s, u"debian:12"_s};
    QTest::newRow("bad type") << (QStringList{u"x"_s, u"--type"_s, u"tpu"_s} + url) << 2
                              << u"kilnctl image add: --type expects cpu, gpu or universal, not 'tpu'\n"_s;
    QTest::newRow("no type") << (QStringList{u"x"_s} + url) << 2
                             << u"kilnctl image add: --type cpu|gpu|universal is required\n"_s;
    QTest::newRow("bad url") << QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12 x"_s} << 1
                             << u"kilnctl image add: --url, column 10: "_s;
    QTest::newRow("bad gpu url")
        << QStringList{u"x"_s,         u"--type"_s,    u"universal"_s,   u"--url"_s,
                       u"debian:12"_s, u"--gpu-url"_s, u"nvidia//cuda"_s}
        << 1 << u"kilnctl image add: --gpu-url, column 8: path component is missing after '/'\n"_s;
    QTest::newRow("gpu url on cpu")
        << QStringList{u"x"_s,         u"--type"_s,    u"cpu"_s,           u"--url"_s,
                       u"debian:12"_s, u"--gpu-url"_s, u"nvidia/cuda:12"_s}
        << 1
        << u"kilnctl image add: --gpu-url: only universal images have a GPU-specific "
           "URL; 'x' is a cpu image\n"_s;
    QTest::newRow("unknown group") << (QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--group"_s, u"nope"_s} +
                                       url)
                                   << 1 << u"kilnctl image add: --group: "_s;
    QTest::newRow("unknown parent") << (QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--parent"_s, u"nope"_s} +
                                        url)
                                    << 1 << u"kilnctl image add: --parent: "_s;
    QTest::newRow("unknown pull secret")
        << (QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--pull-secret"_s, u"nope"_s} + url) << 1
        << u"kilnctl image add: --pull-secret: "_s;
    QTest::newRow("url and build") << (QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--build"_s} + url) << 2
                                   << u"kilnctl image add: give either --url REF"_s;
    QTest::newRow("neither") << QStringList{u"x"_s, u"--type"_s, u"cpu"_s} << 2
                             << u"kilnctl image add: give either --url REF"_s;
    QTest::newRow("build without base") << QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--build"_s} << 2
                                        << u"kilnctl image add: --build needs --base REF\n"_s;
    QTest::newRow("packages without build")
        << (QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--apt"_s, u"curl"_s} + url) << 2
        << u"kilnctl image add: --apt applies to --build only\n"_s;
    QTest::newRow("global and group")
        << (QStringList{u"x"_s, u"--type"_s, u"cpu"_s, u"--global"_s, u"--group"_s, u"g"_s} + url) << 2
        << u"kilnctl image add: --global and --group cannot be combined"_s;
    QTest::newRow("no usable name") << (QStringList{u"!!!"_s, u"--type"_s, u"cpu"_s} + url) << 1
                                    << u"kilnctl image add: display name, column "_s;
}

void tst_ImageCommand::addRejects()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, error);
    const Run run = kilnctl(QStringList{u"image"_s, u"add"_s} + arguments);
    QCOMPARE(run.code, code);
    QVERIFY2(run.err.startsWith(error), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    const auto catalogue = open();
    QVERIFY(catalogue);
    QVERIFY(ImageRepository(*catalogue).list()->isEmpty());
}

void tst_ImageCommand::groupsSecretParent()
{
    addGroup(u"ml"_s);
    addGroup(u"hpc"_s);
    {
        const auto catalogue = open();
        QVERIFY(SecretRepository(*catalogue).create(u"pull"_s, SecretKind::PullSecret, u"bob"_s).ok());
    }
    QCOMPARE(
        kilnctl({u"image"_s, u"add"_s, u"base"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s}).code,
        0);
    Run run = kilnctl({u"image"_s, u"add"_s, u"child"_s, u"--type"_s, u"gpu"_s, u"--url"_s,
                       u"registry.test/ml/child:1"_s, u"--group"_s, u"ml"_s, u"--group"_s, u"hpc"_s,
                       u"--pull-secret"_s, u"pull"_s, u"--parent"_s, u"base"_s, u"--system"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QJsonObject json = jsonOf(run);
    QCOMPARE(names(json.value(u"groups"_s)), (QStringList{u"hpc"_s, u"ml"_s}));
    QCOMPARE(json.value(u"global"_s).toBool(true), false);
    QCOMPARE(json.value(u"pullSecret"_s).toObject().value(u"name"_s).toString(), u"pull"_s);
    QCOMPARE(json.value(u"parent"_s).toObject().value(u"name"_s).toString(), u"base"_s);
    QCOMPARE(json.value(u"system"_s).toBool(), true);

    run = kilnctl({u"image"_s, u"list"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"NAME   DISPLAY  TYPE  URL                       ACCESS  STATUS\n"
                      "base   base     cpu   debian:12                 none    ready\n"
                      "child  child    gpu   registry.test/ml/child:1  hpc,ml  ready\n"_s);
}

void tst_ImageCommand::addBuild()
{
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"local"_s, u"--url"_s, u"http://127.0.0.1:5000"_s,
                      u"--prefix"_s, u"127.0.0.1:5000/kiln"_s, u"--insecure"_s, u"--push-target"_s})
                 .code,
             0);
    const QString file = m_dir->filePath(u"requirements.txt"_s);
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("requests>=2.31\n\n  numpy\n");
    }
    const Run run = kilnctl({u"image"_s, u"add"_s, u"Torch Box"_s, u"--type"_s, u"universal"_s, u"--build"_s,
                             u"--base"_s, u"debian:12"_s, u"--apt"_s, u"curl"_s, u"--packages-file"_s,
                             u"pip="_s + file, u"--global"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    // This test binary is not kilnctl: no builder is started, and it says so.
    QVERIFY2(run.err.contains(u"could not start a builder"_s), qPrintable(run.err));
    const QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"name"_s).toString(), u"torch-box"_s);
    QCOMPARE(json.value(u"url"_s).toString(), QString());
    QCOMPARE(json.value(u"spec"_s).toObject().value(u"name"_s).toString(), u"torch-box"_s);
    QCOMPARE(json.value(u"status"_s).toString(), u"building"_s);
    const QString jobId = json.value(u"job"_s).toObject().value(u"id"_s).toString();
    QVERIFY(json.value(u"job"_s)
                .toObject()
                .value(u"targetImage"_s)
                .toString()
                .startsWith(u"127.0.0.1:5000/kiln/torch-box:"_s));

    const auto catalogue = open();
    const auto spec = SpecRepository(*catalogue).getByName(u"torch-box"_s);
    QVERIFY(spec.ok());
    const auto revision = SpecRepository(*catalogue).revision(spec->currentRevisionId);
    QCOMPARE(revision->content.aptPackages, QStringList{u"curl"_s});
    QCOMPARE(revision->content.pipPackages, (QStringList{u"requests>=2.31"_s, u"numpy"_s}));
    const auto job = JobRepository(*catalogue).get(jobId);
    QVERIFY(job.ok());
    QCOMPARE(job->status, JobStatus::Queued);
    QCOMPARE(job->specId, spec->id);
    QCOMPARE(ImageRepository(*catalogue).getByName(u"torch-box"_s)->specId, spec->id);

    // Changing the packages stores a new revision and queues its build; the lists not given stay.
    Run edited = kilnctl({u"image"_s, u"edit"_s, u"torch-box"_s, u"--apt"_s, u"curl"_s, u"--apt"_s, u"git"_s,
                          u"--description"_s, u"with git"_s, u"--json"_s});
    QCOMPARE(edited.code, 0);
    const QString newJobId = jsonOf(edited).value(u"job"_s).toObject().value(u"id"_s).toString();
    QVERIFY(!newJobId.isEmpty());
    QVERIFY(newJobId != jobId);
    QCOMPARE(jsonOf(edited).value(u"description"_s).toString(), u"with git"_s);
    const auto changed = SpecRepository(*catalogue).getByName(u"torch-box"_s);
    QVERIFY(changed->currentRevisionId != spec->currentRevisionId);
    const auto newRevision = SpecRepository(*catalogue).revision(changed->currentRevisionId);
    QCOMPARE(newRevision->content.aptPackages, (QStringList{u"curl"_s, u"git"_s}));
    QCOMPARE(newRevision->content.pipPackages, (QStringList{u"requests>=2.31"_s, u"numpy"_s}));
    QCOMPARE(JobRepository(*catalogue).get(newJobId)->revisionId, changed->currentRevisionId);

    // The same packages again: nothing to build.
    edited = kilnctl({u"image"_s, u"edit"_s, u"torch-box"_s, u"--apt"_s, u"curl"_s, u"--apt"_s, u"git"_s});
    QCOMPARE(edited.code, 0);
    QCOMPARE(edited.out, u"changed image torch-box\n"_s);
    edited = kilnctl({u"image"_s, u"edit"_s, u"torch-box"_s, u"--pip"_s, u"requests>>2"_s});
    QCOMPARE(edited.code, 1);
    QVERIFY2(edited.err.startsWith(u"kilnctl image edit: Pip packages, line 1, column "_s),
             qPrintable(edited.err));

    // An image that is not built has no packages.
    QCOMPARE(
        kilnctl({u"image"_s, u"add"_s, u"plain"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s}).code,
        0);
    edited = kilnctl({u"image"_s, u"edit"_s, u"plain"_s, u"--base"_s, u"debian:13"_s});
    QCOMPARE(edited.code, 1);
    QCOMPARE(edited.err,
             u"kilnctl image edit: image plain is not built from a spec: --base and the packages apply "
             "to images added with --build\n"_s);
}

void tst_ImageCommand::addBuildWithoutPushRegistry()
{
    const Run run = kilnctl({u"image"_s, u"add"_s, u"lonely"_s, u"--type"_s, u"cpu"_s, u"--build"_s,
                             u"--base"_s, u"debian:12"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.out, u"created image lonely\n"_s);
    QVERIFY2(
        run.err.startsWith(u"kilnctl image add: image lonely was created, but its build was not queued: "_s),
        qPrintable(run.err));
    QVERIFY2(run.err.contains(u"'kilnctl build lonely'"_s), qPrintable(run.err));
}

void tst_ImageCommand::addBuildBadPackage()
{
    const Run run =
        kilnctl({u"image"_s, u"add"_s, u"broken"_s, u"--type"_s, u"cpu"_s, u"--build"_s, u"--base"_s,
                 u"debian:12"_s, u"--apt"_s, u"curl"_s, u"--apt"_s, u"bad package"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl image add: APT packages, line 2, column "_s), qPrintable(run.err));
    const auto catalogue = open();
    QVERIFY(!SpecRepository(*catalogue).getByName(u"broken"_s).ok());
    QVERIFY(!ImageRepository(*catalogue).getByName(u"broken"_s).ok());
}

void tst_ImageCommand::edit()
{
    addGroup(u"ml"_s);
    addGroup(u"hpc"_s);
    QCOMPARE(kilnctl({u"image"_s, u"add"_s, u"uni"_s, u"--type"_s, u"universal"_s, u"--url"_s, u"debian:12"_s,
                      u"--gpu-url"_s, u"nvidia/cuda:12"_s, u"--group"_s, u"ml"_s})
                 .code,
             0);
    Run run = kilnctl({u"image"_s, u"edit"_s, u"uni"_s, u"--display-name"_s, u"Universal"_s, u"--url"_s,
                       u"debian:13"_s, u"--group"_s, u"hpc"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"result"_s).toString(), u"changed"_s);
    QCOMPARE(json.value(u"name"_s).toString(), u"uni"_s); // never changes
    QCOMPARE(json.value(u"displayName"_s).toString(), u"Universal"_s);
    QCOMPARE(json.value(u"url"_s).toString(), u"debian:13"_s);
    QCOMPARE(json.value(u"gpuUrl"_s).toString(), u"nvidia/cuda:12"_s);
    QCOMPARE(names(json.value(u"groups"_s)), (QStringList{u"hpc"_s, u"ml"_s}));

    run = kilnctl({u"image"_s, u"edit"_s, u"uni"_s, u"--clear-groups"_s, u"--global"_s, u"--clear-gpu-url"_s,
                   u"--json"_s});
    QCOMPARE(run.code, 0);
    json = jsonOf(run);
    QVERIFY(json.value(u"groups"_s).toArray().isEmpty());
    QCOMPARE(json.value(u"global"_s).toBool(), true);
    QVERIFY(json.value(u"gpuUrl"_s).isNull());

    run = kilnctl(
        {u"image"_s, u"edit"_s, u"uni"_s, u"--type"_s, u"cpu"_s, u"--gpu-url"_s, u"nvidia/cuda:12"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"only universal images have a GPU-specific URL"_s), qPrintable(run.err));
    run = kilnctl({u"image"_s, u"edit"_s, u"uni"_s, u"--url"_s, u"debian:12 x"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl image edit: --url, column 10: a space is not allowed"_s),
             qPrintable(run.err));
    run = kilnctl({u"image"_s, u"edit"_s, u"uni"_s, u"--group"_s, u"nope"_s, u"--no-global"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl image edit: --group: "_s), qPrintable(run.err));
    run = kilnctl({u"image"_s, u"edit"_s, u"uni"_s, u"--deactivate"_s, u"--type"_s, u"cpu"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"type"_s).toString(), u"cpu"_s);
    QCOMPARE(jsonOf(run).value(u"status"_s).toString(), u"deactivated"_s);
}

void tst_ImageCommand::frozenRefusesEdits()
{
    addGroup(u"ml"_s);
    QCOMPARE(
        kilnctl({u"image"_s, u"add"_s, u"ice"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s}).code, 0);
    Run run = kilnctl({u"image"_s, u"freeze"_s, u"ice"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"froze image ice\n"_s);

    run = kilnctl({u"image"_s, u"edit"_s, u"ice"_s, u"--url"_s, u"debian:13"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err,
             u"kilnctl image edit: image ice is frozen: unfreeze it first (kilnctl image unfreeze ice)\n"_s);
    run = kilnctl({u"image"_s, u"delete"_s, u"ice"_s, u"--yes"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"image ice is frozen: unfreeze it first"_s), qPrintable(run.err));
    run = kilnctl({u"group"_s, u"grant"_s, u"ml"_s, u"ice"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"image ice is frozen: unfreeze it first"_s), qPrintable(run.err));
    {
        const auto catalogue = open();
        const auto image = ImageRepository(*catalogue).getByName(u"ice"_s);
        QCOMPARE(image->url, u"debian:12"_s);
        QVERIFY(image->frozen);
        QVERIFY(image->groupIds.isEmpty());
    }

    run = kilnctl({u"image"_s, u"unfreeze"_s, u"ice"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"frozen"_s).toBool(true), false);
    QCOMPARE(kilnctl({u"image"_s, u"edit"_s, u"ice"_s, u"--url"_s, u"debian:13"_s}).code, 0);
}

void tst_ImageCommand::deleteNamesGroups()
{
    addGroup(u"ml"_s);
    addGroup(u"hpc"_s);
    QCOMPARE(kilnctl({u"image"_s, u"add"_s, u"gone"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s,
                      u"--group"_s, u"ml"_s, u"--group"_s, u"hpc"_s})
                 .code,
             0);
    Run run = kilnctl({u"image"_s, u"delete"_s, u"gone"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err,
             u"kilnctl image delete: deleting image gone: the groups hpc, ml lose access to it; add --yes "
             "to delete it\n"_s);
    run = kilnctl({u"image"_s, u"delete"_s, u"gone"_s, u"--yes"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"deleted image gone; the groups hpc, ml lose access to it\n"_s);
    const auto catalogue = open();
    QVERIFY(!ImageRepository(*catalogue).getByName(u"gone"_s).ok());
    QCOMPARE(GroupRepository(*catalogue).list()->size(), 2);
}

void tst_ImageCommand::listFilters()
{
    QCOMPARE(kilnctl({u"image"_s, u"add"_s, u"Alpha CPU"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s,
                      u"--global"_s})
                 .code,
             0);
    QCOMPARE(
        kilnctl({u"image"_s, u"add"_s, u"beta-gpu"_s, u"--type"_s, u"gpu"_s, u"--url"_s, u"nvidia/cuda:12"_s})
            .code,
        0);
    QCOMPARE(
        kilnctl({u"image"_s, u"add"_s, u"old-gpu"_s, u"--type"_s, u"gpu"_s, u"--url"_s, u"nvidia/cuda:11"_s})
            .code,
        0);
    QCOMPARE(kilnctl({u"image"_s, u"edit"_s, u"old-gpu"_s, u"--deactivate"_s}).code, 0);

    const auto listed = [this](const QStringList &options) {
        const Run run = kilnctl(QStringList{u"image"_s, u"list"_s, u"--json"_s} + options);
        return run.code == 0 ? names(jsonOf(run).value(u"images"_s)) : QStringList{run.err};
    };
    QCOMPARE(listed({}), (QStringList{u"alpha-cpu"_s, u"beta-gpu"_s, u"old-gpu"_s}));
    QCOMPARE(listed({u"--type"_s, u"gpu"_s}), (QStringList{u"beta-gpu"_s, u"old-gpu"_s}));
    QCOMPARE(listed({u"--hide-deactivated"_s}), (QStringList{u"alpha-cpu"_s, u"beta-gpu"_s}));
    QCOMPARE(listed({u"--filter"_s, u"alpha"_s}), QStringList{u"alpha-cpu"_s});
    QCOMPARE(listed({u"--filter"_s, u"gpu"_s, u"--hide-deactivated"_s}), QStringList{u"beta-gpu"_s});

    const Run run = kilnctl({u"image"_s, u"list"_s, u"--type"_s, u"gpu"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"NAME      DISPLAY   TYPE  URL             ACCESS  STATUS\n"
                      "beta-gpu  beta-gpu  gpu   nvidia/cuda:12  none    ready\n"
                      "old-gpu   old-gpu   gpu   nvidia/cuda:11  none    deactivated\n"_s);
}

void tst_ImageCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("no action") << QStringList{} << u"kilnctl image: expected add, edit"_s;
    QTest::newRow("unknown action") << QStringList{u"rename"_s, u"x"_s} << u"kilnctl image: expected add"_s;
    QTest::newRow("no name") << QStringList{u"show"_s} << u"kilnctl image show: expected one argument"_s;
    QTest::newRow("list with name") << QStringList{u"list"_s, u"x"_s} << u"kilnctl image list: expected no"_s;
    QTest::newRow("option of add on show")
        << QStringList{u"show"_s, u"x"_s, u"--global"_s} << u"kilnctl image show: --global does not apply"_s;
    QTest::newRow("edit-only option on add") << QStringList{u"add"_s, u"x"_s, u"--clear-groups"_s}
                                             << u"kilnctl image add: --clear-groups does not"_s;
}

void tst_ImageCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const Run run = kilnctl(QStringList{u"image"_s} + arguments);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.startsWith(error), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(tst_ImageCommand)
#include "tst_imagecommand.moc"
