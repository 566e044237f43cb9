#pragma once

#include "store/secretrepository.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

class QAction;

namespace Ui {
class SecretDialog;
}

namespace Kiln {

class Catalogue;
class SecretVault;

// Add a secret or rotate one (product.md §4). create(): name, kind, username and
// the password or token; rotate(): the name and kind are fixed, a new value is
// required and the username may change. Every field is checked as you type
// (validateName, validateSecretUsername, validateSecretValue) with the column of
// the first bad character; OK stays disabled until the input is valid.
//
// The value is masked (the eye action in the field shows it while checked; it
// starts unchecked) and appears in no other widget, tooltip or message. On OK the
// value is written to the SecretVault first, asynchronously (the form is disabled
// meanwhile, nothing blocks), and only then is the catalogue row created or marked
// rotated, as kilnctl does; if the row fails, the value written for a new secret
// is removed again. Errors show inline and keep the dialog open.
class SecretDialog : public QDialog
{
    Q_OBJECT

public:
    // Whether a secret with this name already exists.
    using NameTaken = std::function<bool(const QString &name)>;

    // Open window-modal (never exec) and delete themselves when closed. `saved`
    // is emitted before the dialog closes.
    static SecretDialog *create(QWidget *parent, const Catalogue &catalogue, SecretVault &vault);
    static SecretDialog *rotate(QWidget *parent, const Catalogue &catalogue, SecretVault &vault,
                                const Secret &secret);

    // `existing`: the secret to rotate; nullopt for a new one.
    SecretDialog(const Catalogue &catalogue, SecretVault &vault, std::optional<Secret> existing,
                 QWidget *parent = nullptr);
    ~SecretDialog() override;

    void setNameTakenCheck(NameTaken check);

    bool isRotating() const { return m_existing.has_value(); }
    bool isInputValid() const { return m_problem.isEmpty(); }
    // The first problem, as shown; empty when the input is valid.
    QString validationMessage() const { return m_problem; }
    // True while the value is being written.
    bool isSaving() const { return m_saving; }
    QAction *showValueAction() const { return m_showValue; }

    void accept() override;
    // Ignored while the value is being written.
    void reject() override;

Q_SIGNALS:
    // The row as stored; `created` false after a rotation.
    void saved(const Kiln::Secret &secret, bool created);

private:
    void revalidate();
    void showError(const QString &text);
    void setSaving(bool saving);
    void onValueWritten(const QString &keychainRef, const QString &error);

    std::unique_ptr<Ui::SecretDialog> m_ui;
    const Catalogue &m_catalogue;
    SecretVault &m_vault;
    std::optional<Secret> m_existing;
    NameTaken m_nameTaken;
    QString m_problem;
    QAction *m_showValue = nullptr;
    bool m_saving = false;
};

} // namespace Kiln
