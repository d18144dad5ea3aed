// The main window against real services: the sandbox gateway on a loopback port, a real
// SQLite ledger and a profile/key store in a temporary folder.
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/profiles.h"
#include "core/ratecard.h"
#include "core/secretstore.h"
#include "sandbox/sandboxserver.h"
#include "ui/mainwindow.h"
#include "ui/settings/profilesdialog.h"
#include "ui/widgets/notbuiltpage.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <QCoroTask>

#include <memory>

using namespace Qt::StringLiterals;
using bsp::ui::MainWindow;
using bsp::ui::TabId;

namespace {

constexpr char kWrongKey[] = "sk-byts-wrongkey0000987654";

QString labelText(const QWidget *root, const char *name)
{
    const auto *label = root->findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : u"<no label %1>"_s.arg(QString::fromLatin1(name));
}

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close(); // nobody listens there now: connections are refused
    return port;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        m_server = std::make_unique<bsp::sandbox::SandboxServer>();
        QVERIFY2(m_server->listen() != 0, qPrintable(m_server->errorString()));
    }

    void init()
    {
        m_client = std::make_unique<bsp::GatewayClient>();
        m_secrets = std::make_unique<bsp::SecretStore>(m_dir.path());
        m_secrets->setKeychainTimeout(std::chrono::milliseconds(500));
        m_profiles = std::make_unique<bsp::Profiles>(m_dir.filePath(u"profiles.ini"_s));
        m_ledger = std::make_unique<bsp::Ledger>(m_dir.filePath(u"playground.sqlite"_s));
        QVERIFY2(m_ledger->open(), qPrintable(m_ledger->lastError()));
        connect(m_client.get(), &bsp::GatewayClient::callFinished, m_ledger.get(),
            [this](const bsp::CallRecord &record) {
                if (record.route != u"/v1/balance"_s)
                    m_ledger->record(record, m_card, m_window->currentProfileId());
            });
        bsp::ui::AppServices services {
            m_client.get(), m_profiles.get(), m_secrets.get(), m_dir.path()};
        m_window = std::make_unique<MainWindow>(services);
        m_window->setLedger(m_ledger.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->setSandboxEndpoint(
            QUrl(m_server->baseUrl()), bsp::sandbox::SandboxServer::defaultKey());
        m_window->selectProfile(bsp::Profiles::sandboxId());
    }

    void cleanup()
    {
        m_window.reset();
        m_ledger.reset();
        m_profiles.reset();
        m_secrets.reset();
        m_client.reset();
    }

    void showsFourHonestTabs()
    {
        QTabWidget *tabs = m_window->tabs();
        QCOMPARE(tabs->count(), 4);
        const QStringList names = {u"Chat"_s, u"Image"_s, u"Video"_s, u"Embeddings"_s};
        for (int i = 0; i < tabs->count(); ++i) {
            QCOMPARE(tabs->tabText(i), names.at(i));
            auto *page = qobject_cast<bsp::ui::NotBuiltPage *>(tabs->widget(i));
            QVERIFY2(page, qPrintable(names.at(i)));
            QVERIFY(labelText(page, "notBuiltText").contains(u"not built yet"_s));
            QVERIFY(labelText(page, "notBuiltText").startsWith(names.at(i)));
            // Honest: no control that pretends to do something.
            QVERIFY(page->findChildren<QAbstractButton *>().isEmpty());
            QVERIFY(page->findChildren<QLineEdit *>().isEmpty());
        }
        auto *dock = m_window->findChild<QDockWidget *>(u"costDock"_s);
        QVERIFY(dock);
        QCOMPARE(m_window->dockWidgetArea(dock), Qt::RightDockWidgetArea);
    }

    void replacesTabAndCostWidgets()
    {
        auto *chat = new QLabel(u"real chat"_s);
        m_window->setTabWidget(TabId::Chat, chat);
        QCOMPARE(m_window->tabWidget(TabId::Chat), chat);
        QCOMPARE(m_window->tabs()->tabText(0), u"Chat"_s);
        QCOMPARE(m_window->tabs()->count(), 4);
        auto *cost = new QLabel(u"real cost panel"_s);
        m_window->setCostWidget(cost);
        QCOMPARE(m_window->costWidget(), cost);
    }

    void connectsToSandboxAndShowsBalance()
    {
        QTRY_VERIFY_WITH_TIMEOUT(labelText(m_window.get(), "connectionLabel")
                                     .startsWith(u"Connected to Sandbox (127.0.0.1:"_s),
            10000);
        QTRY_COMPARE(labelText(m_window.get(), "balanceLabel"), u"Balance $100.00"_s);
        QCOMPARE(m_client->baseUrl(), QUrl(m_server->baseUrl()));
    }

    void costSummaryCountsCalls()
    {
        QTRY_COMPARE(
            m_window->connection()->state(), bsp::ui::ConnectionController::State::Connected);
        const QString before = labelText(m_window.get(), "costCalls");
        bsp::MessageRequest request;
        request.model = u"claude-sonnet-4-5"_s;
        request.maxTokens = 200;
        request.messages = {bsp::InputMessage::user(u"Say hello to the playground."_s)};
        const auto result = QCoro::waitFor(m_client->createMessage(request));
        if (!result.ok()) // QVERIFY2 would evaluate error() on success too
            QFAIL(qPrintable(result.error().displayText()));
        QTRY_COMPARE(labelText(m_window.get(), "costCalls"), QString::number(before.toInt() + 1));
        QVERIFY(labelText(m_window.get(), "costCharged").startsWith(u'$'));
        // The quota header of that call moved the balance below the starting 100 USD.
        QTRY_VERIFY(labelText(m_window.get(), "balanceLabel") != u"Balance $100.00"_s);
    }

    // A streamed reply's quota headers come before it is billed; the status bar still
    // ends on the balance after the call.
    void balanceFollowsStreamedCalls()
    {
        QTRY_COMPARE(
            m_window->connection()->state(), bsp::ui::ConnectionController::State::Connected);
        bsp::MessageRequest request;
        request.model = u"claude-sonnet-4-5"_s;
        request.maxTokens = 200;
        request.messages = {bsp::InputMessage::user(u"Stream something."_s)};
        const auto streamed = QCoro::waitFor(m_client->streamMessage(request, {}));
        QVERIFY(streamed.ok());
        // Asked by another client, so the window's client sees nothing of it.
        bsp::GatewayClient observer;
        observer.setBaseUrl(QUrl(m_server->baseUrl()));
        observer.setApiKey(bsp::sandbox::SandboxServer::defaultKey());
        const auto balance = QCoro::waitFor(observer.balance());
        QVERIFY(balance.ok());
        QTRY_COMPARE(labelText(m_window.get(), "balanceLabel"),
            bsp::ui::MainWindow::tr("Balance %1").arg(bsp::formatUsd(balance->remaining)));
    }

    void closedPortShowsOfflineWithoutFreezing()
    {
        const QString id
            = m_profiles->addCustom(u"Nowhere"_s, QUrl(u"http://127.0.0.1:%1"_s.arg(closedPort())));
        QVERIFY(!id.isEmpty());
        QVERIFY(QCoro::waitFor(m_secrets->writeKey(id, u"sk-byts-closedport000011112222"_s)));

        // The UI thread must keep turning while the call fails: a 20 ms timer never
        // waits much longer than that.
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0;
        qint64 worstGap = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] {
            worstGap = qMax(worstGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        ticker.start(20);
        m_window->selectProfile(id);
        QTRY_VERIFY_WITH_TIMEOUT(
            labelText(m_window.get(), "connectionLabel").startsWith(u"Offline: "_s), 10000);
        ticker.stop();
        const QString text = labelText(m_window.get(), "connectionLabel");
        QVERIFY2(text.contains(u"refused"_s, Qt::CaseInsensitive)
                || text.contains(u"Network"_s, Qt::CaseInsensitive),
            qPrintable(text));
        QVERIFY2(worstGap < 500, qPrintable(u"UI stalled %1 ms"_s.arg(worstGap)));
        QCOMPARE(labelText(m_window.get(), "balanceLabel"), u"Balance —"_s);
        QCOMPARE(m_window->findChild<QComboBox *>(u"profileCombo"_s)->currentData().toString(), id);
    }

    void wrongKeyShows401WithRequestId()
    {
        const QString id = m_profiles->addCustom(u"Wrong key"_s, QUrl(m_server->baseUrl()));
        QVERIFY(QCoro::waitFor(m_secrets->writeKey(id, QString::fromLatin1(kWrongKey))));
        m_window->selectProfile(id);
        QTRY_VERIFY_WITH_TIMEOUT(labelText(m_window.get(), "connectionLabel")
                                     .startsWith(u"Key rejected by Wrong key: "_s),
            10000);
        const QString text = labelText(m_window.get(), "connectionLabel");
        QVERIFY2(text.contains(u"401"_s), qPrintable(text));
        QVERIFY2(
            text.contains(u"request req_"_s) || text.contains(u"request "_s), qPrintable(text));
        QVERIFY(!text.contains(QString::fromLatin1(kWrongKey)));

        // The key dialog shows the stored key masked, never in clear.
        bsp::ui::ProfilesDialog *dialog = m_window->openProfilesDialog();
        dialog->selectProfile(id);
        QTRY_VERIFY(labelText(dialog, "storedKeyLabel").startsWith(u"Stored key: sk-byts-…"_s));
        QVERIFY2(labelText(dialog, "storedKeyLabel").contains(u"…7654"_s),
            qPrintable(labelText(dialog, "storedKeyLabel")));

        // Test connection reports the same 401 with its request id.
        QSignalSpy tested(dialog, &bsp::ui::ProfilesDialog::testFinished);
        dialog->testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 10000);
        QCOMPARE(tested.at(0).at(0).toBool(), false);
        QVERIFY2(labelText(dialog, "testResult").contains(u"401"_s),
            qPrintable(labelText(dialog, "testResult")));

        // No visible text anywhere holds the key (the password field aside).
        const QString key = QString::fromLatin1(kWrongKey);
        for (QWidget *root :
            {static_cast<QWidget *>(m_window.get()), static_cast<QWidget *>(dialog)}) {
            for (const QLabel *label : root->findChildren<QLabel *>())
                QVERIFY2(!label->text().contains(key), qPrintable(label->objectName()));
            for (const QLineEdit *edit : root->findChildren<QLineEdit *>()) {
                if (edit->echoMode() == QLineEdit::Password)
                    continue;
                QVERIFY2(!edit->text().contains(key), qPrintable(edit->objectName()));
            }
        }
        QVERIFY(!m_window->windowTitle().contains(key));
        dialog->close();

        // Back to the sandbox: connected again, with its balance.
        m_window->selectProfile(bsp::Profiles::sandboxId());
        QTRY_VERIFY_WITH_TIMEOUT(
            labelText(m_window.get(), "connectionLabel").startsWith(u"Connected to Sandbox"_s),
            10000);
        QTRY_VERIFY(labelText(m_window.get(), "balanceLabel").startsWith(u"Balance $"_s));
        QCOMPARE(m_client->baseUrl(), QUrl(m_server->baseUrl()));
    }

    void dialogSavesKeyAndReconnects()
    {
        // A profile added through the dialog, pointing at the sandbox with its real key.
        bsp::ui::ProfilesDialog *dialog = m_window->openProfilesDialog();
        dialog->addProfile();
        dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"Local copy"_s);
        dialog->findChild<QLineEdit *>(u"urlEdit"_s)->setText(m_server->baseUrl());
        dialog->findChild<QLineEdit *>(u"keyEdit"_s)
            ->setText(bsp::sandbox::SandboxServer::defaultKey());
        QSignalSpy saved(dialog, &bsp::ui::ProfilesDialog::saved);
        dialog->save();
        QVERIFY2(
            saved.size() == 1 || saved.wait(10000), qPrintable(labelText(dialog, "testResult")));
        const QString id = saved.at(0).at(0).toString();
        QVERIFY(m_profiles->profile(id));
        QVERIFY(dialog->findChild<QLineEdit *>(u"keyEdit"_s)->text().isEmpty());
        dialog->close();
        QCOMPARE(QCoro::waitFor(m_secrets->readKey(id)),
            std::optional<QString>(bsp::sandbox::SandboxServer::defaultKey()));

        m_window->selectProfile(id);
        QTRY_VERIFY2_WITH_TIMEOUT(
            labelText(m_window.get(), "connectionLabel").startsWith(u"Connected to Local copy"_s),
            qPrintable(labelText(m_window.get(), "connectionLabel")), 10000);
        QTRY_VERIFY(labelText(m_window.get(), "balanceLabel").startsWith(u"Balance $"_s));
    }

    void sandboxFailureIsReported()
    {
        m_window->setSandboxFailed(u"port in use"_s);
        QTRY_VERIFY(labelText(m_window.get(), "connectionLabel").contains(u"port in use"_s));
        QVERIFY(labelText(m_window.get(), "connectionLabel").startsWith(u"Offline: "_s));
    }

private:
    QTemporaryDir m_dir;
    bsp::RateCard m_card = bsp::RateCard::bundled();
    std::unique_ptr<bsp::sandbox::SandboxServer> m_server;
    std::unique_ptr<bsp::GatewayClient> m_client;
    std::unique_ptr<bsp::SecretStore> m_secrets;
    std::unique_ptr<bsp::Profiles> m_profiles;
    std::unique_ptr<bsp::Ledger> m_ledger;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
