#pragma once

#include "store/registryexchange.h"

#include <QDialog>

#include <memory>

namespace Ui {
class RegistryImportDialog;
}

namespace Kiln {

// The report of an import (product.md §4): one line per entry of the file, in
// file order, saying whether it was created, updated or skipped, or what was
// wrong with it (the line it starts on, the field, why). Nothing is left out.
class RegistryImportDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens window-modal; deletes itself when closed.
    static RegistryImportDialog *show(QWidget *parent, const QString &fileName,
                                      const RegistryImportReport &report);

    RegistryImportDialog(const QString &fileName, const RegistryImportReport &report,
                         QWidget *parent = nullptr);
    ~RegistryImportDialog() override;

    // The lines shown: "created", "updated", "skipped" or "problem", per entry.
    int entryCount() const;
    QString summary() const;

private:
    std::unique_ptr<Ui::RegistryImportDialog> m_ui;
};

} // namespace Kiln
