#include "cli/cli.h"
#include "domain/settingsschema.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/settings.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
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
} // namespace

// kilnctl settings / engines / catalog against a real catalogue file.
class tst_SettingsCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void listShowsDefaults();
    void setGetReset();
    void rejectsBadValues_data();
    void rejectsBadValues();
    void usage_data();
    void usage();
    void engines();
    void catalogInfo();

private:
    QStringList withCatalog(QStringList arguments) const { return arguments << u"--catalog"_s << m_path; }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_SettingsCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(u"sub/catalogue.sqlite"_s);
}

void tst_SettingsCommand::listShowsDefaults()
{
    const Run run = kilnctl(withCatalog({u"settings"_s, u"list"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    const QJsonObject object = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(object.value(u"bake.concurrency").toString(), u"1"_s);
    QCOMPARE(object.value(u"engines.preference").toString(), u"buildah,podman,docker"_s);
    QCOMPARE(object.value(u"bake.superAdmin").toString(), u"false"_s);
    QCOMPARE(object.size(), allSettings().size());

    const Run text = kilnctl(withCatalog({u"settings"_s, u"list"_s}));
    QCOMPARE(text.code, 0);
    QVERIFY(text.out.contains(u"bake.jobTimeoutMinutes=120"));
}

void tst_SettingsCommand::setGetReset()
{
    Run run = kilnctl(withCatalog({u"settings"_s, u"set"_s, u"engines.preference"_s, u"podman, buildah"_s}));
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"podman,buildah\n"_s);
    run = kilnctl(withCatalog({u"settings"_s, u"get"_s, u"engines.preference"_s}));
    QCOMPARE(run.out, u"podman,buildah\n"_s);

    // The GUI reads the same catalogue through the same typed layer.
    auto catalogue = Catalogue::openSqlite(m_path);
    QVERIFY(catalogue.ok());
    QCOMPARE(Settings(*catalogue.value()).value(Setting::EnginePreference),
             (QStringList{u"podman"_s, u"buildah"_s}));

    run = kilnctl(withCatalog({u"settings"_s, u"reset"_s, u"engines.preference"_s}));
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"buildah,podman,docker\n"_s);
}

void tst_SettingsCommand::rejectsBadValues_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("range") << u"bake.concurrency"_s << u"0"_s << u"out of range"_s;
    QTest::newRow("number") << u"bake.pushRetries"_s << u"many"_s << u"not a whole number"_s;
    QTest::newRow("engine") << u"engines.preference"_s << u"rkt"_s << u"unknown container engine 'rkt'"_s;
}

void tst_SettingsCommand::rejectsBadValues()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, message);
    const Run run = kilnctl(withCatalog({u"settings"_s, u"set"_s, key, value}));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(message) && run.err.contains(key), qPrintable(run.err));
    // Nothing was stored.
    const auto info = findSetting(key);
    QCOMPARE(kilnctl(withCatalog({u"settings"_s, u"get"_s, key})).out, info->defaultText + u'\n');
}

void tst_SettingsCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no action") << QStringList{u"settings"_s} << u"expected list, get, set or reset"_s;
    QTest::newRow("unknown key") << QStringList{u"settings"_s, u"get"_s, u"nope"_s}
                                 << u"no setting called 'nope'"_s;
    QTest::newRow("set without value")
        << QStringList{u"settings"_s, u"set"_s, u"bake.concurrency"_s} << u"expected 2 argument(s)"_s;
    QTest::newRow("catalog action") << QStringList{u"catalog"_s, u"drop"_s} << u"expected 'info'"_s;
    QTest::newRow("engines args") << QStringList{u"engines"_s, u"x"_s} << u"takes no arguments"_s;
}

void tst_SettingsCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = kilnctl(withCatalog(arguments));
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_SettingsCommand::engines()
{
    QCOMPARE(
        kilnctl(withCatalog({u"settings"_s, u"set"_s, u"engines.preference"_s, u"podman,buildah"_s})).code,
        0);
    const Run run = kilnctl(withCatalog({u"engines"_s, u"--json"_s}));
    const QJsonObject object = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const auto engines = object.value(u"engines").toArray();
    QCOMPARE(engines.size(), 3);
    QCOMPARE(engines.at(0).toObject().value(u"name").toString(), u"podman"_s);
    QCOMPARE(engines.at(1).toObject().value(u"name").toString(), u"buildah"_s);
    QCOMPARE(engines.at(2).toObject().value(u"name").toString(), u"docker"_s);
    // scripts/dev installs podman: it is the preferred usable engine here.
    QCOMPARE(object.value(u"selected").toString(), u"podman"_s);
    QCOMPARE(run.code, 0);
}

void tst_SettingsCommand::catalogInfo()
{
    const Run run = kilnctl(withCatalog({u"catalog"_s, u"info"_s, u"--json"_s}));
    QCOMPARE(run.code, 0);
    const QJsonObject object = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(object.value(u"location").toString(), m_path);
    QVERIFY(object.value(u"schemaVersion").toInt() >= 1);
    QCOMPARE(object.value(u"specs").toInt(-1), 0);
    QCOMPARE(object.value(u"workers").toInt(-1), 0);
    QCOMPARE(object.value(u"bakeImages").toInt(-1), 0);

    // Bake images are counted on their own.
    auto catalogue = Catalogue::openSqlite(m_path);
    QVERIFY(catalogue.ok());
    BakeImage image;
    image.name = u"base"_s;
    image.source = {BakeSourceKind::Oci, u"debian:12"_s};
    image.sizeMib = 64;
    QVERIFY(BakeImageRepository(*catalogue.value()).registerImage(image).ok());
    const Run again = kilnctl(withCatalog({u"catalog"_s, u"info"_s, u"--json"_s}));
    QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object().value(u"bakeImages").toInt(-1), 1);
    QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object().value(u"images").toInt(-1), 0);
}

QTEST_GUILESS_MAIN(tst_SettingsCommand)
#include "tst_settingscommand.moc"
