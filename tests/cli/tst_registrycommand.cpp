#include "registryserver.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
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
    void deleteIsRemove();
    void listFilters();
    void checkAgainstRealRegistries();
    void exportImportRoundTrip();
    void importReportsEveryProblem();

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
    QCOMPARE(run.out, u"NAME   PUSH  PREFIX               TLS  HEALTH       TAGS\n"
                      "local  yes   localhost:5000/kiln  no   unknown      dev,test\n"
                      "quay   -     quay.io/team         yes  unknown      -\n"_s);
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
    QTest::newRow("unknown action") << QStringList{u"registry"_s, u"frobnicate"_s, u"x"_s} << 2
                                    << u"expected add"_s;
    QTest::newRow("bad where") << QStringList{u"registry"_s, u"list"_s, u"--where"_s, u"colour=red"_s} << 2
                               << u"unknown field 'colour'"_s;
    QTest::newRow("where without =") << QStringList{u"registry"_s, u"list"_s, u"--where"_s, u"tls_verify"_s}
                                     << 2 << u"column 11"_s;
    QTest::newRow("filter on show") << QStringList{u"registry"_s, u"show"_s, u"taken"_s, u"--filter"_s,
                                                   u"x"_s}
                                    << 2 << u"does not apply"_s;
    QTest::newRow("import without file") << QStringList{u"registry"_s, u"import"_s} << 2 << u"the file"_s;
    QTest::newRow("import unreadable") << QStringList{u"registry"_s, u"import"_s, u"/nonexistent/r.json"_s}
                                       << 2 << u"cannot read /nonexistent/r.json"_s;
    QTest::newRow("bad on-conflict") << QStringList{u"registry"_s, u"import"_s, u"-"_s, u"--on-conflict"_s,
                                                    u"merge"_s}
                                     << 2 << u"fail, skip or replace"_s;
    QTest::newRow("export two files")
        << QStringList{u"registry"_s, u"export"_s, u"a"_s, u"b"_s} << 2 << u"at most one argument"_s;
    QTest::newRow("check unknown") << QStringList{u"registry"_s, u"check"_s, u"nope"_s} << 1
                                   << u"no registry"_s;
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

void tst_RegistryCommand::deleteIsRemove()
{
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"a"_s, u"--url"_s, u"https://a.example.org"_s, u"--prefix"_s,
                      u"a.example.org"_s})
                 .code,
             0);
    Run run = kilnctl({u"registry"_s, u"delete"_s, u"a"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"deleted registry a\n"_s);
    QCOMPARE(kilnctl({u"registry"_s, u"delete"_s, u"a"_s}).code, 1);
    const auto catalogue = open();
    QVERIFY(RegistryRepository(*catalogue).list()->isEmpty());
}

void tst_RegistryCommand::listFilters()
{
    const auto add = [this](const QString &name, const QStringList &extra) {
        return kilnctl(QStringList{u"registry"_s, u"add"_s, name, u"--url"_s,
                                   u"https://"_s + name + u".example.org"_s, u"--prefix"_s,
                                   name + u".example.org/team"_s} +
                       extra)
            .code;
    };
    QCOMPARE(add(u"alpha"_s, {u"--tag"_s, u"gpu"_s, u"--tag"_s, u"prod"_s}), 0);
    QCOMPARE(add(u"beta"_s, {u"--tag"_s, u"gpu"_s, u"--insecure"_s}), 0);
    QCOMPARE(add(u"gamma"_s, {u"--tag"_s, u"dev"_s}), 0);
    const auto names = [this](const QStringList &options) {
        const Run run = kilnctl(QStringList{u"registry"_s, u"list"_s, u"--json"_s} + options);
        QStringList out;
        if (run.code != 0)
            return QStringList{u"exit %1: %2"_s.arg(run.code).arg(run.err)};
        for (const QJsonValue &value : jsonOf(run).value(u"registries"_s).toArray())
            out.append(value.toObject().value(u"name"_s).toString());
        return out;
    };
    QCOMPARE(names({}), (QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s}));
    QCOMPARE(names({u"--filter"_s, u"BET"_s}), QStringList{u"beta"_s});
    QCOMPARE(names({u"--tag-any"_s, u"prod"_s, u"--tag-any"_s, u"dev"_s}),
             (QStringList{u"alpha"_s, u"gamma"_s}));
    QCOMPARE(names({u"--tag-all"_s, u"gpu"_s, u"--tag-all"_s, u"prod"_s}), QStringList{u"alpha"_s});
    QCOMPARE(names({u"--tag-all"_s, u"gpu"_s, u"--tag-all"_s, u"dev"_s}), QStringList());
    QCOMPARE(names({u"--where"_s, u"tls_verify=false"_s}), QStringList{u"beta"_s});
    QCOMPARE(names({u"--where"_s, u"container_registry_name=gamma"_s}), QStringList{u"gamma"_s});
    QCOMPARE(names({u"--tag-any"_s, u"gpu"_s, u"--where"_s, u"tls_verify=yes"_s}), QStringList{u"alpha"_s});
    QCOMPARE(names({u"--where"_s, u"health=unknown"_s, u"--filter"_s, u"example.org/team"_s}),
             (QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s}));
    // The text output is filtered the same way.
    const Run text = kilnctl({u"registry"_s, u"list"_s, u"--tag-any"_s, u"dev"_s});
    QCOMPARE(text.code, 0);
    QCOMPARE(text.out.count(u'\n'), 2);
    QVERIFY2(text.out.contains(u"gamma"_s) && !text.out.contains(u"alpha"_s), qPrintable(text.out));
}

