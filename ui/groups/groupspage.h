#pragma once

#include "store/grouprepository.h"
#include "store/imagerepository.h"

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QMessageBox;
class QSortFilterProxyModel;
class QStackedWidget;
class QTreeView;
class QTreeWidget;

namespace Kiln {

class Catalogue;
class CatalogueLoader;
class GroupDialog;
class GroupListModel;
class ListPage;

// The Groups screen (product.md §2): the groups images are granted to, with New
// (Ctrl+N), Edit (F2) and Delete (Del) in the toolbar, the context menu and on
// the keyboard, a filter box, and for the current group the answer to "which
// images can this group use?" (the global images plus those granted to it,
// deactivated ones left out).
class GroupsPage : public QWidget
{
    Q_OBJECT

public:
    // Destroying the page waits for a read of the detail pane still in flight.
    explicit GroupsPage(const Catalogue &catalogue, QWidget *parent = nullptr);

    // For tests and the composition root.
    GroupListModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *listView() const { return m_list; }
    QTreeWidget *usableList() const { return m_usable; }
    QLineEdit *filterEdit() const;
    bool isEmptyStateShown() const;
    // The group the detail pane shows (the current row); empty when none.
    QString currentGroupId() const;
    // The group whose usable images the detail pane lists (once its read arrived).
    QString shownGroupId() const { return m_shownGroupId; }
    // False while the detail pane's images are being read.
    bool isDetailLoaded() const;
    void setCurrentGroup(const QString &groupId);

public Q_SLOTS:
    GroupDialog *newGroup();
    GroupDialog *editGroup(const QString &groupId);
    // Asks first, naming the images that are granted to the group and lose access
    // with it (global images stay). Returns the open confirmation.
    QMessageBox *deleteGroup(const QString &groupId);
    // Images were saved, granted or removed elsewhere: recounts and re-reads the
    // detail pane.
    void refresh();
    // Re-reads the groups too (e.g. after kilnctl changed them).
    void reload();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs = 0);
    // A group was created, changed or deleted (e.g. for the Images page's Access column).
    void groupsChanged();

private:
    void onSaved(const Kiln::Group &group, bool created);
    void finishDelete(const QString &groupId, const QString &name);
    void updateActions();
    void updateDetail();
    struct DetailRead
    {
        QString groupId;
        QList<ManagedImage> images;
        QString error;
    };
    void showDetail(const DetailRead &read);

    const Catalogue &m_catalogue;
    GroupListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;

    ListPage *m_listPage = nullptr; // filter, list, empty state and count
    QTreeView *m_list = nullptr;    // the list page's view
    QAction *m_newAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;

    QStackedWidget *m_detailStack = nullptr; // nothing selected | one group
    QLabel *m_detailTitle = nullptr;
    QLabel *m_detailInfo = nullptr;
    QLabel *m_usableSummary = nullptr;
    QTreeWidget *m_usable = nullptr;
    QString m_shownGroupId;
    CatalogueLoader *m_detailLoader = nullptr; // the usable images of the current group
};

} // namespace Kiln
