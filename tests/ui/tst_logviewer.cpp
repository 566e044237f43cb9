#include "bake/joblog.h"
#include "common/logsearchbar.h"
#include "common/logviewer.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_LogViewer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void displayLine();
    void tailShowsTheLastLines();
    void shortLogHasNoNote();
    void missingLogSaysSo();
    void liveLinesAppearAndFollow();
    void scrolledUpViewStaysAndFollowReturns();
    void hugeBatchKeepsTheLastLines();
    void linesDuringLoadAreNeitherDuplicatedNorLost_data();
    void linesDuringLoadAreNeitherDuplicatedNorLost();
    void searchCountsAndMoves();
    void searchKeys();
    void downloadWritesTheWholeLog();
    void cancelledDownloadLeavesNoFile();
    void downloadButtonProposesTheName();
    void copyAndWrap();
    void highlighterBackend();
    void highlightsErrorsWarningsAndHeaders();

private:
    // Writes `count` lines "<word> <first>", "<word> <first+1>", ... with JobLogWriter.
    static void writeLog(const QString &path, int first, int count, const QString &word = u"line"_s);
    // Lines as BakeService::jobOutput sends them.
    static QStringList liveLines(int first, int count, const QString &word = u"live"_s);
    static QStringList fileLines(const QString &path);
    static QStringList blockTexts(const QPlainTextEdit *view);
    static QTextCharFormat formatAt(const QTextBlock &block, int position);
    static QString topText(const LogViewer &viewer);
    bool openAndWait(LogViewer &viewer, const QString &path, bool live);

    QTemporaryDir m_dir;
};

void tst_LogViewer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_LogViewer::writeLog(const QString &path, int first, int count, const QString &word)
{
    JobLogWriter writer;
    QVERIFY(writer.open(path).ok());
    QStringList batch;
    for (int i = first; i < first + count; ++i) {
        batch.append(word + u' ' + QString::number(i));
        if (batch.size() == 1000 || i == first + count - 1) {
            QVERIFY(writer.appendLines(batch).ok());
            batch.clear();
        }
    }
}

QStringList tst_LogViewer::liveLines(int first, int count, const QString &word)
{
    const QString prefix =
        QString::fromUtf8(JobLogWriter::prefix(QDateTime::currentDateTimeUtc(), LogStream::Out));
    QStringList lines;
    lines.reserve(count);
    for (int i = first; i < first + count; ++i)
        lines.append(prefix + word + u' ' + QString::number(i));
    return lines;
}

QStringList tst_LogViewer::fileLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QStringList tst_LogViewer::blockTexts(const QPlainTextEdit *view)
{
    QStringList texts;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next())
        texts.append(block.text());
    return texts;
}

QTextCharFormat tst_LogViewer::formatAt(const QTextBlock &block, int position)
{
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (position >= range.start && position < range.start + range.length)
            return range.format;
    }
    return {};
}

QString tst_LogViewer::topText(const LogViewer &viewer)
{
    // The first line visible at the top of the view.
    return viewer.textView()->cursorForPosition(QPoint(2, 2)).block().text();
}

bool tst_LogViewer::openAndWait(LogViewer &viewer, const QString &path, bool live)
{
    QSignalSpy loaded(&viewer, &LogViewer::loaded);
    viewer.openLog(path, live);
    return loaded.wait(10000) || loaded.size() == 1;
}

void tst_LogViewer::displayLine()
{
    const QDateTime utc = QDateTime::fromString(u"2026-11-22T21:30:05.123Z"_s, Qt::ISODateWithMs);
    const QByteArray line = JobLogWriter::prefix(utc, LogStream::Err) + "boom: it failed";
    const QString expectedTime = utc.toLocalTime().toString(u"HH:mm:ss"_s);
    QCOMPARE(LogViewer::displayLine(line), expectedTime + u" err| boom: it failed"_s);
    QCOMPARE(
        LogViewer::displayLine(QString::fromUtf8(JobLogWriter::prefix(utc, LogStream::System) + "queued")),
        expectedTime + u" sys| queued"_s);
    // Lines without the job-log shape are shown as they are, empty ones too.
    QCOMPARE(LogViewer::displayLine(u"not a log line | at all"_s), u"not a log line | at all"_s);
    QCOMPARE(LogViewer::displayLine(QString()), QString());
}

