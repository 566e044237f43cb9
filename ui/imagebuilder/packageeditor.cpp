#include "packageeditor.h"

#include "common/formhints.h"

#include "domain/packagepaste.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QStyle>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace Kiln {

// The line-number area on the left (Qt's Code Editor example), with a red marker on
// bad lines and their tooltip.
class PackageGutter : public QWidget
{
public:
    explicit PackageGutter(PackageEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {}

    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }

    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            const QString text = m_editor->lineToolTip(m_editor->lineAt(help->pos().y()));
            if (text.isEmpty()) {
                QToolTip::hideText();
                event->ignore();
            } else {
                QToolTip::showText(help->globalPos(), text, this);
            }
            return true;
        }
        return QWidget::event(event);
    }

private:
    PackageEditor *m_editor;
};

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

PackageEditor::PackageEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new PackageGutter(this))
{
    setObjectName(u"packageEditor"_s);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabChangesFocus(true);

    connect(this, &QPlainTextEdit::blockCountChanged, this, &PackageEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &PackageEditor::updateGutter);
    // Synchronous: with the verdicts of unchanged lines reused, a keystroke in 2000
    // lines revalidates in under 10 ms (-O0; see tst_packageeditor).
    connect(document(), &QTextDocument::contentsChanged, this, &PackageEditor::revalidate);

    updateGutterWidth();
    updatePlaceholder();
    revalidate();
}

PackageEditor::~PackageEditor() = default;

void PackageEditor::setManager(PackageManager manager)
{
    if (manager == m_manager)
        return;
    m_manager = manager;
    m_verdicts.clear();
    updatePlaceholder();
    revalidate();
}

void PackageEditor::setPackages(const QStringList &packages)
{
    setPlainText(packages.join(u'\n'));
}

QStringList PackageEditor::packages() const
{
    QStringList out;
    out.reserve(m_lines.size());
    for (const PackageLine &line : m_lines)
        out.append(line.text);
    return out;
}

QString PackageEditor::summaryText() const
{
    if (m_lines.isEmpty())
        return tr("No packages");
    return tr("%1 valid, %2 invalid").arg(validCount()).arg(invalidCount());
}

QString PackageEditor::lineToolTip(int line) const
{
    const auto it = m_badLines.constFind(line);
    if (it == m_badLines.constEnd())
        return {};
    const ValidationError &error = *m_lines.at(*it).error;
    return tr("Line %1, column %2: %3").arg(error.line).arg(error.column).arg(error.message);
}

void PackageEditor::revalidate()
{
    QElapsedTimer timer;
    timer.start();
    // validatePackageList(), with the verdicts of unchanged lines taken from the
    // previous run: a keystroke parses one line, not 2000.
    const QString text = toPlainText();
    QHash<QString, std::optional<ValidationError>> verdicts;
    QList<PackageLine> lines;
    const QString field = packageManagerName(m_manager) + u" packages"_s;
    for (const ListLine &listLine : splitListLines(text)) {
        PackageLine entry;
        entry.line = listLine.line;
        entry.text = listLine.text.toString();
        auto known = m_verdicts.constFind(entry.text);
        std::optional<ValidationError> error =
            known != m_verdicts.constEnd() ? *known : validatePackageLine(m_manager, listLine.text);
        verdicts.insert(entry.text, error);
        if (error) {
            error->column += listLine.offset;
            error->line = listLine.line;
            error->field = field;
            entry.error = std::move(error);
        }
        lines.append(std::move(entry));
    }
    m_verdicts = std::move(verdicts);
    m_lines = std::move(lines);
    m_badLines.clear();
    m_invalidCount = 0;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (m_lines[i].error) {
            m_badLines.insert(m_lines[i].line, i);
            ++m_invalidCount;
        }
    }
    applyMarks();
    m_gutter->update();
    m_lastValidationMs = double(timer.nsecsElapsed()) / 1e6;
    Q_EMIT validationChanged();
}

QColor PackageEditor::errorColor() const
{
    // Readable on both: a deep red on light bases, a light red on dark ones.
    return isDark(palette()) ? QColor(0xff, 0x6b, 0x68) : QColor(0xc6, 0x28, 0x28);
}

void PackageEditor::applyMarks()
{
    QTextCharFormat format;
    format.setUnderlineStyle(QTextCharFormat::SpellCheckUnderline);
    format.setUnderlineColor(errorColor());

    QList<QTextEdit::ExtraSelection> selections;
    selections.reserve(m_invalidCount);
    QTextDocument *doc = document();
    for (const PackageLine &line : std::as_const(m_lines)) {
        if (!line.error)
            continue;
        const QTextBlock block = doc->findBlockByNumber(line.line - 1);
        if (!block.isValid())
            continue;
        const int length = block.length() - 1; // without the block separator
        // The column may point one past the end ("stops too early"): mark the last
        // character then, so that the mark is never empty.
        const int start = std::clamp(line.error->column - 1, 0, std::max(0, length - 1));
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + start);
        cursor.setPosition(block.position() + length, QTextCursor::KeepAnchor);
        selections.append({cursor, format});
    }
    setExtraSelections(selections);
}

