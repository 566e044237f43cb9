#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class BuildDetailsDialog;
}

namespace Kiln {

class BakeService;
class Catalogue;
class SpecView;

// The build details of a custom image: its spec (Info) and its builds (Jobs),
// with the live log, Cancel Build and Rebuild: the Image Builder's SpecView in a
// window of its own. Edit asks the caller (editRequested), which opens the spec
// dialog; a changed spec is rebuilt.
class BuildDetailsDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens modeless and deletes itself when closed; nullptr when the spec is gone.
    static BuildDetailsDialog *open(QWidget *parent, const Catalogue &catalogue, BakeService *bake,
                                    const QString &specId, const QString &imageDisplayName);

    BuildDetailsDialog(const Catalogue &catalogue, BakeService *bake, QWidget *parent = nullptr);
    ~BuildDetailsDialog() override;

    bool showSpec(const QString &specId, const QString &imageDisplayName);
    SpecView *specView() const { return m_view; }

Q_SIGNALS:
    void editRequested(const QString &specId);

private:
    std::unique_ptr<Ui::BuildDetailsDialog> m_ui;
    SpecView *m_view = nullptr;
};

} // namespace Kiln