void tst_LogViewer::tailShowsTheLastLines()
{
    const QString path = m_dir.filePath(u"tail.log"_s);
    writeLog(path, 1, 5000);
    LogViewer viewer;
    QVERIFY(openAndWait(viewer, path, false));
    QCOMPARE(viewer.lineCount(), LogViewer::kMaxLines);
    const QStringList texts = blockTexts(viewer.textView());
    QCOMPARE(texts.size(), 2000);
    for (int i = 0; i < texts.size(); ++i)
        QVERIFY2(texts.at(i).endsWith(u"out| line "_s + QString::number(3001 + i)), qPrintable(texts.at(i)));
    QVERIFY(viewer.earlierLinesHidden());
    QVERIFY(viewer.noteText().contains(u"2000"_s));
    QVERIFY(viewer.textView()->isReadOnly());
    QCOMPARE(viewer.textView()->maximumBlockCount(), 2000);
}

void tst_LogViewer::shortLogHasNoNote()
{
    const QString path = m_dir.filePath(u"exactly2000.log"_s);
    writeLog(path, 1, 2000);
    LogViewer viewer;
    QVERIFY(openAndWait(viewer, path, false));
    QCOMPARE(viewer.lineCount(), 2000);
    QVERIFY(!viewer.earlierLinesHidden());
    QVERIFY(viewer.noteText().isEmpty());
}

void tst_LogViewer::missingLogSaysSo()
{
    const QString path = m_dir.filePath(u"nothing-here.log"_s);
    LogViewer viewer;
    QVERIFY(openAndWait(viewer, path, true));
    QCOMPARE(viewer.lineCount(), 0);
    const QString message = viewer.textView()->placeholderText();
    QVERIFY2(message.contains(path) && message.contains(u"not there yet"_s), qPrintable(message));
    // Lines that come later are still shown.
    viewer.appendLines(liveLines(1, 3));
    QTRY_COMPARE(viewer.lineCount(), 3);
}

void tst_LogViewer::liveLinesAppearAndFollow()
{
    const QString path = m_dir.filePath(u"live.log"_s);
    writeLog(path, 1, 300);
    LogViewer viewer;
    viewer.resize(640, 400);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    QVERIFY(openAndWait(viewer, path, true));
    QScrollBar *bar = viewer.textView()->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(viewer.isFollowing());

    viewer.appendLines(liveLines(1, 50));
    viewer.appendLines(liveLines(51, 50));
    QTRY_COMPARE(viewer.lineCount(), 400);
    QVERIFY(viewer.textView()->document()->lastBlock().text().endsWith(u"out| live 100"_s));
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(viewer.isFollowing());
    QVERIFY(viewer.findChild<QAction *>(u"followAction"_s)->isChecked());
    QVERIFY(!viewer.earlierLinesHidden());
}

void tst_LogViewer::scrolledUpViewStaysAndFollowReturns()
{
    const QString path = m_dir.filePath(u"scroll.log"_s);
    writeLog(path, 1, 300);
    LogViewer viewer;
    viewer.resize(640, 400);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    QVERIFY(openAndWait(viewer, path, true));
    QScrollBar *bar = viewer.textView()->verticalScrollBar();
    auto *follow = viewer.findChild<QAction *>(u"followAction"_s);

    bar->setValue(150); // the user scrolls up
    QVERIFY(!viewer.isFollowing());
    QVERIFY(!follow->isChecked());
    const QString topLine = topText(viewer);
    viewer.appendLines(liveLines(1, 100));
    QTRY_COMPARE(viewer.lineCount(), 400);
    QCOMPARE(bar->value(), 150);
    QCOMPARE(topText(viewer), topLine);

    // Even when old lines are pushed out, the lines in view stay in view.
    viewer.appendLines(liveLines(101, 1700)); // 2100 lines: 100 leave at the top
    QTRY_COMPARE(viewer.textView()->document()->lastBlock().text().endsWith(u"live 1800"_s), true);
    QCOMPARE(viewer.lineCount(), 2000);
    QCOMPARE(topText(viewer), topLine);
    QVERIFY(!viewer.isFollowing());

    follow->trigger(); // back to the end
    QVERIFY(viewer.isFollowing());
    QCOMPARE(bar->value(), bar->maximum());
    viewer.appendLines(liveLines(1801, 10));
    QTRY_VERIFY(viewer.textView()->document()->lastBlock().text().endsWith(u"live 1810"_s));
    QCOMPARE(bar->value(), bar->maximum());

    // Scrolling up and back to the bottom by hand turns following off and on again.
    bar->setValue(bar->maximum() - 5);
    QVERIFY(!viewer.isFollowing());
    bar->setValue(bar->maximum());
    QVERIFY(viewer.isFollowing());
    QVERIFY(follow->isChecked());
}

