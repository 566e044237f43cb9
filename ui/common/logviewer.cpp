#include "logviewer.h"

#include "bake/joblog.h"
#include "loghighlighter.h"
#include "logsearchbar.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPromise>
#include <QScrollBar>
#include <QStandardPaths>
#include <QSyntaxHighlighter>
#include <QtConcurrent/QtConcurrentRun>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using TailResult = Result<LogTail, LogError>;
using ExportResult = Result<Done, LogError>;

// The largest k such that the last k lines of `tail` are the first k of `live`.
qsizetype largestOverlap(const QList<QByteArray> &tail, const QStringList &live)
{
    const qsizetype max = std::min(tail.size(), live.size());
    if (max == 0)
        return 0;
    QList<QByteArray> head;
    head.reserve(max);
    for (qsizetype i = 0; i < max; ++i)
        head.append(live.at(i).toUtf8());
    for (qsizetype k = max; k > 0; --k) {
        const qsizetype start = tail.size() - k;
        if (tail.at(start) != head.at(0))
            continue;
        bool same = true;
        for (qsizetype i = 1; i < k && same; ++i)
            same = tail.at(start + i) == head.at(i);
        if (same)
            return k;
    }
    return 0;
}

} // namespace

LogViewer::LogViewer(QWidget *parent)
    : QWidget(parent)
    , m_view(new QPlainTextEdit(this))
    , m_search(new LogSearchBar(m_view, this))
    , m_note(new QLabel(this))
    , m_message(new QLabel(this))
    , m_downloadRow(new QWidget(this))
    , m_progress(new QProgressBar(m_downloadRow))
    , m_cancelButton(new QToolButton(m_downloadRow))
    , m_followAction(new QAction(tr("Follow"), this))
    , m_wrapAction(new QAction(tr("Wrap"), this))
    , m_downloadAction(new QAction(tr("Download…"), this))
    , m_flushTimer(new QTimer(this))
{
    m_view->setObjectName(u"logText"_s);
    m_view->setReadOnly(true);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setMaximumBlockCount(kMaxLines);
    m_view->setUndoRedoEnabled(false);
    m_view->setCenterOnScroll(false);

    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(u"logToolbar"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));

    m_followAction->setObjectName(u"followAction"_s);
    m_followAction->setIcon(QIcon::fromTheme(u"go-bottom"_s));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setToolTip(tr("Keep the newest lines in view"));
    connect(m_followAction, &QAction::triggered, this, &LogViewer::setFollowing);
    toolbar->addAction(m_followAction);

    m_wrapAction->setObjectName(u"wrapAction"_s);
    m_wrapAction->setIcon(QIcon::fromTheme(u"format-text-wrap"_s));
    m_wrapAction->setCheckable(true);
    m_wrapAction->setToolTip(tr("Wrap long lines at the window's width"));
    connect(m_wrapAction, &QAction::toggled, this, [this](bool wrap) {
        m_view->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
        if (m_following)
            scrollToEnd();
    });
    toolbar->addAction(m_wrapAction);

    auto *copyAction =
        toolbar->addAction(QIcon::fromTheme(u"edit-copy"_s), tr("Copy"), this, &LogViewer::copy);
    copyAction->setObjectName(u"copyAction"_s);
    copyAction->setToolTip(tr("Copy the selected lines, or every line shown when nothing is selected"));
    auto *selectAllAction = toolbar->addAction(QIcon::fromTheme(u"edit-select-all"_s), tr("Select All"),
                                               m_view, &QPlainTextEdit::selectAll);
    selectAllAction->setObjectName(u"selectAllAction"_s);
    auto *findAction =
        toolbar->addAction(QIcon::fromTheme(u"edit-find"_s), tr("Find"), m_search, &LogSearchBar::activate);
    findAction->setObjectName(u"findAction"_s);
    findAction->setShortcut(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    findAction->setToolTip(tr("Find in the log (%1)").arg(QKeySequence(QKeySequence::Find).toString()));
    addAction(findAction); // the shortcut works wherever the focus is inside the viewer

    m_downloadAction->setObjectName(u"downloadAction"_s);
    m_downloadAction->setIcon(QIcon::fromTheme(u"document-save"_s));
    m_downloadAction->setToolTip(tr("Save the whole log, every line, to a file"));
    m_downloadAction->setEnabled(false);
    connect(m_downloadAction, &QAction::triggered, this, &LogViewer::chooseDownloadDestination);
    toolbar->addAction(m_downloadAction);

    m_note->setObjectName(u"hiddenLinesNote"_s);
    m_note->setWordWrap(true);
    m_note->hide();
    m_message->setObjectName(u"logMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_progress->setObjectName(u"downloadProgress"_s);
    m_progress->setRange(0, 1000);
    m_progress->setFormat(tr("Downloading the log… %p%"));
    m_cancelButton->setObjectName(u"downloadCancel"_s);
    m_cancelButton->setText(tr("Cancel"));
    connect(m_cancelButton, &QToolButton::clicked, this, &LogViewer::cancelDownload);
    auto *downloadLayout = new QHBoxLayout(m_downloadRow);
    downloadLayout->setContentsMargins(0, 0, 0, 0);
    downloadLayout->addWidget(m_progress, 1);
    downloadLayout->addWidget(m_cancelButton);
    m_downloadRow->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(m_note);
    layout->addWidget(m_message);
    layout->addWidget(m_downloadRow);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_search);

    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kFlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &LogViewer::flushPending);

    QScrollBar *bar = m_view->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, &LogViewer::onScrolled);
    connect(bar, &QScrollBar::rangeChanged, this, [this] {
        if (m_following && !m_adjustingScroll)
            scrollToEnd();
    });
    applyHighlighter();
}

