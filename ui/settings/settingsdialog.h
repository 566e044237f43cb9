#pragma once

#include <QDialog>
#include <QMap>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class SettingsDialog;
}

namespace Kiln {

class EngineModel;

// Edits the catalogue's typed settings. Every value is checked by the backend's
// rules (domain/settingsschema.h) as it changes; OK stays disabled while any is
// invalid, and the reason shows inline.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // Setting key -> canonical text, as stored.
    using Values = QMap<QString, QString>;
    // Stores accepted values; returns why it could not, or nothing.
    using Apply = std::function<std::optional<QString>(const Values &)>;

    // Opens the dialog without blocking. `engines` is shared with the rest of the
    // window; its order is restored if the dialog is cancelled. The dialog deletes
    // itself when closed.
    static SettingsDialog *edit(QWidget *parent, const Values &current, EngineModel *engines, Apply apply);

    SettingsDialog(const Values &current, EngineModel *engines, Apply apply, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // What the widgets hold now, as setting texts.
    Values values() const;
    // The first problem with the current values, or empty.
    QString validationMessage() const;

Q_SIGNALS:
    void detectEnginesRequested();

public Q_SLOTS:
    void accept() override;
    void reject() override;

private:
    void load(const Values &values);
    void revalidate();
    void moveSelected(int delta);
    void updateMoveButtons();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    EngineModel *m_engines;
    Apply m_apply;
    QString m_originalEngines;
};

} // namespace Kiln
