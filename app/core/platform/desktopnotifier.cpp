#include "core/platform/desktopnotifier.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QPointer>
#include <QVariantMap>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;
const QString kInterface = u"org.freedesktop.Notifications"_s;
constexpr int kExpireMs = 8000;

} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent) : QObject(parent) { }

DesktopNotifier::~DesktopNotifier() = default;

bool DesktopNotifier::listen()
{
    if (m_listening)
        return true;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    m_listening = bus.connect(kService, kPath, kInterface, u"ActionInvoked"_s, this,
                      SLOT(onActionInvoked(uint, QString)))
        && bus.connect(
            kService, kPath, kInterface, u"NotificationClosed"_s, this, SLOT(onClosed(uint, uint)));
    return m_listening;
}

void DesktopNotifier::notify(const QString &title, const QString &body, qint64 cookie)
{
    if (!listen()) {
        Q_EMIT unavailable(title, body, cookie);
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, u"Notify"_s);
    // app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout.
    call << QCoreApplication::applicationName() << uint(0) << u"video-x-generic"_s << title << body
         << QStringList {u"default"_s, tr("Show")}
         << QVariantMap {{u"desktop-entry"_s, QCoreApplication::applicationName()}} << kExpireMs;
    auto *watcher = new QDBusPendingCallWatcher(
        QDBusConnection::sessionBus().asyncCall(call, kExpireMs), this);
    connect(
        watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, title, body, cookie] {
            watcher->deleteLater();
            const QDBusPendingReply<uint> reply = *watcher;
            if (reply.isError()) {
                Q_EMIT unavailable(title, body, cookie);
                return;
            }
            m_cookies.insert(reply.value(), cookie);
            ++m_shown;
        });
}

void DesktopNotifier::onActionInvoked(uint id, const QString &action)
{
    if (!m_cookies.contains(id) || (action != u"default"_s && !action.isEmpty()))
        return;
    Q_EMIT activated(m_cookies.value(id));
}

void DesktopNotifier::onClosed(uint id, uint)
{
    m_cookies.remove(id);
}

} // namespace bsp
