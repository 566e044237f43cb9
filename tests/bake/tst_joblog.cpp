#include "bake/joblog.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

// Random printable ASCII (and some UTF-8) of `length` bytes, no line breaks.
QByteArray randomText(QRandomGenerator &rng, qsizetype length)
{
    static const QByteArray alphabet =
        QByteArrayLiteral("abcdefghijklmnopqrstuvwxyz0123456789 .,:;-_=+/[]{}()");
    QByteArray out;
    out.reserve(length);
    while (out.size() < length) {
        if (rng.bounded(50) == 0 && out.size() + 2 <= length)
            out += "\xc3\xa9"; // é
        else
            out += alphabet.at(rng.bounded(int(alphabet.size())));
    }
    return out;
}

// Lines with lengths in [minLen, maxLen], joined with `eol`.
QByteArray randomLines(quint32 seed, int count, int minLen, int maxLen, const QByteArray &eol, bool trailing)
{
    QRandomGenerator rng(seed);
    QByteArray out;
    for (int i = 0; i < count; ++i) {
        out += randomText(rng, minLen + rng.bounded(maxLen - minLen + 1));
        if (i + 1 < count || trailing)
            out += eol;
    }
    return out;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// What JobLog::tail should return, derived from GNU tail's output with the
// documented rules: no '\n', one '\r' before it removed, lines cut to `cap`.
LogTail expectedFromGnu(const QByteArray &gnuOutput, qsizetype cap)
{
    LogTail out;
    if (gnuOutput.isEmpty())
        return out;
    QByteArray body = gnuOutput;
    if (body.endsWith('\n'))
        body.chop(1);
    const QList<QByteArray> lines = body.split('\n');
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > cap) {
            line.truncate(cap);
            ++out.truncatedLines;
        }
        out.lines.append(line);
    }
    return out;
}

QByteArray gnuTail(const QString &path, int n)
{
    QProcess p;
    p.start(u"tail"_s, {u"-n"_s, QString::number(n), path});
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QByteArrayLiteral("<tail failed>");
    return p.readAllStandardOutput();
}

} // namespace

class tst_JobLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void writerRoundTrip_data();
    void writerRoundTrip();
    void writerKeepsInvalidUtf8();
    void writerPrefixFormat();
    void reopeningAppends();
    void reopeningEndsHalfWrittenLine();
    void writerErrors();

    void tailMatchesGnuTail_data();
    void tailMatchesGnuTail();
    void tailCapsLongLines_data();
    void tailCapsLongLines();
    void tailOfWrittenLog();
    void tailErrors();
    void tailOfHugeFileIsFast();

    void exportRoundTrip_data();
    void exportRoundTrip();
    void exportCancelled();
    void exportErrors();
    void exportOffThread();

private:
    QString shapePath(const QString &shape) const { return m_dir.filePath(u"shape-"_s + shape + u".log"_s); }

    QTemporaryDir m_dir;
    QStringList m_shapes;
};