void tst_LogViewer::hugeBatchKeepsTheLastLines()
{
    const QString path = m_dir.filePath(u"huge.log"_s);
    writeLog(path, 1, 10);
    LogViewer viewer;
    viewer.resize(640, 400);
    viewer.show();
    QVERIFY(openAndWait(viewer, path, true));
    const QStringList batch = liveLines(1, 100000);
    QElapsedTimer clock;
    clock.start();
    viewer.appendLines(batch);
    const qint64 appendMs = clock.elapsed();
    QTRY_VERIFY(viewer.textView()->document()->lastBlock().text().endsWith(u"out| live 100000"_s));
    QCOMPARE(viewer.lineCount(), 2000);
    QVERIFY(viewer.textView()->document()->firstBlock().text().endsWith(u"out| live 98001"_s));
    QVERIFY(viewer.earlierLinesHidden());
    QVERIFY(!viewer.noteText().isEmpty());
    QVERIFY2(appendMs < 200,
             qPrintable(u"appendLines took %1 ms"_s.arg(appendMs))); // buffered, not shown yet
    // Many small batches end the same way.
    for (int i = 0; i < 100; ++i)
        viewer.appendLines(liveLines(200000 + i * 1000, 1000));
    QTRY_VERIFY(viewer.textView()->document()->lastBlock().text().endsWith(u"out| live 299999"_s));
    QCOMPARE(viewer.lineCount(), 2000);
}

void tst_LogViewer::linesDuringLoadAreNeitherDuplicatedNorLost_data()
{
    QTest::addColumn<int>("liveFrom"); // first line number of the live batch (the file has 1..3000)
    QTest::addColumn<int>("liveTo");
    QTest::newRow("overlap of 11") << 2990 << 3010;
    QTest::newRow("no overlap") << 3001 << 3010;
    QTest::newRow("all in the file") << 2995 << 3000;
    QTest::newRow("overlap longer than the view") << 500 << 3100;
}

void tst_LogViewer::linesDuringLoadAreNeitherDuplicatedNorLost()
{
    QFETCH(int, liveFrom);
    QFETCH(int, liveTo);
    const QString path = m_dir.filePath(u"during-%1-%2.log"_s.arg(liveFrom).arg(liveTo));
    writeLog(path, 1, 3000);
    // The live lines are the same records as the file's (same timestamps), then new ones.
    QStringList live = fileLines(path).mid(liveFrom - 1);
    QStringList later;
    if (liveTo > 3000) {
        JobLogWriter writer;
        QVERIFY(writer.open(path).ok());
        QStringList texts;
        for (int i = 3001; i <= liveTo; ++i)
            texts.append(u"line %1"_s.arg(i));
        QVERIFY(writer.appendLines(texts).ok());
        writer.close();
        later = fileLines(path).mid(3000);
        // Simulate that the tail was read before these were written.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(QFileInfo(path).size() - (later.join(u'\n').toUtf8().size() + 1)));
    }
    live += later;

    LogViewer viewer;
    QSignalSpy loaded(&viewer, &LogViewer::loaded);
    viewer.openLog(path, true);
    QVERIFY(viewer.isLoading());
    viewer.appendLines(live.mid(0, 3));
    viewer.appendLines(live.mid(3));
    QVERIFY(loaded.wait(10000));
    const int last = std::max(liveTo, 3000);
    QTRY_VERIFY(viewer.textView()->document()->lastBlock().text().endsWith(u"| line %1"_s.arg(last)));
    const QStringList texts = blockTexts(viewer.textView());
    QCOMPARE(texts.size(), 2000);
    for (int i = 0; i < texts.size(); ++i)
        QVERIFY2(texts.at(i).endsWith(u"| line %1"_s.arg(last - 1999 + i)), qPrintable(texts.at(i)));
}

