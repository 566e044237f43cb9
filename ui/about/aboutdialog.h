#pragma once

#include <QDialog>
#include <QList>
#include <QPair>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace Kiln {

class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    // Label/value rows shown under the description (catalogue, schema, engines...).
    using Details = QList<QPair<QString, QString>>;

    // Opens the dialog window-modally without blocking; it deletes itself when
    // closed. `details` come from the composition root.
    static AboutDialog *show(QWidget *parent, const Details &details);

    explicit AboutDialog(const Details &details, QWidget *parent = nullptr);
    ~AboutDialog() override;

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace Kiln