void PackageEditor::updatePlaceholder()
{
    switch (m_manager) {
    case PackageManager::Apt:
        setPlaceholderText(tr("One APT package per line, e.g.\ncurl\ngit=1:2.39.5-1\nlibc6:amd64"));
        break;
    case PackageManager::Conda:
        setPlaceholderText(tr("One Conda match spec per line, e.g.\nconda-forge::numpy>=1.26\npython=3.11"));
        break;
    case PackageManager::Pip:
        setPlaceholderText(tr("One Pip requirement per line, e.g.\nrequests[socks]>=2.31\ntorch==2.3.*"));
        break;
    }
}

void PackageEditor::insertFromMimeData(const QMimeData *source)
{
    if (!source->hasText() || isReadOnly()) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }
    const PastedPackages pasted = splitPastedPackages(m_manager, source->text());
    const bool structured = pasted.packages.size() > 1 || pasted.ignoredComments > 0 ||
                            !pasted.pipPackages.isEmpty() || !pasted.channels.isEmpty() ||
                            !pasted.ignored.isEmpty();
    if (!structured) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }
    if (!pasted.packages.isEmpty()) {
        QTextCursor cursor = textCursor();
        cursor.beginEditBlock();
        cursor.removeSelectedText();
        QString text = pasted.packages.join(u'\n');
        const QTextBlock block = cursor.block();
        if (!block.text().trimmed().isEmpty()) {
            // Never glue a package onto the line the cursor is in.
            if (cursor.positionInBlock() == 0) {
                text += u'\n';
            } else {
                cursor.movePosition(QTextCursor::EndOfBlock);
                text.prepend(u'\n');
            }
        }
        cursor.insertText(text);
        cursor.endEditBlock();
        setTextCursor(cursor);
        ensureCursorVisible();
    }
    if (!pasted.pipPackages.isEmpty())
        Q_EMIT pipPackagesPasted(pasted.pipPackages);
}

bool PackageEditor::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = lineToolTip(lineAt(help->pos().y()));
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, viewport());
        }
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

int PackageEditor::lineAt(int y) const
{
    const QTextCursor cursor = cursorForPosition(QPoint(0, y));
    // Not the empty space below the last line.
    const QRect lineRect = cursorRect(QTextCursor(cursor.block()));
    return y >= lineRect.top() && y <= lineRect.bottom() ? cursor.blockNumber() + 1 : 0;
}

void PackageEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_gutter->setGeometry(QRect(area.left(), area.top(), gutterWidth(), area.height()));
}

void PackageEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyMarks(); // the underline colour follows light/dark palettes
        m_gutter->update();
    } else if (event->type() == QEvent::FontChange) {
        updateGutterWidth();
    }
}

int PackageEditor::gutterWidth() const
{
    int digits = 1;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    digits = std::max(digits, 2);
    const int marker = fontMetrics().height() / 2;
    return 6 + marker + 4 + fontMetrics().horizontalAdvance(u'9') * digits + 6;
}

void PackageEditor::updateGutterWidth()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
    const QRect area = contentsRect();
    m_gutter->setGeometry(QRect(area.left(), area.top(), gutterWidth(), area.height()));
}

void PackageEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy != 0)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void PackageEditor::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::Window));
    painter.setFont(font());
    const QColor number = pal.color(QPalette::PlaceholderText);
    const QColor bad = errorColor();
    const int marker = fontMetrics().height() / 2;

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int line = block.blockNumber() + 1;
            const bool isBad = m_badLines.contains(line);
            if (isBad) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(bad);
                painter.setRenderHint(QPainter::Antialiasing);
                const int y = top + (fontMetrics().height() - marker) / 2;
                painter.drawEllipse(QRect(6, y, marker, marker));
            }
            painter.setPen(isBad ? bad : number);
            painter.drawText(QRect(0, top, m_gutter->width() - 6, fontMetrics().height()),
                             Qt::AlignRight | Qt::AlignVCenter, QString::number(line));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

QString PackageEditor::firstProblem() const
{
    for (const PackageLine &line : m_lines) {
        if (line.error)
            return tr("line %1, column %2: %3")
                .arg(line.line)
                .arg(line.error->column)
                .arg(line.error->message);
    }
    return {};
}

QString showPackageTab(QTabWidget *tabs, int index, const QString &title, const PackageEditor *editor,
                       QLabel *summary)
{
    const int count = int(editor->packages().size());
    tabs->setTabText(index, count > 0 ? PackageEditor::tr("%1 (%2)").arg(title).arg(count) : title);
    tabs->setTabIcon(index,
                     editor->isValid() ? QIcon() : tabs->style()->standardIcon(QStyle::SP_MessageBoxWarning));
    const QString problem = editor->firstProblem();
    summary->setText(problem.isEmpty() ? editor->summaryText()
                                       : editor->summaryText() + u" \u2014 "_s + problem);
    setHintTone(summary, !problem.isEmpty());
    return problem;
}

} // namespace Kiln