void tst_LogViewer::searchCountsAndMoves()
{
    const QString path = m_dir.filePath(u"search.log"_s);
    JobLogWriter writer;
    QVERIFY(writer.open(path).ok());
    QVERIFY(
        writer.appendLines({u"alpha"_s, u"a Needle here"_s, u"beta"_s, u"needle and NEEDLE"_s, u"gamma"_s})
            .ok());
    writer.close();
    LogViewer viewer;
    viewer.show();
    QVERIFY(openAndWait(viewer, path, false));
    LogSearchBar *bar = viewer.searchBar();
    QVERIFY(!bar->isVisible());
    bar->activate();
    QVERIFY(bar->isVisible());
    bar->setQuery(u"needle"_s);
    QCOMPARE(bar->matchCount(), 3);
    QCOMPARE(bar->currentMatch(), 0);
    QCOMPARE(bar->statusText(), u"1 of 3"_s);
    QCOMPARE(viewer.textView()->textCursor().selectedText(), u"Needle"_s);
    QCOMPARE(viewer.textView()->extraSelections().size(), 3);
    bar->findNext();
    QCOMPARE(bar->statusText(), u"2 of 3"_s);
    QCOMPARE(viewer.textView()->textCursor().selectedText(), u"needle"_s);
    QCOMPARE(viewer.textView()->textCursor().block().blockNumber(), 3);
    bar->findNext();
    QCOMPARE(viewer.textView()->textCursor().selectedText(), u"NEEDLE"_s);
    bar->findNext(); // wraps around
    QCOMPARE(bar->currentMatch(), 0);
    bar->findPrevious();
    QCOMPARE(bar->statusText(), u"3 of 3"_s);

    // New lines are searched too; the current match stays.
    viewer.appendLines(liveLines(1, 2, u"needle"_s));
    QTRY_COMPARE(bar->matchCount(), 5);
    QCOMPARE(bar->statusText(), u"3 of 5"_s);

    bar->setQuery(u"nothing like it"_s);
    QCOMPARE(bar->matchCount(), 0);
    QCOMPARE(bar->statusText(), u"No matches"_s);
    QVERIFY(viewer.textView()->extraSelections().isEmpty());
}