void tst_JobLog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!QStandardPaths::findExecutable(u"tail"_s).isEmpty(), "GNU tail is needed for the comparison");

    QList<QPair<QString, QByteArray>> shapes;
    shapes.append({u"empty"_s, QByteArray()});
    shapes.append({u"newline-only"_s, QByteArrayLiteral("\n")});
    shapes.append({u"blank-lines"_s, QByteArrayLiteral("\n\n\n\n")});
    shapes.append({u"one-line-no-newline"_s, QByteArrayLiteral("abc")});
    shapes.append({u"one-line"_s, QByteArrayLiteral("abc\n")});
    shapes.append({u"starts-with-newline"_s, QByteArrayLiteral("\nabc\ndef")});
    shapes.append({u"cr-only"_s, QByteArrayLiteral("\r")});
    shapes.append({u"short-lines"_s, randomLines(1, 5000, 0, 120, "\n", true)});
    shapes.append({u"short-lines-no-newline"_s, randomLines(2, 5000, 0, 120, "\n", false)});
    shapes.append({u"crlf"_s, randomLines(3, 3000, 0, 80, "\r\n", true)});
    shapes.append({u"crlf-no-newline"_s, randomLines(4, 3000, 0, 80, "\r\n", false) + "\r"});
    shapes.append(
        {u"mixed-cr"_s, randomLines(5, 2000, 0, 60, "\r", true) + randomLines(6, 2000, 0, 60, "\n", true)});
    {
        // Lines around and far beyond the 64 KiB block and the 16 KiB cap.
        QRandomGenerator rng(7);
        QByteArray data;
        const QList<int> lengths = {
            10,      16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 65535, 65536, 65537, 5, 200000, 0, 3,
            1500000, 16 * 1024,     7,         70000,         1};
        for (int len : lengths)
            data += randomText(rng, len) + '\n';
        data += randomLines(8, 500, 0, 100, "\n", true);
        data += randomText(rng, 100000); // and a long last line without '\n'
        shapes.append({u"long-lines"_s, data});
    }
    {
        // Every '\n' on a 64 KiB block boundary, counted from the end.
        QRandomGenerator rng(9);
        QByteArray data;
        for (int i = 0; i < 40; ++i)
            data += randomText(rng, 65535) + '\n';
        shapes.append({u"block-boundaries"_s, data});
    }
    shapes.append({u"few-megabytes"_s, randomLines(10, 60000, 0, 100, "\n", true)});
    {
        QRandomGenerator rng(11);
        QByteArray data;
        for (int i = 0; i < 3000; ++i) {
            const int len = rng.bounded(60);
            for (int j = 0; j < len; ++j) {
                char c = char(rng.bounded(256));
                if (c == '\n')
                    c = 'x';
                data += c;
            }
            data += '\n';
        }
        shapes.append({u"binary"_s, data});
    }

    for (const auto &[name, data] : shapes) {
        QVERIFY(writeFile(shapePath(name), data));
        m_shapes.append(name);
    }
}

// --- writer -----------------------------------------------------------------------

void tst_JobLog::writerRoundTrip_data()
{
    QTest::addColumn<QStringList>("input");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("plain") << QStringList{u"one"_s, u"two"_s} << QStringList{u"one"_s, u"two"_s};
    QTest::newRow("empty line") << QStringList{QString()} << QStringList{QString()};
    QTest::newRow("empty batch") << QStringList{} << QStringList{};
    QTest::newRow("LF splits") << QStringList{u"a\nb"_s} << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("CRLF is one break") << QStringList{u"a\r\nb"_s} << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("lone CR splits") << QStringList{u"10%\r20%\r30%"_s}
                                    << QStringList{u"10%"_s, u"20%"_s, u"30%"_s};
    QTest::newRow("LF CR is two breaks") << QStringList{u"a\n\rb"_s} << QStringList{u"a"_s, u""_s, u"b"_s};
    QTest::newRow("trailing LF ends the line") << QStringList{u"a\n"_s} << QStringList{u"a"_s};
    QTest::newRow("trailing CRLF ends the line") << QStringList{u"a\r\n"_s} << QStringList{u"a"_s};
    QTest::newRow("two trailing LF") << QStringList{u"a\n\n"_s} << QStringList{u"a"_s, u""_s};
    QTest::newRow("only LF") << QStringList{u"\n"_s} << QStringList{u""_s};
    QTest::newRow("blank lines kept")
        << QStringList{u"a\n\n\nb"_s} << QStringList{u"a"_s, u""_s, u""_s, u"b"_s};
    QTest::newRow("not merged") << QStringList{u"a"_s, u"b\nc"_s, u"d"_s}
                                << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s};
    QTest::newRow("unicode") << QStringList{u"Grüße ✓ 日本"_s} << QStringList{u"Grüße ✓ 日本"_s};
    QTest::newRow("pipes and spaces")
        << QStringList{u"  out| err| x  "_s} << QStringList{u"  out| err| x  "_s};
    QTest::newRow("tab") << QStringList{u"a\tb"_s} << QStringList{u"a\tb"_s};
}

void tst_JobLog::writerRoundTrip()
{
    QFETCH(QStringList, input);
    QFETCH(QStringList, expected);

    const QString path =
        m_dir.filePath(u"roundtrip-%1.log"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
    QFile::remove(path);
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    {
        JobLogWriter writer;
        QVERIFY(writer.open(path).ok());
        const auto r = writer.appendLines(input, LogStream::Err);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    }
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);

    const QByteArray content = readFile(path);
    QVERIFY(content.isEmpty() || content.endsWith('\n'));
    QList<QByteArray> rawLines = content.split('\n');
    rawLines.removeLast(); // after the final '\n'
    QStringList texts;
    for (const QByteArray &raw : rawLines) {
        const auto parsed = JobLog::parseLine(raw);
        QVERIFY2(parsed.has_value(), raw.constData());
        QCOMPARE(parsed->stream, LogStream::Err);
        QVERIFY(parsed->timestamp >= before && parsed->timestamp <= after);
        texts.append(QString::fromUtf8(parsed->text));
    }
    QCOMPARE(texts, expected);

    // tail() sees exactly the written records.
    const auto tailed = JobLog::tail(path, 1000);
    QVERIFY(tailed.ok());
    QCOMPARE(tailed->lines, rawLines);
}

