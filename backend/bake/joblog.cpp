#include "bake/joblog.h"

#include <QByteArrayView>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

LogError logError(LogError::Code code, QString message)
{
    return LogError{code, std::move(message)};
}

// Splits `data` at '\n', '\r' and "\r\n". One terminator at the very end only ends
// the last line; an empty input is one empty line.
QList<QByteArray> splitLines(const QByteArray &data)
{
    QList<QByteArray> out;
    qsizetype start = 0;
    const qsizetype size = data.size();
    qsizetype i = 0;
    while (i < size) {
        const char c = data.at(i);
        if (c == '\n' || c == '\r') {
            out.append(data.mid(start, i - start));
            if (c == '\r' && i + 1 < size && data.at(i + 1) == '\n')
                ++i;
            start = i + 1;
        }
        ++i;
    }
    if (start < size || out.isEmpty())
        out.append(data.mid(start));
    return out;
}

} // namespace

QString logStreamTag(LogStream stream)
{
    switch (stream) {
    case LogStream::Out:
        return u"out"_s;
    case LogStream::Err:
        return u"err"_s;
    case LogStream::System:
        return u"sys"_s;
    }
    return u"out"_s;
}

// --- JobLogWriter ---------------------------------------------------------------

JobLogWriter::~JobLogWriter()
{
    close();
}

Result<Done, LogError> JobLogWriter::open(const QString &path)
{
    close();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        const QString why = m_file.errorString();
        return logError(LogError::Code::WriteFailed,
                        u"Cannot open the job log %1 for writing: %2."_s.arg(path, why));
    }
    // A crash may have left a last line without its '\n': end it, so that the next
    // record does not merge with it.
    const qint64 size = m_file.isSequential() ? 0 : m_file.size();
    if (size > 0) {
        QFile reader(path);
        char last = '\n';
        if (reader.open(QIODevice::ReadOnly) && reader.seek(size - 1))
            reader.getChar(&last);
        if (last != '\n') {
            if (m_file.write("\n", 1) != 1 || !m_file.flush()) {
                const QString why = m_file.errorString();
                m_file.close();
                return logError(LogError::Code::WriteFailed,
                                u"Cannot write to the job log %1: %2."_s.arg(path, why));
            }
        }
    }
    return Done{};
}

void JobLogWriter::close()
{
    if (m_file.isOpen()) {
        m_file.flush();
        m_file.close();
    }
}

QByteArray JobLogWriter::prefix(const QDateTime &utc, LogStream stream)
{
    return utc.toUTC().toString(Qt::ISODateWithMs).toLatin1() + ' ' + logStreamTag(stream).toLatin1() + "| ";
}

Result<Done, LogError> JobLogWriter::appendLine(const QString &line, LogStream stream)
{
    return writeBatch(splitLines(line.toUtf8()), stream);
}

Result<Done, LogError> JobLogWriter::appendLines(const QStringList &lines, LogStream stream)
{
    QList<QByteArray> texts;
    texts.reserve(lines.size());
    for (const QString &line : lines)
        texts.append(splitLines(line.toUtf8()));
    return writeBatch(texts, stream);
}

Result<Done, LogError> JobLogWriter::appendData(const QByteArray &data, LogStream stream)
{
    return writeBatch(splitLines(data), stream);
}

Result<Done, LogError> JobLogWriter::writeBatch(const QList<QByteArray> &texts, LogStream stream)
{
    if (!m_file.isOpen())
        return logError(LogError::Code::InvalidArgument,
                        u"The job log writer is not open; call open() with the log's path first."_s);
    if (texts.isEmpty())
        return Done{};
    const QByteArray pre = prefix(QDateTime::currentDateTimeUtc(), stream);
    qsizetype total = 0;
    for (const QByteArray &t : texts)
        total += pre.size() + t.size() + 1;
    QByteArray batch;
    batch.reserve(total);
    for (const QByteArray &t : texts) {
        batch += pre;
        batch += t;
        batch += '\n';
    }
    const qint64 written = m_file.write(batch);
    if (written != batch.size() || !m_file.flush()) {
        return logError(LogError::Code::WriteFailed, u"Cannot write to the job log %1: %2."_s.arg(
                                                         m_file.fileName(), m_file.errorString()));
    }
    return Done{};
}

