// The app's sandbox keeps each key's spending and usage rows across restarts, so its
// wallet agrees with the ledger the app keeps; the key itself never reaches the file.
#include "core/gatewayclient.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
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