void tst_JobLog::writerKeepsInvalidUtf8()
{
    const QString path = m_dir.filePath(u"invalid-utf8.log"_s);
    JobLogWriter writer;
    QVERIFY(writer.open(path).ok());
    const QByteArray bad = QByteArrayLiteral("ok \xff\xfe \xc3 \x80 end");
    QVERIFY(writer.appendData(bad + "\r\nsecond \xed\xa0\x80\n", LogStream::Out).ok());
    writer.close();

    const auto tailed = JobLog::tail(path, 10);
    QVERIFY(tailed.ok());
    QCOMPARE(tailed->lines.size(), 2);
    const auto first = JobLog::parseLine(tailed->lines.at(0));
    const auto second = JobLog::parseLine(tailed->lines.at(1));
    QVERIFY(first && second);
    QCOMPARE(first->text, bad);
    QCOMPARE(second->text, QByteArrayLiteral("second \xed\xa0\x80"));
    // Decoding never drops the line.
    QCOMPARE(tailed->text().size(), 2);
    QVERIFY(tailed->text().at(0).contains(QChar(0xFFFD)));
}

void tst_JobLog::writerPrefixFormat()
{
    const QDateTime t(QDate(2026, 11, 22), QTime(21, 30, 0, 123), Qt::UTC);
    QCOMPARE(JobLogWriter::prefix(t, LogStream::Out), QByteArrayLiteral("2026-11-22T21:30:00.123Z out| "));
    QCOMPARE(JobLogWriter::prefix(t, LogStream::Err), QByteArrayLiteral("2026-11-22T21:30:00.123Z err| "));
    QCOMPARE(JobLogWriter::prefix(t, LogStream::System), QByteArrayLiteral("2026-11-22T21:30:00.123Z sys| "));
    // Zero milliseconds are still written.
    QCOMPARE(JobLogWriter::prefix(t.addMSecs(-123), LogStream::Out),
             QByteArrayLiteral("2026-11-22T21:30:00.000Z out| "));

    const auto parsed = JobLog::parseLine(QByteArrayLiteral("2026-11-22T21:30:00.123Z sys| hello"));
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->timestamp, t);
    QCOMPARE(parsed->stream, LogStream::System);
    QCOMPARE(parsed->text, QByteArrayLiteral("hello"));
    QVERIFY(!JobLog::parseLine(QByteArrayLiteral("2026-11-22T21:30:00.123Z foo| hello")));
    QVERIFY(!JobLog::parseLine(QByteArrayLiteral("not a log line at all, but long enough")));
    QVERIFY(!JobLog::parseLine(QByteArrayLiteral("short")));
    QVERIFY(!JobLog::parseLine(QByteArray()));
}

void tst_JobLog::reopeningAppends()
{
    const QString path = m_dir.filePath(u"reopen.log"_s);
    {
        JobLogWriter writer;
        QVERIFY(writer.open(path).ok());
        QVERIFY(writer.appendLines({u"first"_s, u"second"_s}).ok());
    }
    const QByteArray before = readFile(path);
    {
        JobLogWriter writer;
        QVERIFY(writer.open(path).ok());
        QVERIFY(writer.appendLine(u"third"_s, LogStream::System).ok());
    }
    const QByteArray after = readFile(path);
    QVERIFY(after.startsWith(before));
    const auto tailed = JobLog::tail(path, 10);
    QVERIFY(tailed.ok());
    QCOMPARE(tailed->lines.size(), 3);
    QCOMPARE(JobLog::parseLine(tailed->lines.at(2))->text, QByteArrayLiteral("third"));
    QCOMPARE(JobLog::parseLine(tailed->lines.at(2))->stream, LogStream::System);
}

