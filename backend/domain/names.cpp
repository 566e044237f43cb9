#include "names.h"

#include "textscan.h"

using namespace Qt::StringLiterals;

namespace Kiln {

using TextScan::describeCharacter;
using TextScan::errorAt;
using TextScan::isAsciiLowerAlnum;

Result<QString> validateName(QStringView name)
{
    if (name.isEmpty())
        return errorAt(u"name is empty; use lowercase letters, digits, '-' and '.'"_s, 0);

    const qsizetype n = name.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (i == kMaxNameLength) {
            return errorAt(u"name is %1 characters long; at most %2 are allowed"_s.arg(n).arg(kMaxNameLength),
                           i);
        }
        const QChar c = name[i];
        const bool partStart = i == 0 || name[i - 1] == u'.';
        if (isAsciiLowerAlnum(c))
            continue;
        if (c.unicode() >= u'A' && c.unicode() <= u'Z') {
            return errorAt(u"uppercase letter '%1' is not allowed; use lowercase"_s.arg(c), i);
        }
        if (c == u'.' || c == u'-') {
            if (i == 0)
                return errorAt(u"name must start with a lowercase letter or digit, not '%1'"_s.arg(c), i);
            if (partStart) {
                return errorAt(c == u'.' ? u"'..' leaves an empty part between the dots"_s
                                         : u"a part after '.' must start with a letter or digit, not '-'"_s,
                               i);
            }
            if (i == n - 1)
                return errorAt(u"name must end with a lowercase letter or digit, not '%1'"_s.arg(c), i);
            if (c == u'-' && name[i + 1] == u'.')
                return errorAt(u"a part before '.' must end with a letter or digit, not '-'"_s, i);
            continue;
        }
        return errorAt(
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
        if (isAsciiLowerAlnum(c)) {
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
        if (isAsciiLowerAlnum(out[cut])) {
            qsizetype boundary = cut;
            while (boundary > 0 && isAsciiLowerAlnum(out[boundary - 1]))
                --boundary;
            if (boundary >= kMaxNameLength / 2) // never throw away most of the name
                cut = boundary;
        }
        out.truncate(cut);
        trimSeparators(out);
    }
    if (out.isEmpty()) {
        return errorAt(displayName.trimmed().isEmpty()
                           ? u"display name is empty; an image name cannot be derived from it"_s
                           : u"display name has no letters or digits to derive an image name from"_s,
                       0);
    }
    return validateName(out);
}

} // namespace Kiln