LogViewer::~LogViewer()
{
    // A running export stops at its next chunk and leaves its destination alone;
    // it shares nothing with this widget but the flag.
    if (m_exportCancel)
        m_exportCancel->store(true);
}

QString LogViewer::displayLine(const QByteArray &fileLine)
{
    const std::optional<LogLine> line = JobLog::parseLine(fileLine);
    if (!line)
        return QString::fromUtf8(fileLine);
    // Converting to local time is the costly part; lines come many per second.
    thread_local qint64 cachedSecond = -1;
    thread_local QString cachedTime;
    const qint64 second = line->timestamp.toMSecsSinceEpoch() / 1000;
    if (second != cachedSecond) {
        cachedTime = line->timestamp.toLocalTime().toString(u"HH:mm:ss"_s);
        cachedSecond = second;
    }
    return cachedTime + u' ' + logStreamTag(line->stream) + u"| "_s + QString::fromUtf8(line->text);
}

QString LogViewer::displayLine(const QString &fileLine)
{
    return displayLine(fileLine.toUtf8());
}

QString LogViewer::highlighterBackend()
{
    return LogHighlighting::backend();
}

void LogViewer::openLog(const QString &path, bool live)
{
    clear();
    m_path = path;
    m_live = live;
    m_loading = true;
    m_downloadAction->setEnabled(true);
    m_view->setPlaceholderText(tr("Loading the log…"));
    const quint64 generation = ++m_generation;
    auto *watcher = new QFutureWatcher<TailResult>(this);
    connect(watcher, &QFutureWatcher<TailResult>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // another log was opened meanwhile
        const TailResult result = watcher->result();
        if (!result.ok()) {
            onLoadFailed(result.error().code == LogError::Code::NotFound
                             ? tr("The log of this job is not there yet, or it was removed: %1").arg(m_path)
                             : result.error().message);
            return;
        }
        QList<QByteArray> lines = result.value().lines;
        const bool more = lines.size() > kMaxLines;
        if (more)
            lines.remove(0, lines.size() - kMaxLines);
        onTailLoaded(lines, more);
    });
    // One line more than shown tells whether the file has earlier lines.
    watcher->setFuture(QtConcurrent::run([path] { return JobLog::tail(path, kMaxLines + 1); }));
}

void LogViewer::onLoadFailed(const QString &message)
{
    m_loading = false;
    m_view->setPlaceholderText(message);
    m_pending = std::move(m_loadBuffer);
    m_loadBuffer.clear();
    m_hidden = m_hidden || m_loadBufferTrimmed;
    flushPending();
    emit loaded();
}