void tst_JobLog::reopeningEndsHalfWrittenLine()
{
    const QString path = m_dir.filePath(u"half.log"_s);
    QVERIFY(writeFile(path, QByteArrayLiteral("2026-11-22T21:30:00.123Z out| cut off")));
    JobLogWriter writer;
    QVERIFY(writer.open(path).ok());
    QVERIFY(writer.appendLine(u"next"_s).ok());
    writer.close();
    const auto tailed = JobLog::tail(path, 10);
    QVERIFY(tailed.ok());
    QCOMPARE(tailed->lines.size(), 2);
    QCOMPARE(tailed->lines.at(0), QByteArrayLiteral("2026-11-22T21:30:00.123Z out| cut off"));
    QCOMPARE(JobLog::parseLine(tailed->lines.at(1))->text, QByteArrayLiteral("next"));
}

void tst_JobLog::writerErrors()
{
    JobLogWriter notOpen;
    const auto r = notOpen.appendLine(u"x"_s);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::InvalidArgument);

    JobLogWriter noDir;
    const QString missing = m_dir.filePath(u"no/such/dir/job.log"_s);
    const auto opened = noDir.open(missing);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, LogError::Code::WriteFailed);
    QVERIFY(opened.error().message.contains(missing));

    // A full disk is reported, not swallowed.
    if (QFileInfo::exists(u"/dev/full"_s)) {
        JobLogWriter full;
        QVERIFY(full.open(u"/dev/full"_s).ok());
        const auto w = full.appendLine(u"will not fit"_s);
        QVERIFY(!w.ok());
        QCOMPARE(w.error().code, LogError::Code::WriteFailed);
        QVERIFY2(w.error().message.contains(u"/dev/full"_s), qPrintable(w.error().message));
    }
}

// --- tail -------------------------------------------------------------------------

void tst_JobLog::tailMatchesGnuTail_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<int>("n");
    const QList<int> counts = {0, 1, 2, 3, 4, 7, 39, 40, 41, 100, 1000, 2000, 2999, 3000, 3001, 5000, 100000};
    for (const QString &shape : m_shapes) {
        for (int n : counts)
            QTest::addRow("%s/%d", qPrintable(shape), n) << shape << n;
    }
}

void tst_JobLog::tailMatchesGnuTail()
{
    QFETCH(QString, shape);
    QFETCH(int, n);
    const QString path = shapePath(shape);
    const LogTail expected = expectedFromGnu(gnuTail(path, n), JobLog::kDefaultMaxLineBytes);
    const auto actual = JobLog::tail(path, n);
    QVERIFY2(actual.ok(), qPrintable(actual.ok() ? QString() : actual.error().message));
    QCOMPARE(actual->lines.size(), expected.lines.size());
    for (qsizetype i = 0; i < expected.lines.size(); ++i) {
        if (actual->lines.at(i) != expected.lines.at(i))
            QFAIL(qPrintable(u"line %1 differs: got %2 bytes, GNU tail %3 bytes"_s.arg(i)
                                 .arg(actual->lines.at(i).size())
                                 .arg(expected.lines.at(i).size())));
    }
    QCOMPARE(actual->truncatedLines, expected.truncatedLines);
}

void tst_JobLog::tailCapsLongLines_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("n");
    QTest::addColumn<qsizetype>("cap");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::addColumn<int>("truncated");

    QTest::newRow("under cap") << QByteArrayLiteral("abcd\n") << 1 << qsizetype(4)
                               << QList<QByteArray>{"abcd"} << 0;
    QTest::newRow("over cap keeps the head")
        << QByteArrayLiteral("abcdef\n") << 1 << qsizetype(4) << QList<QByteArray>{"abcd"} << 1;
    QTest::newRow("CR does not count")
        << QByteArrayLiteral("abcd\r\n") << 1 << qsizetype(4) << QList<QByteArray>{"abcd"} << 0;
    QTest::newRow("mixed") << QByteArrayLiteral("x\nabcdefgh\ny") << 3 << qsizetype(4)
                           << QList<QByteArray>{"x", "abcd", "y"} << 1;
    QTest::newRow("cap 1") << QByteArrayLiteral("ab\ncd\n") << 5 << qsizetype(1)
                           << QList<QByteArray>{"a", "c"} << 2;
    QByteArray huge(3 * 1024 * 1024, 'z');
    huge.prepend("HEAD");
    QTest::newRow("3 MiB line") << huge + "\nlast\n"
                                << 2 << JobLog::kDefaultMaxLineBytes
                                << QList<QByteArray>{huge.left(JobLog::kDefaultMaxLineBytes), "last"} << 1;
    QTest::newRow("3 MiB line without newline")
        << huge << 5 << JobLog::kDefaultMaxLineBytes
        << QList<QByteArray>{huge.left(JobLog::kDefaultMaxLineBytes)} << 1;
}

