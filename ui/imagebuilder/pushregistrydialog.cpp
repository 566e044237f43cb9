#include "pushregistrydialog.h"

#include "ui_pushregistrydialog.h"

#include <QPushButton>

namespace Kiln {

using namespace Qt::StringLiterals;

PushRegistryDialog *PushRegistryDialog::edit(QWidget *parent, const Catalogue &catalogue)
{
    auto *dialog = new PushRegistryDialog(catalogue, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

PushRegistryDialog::PushRegistryDialog(const Catalogue &catalogue, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PushRegistryDialog>())
    , m_catalogue(catalogue)
{
    m_ui->setupUi(this);

    if (const auto current = RegistryRepository(m_catalogue).pushTarget(); current && current->has_value()) {
        m_current = current->value();
        m_ui->nameEdit->setText(m_current->name);
        m_ui->nameEdit->setReadOnly(true);
        m_ui->prefixEdit->setText(m_current->imagePrefix);
        m_ui->tlsCheck->setChecked(m_current->tlsVerify);
    } else {
        m_ui->nameEdit->setText(u"push"_s);
    }
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &PushRegistryDialog::revalidate);
    connect(m_ui->prefixEdit, &QLineEdit::textChanged, this, &PushRegistryDialog::revalidate);
    connect(m_ui->tlsCheck, &QCheckBox::toggled, this, &PushRegistryDialog::revalidate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &PushRegistryDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &PushRegistryDialog::reject);
    m_ui->prefixEdit->setFocus();
    revalidate();
}

PushRegistryDialog::~PushRegistryDialog() = default;

Registry PushRegistryDialog::registry() const
{
    Registry registry = m_current.value_or(Registry());
    registry.name = m_ui->nameEdit->text().trimmed();
    registry.imagePrefix = m_ui->prefixEdit->text().trimmed();
    registry.tlsVerify = m_ui->tlsCheck->isChecked();
    if (!m_current) {
        registry.registryType = RegistryType::Internal;
        registry.pushTarget = true;
    }
    // Where people browse it: the prefix's host, by the scheme the TLS setting implies.
    if (registry.publicUrl.isEmpty() || !m_current) {
        const QString host = registry.imagePrefix.section(u'/', 0, 0);
        registry.publicUrl =
            host.isEmpty() ? QString() : (registry.tlsVerify ? u"https://"_s : u"http://"_s) + host;
    }
    return registry;
}

void PushRegistryDialog::revalidate()
{
    m_problem.clear();
    const Registry candidate = registry();
    if (candidate.imagePrefix.isEmpty()) {
        m_problem = tr("Image prefix: a registry host is required, e.g. localhost:5000.");
    } else if (const qsizetype scheme = candidate.imagePrefix.indexOf(u"://"_s); scheme >= 0) {
        m_problem =
            tr("Image prefix, column %1: leave out the scheme; \u201cVerify TLS\u201d says whether the "
               "registry speaks HTTPS.")
                .arg(scheme + 1);
    } else if (const auto valid = validateRegistry(candidate); !valid) {
        m_problem = valid.error().describe();
    }
    m_ui->errorLabel->setText(m_problem);
    // An empty prefix is not a mistake yet: say what is needed, in the neutral colour.
    QPalette palette = m_ui->errorLabel->palette();
    palette.setColor(QPalette::WindowText, candidate.imagePrefix.isEmpty()
                                               ? palette.color(QPalette::PlaceholderText)
                                               : QColor(0xd3, 0x2f, 0x2f));
    m_ui->errorLabel->setPalette(palette);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

void PushRegistryDialog::accept()
{
    revalidate();
    if (!m_problem.isEmpty())
        return;
    const RegistryRepository registries(m_catalogue);
    const Registry candidate = registry();
    auto stored = m_current ? registries.update(candidate) : registries.create(candidate);
    if (stored && !stored->pushTarget)
        stored = registries.setPushTarget(stored->id);
    if (!stored) {
        m_ui->errorLabel->setText(stored.error().message);
        return;
    }
    Q_EMIT saved(stored.value());
    QDialog::accept();
}

} // namespace Kiln
