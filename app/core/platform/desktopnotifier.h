#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace bsp {

// Desktop notifications through the freedesktop Notifications service on the session
// bus (GNOME, KDE, Xfce, dunst, ...), with a "Show" action. Nothing blocks: the call is
// asynchronous, and when no such service answers (no session bus, no notification
// daemon) unavailable() hands the notification back so the caller can use another way
// (the tray). Clicking a notification emits activated() with the caller's cookie.
class DesktopNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifier)

public:
    explicit DesktopNotifier(QObject *parent = nullptr);
    ~DesktopNotifier() override;

    void notify(const QString &title, const QString &body, qint64 cookie);
    int shownCount() const { return m_shown; }

Q_SIGNALS:
    void activated(qint64 cookie);
    void unavailable(const QString &title, const QString &body, qint64 cookie);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    bool listen();

    bool m_listening = false;
    QHash<uint, qint64> m_cookies; // notification id -> cookie, until it is closed
    int m_shown = 0;
};

} // namespace bsp
