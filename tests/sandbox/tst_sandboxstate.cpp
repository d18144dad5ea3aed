// The app's sandbox keeps each key's spending and usage rows across restarts, so its
// wallet agrees with the ledger the app keeps; the key itself never reaches the file.
#include "core/gatewayclient.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace bsp;

class TestSandboxState final : public QObject
{
    Q_OBJECT

    static std::unique_ptr<sandbox::SandboxServer> start(const QString &statePath)
    {
        sandbox::SandboxOptions options;
        options.statePath = statePath;
        auto server = std::make_unique<sandbox::SandboxServer>(options);
        if (server->listen() == 0)
            return nullptr;
        return server;
    }

    static std::unique_ptr<GatewayClient> clientFor(const sandbox::SandboxServer &server)
    {
        auto client = std::make_unique<GatewayClient>();
        client->setBaseUrl(QUrl(server.baseUrl()));
        client->setApiKey(sandbox::SandboxServer::defaultKey());
        return client;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void spendingAndUsageSurviveARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sandbox-state.json"_s);
        QString requestId;
        Credits remaining = 0;
        {
            auto server = start(path);
            QVERIFY(server);
            auto client = clientFor(*server);
            MessageRequest request;
            request.model = u"claude-haiku-4-5"_s;
            request.maxTokens = 100;
            request.messages = {InputMessage::user(u"Remember me."_s)};
            QSignalSpy finished(client.get(), &GatewayClient::callFinished);
            QVERIFY(QCoro::waitFor(client->createMessage(request)).ok());
            requestId = finished.first().first().value<CallRecord>().requestId;
            const auto balance = QCoro::waitFor(client->balance());
            QVERIFY(balance.ok());
            remaining = balance->remaining;
            QVERIFY(remaining < creditsFromUsd(100));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(sandbox::SandboxServer::defaultKey().toUtf8()));

        auto server = start(path);
        QVERIFY(server);
        auto client = clientFor(*server);
        const auto balance = QCoro::waitFor(client->balance());
        QVERIFY(balance.ok());
        QCOMPARE(balance->remaining, remaining);
        const auto page = QCoro::waitFor(client->usage(100));
        QVERIFY(page.ok());
        QCOMPARE(page->rows.size(), 1);
        QCOMPARE(page->rows.first().requestId, requestId);
    }

    void everyBilledCallIsOnDiskBeforeItsAnswer()
    {
        // No shutdown: what a kill -9 would leave must already hold the spending.
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sandbox-state.json"_s);
        auto server = start(path);
        QVERIFY(server);
        auto client = clientFor(*server);
        MessageRequest request;
        request.model = u"claude-haiku-4-5"_s;
        request.maxTokens = 50;
        request.messages = {InputMessage::user(u"Keep this."_s)};
        QSignalSpy finished(client.get(), &GatewayClient::callFinished);
        QVERIFY(QCoro::waitFor(client->createMessage(request)).ok());
        const QString requestId = finished.first().first().value<CallRecord>().requestId;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains(requestId.toUtf8()));
        QVERIFY(!saved.contains(sandbox::SandboxServer::defaultKey().toUtf8()));
        // Private to the user, like the key file.
        QCOMPARE(QFile::permissions(path),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser
                | QFileDevice::WriteUser);
        // A copy of that file, started from, has the spending.
        const QString copy = dir.filePath(u"copy.json"_s);
        QVERIFY(QFile::copy(path, copy));
        auto second = start(copy);
        QVERIFY(second);
        const auto balance = QCoro::waitFor(clientFor(*second)->balance());
        QVERIFY(balance.ok());
        QVERIFY(balance->remaining < creditsFromUsd(100));
        QVERIFY(balance->remaining > 0);
    }

    void damagedFileIsKeptAsideAndReported_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("why");
        // Shaped right, but a tampered amount: -1e308 would overflow the balance.
        const QByteArray hash = QCryptographicHash::hash(
            sandbox::SandboxServer::defaultKey().toUtf8(), QCryptographicHash::Sha256)
                                    .toHex();
        QTest::newRow("tampered") << QByteArray(
            "{\"version\":1,\"keys\":{\"" + hash + "\":{\"spent_credits\":-1e308,\"usage\":[]}}}")
                                  << u"spent_credits"_s;
        QTest::newRow("huge row") << QByteArray("{\"version\":1,\"keys\":{\"" + hash
            + "\":{\"spent_credits\":1,\"usage\":[{\"request_id\":\"r\","
              "\"credits\":1e300}]}}}")
                                  << u"usage row 1"_s;
        QTest::newRow("corrupt") << QByteArray("{\"version\":1,\"keys\":{\"ab") << u"JSON"_s;
    }
    void damagedFileIsKeptAsideAndReported()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, why);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sandbox-state.json"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(contents);
        }
        {
            auto server = start(path);
            QVERIFY(server);
            QVERIFY2(server->stateReport().contains(why), qPrintable(server->stateReport()));
            QVERIFY(server->stateReport().contains(u"fresh wallet"_s));
            const auto balance = QCoro::waitFor(clientFor(*server)->balance());
            QVERIFY(balance.ok());
            QCOMPARE(balance->remaining, creditsFromUsd(100));
        }
        // The damaged file is kept, byte for byte, under another name; the new state
        // file is a fresh, valid one.
        const QStringList kept
            = QDir(dir.path()).entryList({u"sandbox-state.json.corrupt-*"_s}, QDir::Files);
        QCOMPARE(kept.size(), 1);
        QFile aside(dir.filePath(kept.first()));
        QVERIFY(aside.open(QIODevice::ReadOnly));
        QCOMPARE(aside.readAll(), contents);
        auto again = start(path);
        QVERIFY(again);
        QVERIFY(again->stateReport().isEmpty());
    }

    void withoutAStateFileEveryStartIsFresh()
    {
        auto server = start({});
        QVERIFY(server);
        auto client = clientFor(*server);
        const auto balance = QCoro::waitFor(client->balance());
        QVERIFY(balance.ok());
        QCOMPARE(balance->remaining, creditsFromUsd(100));
    }
};

QTEST_GUILESS_MAIN(TestSandboxState)
#include "tst_sandboxstate.moc"
