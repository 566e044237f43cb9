#pragma once

#include "common/uistate.h"

#include <QList>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <utility>

class QAction;
class QAbstractItemModel;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QToolBar;
class QTreeView;
class QVBoxLayout;

namespace Kiln {

// How a list page is laid out and what it remembers. The texts come from the page
// (through its tr()), so that each screen keeps its own wording.
struct ListPageOptions
{
    QString listName;          // the view's object name, e.g. "imageList"
    QString filterPlaceholder; // e.g. "Filter groups (Ctrl+F)"
    // The toolbar and the filter box share one row; otherwise the filter box starts
    // a row of its own below the toolbar, which the page may add more filters to.
    bool filterBesideToolbar = true;
    // Ctrl+F focuses the filter box: anywhere in the window while the page shows,
    // or (Qt::WidgetWithChildrenShortcut) only while the focus is on the page.
    Qt::ShortcutContext findContext = Qt::WindowShortcut;
    // 0 filters as you type; otherwise the filter applies once typing pauses.
    int filterDelayMs = 0;
    // Applies the trimmed filter text; by default a fixed-string proxy filter.
    std::function<void(const QString &text)> applyFilter;

    int sortColumn = 0;
    // The column that takes the room that is left (-1: the header's default, the
    // last section stretches); the widths of the others.
    int stretchColumn = -1;
    QList<std::pair<int, int>> columnWidths;
    // Where the columns (widths, order, sort) and the list/detail splitter are kept.
    const UiSetting<QByteArray> *headerState = nullptr;
    const UiSetting<QByteArray> *splitterState = nullptr;
    // How the list and the detail pane share the room, and their first sizes
    // (until the user moves the splitter; empty: the stretch decides).
    std::pair<int, int> splitterStretch{3, 2};
    QList<int> splitterSizes;

    // False while the model is still loading: no empty state before it answered.
    std::function<bool()> isReady;
    // The empty state's explanation and the "N of M shown" line (an empty count
    // hides the line).
    std::function<QString()> emptyText;
    std::function<QString()> countText;
};

// The scaffold shared by the list screens: a toolbar and a filter box (Ctrl+F),
// a sortable tree view over a QSortFilterProxyModel with a context menu, an empty
// state (an explanation and buttons) in place of the list when nothing shows, a
// count under it, and the header and splitter state remembered in UiState. The
// page keeps its own actions, dialogs and model, and calls refresh() when what it
// counts changes beyond the proxy's own row signals.
class ListPage : public QWidget
{
    Q_OBJECT

public:
    // Where a detail pane goes: beside the list, with the empty state in the list's
    // place only (ListOnly), or with the empty state in place of both (WholeArea).
    enum class EmptyCovers
    {
        ListOnly,
        WholeArea
    };

    // `proxy` already has its source model.
    ListPage(QSortFilterProxyModel *proxy, ListPageOptions options, QWidget *parent = nullptr);
    // Saves the header and splitter state.
    ~ListPage() override;

    QToolBar *toolBar() const { return m_toolBar; }
    // The filter box's row (with the toolbar, or below it): add more filters here.
    QHBoxLayout *filterRow() const { return m_filterRow; }
    QLineEdit *filterEdit() const { return m_filter; }
    QTreeView *view() const { return m_view; }
    QLabel *emptyTextLabel() const { return m_emptyText; }
    QLabel *countLabel() const { return m_countLabel; }
    // The row under the list, starting with the count: add more on its right.
    QHBoxLayout *footer() const { return m_footer; }
    QSplitter *splitter() const { return m_splitter; }

    // A widget above the toolbar (e.g. a banner).
    void insertAboveToolbar(QWidget *widget);
    // A button of the empty state, centred beside the ones added before it.
    QPushButton *addEmptyButton(const QString &text);
    // Puts `pane` beside the list in a splitter (restoring its remembered state).
    QSplitter *setDetailPane(QWidget *pane, EmptyCovers covers, const QString &splitterName);
    // `action` acts on the list (F2, Del): its shortcut needs the list's focus.
    void addListAction(QAction *action);
    // The context menu: `rowActions` for the row under the mouse (which becomes
    // current), then `pageActions`; a null action is a separator.
    void setContextMenuActions(QList<QAction *> rowActions, QList<QAction *> pageActions);

    QString filterText() const;
    bool isEmptyStateShown() const;
    QVariant currentData(int role) const;
    // Makes the row of `sourceIndex` (an index of the proxy's source model) current.
    void setCurrentSource(const QModelIndex &sourceIndex);

public Q_SLOTS:
    // Shows the list or the empty state and updates the count.
    void refresh();
    // Applies the filter again, after the same delay as typing in the box (for the
    // page's other filter fields).
    void scheduleFilter();

Q_SIGNALS:
    // The filter was applied (after the delay, if any) with this trimmed text.
    void filterApplied(const QString &text);
    // refresh() brought the empty state and the count up to date.
    void refreshed();

private:
    void applyFilter();
    void showContextMenu(const QPoint &position);

    QSortFilterProxyModel *m_proxy;
    ListPageOptions m_options;
    QVBoxLayout *m_layout = nullptr;
    QToolBar *m_toolBar = nullptr;
    QHBoxLayout *m_filterRow = nullptr;
    QLineEdit *m_filter = nullptr;
    QStackedWidget *m_stack = nullptr; // list (or list and detail) | empty state
    QTreeView *m_view = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_emptyText = nullptr;
    QHBoxLayout *m_emptyButtons = nullptr;
    QLabel *m_countLabel = nullptr;
    QHBoxLayout *m_footer = nullptr;
    QList<QAction *> m_rowActions;
    QList<QAction *> m_pageActions;
    QTimer m_filterTimer;
};

} // namespace Kiln