void tst_JobLog::tailCapsLongLines()
{
    QFETCH(QByteArray, content);
    QFETCH(int, n);
    QFETCH(qsizetype, cap);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(int, truncated);
    const QString path = m_dir.filePath(u"cap.log"_s);
    QVERIFY(writeFile(path, content));
    const auto actual = JobLog::tail(path, n, cap);
    QVERIFY(actual.ok());
    QCOMPARE(actual->lines, expected);
    QCOMPARE(actual->truncatedLines, truncated);
}

void tst_JobLog::tailOfWrittenLog()
{
    const QString path = m_dir.filePath(u"written.log"_s);
    JobLogWriter writer;
    QVERIFY(writer.open(path).ok());
    for (int batch = 0; batch < 50; ++batch) {
        QStringList lines;
        for (int i = 0; i < 100; ++i)
            lines.append(u"batch %1 line %2"_s.arg(batch).arg(i));
        QVERIFY(writer.appendLines(lines, batch % 2 ? LogStream::Err : LogStream::Out).ok());
    }
    writer.close();
    const auto tailed = JobLog::tail(path, 2000);
    QVERIFY(tailed.ok());
    QCOMPARE(tailed->lines, expectedFromGnu(gnuTail(path, 2000), JobLog::kDefaultMaxLineBytes).lines);
    QCOMPARE(JobLog::parseLine(tailed->lines.first())->text, QByteArrayLiteral("batch 30 line 0"));
    QCOMPARE(JobLog::parseLine(tailed->lines.last())->text, QByteArrayLiteral("batch 49 line 99"));
    QCOMPARE(JobLog::parseLine(tailed->lines.last())->stream, LogStream::Err);
}

void tst_JobLog::tailErrors()
{
    const QString missing = m_dir.filePath(u"missing.log"_s);
    auto r = JobLog::tail(missing, 10);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::NotFound);
    QVERIFY(r.error().message.contains(missing));
    QVERIFY(r.error().message.contains(u"does not exist"_s));

    r = JobLog::tail(m_dir.path(), 10);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::NotFound);
    QVERIFY(r.error().message.contains(u"not a regular file"_s));

    r = JobLog::tail(shapePath(u"one-line"_s), -1);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::InvalidArgument);

    // n = 0 on a missing file is still an error: the file is checked first.
    r = JobLog::tail(missing, 0);
    QVERIFY(!r.ok());
}

void tst_JobLog::tailOfHugeFileIsFast()
{
    const QString path = m_dir.filePath(u"huge.log"_s);
    {
        const QByteArray chunk = randomLines(12, 100000, 20, 140, "\n", true); // ~8 MB
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        while (f.size() < 200LL * 1024 * 1024)
            QCOMPARE(f.write(chunk), chunk.size());
        QVERIFY(f.write("the very last line\n") > 0);
    }
    QVERIFY(JobLog::tail(path, 2000).ok()); // warm the cache of the last blocks

    QElapsedTimer timer;
    timer.start();
    const auto tailed = JobLog::tail(path, 2000);
    const qint64 ms = timer.elapsed();
    QVERIFY(tailed.ok());
    QVERIFY2(ms < 100, qPrintable(u"tail(2000) of 200 MB took %1 ms"_s.arg(ms)));
    QCOMPARE(tailed->lines.size(), 2000);
    QCOMPARE(tailed->lines.last(), QByteArrayLiteral("the very last line"));
    QCOMPARE(tailed->lines, expectedFromGnu(gnuTail(path, 2000), JobLog::kDefaultMaxLineBytes).lines);
    QFile::remove(path);
}

// --- export -----------------------------------------------------------------------

void tst_JobLog::exportRoundTrip_data()
{
    QTest::addColumn<QString>("shape");
    for (const QString &shape :
         {u"empty"_s, u"one-line-no-newline"_s, u"crlf"_s, u"long-lines"_s, u"few-megabytes"_s, u"binary"_s})
        QTest::newRow(qPrintable(shape)) << shape;
}

