#include "availabilitygroupdialog.h"

#include "catalogueloader.h"
#include "common/formhints.h"
#include "ui_availabilitygroupdialog.h"

#include <QPushButton>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

AvailabilityGroupDialog *openDialog(AvailabilityGroupDialog *dialog,
                                    AvailabilityGroupDialog::NameTaken nameTaken)
{
    if (nameTaken)
        dialog->setNameTakenCheck(std::move(nameTaken));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

// Runs on a pool thread: creates the group, or renames it and saves its description.
Result<AvailabilityGroup, StoreError> store(const Catalogue &catalogue,
                                            const std::optional<AvailabilityGroup> &existing,
                                            const AvailabilityGroup &candidate)
{
    const AvailabilityGroupRepository groups(catalogue);
    if (!existing)
        return groups.create(candidate);
    Result<AvailabilityGroup, StoreError> current = *existing;
    if (candidate.name != existing->name) {
        current = groups.rename(existing->id, candidate.name);
        if (!current)
            return current;
    }
    if (candidate.description != existing->description)
        current = groups.setDescription(existing->id, candidate.description);
    return current ? groups.get(existing->id) : current;
}

} // namespace

AvailabilityGroupDialog *AvailabilityGroupDialog::create(QWidget *parent, const Catalogue &catalogue,
                                                         NameTaken nameTaken)
{
    return openDialog(new AvailabilityGroupDialog(catalogue, std::nullopt, parent), std::move(nameTaken));
}

AvailabilityGroupDialog *AvailabilityGroupDialog::edit(QWidget *parent, const Catalogue &catalogue,
                                                       const AvailabilityGroup &group, NameTaken nameTaken)
{
    return openDialog(new AvailabilityGroupDialog(catalogue, group, parent), std::move(nameTaken));
}

AvailabilityGroupDialog::AvailabilityGroupDialog(const Catalogue &catalogue,
                                                 std::optional<AvailabilityGroup> existing, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AvailabilityGroupDialog>())
    , m_existing(std::move(existing))
    , m_saves(new CatalogueLoader(catalogue, this))
{
    m_ui->setupUi(this);
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    if (m_existing) {
        setWindowTitle(tr("Edit Availability Group %1").arg(m_existing->name));
        m_ui->nameEdit->setText(m_existing->name);
        m_ui->descriptionEdit->setPlainText(m_existing->description);
        ok->setText(tr("&Save"));
    } else {
        setWindowTitle(tr("New Availability Group"));
        ok->setText(tr("&Create"));
    }
    // One line that never takes the description's room.
    m_ui->nameHint->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    // The error under the form takes the whole width (a wrapped label would keep to a narrow one).
    m_ui->errorLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setHintTone(m_ui->nameHint, false);
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();

    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &AvailabilityGroupDialog::revalidate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &AvailabilityGroupDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &AvailabilityGroupDialog::reject);
    m_ui->nameEdit->setFocus();
    revalidate();
}

AvailabilityGroupDialog::~AvailabilityGroupDialog() = default;

void AvailabilityGroupDialog::setNameTakenCheck(NameTaken check)
{
    m_nameTaken = std::move(check);
    revalidate();
}

AvailabilityGroup AvailabilityGroupDialog::group() const
{
    AvailabilityGroup group = m_existing.value_or(AvailabilityGroup());
    group.name = m_ui->nameEdit->text();
    group.description = m_ui->descriptionEdit->toPlainText().trimmed();
    return group;
}

QString AvailabilityGroupDialog::errorText() const
{
    return m_ui->errorLabel->isHidden() ? QString() : m_ui->errorLabel->text();
}

void AvailabilityGroupDialog::revalidate()
{
    // Its own name is not "taken" when editing.
    const QString own = m_existing ? m_existing->name : QString();
    const auto taken = [this, own](const QString &name) {
        return name != own && m_nameTaken && m_nameTaken(name);
    };
    m_problem = checkNameField(m_ui->nameEdit, m_ui->nameHint, taken,
                               tr("An availability group named \u201c%1\u201d already exists."));
    // The shared rule says names never change; an availability group can be renamed.
    if (m_ui->nameHint->text().startsWith(u"Lowercase letters"_s))
        m_ui->nameHint->setText(tr("Lowercase letters, digits, '-' and '.'."));
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(m_problem.isEmpty() && !m_saving);
    ok->setToolTip(m_problem);
}

void AvailabilityGroupDialog::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

void AvailabilityGroupDialog::setSaving(bool saving)
{
    m_saving = saving;
    m_ui->nameEdit->setEnabled(!saving);
    m_ui->descriptionEdit->setEnabled(!saving);
    revalidate();
}

void AvailabilityGroupDialog::accept()
{
    revalidate();
    if (!isInputValid() || m_saving)
        return;
    const AvailabilityGroup candidate = group();
    if (m_existing && candidate.name == m_existing->name &&
        candidate.description == m_existing->description) {
        QDialog::accept(); // nothing to save
        return;
    }
    showError({});
    setSaving(true);
    m_saves->run([existing = m_existing,
                  candidate](const Catalogue &catalogue) { return store(catalogue, existing, candidate); },
                 [this](const Result<AvailabilityGroup, StoreError> &stored) {
                     setSaving(false);
                     if (!stored) {
                         showError(stored.error().message);
                         return;
                     }
                     Q_EMIT saved(stored.value());
                     QDialog::accept();
                 });
}

void AvailabilityGroupDialog::reject()
{
    if (!m_saving)
        QDialog::reject();
}

} // namespace Kiln