void tst_LogViewer::searchKeys()
{
    const QString path = m_dir.filePath(u"keys.log"_s);
    writeLog(path, 1, 30, u"word"_s);
    LogViewer viewer;
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    QVERIFY(openAndWait(viewer, path, false));
    viewer.activateWindow();
    viewer.textView()->setFocus();
    QTest::keyClick(viewer.textView(), Qt::Key_F, Qt::ControlModifier);
    LogSearchBar *bar = viewer.searchBar();
    QVERIFY(bar->isVisible());
    auto *field = bar->findChild<QLineEdit *>(u"searchField"_s);
    QTRY_VERIFY(field->hasFocus());
    QTest::keyClicks(field, u"word 2"_s); // word 2, word 20..29
    QCOMPARE(bar->matchCount(), 11);
    QCOMPARE(bar->currentMatch(), 0);
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(bar->currentMatch(), 1);
    QTest::keyClick(field, Qt::Key_F3);
    QCOMPARE(bar->currentMatch(), 2);
    QTest::keyClick(field, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(bar->currentMatch(), 1);
    QTest::keyClick(field, Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(bar->currentMatch(), 0);
    QTest::keyClick(field, Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
    QVERIFY(viewer.textView()->extraSelections().isEmpty());
}

void tst_LogViewer::downloadWritesTheWholeLog()
{
    const QString path = m_dir.filePath(u"download.log"_s);
    writeLog(path, 1, 5000);
    LogViewer viewer;
    viewer.show();
    QVERIFY(openAndWait(viewer, path, true));
    QCOMPARE(viewer.lineCount(), 2000);
    const QString destination = m_dir.filePath(u"downloaded/spec-3-20261122.log"_s);
    QVERIFY(QDir().mkpath(QFileInfo(destination).path()));
    QSignalSpy finished(&viewer, &LogViewer::downloadFinished);
    QSignalSpy failed(&viewer, &LogViewer::downloadFailed);
    auto *progress = viewer.findChild<QProgressBar *>(u"downloadProgress"_s);
    QSignalSpy progressed(progress, &QProgressBar::valueChanged);
    viewer.startDownload(destination);
    QVERIFY(viewer.isDownloading());
    QVERIFY(progress->isVisible());
    QVERIFY(finished.wait(10000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(finished.at(0).at(0).toString(), destination);
    QVERIFY(!progress->isVisible());
    QVERIFY(!viewer.isDownloading());
    QVERIFY(!progressed.isEmpty());
    QFile source(path), copy(destination);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QVERIFY(copy.open(QIODevice::ReadOnly));
    const QByteArray bytes = copy.readAll();
    QCOMPARE(bytes, source.readAll());
    QCOMPARE(bytes.count('\n'), 5000);
    QVERIFY(viewer.messageText().contains(destination));
}

void tst_LogViewer::cancelledDownloadLeavesNoFile()
{
    // A 200 MB log of valid lines, written in big blocks to be quick.
    const QString path = m_dir.filePath(u"big.log"_s);
    {
        QByteArray block;
        const QByteArray prefix = JobLogWriter::prefix(QDateTime::currentDateTimeUtc(), LogStream::Out);
        while (block.size() < 4 * 1024 * 1024)
            block += prefix + "some build output that goes on for a while " +
                     QByteArray::number(block.size()) + '\n';
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 50; ++i)
            QCOMPARE(file.write(block), block.size());
    }
    QVERIFY(QFileInfo(path).size() >= 200LL * 1024 * 1024);
    LogViewer viewer;
    viewer.show();
    QVERIFY(openAndWait(viewer, path, true));
    QCOMPARE(viewer.lineCount(), 2000);

    const QString folder = m_dir.filePath(u"cancelled"_s);
    QVERIFY(QDir().mkpath(folder));
    const QString destination = folder + u"/big-copy.log"_s;
    QSignalSpy finished(&viewer, &LogViewer::downloadFinished);
    QSignalSpy failed(&viewer, &LogViewer::downloadFailed);
    // Cancelled at once: 200 chunks of 1 MiB to go, so the flag is seen.
    viewer.startDownload(destination);
    viewer.cancelDownload();
    QVERIFY(failed.wait(20000));
    QCOMPARE(finished.size(), 0);
    QVERIFY2(failed.at(0).at(0).toString().contains(u"cancelled"_s),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(!QFile::exists(destination));
    QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    QVERIFY(viewer.messageText().contains(u"cancelled"_s));

    // Cancelled with the Cancel button once the copy is under way.
    failed.clear();
    auto *progress = viewer.findChild<QProgressBar *>(u"downloadProgress"_s);
    auto *cancel = viewer.findChild<QToolButton *>(u"downloadCancel"_s);
    connect(progress, &QProgressBar::valueChanged, cancel, [cancel](int value) {
        if (value > 0 && cancel->isVisible())
            cancel->click();
    });
    viewer.startDownload(destination);
    QVERIFY(cancel->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !finished.isEmpty(), 20000);
    if (!finished.isEmpty())
        QSKIP("the export finished before it could be cancelled");
    QVERIFY(failed.at(0).at(0).toString().contains(u"cancelled"_s));
    QVERIFY(!QFile::exists(destination));
    QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    QFile::remove(path);
}

void tst_LogViewer::downloadButtonProposesTheName()
{
    const QString path = m_dir.filePath(u"named.log"_s);
    writeLog(path, 1, 5);
    LogViewer viewer;
    viewer.show();
    QVERIFY(openAndWait(viewer, path, false));
    viewer.setDownloadName(u"cuda-3-20261122T213000Z.log"_s);
    auto *download = viewer.findChild<QAction *>(u"downloadAction"_s);
    QVERIFY(download->isEnabled());
    download->trigger(); // returns at once: the dialog is opened, not executed
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = viewer.findChild<QFileDialog *>()) && dialog->isVisible());
    QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);
    QVERIFY2(dialog->selectedFiles().value(0).endsWith(u"/cuda-3-20261122T213000Z.log"_s),
             qPrintable(dialog->selectedFiles().value(0)));
    dialog->reject();
}

void tst_LogViewer::copyAndWrap()
{
    const QString path = m_dir.filePath(u"copy.log"_s);
    writeLog(path, 1, 3);
    LogViewer viewer;
    viewer.show();
    QVERIFY(openAndWait(viewer, path, false));
    viewer.findChild<QAction *>(u"copyAction"_s)->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), viewer.textView()->toPlainText());
    QCOMPARE(QGuiApplication::clipboard()->text().count(u'\n'), 2);
    QTextCursor cursor = viewer.textView()->textCursor();
    cursor.setPosition(viewer.textView()->document()->findBlockByNumber(1).position());
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    viewer.textView()->setTextCursor(cursor);
    viewer.findChild<QAction *>(u"copyAction"_s)->trigger();
    QVERIFY(QGuiApplication::clipboard()->text().endsWith(u"out| line 2"_s));
    viewer.findChild<QAction *>(u"selectAllAction"_s)->trigger();
    QCOMPARE(viewer.textView()->textCursor().selectedText().size(), viewer.textView()->toPlainText().size());

    QCOMPARE(viewer.textView()->lineWrapMode(), QPlainTextEdit::NoWrap);
    viewer.findChild<QAction *>(u"wrapAction"_s)->trigger();
    QCOMPARE(viewer.textView()->lineWrapMode(), QPlainTextEdit::WidgetWidth);
    viewer.findChild<QAction *>(u"wrapAction"_s)->trigger();
    QCOMPARE(viewer.textView()->lineWrapMode(), QPlainTextEdit::NoWrap);
    const QFontMetrics metrics(viewer.textView()->font());
    QCOMPARE(metrics.horizontalAdvance(u'i'), metrics.horizontalAdvance(u'W'));
}

