#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
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

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out.append(item.toString());
    return out;
}
} // namespace

// kilnctl registry add/edit/list/show/remove/push-target against a real catalogue file.
class tst_RegistryCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::isolateSettings(); }
    void init();
    void addShowList();
    void editAndPushTarget();
    void credentials();
    void remove();
    void refusals_data();
    void refusals();

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
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_RegistryCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"catalogue.sqlite"_s);
}

void tst_RegistryCommand::addShowList()
{
    Run run = kilnctl({u"registry"_s, u"add"_s, u"local"_s, u"--url"_s, u"http://localhost:5000"_s,
                       u"--prefix"_s, u"localhost:5000/kiln"_s, u"--insecure"_s, u"--tag"_s, u"test"_s,
                       u"--tag"_s, u"dev"_s, u"--push-target"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"created registry local\n"_s);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));

    {
        const auto catalogue = open();
        QVERIFY(catalogue);
        const auto stored = RegistryRepository(*catalogue).pushTarget();
        QVERIFY(stored.ok() && stored.value());
        QCOMPARE(stored.value()->name, u"local"_s);
        QCOMPARE(stored.value()->imagePrefix, u"localhost:5000/kiln"_s);
        QVERIFY(!stored.value()->tlsVerify);
        QCOMPARE(stored.value()->tags, (QStringList{u"dev"_s, u"test"_s}));
    }

    run = kilnctl({u"registry"_s, u"show"_s, u"local"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonObject shown = jsonOf(run);
    QCOMPARE(shown.value(u"name"_s).toString(), u"local"_s);
    QCOMPARE(shown.value(u"publicUrl"_s).toString(), u"http://localhost:5000"_s);
    QCOMPARE(shown.value(u"host"_s).toString(), u"localhost:5000"_s);
    QCOMPARE(shown.value(u"tlsVerify"_s).toBool(true), false);
    QCOMPARE(shown.value(u"pushTarget"_s).toBool(), true);
    QVERIFY(shown.value(u"credentials"_s).isNull());
    QCOMPARE(strings(shown.value(u"tags"_s)), (QStringList{u"dev"_s, u"test"_s}));
    QCOMPARE(shown.value(u"health"_s).toObject().value(u"status"_s).toString(), u"unknown"_s);
    QVERIFY(shown.value(u"created"_s).toString().endsWith(u'Z'));

    run = kilnctl({u"registry"_s, u"show"_s, shown.value(u"id"_s).toString()});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"image prefix:  localhost:5000/kiln\n"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"push target:   yes\n"_s));

    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"quay"_s, u"--url"_s, u"https://quay.io"_s, u"--prefix"_s,
                      u"quay.io/team"_s})
                 .code,
             0);
    run = kilnctl({u"registry"_s, u"list"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonArray all = jsonOf(run).value(u"registries"_s).toArray();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).toObject().value(u"name"_s).toString(), u"local"_s);
    QCOMPARE(all.at(1).toObject().value(u"name"_s).toString(), u"quay"_s);
    QCOMPARE(all.at(1).toObject().value(u"tlsVerify"_s).toBool(), true);

    run = kilnctl({u"registry"_s, u"list"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"NAME   PUSH  PREFIX               TLS  TAGS\n"
                      "local  yes   localhost:5000/kiln  no   dev,test\n"
                      "quay   -     quay.io/team         yes  -\n"_s);
}

