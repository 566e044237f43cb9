#include "specdialog.h"

#include "common/formhints.h"
#include "common/uistate.h"
#include "domain/imagereference.h"
#include "domain/names.h"
#include "imagebuilder/packageeditor.h"
#include "ui_specdialog.h"

#include <QCompleter>
#include <QPushButton>
#include <QStringListModel>
#include <QStyle>

namespace Kiln {

using namespace Qt::StringLiterals;

SpecDialog *SpecDialog::create(QWidget *parent, SpecDialogServices services)
{
    auto *dialog = new SpecDialog(std::move(services), std::nullopt, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

SpecDialog *SpecDialog::edit(QWidget *parent, SpecDialogServices services, const SpecWithRevision &spec)
{
    auto *dialog = new SpecDialog(std::move(services), spec, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

SpecDialog::SpecDialog(SpecDialogServices services, std::optional<SpecWithRevision> existing, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SpecDialog>())
    , m_services(std::move(services))
    , m_existing(std::move(existing))
{
    m_ui->setupUi(this);
    m_ui->aptEditor->setManager(PackageManager::Apt);
    m_ui->condaEditor->setManager(PackageManager::Conda);
    m_ui->pipEditor->setManager(PackageManager::Pip);

    m_suggestions = new QStringListModel(m_services.baseImageSuggestions, this);
    auto *completer = new QCompleter(m_suggestions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setMaxVisibleItems(12);
    m_ui->baseEdit->setCompleter(completer);

    for (const Secret &secret : std::as_const(m_services.secrets)) {
        const QString label =
            secret.username.isEmpty() ? secret.name : secret.name + u" ("_s + secret.username + u')';
        m_ui->pullSecretCombo->addItem(label, secret.id);
    }
    if (m_services.secrets.isEmpty())
        m_ui->pullSecretCombo->setPlaceholderText(tr("No secrets yet (kilnctl secret add)"));

    if (m_existing) {
        const SpecContent &content = m_existing->revision.content;
        setWindowTitle(tr("Edit Image Spec %1").arg(m_existing->spec.name));
        m_ui->nameEdit->setText(m_existing->spec.name);
        m_ui->nameEdit->setReadOnly(true);
        m_ui->nameHint->setText(tr("The name of a spec cannot be changed."));
        m_ui->baseEdit->setText(content.baseImage);
        if (!content.pullSecretRef.isEmpty()) {
            m_ui->pullSecretCheck->setChecked(true);
            int index = m_ui->pullSecretCombo->findData(content.pullSecretRef);
            if (index < 0)
                index = m_ui->pullSecretCombo->findText(content.pullSecretRef, Qt::MatchStartsWith);
            if (index < 0) {
                // Keep a reference that no longer resolves visible instead of dropping it.
                m_ui->pullSecretCombo->addItem(tr("%1 (not found)").arg(content.pullSecretRef),
                                               content.pullSecretRef);
                index = m_ui->pullSecretCombo->count() - 1;
            }
            m_ui->pullSecretCombo->setCurrentIndex(index);
        }
        m_ui->aptEditor->setPackages(content.aptPackages);
        m_ui->condaEditor->setPackages(content.condaPackages);
        m_ui->pipEditor->setPackages(content.pipPackages);
    }
    m_ui->pullSecretCombo->setEnabled(m_ui->pullSecretCheck->isChecked());

    const bool canBuild = m_services.pushPrefix.has_value();
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    if (m_existing)
        ok->setText(canBuild ? tr("Save and &Build") : tr("&Save"));
    else
        ok->setText(canBuild ? tr("Create and &Build") : tr("&Create"));
    if (canBuild) {
        m_ui->pushWarning->setText(
            tr("Builds are pushed to %1/<name>:<revision>.").arg(m_services.pushPrefix.value()));
        setHintTone(m_ui->pushWarning, false);
    } else {
        m_ui->pushWarning->setText(
            tr("No push registry is configured: the spec is saved, but nothing is built "
               "until you set one (Image Builder \u25b8 Push Registry)."));
        setHintTone(m_ui->pushWarning, true);
    }
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();

    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &SpecDialog::revalidate);
    connect(m_ui->baseEdit, &QLineEdit::textChanged, this, &SpecDialog::revalidate);
    connect(m_ui->pullSecretCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_ui->pullSecretCombo->setEnabled(on);
        revalidate();
    });
    connect(m_ui->pullSecretCombo, &QComboBox::currentIndexChanged, this, &SpecDialog::revalidate);
    for (PackageEditor *editor : {m_ui->aptEditor, m_ui->condaEditor, m_ui->pipEditor})
        connect(editor, &PackageEditor::validationChanged, this, &SpecDialog::revalidate);
    connect(m_ui->condaEditor, &PackageEditor::pipPackagesPasted, this, [this](const QStringList &packages) {
        m_ui->pipEditor->setPackages(m_ui->pipEditor->packages() + packages);
        m_ui->packagesLabel->setText(
            tr("The pip section of the pasted environment.yml went to the Pip list (packages: %1).")
                .arg(packages.size()));
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SpecDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SpecDialog::reject);

    const QByteArray geometry = UiState::specDialogGeometry.get();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    (m_existing ? static_cast<QWidget *>(m_ui->baseEdit) : m_ui->nameEdit)->setFocus();
    revalidate();
}

SpecDialog::~SpecDialog() = default;

QString SpecDialog::name() const
{
    return m_ui->nameEdit->text().trimmed();
}

SpecDraft SpecDialog::draft() const
{
    SpecDraft draft;
    draft.baseImage = m_ui->baseEdit->text().trimmed();
    draft.apt = m_ui->aptEditor->packages();
    draft.conda = m_ui->condaEditor->packages();
    draft.pip = m_ui->pipEditor->packages();
    if (m_ui->pullSecretCheck->isChecked())
        draft.pullSecretRef = m_ui->pullSecretCombo->currentData().toString();
    return draft;
}

bool SpecDialog::isInputValid() const
{
    return m_problem.isEmpty();
}

QString SpecDialog::validationMessage() const
{
    return m_problem;
}

void SpecDialog::addBaseImageSuggestions(const QStringList &suggestions)
{
    QStringList all = m_suggestions->stringList() + suggestions;
    all.removeDuplicates();
    all.sort();
    m_suggestions->setStringList(all);
}

QStringList SpecDialog::baseImageSuggestions() const
{
    return m_suggestions->stringList();
}

void SpecDialog::revalidate()
{
    QStringList problems;

    if (!m_existing) {
        if (const QString problem = checkNameField(m_ui->nameEdit, m_ui->nameHint, m_services.nameTaken,
                                                   tr("A spec named %1 already exists."));
            !problem.isEmpty())
            problems.append(problem);
    }

    if (const QString problem = checkReferenceField(m_ui->baseEdit, m_ui->baseHint, true); !problem.isEmpty())
        problems.append(tr("Base image: %1").arg(problem));

    if (m_ui->pullSecretCheck->isChecked() && m_ui->pullSecretCombo->currentIndex() < 0)
        problems.append(tr("Pull secret: choose a secret, or clear \u201cUse image pull secret\u201d."));

    const struct
    {
        PackageEditor *editor;
        QLabel *summary;
        QString title;
    } lists[] = {{m_ui->aptEditor, m_ui->aptSummary, tr("APT")},
                 {m_ui->condaEditor, m_ui->condaSummary, tr("Conda")},
                 {m_ui->pipEditor, m_ui->pipSummary, tr("Pip")}};
    for (int i = 0; i < 3; ++i) {
        const QString problem =
            showPackageTab(m_ui->packageTabs, i, lists[i].title, lists[i].editor, lists[i].summary);
        if (!problem.isEmpty())
            problems.append(tr("%1 packages, %2").arg(lists[i].title, problem));
    }

    m_problem = problems.value(0);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setToolTip(m_problem);
}

void SpecDialog::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

void SpecDialog::accept()
{
    revalidate();
    if (!isInputValid() || !m_services.save)
        return;
    const auto result = m_services.save(m_existing ? m_existing->spec.id : QString(), name(), draft());
    if (!result) {
        showError(result.error().message());
        return;
    }
    showError({});
    Q_EMIT saved(result.value());
    QDialog::accept();
}

void SpecDialog::done(int result)
{
    UiState::specDialogGeometry.set(saveGeometry());
    QDialog::done(result);
}

} // namespace Kiln
