#pragma once

#include "bake/specedit.h"
#include "store/secretrepository.h"

#include <QDialog>

class QStringListModel;

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class SpecDialog;
}

namespace Kiln {

class PackageEditor;

// What the spec dialog needs from the outside: how to save, which names are
// taken, what to suggest. The page fills it from the catalogue.
struct SpecDialogServices
{
    using Save = std::function<Result<SpecSaved, SpecSaveError>(const QString &specId, const QString &name,
                                                                const SpecDraft &draft)>;
    Save save;
    std::function<bool(const QString &name)> nameTaken; // may be empty
    QStringList baseImageSuggestions;                   // managed images, earlier bases, registry tags
    QList<Secret> secrets;                              // the pull secrets to choose from
    std::optional<QString> pushPrefix;                  // nullopt: no push registry is configured
};

// Add or edit an image spec (product.md §1). Every field is validated as you type,
// errors show inline, and OK stays disabled until everything is valid. OK saves
// through SpecDialogServices::save; a failed save keeps the dialog open with the
// reason. The dialog remembers its size.
class SpecDialog : public QDialog
{
    Q_OBJECT

public:
    // Open window-modal (never exec) and delete themselves when closed. `saved`
    // is emitted before the dialog closes.
    static SpecDialog *create(QWidget *parent, SpecDialogServices services);
    static SpecDialog *edit(QWidget *parent, SpecDialogServices services, const SpecWithRevision &spec);

    SpecDialog(SpecDialogServices services, std::optional<SpecWithRevision> existing,
               QWidget *parent = nullptr);
    ~SpecDialog() override;

    QString name() const;
    SpecDraft draft() const;
    bool isInputValid() const;
    // The first problem, as shown; empty when the input is valid.
    QString validationMessage() const;
    // More base images to complete from (registry tags that arrive later).
    void addBaseImageSuggestions(const QStringList &suggestions);
    QStringList baseImageSuggestions() const;

    void accept() override;

Q_SIGNALS:
    void saved(const Kiln::SpecSaved &saved);

protected:
    void done(int result) override;

private:
    void revalidate();
    void showError(const QString &text);

    std::unique_ptr<Ui::SpecDialog> m_ui;
    SpecDialogServices m_services;
    std::optional<SpecWithRevision> m_existing;
    QString m_problem;
    QStringListModel *m_suggestions = nullptr;
};

} // namespace Kiln
