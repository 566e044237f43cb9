#pragma once

#include "store/grouprepository.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class GroupDialog;
}

namespace Kiln {

class Catalogue;

// Create or edit a group (product.md §2). The name is checked as you type (the
// grammar, with the column of the first bad character, and whether it is taken);
// it cannot change once the group exists. OK stays disabled until the input is
// valid; a failed save keeps the dialog open with the reason.
class GroupDialog : public QDialog
{
    Q_OBJECT

public:
    // Whether a group with this name already exists.
    using NameTaken = std::function<bool(const QString &name)>;

    // Open window-modal (never exec) and delete themselves when closed. `saved`
    // is emitted before the dialog closes.
    static GroupDialog *create(QWidget *parent, const Catalogue &catalogue);
    static GroupDialog *edit(QWidget *parent, const Catalogue &catalogue, const Group &group);

    // `existing`: the group to edit; nullopt for a new one. The name check asks
    // the catalogue unless setNameTakenCheck() replaces it.
    GroupDialog(const Catalogue &catalogue, std::optional<Group> existing, QWidget *parent = nullptr);
    ~GroupDialog() override;

    void setNameTakenCheck(NameTaken check);

    // The group as it would be saved.
    Group group() const;
    bool isEditing() const { return m_existing.has_value(); }
    bool isInputValid() const { return m_problem.isEmpty(); }
    // The first problem, as shown; empty when the input is valid.
    QString validationMessage() const { return m_problem; }

    void accept() override;

Q_SIGNALS:
    void saved(const Kiln::Group &group);

private:
    void revalidate();
    void showError(const QString &text);

    std::unique_ptr<Ui::GroupDialog> m_ui;
    const Catalogue &m_catalogue;
    std::optional<Group> m_existing;
    NameTaken m_nameTaken;
    QString m_problem;
};

} // namespace Kiln
