#include "keyvalueeditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QSet>
#include <QStyle>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

KeyValueEditor::KeyValueEditor(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 2);
    m_table->setObjectName(u"keyValueTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    m_add = new QToolButton;
    m_add->setObjectName(u"addRowButton"_s);
    m_add->setText(tr("&Add"));
    m_add->setToolTip(tr("Add a key/value pair"));
    m_remove = new QToolButton;
    m_remove->setObjectName(u"removeRowButton"_s);
    m_remove->setText(tr("Re&move"));
    m_remove->setToolTip(tr("Remove the selected pair"));
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(m_add, &QToolButton::clicked, this, [this] { addRow(); });
    connect(m_remove, &QToolButton::clicked, this, &KeyValueEditor::removeCurrentRow);
    connect(m_table, &QTableWidget::itemChanged, this, &KeyValueEditor::changed);
    connect(m_table, &QTableWidget::currentCellChanged, this, &KeyValueEditor::updateButtons);
    updateButtons();
}

QMap<QString, QString> KeyValueEditor::values() const
{
    QMap<QString, QString> values;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key = cellText(m_table, row, 0);
        const QString value = cellText(m_table, row, 1);
        if (key.isEmpty() && value.isEmpty())
            continue;
        values.insert(key, value);
    }
    return values;
}

void KeyValueEditor::setValues(const QMap<QString, QString> &values)
{
    {
        const QSignalBlocker blocker(m_table);
        m_table->setRowCount(0);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            m_table->setItem(row, 0, new QTableWidgetItem(it.key()));
            m_table->setItem(row, 1, new QTableWidgetItem(it.value()));
        }
    }
    updateButtons();
    Q_EMIT changed();
}

int KeyValueEditor::problemRow() const
{
    QSet<QString> seen;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key = cellText(m_table, row, 0);
        const QString value = cellText(m_table, row, 1);
        if (key.isEmpty() && value.isEmpty())
            continue;
        if (key.isEmpty() || seen.contains(key))
            return row + 1;
        seen.insert(key);
    }
    return 0;
}

QString KeyValueEditor::problem() const
{
    const int row = problemRow();
    if (row == 0)
        return {};
    const QString key = cellText(m_table, row - 1, 0);
    if (key.isEmpty())
        return tr("Row %1: the key is empty.").arg(row);
    return tr("Row %1: the key \u201c%2\u201d is given twice.").arg(row).arg(key);
}

int KeyValueEditor::addRow(const QString &key, const QString &value)
{
    const int row = m_table->rowCount();
    {
        const QSignalBlocker blocker(m_table);
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(key));
        m_table->setItem(row, 1, new QTableWidgetItem(value));
    }
    m_table->setCurrentCell(row, 0);
    if (key.isEmpty() && isVisible())
        m_table->editItem(m_table->item(row, 0));
    updateButtons();
    Q_EMIT changed();
    return row;
}

void KeyValueEditor::removeCurrentRow()
{
    const int row = m_table->currentRow();
    if (row < 0)
        return;
    m_table->removeRow(row);
    updateButtons();
    Q_EMIT changed();
}

void KeyValueEditor::updateButtons()
{
    m_remove->setEnabled(m_table->currentRow() >= 0);
}

} // namespace Kiln
