#include "mainwindow.h"

#include "common/uistate.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace Kiln {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Kiln"));

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->setChildrenCollapsible(false);

    m_sidebar = new QListWidget(splitter);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setAccessibleName(tr("Navigation"));
    m_sidebar->setIconSize(QSize(22, 22));
    m_sidebar->setSpacing(2);
    m_sidebar->setMinimumWidth(160);
    m_sidebar->setMaximumWidth(260);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setUniformItemSizes(true);

    m_stack = new QStackedWidget(splitter);
    m_stack->setObjectName(QStringLiteral("pages"));
    splitter->addWidget(m_sidebar);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);

    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    m_catalogueLabel = new QLabel(this);
    m_catalogueLabel->setObjectName(QStringLiteral("catalogueLabel"));
    m_catalogueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_engineLabel = new QLabel(tr("Detecting container engines…"), this);
    m_engineLabel->setObjectName(QStringLiteral("engineLabel"));
    statusBar()->addWidget(m_catalogueLabel, 1);
    m_secretsLabel = new QLabel(tr("Secrets: encrypted file"), this);
    m_secretsLabel->setObjectName(QStringLiteral("secretsLabel"));
    m_secretsLabel->hide();
    statusBar()->addPermanentWidget(m_secretsLabel);
    statusBar()->addPermanentWidget(m_engineLabel);

    createMenus();
    resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *settings = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("preferences-system")),
                                            tr("&Settings…"), this, &MainWindow::settingsRequested);
    settings->setObjectName(QStringLiteral("actionSettings"));
    settings->setShortcuts({QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    settings->setMenuRole(QAction::PreferencesRole);
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"),
                                        this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    m_goMenu = menuBar()->addMenu(tr("&Go"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About Kiln"), this, &MainWindow::aboutRequested);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::addPage(const QString &id, const QIcon &icon, const QString &title, QWidget *page)
{
    page->setObjectName(id);
    m_stack->addWidget(page);
    auto *item = new QListWidgetItem(icon, title, m_sidebar);
    item->setData(Qt::UserRole, id);
    m_pageIds.append(id);

    const int number = int(m_pageIds.size());
    QAction *go = m_goMenu->addAction(icon, title, this, [this, id] { showPage(id); });
    if (number <= 9)
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + number)));
    if (m_sidebar->currentRow() < 0)
        m_sidebar->setCurrentRow(0);
}

int MainWindow::pageCount() const
{
    return int(m_pageIds.size());
}

QString MainWindow::currentPageId() const
{
    const int row = m_sidebar->currentRow();
    return row >= 0 ? m_pageIds.value(row) : QString();
}

bool MainWindow::showPage(const QString &id)
{
    const int row = int(m_pageIds.indexOf(id));
    if (row < 0)
        return false;
    m_sidebar->setCurrentRow(row);
    return true;
}

void MainWindow::setCatalogueLocation(const QString &location)
{
    m_catalogueLabel->setText(tr("Catalogue: %1").arg(location));
    m_catalogueLabel->setToolTip(location);
}

void MainWindow::setSecretsWarning(const QString &details)
{
    m_secretsLabel->setToolTip(details);
    m_secretsLabel->setVisible(!details.isEmpty());
}

void MainWindow::setEngines(const QList<ContainerEngineInfo> &engines,
                            const QList<ContainerEngineKind> &preference)
{
    QStringList found;
    for (const ContainerEngineInfo &info : engines) {
        if (info.usable())
            found.append(containerEngineName(info.kind) + u' ' + info.version);
    }
    const auto chosen = preferredEngine(engines, preference);
    if (!chosen) {
        m_engineLabel->setText(tr("No container engine found"));
        m_engineLabel->setToolTip(tr("Install buildah, podman or docker to build images."));
        return;
    }
    m_engineLabel->setText(tr("Engine: %1 %2").arg(containerEngineName(chosen->kind), chosen->version));
    m_engineLabel->setToolTip(
        tr("Detected: %1\nUsing: %2").arg(found.join(QStringLiteral(", ")), chosen->path));
}

void MainWindow::restoreUiState()
{
    if (const QByteArray geometry = UiState::mainWindowGeometry.get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const QByteArray state = UiState::mainWindowState.get(); !state.isEmpty())
        restoreState(state);
    showPage(UiState::currentPage.get());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    UiState::mainWindowGeometry.set(saveGeometry());
    UiState::mainWindowState.set(saveState());
    UiState::currentPage.set(currentPageId());
    QMainWindow::closeEvent(event);
}

} // namespace Kiln
