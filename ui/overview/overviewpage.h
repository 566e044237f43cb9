#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

#include <memory>

namespace Ui {
class OverviewPage;
}

namespace Kiln {

class EngineModel;

// The home page: where the catalogue is, what it holds, and which container
// engines this machine can build with.
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    // What the catalogue holds: a label and a count per kind of record.
    using Counts = QList<QPair<QString, qint64>>;

    explicit OverviewPage(EngineModel *engines, QWidget *parent = nullptr);
    ~OverviewPage() override;

    void setCatalogue(const QString &location, int schemaVersion, const Counts &counts);

Q_SIGNALS:
    void detectEnginesRequested();

private:
    void updateEngineHint();

    std::unique_ptr<Ui::OverviewPage> m_ui;
    EngineModel *m_engines;
};

} // namespace Kiln
