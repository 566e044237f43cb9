#pragma once

#include <QPlainTextEdit>

class QSyntaxHighlighter;

namespace Kiln {

// A read-only, monospaced text view with syntax highlighting themed from the
// palette. Uses KSyntaxHighlighting (KF6) when Kiln was built with it, and a
// small built-in highlighter otherwise. Reused for Containerfiles, specs and JSON.
class CodeView : public QPlainTextEdit
{
    Q_OBJECT

public:
    enum class Language
    {
        PlainText,
        Dockerfile,
        Json
    };
    Q_ENUM(Language)

    explicit CodeView(QWidget *parent = nullptr);
    ~CodeView() override;

    void setLanguage(Language language);
    Language language() const { return m_language; }

    // "KSyntaxHighlighting" or "built-in": which engine colours the text.
    static QString highlighterBackend();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyHighlighter();

    Language m_language = Language::PlainText;
    QSyntaxHighlighter *m_highlighter = nullptr;
};

} // namespace Kiln
