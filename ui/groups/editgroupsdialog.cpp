#include "editgroupsdialog.h"

#include "groupchecklistmodel.h"
#include "ui_editgroupsdialog.h"

#include <QPushButton>
#include <QSortFilterProxyModel>

namespace Kiln {

using namespace Qt::StringLiterals;

EditGroupsDialog *EditGroupsDialog::edit(QWidget *parent, const Catalogue &catalogue,
                                         const QStringList &checkedIds)
{
    auto *dialog = new EditGroupsDialog(catalogue, checkedIds, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

EditGroupsDialog::EditGroupsDialog(const Catalogue &catalogue, const QStringList &checkedIds, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::EditGroupsDialog>())
{
    m_ui->setupUi(this);
    m_model = new GroupCheckListModel(this);
    // One short query (groups number in the tens or hundreds).
    const auto groups = GroupRepository(catalogue).list();
    if (groups)
        m_model->setGroups(groups.value());
    else
        m_loadError = tr("Could not read the groups: %1").arg(groups.error().message);
    m_model->setChecked(checkedIds);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(0);
    m_ui->groupList->setModel(m_proxy);

    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &EditGroupsDialog::setFilterText);
    connect(m_ui->selectAllButton, &QPushButton::clicked, this, &EditGroupsDialog::selectAllVisible);
    connect(m_ui->selectNoneButton, &QPushButton::clicked, this, &EditGroupsDialog::selectNoneVisible);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &EditGroupsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &EditGroupsDialog::reject);
    connect(m_model, &GroupCheckListModel::checkedChanged, this, &EditGroupsDialog::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EditGroupsDialog::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EditGroupsDialog::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EditGroupsDialog::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &EditGroupsDialog::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &EditGroupsDialog::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EditGroupsDialog::updateCount);

    m_ui->filterEdit->setFocus();
    updateCount();
}

EditGroupsDialog::~EditGroupsDialog() = default;

QStringList EditGroupsDialog::checkedIds() const
{
    return m_model->checkedIds();
}

QString EditGroupsDialog::countText() const
{
    return m_ui->countLabel->text();
}

void EditGroupsDialog::setFilterText(const QString &text)
{
    if (m_ui->filterEdit->text() != text)
        m_ui->filterEdit->setText(text); // comes back through textChanged
    else
        m_proxy->setFilterFixedString(text.trimmed());
    updateCount();
}

void EditGroupsDialog::selectAllVisible()
{
    setVisibleChecked(true);
}

void EditGroupsDialog::selectNoneVisible()
{
    setVisibleChecked(false);
}

void EditGroupsDialog::setVisibleChecked(bool checked)
{
    const QVariant state = checked ? Qt::Checked : Qt::Unchecked;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(Qt::CheckStateRole) != state)
            m_proxy->setData(index, state, Qt::CheckStateRole);
    }
}

void EditGroupsDialog::updateCount()
{
    const int total = m_model->rowCount();
    const int checked = m_model->checkedCount();
    m_ui->countLabel->setText(tr("%1 of %2 selected").arg(checked).arg(total));
    const bool filtered = !m_ui->filterEdit->text().trimmed().isEmpty();
    QString empty;
    if (!m_loadError.isEmpty())
        empty = m_loadError;
    else if (total == 0)
        empty = tr("There are no groups yet: create them on the Groups page.");
    else if (m_proxy->rowCount() == 0 && filtered)
        empty = tr("No group matches \u201c%1\u201d.").arg(m_ui->filterEdit->text().trimmed());
    m_ui->emptyLabel->setText(empty);
    m_ui->emptyLabel->setVisible(!empty.isEmpty());
    m_ui->selectAllButton->setEnabled(m_proxy->rowCount() > 0);
    m_ui->selectNoneButton->setEnabled(m_proxy->rowCount() > 0);
}

void EditGroupsDialog::accept()
{
    Q_EMIT groupsChosen(checkedIds());
    QDialog::accept();
}

} // namespace Kiln
