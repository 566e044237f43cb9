#include "cli/cli.h"
#include "store/catalogue.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "testsupport.h"

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

// kilnctl group add/edit/list/show/delete/grant/revoke/images against a real catalogue file.
class tst_GroupCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void addShowEditList();
    void addRejects();
    void grantAndRevoke();
    void grantRefusals();
    void imagesOfGroup();
    void deleteNamesImages();
    void usage_data();
    void usage();

private:
    Run kilnctl(QStringList arguments) const
    {
        return KilnTest::runKilnctl(arguments << u"--catalog"_s << m_path);
    }
    std::unique_ptr<Catalogue> open() const
    {
        auto catalogue = Catalogue::openSqlite(m_path);
        return catalogue ? std::move(catalogue).value() : nullptr;
    }
    bool addImage(const QString &name, const QStringList &extra = {}) const
    {
        const Run run = kilnctl(QStringList{u"image"_s, u"add"_s, name, u"--type"_s, u"cpu"_s, u"--url"_s,
                                            u"registry.test/"_s + name + u":1"_s} +
                                extra);
        if (run.code != 0)
            qWarning() << run.err;
        return run.code == 0;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_GroupCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"catalogue.sqlite"_s);
}

void tst_GroupCommand::addShowEditList()
{
    Run run = kilnctl({u"group"_s, u"add"_s, u"ml"_s, u"--display-name"_s, u"Machine Learning"_s,
                       u"--description"_s, u"the ML team"_s, u"--members"_s, u"12"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"created group ml\n"_s);
    QCOMPARE(kilnctl({u"group"_s, u"add"_s, u"hpc"_s}).code, 0);

    run = kilnctl({u"group"_s, u"show"_s, u"ml"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"name"_s).toString(), u"ml"_s);
    QCOMPARE(json.value(u"displayName"_s).toString(), u"Machine Learning"_s);
    QCOMPARE(json.value(u"description"_s).toString(), u"the ML team"_s);
    QCOMPARE(json.value(u"members"_s).toString(), u"12"_s);
    QVERIFY(json.value(u"grantedImages"_s).toArray().isEmpty());
    const QString id = json.value(u"id"_s).toString();

    run = kilnctl({u"group"_s, u"edit"_s, id, u"--members"_s, u"13"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"changed"_s);
    QCOMPARE(jsonOf(run).value(u"members"_s).toString(), u"13"_s);
    QCOMPARE(jsonOf(run).value(u"displayName"_s).toString(), u"Machine Learning"_s); // kept

    run = kilnctl({u"group"_s, u"show"_s, u"ml"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"members:      13\n"_s), qPrintable(run.out));

    run = kilnctl({u"group"_s, u"list"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"NAME  DISPLAY           MEMBERS  GRANTED\n"
                      "hpc   hpc               -        0\n"
                      "ml    Machine Learning  13       0\n"_s);
    run = kilnctl({u"group"_s, u"list"_s, u"--json"_s});
    QCOMPARE(names(jsonOf(run).value(u"groups"_s)), (QStringList{u"hpc"_s, u"ml"_s}));
}

void tst_GroupCommand::addRejects()
{
    Run run = kilnctl({u"group"_s, u"add"_s, u"ML"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl group add: group name, column 1: "_s), qPrintable(run.err));
    QCOMPARE(kilnctl({u"group"_s, u"add"_s, u"ml"_s}).code, 0);
    run = kilnctl({u"group"_s, u"add"_s, u"ml"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl group add: "_s), qPrintable(run.err));
    run = kilnctl({u"group"_s, u"show"_s, u"nope"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl group show: "_s) && run.err.contains(u"nope"_s),
             qPrintable(run.err));
}

void tst_GroupCommand::grantAndRevoke()
{
    QCOMPARE(kilnctl({u"group"_s, u"add"_s, u"ml"_s}).code, 0);
    QVERIFY(addImage(u"a"_s));
    QVERIFY(addImage(u"b"_s));
    QVERIFY(addImage(u"everyone"_s, {u"--global"_s}));

    Run run = kilnctl({u"group"_s, u"grant"_s, u"ml"_s, u"a"_s, u"b"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"granted a to ml\ngranted b to ml\n"_s);
    {
        const auto catalogue = open();
        const ImageRepository images(*catalogue);
        const QString groupId = GroupRepository(*catalogue).getByName(u"ml"_s)->id;
        QCOMPARE(images.getByName(u"a"_s)->groupIds, QStringList{groupId});
        QCOMPARE(images.getByName(u"b"_s)->groupIds, QStringList{groupId});
    }
    run = kilnctl({u"group"_s, u"show"_s, u"ml"_s, u"--json"_s});
    QCOMPARE(names(jsonOf(run).value(u"grantedImages"_s)), (QStringList{u"a"_s, u"b"_s}));

    run = kilnctl({u"group"_s, u"revoke"_s, u"ml"_s, u"b"_s, u"everyone"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"revoked"_s);
    QCOMPARE(names(jsonOf(run).value(u"images"_s)), (QStringList{u"b"_s, u"everyone"_s}));
    const auto catalogue = open();
    const ImageRepository images(*catalogue);
    QCOMPARE(images.getByName(u"a"_s)->groupIds.size(), 1);
    QVERIFY(images.getByName(u"b"_s)->groupIds.isEmpty());
    QVERIFY(images.getByName(u"everyone"_s)->global); // revoking a grant does not touch global
}

void tst_GroupCommand::grantRefusals()
{
    QCOMPARE(kilnctl({u"group"_s, u"add"_s, u"ml"_s}).code, 0);
    QVERIFY(addImage(u"a"_s));
    QVERIFY(addImage(u"ice"_s));
    QCOMPARE(kilnctl({u"image"_s, u"freeze"_s, u"ice"_s}).code, 0);

    // Nothing changes when one of the images refuses.
    Run run = kilnctl({u"group"_s, u"grant"_s, u"ml"_s, u"a"_s, u"ice"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err,
             u"kilnctl group grant: image ice is frozen: unfreeze it first (kilnctl image unfreeze ice)\n"_s);
    run = kilnctl({u"group"_s, u"grant"_s, u"ml"_s, u"a"_s, u"nope"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"nope"_s), qPrintable(run.err));
    {
        const auto catalogue = open();
        QVERIFY(ImageRepository(*catalogue).getByName(u"a"_s)->groupIds.isEmpty());
    }
    run = kilnctl({u"group"_s, u"revoke"_s, u"ml"_s, u"ice"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"image ice is frozen"_s), qPrintable(run.err));
    run = kilnctl({u"group"_s, u"grant"_s, u"nope"_s, u"a"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl group grant: "_s) && run.err.contains(u"nope"_s),
             qPrintable(run.err));
}

void tst_GroupCommand::imagesOfGroup()
{
    QCOMPARE(kilnctl({u"group"_s, u"add"_s, u"ml"_s}).code, 0);
    QCOMPARE(kilnctl({u"group"_s, u"add"_s, u"hpc"_s}).code, 0);
    QVERIFY(addImage(u"everyone"_s, {u"--global"_s}));
    QVERIFY(addImage(u"ml-only"_s, {u"--group"_s, u"ml"_s}));
    QVERIFY(addImage(u"hpc-only"_s, {u"--group"_s, u"hpc"_s}));
    QVERIFY(addImage(u"retired"_s, {u"--group"_s, u"ml"_s}));
    QVERIFY(addImage(u"retired-global"_s, {u"--global"_s}));
    QCOMPARE(kilnctl({u"image"_s, u"edit"_s, u"retired"_s, u"--deactivate"_s}).code, 0);
    QCOMPARE(kilnctl({u"image"_s, u"edit"_s, u"retired-global"_s, u"--deactivate"_s}).code, 0);

    Run run = kilnctl({u"group"_s, u"images"_s, u"ml"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"group"_s).toString(), u"ml"_s);
    QCOMPARE(names(json.value(u"images"_s)), (QStringList{u"everyone"_s, u"ml-only"_s}));
    const QJsonArray images = json.value(u"images"_s).toArray();
    QCOMPARE(images.at(0).toObject().value(u"access"_s).toString(), u"global"_s);
    QCOMPARE(images.at(1).toObject().value(u"access"_s).toString(), u"granted"_s);
    QCOMPARE(images.at(1).toObject().value(u"url"_s).toString(), u"registry.test/ml-only:1"_s);

    run = kilnctl({u"group"_s, u"images"_s, u"hpc"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"NAME      DISPLAY   TYPE  URL                       ACCESS  STATUS\n"
                      "everyone  everyone  cpu   registry.test/everyone:1  global  ready\n"
                      "hpc-only  hpc-only  cpu   registry.test/hpc-only:1  hpc     ready\n"_s);

    // A grant shows up at once.
    QCOMPARE(kilnctl({u"group"_s, u"grant"_s, u"hpc"_s, u"ml-only"_s}).code, 0);
    run = kilnctl({u"group"_s, u"images"_s, u"hpc"_s, u"--json"_s});
    QCOMPARE(names(jsonOf(run).value(u"images"_s)),
             (QStringList{u"everyone"_s, u"hpc-only"_s, u"ml-only"_s}));

    run = kilnctl({u"group"_s, u"images"_s, u"nope"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl group images: "_s), qPrintable(run.err));
}

void tst_GroupCommand::deleteNamesImages()
{
    QCOMPARE(kilnctl({u"group"_s, u"add"_s, u"ml"_s}).code, 0);
    QVERIFY(addImage(u"a"_s, {u"--group"_s, u"ml"_s}));
    QVERIFY(addImage(u"b"_s, {u"--group"_s, u"ml"_s}));
    Run run = kilnctl({u"group"_s, u"delete"_s, u"ml"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err,
             u"kilnctl group delete: deleting group ml: it loses its grants of the images a, b; add --yes to "
             "delete it\n"_s);
    run = kilnctl({u"group"_s, u"delete"_s, u"ml"_s, u"--yes"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"deleted group ml; it loses its grants of the images a, b\n"_s);
    const auto catalogue = open();
    QVERIFY(!GroupRepository(*catalogue).getByName(u"ml"_s).ok());
    QVERIFY(ImageRepository(*catalogue).getByName(u"a"_s)->groupIds.isEmpty());
}

void tst_GroupCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("no action") << QStringList{} << u"kilnctl group: expected add"_s;
    QTest::newRow("grant without images") << QStringList{u"grant"_s, u"ml"_s}
                                          << u"kilnctl group grant: expected the group's name or id, then"_s;
    QTest::newRow("list with name") << QStringList{u"list"_s, u"x"_s} << u"kilnctl group list: expected no"_s;
    QTest::newRow("yes on show") << QStringList{u"show"_s, u"x"_s, u"--yes"_s}
                                 << u"kilnctl group show: --yes does not apply"_s;
}

void tst_GroupCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const Run run = kilnctl(QStringList{u"group"_s} + arguments);
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.startsWith(error), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(tst_GroupCommand)
#include "tst_groupcommand.moc"
