#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <memory>

class QAction;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QSyntaxHighlighter;
class QTimer;
class QToolButton;

namespace Kiln {

class LogSearchBar;

// Shows a job log: the last 2000 lines of the file, then the lines of a running
// job as they come, with local times, highlighting, follow mode, search, and a
// download of the whole log.
//
// Live lines (BakeService::jobOutput batches, exactly as the log file has them) are
// buffered and written to the view at most every ~80 ms, one insertion per flush,
// so a build printing 100k lines per second does not freeze the window. Lines that
// arrive while the tail of the file is still loading are kept and joined to it
// without showing twice the lines both have.
class LogViewer : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxLines = 2000;
    static constexpr int kFlushIntervalMs = 80;

    explicit LogViewer(QWidget *parent = nullptr);
    ~LogViewer() override;

    // Loads the last lines of the log at `path` (in a worker thread; loaded() when
    // done). `live`: the job is running and appendLines() will bring more.
    void openLog(const QString &path, bool live);
    QString logPath() const { return m_path; }
    // Live lines as written in the log file ("2026-11-22T21:30:00.123Z out| text").
    void appendLines(const QStringList &lines);
    // false once the job finished: the pending lines are shown at once.
    void setLive(bool live);
    bool isLive() const { return m_live; }
    void clear();

    // The file name proposed by Download ("<spec>-<revision>-<timestamp>.log").
    void setDownloadName(const QString &fileName);
    QString downloadName() const { return m_downloadName; }
    // Copies the whole log to `destination` (atomically, in a worker thread, with a
    // progress bar and a Cancel button); downloadFinished or downloadFailed.
    void startDownload(const QString &destination);
    void cancelDownload();
    bool isDownloading() const { return m_exportCancel != nullptr; }

    bool isLoading() const { return m_loading; }
    bool isFollowing() const { return m_following; }
    // Follow on: scroll to the end now and after every flush. Off: stay where the view is.
    void setFollowing(bool follow);
    // Lines in the view (at most kMaxLines), pending lines not included.
    int lineCount() const;
    // Whether lines before the first one shown exist (in the file or pushed out).
    bool earlierLinesHidden() const { return m_hidden; }
    QPlainTextEdit *textView() const { return m_view; }
    LogSearchBar *searchBar() const { return m_search; }
    // The text of the note above the log, or of the download/error message line.
    QString noteText() const;
    QString messageText() const;

    // How a line of the file is shown: "HH:mm:ss tag| text" in local time, or the
    // line as it is when it does not have the job-log shape.
    static QString displayLine(const QByteArray &fileLine);
    static QString displayLine(const QString &fileLine);
    // "KSyntaxHighlighting" or "built-in".
    static QString highlighterBackend();

signals:
    void loaded();
    void downloadFinished(const QString &destination);
    void downloadFailed(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onTailLoaded(const QList<QByteArray> &tail, bool moreInFile);
    void onLoadFailed(const QString &message);
    void flushPending();
    void scheduleFlush();
    void insertDisplayLines(const QStringList &lines);
    void onScrolled();
    void scrollToEnd();
    void updateNote();
    void showMessage(const QString &message, bool error);
    void chooseDownloadDestination();
    void copy();
    void applyHighlighter();

    QPlainTextEdit *m_view;
    LogSearchBar *m_search;
    QLabel *m_note;
    QLabel *m_message;
    QWidget *m_downloadRow;
    QProgressBar *m_progress;
    QToolButton *m_cancelButton;
    QAction *m_followAction;
    QAction *m_wrapAction;
    QAction *m_downloadAction;
    QTimer *m_flushTimer;
    QSyntaxHighlighter *m_highlighter = nullptr;

    QString m_path;
    QString m_downloadName;
    bool m_live = false;
    bool m_loading = false;
    bool m_hidden = false;
    bool m_hasContent = false;
    bool m_following = true;
    bool m_adjustingScroll = false;
    quint64 m_generation = 0;
    QStringList m_pending;    // live lines not shown yet
    QStringList m_loadBuffer; // live lines that came while the tail was loading
    bool m_loadBufferTrimmed = false;
    std::shared_ptr<std::atomic<bool>> m_exportCancel;
    QString m_exportDestination;
};

} // namespace Kiln
