#include "common/listpage.h"
#include "common/uistate.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QToolBar>
#include <QTreeView>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {
// Keys of this test only (the real ones are declared in UiState).
const UiSetting<QByteArray> testHeader{u"ListPageTest/header"_s};
const UiSetting<QByteArray> testSplitter{u"ListPageTest/splitter"_s};
} // namespace

// The scaffold of the list screens, on a real QStandardItemModel behind a real
// proxy, shown offscreen.
class tst_ListPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyStateAndCounts();
    void noEmptyStateWhileLoading();
    void filtersAsYouType();
    void delayedFilterAppliesOnce();
    void ctrlFFocusesTheFilter();
    void listActionsNeedTheListsFocus();
    void contextMenuOffersRowAndPageActions();
    void emptyButtonsAreCentredInOrder();
    void bannerGoesAboveTheToolbar();
    void detailPaneBesideTheList_data();
    void detailPaneBesideTheList();
    void splitterStartsWithTheGivenSizes();
    void remembersHeaderAndSplitter();

private:
    ListPageOptions options();
    void addRow(const QString &name, const QString &kind);
    std::unique_ptr<ListPage> makePage(ListPageOptions options);

    std::unique_ptr<QStandardItemModel> m_model;
    std::unique_ptr<QSortFilterProxyModel> m_proxy;
    bool m_ready = true;
};

void tst_ListPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"KilnTest"_s);
    QCoreApplication::setApplicationName(u"tst_listpage"_s);
}

void tst_ListPage::init()
{
    QSettings().clear();
    m_ready = true;
    m_model = std::make_unique<QStandardItemModel>(0, 3);
    m_model->setHorizontalHeaderLabels({u"Name"_s, u"Kind"_s, u"Note"_s});
    m_proxy = std::make_unique<QSortFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
}

void tst_ListPage::cleanup()
{
    m_proxy.reset();
    m_model.reset();
}

ListPageOptions tst_ListPage::options()
{
    ListPageOptions options;
    options.listName = u"thingList"_s;
    options.filterPlaceholder = u"Filter things (Ctrl+F)"_s;
    options.isReady = [this] { return m_ready; };
    options.emptyText = [this] {
        return m_model->rowCount() == 0 ? u"No things yet."_s : u"Nothing matches."_s;
    };
    options.countText = [this] {
        if (m_model->rowCount() == 0)
            return QString();
        return u"%1 of %2 things"_s.arg(m_proxy->rowCount()).arg(m_model->rowCount());
    };
    return options;
}

void tst_ListPage::addRow(const QString &name, const QString &kind)
{
    m_model->appendRow({new QStandardItem(name), new QStandardItem(kind), new QStandardItem()});
}

std::unique_ptr<ListPage> tst_ListPage::makePage(ListPageOptions options)
{
    auto page = std::make_unique<ListPage>(m_proxy.get(), std::move(options));
    page->resize(800, 500);
    page->refresh();
    return page;
}

void tst_ListPage::emptyStateAndCounts()
{
    const auto page = makePage(options());
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QCOMPARE(page->view()->objectName(), u"thingList"_s);
    QCOMPARE(page->filterEdit()->placeholderText(), u"Filter things (Ctrl+F)"_s);
    QVERIFY(page->isEmptyStateShown());
    QVERIFY(!page->view()->isVisible());
    QCOMPARE(page->findChild<QLabel *>(u"emptyText"_s)->text(), u"No things yet."_s);
    // An empty count hides the line instead of showing "0 of 0".
    QVERIFY(page->countLabel()->isHidden());

    addRow(u"alpha"_s, u"cpu"_s);
    QVERIFY(!page->isEmptyStateShown());
    QVERIFY(page->view()->isVisible());
    QVERIFY(page->countLabel()->isVisible());
    QCOMPARE(page->countLabel()->text(), u"1 of 1 things"_s);
    addRow(u"beta"_s, u"gpu"_s);
    QCOMPARE(page->countLabel()->text(), u"2 of 2 things"_s);

    m_model->removeRows(0, 2);
    QVERIFY(page->isEmptyStateShown());
    QVERIFY(page->countLabel()->isHidden());

    // A reset counts as well.
    addRow(u"gamma"_s, u"cpu"_s);
    m_model->clear();
    QVERIFY(page->isEmptyStateShown());
}