void tst_LogViewer::highlighterBackend()
{
#ifdef KILN_EXPECT_KF6
    QCOMPARE(LogViewer::highlighterBackend(), u"KSyntaxHighlighting"_s);
#else
    QCOMPARE(LogViewer::highlighterBackend(), u"built-in"_s);
#endif
}

void tst_LogViewer::highlightsErrorsWarningsAndHeaders()
{
    for (const bool dark : {false, true}) {
        LogViewer viewer;
        QPalette palette = viewer.palette();
        if (dark) {
            palette.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
            palette.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
            viewer.setPalette(palette);
        }
        const QString path = m_dir.filePath(u"colours-%1.log"_s.arg(dark));
        {
            JobLogWriter writer;
            QVERIFY(writer.open(path).ok());
            QVERIFY(writer
                        .appendLines({u"plain output"_s, u"compile error: missing header"_s,
                                      u"warning: deprecated thing"_s, u"STEP 1/4: FROM debian:12"_s})
                        .ok());
            QVERIFY(writer.appendLine(u"plain but on stderr"_s, LogStream::Err).ok());
            QVERIFY(writer.appendLine(u"queued"_s, LogStream::System).ok());
        }
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QVERIFY(openAndWait(viewer, path, false));
        viewer.appendLines({u"no job-log shape: Build FAILED"_s});
        QTRY_COMPARE(viewer.lineCount(), 7);
        QTextDocument *document = viewer.textView()->document();
        const int body = 16; // "HH:mm:ss out| " is 14 characters; inside the text
        const auto colourOf = [&](int line, int position) {
            const QTextBlock block = document->findBlockByNumber(line);
            return formatAt(block, position).foreground().color();
        };
        QTRY_VERIFY(!document->findBlockByNumber(1).layout()->formats().isEmpty());
        const QColor plain = colourOf(0, body);
        const QColor error = colourOf(1, body);
        const QColor warning = colourOf(2, body);
        const QColor header = colourOf(3, body);
        QVERIFY2(error != plain, qPrintable(error.name()));
        QVERIFY(error.isValid());
        QVERIFY(warning.isValid() && warning != plain && warning != error);
        QVERIFY(header.isValid() && header != plain && header != error);
        // stderr is not an error by itself (engines print progress there): the tag
        // shows the stream, the text is classified like any other.
        QCOMPARE(colourOf(4, 10), error);    // the err| tag
        QCOMPARE(colourOf(4, body), plain);  // "plain but on stderr"
        QCOMPARE(colourOf(5, body), header); // Kiln's sys| notes
        QCOMPARE(colourOf(6, 3), error);     // lines without the job-log shape are classified too
        // Readable on the background: red stays clearly apart from the base colour.
        const QColor base = viewer.palette().color(QPalette::Base);
        QVERIFY2(std::abs(error.lightness() - base.lightness()) > 60,
                 qPrintable(u"%1 on %2"_s.arg(error.name(), base.name())));
    }
}

QTEST_MAIN(tst_LogViewer)
#include "tst_logviewer.moc"
