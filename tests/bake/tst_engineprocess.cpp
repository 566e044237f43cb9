#include "bake/engineprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <sys/stat.h>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

QList<QByteArray> textsOf(const QList<EngineLine> &lines, EngineStream stream)
{
    QList<QByteArray> out;
    for (const EngineLine &line : lines)
        if (line.stream == stream)
            out.append(line.text);
    return out;
}

// Collects every line and every emission of an EngineProcess.
struct Collector
{
    QList<EngineLine> lines;
    QList<qint64> emissionTimes;
    int emissions = 0;
    std::optional<EngineResult> result;
    int finishedCount = 0;
    QElapsedTimer clock;

    void attach(EngineProcess &engine, QObject *context)
    {
        clock.start();
        QObject::connect(&engine, &EngineProcess::linesReady, context,
                         [this](const QList<EngineLine> &batch) {
                             QVERIFY(!batch.isEmpty());
                             QVERIFY(!result); // no lines after finished
                             lines += batch;
                             emissionTimes.append(clock.elapsed());
                             ++emissions;
                         });
        QObject::connect(&engine, &EngineProcess::finished, context, [this](const EngineResult &r) {
            result = r;
            ++finishedCount;
        });
    }
    QList<QByteArray> out() const { return textsOf(lines, EngineStream::Out); }
    QList<QByteArray> err() const { return textsOf(lines, EngineStream::Err); }
};

// Whether `pid` is a live (not zombie) process.
bool processAlive(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray data = stat.readAll();
    const qsizetype paren = data.lastIndexOf(')');
    if (paren < 0 || paren + 2 >= data.size())
        return false;
    const char state = data.at(paren + 2);
    return state != 'Z' && state != 'X';
}

// Live processes whose process group is `pgid`.
QList<qint64> groupMembers(qint64 pgid)
{
    QList<qint64> members;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray data = stat.readAll();
        const qsizetype paren = data.lastIndexOf(')');
        if (paren < 0)
            continue;
        const QList<QByteArray> fields = data.mid(paren + 2).split(' ');
        // state ppid pgrp ...
        if (fields.size() < 3 || fields.at(0) == "Z" || fields.at(0) == "X")
            continue;
        if (fields.at(2).toLongLong() == pgid)
            members.append(pid);
    }
    return members;
}

void runShell(EngineProcess &engine, const QString &script, const QStringList &extraArgs = {})
{
    engine.setProgram(u"sh"_s);
    engine.setArguments(QStringList{u"-c"_s, script, u"sh"_s} + extraArgs);
}

// A shell that prints its own pid and the pids of two background sleeps, then waits.
const QString kTreeScript = u"echo $$; sleep 600 & echo $!; sleep 600 & echo $!; wait"_s;
// The same, but the shell and its children ignore SIGTERM (only SIGKILL ends them).
const QString kStubbornTreeScript =
    u"trap '' TERM; echo $$; sleep 600 & echo $!; sleep 600 & echo $!; wait"_s;

QList<qint64> pidsFrom(const QList<QByteArray> &lines)
{
    QList<qint64> pids;
    for (const QByteArray &line : lines)
        pids.append(line.toLongLong());
    return pids;
}

} // namespace

class TestEngineProcess : public QObject
{
    Q_OBJECT

private slots:
    void lines_data();
    void lines();
    void batching();
    void batchRate();
    void longLine();
    void exitCodes_data();
    void exitCodes();
    void environmentAndWorkingDirectory();
    void cancel_data();
    void cancel();
    void cancelWhenNotRunning();
    void timeout();
    void finishesBeforeTimeout();
    void leftoversKilledAfterExit();
    void startFailure_data();
    void startFailure();
    void startWhileRunning();
    void restart();
    void authFile_data();
    void authFile();
    void destroyWhileRunning();
};