void tst_ListPage::noEmptyStateWhileLoading()
{
    m_ready = false;
    const auto page = makePage(options());
    QVERIFY(!page->isEmptyStateShown());
    m_ready = true;
    page->refresh();
    QVERIFY(page->isEmptyStateShown());
}

void tst_ListPage::filtersAsYouType()
{
    addRow(u"alpha"_s, u"cpu"_s);
    addRow(u"beta"_s, u"gpu"_s);
    addRow(u"alphabet"_s, u"gpu"_s);
    const auto page = makePage(options());
    QSignalSpy applied(page.get(), &ListPage::filterApplied);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));

    QTest::keyClicks(page->filterEdit(), u" ALPHA "_s);
    // Without a delay every keystroke filters at once, with the trimmed text.
    QCOMPARE(applied.count(), 7);
    QCOMPARE(applied.last().at(0).toString(), u"ALPHA"_s);
    QCOMPARE(page->filterText(), u"ALPHA"_s);
    QCOMPARE(m_proxy->rowCount(), 2);
    QCOMPARE(page->countLabel()->text(), u"2 of 3 things"_s);

    page->filterEdit()->setText(u"zzz"_s);
    QCOMPARE(m_proxy->rowCount(), 0);
    QVERIFY(page->isEmptyStateShown());
    QCOMPARE(page->emptyTextLabel()->text(), u"Nothing matches."_s);
    QCOMPARE(page->countLabel()->text(), u"0 of 3 things"_s);

    page->filterEdit()->clear();
    QCOMPARE(m_proxy->rowCount(), 3);
    QVERIFY(!page->isEmptyStateShown());
}

void tst_ListPage::delayedFilterAppliesOnce()
{
    addRow(u"alpha"_s, u"cpu"_s);
    addRow(u"beta"_s, u"gpu"_s);
    QStringList seen;
    ListPageOptions options = this->options();
    options.filterDelayMs = 50;
    options.applyFilter = [this, &seen](const QString &text) {
        seen.append(text);
        m_proxy->setFilterFixedString(text);
    };
    const auto page = makePage(std::move(options));
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));

    QSignalSpy refreshed(page.get(), &ListPage::refreshed);
    QTest::keyClicks(page->filterEdit(), u"bet"_s);
    // Nothing is applied while typing goes on.
    QVERIFY(seen.isEmpty());
    QCOMPARE(m_proxy->rowCount(), 2);
    QTRY_COMPARE(seen, QStringList{u"bet"_s});
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(page->countLabel()->text(), u"1 of 2 things"_s);
    QVERIFY(!refreshed.isEmpty());

    // Another filter field of the page shares the delay.
    page->scheduleFilter();
    page->scheduleFilter();
    QCOMPARE(seen.size(), 1);
    QTRY_COMPARE(seen.size(), 2);
    QTest::qWait(120);
    QCOMPARE(seen, (QStringList{u"bet"_s, u"bet"_s}));
}

void tst_ListPage::ctrlFFocusesTheFilter()
{
    addRow(u"alpha"_s, u"cpu"_s);
    const auto page = makePage(options());
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(page.get()));
    page->filterEdit()->setText(u"alp"_s);
    page->view()->setFocus();
    QTRY_VERIFY(page->view()->hasFocus());

    QTest::keySequence(page->view(), QKeySequence::Find);
    QTRY_VERIFY(page->filterEdit()->hasFocus());
    QCOMPARE(page->filterEdit()->selectedText(), u"alp"_s);
}

void tst_ListPage::listActionsNeedTheListsFocus()
{
    addRow(u"alpha"_s, u"cpu"_s);
    const auto page = makePage(options());
    auto *edit = new QAction(u"Edit"_s, page.get());
    edit->setShortcut(QKeySequence(Qt::Key_F2));
    page->addListAction(edit);
    QCOMPARE(edit->shortcutContext(), Qt::WidgetWithChildrenShortcut);
    QSignalSpy triggered(edit, &QAction::triggered);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(page.get()));

    page->filterEdit()->setFocus();
    QTRY_VERIFY(page->filterEdit()->hasFocus());
    QTest::keyClick(page->filterEdit(), Qt::Key_F2);
    QCOMPARE(triggered.count(), 0);

    page->view()->setFocus();
    QTRY_VERIFY(page->view()->hasFocus());
    QTest::keyClick(page->view(), Qt::Key_F2);
    QCOMPARE(triggered.count(), 1);
}

