#pragma once

#include "store/jobrepository.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QStatusBar;
class QSystemTrayIcon;
class QWidget;

namespace Kiln {

// Tells the administrator when a build finishes: always in the status bar, and
// with a desktop notification (a tray message where the desktop has a tray) when
// the window is not the active one.
class BuildNotifier : public QObject
{
    Q_OBJECT

public:
    BuildNotifier(QWidget *window, QStatusBar *statusBar, QObject *parent = nullptr);
    ~BuildNotifier() override;

    // Call with every job transition; only final ones notify.
    void jobChanged(const Kiln::BuildJob &job, const QString &specName);

    // What the last notification said, and whether it went to the desktop.
    QString lastTitle() const { return m_lastTitle; }
    QString lastMessage() const { return m_lastMessage; }
    bool lastWentToDesktop() const { return m_lastDesktop; }
    // Tests: treat the window as inactive (offscreen windows never are active).
    void setWindowActiveOverride(std::optional<bool> active) { m_activeOverride = active; }

Q_SIGNALS:
    // A notification for the desktop (also when no tray exists: tests watch it).
    void desktopNotification(const QString &title, const QString &message);

private:
    QPointer<QWidget> m_window;
    QPointer<QStatusBar> m_statusBar;
    QSystemTrayIcon *m_tray = nullptr;
    std::optional<bool> m_activeOverride;
    QString m_lastTitle;
    QString m_lastMessage;
    bool m_lastDesktop = false;
};

} // namespace Kiln
