#pragma once

#include <QList>
#include <QTextCursor>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace Kiln {

// The find bar of LogViewer: a case-insensitive search over a QPlainTextEdit that
// highlights every match (extra selections), selects the current one and shows
// "3 of 17". Enter/F3 go to the next match, Shift+Enter/Shift+F3 to the previous
// one, Escape closes the bar.
class LogSearchBar : public QWidget
{
    Q_OBJECT

public:
    // At most this many matches are highlighted (all of them are counted).
    static constexpr int kMaxHighlighted = 5000;

    explicit LogSearchBar(QPlainTextEdit *view, QWidget *parent = nullptr);

    // Shows the bar and focuses the search field (its text selected).
    void activate();
    // Hides the bar and removes the highlights.
    void close();

    void setQuery(const QString &query);
    QString query() const;
    int matchCount() const { return int(m_matches.size()); }
    int currentMatch() const { return m_current; } // 0-based, -1 when none
    QString statusText() const;

    void findNext();
    void findPrevious();
    // Finds again after the text changed (lines appended or pushed out), keeping
    // the current match when it is still there.
    void refresh();

signals:
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search(bool keepCurrent);
    void select(int index);
    void updateView();

    QPlainTextEdit *m_view;
    QLineEdit *m_edit;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_close;
    QLabel *m_status;
    QList<QTextCursor> m_matches;
    int m_current = -1;
};

} // namespace Kiln
