#include "imagebuilder/packageeditor.h"

#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTextBlock>
#include <QToolTip>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_PackageEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void emptyEditor();
    void typingMarksAndFixingClears();
    void markStartsAtTheIndentedColumn();
    void toolTipNamesLineAndColumn();
    void gutterShowsTheMarker();
    void darkPaletteMarks();
    void managerSwitchRevalidates();
    void placeholderPerManager();
    void pasteRequirementsTxt();
    void pasteEnvironmentYml();
    void pasteAptWords();
    void pasteIntoALine();
    void pasteSingleTokenIsNormal();
    void twoThousandLines();
};

namespace {

// [start, end) positions within the line of every extra selection.
QList<QPair<int, int>> marks(const PackageEditor &editor)
{
    QList<QPair<int, int>> out;
    for (const QTextEdit::ExtraSelection &selection : editor.extraSelections()) {
        const int blockStart = selection.cursor.block().position();
        out.append(
            {selection.cursor.selectionStart() - blockStart, selection.cursor.selectionEnd() - blockStart});
        if (selection.format.underlineStyle() != QTextCharFormat::SpellCheckUnderline)
            return {};
    }
    return out;
}

// The editor reuses the verdicts of unchanged lines: its result must still be
// exactly validatePackageList()'s.
bool sameAsValidatePackageList(const PackageEditor &editor)
{
    const QList<PackageLine> expected = validatePackageList(editor.manager(), editor.toPlainText());
    const QList<PackageLine> actual = editor.lines();
    if (actual.size() != expected.size())
        return false;
    for (qsizetype i = 0; i < actual.size(); ++i) {
        if (actual[i].line != expected[i].line || actual[i].text != expected[i].text ||
            actual[i].error != expected[i].error)
            return false;
    }
    return true;
}

void paste(PackageEditor &editor, const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
    editor.paste();
}

QPoint lineCentre(PackageEditor &editor, int line)
{
    QTextCursor cursor(editor.document()->findBlockByNumber(line - 1));
    return editor.cursorRect(cursor).center() + QPoint(4, 0);
}

} // namespace

void tst_PackageEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_PackageEditor::emptyEditor()
{
    PackageEditor editor;
    QCOMPARE(editor.summaryText(), u"No packages"_s);
    QVERIFY(editor.isValid());
    QCOMPARE(editor.packages(), QStringList());
    QCOMPARE(editor.lineWrapMode(), QPlainTextEdit::NoWrap);
    // Measured, as in tst_codeview: some monospaced fonts do not declare fixedPitch.
    const QFontMetrics metrics(editor.font());
    QCOMPARE(metrics.horizontalAdvance(u'i'), metrics.horizontalAdvance(u'W'));
}

void tst_PackageEditor::typingMarksAndFixingClears()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Pip);
    QSignalSpy changed(&editor, &PackageEditor::validationChanged);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setFocus();

    QTest::keyClicks(&editor, u"flask"_s);
    QTest::keyClick(&editor, Qt::Key_Return);
    QTest::keyClicks(&editor, u"requests>>2"_s);
    QCOMPARE(editor.packages(), (QStringList{u"flask"_s, u"requests>>2"_s}));
    QCOMPARE(editor.invalidCount(), 1);
    QCOMPARE(editor.validCount(), 1);
    QVERIFY(!editor.isValid());
    QCOMPARE(editor.summaryText(), u"1 valid, 1 invalid"_s);
    QVERIFY(changed.count() >= 17); // one per keystroke
    QCOMPARE(editor.lines().at(1).error->column, 10);
    // From the error column (10, the second '>') to the end of line 2.
    QCOMPARE(marks(editor), (QList<QPair<int, int>>{{9, 11}}));
    QCOMPARE(editor.extraSelections().first().cursor.block().blockNumber(), 1);

    // "requests>" stops too early: the column is one past the end; the last character is marked.
    QTest::keyClick(&editor, Qt::Key_Backspace);
    QTest::keyClick(&editor, Qt::Key_Backspace);
    QCOMPARE(editor.invalidCount(), 1);
    QCOMPARE(marks(editor), (QList<QPair<int, int>>{{8, 9}}));
    QVERIFY(sameAsValidatePackageList(editor));

    QTest::keyClicks(&editor, u"=2"_s);
    QCOMPARE(editor.invalidCount(), 0);
    QVERIFY(editor.isValid());
    QCOMPARE(editor.summaryText(), u"2 valid, 0 invalid"_s);
    QVERIFY(editor.extraSelections().isEmpty());

    // The same text indented: the cached verdict gets the new column.
    QTest::keyClick(&editor, Qt::Key_Home);
    QTest::keyClicks(&editor, u"  "_s);
    QTest::keyClick(&editor, Qt::Key_End);
    QTest::keyClick(&editor, Qt::Key_Backspace);
    QTest::keyClick(&editor, Qt::Key_Backspace);
    QCOMPARE(editor.lines().at(1).error->column, 12);
    QVERIFY(sameAsValidatePackageList(editor));
    QTest::keyClick(&editor, Qt::Key_Home);
    QTest::keyClick(&editor, Qt::Key_Delete);
    QCOMPARE(editor.lines().at(1).error->column, 11);
    QVERIFY(sameAsValidatePackageList(editor));
}