void TestEngineProcess::lines_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QList<QByteArray>>("out");
    QTest::addColumn<QList<QByteArray>>("err");

    using L = QList<QByteArray>;
    QTest::newRow("simple") << u"printf 'a\\nb\\n'"_s << L{"a", "b"} << L{};
    QTest::newRow("no output") << u"true"_s << L{} << L{};
    QTest::newRow("partial last line") << u"printf 'a\\nb'"_s << L{"a", "b"} << L{};
    QTest::newRow("only partial") << u"printf 'abc'"_s << L{"abc"} << L{};
    QTest::newRow("empty lines") << u"printf '\\n\\nx\\n\\n'"_s << L{"", "", "x", ""} << L{};
    QTest::newRow("crlf") << u"printf 'a\\r\\nb\\r\\n'"_s << L{"a", "b"} << L{};
    QTest::newRow("cr progress") << u"printf '10%%\\r20%%\\r30%%\\n'"_s << L{"10%", "20%", "30%"} << L{};
    QTest::newRow("trailing cr") << u"printf 'a\\r'"_s << L{"a"} << L{};
    QTest::newRow("cr cr") << u"printf 'a\\r\\rb\\n'"_s << L{"a", "", "b"} << L{};
    QTest::newRow("lf cr") << u"printf 'a\\n\\rb\\n'"_s << L{"a", "", "b"} << L{};
    QTest::newRow("crlf split across writes")
        << u"printf 'a\\r'; sleep 0.2; printf '\\nb\\n'"_s << L{"a", "b"} << L{};
    QTest::newRow("cr then text across writes")
        << u"printf 'a\\r'; sleep 0.2; printf 'b\\n'"_s << L{"a", "b"} << L{};
    QTest::newRow("line split across writes")
        << u"printf 'ab'; sleep 0.2; printf 'cd\\n'"_s << L{"abcd"} << L{};
    QTest::newRow("invalid utf8") << u"printf '\\377\\376ok\\n\\303\\n'"_s << L{"\xff\xfeok", "\xc3"} << L{};
    QTest::newRow("nul byte") << u"printf 'a\\000b\\n'"_s << L{QByteArray("a\0b", 3)} << L{};
    QTest::newRow("utf8") << u"printf '\\303\\251t\\303\\251\\n'"_s << L{"\xc3\xa9t\xc3\xa9"} << L{};
    QTest::newRow("stderr only") << u"printf 'e1\\ne2\\n' >&2"_s << L{} << L{"e1", "e2"};
    QTest::newRow("stderr partial") << u"printf 'e1\\ne2' >&2"_s << L{} << L{"e1", "e2"};
    QTest::newRow("both streams") << u"echo o1; echo e1 >&2; echo o2; echo e2 >&2; printf o3; printf e3 >&2"_s
                                  << L{"o1", "o2", "o3"} << L{"e1", "e2", "e3"};
    QTest::newRow("partials on both streams do not merge")
        << u"printf 'x'; printf 'y' >&2; sleep 0.1; printf 'z\\n'"_s << L{"xz"} << L{"y"};
    QTest::newRow("output then failure") << u"echo before; exit 7"_s << L{"before"} << L{};
}

void TestEngineProcess::lines()
{
    QFETCH(QString, script);
    QFETCH(QList<QByteArray>, out);
    QFETCH(QList<QByteArray>, err);

    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, script);
    QVERIFY(engine.start());
    QVERIFY(engine.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    QVERIFY(!engine.isRunning());
    QCOMPARE(c.finishedCount, 1);
    QCOMPARE(c.out(), out);
    QCOMPARE(c.err(), err);
    QVERIFY(!c.result->crashed);
    QVERIFY(!c.result->cancelled);
    QVERIFY(!c.result->failedToStart);
}

void TestEngineProcess::batching()
{
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    engine.setProgram(u"seq"_s);
    engine.setArguments({u"1"_s, u"10000"_s});
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    QCOMPARE(c.result->exitCode, 0);
    QVERIFY(c.result->succeeded());
    const QList<QByteArray> out = c.out();
    QCOMPARE(out.size(), 10000);
    for (int i = 0; i < out.size(); ++i)
        QCOMPARE(out.at(i), QByteArray::number(i + 1));
    // At most one emission per 50 ms, plus the final flush.
    QVERIFY2(c.emissions <= c.result->elapsedMs / 50 + 2,
             qPrintable(u"%1 emissions in %2 ms"_s.arg(c.emissions).arg(c.result->elapsedMs)));
    QVERIFY2(c.emissions <= 20, qPrintable(u"%1 emissions"_s.arg(c.emissions)));
}

