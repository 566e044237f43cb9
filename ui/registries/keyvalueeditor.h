#pragma once

#include <QMap>
#include <QString>
#include <QWidget>

class QTableWidget;
class QToolButton;

namespace Kiln {

// Free key/value pairs (a registry's metadata) as a two-column table with Add and
// Remove buttons. A row with an empty key, or a key given twice, is a problem
// naming its row; empty rows are ignored. Usable as a Designer promoted widget.
class KeyValueEditor : public QWidget
{
    Q_OBJECT

public:
    explicit KeyValueEditor(QWidget *parent = nullptr);

    // The non-empty rows, keys and values trimmed (a later duplicate key wins).
    QMap<QString, QString> values() const;
    void setValues(const QMap<QString, QString> &values);
    // "Row 2: the key is empty", "Row 3: the key “x” is given twice", or "".
    QString problem() const;
    // The 1-based row problem() is about, 0 when none.
    int problemRow() const;

    QTableWidget *table() const { return m_table; }
    // Appends a row (and starts editing its key); returns its index.
    int addRow(const QString &key = {}, const QString &value = {});
    void removeCurrentRow();

Q_SIGNALS:
    void changed();

private:
    void updateButtons();

    QTableWidget *m_table = nullptr;
    QToolButton *m_add = nullptr;
    QToolButton *m_remove = nullptr;
};

} // namespace Kiln
