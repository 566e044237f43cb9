#include "bake/containerengine.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_ContainerEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names_data();
    void names();
    void parseVersion_data();
    void parseVersion();
    void detectsInstalledEngines();
    void reportsBrokenEngines();
    void preferenceOrder();
};

void tst_ContainerEngine::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");
    QTest::addColumn<int>("kind");
    QTest::newRow("buildah") << u"buildah"_s << true << int(ContainerEngineKind::Buildah);
    QTest::newRow("Podman") << u"Podman"_s << true << int(ContainerEngineKind::Podman);
    QTest::newRow("docker") << u"docker"_s << true << int(ContainerEngineKind::Docker);
    QTest::newRow("kaniko") << u"kaniko"_s << false << 0;
    QTest::newRow("empty") << QString() << false << 0;
}

void tst_ContainerEngine::names()
{
    QFETCH(QString, name);
    QFETCH(bool, known);
    QFETCH(int, kind);
    const auto parsed = containerEngineFromName(name);
    QCOMPARE(parsed.has_value(), known);
    if (known) {
        QCOMPARE(int(*parsed), kind);
        QCOMPARE(containerEngineName(*parsed), name.toLower());
    }
}

void tst_ContainerEngine::parseVersion_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("version");
    QTest::newRow("buildah") << u"buildah version 1.28.2 (image-spec 1.0.2-dev, runtime-spec 1.0.2-dev)\n"_s
                             << u"1.28.2"_s;
    QTest::newRow("podman") << u"podman version 4.3.1\n"_s << u"4.3.1"_s;
    QTest::newRow("docker") << u"Docker version 28.2.2, build e6534b4\n"_s << u"28.2.2"_s;
    QTest::newRow("rc") << u"podman version 5.0.0-rc1"_s << u"5.0.0-rc1"_s;
    QTest::newRow("none") << u"no version here"_s << QString();
}

void tst_ContainerEngine::parseVersion()
{
    QFETCH(QString, output);
    QFETCH(QString, version);
    QCOMPARE(parseEngineVersion(output), version);
}

// The real engines that scripts/dev installs must be found, with the version
// they report themselves.
void tst_ContainerEngine::detectsInstalledEngines()
{
    const QList<ContainerEngineInfo> engines = detectContainerEngines();
    QCOMPARE(engines.size(), 3);
    for (const ContainerEngineInfo &info : engines) {
        const QString name = containerEngineName(info.kind);
        const QString path = QStandardPaths::findExecutable(name);
        QCOMPARE(info.path, path);
        if (path.isEmpty()) {
            QVERIFY(!info.usable());
            QCOMPARE(info.problem, u"not installed"_s);
            continue;
        }
        QProcess process;
        process.start(path, {u"--version"_s});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(info.version, parseEngineVersion(QString::fromLocal8Bit(process.readAllStandardOutput())));
        QVERIFY(!info.version.isEmpty());
        if (info.kind != ContainerEngineKind::Docker) {
            QVERIFY2(info.usable(), qPrintable(info.problem));
            continue;
        }
        // The docker client is usable only with a daemon behind it.
        process.start(path, {u"version"_s, u"--format"_s, u"{{.Server.Version}}"_s});
        QVERIFY(process.waitForFinished(20000));
        const bool daemon = process.exitCode() == 0;
        QCOMPARE(info.usable(), daemon);
        if (!daemon)
            QVERIFY2(info.problem.contains(u"no Docker daemon"), qPrintable(info.problem));
    }
    const QString buildah = QStandardPaths::findExecutable(u"buildah"_s);
    if (buildah.isEmpty())
        QFAIL("buildah is not installed; scripts/dev installs it");
}

// Fault injection: engines whose --version fails or that cannot be executed.
void tst_ContainerEngine::reportsBrokenEngines()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile failing(dir.filePath(u"buildah"_s));
    QVERIFY(failing.open(QIODevice::WriteOnly));
    failing.write("#!/bin/sh\necho 'broken' >&2\nexit 3\n");
    failing.close();
    failing.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QFile podman(dir.filePath(u"podman"_s));
    QVERIFY(podman.open(QIODevice::WriteOnly));
    podman.write("#!/bin/sh\necho 'podman version 9.8.7'\n");
    podman.close();
    podman.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    const QList<ContainerEngineInfo> engines = detectContainerEngines({dir.path()});
    QCOMPARE(engines.size(), 3);
    QCOMPARE(engines[0].kind, ContainerEngineKind::Buildah);
    QVERIFY(!engines[0].usable());
    QVERIFY2(engines[0].problem.contains(u"exit code 3"), qPrintable(engines[0].problem));
    QCOMPARE(engines[1].kind, ContainerEngineKind::Podman);
    QVERIFY(engines[1].usable());
    QCOMPARE(engines[1].version, u"9.8.7"_s);
    QCOMPARE(engines[2].kind, ContainerEngineKind::Docker);
    QCOMPARE(engines[2].problem, u"not installed"_s);
}

void tst_ContainerEngine::preferenceOrder()
{
    ContainerEngineInfo buildah{ContainerEngineKind::Buildah, u"/usr/bin/buildah"_s, u"1.28"_s, {}};
    ContainerEngineInfo podman{ContainerEngineKind::Podman, u"/usr/bin/podman"_s, u"4.3"_s, {}};
    ContainerEngineInfo docker{ContainerEngineKind::Docker, {}, {}, u"not installed"_s};
    const QList<ContainerEngineInfo> detected{buildah, podman, docker};

    auto pick = preferredEngine(detected, {ContainerEngineKind::Docker, ContainerEngineKind::Podman});
    QVERIFY(pick);
    QCOMPARE(pick->kind, ContainerEngineKind::Podman);
    pick = preferredEngine(detected, {ContainerEngineKind::Buildah, ContainerEngineKind::Podman});
    QCOMPARE(pick->kind, ContainerEngineKind::Buildah);
    QVERIFY(!preferredEngine(detected, {ContainerEngineKind::Docker}));
    QVERIFY(!preferredEngine({}, allContainerEngines()));
}

QTEST_GUILESS_MAIN(tst_ContainerEngine)
#include "tst_containerengine.moc"
