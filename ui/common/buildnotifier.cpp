#include "buildnotifier.h"

#include <QApplication>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Kiln {

using namespace Qt::StringLiterals;

BuildNotifier::BuildNotifier(QWidget *window, QStatusBar *statusBar, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_statusBar(statusBar)
{}

BuildNotifier::~BuildNotifier() = default;

void BuildNotifier::jobChanged(const BuildJob &job, const QString &specName)
{
    if (!isFinal(job.status))
        return;
    const QString image = job.targetImage.section(u'/', -1);
    const QString name = specName.isEmpty() ? image : specName;
    QString title;
    QString message;
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    switch (job.status) {
    case JobStatus::Succeeded:
        title = tr("Build succeeded: %1").arg(name);
        message = tr("Pushed %1").arg(job.targetImage);
        break;
    case JobStatus::Failed:
        title = tr("Build failed: %1").arg(name);
        message = job.errorText.section(u'\n', 0, 0);
        icon = QSystemTrayIcon::Critical;
        break;
    case JobStatus::Cancelled:
        title = tr("Build cancelled: %1").arg(name);
        message = job.targetImage;
        icon = QSystemTrayIcon::Warning;
        break;
    case JobStatus::Interrupted:
        title = tr("Build interrupted: %1").arg(name);
        message = job.errorText.section(u'\n', 0, 0);
        icon = QSystemTrayIcon::Warning;
        break;
    case JobStatus::Queued:
    case JobStatus::Running:
        return;
    }
    m_lastTitle = title;
    m_lastMessage = message;
    if (m_statusBar)
        m_statusBar->showMessage(message.isEmpty() ? title : title + u" \u2014 "_s + message, 15000);

    const bool active = m_activeOverride.value_or(m_window && m_window->isActiveWindow());
    m_lastDesktop = !active;
    if (active)
        return;
    Q_EMIT desktopNotification(title, message);
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setIcon(m_window ? m_window->windowIcon() : QIcon());
        if (m_tray->icon().isNull())
            m_tray->setIcon(QApplication::style()->standardIcon(QStyle::SP_ComputerIcon));
        m_tray->setToolTip(tr("Kiln"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (m_window) {
                m_window->show();
                m_window->raise();
                m_window->activateWindow();
            }
        });
    }
    m_tray->show();
    m_tray->showMessage(title, message, icon, 10000);
}

} // namespace Kiln
