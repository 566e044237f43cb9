#include "debianversion.h"

#include "textscan.h"

#include <QJsonValue>

#include <climits>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using namespace TextScan;

// dpkg's order(): digits weigh 0, letters their code, '~' sorts before everything
// (even the end of the string), any other character after all letters.
int order(QChar c)
{
    if (isAsciiDigit(c))
        return 0;
    if (isAsciiLetter(c))
        return c.unicode();
    if (c == u'~')
        return -1;
    if (!c.isNull())
        return c.unicode() + 256;
    return 0;
}

// dpkg's verrevcmp(), with index bounds instead of NUL terminators.
int verrevcmp(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    const auto at = [](QStringView s, qsizetype k) { return k < s.size() ? s[k] : QChar(); };

    while (i < a.size() || j < b.size()) {
        int firstDiff = 0;

        while ((i < a.size() && !isAsciiDigit(a[i])) || (j < b.size() && !isAsciiDigit(b[j]))) {
            const int ac = order(at(a, i));
            const int bc = order(at(b, j));
            if (ac != bc)
                return ac - bc;
            ++i;
            ++j;
        }
        while (i < a.size() && a[i] == u'0')
            ++i;
        while (j < b.size() && b[j] == u'0')
            ++j;
        while (i < a.size() && j < b.size() && isAsciiDigit(a[i]) && isAsciiDigit(b[j])) {
            if (!firstDiff)
                firstDiff = a[i].unicode() - b[j].unicode();
            ++i;
            ++j;
        }
        if (i < a.size() && isAsciiDigit(a[i]))
            return 1;
        if (j < b.size() && isAsciiDigit(b[j]))
            return -1;
        if (firstDiff)
            return firstDiff;
    }
    return 0;
}

// Compares two epochs numerically without overflowing: an absent or empty epoch is
// 0, leading zeros do not count. Non-digit epochs (only possible in hand-built
// structs) compare by their text after the digits.
int compareEpochs(QStringView a, QStringView b)
{
    const auto strip = [](QStringView s) {
        qsizetype k = 0;
        while (k < s.size() - 1 && s[k] == u'0')
            ++k;
        return s.isEmpty() ? QStringView(u"0") : s.mid(k);
    };
    const QStringView x = strip(a);
    const QStringView y = strip(b);
    if (x.size() != y.size())
        return x.size() < y.size() ? -1 : 1;
    return x.compare(y);
}

} // namespace

QString DebianVersion::toString() const
{
    QString out;
    if (!epoch.isNull())
        out += epoch + u':';
    out += upstream;
    if (!revision.isNull())
        out += u'-' + revision;
    return out;
}

QJsonObject DebianVersion::toJson() const
{
    return QJsonObject{
        {u"epoch"_s, stringOrNull(epoch)},
        {u"upstream"_s, upstream},
        {u"revision"_s, stringOrNull(revision)},
    };
}

int DebianVersion::compare(const DebianVersion &a, const DebianVersion &b)
{
    if (const int rc = compareEpochs(a.epoch, b.epoch); rc != 0)
        return rc;
    if (const int rc = verrevcmp(a.upstream, b.upstream); rc != 0)
        return rc;
    return verrevcmp(a.revision, b.revision);
}

Result<DebianVersion> parseDebianVersion(QStringView text)
{
    if (text.isEmpty())
        return errorAt(u"a version cannot be empty"_s, 0);

    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isSpace())
            return errorAt(u"spaces are not allowed in a version"_s, i);
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return errorAt(u"control characters are not allowed in a version"_s, i);
    }

    DebianVersion v;
    qsizetype start = 0;

    if (const qsizetype colon = text.indexOf(u':'); colon >= 0) {
        if (colon == 0)
            return errorAt(u"the epoch before ':' is empty; write digits such as 1: or leave out the ':'"_s,
                           0);
        for (qsizetype i = 0; i < colon; ++i) {
            if (!isAsciiDigit(text[i]))
                return errorAt(
                    quoteChar(text[i]) +
                        u" is not allowed in an epoch: the part before the first ':' must be digits"_s,
                    i);
        }
        bool ok = false;
        const qlonglong epoch = text.first(colon).toLongLong(&ok);
        if (!ok || epoch > INT_MAX)
            return errorAt(u"the epoch is too big (at most %1)"_s.arg(INT_MAX), 0);
        if (colon + 1 == text.size())
            return errorAt(u"nothing follows ':'; an upstream version is required after the epoch"_s,
                           text.size());
        v.epoch = text.first(colon).toString();
        start = colon + 1;
    }

    qsizetype end = text.size();
    const qsizetype hyphen = text.lastIndexOf(u'-');
    if (hyphen >= start) {
        if (hyphen + 1 == text.size())
            return errorAt(u"the Debian revision after the last '-' is empty"_s, text.size());
        end = hyphen;
    }

    if (end == start)
        return errorAt(u"the upstream version is empty"_s, start);
    if (!isAsciiDigit(text[start]))
        return errorAt(u"the upstream version must start with a digit"_s, start);
    for (qsizetype i = start + 1; i < end; ++i) {
        const QChar c = text[i];
        if (!isAsciiDigit(c) && !isAsciiLetter(c) && !QStringView(u".-+~:").contains(c))
            return errorAt(
                quoteChar(c) +
                    u" is not allowed in an upstream version (only letters, digits and . + ~ - :)"_s,
                i);
    }
    v.upstream = text.sliced(start, end - start).toString();

    if (end < text.size()) {
        for (qsizetype i = end + 1; i < text.size(); ++i) {
            const QChar c = text[i];
            if (!isAsciiDigit(c) && !isAsciiLetter(c) && !QStringView(u".+~").contains(c))
                return errorAt(quoteChar(c) +
                                   u" is not allowed in a Debian revision (only letters, digits and . + ~)"_s,
                               i);
        }
        v.revision = text.sliced(end + 1).toString();
    }
    return v;
}

} // namespace Kiln
