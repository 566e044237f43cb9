#include "names.h"

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

bool isLowerAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9');
}

// "'x'", "a space", "a tab", "'é' (U+00E9)" ... for messages about s[i].
QString describeCharacter(QStringView s, qsizetype i)
{
    const QChar c = s[i];
    if (c == u' ')
        return u"a space"_s;
    if (c == u'\t')
        return u"a tab"_s;
    if (c == u'\n' || c == u'\r')
        return u"a line break"_s;
    char32_t code = c.unicode();
    QString text(c);
    if (c.isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
        code = QChar::surrogateToUcs4(c, s[i + 1]);
        text = s.sliced(i, 2).toString();
    }
    const QString codePoint = u"U+%1"_s.arg(uint(code), 4, 16, QLatin1Char('0')).toUpper();
    if (code < 0x20 || code == 0x7f || !QChar::isPrint(code) || QChar::isSurrogate(code))
        return u"the control or unprintable character "_s + codePoint;
    if (code > 0x7f)
        return u"'"_s + text + u"' ("_s + codePoint + u")"_s;
    return u"'"_s + text + u"'"_s;
}

ValidationError nameError(QString message, qsizetype index)
{
    ValidationError e;
    e.message = std::move(message);
    e.column = int(index) + 1;
    return e;
}

} // namespace

Result<QString> validateName(QStringView name)
{
    if (name.isEmpty())
        return nameError(u"name is empty; use lowercase letters, digits, '-' and '.'"_s, 0);

    const qsizetype n = name.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (i == kMaxNameLength) {
            return nameError(
                u"name is %1 characters long; at most %2 are allowed"_s.arg(n).arg(kMaxNameLength), i);
        }
        const QChar c = name[i];
        const bool partStart = i == 0 || name[i - 1] == u'.';
        if (isLowerAlnum(c))
            continue;
        if (c.unicode() >= u'A' && c.unicode() <= u'Z') {
            return nameError(u"uppercase letter '%1' is not allowed; use lowercase"_s.arg(c), i);
        }
        if (c == u'.') {
            if (i == 0)
                return nameError(u"name must start with a lowercase letter or digit, not '.'"_s, i);
            if (partStart)
                return nameError(u"'..' leaves an empty part between the dots"_s, i);
            if (i == n - 1)
                return nameError(u"name must end with a lowercase letter or digit, not '.'"_s, i);
            continue;
        }
        if (c == u'-') {
            if (i == 0)
                return nameError(u"name must start with a lowercase letter or digit, not '-'"_s, i);
            if (partStart)
                return nameError(u"a part after '.' must start with a letter or digit, not '-'"_s, i);
            if (i == n - 1)
                return nameError(u"name must end with a lowercase letter or digit, not '-'"_s, i);
            if (name[i + 1] == u'.')
                return nameError(u"a part before '.' must end with a letter or digit, not '-'"_s, i);
            continue;
        }
        return nameError(
            describeCharacter(name, i) + u" is not allowed; use lowercase letters, digits, '-' and '.'"_s, i);
    }
    return name.toString();
}

Result<QString> deriveImageName(QStringView displayName)
{
    // Fold accents: decompose, then drop the combining marks.
    const QString decomposed = displayName.toString().normalized(QString::NormalizationForm_KD).toLower();

    QString out;
    out.reserve(decomposed.size());
    bool inRun = false;
    bool runOnlyDots = true;
    auto flushRun = [&] {
        if (inRun)
            out += runOnlyDots ? u'.' : u'-';
        inRun = false;
        runOnlyDots = true;
    };
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing || c.category() == QChar::Mark_Enclosing ||
            c.category() == QChar::Mark_SpacingCombining)
            continue;
        if (isLowerAlnum(c)) {
            flushRun();
            out += c;
            continue;
        }
        inRun = true;
        if (c != u'.')
            runOnlyDots = false;
    }
    flushRun();

    auto trimSeparators = [](QString &s) {
        qsizetype begin = 0;
        qsizetype end = s.size();
        while (begin < end && (s[begin] == u'-' || s[begin] == u'.'))
            ++begin;
        while (end > begin && (s[end - 1] == u'-' || s[end - 1] == u'.'))
            --end;
        s = s.sliced(begin, end - begin);
    };
    trimSeparators(out);
    if (out.size() > kMaxNameLength) {
        // Cut at the last separator rather than inside a word, when that keeps at
        // least half of the allowed length.
        qsizetype cut = kMaxNameLength;
        if (isLowerAlnum(out[cut])) {
            qsizetype boundary = cut;
            while (boundary > 0 && isLowerAlnum(out[boundary - 1]))
                --boundary;
            if (boundary >= kMaxNameLength / 2) // never throw away most of the name
                cut = boundary;
        }
        out.truncate(cut);
        trimSeparators(out);
    }
    if (out.isEmpty()) {
        ValidationError e;
        e.message = displayName.trimmed().isEmpty()
                        ? u"display name is empty; an image name cannot be derived from it"_s
                        : u"display name has no letters or digits to derive an image name from"_s;
        e.column = 1;
        return e;
    }
    return validateName(out);
}

} // namespace Kiln