// --- LogTail ----------------------------------------------------------------------

QStringList LogTail::text() const
{
    QStringList out;
    out.reserve(lines.size());
    for (const QByteArray &line : lines)
        out.append(QString::fromUtf8(line));
    return out;
}

// --- JobLog -----------------------------------------------------------------------

namespace JobLog {

namespace {

Result<Done, LogError> openForReading(QFile &file, const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return logError(LogError::Code::NotFound, u"The job log %1 does not exist."_s.arg(path));
    if (!info.isFile())
        return logError(LogError::Code::NotFound, u"The job log %1 is not a regular file."_s.arg(path));
    file.setFileName(path);
    if (!file.open(QIODevice::ReadOnly))
        return logError(LogError::Code::ReadFailed,
                        u"Cannot open the job log %1 for reading: %2."_s.arg(path, file.errorString()));
    return Done{};
}

// Collects one line from its end backwards, keeping only its first `cap` bytes.
class BackwardLine
{
public:
    explicit BackwardLine(qsizetype cap)
        : m_cap(cap)
    {}

    // `chunk` is the part of the line just before what was already seen.
    void prepend(QByteArrayView chunk)
    {
        if (chunk.isEmpty())
            return;
        if (m_length == 0)
            m_endsWithCr = chunk.back() == '\r';
        m_length += chunk.size();
        if (chunk.size() >= m_cap) {
            m_head = chunk.first(m_cap).toByteArray();
        } else {
            m_head.prepend(chunk.data(), chunk.size());
            if (m_head.size() > m_cap)
                m_head.truncate(m_cap);
        }
    }