void TestEngineProcess::batchRate()
{
    // A slow producer: one line every 10 ms for ~0.6 s. Consecutive emissions must be
    // at least ~50 ms apart (except the final flush at exit).
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, u"i=0; while [ $i -lt 60 ]; do echo $i; sleep 0.01; i=$((i+1)); done"_s);
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 20000);
    QCOMPARE(c.out().size(), 60);
    QCOMPARE(c.out().constLast(), QByteArray("59"));
    QVERIFY(c.emissions >= 2);
    QVERIFY2(c.emissions < 60, qPrintable(u"%1 emissions"_s.arg(c.emissions)));
    for (qsizetype i = 1; i + 1 < c.emissionTimes.size(); ++i) {
        const qint64 gap = c.emissionTimes.at(i) - c.emissionTimes.at(i - 1);
        QVERIFY2(gap >= 45, qPrintable(u"emissions %1 and %2 only %3 ms apart"_s.arg(i - 1).arg(i).arg(gap)));
    }
}

void TestEngineProcess::longLine()
{
    // 200000 bytes without a terminator, in pieces of the line cap; nothing dropped.
    EngineProcess engine;
    engine.setMaxLineBytes(65536);
    Collector c;
    c.attach(engine, this);
    runShell(engine, u"head -c 200000 /dev/zero | tr '\\000' x; printf '\\nend\\n'"_s);
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    const QList<QByteArray> out = c.out();
    QCOMPARE(out.size(), 5);
    QCOMPARE(out.at(0), QByteArray(65536, 'x'));
    QCOMPARE(out.at(1), QByteArray(65536, 'x'));
    QCOMPARE(out.at(2), QByteArray(65536, 'x'));
    QCOMPARE(out.at(3), QByteArray(200000 - 3 * 65536, 'x'));
    QCOMPARE(out.at(4), QByteArray("end"));
}

void TestEngineProcess::exitCodes_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("crashed");
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("reason");

    QTest::newRow("0") << u"exit 0"_s << 0 << false << 0 << u"sh exited with code 0."_s;
    QTest::newRow("1") << u"exit 1"_s << 1 << false << 0 << u"sh exited with code 1."_s;
    QTest::newRow("3") << u"exit 3"_s << 3 << false << 0 << u"sh exited with code 3."_s;
    QTest::newRow("255") << u"exit 255"_s << 255 << false << 0 << u"sh exited with code 255."_s;
    QTest::newRow("SIGKILL") << u"kill -KILL $$"_s << -1 << true << 9
                             << u"sh crashed (killed by signal 9)."_s;
    QTest::newRow("SIGSEGV") << u"kill -SEGV $$"_s << -1 << true << 11
                             << u"sh crashed (killed by signal 11)."_s;
    QTest::newRow("SIGTERM not ours")
        << u"kill -TERM $$"_s << -1 << true << 15 << u"sh crashed (killed by signal 15)."_s;
}

void TestEngineProcess::exitCodes()
{
    QFETCH(QString, script);
    QFETCH(int, exitCode);
    QFETCH(bool, crashed);
    QFETCH(int, signal);
    QFETCH(QString, reason);

    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, script);
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    QCOMPARE(c.result->exitCode, exitCode);
    QCOMPARE(c.result->crashed, crashed);
    QCOMPARE(c.result->signal, signal);
    QCOMPARE(c.result->reason, reason);
    QVERIFY(!c.result->cancelled);
    QVERIFY(!c.result->timedOut);
    QCOMPARE(c.result->succeeded(), exitCode == 0 && !crashed);
}

void TestEngineProcess::environmentAndWorkingDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, u"pwd -P; printf '%s\\n' \"$KILN_TEST_VAR\"; printf '%s\\n' \"$1\""_s,
             {u"arg with spaces; $(not run)"_s});
    engine.setWorkingDirectory(dir.path());
    engine.setExtraEnvironment({{u"KILN_TEST_VAR"_s, u"hello world"_s}});
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    QVERIFY(c.result->succeeded());
    const QList<QByteArray> expected{QFileInfo(dir.path()).canonicalFilePath().toUtf8(), "hello world",
                                     "arg with spaces; $(not run)"};
    QCOMPARE(c.out(), expected);
}

