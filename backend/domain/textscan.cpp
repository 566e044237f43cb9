#include "textscan.h"

using namespace Qt::StringLiterals;

namespace Kiln::TextScan {

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

QString quoteChar(QChar c)
{
    if (c.unicode() > 0x20 && c.unicode() < 0x7f)
        return u"'"_s + c + u"'"_s;
    return u"U+"_s + QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
}

QString quoteCharOrSpace(QChar c)
{
    if (c == u' ')
        return u"a space"_s;
    return quoteChar(c);
}

QString quoted(QStringView text)
{
    return u"'"_s + text + u"'"_s;
}

ValidationError errorAt(QString message, qsizetype index)
{
    return ValidationError{std::move(message), int(index) + 1, 0, {}};
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

bool Scanner::fail(const QString &message, qsizetype index)
{
    if (!err)
        err = errorAt(message, index);
    return false;
}

} // namespace Kiln::TextScan