void tst_PackageEditor::markStartsAtTheIndentedColumn()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Pip);
    editor.setPlainText(u"requests\n  flask==2.0 xyz\n"_s);
    QCOMPARE(editor.summaryText(), u"1 valid, 1 invalid"_s);
    QCOMPARE(editor.lines().at(1).error->column, 14);
    QCOMPARE(marks(editor), (QList<QPair<int, int>>{{13, 16}}));
}

void tst_PackageEditor::toolTipNamesLineAndColumn()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Pip);
    editor.setPlainText(u"flask\n\nrequests>>2"_s);
    editor.resize(400, 200);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));

    QVERIFY(editor.lineToolTip(1).isEmpty());
    const QString expected = editor.lineToolTip(3);
    QVERIFY2(expected.startsWith(u"Line 3, column 10: "_s), qPrintable(expected));
    QVERIFY(expected.contains(u"'>2' is not a valid PEP 440 version"_s));

    // Hovering the bad line in the text.
    const QPoint pos = lineCentre(editor, 3);
    QHelpEvent onText(QEvent::ToolTip, pos, editor.viewport()->mapToGlobal(pos));
    QCoreApplication::sendEvent(editor.viewport(), &onText);
    QTRY_COMPARE(QToolTip::text(), expected);
    QToolTip::hideText();
    QTRY_VERIFY(QToolTip::text().isEmpty());

    // A good line shows nothing.
    const QPoint good = lineCentre(editor, 1);
    QHelpEvent onGood(QEvent::ToolTip, good, editor.viewport()->mapToGlobal(good));
    QCoreApplication::sendEvent(editor.viewport(), &onGood);
    QVERIFY(QToolTip::text().isEmpty());

    // Nor does the empty space below the last line.
    const QPoint below(pos.x(), editor.viewport()->height() - 5);
    QVERIFY(below.y() > pos.y() + 30);
    QHelpEvent onEmpty(QEvent::ToolTip, below, editor.viewport()->mapToGlobal(below));
    QCoreApplication::sendEvent(editor.viewport(), &onEmpty);
    QVERIFY(QToolTip::text().isEmpty());

    // Hovering the gutter beside it.
    QWidget *gutter = nullptr;
    for (QWidget *child : editor.findChildren<QWidget *>(Qt::FindDirectChildrenOnly)) {
        if (child->geometry().left() <= 1 && child->width() < 100 && child->height() > 50 &&
            child != editor.viewport())
            gutter = child;
    }
    QVERIFY(gutter);
    const QPoint inGutter(gutter->width() / 2, pos.y());
    QHelpEvent onGutter(QEvent::ToolTip, inGutter, gutter->mapToGlobal(inGutter));
    QCoreApplication::sendEvent(gutter, &onGutter);
    QTRY_COMPARE(QToolTip::text(), expected);
    QToolTip::hideText();
}

void tst_PackageEditor::gutterShowsTheMarker()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Apt);
    editor.setPlainText(u"curl\nBad\n"_s);
    editor.resize(300, 150);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QCOMPARE(editor.viewport()->geometry().left() > 10, true); // the gutter takes room

    const QImage image = editor.grab().toImage();
    const int gutterRight = editor.viewport()->geometry().left();
    const auto redRows = [&](int line) {
        const QRect rect = editor.cursorRect(QTextCursor(editor.document()->findBlockByNumber(line - 1)));
        int reds = 0;
        for (int y = rect.top(); y <= rect.bottom(); ++y) {
            for (int x = 0; x < gutterRight; ++x) {
                const QColor c = image.pixelColor(x, y + editor.viewport()->geometry().top());
                reds += (c.red() > 150 && c.green() < 110 && c.blue() < 110) ? 1 : 0;
            }
        }
        return reds;
    };
    QCOMPARE(redRows(1), 0);
    QVERIFY(redRows(2) > 4);
}

