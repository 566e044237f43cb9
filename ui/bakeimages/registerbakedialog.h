#pragma once

#include "domain/bakeregistration.h"
#include "store/availabilitygrouprepository.h"
#include "store/secretrepository.h"

#include <QDialog>
#include <QList>

#include <functional>
#include <memory>

namespace Ui {
class RegisterBakeDialog;
}

class QTimer;

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// What the register dialog works with; the page fills it.
struct RegisterBakeDialogServices
{
    // registerImage, the name check and readChoices, each on a pool thread (with
    // that thread's own connection). Without it nothing is registered or checked.
    const Catalogue *catalogue = nullptr;
    bool superAdmin = false; // the bake.superAdmin setting: platform scope allowed
    QList<Secret> secrets;   // the pull secret choices (OCI sources)
    // Read superAdmin and secrets from the catalogue (on a pool thread) instead of
    // taking the two above: the dialog opens at once and OK waits for them.
    bool readChoices = false;
    // The availability groups offered in the "Availability groups" checklist (read
    // too with readChoices); none: the checklist is hidden.
    QList<AvailabilityGroup> availabilityGroups;
    // Whether a bake image with this name exists, called on a pool thread;
    // default: asks the catalogue.
    std::function<bool(const QString &name)> nameTaken;
};

// Registers a bake image (Image Management, bake side): name, display name,
// description, the source (an OCI reference, or a tar file with Browse…), the
// size cap, optional CPU / memory / disk defaults, the scope (platform only with
// bake.superAdmin), lazy pull, the preinstalled software (one per line) and a pull
// secret for OCI sources.
//
// Every field is checked as you type with validateBakeRegistration: each mistake
// shows under its field with its column (and line for the preinstalled list), and
// OK stays disabled until the input is valid; a taken name is refused inline.
// Whether the name is taken is asked on a pool thread once the name has not
// changed for kNameCheckDelayMs; OK stays disabled until the answer for the name
// shown arrives (an answer for an older text is dropped). On
// OK the image is registered on a pool thread (a "tar:" source is looked at first
// to find its kind); the form is disabled meanwhile and errors keep it open.
class RegisterBakeDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens window-modal (never exec) and deletes itself when closed. `registered`
    // is emitted before the dialog closes.
    static RegisterBakeDialog *create(QWidget *parent, RegisterBakeDialogServices services);

    // How long the name must stay unchanged before the catalogue is asked about it.
    static constexpr int kNameCheckDelayMs = 250;

    explicit RegisterBakeDialog(RegisterBakeDialogServices services, QWidget *parent = nullptr);
    ~RegisterBakeDialog() override;

    // The form as a registration (what validateBakeRegistration checks).
    BakeRegistration registration() const;
    bool isInputValid() const { return m_problem.isEmpty(); }
    // The first problem, as the OK button's tooltip shows it; empty when valid.
    QString validationMessage() const { return m_problem; }
    bool isSaving() const { return m_saving; }
    // The catalogue has not answered yet whether the name shown is taken.
    bool isCheckingName() const;
    // The settings and pull secrets are being read (RegisterBakeDialogServices::readChoices).
    bool isReadingChoices() const { return m_readingChoices; }
    bool bakeNow() const;
    // The availability groups checked: the page adds the new image to them and warms it.
    QStringList availabilityGroupIds() const;
    void setAvailabilityGroupChecked(const QString &groupId, bool checked);

    void accept() override;
    // Ignored while the image is being registered.
    void reject() override;

Q_SIGNALS:
    // The image as stored; `bakeNow`: the user asked for a bake at once.
    void registered(const Kiln::BakeImage &image, bool bakeNow);

private:
    struct Outcome
    {
        BakeImage image;
        QString error;
        bool nameTaken = false;
        bool sourceProblem = false;
    };

    void revalidate();
    void checkName();
    void readChoices();
    void setChoices(bool superAdmin, const QList<Secret> &secrets);
    void setAvailabilityGroups(const QList<AvailabilityGroup> &groups);
    void updateSourceKind();
    void chooseTarFile();
    void showError(const QString &text);
    void setSaving(bool saving);
    void onRegistered(const Outcome &outcome);

    std::unique_ptr<Ui::RegisterBakeDialog> m_ui;
    RegisterBakeDialogServices m_services;
    QString m_problem;
    QString m_takenName; // refused by the catalogue after the form was valid
    bool m_saving = false;
    CatalogueLoader *m_reads = nullptr; // null without a catalogue
    QTimer *m_nameTimer = nullptr;      // the debounce of the name check
    QString m_checkedName;              // the name the catalogue answered for last
    bool m_checkedTaken = false;        // and its answer
    bool m_readingChoices = false;
};

} // namespace Kiln
