#pragma once

#include <functional>

class QLabel;
class QLineEdit;
class QString;

namespace Kiln {

// The inline messages under dialog fields: red for a mistake, the placeholder
// colour of the palette for a neutral hint (light and dark palettes alike).
void setHintTone(QLabel *label, bool error);

// Checks an image reference typed in `edit` and shows the result in `hint`:
// "→ <normalised>", the column and reason of a mistake, or (when empty) a
// neutral "required" note. Returns the problem ("" when fine); an empty field is
// a problem only when `required`.
QString checkReferenceField(QLineEdit *edit, QLabel *hint, bool required);

// Checks the name of a new spec, group or secret typed in `edit` (validateName,
// then `isTaken`) and shows the result in `hint`: the naming rule while the
// field is empty or fine, else the column and reason, or `takenMessage` (with %1
// for the name). Returns the problem for the dialog's summary, "" when fine:
// "Name: ..." or "Name, column C: ...". An empty name is a problem.
QString checkNameField(QLineEdit *edit, QLabel *hint, const std::function<bool(const QString &)> &isTaken,
                       const QString &takenMessage);

} // namespace Kiln