void tst_RegistryCommand::checkAgainstRealRegistries()
{
    QVERIFY2(!KilnTest::RegistryServer::program().isEmpty(), "docker-registry is not installed");
    KilnTest::RegistryServer anonymous;
    QVERIFY2(anonymous.start(), qPrintable(anonymous.errorString()));
    QProcess htpasswd;
    htpasswd.start(u"htpasswd"_s, {u"-Bbn"_s, u"kiln"_s, u"right-password-42"_s});
    QVERIFY2(htpasswd.waitForFinished(30000) && htpasswd.exitCode() == 0, "htpasswd (apache2-utils) failed");
    KilnTest::RegistryServer locked;
    locked.setHtpasswd(u"kiln"_s,
                       QString::fromLatin1(htpasswd.readAllStandardOutput()).trimmed().section(u':', 1));
    QVERIFY2(locked.start(), qPrintable(locked.errorString()));
    const QString closed = u"127.0.0.1:%1"_s.arg(KilnTest::freePort());

    qputenv("KILN_SECRET_BACKEND", "file");
    qputenv("KILN_SECRET_DIR", m_dir->filePath(u"vault"_s).toUtf8());
    const auto unset = qScopeGuard([] {
        qunsetenv("KILN_SECRET_BACKEND");
        qunsetenv("KILN_SECRET_DIR");
    });
    QCOMPARE(kilnctl({u"secret"_s, u"add"_s, u"robot"_s, u"--kind"_s, u"registry-credential"_s,
                      u"--username"_s, u"kiln"_s, u"--password-stdin"_s},
                     u"right-password-42\n"_s)
                 .code,
             0);
    const auto add = [this](const QString &name, const QString &address, const QStringList &extra = {}) {
        return kilnctl(QStringList{u"registry"_s, u"add"_s, name, u"--url"_s, u"http://"_s + address,
                                   u"--prefix"_s, address, u"--insecure"_s} +
                       extra)
            .code;
    };
    QCOMPARE(add(u"open"_s, anonymous.address()), 0);
    QCOMPARE(add(u"locked"_s, locked.address(), {u"--credentials"_s, u"robot"_s}), 0);
    QCOMPARE(add(u"nologin"_s, locked.address()), 0);
    QCOMPARE(add(u"closed"_s, closed), 0);

    // One healthy registry: exit 0, no vault needed.
    Run run = kilnctl({u"registry"_s, u"check"_s, u"open"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"open  healthy"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u" ms"_s), qPrintable(run.out));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));

    // The login comes from the vault (which warns that it is the file fallback).
    run = kilnctl({u"registry"_s, u"check"_s, u"locked"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.contains(u"encrypted file"_s), qPrintable(run.err));
    QJsonObject result = jsonOf(run).value(u"results"_s).toArray().first().toObject();
    QCOMPARE(result.value(u"status"_s).toString(), u"healthy"_s);
    QVERIFY(result.value(u"latencyMs"_s).isDouble());
    QVERIFY(!run.out.contains(u"right-password-42"_s) && !run.err.contains(u"right-password-42"_s));

    // All of them: exit 1, one line each, every result stored.
    run = kilnctl({u"registry"_s, u"check"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.startsWith(u"NAME     STATUS       LATENCY  MESSAGE\n"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"closed   unreachable  -        cannot connect to "_s + closed),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"nologin  auth-failed"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"locked   healthy"_s), qPrintable(run.out));
    QCOMPARE(run.out.count(u'\n'), 5);
    const auto catalogue = open();
    const RegistryRepository registries(*catalogue);
    QCOMPARE(registries.getByName(u"open"_s)->healthStatus, u"healthy"_s);
    QCOMPARE(registries.getByName(u"locked"_s)->healthStatus, u"healthy"_s);
    QCOMPARE(registries.getByName(u"nologin"_s)->healthStatus, u"auth-failed"_s);
    QCOMPARE(registries.getByName(u"closed"_s)->healthStatus, u"unreachable"_s);
    QVERIFY(registries.getByName(u"closed"_s)->healthCheckedAt.has_value());

    // show and list report it.
    run = kilnctl({u"registry"_s, u"show"_s, u"closed"_s});
    QVERIFY2(run.out.contains(u"health:        unreachable\n"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"health detail: cannot connect"_s), qPrintable(run.out));
    run = kilnctl({u"registry"_s, u"list"_s, u"--where"_s, u"health=healthy"_s, u"--json"_s});
    QCOMPARE(jsonOf(run).value(u"registries"_s).toArray().size(), 2);
}

