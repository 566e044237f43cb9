#include "domain/settingsschema.h"

#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_SettingsSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalize_data();
    void canonicalize();
    void defaultsPassTheirOwnRules();
    void keysAreUnique();
};

void tst_SettingsSchema::canonicalize_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("stored"); // empty when rejected
    QTest::addColumn<QString>("error");  // part of the message when rejected
    QTest::addColumn<int>("column");

    QTest::newRow("engines default") << u"engines.preference"_s << u"buildah,podman,docker"_s
                                     << u"buildah,podman,docker"_s << QString() << 0;
    QTest::newRow("engines spaces") << u"engines.preference"_s << u" podman , buildah"_s
                                    << u"podman,buildah"_s << QString() << 0;
    QTest::newRow("engines unknown") << u"engines.preference"_s << u"podman,kaniko"_s << QString()
                                     << u"unknown container engine 'kaniko'"_s << 8;
    QTest::newRow("engines twice") << u"engines.preference"_s << u"podman,podman"_s << QString()
                                   << u"listed twice"_s << 8;
    QTest::newRow("engines empty entry")
        << u"engines.preference"_s << u"podman,,docker"_s << QString() << u"empty entry"_s << 8;
    QTest::newRow("concurrency") << u"bake.concurrency"_s << u"4"_s << u"4"_s << QString() << 0;
    QTest::newRow("concurrency zero")
        << u"bake.concurrency"_s << u"0"_s << QString() << u"out of range"_s << 1;
    QTest::newRow("concurrency text")
        << u"bake.concurrency"_s << u"four"_s << QString() << u"not a whole number"_s << 1;
    QTest::newRow("timeout max") << u"bake.jobTimeoutMinutes"_s << u"10080"_s << u"10080"_s << QString() << 0;
    QTest::newRow("timeout over") << u"bake.jobTimeoutMinutes"_s << u"10081"_s << QString()
                                  << u"from 1 to 10080"_s << 1;
    QTest::newRow("retries none") << u"bake.pushRetries"_s << u"0"_s << u"0"_s << QString() << 0;
    QTest::newRow("health") << u"registries.healthCheckIntervalMinutes"_s << u"15"_s << u"15"_s << QString()
                            << 0;
    QTest::newRow("fan-out") << u"workers.fanOutConcurrency"_s << u"300"_s << QString() << u"out of range"_s
                             << 1;
    QTest::newRow("worker poll") << u"workers.pollSeconds"_s << u"60"_s << u"60"_s << QString() << 0;
    QTest::newRow("worker poll too often")
        << u"workers.pollSeconds"_s << u"1"_s << QString() << u"out of range"_s << 1;
}

void tst_SettingsSchema::canonicalize()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(QString, stored);
    QFETCH(QString, error);
    QFETCH(int, column);

    const auto info = findSetting(key);
    QVERIFY(info);
    const Result<QString> result = info->canonicalize(text);
    QCOMPARE(result.ok(), !stored.isEmpty());
    if (result) {
        QCOMPARE(result.value(), stored);
        return;
    }
    QVERIFY2(result.error().message.contains(error), qPrintable(result.error().message));
    QCOMPARE(result.error().field, key);
    QCOMPARE(result.error().column, column);
    QVERIFY(result.error().describe().startsWith(key + u", column"));
}

void tst_SettingsSchema::defaultsPassTheirOwnRules()
{
    const QList<SettingInfo> settings = allSettings();
    QCOMPARE(settings.size(), 11);
    for (const SettingInfo &info : settings) {
        const Result<QString> result = info.canonicalize(info.defaultText);
        QVERIFY2(result.ok(), qPrintable(info.key));
        QCOMPARE(result.value(), info.defaultText);
        QVERIFY(!info.description.isEmpty());
    }
    QVERIFY(!findSetting(u"no.such.setting"));
}

void tst_SettingsSchema::keysAreUnique()
{
    QStringList keys;
    for (const SettingInfo &info : allSettings())
        keys.append(info.key);
    QCOMPARE(QSet<QString>(keys.begin(), keys.end()).size(), keys.size());
}

QTEST_GUILESS_MAIN(tst_SettingsSchema)
#include "tst_settingsschema.moc"
