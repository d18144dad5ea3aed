#include "core/platform/keychainprobe.h"

#include <QCoreApplication>
#include <QCoroSignal>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QFuture>
#include <QFutureWatcher>
#include <QMutex>
#include <QtConcurrent>

#include <memory>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

// The bus names a QtKeychain backend on Linux talks to.
const QStringList &keychainServices()
{
    static const QStringList names {u"org.freedesktop.secrets"_s, u"org.kde.kwalletd6"_s,
        u"org.kde.kwalletd5"_s, u"org.kde.kwalletd"_s};
    return names;
}

QString noBusText()
{
    return QCoreApplication::translate(
        "bsp::SecretStore", "No session bus runs, so no system keychain can be reached.");
}

// Runs in a worker thread: every bus call has its own short timeout.
KeychainAvailability probeBus(int timeoutMs)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
        && qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return {false, noBusText()};
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return {false, noBusText()};
    const auto names = [&](const QString &method) -> QStringList {
        const QDBusMessage call = QDBusMessage::createMethodCall(u"org.freedesktop.DBus"_s,
            u"/org/freedesktop/DBus"_s, u"org.freedesktop.DBus"_s, method);
        const QDBusMessage reply = bus.call(call, QDBus::Block, timeoutMs);
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
            return {};
        return reply.arguments().constFirst().toStringList();
    };
    const QStringList owned = names(u"ListNames"_s);
    const QStringList startable = names(u"ListActivatableNames"_s);
    for (const QString &service : keychainServices()) {
        if (owned.contains(service) || startable.contains(service))
            return {true, {}};
    }
    return {false,
        QCoreApplication::translate(
            "bsp::SecretStore", "No system keychain service (Secret Service or KWallet) runs.")};
#else
    Q_UNUSED(timeoutMs)
    return {true, {}}; // macOS Keychain / Windows Credential Manager are always there
#endif
}

struct Shared
{
    QMutex mutex;
    std::shared_ptr<QFuture<KeychainAvailability>> future;
};

Shared &shared()
{
    static Shared s;
    return s;
}

} // namespace

QCoro::Task<KeychainAvailability> KeychainProbe::check(std::chrono::milliseconds timeout)
{
    std::shared_ptr<QFuture<KeychainAvailability>> future;
    {
        QMutexLocker lock(&shared().mutex);
        if (!shared().future) {
            const int ms = int(std::max<qint64>(1, timeout.count()));
            shared().future = std::make_shared<QFuture<KeychainAvailability>>(
                QtConcurrent::run([ms] { return probeBus(ms); }));
        }
        future = shared().future;
    }
    if (future->isFinished())
        co_return future->result();
    // Wait for the worker, but never much past the timeout (twice it: the thread may
    // start late on a busy machine): late means "no keychain".
    QFutureWatcher<KeychainAvailability> watcher;
    auto finished = qCoro(&watcher, &QFutureWatcherBase::finished, timeout * 2);
    watcher.setFuture(*future);
    const auto done = co_await finished;
    if (done && future->isFinished())
        co_return future->result();
    co_return KeychainAvailability {false,
        QCoreApplication::translate(
            "bsp::SecretStore", "The system keychain did not answer in time.")};
}

void KeychainProbe::reset()
{
    QMutexLocker lock(&shared().mutex);
    shared().future.reset();
}

} // namespace bsp
