#include "testsupport.h"

#include "store/catalogue.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

// The kiln GUI executable, started as a real process on the offscreen platform.
class tst_KilnApp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpAndVersion();
    void createsTheCatalogueAndRuns();
    void refusesAnUnreadableCatalogue();
    void rejectsUnknownOptions();

private:
    QProcessEnvironment environment(const QString &home) const;
    QString m_kiln;
};

void tst_KilnApp::initTestCase()
{
    m_kiln = KilnTest::binaryPath(u"app/kiln/kiln"_s);
    QVERIFY2(QFile::exists(m_kiln), qPrintable(m_kiln));
}

QProcessEnvironment tst_KilnApp::environment(const QString &home) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    return env;
}

void tst_KilnApp::helpAndVersion()
{
    QTemporaryDir home;
    QProcess process;
    process.setProcessEnvironment(environment(home.path()));
    process.start(m_kiln, {u"--help"_s});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromLocal8Bit(process.readAllStandardOutput());
    QVERIFY2(help.contains(u"--catalog <PATH>"), qPrintable(help));

    process.start(m_kiln, {u"--version"_s});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromLocal8Bit(process.readAllStandardOutput()), u"kiln " KILN_VERSION "\n"_s);
}

// With --catalog, kiln creates the folder and a migrated catalogue, then keeps
// running its event loop until it is told to stop.
void tst_KilnApp::createsTheCatalogueAndRuns()
{
    QTemporaryDir home;
    const QString path = home.filePath(u"nested/dir/catalogue.sqlite"_s);
    QProcess process;
    process.setProcessEnvironment(environment(home.path()));
    process.start(m_kiln, {u"--catalog"_s, path});
    QVERIFY(process.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 20000);
    QVERIFY2(!process.waitForFinished(1500), process.readAllStandardError().constData());
    process.terminate();
    QVERIFY(process.waitForFinished(10000));

    auto catalogue = Kiln::Catalogue::openSqlite(path);
    QVERIFY2(catalogue.ok(), catalogue.ok() ? "" : qPrintable(catalogue.error().message));
    QVERIFY(catalogue.value()->schemaVersion() >= 1);
}

void tst_KilnApp::refusesAnUnreadableCatalogue()
{
    QTemporaryDir home;
    const QString path = home.filePath(u"garbage.sqlite"_s);
    QFile garbage(path);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'x'));
    garbage.close();

    QProcess process;
    process.setProcessEnvironment(environment(home.path()));
    process.start(m_kiln, {u"--catalog"_s, path});
    QVERIFY(process.waitForStarted(10000));
    // The reason goes to standard error before the error dialog opens.
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("cannot open the catalogue"),
                             20000);
    QVERIFY2(err.contains(path.toLocal8Bit()), err.constData());
    process.kill();
    process.waitForFinished(10000);
    // Nothing was written into the file that was not a catalogue.
    QVERIFY(garbage.open(QIODevice::ReadOnly));
    QCOMPARE(garbage.readAll(), QByteArray(8192, 'x'));
}

void tst_KilnApp::rejectsUnknownOptions()
{
    QTemporaryDir home;
    QProcess process;
    process.setProcessEnvironment(environment(home.path()));
    process.start(m_kiln, {u"--no-such-option"_s});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("no-such-option"));
}

QTEST_GUILESS_MAIN(tst_KilnApp)
#include "tst_kilnapp.moc"
