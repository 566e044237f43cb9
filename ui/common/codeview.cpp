#include "codeview.h"

#include <QEvent>
#include <QFontDatabase>
#include <QRegularExpression>
#include <QSyntaxHighlighter>

#ifdef KILN_HAVE_KF6_SYNTAX
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace Kiln {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// The fallback: instructions, comments, strings and variables of a Dockerfile,
// and keys, strings and literals of JSON, coloured from the palette.
class BuiltinHighlighter : public QSyntaxHighlighter
{
public:
    BuiltinHighlighter(CodeView::Language language, const QPalette &palette, QTextDocument *document)
        : QSyntaxHighlighter(document)
        , m_language(language)
    {
        const bool dark = isDark(palette);
        m_keyword.setForeground(dark ? QColor(0x7a, 0xa6, 0xda) : QColor(0x1f, 0x4e, 0x99));
        m_keyword.setFontWeight(QFont::Bold);
        m_comment.setForeground(palette.color(QPalette::Disabled, QPalette::Text));
        m_comment.setFontItalic(true);
        m_string.setForeground(dark ? QColor(0xb9, 0xca, 0x4a) : QColor(0x2e, 0x7d, 0x32));
        m_variable.setForeground(dark ? QColor(0xe7, 0x8c, 0x45) : QColor(0xa0, 0x4a, 0x00));
    }

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression instruction(
            QStringLiteral("^\\s*(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|"
                           "WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\\b"),
            QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression string(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'"));
        static const QRegularExpression variable(QStringLiteral("\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?"));
        static const QRegularExpression jsonKey(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"(?=\\s*:)"));
        static const QRegularExpression jsonLiteral(
            QStringLiteral("\\b(true|false|null|-?\\d+(\\.\\d+)?)\\b"));

        const auto apply = [this, &text](const QRegularExpression &pattern, const QTextCharFormat &format,
                                         int group = 0) {
            for (auto it = pattern.globalMatch(text); it.hasNext();) {
                const auto match = it.next();
                setFormat(int(match.capturedStart(group)), int(match.capturedLength(group)), format);
            }
        };

        switch (m_language) {
        case CodeView::Language::PlainText:
            return;
        case CodeView::Language::Dockerfile:
            if (text.trimmed().startsWith(u'#')) {
                setFormat(0, int(text.size()), m_comment);
                return;
            }
            apply(instruction, m_keyword, 1);
            apply(variable, m_variable);
            apply(string, m_string);
            return;
        case CodeView::Language::Json:
            apply(string, m_string);
            apply(jsonKey, m_keyword);
            apply(jsonLiteral, m_variable);
            return;
        }
    }

private:
    CodeView::Language m_language;
    QTextCharFormat m_keyword, m_comment, m_string, m_variable;
};

#ifdef KILN_HAVE_KF6_SYNTAX
KSyntaxHighlighting::Repository &repository()
{
    // Loading the definitions is expensive; one read-only cache per process.
    static KSyntaxHighlighting::Repository repo;
    return repo;
}

QString definitionName(CodeView::Language language)
{
    switch (language) {
    case CodeView::Language::PlainText:
        return {};
    case CodeView::Language::Dockerfile:
        return QStringLiteral("Dockerfile");
    case CodeView::Language::Json:
        return QStringLiteral("JSON");
    }
    return {};
}
#endif

} // namespace

CodeView::CodeView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

CodeView::~CodeView() = default;

void CodeView::setLanguage(Language language)
{
    if (language == m_language && m_highlighter)
        return;
    m_language = language;
    applyHighlighter();
}

QString CodeView::highlighterBackend()
{
#ifdef KILN_HAVE_KF6_SYNTAX
    return QStringLiteral("KSyntaxHighlighting");
#else
    return QStringLiteral("built-in");
#endif
}

void CodeView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_highlighter)
        applyHighlighter(); // follow light/dark theme switches
}

void CodeView::applyHighlighter()
{
    delete m_highlighter;
    m_highlighter = nullptr;
    if (m_language == Language::PlainText)
        return;
#ifdef KILN_HAVE_KF6_SYNTAX
    const auto definition = repository().definitionForName(definitionName(m_language));
    if (definition.isValid()) {
        auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());
        highlighter->setTheme(repository().defaultTheme(isDark(palette())
                                                            ? KSyntaxHighlighting::Repository::DarkTheme
                                                            : KSyntaxHighlighting::Repository::LightTheme));
        highlighter->setDefinition(definition);
        m_highlighter = highlighter;
        return;
    }
#endif
    m_highlighter = new BuiltinHighlighter(m_language, palette(), document());
}

} // namespace Kiln
