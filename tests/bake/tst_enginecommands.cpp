#include "bake/enginecommands.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

Q_DECLARE_METATYPE(Kiln::ContainerEngineKind)

// The command lines of the build steps, per engine. The real runs are in
// tst_bakeservice (buildah); podman and docker are checked against their
// documented options here.
class tst_EngineCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commands_data();
    void commands();
    void defaultStorageAddsNothing();
    void openFileLimit();
    void authJson();
    void secretsNeverOnCommandLine();
    void pushDigest_data();
    void pushDigest();
};

void tst_EngineCommands::commands_data()
{
    QTest::addColumn<ContainerEngineKind>("kind");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QStringList>("expected");
    const QStringList store{u"--root"_s, u"/s/root"_s,          u"--runroot"_s,
                            u"/s/run"_s, u"--storage-driver"_s, u"vfs"_s};
    using K = ContainerEngineKind;
    QTest::newRow("buildah pull") << K::Buildah << u"pull"_s
                                  << store + QStringList{u"pull"_s,
                                                         u"--policy"_s,
                                                         u"always"_s,
                                                         u"--retry"_s,
                                                         u"1"_s,
                                                         u"--retry-delay"_s,
                                                         u"1s"_s,
                                                         u"--tls-verify=false"_s,
                                                         u"--authfile"_s,
                                                         u"/a/auth.json"_s,
                                                         u"reg:5000/base:1"_s};
    QTest::newRow("buildah inspect") << K::Buildah << u"inspect"_s
                                     << store + QStringList{u"inspect"_s,
                                                            u"--type"_s,
                                                            u"image"_s,
                                                            u"--format"_s,
                                                            u"{{.OCIv1.Config.User}}"_s,
                                                            u"reg:5000/base:1"_s};
    QTest::newRow("buildah build") << K::Buildah << u"build"_s
                                   << store + QStringList{u"build"_s,
                                                          u"--pull=false"_s,
                                                          u"--layers=false"_s,
                                                          u"--isolation"_s,
                                                          u"chroot"_s,
                                                          u"--tls-verify=false"_s,
                                                          u"--authfile"_s,
                                                          u"/a/auth.json"_s,
                                                          u"-f"_s,
                                                          u"/w/Containerfile"_s,
                                                          u"-t"_s,
                                                          u"reg:5000/x:abc"_s,
                                                          u"/w/context"_s};
    QTest::newRow("buildah push") << K::Buildah << u"push"_s
                                  << store + QStringList{u"push"_s,
                                                         u"--retry"_s,
                                                         u"1"_s,
                                                         u"--retry-delay"_s,
                                                         u"1s"_s,
                                                         u"--tls-verify=false"_s,
                                                         u"--authfile"_s,
                                                         u"/a/auth.json"_s,
                                                         u"--digestfile"_s,
                                                         u"/w/digest"_s,
                                                         u"reg:5000/x:abc"_s,
                                                         u"docker://reg:5000/x:abc"_s};
    QTest::newRow("buildah rmi") << K::Buildah << u"rmi"_s
                                 << store + QStringList{u"rmi"_s, u"reg:5000/x:abc"_s};
    QTest::newRow("podman pull") << K::Podman << u"pull"_s
                                 << store + QStringList{u"pull"_s, u"--tls-verify=false"_s, u"--authfile"_s,
                                                        u"/a/auth.json"_s, u"reg:5000/base:1"_s};
    QTest::newRow("podman inspect") << K::Podman << u"inspect"_s
                                    << store + QStringList{u"image"_s, u"inspect"_s, u"--format"_s,
                                                           u"{{.Config.User}}"_s, u"reg:5000/base:1"_s};
    QTest::newRow("podman push") << K::Podman << u"push"_s
                                 << store + QStringList{u"push"_s,           u"--tls-verify=false"_s,
                                                        u"--authfile"_s,     u"/a/auth.json"_s,
                                                        u"--digestfile"_s,   u"/w/digest"_s,
                                                        u"reg:5000/x:abc"_s, u"docker://reg:5000/x:abc"_s};
    // docker: credentials through --config DIR (its config.json), TLS by the daemon, no storage options.
    QTest::newRow("docker pull") << K::Docker << u"pull"_s
                                 << QStringList{u"--config"_s, u"/a"_s, u"pull"_s, u"reg:5000/base:1"_s};
    QTest::newRow("docker build") << K::Docker << u"build"_s
                                  << QStringList{u"--config"_s,  u"/a"_s,
                                                 u"build"_s,     u"--pull=false"_s,
                                                 u"-f"_s,        u"/w/Containerfile"_s,
                                                 u"-t"_s,        u"reg:5000/x:abc"_s,
                                                 u"/w/context"_s};
    QTest::newRow("docker push") << K::Docker << u"push"_s
                                 << QStringList{u"--config"_s, u"/a"_s, u"push"_s, u"reg:5000/x:abc"_s};
    QTest::newRow("docker rmi") << K::Docker << u"rmi"_s
                                << QStringList{u"image"_s, u"rm"_s, u"reg:5000/x:abc"_s};
}