void tst_ListPage::contextMenuOffersRowAndPageActions()
{
    addRow(u"alpha"_s, u"cpu"_s);
    addRow(u"beta"_s, u"gpu"_s);
    const auto page = makePage(options());
    auto *edit = new QAction(u"Edit"_s, page.get());
    auto *remove = new QAction(u"Delete"_s, page.get());
    auto *add = new QAction(u"New"_s, page.get());
    page->setContextMenuActions({edit, nullptr, remove}, {add});
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));

    // On a row: that row becomes current; its actions, a separator, the page's.
    const QModelIndex second = m_proxy->index(1, 0);
    const QPoint onRow = page->view()->visualRect(second).center();
    Q_EMIT page->view()->customContextMenuRequested(onRow);
    QPointer<QMenu> menu = page->findChild<QMenu *>();
    QVERIFY(menu);
    QCOMPARE(page->view()->currentIndex(), second);
    QStringList entries;
    for (QAction *action : menu->actions())
        entries.append(action->isSeparator() ? u"-"_s : action->text());
    QCOMPARE(entries, (QStringList{u"Edit"_s, u"-"_s, u"Delete"_s, u"-"_s, u"New"_s}));
    menu->close();
    QTRY_VERIFY(!menu);

    // Below the rows: only the page's actions.
    const QPoint below(10, page->view()->viewport()->height() - 5);
    QVERIFY(!page->view()->indexAt(below).isValid());
    Q_EMIT page->view()->customContextMenuRequested(below);
    menu = page->findChild<QMenu *>();
    QVERIFY(menu);
    QCOMPARE(menu->actions(), QList<QAction *>{add});
    menu->close();
    QTRY_VERIFY(!menu);
}

void tst_ListPage::emptyButtonsAreCentredInOrder()
{
    const auto page = makePage(options());
    QPushButton *first = page->addEmptyButton(u"New Thing"_s);
    QPushButton *second = page->addEmptyButton(u"Set Up"_s);
    QSignalSpy clicked(first, &QPushButton::clicked);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QVERIFY(page->isEmptyStateShown());
    QVERIFY(first->isVisible() && second->isVisible());
    QVERIFY(first->x() < second->x());
    // Centred: as much room on the left of the first as on the right of the second.
    const int left = first->mapTo(page.get(), QPoint(0, 0)).x();
    const int right = page->width() - second->mapTo(page.get(), QPoint(second->width(), 0)).x();
    QVERIFY2(qAbs(left - right) <= 2, qPrintable(u"%1 vs %2"_s.arg(left).arg(right)));
    QTest::mouseClick(first, Qt::LeftButton);
    QCOMPARE(clicked.count(), 1);
}

void tst_ListPage::bannerGoesAboveTheToolbar()
{
    const auto page = makePage(options());
    auto *banner = new QLabel(u"Careful"_s);
    page->insertAboveToolbar(banner);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QCOMPARE(banner->parentWidget(), page.get());
    QVERIFY(banner->isVisible());
    const int bannerBottom = banner->mapTo(page.get(), QPoint(0, banner->height())).y();
    QVERIFY(bannerBottom <= page->toolBar()->mapTo(page.get(), QPoint(0, 0)).y());
    QVERIFY(bannerBottom <= page->filterEdit()->mapTo(page.get(), QPoint(0, 0)).y());
}

void tst_ListPage::detailPaneBesideTheList_data()
{
    QTest::addColumn<bool>("wholeArea");
    QTest::newRow("list only") << false;
    QTest::newRow("whole area") << true;
}

