#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace Qt::StringLiterals;

class tst_Kilnctl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void linksNoGui();
    void exitCodes_data();
    void exitCodes();
    void versionAndHelp();
    void helpInGerman();

private:
    QString m_kilnctl;
};

void tst_Kilnctl::initTestCase()
{
    m_kilnctl = KilnTest::binaryPath(u"app/kilnctl/kilnctl"_s);
    QVERIFY2(QFile::exists(m_kilnctl), qPrintable(m_kilnctl));
}

// kilnctl is the scripting face: it must run on machines without a display
// stack, so it links no Qt Gui or Widgets library.
void tst_Kilnctl::linksNoGui()
{
    const QString ldd = QStandardPaths::findExecutable(u"ldd"_s);
    QVERIFY2(!ldd.isEmpty(), "ldd is not installed");
    QProcess process;
    process.start(ldd, {m_kilnctl});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString libraries = QString::fromLocal8Bit(process.readAllStandardOutput());
    QVERIFY2(libraries.contains(u"libQt6Core"), qPrintable(libraries));
    QVERIFY2(!libraries.contains(u"libQt6Gui"), qPrintable(libraries));
    QVERIFY2(!libraries.contains(u"libQt6Widgets"), qPrintable(libraries));
}

void tst_Kilnctl::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("valid");
    QTest::newRow("valid ref") << QStringList{u"validate"_s, u"image-ref"_s, u"localhost:5000/a/b:c"_s} << 0
                               << true;
    QTest::newRow("invalid ref") << QStringList{u"validate"_s, u"image-ref"_s, u"A/B"_s} << 1 << false;
    QTest::newRow("valid apt") << QStringList{u"validate"_s, u"apt"_s, u"python3-venv"_s} << 0 << true;
    QTest::newRow("invalid pip") << QStringList{u"validate"_s, u"pip"_s, u"pkg>="_s} << 1 << false;
}

void tst_Kilnctl::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(bool, valid);
    QProcess process;
    process.start(m_kilnctl, arguments);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), exitCode);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(process.readAllStandardOutput(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(u"valid").toBool(), valid);
}

void tst_Kilnctl::versionAndHelp()
{
    QProcess process;
    process.start(m_kilnctl, {u"--version"_s});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), u"kilnctl " KILN_VERSION "\n"_s);

    process.start(m_kilnctl, {u"--help"_s});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(help.contains(u"Usage:") && help.contains(u"validate"), qPrintable(help));
    QVERIFY2(help.contains(u"Validate an image reference or an APT, Conda or Pip line"), qPrintable(help));
}

void tst_Kilnctl::helpInGerman()
{
    // The translations are built into kilnctl: the German catalogue answers in German.
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LANGUAGE"_s, u"de"_s);
    env.insert(u"LANG"_s, u"de_DE.UTF-8"_s);
    env.remove(u"LC_ALL"_s);
    env.remove(u"LC_MESSAGES"_s);
    process.setProcessEnvironment(env);
    process.start(m_kilnctl, {u"--help"_s});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(help.contains(u"Image-Referenz oder APT-, Conda- oder Pip-Zeile prüfen"), qPrintable(help));
    QVERIFY2(!help.contains(u"Validate an image reference"), qPrintable(help));
}

QTEST_GUILESS_MAIN(tst_Kilnctl)
#include "tst_kilnctl.moc"
