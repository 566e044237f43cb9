#pragma once

#include <QDialog>
#include <QStringList>

#include <memory>

class QSortFilterProxyModel;

namespace Ui {
class EditGroupsDialog;
}

namespace Kiln {

class Catalogue;
class GroupCheckListModel;

// "Edit Groups" (product.md §2): choose the groups an image is granted to from a
// checkable, filterable list. Select All and Select None act on the rows the
// filter shows. OK is always enabled (no group at all is a valid choice); after
// `accepted`, checkedIds() holds the choice (also sent with `groupsChosen`).
class EditGroupsDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens window-modal (never exec) and deletes itself when closed.
    static EditGroupsDialog *edit(QWidget *parent, const Catalogue &catalogue, const QStringList &checkedIds);

    EditGroupsDialog(const Catalogue &catalogue, const QStringList &checkedIds, QWidget *parent = nullptr);
    ~EditGroupsDialog() override;

    // The checked groups' ids, in the list's (name) order.
    QStringList checkedIds() const;
    QString countText() const;

    // For tests.
    GroupCheckListModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    void accept() override;

public Q_SLOTS:
    void setFilterText(const QString &text);
    // Check (or clear) every row the filter shows.
    void selectAllVisible();
    void selectNoneVisible();

Q_SIGNALS:
    void groupsChosen(const QStringList &groupIds);

private:
    void setVisibleChecked(bool checked);
    void updateCount();

    std::unique_ptr<Ui::EditGroupsDialog> m_ui;
    GroupCheckListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QString m_loadError;
};

} // namespace Kiln