void tst_ListPage::detailPaneBesideTheList()
{
    QFETCH(bool, wholeArea);
    const auto page = makePage(options());
    auto *pane = new QLabel(u"details"_s);
    QSplitter *splitter = page->setDetailPane(
        pane, wholeArea ? ListPage::EmptyCovers::WholeArea : ListPage::EmptyCovers::ListOnly,
        u"thingSplitter"_s);
    QCOMPARE(page->splitter(), splitter);
    QCOMPARE(splitter->objectName(), u"thingSplitter"_s);
    QCOMPARE(splitter->count(), 2);
    QCOMPARE(splitter->widget(1), pane);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));

    // Empty: the pane stays beside the empty state, or the empty state covers both.
    QVERIFY(page->isEmptyStateShown());
    QVERIFY(page->emptyTextLabel()->isVisible());
    QCOMPARE(pane->isVisible(), !wholeArea);
    QVERIFY(!page->view()->isVisible());

    addRow(u"alpha"_s, u"cpu"_s);
    QVERIFY(!page->isEmptyStateShown());
    QVERIFY(page->view()->isVisible());
    QVERIFY(pane->isVisible());
    QVERIFY(!page->emptyTextLabel()->isVisible());
    // The list is on the left of the pane, the count under both.
    QVERIFY(page->view()->mapTo(page.get(), QPoint(0, 0)).x() < pane->mapTo(page.get(), QPoint(0, 0)).x());
    QVERIFY(page->countLabel()->mapTo(page.get(), QPoint(0, 0)).y() >
            pane->mapTo(page.get(), QPoint(0, pane->height())).y());
}

void tst_ListPage::splitterStartsWithTheGivenSizes()
{
    addRow(u"alpha"_s, u"cpu"_s);
    ListPageOptions sized = options();
    sized.splitterStretch = {2, 1};
    sized.splitterSizes = {3000, 1000};
    const auto page = makePage(sized);
    QSplitter *splitter =
        page->setDetailPane(new QLabel(u"details"_s), ListPage::EmptyCovers::WholeArea, u"thingSplitter"_s);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    const QList<int> sizes = splitter->sizes();
    QCOMPARE(sizes.size(), 2);
    // Three quarters for the list, not the default three fifths.
    QVERIFY2(qAbs(sizes.at(0) - 3 * sizes.at(1)) <= 4,
             qPrintable(u"%1 / %2"_s.arg(sizes.at(0)).arg(sizes.at(1))));
    // The extra room goes two to one.
    QCOMPARE(splitter->widget(0)->sizePolicy().horizontalStretch(), 2);
    QCOMPARE(splitter->widget(1)->sizePolicy().horizontalStretch(), 1);
}

void tst_ListPage::remembersHeaderAndSplitter()
{
    addRow(u"alpha"_s, u"cpu"_s);
    ListPageOptions remembered = options();
    remembered.stretchColumn = 2;
    remembered.columnWidths = {{0, 150}, {1, 90}};
    remembered.headerState = &testHeader;
    remembered.splitterState = &testSplitter;
    QList<int> sizes;
    {
        const auto page = makePage(remembered);
        page->setDetailPane(new QLabel(u"details"_s), ListPage::EmptyCovers::WholeArea, u"thingSplitter"_s);
        page->show();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        QHeaderView *header = page->view()->header();
        QCOMPARE(header->sectionSize(0), 150);
        QCOMPARE(header->sectionSize(1), 90);
        QCOMPARE(header->sectionResizeMode(2), QHeaderView::Stretch);
        QVERIFY(testHeader.get().isEmpty());
        header->resizeSection(0, 230);
        header->setSortIndicator(1, Qt::DescendingOrder);
        page->splitter()->setSizes({200, 560});
        sizes = page->splitter()->sizes();
    }
    QVERIFY(!testHeader.get().isEmpty());
    QVERIFY(!testSplitter.get().isEmpty());

    const auto page = makePage(remembered);
    page->setDetailPane(new QLabel(u"details"_s), ListPage::EmptyCovers::WholeArea, u"thingSplitter"_s);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QHeaderView *header = page->view()->header();
    QCOMPARE(header->sectionSize(0), 230);
    QCOMPARE(header->sortIndicatorSection(), 1);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(page->splitter()->sizes(), sizes);

    // Without keys nothing is written.
    QSettings().clear();
    {
        const auto plain = makePage(options());
        plain->view()->header()->resizeSection(0, 300);
    }
    QVERIFY(QSettings().allKeys().isEmpty());
}

QTEST_MAIN(tst_ListPage)
#include "tst_listpage.moc"
