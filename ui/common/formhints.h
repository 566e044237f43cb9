#pragma once

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

} // namespace Kiln
