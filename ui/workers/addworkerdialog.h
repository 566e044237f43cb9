#pragma once

#include "domain/workerurl.h"
#include "remote/workermonitor.h"
#include "store/workerrepository.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

template <typename T>
class QFutureWatcher;

namespace Ui {
class AddWorkerDialog;
}

namespace Kiln {

class Catalogue;
class SecretVault;

// What the Add Worker dialog needs from the outside. The page fills it.
struct AddWorkerDialogServices
{
    const Catalogue *catalogue = nullptr;               // where the worker and its secret row go
    SecretVault *vault = nullptr;                       // where the token goes (before the rows)
    WorkerMonitor *monitor = nullptr;                   // Test Connection; none: the button is disabled
    std::function<bool(const QString &name)> nameTaken; // may be empty
};

// Adds a kiln-worker: its name, URL, token (masked) and an optional custom CA file.
// Every field is checked as it is typed (validateWorkerForm(); a taken name too),
// each problem shows under its field and OK stays disabled until all pass. Test
// Connection asks the worker GET /api/v1/info with the typed URL and token
// (WorkerMonitor::testConnection(), asynchronous, nothing written) and says
// "Online: kiln-worker 0.1.0, 2 engines, 38 GiB free" or why not. OK calls
// addWorker(): the token goes to the SecretVault only, the catalogue gets the rows
// that refer to it; the dialog closes with added() once they are stored.
class AddWorkerDialog : public QDialog
{
    Q_OBJECT

public:
    static AddWorkerDialog *create(QWidget *parent, AddWorkerDialogServices services);

    explicit AddWorkerDialog(AddWorkerDialogServices services, QWidget *parent = nullptr);
    ~AddWorkerDialog() override;

    // The fields as typed.
    WorkerForm form() const;
    bool isInputValid() const { return m_problems.isEmpty(); }
    // The first problem, "Field: why"; empty when valid.
    QString validationMessage() const { return m_problems.value(0); }
    QStringList validationMessages() const { return m_problems; }

    void testConnection();
    bool isTesting() const { return m_test != nullptr; }
    // The last Test Connection result; nullopt before one finished.
    std::optional<WorkerProbe> testResult() const { return m_testResult; }
    bool isSaving() const { return m_saving; }

    void accept() override;

    // "Online: kiln-worker 0.1.0, 2 engines, 38 GiB free", or the status and the
    // readable reason ("Auth failed: ...").
    static QString probeText(const WorkerProbe &probe);

Q_SIGNALS:
    void added(const Kiln::Worker &worker);
    void testFinished(const Kiln::WorkerProbe &probe);

protected:
    void done(int result) override;

private:
    void revalidate();
    void cancelTest();
    void browseCaFile();
    void setSaving(bool saving);

    std::unique_ptr<Ui::AddWorkerDialog> m_ui;
    AddWorkerDialogServices m_services;
    QStringList m_problems;
    bool m_saving = false;
    QFutureWatcher<WorkerProbe> *m_test = nullptr;
    std::optional<WorkerProbe> m_testResult;
};

} // namespace Kiln
