#pragma once

#include "bakeimagelistmodel.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTabWidget;

namespace Kiln {

class ScanFindingsView;

// The detail pane of the Baked Images page: everything about the selected bake
// image. Its title (with a "deactivated" badge), the bake state with the last
// error (selectable) and, while it bakes, the phase ("Phase 2 of 5: unpacking
// layers") with a progress bar of its bytes and Cancel Bake; a running download
// or upload with its own bar and Cancel; every registration field; the content
// (size, time, sha256, sha1, format, references, path); the scan with its
// findings.
class BakeImageDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit BakeImageDetailPane(QWidget *parent = nullptr);

    // nullopt: nothing selected. `pullSecret`: the secret's name (empty: none).
    void setImage(const std::optional<BakeImage> &image, const BakeProgress &progress,
                  const QString &pullSecret);
    // The pull secret's name arrived (read after setImage()): only its field changes.
    void setPullSecret(const QString &pullSecret);
    void setProgress(const BakeProgress &progress);
    // A download or upload of the shown image: `text` says what, bytes done of
    // total (total <= 0: not known). clearTransfer() hides it.
    void setTransfer(const QString &text, qint64 done, qint64 total);
    void clearTransfer();

    QLabel *titleLabel() const { return m_title; }
    QLabel *badgeLabel() const { return m_badge; }
    QLabel *stateLabel() const { return m_state; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *phaseLabel() const { return m_phase; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *transferLabel() const { return m_transferText; }
    QProgressBar *transferBar() const { return m_transferBar; }
    ScanFindingsView *findings() const { return m_findings; }
    // "Details" (everything above) and "Workers" (the cache view, once set).
    QTabWidget *tabs() const { return m_tabs; }
    // The widget of the "Workers" tab (the page's CacheView); the pane owns it.
    void setWorkersView(QWidget *view);
    void showWorkersTab();
    // The value shown for a field label (e.g. "sha256:"), for tests; empty when absent.
    QString fieldText(const QString &label) const;

Q_SIGNALS:
    void cancelBakeRequested();
    void cancelTransferRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitBody();
    // The value widget of a field label in the registration or content form, null when absent.
    QWidget *fieldWidget(const QString &label) const;
    static QString pullSecretValue(const QString &pullSecret);

    enum class FieldStyle
    {
        Plain,   // a short value
        Wrapped, // free text
        Token,   // a hash or a path: one line that scrolls
    };
    struct FormRow
    {
        QString label;
        QString value;
        FieldStyle style = FieldStyle::Plain;
    };
    static void fillForm(QFormLayout *form, const QList<FormRow> &rows);

    QLabel *m_title = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_subtitle = nullptr;
    QWidget *m_body = nullptr;
    QScrollArea *m_scroll = nullptr; // holds m_body
    QTabWidget *m_tabs = nullptr;    // m_scroll | the workers view
    QLabel *m_empty = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_error = nullptr;
    QWidget *m_progressRow = nullptr;
    QLabel *m_phase = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelBake = nullptr;
    QWidget *m_transferRow = nullptr;
    QLabel *m_transferText = nullptr;
    QProgressBar *m_transferBar = nullptr;
    QFormLayout *m_registrationForm = nullptr;
    QGroupBox *m_contentBox = nullptr;
    QFormLayout *m_contentForm = nullptr;
    ScanFindingsView *m_findings = nullptr;
    BakeState m_shownState = BakeState::Registered;
};

} // namespace Kiln
