#include "formhints.h"

#include "domain/imagereference.h"
#include "domain/names.h"

#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>

namespace Kiln {

using namespace Qt::StringLiterals;

void setHintTone(QLabel *label, bool error)
{
    QPalette palette = label->palette();
    const QPalette base = label->parentWidget() ? label->parentWidget()->palette() : QPalette();
    palette.setColor(QPalette::WindowText,
                     error ? QColor(0xd3, 0x2f, 0x2f) : base.color(QPalette::PlaceholderText));
    label->setPalette(palette);
}

QString checkReferenceField(QLineEdit *edit, QLabel *hint, bool required)
{
    const QString text = edit->text().trimmed();
    if (text.isEmpty()) {
        hint->setText(QCoreApplication::translate("Kiln::FormHints",
                                                  "Required: a full image reference, e.g. "
                                                  "registry.example.com/base/ubuntu:22.04."));
        setHintTone(hint, false);
        return required ? QCoreApplication::translate("Kiln::FormHints", "a reference is required.")
                        : QString();
    }
    const auto reference = parseImageReference(text);
    if (!reference) {
        const QString error = QCoreApplication::translate("Kiln::FormHints", "Column %1: %2")
                                  .arg(reference.error().column)
                                  .arg(reference.error().message);
        hint->setText(error);
        setHintTone(hint, true);
        return error;
    }
    hint->setText(u"\u2192 "_s + reference->normalized());
    setHintTone(hint, false);
    return {};
}

QString checkNameField(QLineEdit *edit, QLabel *hint, const std::function<bool(const QString &)> &isTaken,
                       const QString &takenMessage)
{
    const QString name = edit->text();
    QString error;
    QString problem;
    if (name.isEmpty()) {
        problem = QCoreApplication::translate("Kiln::FormHints", "Name: %1")
                      .arg(QCoreApplication::translate("Kiln::FormHints", "A name is required."));
    } else if (const auto valid = validateName(name); !valid) {
        error = QCoreApplication::translate("Kiln::FormHints", "Column %1: %2")
                    .arg(valid.error().column)
                    .arg(valid.error().message);
        problem = QCoreApplication::translate("Kiln::FormHints", "Name, column %1: %2")
                      .arg(valid.error().column)
                      .arg(valid.error().message);
    } else if (isTaken && isTaken(name)) {
        error = takenMessage.arg(name);
        problem = QCoreApplication::translate("Kiln::FormHints", "Name: %1").arg(error);
    }
    // An empty field is not a mistake yet: it keeps the neutral hint.
    hint->setText(error.isEmpty() ? QCoreApplication::translate(
                                        "Kiln::FormHints",
                                        "Lowercase letters, digits, '-' and '.'; it cannot be changed later.")
                                  : error);
    setHintTone(hint, !error.isEmpty());
    return problem;
}

} // namespace Kiln
