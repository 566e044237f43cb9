#include "imagedialog.h"

#include "common/formhints.h"
#include "common/uistate.h"
#include "domain/imagereference.h"
#include "domain/names.h"
#include "groups/editgroupsdialog.h"
#include "imagebuilder/packageeditor.h"
#include "ui_imagedialog.h"

#include <QCompleter>
#include <QPushButton>
#include <QStringListModel>
#include <QStyle>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<ImageType, 3> kTypes{ImageType::Cpu, ImageType::Gpu, ImageType::Universal};

} // namespace

ImageDialog *ImageDialog::create(QWidget *parent, ImageDialogServices services)
{
    auto *dialog = new ImageDialog(std::move(services), std::nullopt, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

ImageDialog *ImageDialog::edit(QWidget *parent, ImageDialogServices services, const ManagedImage &image)
{
    auto *dialog = new ImageDialog(std::move(services), image, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

ImageDialog::ImageDialog(ImageDialogServices services, std::optional<ManagedImage> existing, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ImageDialog>())
    , m_services(std::move(services))
    , m_existing(std::move(existing))
{
    m_ui->setupUi(this);
    m_ui->aptEditor->setManager(PackageManager::Apt);
    m_ui->condaEditor->setManager(PackageManager::Conda);
    m_ui->pipEditor->setManager(PackageManager::Pip);
    m_ui->typeCombo->addItem(tr("CPU"), int(ImageType::Cpu));
    m_ui->typeCombo->addItem(tr("GPU"), int(ImageType::Gpu));
    m_ui->typeCombo->addItem(tr("Universal (CPU and GPU)"), int(ImageType::Universal));

    m_suggestions = new QStringListModel(m_services.baseImageSuggestions, this);
    auto *completer = new QCompleter(m_suggestions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_ui->baseEdit->setCompleter(completer);

    for (const Secret &secret : std::as_const(m_services.secrets))
        m_ui->pullSecretCombo->addItem(secret.name, secret.id);
    if (m_services.secrets.isEmpty())
        m_ui->pullSecretCombo->setPlaceholderText(tr("No secrets yet (kilnctl secret add)"));
    m_ui->parentCombo->addItem(tr("None"), QString());
    for (const ManagedImage &image : std::as_const(m_services.images)) {
        if (!m_existing || image.id != m_existing->id)
            m_ui->parentCombo->addItem(u"%1 (%2)"_s.arg(image.displayName, image.name), image.id);
    }
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();
    m_ui->frozenBanner->hide();

    if (m_existing) {
        const ManagedImage &image = m_existing.value();
        setWindowTitle(tr("Edit Image %1").arg(image.displayName));
        m_ui->displayNameEdit->setText(image.displayName);
        m_ui->descriptionEdit->setText(image.description);
        m_ui->typeCombo->setCurrentIndex(m_ui->typeCombo->findData(int(image.type)));
        const bool custom = !image.specId.isEmpty();
        m_ui->customRadio->setChecked(custom);
        m_ui->existingRadio->setEnabled(!custom);
        m_ui->customRadio->setEnabled(custom);
        m_ui->urlEdit->setText(image.url);
        m_ui->gpuCheck->setChecked(!image.gpuUrl.isEmpty());
        m_ui->gpuUrlEdit->setText(image.gpuUrl);
        if (m_services.spec) {
            m_ui->baseEdit->setText(m_services.spec->baseImage);
            m_ui->aptEditor->setPackages(m_services.spec->aptPackages);
            m_ui->condaEditor->setPackages(m_services.spec->condaPackages);
            m_ui->pipEditor->setPackages(m_services.spec->pipPackages);
        }
        if (!image.pullSecretId.isEmpty()) {
            m_ui->pullSecretCheck->setChecked(true);
            int index = m_ui->pullSecretCombo->findData(image.pullSecretId);
            if (index < 0) {
                m_ui->pullSecretCombo->addItem(tr("%1 (not found)").arg(image.pullSecretId),
                                               image.pullSecretId);
                index = m_ui->pullSecretCombo->count() - 1;
            }
            m_ui->pullSecretCombo->setCurrentIndex(index);
        }
        m_ui->globalCheck->setChecked(image.global);
        m_groupIds = image.groupIds;
        const int parentIndex = m_ui->parentCombo->findData(image.parentId);
        m_ui->parentCombo->setCurrentIndex(parentIndex < 0 ? 0 : parentIndex);
        m_ui->distroEdit->setText(image.distro);
        m_ui->systemCheck->setChecked(image.system);
        m_ui->frozenCheck->setChecked(image.frozen);
    }
    // The space left over goes to the package editors, or below everything for an existing image.
    m_ui->fieldsLayout->addStretch(0);
    updateSourcePage();
    m_ui->pullSecretCombo->setEnabled(m_ui->pullSecretCheck->isChecked());

    connect(m_ui->customRadio, &QRadioButton::toggled, this, [this] {
        updateSourcePage();
        revalidate();
    });
    for (QLineEdit *edit : {m_ui->displayNameEdit, m_ui->urlEdit, m_ui->gpuUrlEdit, m_ui->baseEdit})
        connect(edit, &QLineEdit::textChanged, this, &ImageDialog::revalidate);
    connect(m_ui->typeCombo, &QComboBox::currentIndexChanged, this, &ImageDialog::revalidate);
    connect(m_ui->gpuCheck, &QCheckBox::toggled, this, &ImageDialog::revalidate);
    connect(m_ui->globalCheck, &QCheckBox::toggled, this, &ImageDialog::revalidate);
    connect(m_ui->pullSecretCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_ui->pullSecretCombo->setEnabled(on);
        revalidate();
    });
    connect(m_ui->pullSecretCombo, &QComboBox::currentIndexChanged, this, &ImageDialog::revalidate);
    for (PackageEditor *editor : {m_ui->aptEditor, m_ui->condaEditor, m_ui->pipEditor})
        connect(editor, &PackageEditor::validationChanged, this, &ImageDialog::revalidate);
    connect(m_ui->condaEditor, &PackageEditor::pipPackagesPasted, this, [this](const QStringList &packages) {
        m_ui->pipEditor->setPackages(m_ui->pipEditor->packages() + packages);
    });
    connect(m_ui->editGroupsButton, &QPushButton::clicked, this, &ImageDialog::editGroups);
    connect(m_ui->unfreezeButton, &QPushButton::clicked, this, [this] {
        if (!m_existing || !m_services.unfreeze)
            return;
        const auto unfrozen = m_services.unfreeze(m_existing->id);
        if (!unfrozen) {
            m_ui->errorLabel->setText(unfrozen.error());
            m_ui->errorLabel->show();
            return;
        }
        m_existing = unfrozen.value();
        m_ui->frozenCheck->setChecked(false);
        updateFrozen();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ImageDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ImageDialog::reject);

    if (const QByteArray geometry = UiState::imageDialogGeometry.get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    m_ui->displayNameEdit->setFocus();
    updateFrozen();
    setGroupIds(m_groupIds);
}

ImageDialog::~ImageDialog() = default;

void ImageDialog::updateSourcePage()
{
    // A QStackedWidget is as tall as its tallest page: let only the current one count.
    const bool custom = m_ui->customRadio->isChecked();
    m_ui->sourceStack->setCurrentIndex(custom ? 1 : 0);
    m_ui->existingPage->setSizePolicy(QSizePolicy::Preferred,
                                      custom ? QSizePolicy::Ignored : QSizePolicy::Maximum);
    m_ui->customPage->setSizePolicy(QSizePolicy::Preferred,
                                    custom ? QSizePolicy::Expanding : QSizePolicy::Ignored);
    const int stack = m_ui->fieldsLayout->indexOf(m_ui->sourceStack);
    m_ui->fieldsLayout->setStretch(stack, custom ? 1 : 0);
    m_ui->fieldsLayout->setStretch(m_ui->fieldsLayout->count() - 1, custom ? 0 : 1);
    m_ui->sourceStack->updateGeometry();
}

void ImageDialog::updateFrozen()
{
    // A frozen image refuses every edit: the fields are read-only until it is unfrozen.
    const bool frozen = m_existing && m_existing->frozen;
    m_ui->frozenBanner->setVisible(frozen);
    m_ui->fields->setEnabled(!frozen);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)
        ->setText(m_existing ? tr("&Save")
                             : (m_ui->customRadio->isChecked() ? tr("Add and &Build") : tr("&Add")));
    revalidate();
}

void ImageDialog::setGroupIds(const QStringList &ids)
{
    m_groupIds = ids;
    QStringList names;
    for (const Group &group : std::as_const(m_services.groups)) {
        if (m_groupIds.contains(group.id))
            names.append(group.name);
    }
    if (m_groupIds.isEmpty())
        m_ui->groupsLabel->setText(tr("No groups: only Global makes it usable"));
    else
        m_ui->groupsLabel->setText(tr("Groups: %1").arg(names.join(u", "_s)));
    revalidate();
}

void ImageDialog::addBaseImageSuggestions(const QStringList &suggestions)
{
    QStringList all = m_suggestions->stringList() + suggestions;
    all.removeDuplicates();
    all.sort();
    m_suggestions->setStringList(all);
}

void ImageDialog::editGroups()
{
    if (!m_services.catalogue)
        return;
    EditGroupsDialog *dialog = EditGroupsDialog::edit(this, *m_services.catalogue, m_groupIds);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { setGroupIds(dialog->checkedIds()); });
}

ImageSource ImageDialog::source() const
{
    return m_ui->customRadio->isChecked() ? ImageSource::Custom : ImageSource::Existing;
}

SpecDraft ImageDialog::packages() const
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

ManagedImage ImageDialog::image() const
{
    ManagedImage image = m_existing.value_or(ManagedImage());
    image.displayName = m_ui->displayNameEdit->text().trimmed();
    if (!m_existing)
        if (const auto name = deriveImageName(image.displayName); name)
            image.name = name.value();
    image.description = m_ui->descriptionEdit->text().trimmed();
    image.type = ImageType(m_ui->typeCombo->currentData().toInt());
    if (source() == ImageSource::Existing) {
        image.url = m_ui->urlEdit->text().trimmed();
        image.gpuUrl = image.type == ImageType::Universal && m_ui->gpuCheck->isChecked()
                           ? m_ui->gpuUrlEdit->text().trimmed()
                           : QString();
    }
    image.pullSecretId =
        m_ui->pullSecretCheck->isChecked() ? m_ui->pullSecretCombo->currentData().toString() : QString();
    image.global = m_ui->globalCheck->isChecked();
    image.groupIds = image.global ? QStringList() : m_groupIds;
    image.parentId = m_ui->parentCombo->currentData().toString();
    image.distro = m_ui->distroEdit->text().trimmed();
    image.system = m_ui->systemCheck->isChecked();
    image.frozen = m_ui->frozenCheck->isChecked();
    return image;
}

void ImageDialog::checkReference(QLineEdit *edit, QLabel *hint, QStringList &problems, const QString &field)
{
    if (const QString problem = checkReferenceField(edit, hint, true); !problem.isEmpty())
        problems.append(tr("%1: %2").arg(field, problem));
}

void ImageDialog::revalidate()
{
    QStringList problems;
    const QString displayName = m_ui->displayNameEdit->text();
    if (m_existing) {
        m_ui->nameHint->setText(tr("Image name: %1 (it never changes)").arg(m_existing->name));
        setHintTone(m_ui->nameHint, false);
        if (displayName.trimmed().isEmpty())
            problems.append(tr("Display name: a display name is required."));
    } else if (displayName.trimmed().isEmpty()) {
        m_ui->nameHint->setText(tr("The image name is derived from it."));
        setHintTone(m_ui->nameHint, false);
        problems.append(tr("Display name: a display name is required."));
    } else if (const auto name = deriveImageName(displayName); !name) {
        m_ui->nameHint->setText(name.error().message);
        setHintTone(m_ui->nameHint, true);
        problems.append(tr("Display name: %1").arg(name.error().message));
    } else if (m_services.nameTaken && m_services.nameTaken(name.value())) {
        m_ui->nameHint->setText(tr("Image name: %1 is taken by another image.").arg(name.value()));
        setHintTone(m_ui->nameHint, true);
        problems.append(tr("Display name: the image name %1 is taken.").arg(name.value()));
    } else {
        m_ui->nameHint->setText(tr("Image name: %1").arg(name.value()));
        setHintTone(m_ui->nameHint, false);
    }

    const bool universal = ImageType(m_ui->typeCombo->currentData().toInt()) == ImageType::Universal;
    m_ui->gpuCheck->setVisible(universal);
    const bool separateGpu = universal && m_ui->gpuCheck->isChecked();
    m_ui->gpuUrlLabel->setVisible(separateGpu);
    m_ui->gpuUrlEdit->setVisible(separateGpu);
    m_ui->gpuUrlHint->setVisible(separateGpu);

    if (source() == ImageSource::Existing) {
        checkReference(m_ui->urlEdit, m_ui->urlHint, problems, tr("Image URL"));
        if (separateGpu)
            checkReference(m_ui->gpuUrlEdit, m_ui->gpuUrlHint, problems, tr("GPU URL"));
    } else {
        checkReference(m_ui->baseEdit, m_ui->baseHint, problems, tr("Base image"));
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
    }

    if (m_ui->pullSecretCheck->isChecked() && m_ui->pullSecretCombo->currentIndex() < 0)
        problems.append(tr("Pull secret: choose a secret, or clear \u201cUse image pull secret\u201d."));
    m_ui->editGroupsButton->setEnabled(!m_ui->globalCheck->isChecked());
    m_ui->groupsLabel->setEnabled(!m_ui->globalCheck->isChecked());

    if (problems.isEmpty()) {
        // The same rules as the catalogue and kilnctl, as a last word.
        if (const auto valid = validateImageInput(image(), source()); !valid)
            problems.append(valid.error().describe());
    }
    if (m_existing && m_existing->frozen)
        problems.prepend(tr("The image is frozen: unfreeze it to change it."));
    m_problem = problems.value(0);
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(m_existing ? tr("&Save")
                           : (source() == ImageSource::Custom ? tr("Add and &Build") : tr("&Add")));
    ok->setEnabled(problems.isEmpty());
    ok->setToolTip(m_problem);
}

void ImageDialog::accept()
{
    revalidate();
    if (!isInputValid() || !m_services.save)
        return;
    const auto stored = m_services.save(image(), source(), packages());
    if (!stored) {
        m_ui->errorLabel->setText(stored.error());
        m_ui->errorLabel->show();
        return;
    }
    Q_EMIT saved(stored.value());
    QDialog::accept();
}

void ImageDialog::done(int result)
{
    UiState::imageDialogGeometry.set(saveGeometry());
    QDialog::done(result);
}

} // namespace Kiln
