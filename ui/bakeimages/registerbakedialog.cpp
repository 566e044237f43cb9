#include "registerbakedialog.h"

#include "bake/baketarsource.h"
#include "catalogueloader.h"
#include "common/formhints.h"
#include "domain/names.h"
#include "domain/settingsschema.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/settings.h"
#include "ui_registerbakedialog.h"

#include <QFileDialog>
#include <QFutureWatcher>
#include <QListWidget>
#include <QPushButton>
#include <QStandardItemModel>
#include <QtConcurrent>
#include <QTimer>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

// The prefix the source field's text gets for the radio button checked ("oci:"
// or "tar:"), and its length.
constexpr int kPrefixLength = 4;

QString sourcePrefix(bool tar)
{
    return tar ? u"tar:"_s : u"oci:"_s;
}

// "Column C: message" (and "Line L, " first for a list) for under a field.
QString inlineText(const ValidationError &error)
{
    if (error.line > 0)
        return RegisterBakeDialog::tr("Line %1, column %2: %3")
            .arg(error.line)
            .arg(error.column)
            .arg(error.message);
    return RegisterBakeDialog::tr("Column %1: %2").arg(error.column).arg(error.message);
}

// What readChoices reads.
struct Choices
{
    bool superAdmin = false;
    QList<Secret> secrets;
    QList<AvailabilityGroup> availabilityGroups;
};

} // namespace

RegisterBakeDialog *RegisterBakeDialog::create(QWidget *parent, RegisterBakeDialogServices services)
{
    auto *dialog = new RegisterBakeDialog(std::move(services), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

RegisterBakeDialog::RegisterBakeDialog(RegisterBakeDialogServices services, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RegisterBakeDialog>())
    , m_services(std::move(services))
{
    m_ui->setupUi(this);
    if (m_services.catalogue)
        m_reads = new CatalogueLoader(*m_services.catalogue, this);
    m_nameTimer = new QTimer(this);
    m_nameTimer->setSingleShot(true);
    m_nameTimer->setInterval(kNameCheckDelayMs);
    connect(m_nameTimer, &QTimer::timeout, this, &RegisterBakeDialog::checkName);

    m_ui->pullSecretCombo->setToolTip(tr("The login used to pull a private OCI image"));
    for (BakeScope scope : {BakeScope::Tenant, BakeScope::Partner, BakeScope::Platform})
        m_ui->scopeCombo->addItem(bakeScopeName(scope), bakeScopeName(scope));
    m_ui->scopeCombo->setItemText(0, tr("Tenant"));
    m_ui->scopeCombo->setItemText(1, tr("Partner"));
    m_ui->scopeCombo->setItemText(2, tr("Platform"));

    // The hints take the field's whole width (a wrapped label would keep to a narrow one).
    for (QLabel *hint : {m_ui->nameHint, m_ui->displayNameHint, m_ui->sourceHint, m_ui->sizeHint,
                         m_ui->defaultsHint, m_ui->scopeHint, m_ui->preinstalledHint})
        hint->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Register"));
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();

    for (QLineEdit *edit : {m_ui->nameEdit, m_ui->displayNameEdit, m_ui->sourceEdit, m_ui->sizeEdit,
                            m_ui->cpuEdit, m_ui->memoryEdit, m_ui->diskEdit})
        connect(edit, &QLineEdit::textChanged, this, &RegisterBakeDialog::revalidate);
    // The name check waits until the typing pauses (start() restarts the timer).
    connect(m_ui->nameEdit, &QLineEdit::textChanged, m_nameTimer, qOverload<>(&QTimer::start));
    connect(m_ui->preinstalledEdit, &QPlainTextEdit::textChanged, this, &RegisterBakeDialog::revalidate);
    connect(m_ui->scopeCombo, &QComboBox::currentIndexChanged, this, &RegisterBakeDialog::revalidate);
    connect(m_ui->ociRadio, &QRadioButton::toggled, this, &RegisterBakeDialog::updateSourceKind);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &RegisterBakeDialog::chooseTarFile);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &RegisterBakeDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &RegisterBakeDialog::reject);

    m_ui->nameEdit->setFocus();
    m_readingChoices = m_services.readChoices && m_reads;
    setAvailabilityGroups(m_services.availabilityGroups);
    setChoices(m_services.superAdmin, m_services.secrets); // revalidates
    if (m_readingChoices)
        readChoices();
}

RegisterBakeDialog::~RegisterBakeDialog() = default;

