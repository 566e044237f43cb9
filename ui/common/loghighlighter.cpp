#include "loghighlighter.h"

#include <QPalette>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextDocument>

#ifdef KILN_HAVE_KF6_SYNTAX
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// The fallback: the same classes as resources/syntax/kiln-joblog.xml.
class BuiltinLogHighlighter : public QSyntaxHighlighter
{
public:
    BuiltinLogHighlighter(const QPalette &palette, QTextDocument *document)
        : QSyntaxHighlighter(document)
    {
        const bool dark = isDark(palette);
        m_time.setForeground(palette.color(QPalette::Disabled, QPalette::Text));
        m_error.setForeground(dark ? QColor(0xff, 0x6b, 0x68) : QColor(0xc6, 0x28, 0x28));
        m_errorWord = m_error;
        m_errorWord.setFontWeight(QFont::Bold);
        m_warning.setForeground(dark ? QColor(0xe5, 0xc0, 0x7b) : QColor(0xa1, 0x5c, 0x00));
        m_header.setForeground(dark ? QColor(0x7a, 0xa6, 0xda) : QColor(0x1f, 0x4e, 0x99));
        m_header.setFontWeight(QFont::Bold);
    }

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression prefix(u"^\\d\\d:\\d\\d:\\d\\d (out|err|sys)\\| "_s);
        static const QRegularExpression errorWord(u"\\b(error|failed|fatal)\\b"_s,
                                                  QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression header(u"(STEP \\d+/\\d+:|\\[\\d+/\\d+\\] STEP|#\\d+ \\[)"_s);
        static const QRegularExpression warning(u"\\b(warning|warn)\\b"_s,
                                                QRegularExpression::CaseInsensitiveOption);

        const int length = int(text.size());
        int body = 0;
        QStringView tag;
        const auto match = prefix.match(text);
        if (match.hasMatch()) {
            body = int(match.capturedLength());
            tag = match.capturedView(1);
            setFormat(0, body, m_time);
        }
        if (tag == u"sys") {
            setFormat(body, length - body, m_header);
            return;
        }
        // Engines write progress to stderr too ("Copying blob", "Storing signatures"):
        // the err tag shows the stream, the words decide whether it is an error.
        if (tag == u"err")
            setFormat(body - 5, 4, m_error);
        auto words = errorWord.globalMatch(text, body);
        if (words.hasNext()) {
            setFormat(body, length - body, m_error);
            while (words.hasNext()) {
                const auto word = words.next();
                setFormat(int(word.capturedStart()), int(word.capturedLength()), m_errorWord);
            }
            return;
        }
        if (header
                .match(text, body, QRegularExpression::NormalMatch,
                       QRegularExpression::AnchorAtOffsetMatchOption)
                .hasMatch()) {
            setFormat(body, length - body, m_header);
            return;
        }
        if (warning.match(text, body).hasMatch())
            setFormat(body, length - body, m_warning);
    }

private:
    QTextCharFormat m_time, m_error, m_errorWord, m_warning, m_header;
};

#ifdef KILN_HAVE_KF6_SYNTAX
KSyntaxHighlighting::Repository &repository()
{
    // Loading the definitions is expensive; one read-only cache per process, which
    // also finds Kiln's own definitions under :/kiln/syntax.
    static KSyntaxHighlighting::Repository repo;
    static const bool added = [] {
        repo.addCustomSearchPath(u":/kiln"_s);
        return true;
    }();
    Q_UNUSED(added);
    return repo;
}
#endif

} // namespace

namespace LogHighlighting {

QSyntaxHighlighter *create(QTextDocument *document, const QPalette &palette)
{
#ifdef KILN_HAVE_KF6_SYNTAX
    const auto definition = repository().definitionForName(u"Kiln Job Log"_s);
    if (definition.isValid()) {
        auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
        highlighter->setTheme(repository().defaultTheme(isDark(palette)
                                                            ? KSyntaxHighlighting::Repository::DarkTheme
                                                            : KSyntaxHighlighting::Repository::LightTheme));
        highlighter->setDefinition(definition);
        return highlighter;
    }
    qWarning("Kiln: the \"Kiln Job Log\" syntax definition is missing; using the built-in log highlighter");
#endif
    return new BuiltinLogHighlighter(palette, document);
}

QString backend()
{
#ifdef KILN_HAVE_KF6_SYNTAX
    if (repository().definitionForName(u"Kiln Job Log"_s).isValid())
        return u"KSyntaxHighlighting"_s;
#endif
    return u"built-in"_s;
}

} // namespace LogHighlighting

} // namespace Kiln