void TestEngineProcess::cancel_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<qint64>("minMs");
    QTest::addColumn<qint64>("maxMs");

    // SIGTERM ends a plain shell tree at once.
    QTest::newRow("terminates") << kTreeScript << qint64(0) << qint64(1000);
    // A tree that ignores SIGTERM is SIGKILLed after the 1.5 s grace, still within 2 s.
    QTest::newRow("ignores SIGTERM") << kStubbornTreeScript << qint64(1400) << qint64(2000);
}

void TestEngineProcess::cancel()
{
    QFETCH(QString, script);
    QFETCH(qint64, minMs);
    QFETCH(qint64, maxMs);

    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, script);
    QVERIFY(engine.start());
    QTRY_COMPARE_WITH_TIMEOUT(c.out().size(), 3, 10000);
    const QList<qint64> pids = pidsFrom(c.out());
    QCOMPARE(pids.at(0), engine.processId());
    for (qint64 pid : pids)
        QVERIFY(processAlive(pid));
    QCOMPARE(groupMembers(engine.processId()).size(), 3);
    const qint64 pgid = engine.processId();

    QElapsedTimer timer;
    timer.start();
    engine.cancel();
    engine.cancel(); // a second cancel changes nothing
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 5000);
    const qint64 reported = timer.elapsed();
    // Signals are delivered asynchronously: wait until the kernel has ended every
    // process of the tree, and measure that.
    QTRY_VERIFY_WITH_TIMEOUT(groupMembers(pgid).isEmpty(), 3000);
    for (qint64 pid : pids)
        QVERIFY2(!processAlive(pid), qPrintable(u"pid %1 survived"_s.arg(pid)));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(reported >= minMs && elapsed < maxMs,
             qPrintable(u"finished after %1 ms, tree gone after %2 ms"_s.arg(reported).arg(elapsed)));
    QCOMPARE(c.finishedCount, 1);
    QVERIFY(c.result->cancelled);
    QVERIFY(!c.result->timedOut);
    QVERIFY(!c.result->crashed);
    QVERIFY(!c.result->succeeded());
    QCOMPARE(c.result->reason, u"sh was cancelled."_s);
    QCOMPARE(engine.processId(), 0);
}

void TestEngineProcess::cancelWhenNotRunning()
{
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    engine.cancel(); // never started: nothing happens
    runShell(engine, u"echo done"_s);
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    engine.cancel(); // already finished: nothing happens
    QTest::qWait(100);
    QCOMPARE(c.finishedCount, 1);
    QVERIFY(c.result->succeeded());
    QVERIFY(!c.result->cancelled);
}

void TestEngineProcess::timeout()
{
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, kTreeScript);
    engine.setTimeoutMs(300);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(engine.start());
    QTRY_COMPARE_WITH_TIMEOUT(c.out().size(), 3, 10000);
    const QList<qint64> pids = pidsFrom(c.out());
    const qint64 pgid = engine.processId();
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 5000);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= 300 && elapsed < 2300, qPrintable(u"took %1 ms"_s.arg(elapsed)));
    QVERIFY(c.result->timedOut);
    QVERIFY(!c.result->cancelled);
    QVERIFY(!c.result->crashed);
    QVERIFY(!c.result->succeeded());
    QCOMPARE(c.result->reason, u"sh timed out after 0.3 s."_s);
    QTRY_VERIFY_WITH_TIMEOUT(groupMembers(pgid).isEmpty(), 2000);
    for (qint64 pid : pids)
        QVERIFY(!processAlive(pid));
}

void TestEngineProcess::finishesBeforeTimeout()
{
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, u"exit 4"_s);
    engine.setTimeoutMs(2000);
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    QVERIFY(!c.result->timedOut);
    QCOMPARE(c.result->exitCode, 4);
    QTest::qWait(2200); // the timer must not fire after the run
    QCOMPARE(c.finishedCount, 1);
}