void tst_PackageEditor::darkPaletteMarks()
{
    PackageEditor editor;
    editor.setPlainText(u"Bad\n"_s);
    const QColor light = editor.extraSelections().first().format.underlineColor();
    QPalette dark = editor.palette();
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    editor.setPalette(dark);
    const QColor onDark = editor.extraSelections().first().format.underlineColor();
    QVERIFY(onDark != light);
    QVERIFY(onDark.lightness() > 128); // stands out from a dark base
    QVERIFY(light.lightness() < 128);  // and from a light one
}

void tst_PackageEditor::managerSwitchRevalidates()
{
    PackageEditor editor;
    QSignalSpy changed(&editor, &PackageEditor::validationChanged);
    editor.setManager(PackageManager::Conda);
    editor.setPackages({u"conda-forge::numpy>=1.26"_s, u"python=3.11"_s});
    QCOMPARE(editor.summaryText(), u"2 valid, 0 invalid"_s);
    const int before = int(changed.count());
    editor.setManager(PackageManager::Pip);
    QCOMPARE(changed.count(), before + 1);
    QCOMPARE(editor.manager(), PackageManager::Pip);
    QCOMPARE(editor.invalidCount(), 2);
    QCOMPARE(editor.extraSelections().size(), 2);
}

void tst_PackageEditor::placeholderPerManager()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Apt);
    QVERIFY(editor.placeholderText().contains(u"git=1:2.39.5-1"_s));
    editor.setManager(PackageManager::Conda);
    QVERIFY(editor.placeholderText().contains(u"conda-forge::numpy>=1.26"_s));
    editor.setManager(PackageManager::Pip);
    QVERIFY(editor.placeholderText().contains(u"requests[socks]>=2.31"_s));
}

void tst_PackageEditor::pasteRequirementsTxt()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Pip);
    paste(editor,
          u"# Pinned by pip-compile\nrequests[socks]>=2.31  # http\n-r x.txt\n\nflask \\\n  ==3.0.0\n"_s);
    QCOMPARE(editor.packages(),
             (QStringList{u"requests[socks]>=2.31"_s, u"-r x.txt"_s, u"flask   ==3.0.0"_s}));
    QCOMPARE(editor.toPlainText(), u"requests[socks]>=2.31\n-r x.txt\nflask   ==3.0.0"_s);
    QCOMPARE(editor.invalidCount(), 1);
    QCOMPARE(editor.lines().at(1).line, 2);
    QVERIFY(editor.lines().at(1).error);
    QVERIFY(editor.lineToolTip(2).contains(u"includes another requirements file"_s));
    QCOMPARE(editor.summaryText(), u"2 valid, 1 invalid"_s);
}

void tst_PackageEditor::pasteEnvironmentYml()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Conda);
    QSignalSpy pip(&editor, &PackageEditor::pipPackagesPasted);
    paste(editor, u"name: ml\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - numpy>=1.26\n"
                  "  - pip:\n    - requests[socks]>=2.31\n    - flask\n"_s);
    QCOMPARE(editor.packages(), (QStringList{u"python=3.11"_s, u"numpy>=1.26"_s}));
    QVERIFY(editor.isValid());
    QCOMPARE(pip.count(), 1);
    QCOMPARE(pip.first().first().toStringList(), (QStringList{u"requests[socks]>=2.31"_s, u"flask"_s}));
}

void tst_PackageEditor::pasteAptWords()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Apt);
    QSignalSpy pip(&editor, &PackageEditor::pipPackagesPasted);
    paste(editor, u"curl git vim"_s);
    QCOMPARE(editor.packages(), (QStringList{u"curl"_s, u"git"_s, u"vim"_s}));
    QCOMPARE(editor.document()->blockCount(), 3);
    QCOMPARE(editor.summaryText(), u"3 valid, 0 invalid"_s);
    QCOMPARE(pip.count(), 0);

    editor.clear();
    paste(editor, u"apt-get install -y --no-install-recommends htop jq"_s);
    QCOMPARE(editor.packages(), (QStringList{u"htop"_s, u"jq"_s}));
}