void tst_RegistryCommand::exportImportRoundTrip()
{
    QString secretId;
    {
        const auto catalogue = open();
        secretId = SecretRepository(*catalogue)
                       .create(u"robot"_s, SecretKind::RegistryCredential, u"robot-user"_s)
                       ->id;
    }
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"harbor"_s, u"--url"_s, u"https://harbor.example.org"_s,
                      u"--prefix"_s, u"harbor.example.org/ml"_s, u"--credentials"_s, u"robot"_s, u"--tag"_s,
                      u"gpu"_s})
                 .code,
             0);
    QCOMPARE(kilnctl({u"registry"_s, u"add"_s, u"local"_s, u"--url"_s, u"http://localhost:5000"_s,
                      u"--prefix"_s, u"localhost:5000"_s, u"--insecure"_s})
                 .code,
             0);
    const QString file = m_dir->filePath(u"registries.json"_s);
    Run run = kilnctl({u"registry"_s, u"export"_s, file});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"exported 2 registries to "_s + file + u"\n"_s);
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray document = written.readAll();
    run = kilnctl({u"registry"_s, u"export"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out.toUtf8(), document);
    QVERIFY(document.contains("\"container_registry_name\": \"harbor\""));
    QVERIFY(!document.contains(secretId.toUtf8()));
    QVERIFY(!document.contains("robot"));

    // Into another catalogue: created, ids kept.
    const QJsonArray before =
        jsonOf(kilnctl({u"registry"_s, u"list"_s, u"--json"_s})).value(u"registries"_s).toArray();
    m_path = m_dir->filePath(u"second.sqlite"_s);
    run = kilnctl({u"registry"_s, u"import"_s, file});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"created registry harbor (entry 1, line 2)\n"
                      "created registry local (entry 2, line 26)\n"
                      "2 created, 0 updated, 0 skipped, 0 with problems\n"_s);
    const QJsonArray after =
        jsonOf(kilnctl({u"registry"_s, u"list"_s, u"--json"_s})).value(u"registries"_s).toArray();
    QCOMPARE(after.size(), 2);
    QCOMPARE(after.at(0).toObject().value(u"id"_s), before.at(0).toObject().value(u"id"_s));
    QCOMPARE(after.at(0).toObject().value(u"tags"_s), before.at(0).toObject().value(u"tags"_s));
    QVERIFY(after.at(0).toObject().value(u"credentials"_s).isNull());
    QCOMPARE(after.at(1).toObject().value(u"tlsVerify"_s).toBool(true), false);

    // Again: conflicts, per the rule.
    run = kilnctl({u"registry"_s, u"import"_s, file});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(u"problem: entry 1, line 2: a registry with the id"_s), qPrintable(run.out));
    run = kilnctl({u"registry"_s, u"import"_s, file, u"--on-conflict"_s, u"skip"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"skipped entry 2, line 26: "_s), qPrintable(run.out));
    QVERIFY2(run.out.endsWith(u"0 created, 0 updated, 2 skipped, 0 with problems\n"_s), qPrintable(run.out));
    run = kilnctl({u"registry"_s, u"import"_s, u"-"_s, u"--on-conflict"_s, u"replace"_s, u"--json"_s},
                  QString::fromUtf8(document));
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"updated"_s).toInt(), 2);
    QCOMPARE(jsonOf(run).value(u"entries"_s).toArray().at(1).toObject().value(u"result"_s).toString(),
             u"updated"_s);
}

void tst_RegistryCommand::importReportsEveryProblem()
{
    const QString file = m_dir->filePath(u"bad.json"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(
        "[\n"
        "  {\"container_registry_name\": \"ok\", \"container_registry_public_url\": \"https://ok.org\",\n"
        "   \"container_registry_image_prefix\": \"ok.org\"},\n"
        "  {\"container_registry_name\": \"bad\",\n"
        "   \"container_registry_public_url\": \"ok.org\",\n"
        "   \"container_registry_image_prefix\": \"ok.org\",\n"
        "   \"container_registry_config\": {\"tls_verify\": \"no\"}},\n"
        "  42\n"
        "]\n");
    out.close();
    const Run run = kilnctl({u"registry"_s, u"import"_s, file});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.out,
             u"created registry ok (entry 1, line 2)\n"
             "problem: entry 2, line 5, container_registry_public_url: column 1: the URL must start with "
             "http:// or https://\n"
             "problem: entry 2, line 7, container_registry_config.tls_verify: must be true or false, not a "
             "string\n"
             "problem: entry 3, line 8: an entry must be a JSON object, not a number\n"
             "1 created, 0 updated, 0 skipped, 3 with problems\n"_s);

    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write("[\n  {\"container_registry_name\": \"x\"\n  \n");
    out.close();
    const Run broken = kilnctl({u"registry"_s, u"import"_s, file});
    QCOMPARE(broken.code, 1);
    QVERIFY2(broken.out.startsWith(u"problem: line 4: not JSON: "_s), qPrintable(broken.out));
}

QTEST_GUILESS_MAIN(tst_RegistryCommand)
#include "tst_registrycommand.moc"
