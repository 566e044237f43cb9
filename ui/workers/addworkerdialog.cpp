#include "addworkerdialog.h"

#include "common/formhints.h"
#include "common/uistate.h"
#include "store/catalogue.h"
#include "store/secretvault.h"
#include "ui_addworkerdialog.h"
#include "workerlistmodel.h"

#include <QFileDialog>
#include <QFutureWatcher>
#include <QLocale>
#include <QPushButton>
#include <QtConcurrent>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

QString withoutField(const ValidationError &error)
{
    ValidationError copy = error;
    copy.field.clear();
    return copy.describe();
}

} // namespace

AddWorkerDialog *AddWorkerDialog::create(QWidget *parent, AddWorkerDialogServices services)
{
    auto *dialog = new AddWorkerDialog(std::move(services), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

AddWorkerDialog::AddWorkerDialog(AddWorkerDialogServices services, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AddWorkerDialog>())
    , m_services(std::move(services))
{
    m_ui->setupUi(this);
    m_ui->introLabel->setTextFormat(Qt::RichText);
    for (QLabel *hint : {m_ui->nameHint, m_ui->urlHint, m_ui->tokenHint, m_ui->caHint})
        hint->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_ui->testProgress->hide();
    m_ui->testButton->setEnabled(m_services.monitor != nullptr);
    setHintTone(m_ui->errorLabel, true);
    m_ui->errorLabel->hide();

    for (QLineEdit *edit : {m_ui->nameEdit, m_ui->urlEdit, m_ui->tokenEdit, m_ui->caFileEdit})
        connect(edit, &QLineEdit::textChanged, this, &AddWorkerDialog::revalidate);
    // A result no longer says anything about what is typed now.
    for (QLineEdit *edit : {m_ui->urlEdit, m_ui->tokenEdit, m_ui->caFileEdit}) {
        connect(edit, &QLineEdit::textEdited, this, [this] {
            if (m_testResult && !isTesting()) {
                m_testResult.reset();
                m_ui->testIcon->clear();
                m_ui->testResult->clear();
            }
        });
    }
    connect(m_ui->caBrowseButton, &QToolButton::clicked, this, &AddWorkerDialog::browseCaFile);
    connect(m_ui->testButton, &QPushButton::clicked, this, [this] {
        if (isTesting())
            cancelTest();
        else
            testConnection();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &AddWorkerDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &AddWorkerDialog::reject);

    if (const QByteArray geometry = UiState::addWorkerDialogGeometry.get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    m_ui->nameEdit->setFocus();
    revalidate();
}

AddWorkerDialog::~AddWorkerDialog() = default;

WorkerForm AddWorkerDialog::form() const
{
    return WorkerForm{m_ui->nameEdit->text().trimmed(), m_ui->urlEdit->text().trimmed(),
                      m_ui->tokenEdit->text().trimmed(), m_ui->caFileEdit->text().trimmed()};
}

void AddWorkerDialog::revalidate()
{
    const WorkerForm draft = form();
    QHash<QString, ValidationError> errors; // field -> its first error
    for (const ValidationError &error : validateWorkerForm(draft)) {
        if (!errors.contains(error.field))
            errors.insert(error.field, error);
    }
    if (!errors.contains(WorkerField::Name) && m_services.nameTaken && m_services.nameTaken(draft.name))
        errors.insert(
            WorkerField::Name,
            ValidationError(tr("a worker named %1 exists already").arg(draft.name), 1, 0, WorkerField::Name));

    const struct
    {
        QString field;
        QString label;
        QLabel *hint;
        QString neutral; // shown while the field is fine (or still empty)
        bool empty;
    } fields[] = {
        {WorkerField::Name, tr("Name"), m_ui->nameHint,
         tr("Lowercase letters, digits and '-'; it never changes."), draft.name.isEmpty()},
        {WorkerField::Url, tr("URL"), m_ui->urlHint,
         tr("https://, or http:// for a worker on this machine only."), draft.url.isEmpty()},
        {WorkerField::Token, tr("Token"), m_ui->tokenHint,
         tr("Kept in the keychain, never in the catalogue."), draft.token.isEmpty()},
        {WorkerField::CaFile, tr("CA file"), m_ui->caHint, QString(), draft.caFile.isEmpty()},
    };
    QStringList problems;
    for (const auto &field : fields) {
        QString text = field.neutral;
        bool error = false;
        if (errors.contains(field.field)) {
            const ValidationError &problem = errors.value(field.field);
            // A field not typed in yet keeps its neutral hint; OK stays disabled all the same.
            const QString message =
                problem.column > 1
                    ? tr("%1, column %2: %3").arg(field.label).arg(problem.column).arg(problem.message)
                    : tr("%1: %2").arg(field.label, problem.message);
            problems.append(message);
            if (!field.empty) {
                text = message;
                error = true;
            }
        }
        field.hint->setText(text);
        field.hint->setVisible(!text.isEmpty());
        setHintTone(field.hint, error);
    }
    m_problems = problems;
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Add Worker"));
    ok->setEnabled(problems.isEmpty() && !m_saving);
    ok->setToolTip(problems.value(0));
}

QString AddWorkerDialog::probeText(const WorkerProbe &probe)
{
    if (probe.check.status == u"online" && probe.info) {
        const WorkerInfo &info = *probe.info;
        const QString free = QLocale().formattedDataSize(info.diskFreeBytes, 0, QLocale::DataSizeIecFormat);
        const QString engines =
            info.engines.size() == 1 ? tr("1 engine") : tr("%1 engines").arg(info.engines.size());
        return tr("Online: kiln-worker %1, %2, %3 free").arg(info.version, engines, free);
    }
    const QString status = WorkerListModel::statusText(probe.check.status);
    return probe.check.message.isEmpty() ? status : tr("%1: %2").arg(status, probe.check.message);
}

void AddWorkerDialog::browseCaFile()
{
    auto *dialog = new QFileDialog(this, tr("Custom CA File"), m_ui->caFileEdit->text(),
                                   tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    dialog->setObjectName(u"caFileDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &file) { m_ui->caFileEdit->setText(file); });
    dialog->open();
}

void AddWorkerDialog::testConnection()
{
    if (!m_services.monitor || isTesting())
        return;
    const WorkerForm draft = form();
    // The test needs somewhere to connect to and something to show.
    for (const ValidationError &error : validateWorkerForm(draft)) {
        if (error.field == WorkerField::Url || error.field == WorkerField::Token ||
            error.field == WorkerField::CaFile) {
            m_ui->testIcon->clear();
            m_ui->testResult->setText(tr("Fix the %1 first: %2").arg(error.field, withoutField(error)));
            setHintTone(m_ui->testResult, true);
            return;
        }
    }
    m_test = new QFutureWatcher<WorkerProbe>(this);
    QFutureWatcher<WorkerProbe> *watcher = m_test;
    connect(watcher, &QFutureWatcher<WorkerProbe>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (watcher != m_test)
            return; // cancelled: the answer is ignored
        m_test = nullptr;
        m_ui->testProgress->hide();
        m_ui->testButton->setText(tr("&Test Connection"));
        if (watcher->isCanceled() || watcher->future().resultCount() == 0) {
            m_ui->testResult->setText(tr("The test did not finish."));
            setHintTone(m_ui->testResult, true);
            return;
        }
        const WorkerProbe probe = watcher->result();
        m_testResult = probe;
        m_ui->testIcon->setPixmap(WorkerListModel::statusIcon(probe.check.status).pixmap(16, 16));
        m_ui->testResult->setText(probeText(probe));
        setHintTone(m_ui->testResult, probe.check.status != u"online");
        Q_EMIT testFinished(probe);
    });
    m_testResult.reset();
    m_ui->testIcon->clear();
    m_ui->testResult->setText(tr("Connecting to %1\u2026").arg(draft.url));
    setHintTone(m_ui->testResult, false);
    m_ui->testProgress->show();
    m_ui->testButton->setText(tr("Cancel &Test"));
    watcher->setFuture(m_services.monitor->testConnection(draft.url, draft.token.toUtf8(), draft.caFile));
}

void AddWorkerDialog::cancelTest()
{
    // The request ends on its own (the client's timeout); its answer is dropped.
    m_test = nullptr;
    m_ui->testProgress->hide();
    m_ui->testButton->setText(tr("&Test Connection"));
    m_ui->testIcon->clear();
    m_ui->testResult->setText(tr("Cancelled."));
    setHintTone(m_ui->testResult, false);
}

void AddWorkerDialog::setSaving(bool saving)
{
    m_saving = saving;
    for (QWidget *widget :
         {static_cast<QWidget *>(m_ui->nameEdit), static_cast<QWidget *>(m_ui->urlEdit),
          static_cast<QWidget *>(m_ui->tokenEdit), static_cast<QWidget *>(m_ui->caFileEdit)})
        widget->setEnabled(!saving);
    revalidate();
}

void AddWorkerDialog::accept()
{
    revalidate();
    if (!isInputValid() || m_saving)
        return;
    if (!m_services.catalogue || !m_services.vault) {
        m_ui->errorLabel->setText(
            tr("The worker cannot be added: no catalogue or secret store is available."));
        m_ui->errorLabel->show();
        return;
    }
    const WorkerForm draft = form();
    Worker worker;
    worker.name = draft.name;
    worker.url = draft.url;
    worker.customCaFile = draft.caFile;
    setSaving(true);
    setHintTone(m_ui->errorLabel, false);
    m_ui->errorLabel->setText(tr("Storing the token in the keychain\u2026"));
    m_ui->errorLabel->show();
    using R = Result<Worker, WorkerTokenError>;
    auto *watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const R stored =
            watcher->future().resultCount() > 0 ? watcher->result() : R(tr("The worker was not added."));
        if (!stored) {
            setSaving(false);
            setHintTone(m_ui->errorLabel, true);
            m_ui->errorLabel->setText(stored.error());
            return;
        }
        m_saving = false;
        m_ui->tokenEdit->clear();
        Q_EMIT added(stored.value());
        QDialog::accept();
    });
    // addWorker() checks the catalogue on the calling thread: not the GUI thread's business.
    watcher->setFuture(QtConcurrent::run(
        [catalogue = m_services.catalogue, vault = m_services.vault, worker, token = draft.token.toUtf8()] {
            QFuture<R> future = addWorker(*catalogue, *vault, worker, token);
            future.waitForFinished();
            return future.resultCount() > 0 ? future.result() : R(u"The token could not be stored."_s);
        }));
}

void AddWorkerDialog::done(int result)
{
    if (m_saving && result == QDialog::Rejected)
        return; // the token is being written: the rows follow in a moment
    m_test = nullptr;
    UiState::addWorkerDialogGeometry.set(saveGeometry());
    QDialog::done(result);
}

} // namespace Kiln
