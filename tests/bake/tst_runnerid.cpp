#include "bake/runnerid.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSysInfo>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

class tst_RunnerId : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void roundTrip();
    void thisProcessIsAlive();
    void endedProcessIsDead();
    void otherHostIsUnknown();
};

void tst_RunnerId::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ok") << u"host|42|123456"_s << true;
    QTest::newRow("start 0") << u"host|42|0"_s << true;
    QTest::newRow("empty") << u""_s << false;
    QTest::newRow("no host") << u"|42|1"_s << false;
    QTest::newRow("two parts") << u"host|42"_s << false;
    QTest::newRow("four parts") << u"host|42|1|2"_s << false;
    QTest::newRow("pid 0") << u"host|0|1"_s << false;
    QTest::newRow("negative start") << u"host|1|-1"_s << false;
    QTest::newRow("not a number") << u"host|x|1"_s << false;
}

void tst_RunnerId::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(parseRunnerId(text).has_value(), valid);
}

void tst_RunnerId::roundTrip()
{
    const RunnerId id{u"build-7.example"_s, 4242, 987654};
    QCOMPARE(id.toString(), u"build-7.example|4242|987654"_s);
    QCOMPARE(parseRunnerId(id.toString()), std::optional<RunnerId>(id));
}

void tst_RunnerId::thisProcessIsAlive()
{
    const RunnerId me = currentRunner();
    QCOMPARE(me.pid, QCoreApplication::applicationPid());
    QVERIFY(me.startTicks > 0);
    QCOMPARE(runnerState(me.toString()), RunnerState::Alive);
    // The same pid with another start time is a recycled pid: not us.
    QCOMPARE(runnerState(RunnerId{me.host, me.pid, me.startTicks + 1}.toString()), RunnerState::Dead);
}

void tst_RunnerId::endedProcessIsDead()
{
    QProcess child;
    child.start(u"sleep"_s, {u"30"_s});
    QVERIFY(child.waitForStarted());
    const auto start = processStartTicks(child.processId());
    QVERIFY(start.has_value());
    const QString runner = RunnerId{QSysInfo::machineHostName(), child.processId(), *start}.toString();
    QCOMPARE(runnerState(runner), RunnerState::Alive);
    child.kill();
    QVERIFY(child.waitForFinished());
    QCOMPARE(runnerState(runner), RunnerState::Dead);
}

void tst_RunnerId::otherHostIsUnknown()
{
    QCOMPARE(runnerState(u"some-other-host.invalid|1|1"_s), RunnerState::Unknown);
    QCOMPARE(runnerState(u"garbage"_s), RunnerState::Unknown);
    QCOMPARE(runnerState(QString()), RunnerState::Unknown);
}

QTEST_GUILESS_MAIN(tst_RunnerId)
#include "tst_runnerid.moc"