    // Ends the line; returns it without a final '\r', cut to the cap.
    QByteArray finish(bool *truncated)
    {
        const qint64 content = m_length - (m_endsWithCr ? 1 : 0);
        *truncated = content > m_cap;
        QByteArray out = std::move(m_head);
        out.truncate(qsizetype(std::min<qint64>(content, out.size())));
        m_head = QByteArray();
        m_length = 0;
        m_endsWithCr = false;
        return out;
    }

private:
    qsizetype m_cap;
    QByteArray m_head;
    qint64 m_length = 0;
    bool m_endsWithCr = false;
};

} // namespace

Result<LogTail, LogError> tail(const QString &path, int n, qsizetype maxLineBytes)
{
    if (n < 0)
        return logError(
            LogError::Code::InvalidArgument,
            u"Cannot show the last %1 lines of %2: the count must be 0 or more."_s.arg(n).arg(path));
    QFile file;
    if (auto opened = openForReading(file, path); !opened)
        return opened.error();
    const auto readError = [&]() {
        return logError(LogError::Code::ReadFailed,
                        u"Cannot read the job log %1: %2."_s.arg(path, file.errorString()));
    };

    LogTail result;
    const qint64 size = file.size();
    if (n == 0 || size == 0)
        return result;
    const qsizetype cap = std::max<qsizetype>(maxLineBytes, 1);

    // The final '\n' ends the last line; it does not start an empty one.
    qint64 pos = size;
    char last = 0;
    if (!file.seek(size - 1) || !file.getChar(&last))
        return readError();
    if (last == '\n')
        pos = size - 1;

    QList<QByteArray> reversed;
    reversed.reserve(std::min(n, 4096));
    BackwardLine current(cap);
    QByteArray block;
    const auto finishLine = [&]() {
        bool truncated = false;
        reversed.append(current.finish(&truncated));
        if (truncated)
            ++result.truncatedLines;
    };

    while (pos > 0 && reversed.size() < n) {
        const qint64 blockStart = std::max<qint64>(0, pos - kTailBlockBytes);
        const qsizetype want = qsizetype(pos - blockStart);
        block.resize(want);
        if (!file.seek(blockStart) || file.read(block.data(), want) != want)
            return readError();
        qsizetype hi = want; // [0, hi) not yet assigned to a line
        while (reversed.size() < n) {
            // An empty view is never searched: Qt 6.8's lastIndexOf() on a zero-length
            // view does not reliably answer -1.
            const qsizetype nl = hi > 0 ? QByteArrayView(block.constData(), hi).lastIndexOf('\n') : -1;
            if (nl < 0) {
                current.prepend(QByteArrayView(block.constData(), hi));
                break;
            }
            current.prepend(QByteArrayView(block.constData() + nl + 1, hi - nl - 1));
            finishLine();
            hi = nl;
        }
        pos = blockStart;
    }
    // The first line of the file has no '\n' before it.
    if (pos == 0 && reversed.size() < n)
        finishLine();

    std::reverse(reversed.begin(), reversed.end());
    result.lines = std::move(reversed);
    return result;
}

std::optional<LogLine> parseLine(const QByteArray &line)
{
    // "2026-11-22T21:30:00.123Z out| " is 24 + 1 + 3 + 2 = 30 bytes.
    constexpr qsizetype kStampBytes = 24;
    constexpr qsizetype kPrefixBytes = 30;
    if (line.size() < kPrefixBytes || line.at(kStampBytes) != ' ' || line.at(kStampBytes + 4) != '|' ||
        line.at(kStampBytes + 5) != ' ')
        return std::nullopt;
    const QDateTime stamp =
        QDateTime::fromString(QString::fromLatin1(line.first(kStampBytes)), Qt::ISODateWithMs);
    if (!stamp.isValid())
        return std::nullopt;
    const QByteArrayView tag = QByteArrayView(line).sliced(kStampBytes + 1, 3);
    LogLine out;
    if (tag == "out")
        out.stream = LogStream::Out;
    else if (tag == "err")
        out.stream = LogStream::Err;
    else if (tag == "sys")
        out.stream = LogStream::System;
    else
        return std::nullopt;
    out.timestamp = stamp.toUTC();
    out.text = line.sliced(kPrefixBytes);
    return out;
}

Result<Done, LogError> exportTo(const QString &source, const QString &destination,
                                const ExportProgress &progress, const std::atomic<bool> *cancel)
{
    QFile in;
    if (auto opened = openForReading(in, source); !opened)
        return opened.error();
    const auto cancelled = [&]() {
        return logError(
            LogError::Code::Cancelled,
            u"The export of %1 to %2 was cancelled; %2 was not changed."_s.arg(source, destination));
    };
    if (cancel && cancel->load())
        return cancelled();

    QSaveFile out(destination);
    if (!out.open(QIODevice::WriteOnly))
        return logError(LogError::Code::WriteFailed,
                        u"Cannot write the exported log to %1: %2."_s.arg(destination, out.errorString()));

    const qint64 total = in.size();
    constexpr qint64 kChunk = 1024 * 1024;
    QByteArray buffer(qsizetype(kChunk), Qt::Uninitialized);
    qint64 done = 0;
    if (progress)
        progress(0, total);
    while (done < total) {
        if (cancel && cancel->load()) {
            out.cancelWriting();
            return cancelled();
        }
        const qint64 want = std::min(kChunk, total - done);
        const qint64 got = in.read(buffer.data(), want);
        if (got <= 0) {
            out.cancelWriting();
            const QString why = got < 0 ? in.errorString() : u"the file became shorter while it was read"_s;
            return logError(
                LogError::Code::ReadFailed,
                u"Cannot read the job log %1: %2; %3 was not changed."_s.arg(source, why, destination));
        }
        if (out.write(buffer.constData(), got) != got) {
            const QString why = out.errorString();
            out.cancelWriting();
            return logError(LogError::Code::WriteFailed,
                            u"Cannot write the exported log to %1: %2."_s.arg(destination, why));
        }
        done += got;
        if (progress)
            progress(done, total);
    }
    if (cancel && cancel->load()) {
        out.cancelWriting();
        return cancelled();
    }
    if (!out.commit())
        return logError(LogError::Code::WriteFailed,
                        u"Cannot write the exported log to %1: %2."_s.arg(destination, out.errorString()));
    return Done{};
}

} // namespace JobLog

} // namespace Kiln
