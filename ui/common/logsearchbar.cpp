#include "logsearchbar.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QTextBlock>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Kiln {

LogSearchBar::LogSearchBar(QPlainTextEdit *view, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_edit(new QLineEdit(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_close(new QToolButton(this))
    , m_status(new QLabel(this))
{
    m_edit->setObjectName(u"searchField"_s);
    m_edit->setPlaceholderText(tr("Find in the log"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this);
    m_previous->setObjectName(u"searchPrevious"_s);
    m_previous->setText(tr("Previous"));
    m_previous->setToolTip(tr("Previous match (Shift+F3, Shift+Enter)"));
    m_previous->setIcon(QIcon::fromTheme(u"go-up"_s));
    m_next->setObjectName(u"searchNext"_s);
    m_next->setText(tr("Next"));
    m_next->setToolTip(tr("Next match (F3, Enter)"));
    m_next->setIcon(QIcon::fromTheme(u"go-down"_s));
    m_close->setObjectName(u"searchClose"_s);
    m_close->setText(tr("Close"));
    m_close->setToolTip(tr("Close the find bar (Escape)"));
    m_close->setIcon(QIcon::fromTheme(u"window-close"_s));
    m_status->setObjectName(u"searchStatus"_s);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_status);
    layout->addWidget(m_close);

    connect(m_edit, &QLineEdit::textChanged, this, [this] { search(false); });
    connect(m_next, &QToolButton::clicked, this, &LogSearchBar::findNext);
    connect(m_previous, &QToolButton::clicked, this, &LogSearchBar::findPrevious);
    connect(m_close, &QToolButton::clicked, this, &LogSearchBar::close);

    // F3/Shift+F3 work wherever the focus is inside the viewer (the bar's parent).
    QWidget *scope = parent ? parent : this;
    auto *next = new QShortcut(QKeySequence(Qt::Key_F3), scope);
    next->setContext(Qt::WidgetWithChildrenShortcut);
    connect(next, &QShortcut::activated, this, [this] {
        if (!isVisible())
            activate();
        findNext();
    });
    auto *previous = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), scope);
    previous->setContext(Qt::WidgetWithChildrenShortcut);
    connect(previous, &QShortcut::activated, this, [this] {
        if (!isVisible())
            activate();
        findPrevious();
    });
    hide();
    updateView();
}

void LogSearchBar::activate()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
    search(true);
}

void LogSearchBar::close()
{
    hide();
    m_matches.clear();
    m_current = -1;
    m_view->setExtraSelections({});
    m_view->setFocus(Qt::OtherFocusReason);
    emit closed();
}

void LogSearchBar::setQuery(const QString &query)
{
    m_edit->setText(query); // searches through textChanged
}

QString LogSearchBar::query() const
{
    return m_edit->text();
}

QString LogSearchBar::statusText() const
{
    return m_status->text();
}

void LogSearchBar::findNext()
{
    if (m_matches.isEmpty())
        return;
    select(m_current < 0 ? 0 : int((m_current + 1) % m_matches.size()));
}

void LogSearchBar::findPrevious()
{
    if (m_matches.isEmpty())
        return;
    select(m_current <= 0 ? int(m_matches.size() - 1) : m_current - 1);
}

void LogSearchBar::refresh()
{
    if (isVisible() && !m_edit->text().isEmpty())
        search(true);
}

bool LogSearchBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LogSearchBar::search(bool keepCurrent)
{
    // The cursors of the old matches moved with the text, so the current one still
    // points at the same characters unless they were pushed out.
    const QTextCursor previous = keepCurrent && m_current >= 0 ? m_matches.at(m_current) : QTextCursor();
    m_matches.clear();
    m_current = -1;
    const QString needle = m_edit->text();
    if (!needle.isEmpty()) {
        QTextDocument *document = m_view->document();
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            const QString text = block.text();
            for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
                 at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive)) {
                QTextCursor cursor(document);
                cursor.setPosition(block.position() + int(at));
                cursor.setPosition(block.position() + int(at + needle.size()), QTextCursor::KeepAnchor);
                m_matches.append(cursor);
            }
        }
    }
    if (!previous.isNull() && previous.hasSelection()) {
        for (int i = 0; i < m_matches.size(); ++i) {
            if (m_matches.at(i).selectionStart() == previous.selectionStart()) {
                m_current = i;
                break;
            }
        }
    }
    if (m_current < 0 && !m_matches.isEmpty() && !keepCurrent) {
        // Typing: jump to the first match at or after the view's cursor.
        const int from = m_view->textCursor().selectionStart();
        m_current = 0;
        for (int i = 0; i < m_matches.size(); ++i) {
            if (m_matches.at(i).selectionStart() >= from) {
                m_current = i;
                break;
            }
        }
        select(m_current);
        return;
    }
    updateView();
}

void LogSearchBar::select(int index)
{
    m_current = index;
    if (index >= 0 && index < m_matches.size()) {
        m_view->setTextCursor(m_matches.at(index));
        m_view->ensureCursorVisible();
    }
    updateView();
}

void LogSearchBar::updateView()
{
    const bool dark = m_view->palette().color(QPalette::Base).lightness() < 128;
    QTextCharFormat all;
    all.setBackground(dark ? QColor(0x5c, 0x4d, 0x00) : QColor(0xff, 0xf1, 0x76));
    QTextCharFormat current;
    current.setBackground(dark ? QColor(0xc0, 0x6a, 0x00) : QColor(0xff, 0x98, 0x00));
    QList<QTextEdit::ExtraSelection> selections;
    const int shown = std::min(int(m_matches.size()), kMaxHighlighted);
    selections.reserve(shown + 1);
    for (int i = 0; i < shown; ++i) {
        if (i != m_current)
            selections.append({m_matches.at(i), all});
    }
    if (m_current >= 0)
        selections.append({m_matches.at(m_current), current});
    m_view->setExtraSelections(selections);

    const bool any = !m_matches.isEmpty();
    m_next->setEnabled(any);
    m_previous->setEnabled(any);
    if (m_edit->text().isEmpty())
        m_status->clear();
    else if (!any)
        m_status->setText(tr("No matches"));
    else if (m_current < 0)
        m_status->setText(tr("%n match(es)", nullptr, int(m_matches.size())));
    else
        m_status->setText(tr("%1 of %2").arg(m_current + 1).arg(m_matches.size()));
}

} // namespace Kiln