void tst_EngineCommands::commands()
{
    QFETCH(ContainerEngineKind, kind);
    QFETCH(QString, step);
    QFETCH(QStringList, expected);
    const EngineCommands commands(kind, u"/usr/bin/engine"_s,
                                  {u"/s/root"_s, u"/s/run"_s, u"vfs"_s, u"chroot"_s});
    const RegistryAccess insecure{
        kind == ContainerEngineKind::Docker ? u"/a/config.json"_s : u"/a/auth.json"_s, false};
    EngineInvocation invocation;
    if (step == u"pull")
        invocation = commands.pull(u"reg:5000/base:1"_s, insecure);
    else if (step == u"inspect")
        invocation = commands.inspectUser(u"reg:5000/base:1"_s);
    else if (step == u"build")
        invocation = commands.build(u"/w/Containerfile"_s, u"/w/context"_s, u"reg:5000/x:abc"_s, insecure);
    else if (step == u"push")
        invocation = commands.push(u"reg:5000/x:abc"_s, insecure, u"/w/digest"_s);
    else
        invocation = commands.removeImage(u"reg:5000/x:abc"_s);
    QCOMPARE(invocation.program, u"/usr/bin/engine"_s);
    QCOMPARE(invocation.arguments, expected);
}

void tst_EngineCommands::defaultStorageAddsNothing()
{
    const EngineCommands commands(ContainerEngineKind::Buildah, u"buildah"_s);
    QCOMPARE(commands.pull(u"debian"_s, {}).arguments,
             (QStringList{u"pull"_s, u"--policy"_s, u"always"_s, u"--retry"_s, u"1"_s, u"--retry-delay"_s,
                          u"1s"_s, u"--tls-verify=true"_s, u"debian"_s}));
    QCOMPARE(commands.build(u"F"_s, u"C"_s, u"t"_s, {}).arguments,
             (QStringList{u"build"_s, u"--pull=false"_s, u"--layers=false"_s, u"--tls-verify=true"_s, u"-f"_s,
                          u"F"_s, u"-t"_s, u"t"_s, u"C"_s}));
}

void tst_EngineCommands::openFileLimit()
{
    EngineStorage storage;
    storage.maxOpenFiles = 20000;
    const EngineCommands buildah(ContainerEngineKind::Buildah, u"buildah"_s, storage);
    QVERIFY(buildah.build(u"F"_s, u"C"_s, u"t"_s, {})
                .arguments.join(u' ')
                .contains(u"--ulimit nofile=20000:20000"_s));
    const EngineCommands docker(ContainerEngineKind::Docker, u"docker"_s, storage);
    QVERIFY(!docker.build(u"F"_s, u"C"_s, u"t"_s, {}).arguments.contains(u"--ulimit"_s));
}

void tst_EngineCommands::authJson()
{
    const QByteArray json = EngineCommands::authJson({{u"reg:5000"_s, u"robot$kiln"_s, u"p:ss wörd"_s},
                                                      {u"quay.io"_s, u"u"_s, u"first"_s},
                                                      {u"quay.io"_s, u"u"_s, u"second"_s}});
    const QJsonObject auths = QJsonDocument::fromJson(json).object().value(u"auths"_s).toObject();
    QCOMPARE(auths.size(), 2);
    QCOMPARE(
        QByteArray::fromBase64(auths.value(u"reg:5000"_s).toObject().value(u"auth"_s).toString().toLatin1()),
        u"robot$kiln:p:ss wörd"_s.toUtf8());
    QCOMPARE(
        QByteArray::fromBase64(auths.value(u"quay.io"_s).toObject().value(u"auth"_s).toString().toLatin1()),
        "u:second");
    QCOMPARE(EngineCommands::authJson({}), QByteArray(R"({"auths":{}})"));
}

void tst_EngineCommands::secretsNeverOnCommandLine()
{
    for (ContainerEngineKind kind : allContainerEngines()) {
        const EngineCommands commands(kind, u"engine"_s);
        const RegistryAccess access{u"/private/auth.json"_s, true};
        const QStringList all = commands.pull(u"r/x"_s, access).arguments +
                                commands.push(u"r/x"_s, access, u"d"_s).arguments +
                                commands.build(u"F"_s, u"C"_s, u"r/x"_s, access).arguments;
        for (const QString &argument : all) {
            QVERIFY2(!argument.contains(u"password"_s, Qt::CaseInsensitive) &&
                         !argument.startsWith(u"--creds"_s),
                     qPrintable(argument));
        }
    }
}

void tst_EngineCommands::pushDigest_data()
{
    QTest::addColumn<QStringList>("output");
    QTest::addColumn<QString>("digest");
    const QString d = u"sha256:"_s + QString(64, u'a');
    QTest::newRow("docker") << QStringList{u"The push refers to repository [reg:5000/x]"_s,
                                           u"5f70bf18a086: Pushed"_s,
                                           u"abc: digest: "_s + d + u" size: 528"_s}
                            << d;
    QTest::newRow("none") << QStringList{u"error"_s} << QString();
    QTest::newRow("short") << QStringList{u"abc: digest: sha256:abc size: 1"_s} << QString();
}

void tst_EngineCommands::pushDigest()
{
    QFETCH(QStringList, output);
    QFETCH(QString, digest);
    QCOMPARE(EngineCommands::parsePushDigest(output), digest);
}

QTEST_GUILESS_MAIN(tst_EngineCommands)
#include "tst_enginecommands.moc"