void LogViewer::onTailLoaded(const QList<QByteArray> &tail, bool moreInFile)
{
    m_loading = false;
    m_view->setPlaceholderText({});
    QStringList live = std::move(m_loadBuffer);
    m_loadBuffer.clear();
    QStringList lines;
    lines.reserve(tail.size() + live.size());
    if (m_loadBufferTrimmed) {
        // More live lines came during the load than the view holds: the tail would
        // be pushed out anyway.
        m_hidden = true;
    } else {
        m_hidden = moreInFile;
        const qsizetype overlap = largestOverlap(tail, live);
        for (const QByteArray &line : tail)
            lines.append(displayLine(line));
        live.remove(0, overlap);
    }
    for (const QString &line : std::as_const(live))
        lines.append(displayLine(line));
    m_following = true;
    m_followAction->setChecked(true);
    insertDisplayLines(lines);
    updateNote();
    emit loaded();
}

void LogViewer::appendLines(const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    if (m_loading) {
        m_loadBuffer += lines;
        if (m_loadBuffer.size() > 2 * kMaxLines) {
            m_loadBuffer.remove(0, m_loadBuffer.size() - kMaxLines);
            m_loadBufferTrimmed = true;
        }
        return;
    }
    m_pending += lines;
    if (m_pending.size() > 4 * kMaxLines) {
        // Only the last kMaxLines can be shown; keep the buffer small.
        m_pending.remove(0, m_pending.size() - kMaxLines);
        m_hidden = true;
    }
    scheduleFlush();
}

void LogViewer::scheduleFlush()
{
    if (!m_live) {
        flushPending();
        return;
    }
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void LogViewer::setLive(bool live)
{
    m_live = live;
    if (!live && !m_loading)
        flushPending();
}

void LogViewer::clear()
{
    ++m_generation; // results of a load still running are dropped
    m_flushTimer->stop();
    m_pending.clear();
    m_loadBuffer.clear();
    m_loadBufferTrimmed = false;
    m_loading = false;
    m_hidden = false;
    m_hasContent = false;
    m_path.clear();
    m_downloadAction->setEnabled(false);
    m_view->clear();
    m_view->setPlaceholderText({});
    m_message->hide();
    m_search->refresh();
    updateNote();
}

void LogViewer::flushPending()
{
    m_flushTimer->stop();
    if (m_pending.isEmpty())
        return;
    QElapsedTimer clock;
    clock.start();
    const qsizetype skip = std::max<qsizetype>(0, m_pending.size() - kMaxLines);
    if (skip > 0)
        m_hidden = true;
    QStringList lines;
    lines.reserve(m_pending.size() - skip);
    for (qsizetype i = skip; i < m_pending.size(); ++i)
        lines.append(displayLine(m_pending.at(i)));
    m_pending.clear();
    insertDisplayLines(lines);
    updateNote();
    m_search->refresh();
    // Back off when flushing is costly, so the window keeps most of its time.
    m_flushTimer->setInterval(int(std::clamp<qint64>(4 * clock.elapsed(), kFlushIntervalMs, 400)));
}

void LogViewer::insertDisplayLines(const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    QTextDocument *document = m_view->document();
    QScrollBar *bar = m_view->verticalScrollBar();
    const int before = m_hasContent ? document->blockCount() : 0;
    const int value = bar->value();
    m_adjustingScroll = true;
    if (lines.size() >= kMaxLines) {
        // Nothing shown now stays: replacing the text is about 4x cheaper than
        // appending as many lines and dropping as many blocks from the top.
        document->setPlainText(lines.mid(lines.size() - kMaxLines).join(u'\n'));
        m_hidden = m_hidden || before > 0 || lines.size() > kMaxLines;
        m_hasContent = true;
        bar->setValue(m_following ? bar->maximum() : 0);
        m_adjustingScroll = false;
        return;
    }
    QTextCursor cursor(document);
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    if (m_hasContent)
        cursor.insertBlock();
    cursor.insertText(lines.join(u'\n'));
    cursor.endEditBlock(); // the document drops blocks beyond kMaxLines from the top
    m_hasContent = true;
    const int removed = before + int(lines.size()) - document->blockCount();
    if (removed > 0)
        m_hidden = true;
    if (m_following)
        bar->setValue(bar->maximum());
    else
        bar->setValue(std::max(0, value - removed)); // keep the same lines in view
    m_adjustingScroll = false;
}

void LogViewer::setFollowing(bool follow)
{
    m_following = follow;
    m_followAction->setChecked(follow);
    if (follow)
        scrollToEnd();
}

void LogViewer::scrollToEnd()
{
    m_adjustingScroll = true;
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->maximum());
    m_adjustingScroll = false;
}

void LogViewer::onScrolled()
{
    if (m_adjustingScroll)
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    if (atEnd != m_following) {
        m_following = atEnd;
        m_followAction->setChecked(atEnd);
    }
}

