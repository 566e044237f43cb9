#include "listpage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {
constexpr int kFilterMinimumWidth = 220;
} // namespace

ListPage::ListPage(QSortFilterProxyModel *proxy, ListPageOptions options, QWidget *parent)
    : QWidget(parent)
    , m_proxy(proxy)
    , m_options(std::move(options))
{
    m_layout = new QVBoxLayout(this);
    m_toolBar = new QToolBar;
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_filter = new QLineEdit;
    m_filter->setObjectName(u"filterEdit"_s);
    m_filter->setPlaceholderText(m_options.filterPlaceholder);
    m_filter->setClearButtonEnabled(true);
    m_filterRow = new QHBoxLayout;
    if (m_options.filterBesideToolbar) {
        m_filter->setMinimumWidth(kFilterMinimumWidth);
        m_filterRow->addWidget(m_toolBar, 1);
        m_filterRow->addWidget(m_filter);
    } else {
        m_layout->addWidget(m_toolBar);
        m_filterRow->addWidget(m_filter, 1);
    }
    m_layout->addLayout(m_filterRow);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(m_options.findContext);
    connect(find, &QAction::triggered, m_filter, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    addAction(find);

    m_stack = new QStackedWidget;
    m_view = new QTreeView;
    m_view->setObjectName(m_options.listName);
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->sortByColumn(m_options.sortColumn, Qt::AscendingOrder);
    QHeaderView *header = m_view->header();
    if (m_options.stretchColumn >= 0) {
        header->setStretchLastSection(false);
        header->setSectionResizeMode(QHeaderView::Interactive);
        header->setSectionResizeMode(m_options.stretchColumn, QHeaderView::Stretch);
    }
    for (const auto &[column, width] : std::as_const(m_options.columnWidths))
        header->resizeSection(column, width);
    if (m_options.headerState) {
        if (const QByteArray saved = m_options.headerState->get(); !saved.isEmpty())
            header->restoreState(saved);
    }
    m_stack->addWidget(m_view);

    auto *empty = new QWidget;
    empty->setObjectName(u"emptyState"_s);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    m_emptyText = new QLabel;
    m_emptyText->setObjectName(u"emptyText"_s);
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    emptyLayout->addWidget(m_emptyText);
    m_emptyButtons = new QHBoxLayout;
    m_emptyButtons->addStretch(1);
    m_emptyButtons->addStretch(1);
    emptyLayout->addLayout(m_emptyButtons);
    emptyLayout->addStretch(2);
    m_stack->addWidget(empty);
    m_layout->addWidget(m_stack, 1);

    m_footer = new QHBoxLayout;
    m_countLabel = new QLabel;
    m_countLabel->setObjectName(u"countLabel"_s);
    m_footer->addWidget(m_countLabel);
    m_footer->addStretch(1);
    m_layout->addLayout(m_footer);

    connect(m_view, &QTreeView::customContextMenuRequested, this, &ListPage::showContextMenu);
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(m_options.filterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &ListPage::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, &ListPage::scheduleFilter);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ListPage::refresh);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ListPage::refresh);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ListPage::refresh);
    // The proxy drops removed rows before its source has: the source's own signal
    // comes once both agree (so that the last row removed shows "nothing yet").
    if (QAbstractItemModel *source = m_proxy->sourceModel())
        connect(source, &QAbstractItemModel::rowsRemoved, this, &ListPage::refresh);
}

ListPage::~ListPage()
{
    if (m_options.headerState)
        m_options.headerState->set(m_view->header()->saveState());
    if (m_options.splitterState && m_splitter)
        m_options.splitterState->set(m_splitter->saveState());
}

void ListPage::insertAboveToolbar(QWidget *widget)
{
    m_layout->insertWidget(0, widget);
}

QPushButton *ListPage::addEmptyButton(const QString &text)
{
    auto *button = new QPushButton(text);
    m_emptyButtons->insertWidget(m_emptyButtons->count() - 1, button);
    return button;
}

QSplitter *ListPage::setDetailPane(QWidget *pane, EmptyCovers covers, const QString &splitterName)
{
    Q_ASSERT(!m_splitter);
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(splitterName);
    if (covers == EmptyCovers::ListOnly) {
        const int index = m_layout->indexOf(m_stack);
        m_layout->removeWidget(m_stack);
        m_splitter->addWidget(m_stack);
        m_splitter->addWidget(pane);
        m_layout->insertWidget(index, m_splitter, 1);
    } else {
        const int current = m_stack->currentIndex();
        m_stack->removeWidget(m_view);
        m_view->show(); // the stack hid it on the way out
        m_splitter->addWidget(m_view);
        m_splitter->addWidget(pane);
        m_stack->insertWidget(0, m_splitter);
        m_stack->setCurrentIndex(current);
    }
    m_splitter->setStretchFactor(0, m_options.splitterStretch.first);
    m_splitter->setStretchFactor(1, m_options.splitterStretch.second);
    if (!m_options.splitterSizes.isEmpty())
        m_splitter->setSizes(m_options.splitterSizes);
    if (m_options.splitterState) {
        if (const QByteArray saved = m_options.splitterState->get(); !saved.isEmpty())
            m_splitter->restoreState(saved);
    }
    return m_splitter;
}

void ListPage::addListAction(QAction *action)
{
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(action);
}

void ListPage::setContextMenuActions(QList<QAction *> rowActions, QList<QAction *> pageActions)
{
    m_rowActions = std::move(rowActions);
    m_pageActions = std::move(pageActions);
}

QString ListPage::filterText() const
{
    return m_filter->text().trimmed();
}

bool ListPage::isEmptyStateShown() const
{
    return m_stack->currentIndex() == 1;
}

QVariant ListPage::currentData(int role) const
{
    return m_view->currentIndex().data(role);
}

void ListPage::setCurrentSource(const QModelIndex &sourceIndex)
{
    if (const QModelIndex index = m_proxy->mapFromSource(sourceIndex); index.isValid())
        m_view->setCurrentIndex(index);
}

void ListPage::refresh()
{
    const bool ready = !m_options.isReady || m_options.isReady();
    const bool empty = ready && m_proxy->rowCount() == 0;
    if (empty && m_options.emptyText)
        m_emptyText->setText(m_options.emptyText());
    m_stack->setCurrentIndex(empty ? 1 : 0);
    const QString count = m_options.countText ? m_options.countText() : QString();
    m_countLabel->setText(count);
    m_countLabel->setHidden(count.isEmpty());
    Q_EMIT refreshed();
}

void ListPage::scheduleFilter()
{
    if (m_options.filterDelayMs > 0)
        m_filterTimer.start();
    else
        applyFilter();
}

void ListPage::applyFilter()
{
    const QString text = filterText();
    if (m_options.applyFilter)
        m_options.applyFilter(text);
    else
        m_proxy->setFilterFixedString(text);
    Q_EMIT filterApplied(text);
    refresh();
}

void ListPage::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (m_pageActions.isEmpty() && (m_rowActions.isEmpty() || !index.isValid()))
        return;
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const auto add = [menu](QAction *action) {
        if (action)
            menu->addAction(action);
        else
            menu->addSeparator();
    };
    if (index.isValid() && !m_rowActions.isEmpty()) {
        m_view->setCurrentIndex(index);
        for (QAction *action : std::as_const(m_rowActions))
            add(action);
        menu->addSeparator();
    }
    for (QAction *action : std::as_const(m_pageActions))
        add(action);
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

} // namespace Kiln