void tst_PackageEditor::pasteIntoALine()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Apt);
    editor.setPlainText(u"curl\nhtop"_s);
    QTextCursor cursor = editor.textCursor();
    cursor.setPosition(2); // inside "curl"
    editor.setTextCursor(cursor);
    paste(editor, u"git vim"_s);
    QCOMPARE(editor.toPlainText(), u"curl\ngit\nvim\nhtop"_s);

    cursor.setPosition(editor.document()->findBlockByNumber(3).position()); // start of "htop"
    editor.setTextCursor(cursor);
    paste(editor, u"jq less"_s);
    QCOMPARE(editor.packages(), (QStringList{u"curl"_s, u"git"_s, u"vim"_s, u"jq"_s, u"less"_s, u"htop"_s}));

    // One undo step per paste.
    editor.undo();
    QCOMPARE(editor.toPlainText(), u"curl\ngit\nvim\nhtop"_s);
}

void tst_PackageEditor::pasteSingleTokenIsNormal()
{
    PackageEditor editor;
    editor.setManager(PackageManager::Apt);
    editor.show();
    editor.setFocus();
    QTest::keyClicks(&editor, u"lib"_s);
    paste(editor, u"ssl3"_s);
    QCOMPARE(editor.toPlainText(), u"libssl3"_s);

    editor.setManager(PackageManager::Pip);
    editor.clear();
    paste(editor, u"requests >= 2.0"_s); // blanks inside a Pip line: still one entry
    QCOMPARE(editor.toPlainText(), u"requests >= 2.0"_s);
    QVERIFY(editor.isValid());
}

void tst_PackageEditor::twoThousandLines()
{
    QStringList packages;
    for (int i = 0; i < 2000; ++i)
        packages.append(i % 10 == 9 ? u"Bad_%1 x"_s.arg(i) : u"lib-package-%1=1.%1-1~deb12u1"_s.arg(i));
    PackageEditor editor;
    editor.setManager(PackageManager::Apt);
    editor.resize(500, 400);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));

    QElapsedTimer timer;
    timer.start();
    editor.setPackages(packages);
    const double setMs = double(timer.nsecsElapsed()) / 1e6;
    QCOMPARE(editor.validCount(), 1800);
    QCOMPARE(editor.invalidCount(), 200);
    QCOMPARE(editor.extraSelections().size(), 200);

    // A keystroke at the end revalidates all 2000 lines.
    editor.setFocus();
    editor.moveCursor(QTextCursor::End);
    timer.restart();
    QTest::keyClick(&editor, Qt::Key_A);
    const double keyMs = double(timer.nsecsElapsed()) / 1e6;
    QCOMPARE(editor.invalidCount(), 200);
    QCOMPARE(editor.packages().last(), u"Bad_1999 xa"_s);
    const double markedMs = editor.lastValidationMs();

    // The parse alone, and the worst case: every line bad, every line marked.
    timer.restart();
    const QList<PackageLine> parsed = validatePackageList(PackageManager::Apt, editor.toPlainText());
    const double parseMs = double(timer.nsecsElapsed()) / 1e6;
    QCOMPARE(parsed.size(), 2000);
    editor.setManager(PackageManager::Conda); // "lib-package-1=1.1-1~deb12u1" is no match spec
    timer.restart();
    QTest::keyClick(&editor, Qt::Key_B);
    const double allBadMs = double(timer.nsecsElapsed()) / 1e6;
    QCOMPARE(editor.invalidCount(), 2000);
    QCOMPARE(editor.extraSelections().size(), 2000);
    QVERIFY(sameAsValidatePackageList(editor));
    qInfo("2000 lines: setPackages %.1f ms; one keystroke %.1f ms (revalidation with marks %.2f ms, "
          "validatePackageList alone %.2f ms); all 2000 bad: keystroke %.1f ms (revalidation %.2f ms)",
          setMs, keyMs, markedMs, parseMs, allBadMs, editor.lastValidationMs());
    QVERIFY2(markedMs < 500, "validation of 2000 lines must stay interactive");
}

QTEST_MAIN(tst_PackageEditor)
#include "tst_packageeditor.moc"