int LogViewer::lineCount() const
{
    return m_hasContent ? m_view->document()->blockCount() : 0;
}

QString LogViewer::noteText() const
{
    return m_note->isHidden() ? QString() : m_note->text();
}

QString LogViewer::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void LogViewer::updateNote()
{
    if (!m_hidden) {
        m_note->hide();
        return;
    }
    m_note->setText(
        tr("Earlier lines are hidden: showing the last %1 lines. Download the log to see every line.")
            .arg(kMaxLines));
    m_note->show();
}

void LogViewer::showMessage(const QString &message, bool error)
{
    m_message->setText(message);
    m_message->setForegroundRole(error ? QPalette::BrightText : QPalette::WindowText);
    QPalette palette = m_message->palette();
    if (error) {
        const bool dark = palette.color(QPalette::Window).lightness() < 128;
        palette.setColor(QPalette::BrightText, dark ? QColor(0xff, 0x6b, 0x68) : QColor(0xc6, 0x28, 0x28));
        m_message->setPalette(palette);
    }
    m_message->show();
}

void LogViewer::copy()
{
    if (m_view->textCursor().hasSelection())
        m_view->copy();
    else
        QApplication::clipboard()->setText(m_view->toPlainText());
}

void LogViewer::setDownloadName(const QString &fileName)
{
    m_downloadName = fileName;
}

void LogViewer::chooseDownloadDestination()
{
    auto *dialog = new QFileDialog(this, tr("Download the Log"));
    dialog->setObjectName(u"downloadDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setNameFilters({tr("Logs (*.log)"), tr("All files (*)")});
    dialog->setDefaultSuffix(u"log"_s);
    dialog->setDirectory(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
    dialog->selectFile(m_downloadName.isEmpty() ? QFileInfo(m_path).fileName() : m_downloadName);
    connect(dialog, &QFileDialog::fileSelected, this, &LogViewer::startDownload);
    dialog->open();
}

void LogViewer::startDownload(const QString &destination)
{
    if (m_path.isEmpty()) {
        const QString message = tr("There is no log to download: no job log is open.");
        showMessage(message, true);
        emit downloadFailed(message);
        return;
    }
    if (m_exportCancel) {
        const QString message = tr("%1 was not written: the log is still being downloaded to %2.")
                                    .arg(destination, m_exportDestination);
        showMessage(message, true);
        emit downloadFailed(message);
        return;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_exportCancel = cancel;
    m_exportDestination = destination;
    m_message->hide();
    m_progress->setValue(0);
    m_downloadRow->show();
    m_downloadAction->setEnabled(false);

    auto *watcher = new QFutureWatcher<ExportResult>(this);
    connect(watcher, &QFutureWatcher<ExportResult>::progressValueChanged, m_progress,
            &QProgressBar::setValue);
    connect(watcher, &QFutureWatcher<ExportResult>::finished, this, [this, watcher, destination] {
        watcher->deleteLater();
        m_exportCancel.reset();
        m_exportDestination.clear();
        m_downloadRow->hide();
        m_downloadAction->setEnabled(!m_path.isEmpty());
        const ExportResult result = watcher->result();
        if (result.ok()) {
            showMessage(tr("Saved the whole log to %1.").arg(destination), false);
            emit downloadFinished(destination);
            return;
        }
        const QString message = result.error().code == LogError::Code::Cancelled
                                    ? tr("The download was cancelled; %1 was not written.").arg(destination)
                                    : result.error().message;
        showMessage(message, true);
        emit downloadFailed(message);
    });
    const QString source = m_path;
    watcher->setFuture(QtConcurrent::run([source, destination, cancel](QPromise<ExportResult> &promise) {
        promise.setProgressRange(0, 1000);
        const auto progress = [&promise](qint64 done, qint64 total) {
            promise.setProgressValue(total > 0 ? int(done * 1000 / total) : 1000);
        };
        promise.addResult(JobLog::exportTo(source, destination, progress, cancel.get()));
    }));
}

void LogViewer::cancelDownload()
{
    if (m_exportCancel)
        m_exportCancel->store(true);
}

void LogViewer::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyHighlighter(); // follow light/dark theme switches
}

void LogViewer::applyHighlighter()
{
    delete m_highlighter;
    m_highlighter = LogHighlighting::create(m_view->document(), palette());
}

} // namespace Kiln
