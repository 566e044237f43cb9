#include "settingsdialog.h"

#include "common/uistate.h"
#include "domain/settingsschema.h"
#include "enginemodel.h"
#include "ui_settingsdialog.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>

namespace Kiln {

namespace {

QStringList engineNames(const EngineModel &model)
{
    QStringList names;
    for (ContainerEngineKind kind : model.preference())
        names.append(containerEngineName(kind));
    return names;
}

QList<ContainerEngineKind> engineKinds(const QString &text)
{
    return containerEnginesFromNames(text.split(u',', Qt::SkipEmptyParts));
}

} // namespace

SettingsDialog *SettingsDialog::edit(QWidget *parent, const Values &current, EngineModel *engines,
                                     Apply apply)
{
    auto *dialog = new SettingsDialog(current, engines, std::move(apply), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

SettingsDialog::SettingsDialog(const Values &current, EngineModel *engines, Apply apply, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_engines(engines)
    , m_apply(std::move(apply))
{
    m_ui->setupUi(this);
    m_ui->enginesView->setModel(m_engines);
    m_ui->enginesView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->enginesView->setMinimumHeight(110);
    // What Cancel goes back to: the stored order, which the shared model shows
    // outside this dialog.
    m_originalEngines =
        current.value(Setting::EnginePreference.key,
                      SettingCodec<QStringList>::toText(Setting::EnginePreference.defaultValue));

    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_ui->errorLabel->setPalette(errorPalette);

    load(current);

    for (QSpinBox *spin : {m_ui->concurrencySpin, m_ui->timeoutSpin, m_ui->retriesSpin, m_ui->healthSpin,
                           m_ui->fanOutSpin, m_ui->workerPollSpin, m_ui->scanTimeoutSpin}) {
        connect(spin, &QSpinBox::valueChanged, this, &SettingsDialog::revalidate);
    }
    for (QLineEdit *edit : {m_ui->contentDirEdit, m_ui->blobCacheDirEdit})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
    connect(m_engines, &QAbstractItemModel::rowsMoved, this, &SettingsDialog::revalidate);
    connect(m_ui->moveUpButton, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_ui->moveDownButton, &QPushButton::clicked, this, [this] { moveSelected(+1); });
    connect(new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Up), m_ui->enginesView), &QShortcut::activated, this,
            [this] { moveSelected(-1); });
    connect(new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Down), m_ui->enginesView), &QShortcut::activated,
            this, [this] { moveSelected(+1); });
    connect(m_ui->detectButton, &QPushButton::clicked, this, &SettingsDialog::detectEnginesRequested);
    connect(m_ui->enginesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SettingsDialog::updateMoveButtons);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->buttonBox->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        Values defaults;
        for (const SettingInfo &info : allSettings())
            defaults.insert(info.key, info.defaultText);
        load(defaults);
    });

    if (const QByteArray geometry = UiState::settingsDialogGeometry.get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    m_ui->enginesView->selectRow(0);
    updateMoveButtons();
    revalidate();
}

SettingsDialog::~SettingsDialog()
{
    UiState::settingsDialogGeometry.set(saveGeometry());
}

void SettingsDialog::load(const Values &values)
{
    const auto number = [&values](const auto &setting) {
        return values.value(setting.key, SettingCodec<int>::toText(setting.defaultValue)).toInt();
    };
    m_ui->concurrencySpin->setValue(number(Setting::BakeConcurrency));
    m_ui->timeoutSpin->setValue(number(Setting::JobTimeoutMinutes));
    m_ui->retriesSpin->setValue(number(Setting::PushRetries));
    m_ui->healthSpin->setValue(number(Setting::HealthCheckIntervalMinutes));
    m_ui->fanOutSpin->setValue(number(Setting::FanOutConcurrency));
    m_ui->workerPollSpin->setValue(number(Setting::WorkerPollSeconds));
    m_ui->scanTimeoutSpin->setValue(number(Setting::BakeScanTimeoutMinutes));
    m_ui->contentDirEdit->setText(values.value(Setting::BakeContentDirectory.key));
    m_ui->blobCacheDirEdit->setText(values.value(Setting::BakeBlobCacheDirectory.key));
    m_ui->superAdminCheck->setChecked(
        values.value(Setting::BakeSuperAdmin.key,
                     SettingCodec<bool>::toText(Setting::BakeSuperAdmin.defaultValue)) ==
        SettingCodec<bool>::toText(true));
    const QString engines =
        values.value(Setting::EnginePreference.key,
                     SettingCodec<QStringList>::toText(Setting::EnginePreference.defaultValue));
    m_engines->setPreference(engineKinds(engines));
    revalidate();
}

SettingsDialog::Values SettingsDialog::values() const
{
    return {
        {Setting::EnginePreference.key, engineNames(*m_engines).join(u',')},
        {Setting::BakeConcurrency.key, QString::number(m_ui->concurrencySpin->value())},
        {Setting::JobTimeoutMinutes.key, QString::number(m_ui->timeoutSpin->value())},
        {Setting::PushRetries.key, QString::number(m_ui->retriesSpin->value())},
        {Setting::HealthCheckIntervalMinutes.key, QString::number(m_ui->healthSpin->value())},
        {Setting::FanOutConcurrency.key, QString::number(m_ui->fanOutSpin->value())},
        {Setting::WorkerPollSeconds.key, QString::number(m_ui->workerPollSpin->value())},
        {Setting::BakeScanTimeoutMinutes.key, QString::number(m_ui->scanTimeoutSpin->value())},
        {Setting::BakeContentDirectory.key, m_ui->contentDirEdit->text().trimmed()},
        {Setting::BakeBlobCacheDirectory.key, m_ui->blobCacheDirEdit->text().trimmed()},
        {Setting::BakeSuperAdmin.key, SettingCodec<bool>::toText(m_ui->superAdminCheck->isChecked())},
    };
}

QString SettingsDialog::validationMessage() const
{
    const Values current = values();
    for (auto it = current.begin(); it != current.end(); ++it) {
        const auto info = findSetting(it.key());
        if (!info)
            return tr("Unknown setting %1").arg(it.key());
        if (const auto result = info->canonicalize(it.value()); !result)
            return tr("%1: %2").arg(
                QCoreApplication::translate("Setting", info->description.toUtf8().constData()),
                result.error().message);
    }
    return {};
}

void SettingsDialog::revalidate()
{
    const QString message = validationMessage();
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
    if (QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok))
        ok->setEnabled(message.isEmpty());
}

void SettingsDialog::moveSelected(int delta)
{
    const int row = m_ui->enginesView->currentIndex().row();
    const bool moved = delta < 0 ? m_engines->moveUp(row) : m_engines->moveDown(row);
    if (moved)
        m_ui->enginesView->selectRow(row + delta);
    updateMoveButtons();
}

void SettingsDialog::updateMoveButtons()
{
    const int row = m_ui->enginesView->currentIndex().row();
    m_ui->moveUpButton->setEnabled(row > 0);
    m_ui->moveDownButton->setEnabled(row >= 0 && row < m_engines->rowCount() - 1);
}

void SettingsDialog::accept()
{
    if (!validationMessage().isEmpty())
        return;
    if (m_apply) {
        if (const auto error = m_apply(values())) {
            m_ui->errorLabel->setText(tr("The settings could not be saved: %1").arg(*error));
            m_ui->errorLabel->setVisible(true);
            return;
        }
    }
    m_originalEngines = engineNames(*m_engines).join(u',');
    QDialog::accept();
}

void SettingsDialog::reject()
{
    m_engines->setPreference(engineKinds(m_originalEngines));
    QDialog::reject();
}

} // namespace Kiln
