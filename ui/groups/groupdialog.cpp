#include "groupdialog.h"

#include "common/formhints.h"

#include "domain/names.h"
#include "ui_groupdialog.h"

#include <QPushButton>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

GroupDialog *openDialog(GroupDialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

} // namespace

GroupDialog *GroupDialog::create(QWidget *parent, const Catalogue &catalogue)
{
    return openDialog(new GroupDialog(catalogue, std::nullopt, parent));
}

GroupDialog *GroupDialog::edit(QWidget *parent, const Catalogue &catalogue, const Group &group)
{
    return openDialog(new GroupDialog(catalogue, group, parent));
}

GroupDialog::GroupDialog(const Catalogue &catalogue, std::optional<Group> existing, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::GroupDialog>())
    , m_catalogue(catalogue)
    , m_existing(std::move(existing))
{
    m_ui->setupUi(this);
    m_nameTaken = [this](const QString &name) {
        const auto found = GroupRepository(m_catalogue).getByName(name);
        return found.ok();
    };

    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    if (m_existing) {
        setWindowTitle(tr("Edit Group %1").arg(m_existing->name));
        m_ui->nameEdit->setText(m_existing->name);
        m_ui->nameEdit->setReadOnly(true);
        m_ui->nameEdit->setClearButtonEnabled(false);
        m_ui->nameHint->setText(tr("The name of a group cannot be changed."));
        m_ui->displayNameEdit->setText(m_existing->displayName);
        m_ui->membersEdit->setText(m_existing->memberCount);
        m_ui->descriptionEdit->setPlainText(m_existing->description);
        ok->setText(tr("&Save"));
    } else {
        setWindowTitle(tr("New Group"));
        ok->setText(tr("&Create"));
    }
    setHintTone(m_ui->nameHint, false);
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();

    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &GroupDialog::revalidate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &GroupDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &GroupDialog::reject);

    (m_existing ? static_cast<QWidget *>(m_ui->displayNameEdit) : m_ui->nameEdit)->setFocus();
    revalidate();
}

GroupDialog::~GroupDialog() = default;

void GroupDialog::setNameTakenCheck(NameTaken check)
{
    m_nameTaken = std::move(check);
    revalidate();
}

Group GroupDialog::group() const
{
    Group group = m_existing.value_or(Group());
    group.name = m_existing ? m_existing->name : m_ui->nameEdit->text();
    group.displayName = m_ui->displayNameEdit->text().trimmed();
    group.memberCount = m_ui->membersEdit->text().trimmed();
    group.description = m_ui->descriptionEdit->toPlainText().trimmed();
    return group;
}

void GroupDialog::revalidate()
{
    m_problem.clear();
    if (!m_existing)
        m_problem = checkNameField(m_ui->nameEdit, m_ui->nameHint, m_nameTaken,
                                   tr("A group named \u201c%1\u201d already exists."));
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(m_problem.isEmpty());
    ok->setToolTip(m_problem);
}

void GroupDialog::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

void GroupDialog::accept()
{
    revalidate();
    if (!isInputValid())
        return;
    const GroupRepository groups(m_catalogue);
    const Group candidate = group();
    const auto stored = m_existing ? groups.update(candidate) : groups.create(candidate);
    if (!stored) {
        showError(stored.error().message);
        return;
    }
    showError({});
    Q_EMIT saved(stored.value());
    QDialog::accept();
}

} // namespace Kiln
