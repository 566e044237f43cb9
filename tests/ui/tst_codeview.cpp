#include "common/codeview.h"

#include <QTextBlock>
#include <QTextLayout>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_CodeView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backend();
    void highlights_data();
    void highlights();
    void plainTextIsNotColoured();
    void readOnlyAndMonospace();

private:
    static QTextCharFormat formatAt(const QTextBlock &block, int position);
};

QTextCharFormat tst_CodeView::formatAt(const QTextBlock &block, int position)
{
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (position >= range.start && position < range.start + range.length)
            return range.format;
    }
    return {};
}

void tst_CodeView::backend()
{
#ifdef KILN_EXPECT_KF6
    QCOMPARE(CodeView::highlighterBackend(), u"KSyntaxHighlighting"_s);
#else
    QCOMPARE(CodeView::highlighterBackend(), u"built-in"_s);
#endif
}

void tst_CodeView::highlights_data()
{
    QTest::addColumn<int>("language");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("coloured");  // a position that must carry a format
    QTest::addColumn<int>("different"); // a position whose format must differ from it
    QTest::newRow("dockerfile keyword")
        << int(CodeView::Language::Dockerfile) << u"FROM debian:12\nUSER root\n"_s << 0 << 1 << 7;
    QTest::newRow("dockerfile comment") << int(CodeView::Language::Dockerfile)
                                        << u"FROM debian:12\n# a comment\nRUN true\n"_s << 1 << 3 << -1;
    QTest::newRow("json key") << int(CodeView::Language::Json) << u"{\"name\": true}\n"_s << 0 << 2 << -1;
}

void tst_CodeView::highlights()
{
    QFETCH(int, language);
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, coloured);
    QFETCH(int, different);

    CodeView view;
    view.setLanguage(CodeView::Language(language));
    view.setPlainText(text);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QTextBlock block = view.document()->findBlockByNumber(line);
    QVERIFY(block.isValid());
    QTRY_VERIFY(!block.layout()->formats().isEmpty());
    const QTextCharFormat format = formatAt(block, coloured);
    QVERIFY2(format.hasProperty(QTextFormat::ForegroundBrush) ||
                 format.hasProperty(QTextFormat::FontWeight) || format.hasProperty(QTextFormat::FontItalic),
             "no highlighting at the expected position");
    if (different >= 0)
        QVERIFY(formatAt(block, different) != format);
}

void tst_CodeView::plainTextIsNotColoured()
{
    CodeView view;
    view.setLanguage(CodeView::Language::Dockerfile);
    view.setLanguage(CodeView::Language::PlainText);
    view.setPlainText(u"FROM debian:12\n"_s);
    QVERIFY(view.document()->firstBlock().layout()->formats().isEmpty());
}

void tst_CodeView::readOnlyAndMonospace()
{
    CodeView view;
    QVERIFY(view.isReadOnly());
    // Measure rather than trust QFontInfo::fixedPitch(): some monospaced fonts
    // (Noto Sans Mono) do not declare it.
    const QFontMetrics metrics(view.font());
    QCOMPARE(metrics.horizontalAdvance(u'i'), metrics.horizontalAdvance(u'W'));
    QCOMPARE(view.lineWrapMode(), QPlainTextEdit::NoWrap);
}

QTEST_MAIN(tst_CodeView)
#include "tst_codeview.moc"
