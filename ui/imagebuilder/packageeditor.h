#pragma once

#include "domain/packagelist.h"

#include <QHash>
#include <QList>
#include <QPlainTextEdit>
#include <QStringList>

class QLabel;
class QTabWidget;

namespace Kiln {

class PackageGutter;

// The package list of one manager (APT, Conda or Pip), one package per line,
// validated as you type: a bad line gets a wavy underline from the error column to
// its end and a red marker in the line-number gutter, and hovering it (text or
// gutter) shows "Line L, column C: why". Pasting a requirements.txt, an
// environment.yml or an apt-get command line inserts its packages one per line
// (splitPastedPackages()); the "- pip:" packages of an environment.yml are handed
// on through pipPackagesPasted(). Usable as a Designer promoted widget.
class PackageEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit PackageEditor(QWidget *parent = nullptr);
    ~PackageEditor() override;

    void setManager(PackageManager manager);
    PackageManager manager() const { return m_manager; }

    // Replaces the text with one package per line.
    void setPackages(const QStringList &packages);
    // The non-blank lines, trimmed, in order (valid or not).
    QStringList packages() const;

    int validCount() const { return int(m_lines.size()) - m_invalidCount; }
    int invalidCount() const { return m_invalidCount; }
    bool isValid() const { return m_invalidCount == 0; }
    // The latest validation result, one entry per non-blank line.
    QList<PackageLine> lines() const { return m_lines; }
    // "3 valid, 1 invalid" or "No packages".
    QString summaryText() const;
    // The first bad line as "line L, column C: reason"; empty when every line is valid.
    QString firstProblem() const;
    // "Line 3, column 7: why" for a bad 1-based line; empty for a good or blank one.
    QString lineToolTip(int line) const;
    // How long the latest validation (parse and marks) took, in milliseconds.
    double lastValidationMs() const { return m_lastValidationMs; }

Q_SIGNALS:
    void validationChanged();
    void pipPackagesPasted(const QStringList &packages);

protected:
    void insertFromMimeData(const QMimeData *source) override;
    bool viewportEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class PackageGutter;

    void revalidate();
    void applyMarks();
    void updatePlaceholder();
    int lineAt(int y) const; // 1-based line at viewport (or gutter) y, 0 for none
    int gutterWidth() const;
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void paintGutter(QPaintEvent *event);
    QColor errorColor() const;

    PackageManager m_manager = PackageManager::Apt;
    PackageGutter *m_gutter = nullptr;
    QList<PackageLine> m_lines;
    // The previous run's verdict per trimmed line text (the validator's own column).
    QHash<QString, std::optional<ValidationError>> m_verdicts;
    QHash<int, qsizetype> m_badLines; // 1-based line -> index in m_lines
    int m_invalidCount = 0;
    double m_lastValidationMs = 0;
};

// Shows an editor's state on its tab of a package tab widget: the title with the
// count, a warning icon while a line is bad, and the summary (with the first
// problem) in `summary`. Returns firstProblem(). The spec and image dialogs share it.
QString showPackageTab(QTabWidget *tabs, int index, const QString &title, const PackageEditor *editor,
                       QLabel *summary);

} // namespace Kiln