void tst_RegistryCommand::editAndPushTarget()
{
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"a"_s, u"--url"_s, u"https://a.example.org"_s, u"--prefix"_s,
                      u"a.example.org"_s, u"--push-target"_s, u"--tag"_s, u"x"_s})
                 .code,
             0);
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"b"_s, u"--url"_s, u"https://b.example.org"_s, u"--prefix"_s,
                      u"b.example.org"_s, u"--insecure"_s})
                 .code,
             0);
    Run run = kilnctl({u"registry"_s, u"edit"_s, u"b"_s, u"--secure"_s, u"--prefix"_s, u"b.example.org/ml"_s,
                       u"--tag"_s, u"gpu"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"changed"_s);
    QCOMPARE(jsonOf(run).value(u"imagePrefix"_s).toString(), u"b.example.org/ml"_s);
    QCOMPARE(jsonOf(run).value(u"tlsVerify"_s).toBool(), true);
    QCOMPARE(jsonOf(run).value(u"publicUrl"_s).toString(), u"https://b.example.org"_s); // kept

    run = kilnctl({u"registry"_s, u"push-target"_s, u"b"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"registry b is the push target\n"_s);
    {
        const auto catalogue = open();
        const RegistryRepository registries(*catalogue);
        QCOMPARE(registries.pushTarget().value()->name, u"b"_s);
        QVERIFY(!registries.getByName(u"a"_s)->pushTarget);
    }

    run = kilnctl({u"registry"_s, u"edit"_s, u"a"_s, u"--clear-tags"_s, u"--push-target"_s});
    QCOMPARE(run.code, 0);
    const auto catalogue = open();
    const RegistryRepository registries(*catalogue);
    QCOMPARE(registries.pushTarget().value()->name, u"a"_s);
    QVERIFY(registries.getByName(u"a"_s)->tags.isEmpty());
    QCOMPARE(registries.getByName(u"b"_s)->tags, QStringList{u"gpu"_s});
}

void tst_RegistryCommand::credentials()
{
    QString credentialId;
    {
        const auto catalogue = open();
        QVERIFY(catalogue);
        SecretRepository secrets(*catalogue);
        credentialId = secrets.create(u"robot"_s, SecretKind::RegistryCredential, u"robot"_s)->id;
        QVERIFY(secrets.create(u"pull"_s, SecretKind::PullSecret, u"bob"_s).ok());
    }
    Run run =
        kilnctl({u"registry"_s, u"add"_s, u"harbor"_s, u"--url"_s, u"https://harbor.example.org"_s,
                 u"--prefix"_s, u"harbor.example.org/ml"_s, u"--credentials"_s, u"robot"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonObject credentials = jsonOf(run).value(u"credentials"_s).toObject();
    QCOMPARE(credentials.value(u"name"_s).toString(), u"robot"_s);
    QCOMPARE(credentials.value(u"id"_s).toString(), credentialId);
    QCOMPARE(jsonOf(run).value(u"authRequired"_s).toBool(), true);

    run = kilnctl({u"registry"_s, u"edit"_s, u"harbor"_s, u"--credentials"_s, u"pull"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"is a pull-secret, not a registry-credential"_s), qPrintable(run.err));
    run = kilnctl({u"registry"_s, u"edit"_s, u"harbor"_s, u"--credentials"_s, u"nope"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(u"There is no secret with id or name “nope”."_s), qPrintable(run.err));

    run = kilnctl({u"registry"_s, u"edit"_s, u"harbor"_s, u"--credentials"_s, QString(), u"--json"_s});
    QCOMPARE(run.code, 0);
    QVERIFY(jsonOf(run).value(u"credentials"_s).isNull());
    QCOMPARE(jsonOf(run).value(u"authRequired"_s).toBool(true), false);
}

void tst_RegistryCommand::remove()
{
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"a"_s, u"--url"_s, u"https://a.example.org"_s, u"--prefix"_s,
                      u"a.example.org"_s})
                 .code,
             0);
    Run run = kilnctl({u"registry"_s, u"remove"_s, u"a"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"removed registry a\n"_s);
    run = kilnctl({u"registry"_s, u"remove"_s, u"a"_s});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.contains(u"There is no registry with id or name “a”."_s));
    const auto catalogue = open();
    QVERIFY(RegistryRepository(*catalogue).list()->isEmpty());
}

void tst_RegistryCommand::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    const QStringList add{u"registry"_s, u"add"_s, u"new"_s};
    const QStringList url{u"--url"_s, u"https://new.example.org"_s};
    const QStringList prefix{u"--prefix"_s, u"new.example.org"_s};
    QTest::newRow("no url") << add + prefix << 2 << u"--url URL and --prefix PREFIX are required"_s;
    QTest::newRow("no prefix") << add + url << 2 << u"--url URL and --prefix PREFIX are required"_s;
    QTest::newRow("bad prefix") << add + url + QStringList{u"--prefix"_s, u"new.example.org/ml:1"_s} << 1
                                << u"Image prefix, column 19: a tag"_s;
    QTest::newRow("bad url") << add + prefix + QStringList{u"--url"_s, u"https://u:p@new.example.org"_s} << 1
                             << u"Public URL, column 9"_s;
    QTest::newRow("bad name") << QStringList{u"registry"_s, u"add"_s, u"New"_s} + url + prefix << 1
                              << u"Name, column 1"_s;
    QTest::newRow("bad tag") << add + url + prefix + QStringList{u"--tag"_s, u"GPU"_s} << 1
                             << u"Tags, line 1, column 1"_s;
    QTest::newRow("taken") << QStringList{u"registry"_s, u"add"_s, u"taken"_s} + url + prefix << 1
                           << u"already exists"_s;
    QTest::newRow("secure on add") << add + url + prefix + QStringList{u"--secure"_s} << 2 << u"edit only"_s;
    QTest::newRow("insecure and secure")
        << QStringList{u"registry"_s, u"edit"_s, u"taken"_s, u"--insecure"_s, u"--secure"_s} << 2
        << u"cannot be combined"_s;
    QTest::newRow("tag and clear") << QStringList{u"registry"_s, u"edit"_s, u"taken"_s,
                                                  u"--tag"_s,    u"a"_s,    u"--clear-tags"_s}
                                   << 2 << u"cannot be combined"_s;
    QTest::newRow("edit unknown") << QStringList{u"registry"_s, u"edit"_s, u"nope"_s, u"--insecure"_s} << 1
                                  << u"no registry"_s;
    QTest::newRow("push-target unknown")
        << QStringList{u"registry"_s, u"push-target"_s, u"nope"_s} << 1 << u"no registry"_s;
    QTest::newRow("url on show") << QStringList{u"registry"_s, u"show"_s, u"taken"_s} + url << 2
                                 << u"does not apply"_s;
    QTest::newRow("list with a name")
        << QStringList{u"registry"_s, u"list"_s, u"x"_s} << 2 << u"no arguments"_s;
    QTest::newRow("unknown action") << QStringList{u"registry"_s, u"delete"_s, u"x"_s} << 2
                                    << u"expected add"_s;
}

void tst_RegistryCommand::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, error);
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"taken"_s, u"--url"_s, u"https://t.example.org"_s,
                      u"--prefix"_s, u"t.example.org"_s, u"--tag"_s, u"keep"_s})
                 .code,
             0);
    const Run run = kilnctl(arguments);
    QCOMPARE(run.code, code);
    QVERIFY2(run.err.contains(error), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    const auto catalogue = open();
    const auto all = RegistryRepository(*catalogue).list();
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().tags, QStringList{u"keep"_s});
    QVERIFY(all->first().tlsVerify);
}

QTEST_GUILESS_MAIN(tst_RegistryCommand)
#include "tst_registrycommand.moc"