void tst_JobLog::exportRoundTrip()
{
    QFETCH(QString, shape);
    const QString source = shapePath(shape);
    const QString destination = m_dir.filePath(u"export-"_s + shape + u".txt"_s);
    QVERIFY(writeFile(destination, QByteArrayLiteral("old content to be replaced")));

    QList<QPair<qint64, qint64>> calls;
    const auto r = JobLog::exportTo(source, destination, [&calls](qint64 done, qint64 total) {
        calls.append({done, total});
    });
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(readFile(destination), readFile(source));

    const qint64 size = QFileInfo(source).size();
    QVERIFY(!calls.isEmpty());
    QCOMPARE(calls.first(), (QPair<qint64, qint64>{0, size}));
    QCOMPARE(calls.last(), (QPair<qint64, qint64>{size, size}));
    for (qsizetype i = 1; i < calls.size(); ++i) {
        QVERIFY(calls.at(i).first > calls.at(i - 1).first);
        QCOMPARE(calls.at(i).second, size);
    }
}

void tst_JobLog::exportCancelled()
{
    const QString source = shapePath(u"few-megabytes"_s);
    QVERIFY(QFileInfo(source).size() > 2 * 1024 * 1024); // more than one chunk

    // Cancelled midway: no destination file appears.
    const QString fresh = m_dir.filePath(u"cancelled-fresh.txt"_s);
    QFile::remove(fresh);
    std::atomic<bool> cancel{false};
    qint64 lastDone = -1;
    auto r = JobLog::exportTo(
        source, fresh,
        [&](qint64 done, qint64) {
            lastDone = done;
            if (done > 0)
                cancel = true;
        },
        &cancel);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::Cancelled);
    QVERIFY(lastDone > 0 && lastDone < QFileInfo(source).size());
    QVERIFY(!QFileInfo::exists(fresh));
    QCOMPARE(QDir(m_dir.path()).entryList({u"cancelled-fresh*"_s}, QDir::Files | QDir::Hidden),
             QStringList{});

    // Cancelled before it starts, over an existing file: the file is untouched.
    const QString existing = m_dir.filePath(u"cancelled-existing.txt"_s);
    QVERIFY(writeFile(existing, QByteArrayLiteral("keep me")));
    std::atomic<bool> already{true};
    r = JobLog::exportTo(source, existing, {}, &already);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::Cancelled);
    QCOMPARE(readFile(existing), QByteArrayLiteral("keep me"));

    // Cancelled midway over an existing file: still untouched.
    cancel = false;
    r = JobLog::exportTo(
        source, existing,
        [&](qint64 done, qint64) {
            if (done > 0)
                cancel = true;
        },
        &cancel);
    QVERIFY(!r.ok());
    QCOMPARE(readFile(existing), QByteArrayLiteral("keep me"));
}

void tst_JobLog::exportErrors()
{
    const QString missing = m_dir.filePath(u"missing-source.log"_s);
    auto r = JobLog::exportTo(missing, m_dir.filePath(u"out.txt"_s));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::NotFound);
    QVERIFY(r.error().message.contains(missing));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(u"out.txt"_s)));

    const QString unwritable = m_dir.filePath(u"no/such/dir/out.txt"_s);
    r = JobLog::exportTo(shapePath(u"one-line"_s), unwritable);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::WriteFailed);
    QVERIFY2(r.error().message.contains(unwritable), qPrintable(r.error().message));

    r = JobLog::exportTo(m_dir.path(), m_dir.filePath(u"out.txt"_s));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, LogError::Code::NotFound);
}

void tst_JobLog::exportOffThread()
{
    const QString source = shapePath(u"few-megabytes"_s);
    const QString destination = m_dir.filePath(u"export-thread.txt"_s);
    std::atomic<qint64> lastDone{0};
    QFuture<Result<Done, LogError>> future = QtConcurrent::run([=, &lastDone]() {
        return JobLog::exportTo(source, destination, [&lastDone](qint64 done, qint64) { lastDone = done; });
    });
    future.waitForFinished();
    QVERIFY(future.result().ok());
    QCOMPARE(lastDone.load(), QFileInfo(source).size());
    QCOMPARE(readFile(destination), readFile(source));
}

QTEST_GUILESS_MAIN(tst_JobLog)
#include "tst_joblog.moc"
