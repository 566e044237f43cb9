#pragma once

#include <QStringList>
#include <QWidget>

class QHBoxLayout;
class QLineEdit;
class QStringListModel;

namespace Kiln {

// Tags as chips: type a tag and press Enter (or ',' or space) to add it as a chip,
// click a chip's × to remove it, Backspace in the empty field removes the last one.
// A tag that is not a valid name (validateName) or is there already stays in the
// field and problem() says why. Usable as a Designer promoted widget.
class TagChipEdit : public QWidget
{
    Q_OBJECT

public:
    explicit TagChipEdit(QWidget *parent = nullptr);

    QStringList tags() const { return m_tags; }
    void setTags(const QStringList &tags);
    // Tags offered while typing (e.g. those of the other registries).
    void setCompletions(const QStringList &tags);

    // Why the text still in the field cannot become a tag ("" when the field is
    // empty or it could: it is added on Enter).
    QString problem() const { return m_problem; }
    QString pendingText() const;
    QLineEdit *lineEdit() const { return m_edit; }

    // Adds `tag` as a chip; false (and problem() says why) when it is not a valid tag.
    bool addTag(const QString &tag);
    void removeTag(const QString &tag);

Q_SIGNALS:
    void tagsChanged(const QStringList &tags);
    // problem() changed.
    void problemChanged(const QString &problem);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuildChips();
    void checkPending();
    void setProblem(const QString &problem);
    bool commitPending();

    QStringList m_tags;
    QString m_problem;
    QHBoxLayout *m_chips = nullptr;
    QLineEdit *m_edit = nullptr;
    QStringListModel *m_completions = nullptr;
};

} // namespace Kiln
