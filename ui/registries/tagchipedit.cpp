#include "tagchipedit.h"

#include "domain/names.h"

#include <QCompleter>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QStringListModel>
#include <QToolButton>

namespace Kiln {

using namespace Qt::StringLiterals;

TagChipEdit::TagChipEdit(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_chips = new QHBoxLayout;
    m_chips->setSpacing(4);
    layout->addLayout(m_chips);
    m_edit = new QLineEdit;
    m_edit->setObjectName(u"tagInput"_s);
    m_edit->setPlaceholderText(tr("Add a tag and press Enter"));
    m_edit->installEventFilter(this);
    layout->addWidget(m_edit, 1);
    setFocusProxy(m_edit);

    m_completions = new QStringListModel(this);
    auto *completer = new QCompleter(m_completions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_edit->setCompleter(completer);

    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString &text) {
        // ',' and ' ' end a tag as Enter does.
        if (text.endsWith(u',') || text.endsWith(u' ')) {
            commitPending();
            return;
        }
        checkPending();
    });
    connect(m_edit, &QLineEdit::returnPressed, this, &TagChipEdit::commitPending);
}

QString TagChipEdit::pendingText() const
{
    QString text = m_edit->text().trimmed();
    while (text.endsWith(u','))
        text.chop(1);
    return text.trimmed();
}

void TagChipEdit::setTags(const QStringList &tags)
{
    m_tags.clear();
    for (const QString &tag : tags) {
        if (!m_tags.contains(tag))
            m_tags.append(tag);
    }
    rebuildChips();
    Q_EMIT tagsChanged(m_tags);
}

void TagChipEdit::setCompletions(const QStringList &tags)
{
    m_completions->setStringList(tags);
}

void TagChipEdit::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    Q_EMIT problemChanged(m_problem);
}

void TagChipEdit::checkPending()
{
    const QString text = pendingText();
    if (text.isEmpty()) {
        setProblem({});
        return;
    }
    if (const auto valid = validateName(text); !valid) {
        setProblem(tr("\u201c%1\u201d, column %2: %3")
                       .arg(text)
                       .arg(valid.error().column)
                       .arg(valid.error().message));
        return;
    }
    if (m_tags.contains(text)) {
        setProblem(tr("\u201c%1\u201d is there already.").arg(text));
        return;
    }
    setProblem({});
}

bool TagChipEdit::commitPending()
{
    const QString text = pendingText();
    if (text.isEmpty()) {
        m_edit->clear();
        return true;
    }
    if (!addTag(text)) {
        // Keep what was typed (without the ',' or ' ' that ended it) to fix it.
        const QSignalBlocker blocker(m_edit);
        m_edit->setText(text);
        return false;
    }
    m_edit->clear();
    return true;
}

bool TagChipEdit::addTag(const QString &tag)
{
    const QString text = tag.trimmed();
    if (const auto valid = validateName(text); !valid) {
        setProblem(tr("\u201c%1\u201d, column %2: %3")
                       .arg(text)
                       .arg(valid.error().column)
                       .arg(valid.error().message));
        return false;
    }
    if (m_tags.contains(text)) {
        setProblem(tr("\u201c%1\u201d is there already.").arg(text));
        return false;
    }
    m_tags.append(text);
    rebuildChips();
    setProblem({});
    Q_EMIT tagsChanged(m_tags);
    return true;
}

void TagChipEdit::removeTag(const QString &tag)
{
    if (!m_tags.removeOne(tag))
        return;
    rebuildChips();
    checkPending();
    Q_EMIT tagsChanged(m_tags);
}

void TagChipEdit::rebuildChips()
{
    while (QLayoutItem *item = m_chips->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const QString &tag : std::as_const(m_tags)) {
        auto *chip = new QFrame;
        chip->setObjectName(u"tagChip"_s);
        chip->setProperty("tag", tag);
        chip->setFrameShape(QFrame::StyledPanel);
        chip->setAutoFillBackground(true);
        chip->setBackgroundRole(QPalette::AlternateBase);
        auto *chipLayout = new QHBoxLayout(chip);
        chipLayout->setContentsMargins(6, 1, 1, 1);
        chipLayout->setSpacing(2);
        chipLayout->addWidget(new QLabel(tag));
        auto *remove = new QToolButton;
        remove->setObjectName(u"removeTag"_s);
        remove->setText(u"\u00d7"_s);
        remove->setAutoRaise(true);
        remove->setToolTip(tr("Remove the tag %1").arg(tag));
        remove->setAccessibleName(tr("Remove %1").arg(tag));
        connect(remove, &QToolButton::clicked, this, [this, tag] { removeTag(tag); });
        chipLayout->addWidget(remove);
        m_chips->addWidget(chip);
    }
}

bool TagChipEdit::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Backspace && m_edit->text().isEmpty() && !m_tags.isEmpty()) {
            removeTag(m_tags.constLast());
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            !m_edit->text().trimmed().isEmpty()) {
            // Enter adds the tag; it must not also press the dialog's default button.
            commitPending();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Kiln