void TestEngineProcess::leftoversKilledAfterExit()
{
    // The main process exits at once but leaves a background child in its group.
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, u"sleep 600 >/dev/null 2>&1 & echo $!"_s);
    QVERIFY(engine.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    QVERIFY(c.result->succeeded());
    QCOMPARE(c.out().size(), 1);
    const qint64 child = c.out().at(0).toLongLong();
    QVERIFY(child > 1);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(child), 2000);
}

void TestEngineProcess::startFailure_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("reasonPart");

    QTest::newRow("empty") << QString() << QString() << u"No program"_s;
    QTest::newRow("missing path") << u"/nonexistent/kiln-engine"_s << QString() << u"does not exist"_s;
    QTest::newRow("not on PATH") << u"kiln-no-such-engine-xyz"_s << QString() << u"not found on the PATH"_s;
    QTest::newRow("not executable") << u"NOEXEC"_s << QString() << u"not executable"_s;
    QTest::newRow("directory") << u"DIR"_s << QString() << u"is a directory"_s;
    // Passes the checks before start but exec() refuses it: QProcess's own error path.
    QTest::newRow("bad executable format") << u"BADFORMAT"_s << QString() << u"Could not start"_s;
    QTest::newRow("missing working dir")
        << u"sh"_s << u"/nonexistent/kiln-workdir"_s << u"working directory /nonexistent/kiln-workdir"_s;
}

void TestEngineProcess::startFailure()
{
    QFETCH(QString, program);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, reasonPart);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    if (program == "NOEXEC"_L1) {
        program = dir.filePath(u"noexec.sh"_s);
        QFile f(program);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\necho hi\n");
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    } else if (program == "BADFORMAT"_L1) {
        program = dir.filePath(u"garbage"_s);
        QFile f(program);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\x7f"
                           "ELF\x01\x02 not really a program",
                           32));
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    } else if (program == "DIR"_L1) {
        program = dir.path();
    }

    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    engine.setProgram(program);
    engine.setWorkingDirectory(workingDirectory);
    QVERIFY(engine.start());
    QVERIFY(!c.result); // reported after start() returned
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 5000);
    QVERIFY(c.result->failedToStart);
    QVERIFY(!c.result->succeeded());
    QVERIFY2(c.result->reason.contains(reasonPart), qPrintable(c.result->reason));
    if (!program.isEmpty())
        QVERIFY2(c.result->reason.contains(program), qPrintable(c.result->reason));
    QVERIFY(!engine.isRunning());
    QTest::qWait(50);
    QCOMPARE(c.finishedCount, 1);
    QCOMPARE(c.emissions, 0);
}

void TestEngineProcess::startWhileRunning()
{
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, u"sleep 600"_s);
    QVERIFY(engine.start());
    QVERIFY(!engine.start());
    engine.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 3000);
    QTest::qWait(50);
    QCOMPARE(c.finishedCount, 1);
    QVERIFY(c.result->cancelled);
}

void TestEngineProcess::restart()
{
    EngineProcess engine;
    Collector c;
    c.attach(engine, this);
    runShell(engine, u"printf first"_s);
    QVERIFY(engine.start());
    QTRY_COMPARE_WITH_TIMEOUT(c.finishedCount, 1, 10000);
    QVERIFY(c.result->succeeded());
    c.result.reset();
    runShell(engine, u"printf second; exit 2"_s);
    QVERIFY(engine.start());
    QTRY_COMPARE_WITH_TIMEOUT(c.finishedCount, 2, 10000);
    QCOMPARE(c.out(), (QList<QByteArray>{"first", "second"}));
    QCOMPARE(c.result->exitCode, 2);
}

void TestEngineProcess::authFile_data()
{
    QTest::addColumn<QString>("ending");
    QTest::newRow("exit") << u"exit"_s;
    QTest::newRow("failure") << u"failure"_s;
    QTest::newRow("cancel") << u"cancel"_s;
    QTest::newRow("timeout") << u"timeout"_s;
    QTest::newRow("start failure") << u"start failure"_s;
    QTest::newRow("destroyed unstarted") << u"destroyed unstarted"_s;
    QTest::newRow("destroyed running") << u"destroyed running"_s;
}

