#pragma once

#include "store/availabilitygrouprepository.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class AvailabilityGroupDialog;
}

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// Create or edit an availability group: its name (validateName, checked as you
// type with the column of the first bad character, and whether another group has
// it) and description. OK stays disabled until the input is valid. The save runs
// on the thread pool with the form disabled; a failed save keeps the dialog open
// with the reason.
class AvailabilityGroupDialog : public QDialog
{
    Q_OBJECT

public:
    // Whether another group already has this name (called on the GUI thread: the
    // page answers from the names it lists).
    using NameTaken = std::function<bool(const QString &name)>;

    // Open window-modal (never exec) and delete themselves when closed. `saved`
    // is emitted before the dialog closes.
    static AvailabilityGroupDialog *create(QWidget *parent, const Catalogue &catalogue,
                                           NameTaken nameTaken = {});
    static AvailabilityGroupDialog *edit(QWidget *parent, const Catalogue &catalogue,
                                         const AvailabilityGroup &group, NameTaken nameTaken = {});

    // `existing`: the group to edit; nullopt for a new one.
    AvailabilityGroupDialog(const Catalogue &catalogue, std::optional<AvailabilityGroup> existing,
                            QWidget *parent = nullptr);
    ~AvailabilityGroupDialog() override;

    void setNameTakenCheck(NameTaken check);

    // The group as it would be saved.
    AvailabilityGroup group() const;
    bool isEditing() const { return m_existing.has_value(); }
    bool isInputValid() const { return m_problem.isEmpty(); }
    // The first problem, as the OK button's tooltip shows it; empty when valid.
    QString validationMessage() const { return m_problem; }
    bool isSaving() const { return m_saving; }
    QString errorText() const;

    void accept() override;
    void reject() override;

Q_SIGNALS:
    void saved(const Kiln::AvailabilityGroup &group);

private:
    void revalidate();
    void showError(const QString &text);
    void setSaving(bool saving);

    std::unique_ptr<Ui::AvailabilityGroupDialog> m_ui;
    std::optional<AvailabilityGroup> m_existing;
    NameTaken m_nameTaken;
    QString m_problem;
    bool m_saving = false;
    CatalogueLoader *m_saves = nullptr;
};

} // namespace Kiln
