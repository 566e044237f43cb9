#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace Kiln {

// Why a job-log operation failed. `message` is a complete sentence for a person
// that names the file. ValidationError does not fit here (there is no column in a
// file that cannot be opened), so the log store has its own small error type.
struct LogError
{
    enum class Code
    {
        NotFound,        // the log file does not exist (or is not a regular file)
        ReadFailed,      // the log exists but could not be opened or read
        WriteFailed,     // the log or the export destination could not be written (disk full, ...)
        Cancelled,       // the caller cancelled an export; the destination is untouched
        InvalidArgument, // e.g. a negative line count, a writer that is not open
    };

    Code code = Code::ReadFailed;
    QString message;

    friend bool operator==(const LogError &, const LogError &) = default;
};

// Which stream a log line came from. The tag is written on every line.
enum class LogStream
{
    Out,    // the build's stdout, tag "out"
    Err,    // the build's stderr, tag "err"
    System, // Kiln's own notes (queued, retrying, cancelled, ...), tag "sys"
};

// "out", "err", "sys".
QString logStreamTag(LogStream stream);

// One parsed line of a job log.
struct LogLine
{
    QDateTime timestamp; // UTC, millisecond precision
    LogStream stream = LogStream::Out;
    QByteArray text; // raw bytes as the process wrote them (not necessarily valid UTF-8)
};

// Appends to the log file of one job.
//
// File format: one line per record, terminated by '\n':
//
//     2026-11-22T21:30:00.123Z out| text as the process wrote it
//
// i.e. an ISO-8601 UTC timestamp with milliseconds, a space, the three-letter stream
// tag, "| ", then the text. The file is never truncated: open() appends to an existing
// log (after a crash that left a half-written last line, open() first ends that line
// so new records never merge with it). Every append call writes one batch with one
// write() and flushes it.
//
// Line splitting: a text containing '\n', '\r' or "\r\n" is split at each of them into
// several records (never merged, never dropped); one terminator at the very end of a
// text only ends it and does not produce an extra empty record. An empty text is one
// empty record. Bytes that are not valid UTF-8 (appendData) are written unchanged.
// A writer is not thread-safe: use it from one thread (the one running the job).
class JobLogWriter
{
public:
    JobLogWriter() = default;
    ~JobLogWriter();
    JobLogWriter(const JobLogWriter &) = delete;
    JobLogWriter &operator=(const JobLogWriter &) = delete;

    // Opens (creating if needed, never truncating) the log at `path`. The parent
    // directory must exist.
    Result<Done, LogError> open(const QString &path);
    bool isOpen() const { return m_file.isOpen(); }
    QString path() const { return m_file.fileName(); }
    void close();

    Result<Done, LogError> appendLine(const QString &line, LogStream stream = LogStream::Out);
    Result<Done, LogError> appendLines(const QStringList &lines, LogStream stream = LogStream::Out);
    // Raw process output: `data` is split into lines as described above and written
    // byte for byte, so invalid UTF-8 survives unchanged. A fragment after the last
    // terminator is written as a line of its own: callers that read a process in
    // arbitrary chunks pass complete lines (e.g. QProcess::readLine) or accept that.
    Result<Done, LogError> appendData(const QByteArray &data, LogStream stream = LogStream::Out);

    // The timestamp+tag prefix ("2026-11-22T21:30:00.123Z out| ") for a time and stream.
    static QByteArray prefix(const QDateTime &utc, LogStream stream);

private:
    Result<Done, LogError> writeBatch(const QList<QByteArray> &texts, LogStream stream);

    QFile m_file;
};

// The result of JobLog::tail.
struct LogTail
{
    // The lines in file order, as stored (with the timestamp prefix written by
    // JobLogWriter), without their '\n' and without one '\r' right before it. A line
    // longer than the cap holds only its first `maxLineBytes` bytes.
    QList<QByteArray> lines;
    int truncatedLines = 0; // how many of `lines` were cut to the cap

    // The lines decoded as UTF-8 (invalid sequences become U+FFFD).
    QStringList text() const;
};

// Reading a job log. Stateless; safe to call from any thread.
namespace JobLog {

inline constexpr qint64 kTailBlockBytes = 64 * 1024;
// Default cap on the bytes returned for one line by tail(): a line longer than this
// (a progress bar without newlines, a binary dump) is cut to its first 16 KiB so
// that tail() never returns megabytes for one line.
inline constexpr qsizetype kDefaultMaxLineBytes = 16 * 1024;

// The last `n` lines of the file, with the same notion of "line" as GNU `tail -n`:
// lines end at '\n'; a final line without '\n' counts; "\r\n" is treated as '\n'
// (the '\r' is removed). The file is read backwards from its end in 64 KiB blocks,
// so the cost depends on the bytes spanned by the last n lines, not on the file size.
// n = 0 gives no lines; n larger than the file gives all of them; n < 0 is an error.
Result<LogTail, LogError> tail(const QString &path, int n, qsizetype maxLineBytes = kDefaultMaxLineBytes);

// Parses one line written by JobLogWriter (without its '\n'); nullopt when it does
// not have the documented shape.
std::optional<LogLine> parseLine(const QByteArray &line);

// Called with (bytes copied, total bytes) after each chunk, and once at the start.
using ExportProgress = std::function<void(qint64 done, qint64 total)>;

// Copies the log at `source` to `destination` atomically (QSaveFile): the destination
// is replaced only when the whole log was copied. The bytes copied are those present
// when the export starts (a log still being written is snapshotted at that size).
// `cancel` (may be null) is polled between chunks; when it becomes true the export
// stops, the destination is left as it was and the error code is Cancelled. Uses
// no QObject shared with other threads, so it can run in QtConcurrent::run.
Result<Done, LogError> exportTo(const QString &source, const QString &destination,
                                const ExportProgress &progress = {},
                                const std::atomic<bool> *cancel = nullptr);

} // namespace JobLog

} // namespace Kiln
