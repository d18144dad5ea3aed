// The app as main() builds it (bsp::app::AppContext): the in-app sandbox on a loopback
// port in its own thread, a real SQLite file and the profile and key stores, all in a
// temporary folder. What is checked here is the wiring itself: calls reach the ledger
// without any cost widget, nothing is sent while a profile is not connected, and every
// ledger row names the profile whose gateway the call went to.
#include "apptestrig.h"
#include "core/apierror.h"
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/platform/keychainprobe.h"
#include "core/profiles.h"
#include "core/ratecard.h"
#include "core/secretstore.h"
#include "shell/appcontext.h"
#include "ui/chat/chattab.h"
#include "ui/cost/costpanel.h"
#include "ui/mainwindow.h"

#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <QCoroTask>

#include <memory>

using namespace Qt::StringLiterals;
using bsp::app::AppContext;
using bsp::ui::ConnectionController;
using bsp::ui::TabId;

namespace {

bsp::MessageRequest hello(const QString &text)
{
    bsp::MessageRequest request;
    request.model = u"claude-haiku-4-5"_s;
    request.maxTokens = 64;
    request.messages = {bsp::InputMessage::user(text)};
    return request;
}

QList<bsp::LedgerEntry> messageRows(bsp::Ledger *ledger)
{
    QList<bsp::LedgerEntry> out;
    const QList<bsp::LedgerEntry> all = ledger->entries(QString(), 1000);
    for (const bsp::LedgerEntry &e : all) {
        if (e.route == u"/v1/messages"_s)
            out << e;
    }
    return out;
}

} // namespace

class TestAppContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_app = bsp::test::makeApp(*m_dir);
    }

    void cleanup()
    {
        m_app.reset();
        m_dir.reset();
    }

    // The ledger gets every call because the composition root connected the client,
    // the cost service and the ledger, not because a cost widget exists.
    void callWithoutCostDockLandsInLedger()
    {
        // No cost panel at all, and the dock closed.
        m_app->window()->setCostWidget(new QLabel(u"no cost panel"_s));
        QVERIFY(!m_app->costPanel());
        m_app->window()->findChild<QDockWidget *>(u"costDock"_s)->close();
        startOnSandbox();

        QSignalSpy calls(m_app->client(), &bsp::GatewayClient::callFinished);
        const auto result = QCoro::waitFor(m_app->client()->createMessage(hello(u"hi"_s)));
        if (!result.ok())
            QFAIL(qPrintable(result.error().displayText()));
        QTRY_COMPARE(messageRows(m_app->ledger()).size(), 1);
        const bsp::LedgerEntry row = messageRows(m_app->ledger()).constFirst();
        QCOMPARE(row.profile, bsp::Profiles::sandboxId());
        QCOMPARE(row.status, bsp::LedgerEntry::Status::Succeeded);
        QVERIFY(row.chargedCredits > 0);
        QVERIFY2(row.requestId.startsWith(u"req_"_s), qPrintable(row.requestId));
        QCOMPARE(row.requestId, bsp::test::sentMessageId(calls));
    }

    // The chat tab is built by the composition root on first show and uses the
    // context's own chat store (one database owner).
    void chatTabComesFromTheContext()
    {
        QVERIFY(m_app->window()->hasTabFactory(TabId::Chat));
        startOnSandbox();
        QVERIFY(!m_app->window()->hasTabFactory(TabId::Chat));
        auto *chat = qobject_cast<bsp::ui::ChatTab *>(m_app->window()->tabWidget(TabId::Chat));
        QVERIFY(chat);
        QCOMPARE(chat->store(), m_app->chatStore());
    }

    // A tab that is not on screen costs nothing at start-up: it is built the first
    // time it is shown, once.
    void tabsAreBuiltOnFirstShow()
    {
        int built = 0;
        auto *page = new QLabel(u"image page"_s);
        m_app->addTab(TabId::Image, [&built, page]() -> QWidget * {
            ++built;
            return page;
        });
        startOnSandbox();
        QCOMPARE(built, 0);
        m_app->window()->tabs()->setCurrentIndex(int(TabId::Image));
        QCOMPARE(built, 1);
        QCOMPARE(m_app->window()->tabWidget(TabId::Image), page);
        QCOMPARE(m_app->window()->tabs()->currentIndex(), int(TabId::Image));
        m_app->window()->tabs()->setCurrentIndex(int(TabId::Chat));
        m_app->window()->tabs()->setCurrentIndex(int(TabId::Image));
        QCOMPARE(built, 1);
    }

    // Issue 7 #1: the hosted profile with no key is offline, and the client then holds
    // no endpoint and no key: a call fails at once with "not connected" and sends
    // nothing (before, it went to the sandbox and was booked under "hosted").
    void offlineProfileSendsNothing()
    {
        startOnSandbox();
        bsp::GatewayClient *client = m_app->client();
        QVERIFY(client->hasApiKey());
        m_app->window()->selectProfile(bsp::Profiles::hostedId());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_app->connection()->state(), ConnectionController::State::Offline, 10000);
        QVERIFY(!client->isConnected());
        QVERIFY(client->baseUrl().isEmpty());
        QVERIFY(!client->hasApiKey());
        const qint64 attempts = client->attemptCount();
        // Send is off, and says why.
        auto *chat = qobject_cast<bsp::ui::ChatTab *>(m_app->window()->tabWidget(TabId::Chat));
        QVERIFY(chat);
        QVERIFY(!chat->sendButton()->isEnabled());
        QVERIFY2(chat->sendButton()->toolTip().contains(u"no API key"_s),
            qPrintable(chat->sendButton()->toolTip()));
        chat->input()->setPlainText(u"hello?"_s);
        chat->send(); // e.g. Ctrl+Enter: refused as well
        QVERIFY(!chat->isStreaming());
        QCOMPARE(client->attemptCount(), attempts);

        const auto result = QCoro::waitFor(client->createMessage(hello(u"hi"_s)));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, bsp::ApiError::Kind::NotConnected);
        QCOMPARE(client->attemptCount(), attempts); // no request left the client
        const auto streamed = QCoro::waitFor(client->streamMessage(hello(u"hi"_s), {}));
        QVERIFY(streamed.error.has_value());
        QCOMPARE(streamed.error->kind, bsp::ApiError::Kind::NotConnected);
        QCOMPARE(client->attemptCount(), attempts);
        QTest::qWait(50);
        QVERIFY(messageRows(m_app->ledger()).isEmpty());
    }

    // A keyless hosted profile says so at once: where no keychain service runs, the
    // store must not wait for QtKeychain's D-Bus timeout (20-30 s on the UI thread)
    // before its key file answers, and the event loop keeps running meanwhile.
    void keylessProfileIsOfflineQuickly()
    {
        bsp::KeychainProbe::reset(); // probe afresh, as a new process does
        m_app->secrets()->setKeychainTimeout(std::chrono::milliseconds(3000));
        startOnSandbox();
        QElapsedTimer clock;
        clock.start();
        qint64 longestGap = 0;
        QTimer ticker;
        QElapsedTimer sinceTick;
        sinceTick.start();
        connect(&ticker, &QTimer::timeout, this,
            [&] { longestGap = std::max(longestGap, sinceTick.restart()); });
        ticker.start(10);
        m_app->window()->selectProfile(bsp::Profiles::hostedId());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_app->connection()->state(), ConnectionController::State::Offline, 2000);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(longestGap < 500, qPrintable(u"event loop stalled %1 ms"_s.arg(longestGap)));
        QVERIFY2(m_app->connection()->statusText().contains(u"no API key"_s),
            qPrintable(m_app->connection()->statusText()));
    }

    // Leaving a keyed profile for one whose key is still being read (Connecting)
    // drops the old key at once: nothing can go out with it meanwhile.
    void pendingProfileHoldsNoKey()
    {
        startOnSandbox();
        const QString id
            = m_app->profiles()->addCustom(u"Elsewhere"_s, QUrl(u"http://127.0.0.1:9"_s));
        QVERIFY(!id.isEmpty());
        m_app->window()->selectProfile(id);
        QVERIFY(!m_app->client()->hasApiKey());
        QVERIFY(!m_app->client()->isConnected());
        QCOMPARE(m_app->client()->profileId(), QString());
    }

    // A call that was sent to the sandbox stays booked under the sandbox when the
    // user switches profile before it finishes.
    void rowNamesTheProfileTheCallWentTo()
    {
        startOnSandbox();
        const QString id
            = m_app->profiles()->addCustom(u"Other"_s, QUrl(m_app->client()->baseUrl().toString()));
        QVERIFY(!id.isEmpty());
        QVERIFY(QCoro::waitFor(m_app->secrets()->writeKey(id, u"sk-byts-otherkey000011112222"_s)));
        auto call = m_app->client()->createMessage(hello(u"first"_s));
        m_app->window()->selectProfile(id); // before the reply arrives
        const auto result = QCoro::waitFor(std::move(call));
        QVERIFY(result.ok());
        QTRY_COMPARE(messageRows(m_app->ledger()).size(), 1);
        QCOMPARE(messageRows(m_app->ledger()).constFirst().profile, bsp::Profiles::sandboxId());
        QCOMPARE(m_app->cost()->profile(), id);
    }

    // Issue 7 #9: --help needs no display (arguments are parsed before any GUI object).
    void helpWorksWithoutADisplay()
    {
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(BSP_APP_PATH), {u"--help"_s});
        QVERIFY(app.waitForFinished(15000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromUtf8(app.readAllStandardOutput());
        QVERIFY2(out.contains(u"--data-dir"_s) && out.contains(u"--screenshot"_s), qPrintable(out));
    }

    // The program itself loads the media library (Video tab, spend chart) on first use:
    // built beside it, found there, and the Video tab is the real one.
    void theAppLoadsTheMediaLibraryForTheVideoTab()
    {
        QTemporaryDir data;
        QVERIFY(data.isValid());
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"QT_LOGGING_RULES"_s, u"bsp.media.info=true;qt.multimedia*=false"_s);
        app.setProcessEnvironment(env);
        const QString shot = data.filePath(u"video.png"_s);
        app.start(QStringLiteral(BSP_APP_PATH),
            {u"--data-dir"_s, data.filePath(u"app"_s), u"--tab"_s, u"video"_s, u"--screenshot"_s,
                shot});
        QVERIFY(app.waitForFinished(60000));
        const QString err = QString::fromUtf8(app.readAllStandardError());
        QVERIFY2(app.exitCode() == 0, qPrintable(err.right(3000)));
        QVERIFY2(err.contains(u"bsp.media: loaded"_s) && err.contains(u"libbsp_media.so"_s),
            qPrintable(err.right(800)));
        QVERIFY2(!err.contains(u"not loaded"_s), qPrintable(err.right(800)));
        QVERIFY(QImage(shot).width() > 0);
    }

    // One app per data folder: a second start on it says which process has it and
    // leaves; once that one is killed, its lock is taken over at once.
    void aSecondInstanceOnOneDataFolderIsRefused()
    {
        QTemporaryDir data;
        QVERIFY(data.isValid());
        const QString folder = data.filePath(u"app"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"QT_LOGGING_RULES"_s, u"*=false"_s);
        QProcess first;
        first.setProcessEnvironment(env);
        first.start(QStringLiteral(BSP_APP_PATH),
            {u"--data-dir"_s, folder, u"--lang"_s, u"en"_s, u"--startup-report"_s});
        QByteArray firstOut;
        QTRY_VERIFY_WITH_TIMEOUT(
            (firstOut += first.readAllStandardOutput()).contains("startup_ms="), 60000);
        QProcess second;
        second.setProcessEnvironment(env);
        second.start(QStringLiteral(BSP_APP_PATH), {u"--data-dir"_s, folder, u"--lang"_s, u"en"_s});
        QVERIFY(second.waitForFinished(60000));
        QCOMPARE(second.exitCode(), 2);
        const QString why = QString::fromUtf8(second.readAllStandardError());
        QVERIFY2(
            why.contains(u"already open"_s) && why.contains(QString::number(first.processId())),
            qPrintable(why));
        QCOMPARE(first.state(), QProcess::Running);
        first.kill(); // its lock file stays, naming a process that is gone
        QVERIFY(first.waitForFinished(10000));
        QVERIFY(QFile::exists(QDir(folder).filePath(u"playground.lock"_s)));
        QProcess third;
        third.setProcessEnvironment(env);
        third.start(QStringLiteral(BSP_APP_PATH),
            {u"--data-dir"_s, folder, u"--lang"_s, u"en"_s, u"--quit-after-startup"_s});
        QVERIFY(third.waitForFinished(60000));
        QVERIFY2(
            third.exitCode() == 0, qPrintable(QString::fromUtf8(third.readAllStandardError())));
    }

    // The last run was killed in a call: the first connection reconciles at once (the
    // periodic reconcile is off in this rig), so that call's row is settled.
    void interruptedCallsAreReconciledOnConnect()
    {
        {
            bsp::Ledger earlier(m_app->ledger()->databasePath());
            QVERIFY(earlier.open());
            bsp::CallRecord cut;
            cut.callId = u"killed-1"_s;
            cut.route = u"/v1/messages"_s;
            cut.model = u"claude-haiku-4-5"_s;
            cut.profileId = bsp::Profiles::sandboxId();
            cut.startedAt = QDateTime::currentDateTimeUtc();
            cut.outcome = bsp::CallRecord::Outcome::Reserved;
            QVERIFY(earlier.record(cut, bsp::RateCard::bundled(), cut.profileId));
        }
        QSignalSpy reconciled(m_app->cost(), &bsp::CostService::reconcileFinished);
        startOnSandbox();
        QTRY_COMPARE_WITH_TIMEOUT(reconciled.size(), 1, 10000); // it may end during the connect
        QVERIFY(reconciled.first().first().value<bsp::ReconcileReport>().ok);
        const auto row = m_app->ledger()->entry(u"killed-1"_s);
        QVERIFY(row);
        QCOMPARE(row->status, bsp::LedgerEntry::Status::Cancelled);
        QCOMPARE(row->errorCode, QString(bsp::Ledger::kInterrupted));
        QCOMPARE(row->chargedCredits, bsp::Credits(0)); // the sandbox never billed it
        // Once only: a reconnect does not reconcile again.
        QTest::qWait(300);
        QCOMPARE(reconciled.size(), 1);
    }

private:
    void startOnSandbox()
    {
        m_app->window()->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_app->window()));
        m_app->startServices(bsp::Profiles::sandboxId());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_app->connection()->state(), ConnectionController::State::Connected, 15000);
        QVERIFY(m_app->ledger()->databasePath().startsWith(m_dir->path()));
        QCOMPARE(m_app->cost()->ledger(), m_app->ledger());
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppContext> m_app;
};

QTEST_MAIN(TestAppContext)
#include "tst_appcontext.moc"
