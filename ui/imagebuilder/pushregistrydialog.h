#pragma once

#include "store/registryrepository.h"

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class PushRegistryDialog;
}

namespace Kiln {

class Catalogue;

// Sets the registry builds are pushed to: creates one (or edits the current push
// target's prefix and TLS setting) and makes it the push target. The rest of a
// registry's settings belong to the Registries screen and kilnctl registry.
class PushRegistryDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens window-modal; deletes itself when closed.
    static PushRegistryDialog *edit(QWidget *parent, const Catalogue &catalogue);

    PushRegistryDialog(const Catalogue &catalogue, QWidget *parent = nullptr);
    ~PushRegistryDialog() override;

    // The registry as it would be saved.
    Registry registry() const;
    QString validationMessage() const { return m_problem; }
    void accept() override;

Q_SIGNALS:
    void saved(const Kiln::Registry &registry);

private:
    void revalidate();

    std::unique_ptr<Ui::PushRegistryDialog> m_ui;
    const Catalogue &m_catalogue;
    std::optional<Registry> m_current;
    QString m_problem;
};

} // namespace Kiln