bool RegisterBakeDialog::bakeNow() const
{
    return m_ui->bakeNowCheck->isChecked();
}

QStringList RegisterBakeDialog::availabilityGroupIds() const
{
    QStringList ids;
    for (int row = 0; row < m_ui->availabilityGroupsList->count(); ++row) {
        const QListWidgetItem *item = m_ui->availabilityGroupsList->item(row);
        if (item->checkState() == Qt::Checked)
            ids.append(item->data(Qt::UserRole).toString());
    }
    return ids;
}

void RegisterBakeDialog::setAvailabilityGroupChecked(const QString &groupId, bool checked)
{
    for (int row = 0; row < m_ui->availabilityGroupsList->count(); ++row) {
        QListWidgetItem *item = m_ui->availabilityGroupsList->item(row);
        if (item->data(Qt::UserRole).toString() == groupId)
            item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    }
}

void RegisterBakeDialog::setAvailabilityGroups(const QList<AvailabilityGroup> &groups)
{
    const QStringList checked = availabilityGroupIds();
    m_services.availabilityGroups = groups;
    m_ui->availabilityGroupsList->clear();
    for (const AvailabilityGroup &group : groups) {
        const QString workers =
            group.workerIds.size() == 1 ? tr("1 worker") : tr("%1 workers").arg(group.workerIds.size());
        auto *item =
            new QListWidgetItem(tr("%1 (%2)").arg(group.name, workers), m_ui->availabilityGroupsList);
        item->setData(Qt::UserRole, group.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(group.id) ? Qt::Checked : Qt::Unchecked);
        if (!group.description.isEmpty())
            item->setToolTip(group.description);
    }
    m_ui->availabilityGroupsLabel->setVisible(!groups.isEmpty());
    m_ui->availabilityGroupsList->setVisible(!groups.isEmpty());
}

