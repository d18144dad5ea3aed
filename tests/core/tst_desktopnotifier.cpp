// DesktopNotifier against a real D-Bus: a private session bus (dbus-daemon) and, on it,
// a notification server of this test's own, registered as org.freedesktop.Notifications.
#include "core/platform/desktopnotifier.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QVariantMap>

using namespace Qt::StringLiterals;
using bsp::DesktopNotifier;

// What a desktop's notification daemon does, as far as the app can tell.
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Shown
    {
        QString app, summary, body;
        QStringList actions;
    };
    QList<Shown> shown;

public Q_SLOTS:
    uint Notify(const QString &app, uint, const QString &, const QString &summary,
        const QString &body, const QStringList &actions, const QVariantMap &, int)
    {
        shown.append({app, summary, body, actions});
        return uint(40 + shown.size());
    }
};

class TestDesktopNotifier : public QObject
{
    Q_OBJECT

private:
    QProcess m_daemon;
    QString m_address;

    bool sendSignal(const QString &name, const QVariantList &args)
    {
        QDBusMessage m = QDBusMessage::createSignal(
            u"/org/freedesktop/Notifications"_s, u"org.freedesktop.Notifications"_s, name);
        m.setArguments(args);
        return QDBusConnection(u"server"_s).send(m);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"dbus-daemon"_s).isEmpty())
            QFAIL("dbus-daemon is missing: packaging/install-deps.sh installs it");
        m_daemon.start(u"dbus-daemon"_s,
            {u"--session"_s, u"--nofork"_s, u"--nopidfile"_s, u"--print-address=1"_s});
        QVERIFY(m_daemon.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(m_daemon.canReadLine() || m_daemon.waitForReadyRead(100), 5000);
        m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
        QVERIFY2(m_address.startsWith(u"unix:"_s), qPrintable(m_address));
        // Before anything asks for the session bus: the notifier's is this one.
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
        QVERIFY(QDBusConnection::connectToBus(m_address, u"server"_s).isConnected());
    }

    void cleanupTestCase()
    {
        QDBusConnection::disconnectFromBus(u"server"_s);
        m_daemon.kill();
        m_daemon.waitForFinished(5000);
    }

    void withoutAServiceItHandsTheNotificationBack()
    {
        DesktopNotifier notifier;
        QSignalSpy back(&notifier, &DesktopNotifier::unavailable);
        notifier.notify(u"Video task finished: sora-2"_s, u"completed"_s, 7);
        QVERIFY(back.wait(10000));
        QCOMPARE(back.first().at(0).toString(), u"Video task finished: sora-2"_s);
        QCOMPARE(back.first().at(2).toLongLong(), 7);
        QCOMPARE(notifier.shownCount(), 0);
    }

    void showsAndReportsTheClick()
    {
        FakeNotifications server;
        QDBusConnection bus(u"server"_s);
        QVERIFY(bus.registerObject(
            u"/org/freedesktop/Notifications"_s, &server, QDBusConnection::ExportAllSlots));
        QVERIFY(bus.registerService(u"org.freedesktop.Notifications"_s));
        DesktopNotifier notifier;
        QSignalSpy back(&notifier, &DesktopNotifier::unavailable);
        QSignalSpy clicked(&notifier, &DesktopNotifier::activated);
        notifier.notify(u"Video task finished: veo-3.1"_s, u"failed — not billed"_s, 12);
        notifier.notify(u"Video task finished: sora-2"_s, u"completed"_s, 13);
        QTRY_COMPARE_WITH_TIMEOUT(notifier.shownCount(), 2, 10000);
        QCOMPARE(back.size(), 0);
        QCOMPARE(server.shown.size(), 2);
        QCOMPARE(server.shown.at(0).summary, u"Video task finished: veo-3.1"_s);
        QCOMPARE(server.shown.at(0).body, u"failed — not billed"_s);
        QVERIFY(server.shown.at(0).actions.contains(u"default"_s));
        // A click on the second one (id 42) names its task; one on an unknown id nothing.
        QVERIFY(sendSignal(u"ActionInvoked"_s, {uint(999), u"default"_s}));
        QVERIFY(sendSignal(u"ActionInvoked"_s, {uint(42), u"default"_s}));
        QVERIFY(clicked.wait(5000));
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().first().toLongLong(), 13);
        // Once closed, a late click on it does nothing.
        QVERIFY(sendSignal(u"NotificationClosed"_s, {uint(41), uint(2)}));
        QVERIFY(sendSignal(u"ActionInvoked"_s, {uint(41), u"default"_s}));
        QTest::qWait(300);
        QCOMPARE(clicked.size(), 1);
        bus.unregisterService(u"org.freedesktop.Notifications"_s);
        bus.unregisterObject(u"/org/freedesktop/Notifications"_s);
    }
};

QTEST_GUILESS_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