void TestEngineProcess::authFile()
{
    QFETCH(QString, ending);

    const QByteArray json = R"({"auths":{"127.0.0.1:5000":{"auth":"dXNlcjpzM2NyZXQ="}}})";
    auto engine = std::make_unique<EngineProcess>();
    Collector c;
    c.attach(*engine, this);
    const Result<QString, EngineProcessError> written = engine->writeAuthFile(json);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    const QString path = written.value();
    const QString dirPath = QFileInfo(path).absolutePath();
    QVERIFY(QFileInfo(path).isAbsolute());

    struct stat st
    {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
    QVERIFY(S_ISREG(st.st_mode));
    QCOMPARE(::stat(QFile::encodeName(dirPath).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0700));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), json);
    f.close();

    // A second file gets its own name.
    const Result<QString, EngineProcessError> second = engine->writeAuthFile("{}");
    QVERIFY(second.ok());
    QVERIFY(second.value() != path);

    if (ending == "destroyed unstarted"_L1) {
        engine.reset();
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(!QFileInfo::exists(dirPath));
        return;
    }

    if (ending == "start failure"_L1) {
        engine->setProgram(u"/nonexistent/kiln-engine"_s);
    } else if (ending == "exit"_L1) {
        // The engine can read it; the secret is not on its command line.
        runShell(*engine, u"cat \"$1\"; echo; tr '\\0' ' ' < /proc/$$/cmdline; echo"_s, {path});
    } else if (ending == "failure"_L1) {
        runShell(*engine, u"exit 1"_s);
    } else {
        runShell(*engine, u"echo started; sleep 600"_s);
    }
    if (ending == "timeout"_L1)
        engine->setTimeoutMs(200);
    QVERIFY(engine->start());
    QVERIFY(QFileInfo::exists(path)); // still there while the run is in progress

    if (ending == "cancel"_L1 || ending == "destroyed running"_L1) {
        QTRY_COMPARE_WITH_TIMEOUT(c.out().size(), 1, 10000);
        QVERIFY(QFileInfo::exists(path));
        if (ending == "cancel"_L1) {
            engine->cancel();
        } else {
            engine.reset();
            QVERIFY(!QFileInfo::exists(path));
            QVERIFY(!QFileInfo::exists(dirPath));
            QVERIFY(!c.result); // destroyed: no finished()
            return;
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(c.result.has_value(), 10000);
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(second.value()));
    QVERIFY(!QFileInfo::exists(dirPath));
    if (ending == "exit"_L1) {
        QVERIFY(c.result->succeeded());
        QCOMPARE(c.out().size(), 2);
        QCOMPARE(c.out().at(0), json);
        QVERIFY(!c.out().at(1).contains("dXNlcjpzM2NyZXQ="));
    }

    // A later run gets a fresh directory.
    const Result<QString, EngineProcessError> again = engine->writeAuthFile(json);
    QVERIFY(again.ok());
    QVERIFY(QFileInfo::exists(again.value()));
    engine.reset();
    QVERIFY(!QFileInfo::exists(again.value()));
}

void TestEngineProcess::destroyWhileRunning()
{
    auto engine = std::make_unique<EngineProcess>();
    Collector c;
    c.attach(*engine, this);
    runShell(*engine, kStubbornTreeScript);
    QVERIFY(engine->start());
    QTRY_COMPARE_WITH_TIMEOUT(c.out().size(), 3, 10000);
    const QList<qint64> pids = pidsFrom(c.out());
    const qint64 pgid = engine->processId();
    QCOMPARE(groupMembers(pgid).size(), 3);

    QElapsedTimer timer;
    timer.start();
    engine.reset();
    QVERIFY2(timer.elapsed() < 1000, qPrintable(u"destructor took %1 ms"_s.arg(timer.elapsed())));
    QVERIFY(!c.result);
    // The main process is reaped by the destructor; the orphans by whoever adopts them.
    QVERIFY(!processAlive(pids.at(0)));
    QTRY_VERIFY_WITH_TIMEOUT(groupMembers(pgid).isEmpty(), 2000);
    for (qint64 pid : pids)
        QVERIFY(!processAlive(pid));
}

QTEST_GUILESS_MAIN(TestEngineProcess)
#include "tst_engineprocess.moc"