BakeRegistration RegisterBakeDialog::registration() const
{
    BakeRegistration input;
    input.name = m_ui->nameEdit->text();
    input.displayName = m_ui->displayNameEdit->text();
    input.description = m_ui->descriptionEdit->toPlainText();
    input.source = sourcePrefix(m_ui->tarRadio->isChecked()) + m_ui->sourceEdit->text().trimmed();
    input.sizeMib = m_ui->sizeEdit->text().trimmed();
    input.cpuMillicores = m_ui->cpuEdit->text().trimmed();
    input.memoryMb = m_ui->memoryEdit->text().trimmed();
    input.diskMb = m_ui->diskEdit->text().trimmed();
    input.scope = m_ui->scopeCombo->currentData().toString();
    input.lazyPull = m_ui->lazyPullCheck->isChecked();
    // One entry per line; the empty lines at the end do not count.
    QStringList lines = m_ui->preinstalledEdit->toPlainText().split(u'\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    input.preinstalled = lines;
    return input;
}

void RegisterBakeDialog::readChoices()
{
    m_reads->run(
        [](const Catalogue &catalogue) {
            Choices choices;
            choices.superAdmin = Settings(catalogue).value(Setting::BakeSuperAdmin);
            if (const auto secrets = SecretRepository(catalogue).list(); secrets)
                choices.secrets = secrets.value();
            if (const auto groups = AvailabilityGroupRepository(catalogue).list(); groups)
                choices.availabilityGroups = groups.value();
            return choices;
        },
        [this](const Choices &choices) {
            m_readingChoices = false;
            setAvailabilityGroups(choices.availabilityGroups);
            setChoices(choices.superAdmin, choices.secrets);
        });
}

void RegisterBakeDialog::setChoices(bool superAdmin, const QList<Secret> &secrets)
{
    m_services.superAdmin = superAdmin;
    m_services.secrets = secrets;
    const QString chosen = m_ui->pullSecretCombo->currentData().toString();
    m_ui->pullSecretCombo->clear();
    m_ui->pullSecretCombo->addItem(tr("None (anonymous pull)"), QString());
    for (const Secret &secret : secrets) {
        m_ui->pullSecretCombo->addItem(
            secret.username.isEmpty() ? secret.name : tr("%1 (user %2)").arg(secret.name, secret.username),
            secret.id);
    }
    m_ui->pullSecretCombo->setCurrentIndex(qMax(0, m_ui->pullSecretCombo->findData(chosen)));
    if (auto *items = qobject_cast<QStandardItemModel *>(m_ui->scopeCombo->model())) {
        QStandardItem *platform = items->item(2);
        platform->setEnabled(superAdmin);
        platform->setToolTip(superAdmin ? QString() : tr("Platform scope needs the bake.superAdmin setting"));
    }
    updateSourceKind(); // the pull secret follows, and revalidates
}

bool RegisterBakeDialog::isCheckingName() const
{
    const QString name = m_ui->nameEdit->text();
    return m_reads && name != m_checkedName && name != m_takenName && validateName(name).ok();
}

void RegisterBakeDialog::checkName()
{
    if (!isCheckingName())
        return; // nothing to ask (empty, invalid, or answered already)
    const QString name = m_ui->nameEdit->text();
    m_reads->run(
        [name, taken = m_services.nameTaken](const Catalogue &catalogue) {
            return taken ? taken(name) : BakeImageRepository(catalogue).getByName(name).ok();
        },
        [this, name](bool taken) {
            if (name != m_ui->nameEdit->text())
                return; // the answer for an older text
            m_checkedName = name;
            m_checkedTaken = taken;
            revalidate();
        });
}

void RegisterBakeDialog::updateSourceKind()
{
    const bool tar = m_ui->tarRadio->isChecked();
    m_ui->browseButton->setEnabled(tar && !m_saving);
    m_ui->browseButton->setVisible(tar);
    m_ui->pullSecretCombo->setEnabled(!tar && !m_saving && !m_readingChoices);
    m_ui->sourceEdit->setPlaceholderText(tar ? tr("/srv/images/rootfs.tar")
                                             : tr("e.g. docker.io/library/debian:12"));
    revalidate();
}

void RegisterBakeDialog::chooseTarFile()
{
    auto *dialog = new QFileDialog(this, tr("Choose a Tar File"), QString(),
                                   tr("Tar files (*.tar *.tar.gz *.tgz *.tar.zst *.tar.xz);;All files (*)"));
    dialog->setObjectName(u"tarFileDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        m_ui->sourceEdit->setText(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    });
    dialog->open();
}

void RegisterBakeDialog::revalidate()
{
    const bool tar = m_ui->tarRadio->isChecked();
    const BakeRegistration input = registration();
    QList<ValidationError> errors;
    if (auto valid = validateBakeRegistration(input, m_services.superAdmin); !valid)
        errors = valid.error();

    // The first error of a field, with the source's columns counted in the field
    // (without the "oci:" / "tar:" the dialog puts in front).
    auto errorOf = [&errors](const QString &field) -> std::optional<ValidationError> {
        for (ValidationError error : std::as_const(errors)) {
            if (error.field != field)
                continue;
            if (field == BakeField::Source)
                error.column = qMax(1, error.column - kPrefixLength);
            return error;
        }
        return std::nullopt;
    };

    QStringList problems;
    // The name: the naming rule and uniqueness (the catalogue's answers: to the
    // check as you type, and to the registration).
    const QString nameProblem = checkNameField(
        m_ui->nameEdit, m_ui->nameHint,
        [this](const QString &name) {
            return name == m_takenName || (name == m_checkedName && m_checkedTaken);
        },
        tr("A bake image named \u201c%1\u201d already exists; images are versioned by name, so "
           "register a new one."));
    if (!nameProblem.isEmpty()) {
        problems.append(nameProblem);
    } else if (isCheckingName()) {
        const QString checking =
            tr("Checking whether \u201c%1\u201d is free\u2026").arg(m_ui->nameEdit->text());
        problems.append(tr("Name: %1").arg(checking));
        m_ui->nameHint->setText(checking);
    }

    // Shows `error` under a field (red), or `neutral` when there is none or the
    // field is still empty (not a mistake yet; OK stays disabled all the same).
    auto show = [&problems](QLabel *hint, const std::optional<ValidationError> &error, bool empty,
                            const QString &neutral) {
        if (error)
            problems.append(error->describe());
        const bool red = error && !empty;
        hint->setText(red ? inlineText(*error) : neutral);
        setHintTone(hint, red);
    };
    show(m_ui->displayNameHint, errorOf(BakeField::DisplayName), false,
         tr("Shown to people instead of the name."));
    show(
        m_ui->sourceHint, errorOf(BakeField::Source), m_ui->sourceEdit->text().trimmed().isEmpty(),
        tar ? tr("Required: the absolute path of a docker-archive, an oci-archive or a root file system tar.")
            : tr("Required: an image in a registry, e.g. docker.io/library/debian:12."));
    show(m_ui->sizeHint, errorOf(BakeField::Size), m_ui->sizeEdit->text().trimmed().isEmpty(),
         tr("Required: the largest the ext4 file may be. A bake that needs more fails before it writes."));

    std::optional<ValidationError> defaults = errorOf(BakeField::Cpu);
    if (!defaults)
        defaults = errorOf(BakeField::Memory);
    if (!defaults)
        defaults = errorOf(BakeField::Disk);
    if (defaults) {
        problems.append(defaults->describe());
        m_ui->defaultsHint->setText(tr("%1, %2").arg(defaults->field, inlineText(*defaults)));
    } else {
        m_ui->defaultsHint->setText(tr("Optional: what a workload gets when it asks for nothing else."));
    }
    setHintTone(m_ui->defaultsHint, defaults.has_value());

    const auto scope = errorOf(BakeField::Scope);
    if (scope)
        problems.append(scope->describe());
    m_ui->scopeHint->setText(scope ? scope->message
                                   : (m_services.superAdmin
                                          ? tr("Who may use the image.")
                                          : tr("Who may use the image. Platform scope needs the "
                                               "bake.superAdmin setting.")));
    setHintTone(m_ui->scopeHint, scope.has_value());

    show(m_ui->preinstalledHint, errorOf(BakeField::Preinstalled), false,
         tr("Software the image is known to carry, one per line (optional)."));
    if (m_readingChoices)
        problems.append(tr("Reading the pull secrets and the bake.superAdmin setting\u2026"));

    m_problem = problems.isEmpty() ? QString() : problems.first();
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(m_problem.isEmpty() && !m_saving);
    ok->setToolTip(m_problem);
}

void RegisterBakeDialog::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

void RegisterBakeDialog::setSaving(bool saving)
{
    m_saving = saving;
    const QList<QWidget *> fields{
        m_ui->nameEdit,   m_ui->displayNameEdit, m_ui->descriptionEdit,  m_ui->ociRadio,    m_ui->tarRadio,
        m_ui->sourceEdit, m_ui->sizeEdit,        m_ui->cpuEdit,          m_ui->memoryEdit,  m_ui->diskEdit,
        m_ui->scopeCombo, m_ui->lazyPullCheck,   m_ui->preinstalledEdit, m_ui->bakeNowCheck};
    for (QWidget *field : fields)
        field->setEnabled(!saving);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setEnabled(!saving);
    if (saving)
        showError({});
    updateSourceKind(); // Browse and the pull secret follow the source kind, and revalidates
}

void RegisterBakeDialog::accept()
{
    revalidate();
    if (!isInputValid() || m_saving || !m_services.catalogue)
        return;
    auto valid = validateBakeRegistration(registration(), m_services.superAdmin);
    if (!valid)
        return;
    ValidBakeRegistration registration = valid.value();
    if (!registration.image.source.isTar())
        registration.image.pullSecretId = m_ui->pullSecretCombo->currentData().toString();
    setSaving(true);
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        onRegistered(watcher->result());
    });
    // On the pool: a "tar:" source is read to find its kind, and the catalogue
    // can be a remote PostgreSQL.
    watcher->setFuture(QtConcurrent::run([catalogue = m_services.catalogue, registration]() -> Outcome {
        BakeImage image = registration.image;
        if (registration.detectTarKind) {
            const auto kind = BakeTarSource::inspect(image.source.ref);
            if (!kind)
                return {{}, kind.error().message, false, true};
            image.source.kind = kind.value();
        }
        const auto stored = BakeImageRepository(*catalogue).registerImage(image);
        if (!stored)
            return {{}, stored.error().message, stored.error().code == StoreError::Code::Conflict, false};
        return {stored.value(), {}, false, false};
    }));
}

void RegisterBakeDialog::onRegistered(const Outcome &outcome)
{
    if (!outcome.error.isEmpty()) {
        if (outcome.nameTaken)
            m_takenName = m_ui->nameEdit->text();
        setSaving(false);
        showError(outcome.sourceProblem ? tr("Source: %1").arg(outcome.error) : outcome.error);
        (outcome.nameTaken       ? m_ui->nameEdit
         : outcome.sourceProblem ? m_ui->sourceEdit
                                 : m_ui->nameEdit)
            ->setFocus();
        return;
    }
    m_saving = false;
    Q_EMIT registered(outcome.image, bakeNow());
    QDialog::accept();
}

void RegisterBakeDialog::reject()
{
    if (m_saving)
        return; // the row is being written: the dialog closes once it is
    QDialog::reject();
}

} // namespace Kiln
