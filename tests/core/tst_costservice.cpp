// CostService: the rate card's origin, strict import with diff, estimates by the
// gateway's unit rules, balance, the record glue and the periodic reconcile.

#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/tokens.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

MessageRequest haiku(const QString &text, int maxTokens)
{
    MessageRequest request;
    request.model = u"claude-haiku-4-5"_s;
    request.maxTokens = maxTokens;
    request.messages = {InputMessage::user(text)};
    return request;
}

} // namespace

class TestCostService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_server;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write fixture");
        return path;
    }

    std::unique_ptr<GatewayClient> client(const QString &pathSuffix = {})
    {
        auto c = std::make_unique<GatewayClient>();
        c->setBaseUrl(QUrl(m_server->baseUrl() + pathSuffix));
        c->setApiKey(sandbox::SandboxServer::defaultKey());
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<sandbox::SandboxServer>();
        QVERIFY(m_server->listen() != 0);
    }

    void startsWithTheBundledCard()
    {
        CostService s(nullptr, nullptr);
        QCOMPARE(s.cardSource(), CostService::CardSource::Bundled);
        QVERIFY(!s.rateCard().isEmpty());
        QVERIFY(s.rateCard().find(u"sora-2"_s));
        QVERIFY(!s.balance());
        QVERIFY(!s.wouldExceedBalance(Credits(1'000'000'000'000)));
    }

    void estimates_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("param");
        QTest::addColumn<double>("amount");
        QTest::addColumn<qint64>("expected"); // -1: price unknown
        // 3 USD/Mtok in, 15 out: 1000 in + 500 out = 0.003 + 0.0075 USD
        QTest::newRow("text tokens")
            << u"text"_s << u"claude-sonnet-4-5"_s << QString() << 1000.0 << qint64(10'500);
        QTest::newRow("image 2 x 1024")
            << u"image"_s << u"seedream-4"_s << u"1024x1024"_s << 2.0 << qint64(50'000);
        QTest::newRow("video 5 s 720p")
            << u"video"_s << u"sora-2"_s << u"720p"_s << 5.0 << qint64(500'000);
        QTest::newRow("rerank 150 docs = 2 searches")
            << u"rerank"_s << u"bge-reranker-v2-m3"_s << QString() << 150.0 << qint64(4'000);
        QTest::newRow("unknown text model")
            << u"text"_s << u"no-such-model"_s << QString() << 10.0 << qint64(-1);
        QTest::newRow("unknown image size")
            << u"image"_s << u"gpt-image-2"_s << u"7x7"_s << 1.0 << qint64(-1);
    }

    void estimates()
    {
        QFETCH(QString, kind);
        QFETCH(QString, model);
        QFETCH(QString, param);
        QFETCH(double, amount);
        QFETCH(qint64, expected);
        CostService s(nullptr, nullptr);
        std::optional<Credits> c;
        if (kind == "text"_L1)
            c = s.estimateTextTokens(model, qint64(amount), qint64(amount / 2));
        else if (kind == "image"_L1)
            c = s.estimateImages(model, param, int(amount));
        else if (kind == "video"_L1)
            c = s.estimateVideo(model, param, amount);
        else
            c = s.estimateRerank(model, int(amount));
        if (expected < 0) {
            QVERIFY(!c.has_value());
            QCOMPARE(CostService::formatEstimate(c), u"price unknown"_s);
        } else {
            QVERIFY(c.has_value());
            QCOMPARE(*c, expected);
            QCOMPARE(CostService::formatEstimate(c), u"≈ "_s + formatUsd(expected));
        }
    }

    // Expectations worked out by hand from the token rules (tokens.h) and the bundled
    // card, not with the code under test.
    void textEstimateCountsTokensLikeTheGateway()
    {
        CostService s(nullptr, nullptr);
        // "Hello" 2 + "," 1 + "世" 1 + "界" 1 + "!" 1 + "12345678" 2 = 8 tokens; haiku
        // input is 1 USD/Mtok = 1 credit a token.
        QCOMPARE(s.estimateText(u"claude-haiku-4-5"_s, u"Hello, 世界! 12345678"_s, 0),
            std::optional<Credits>(8));
        // 4000 letters = 1000 tokens, "三四" = 2: 1002 tokens at 0.02 USD/Mtok = 20.04.
        const QStringList texts {QString(4000, u'a'), u"三四"_s};
        QCOMPARE(s.estimateEmbedding(u"bge-large-zh-v1.5"_s, texts), std::optional<Credits>(20));
    }

    // The sandbox bills input tokens with the client's own count (one estimator): text,
    // a tool_use input and a tool_result, as the gateway reports them back.
    void sandboxBillsTheClientsTokenCount()
    {
        const QJsonObject body = QJsonDocument::fromJson(R"({
            "model": "claude-haiku-4-5", "max_tokens": 16, "system": "Be brief, 请",
            "messages": [
              {"role": "user", "content": "What is the weather in 北京 today?"},
              {"role": "assistant", "content": [{"type": "tool_use", "id": "t1",
                "name": "weather", "input": {"city": "Beijing", "days": 3}}]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                "content": "sunny, 23 C"}, {"type": "text", "text": "and tomorrow?"}]}
            ]})")
                                     .object();
        const MessageRequest request = MessageRequest::fromJson(body);
        QVERIFY(request.estimatedInputTokens() > 20);
        auto c = client();
        const auto answer = QCoro::waitFor(c->createMessage(request));
        QVERIFY2(answer.ok(), qPrintable(answer.ok() ? QString() : answer.error().displayText()));
        QCOMPARE(answer->usage.inputTokens, request.estimatedInputTokens());
    }

    // One estimate: the input plus an expected output, and the worst case at max tokens.
    void estimateGivesExpectedAndMax()
    {
        CostService s(nullptr, nullptr);
        CallRecord call;
        call.route = u"/v1/messages"_s;
        call.model = u"claude-sonnet-4-5"_s;
        call.inputTokens = 1000; // 3 credits a token in, 15 out
        const CostEstimate e = s.estimate(call, 4096);
        QCOMPARE(CostService::expectedOutputTokens(4096), qint64(512));
        QCOMPARE(e.expected, std::optional<Credits>(3000 + 512 * 15));
        QCOMPARE(e.upTo, std::optional<Credits>(3000 + 4096 * 15));
        QCOMPARE(CostService::formatEstimate(e), u"≈ $0.01068, up to $0.06444 at max tokens"_s);
        // A small max: the expectation never passes it.
        QCOMPARE(CostService::expectedOutputTokens(100), qint64(100));
        // The image tool adds its image at the image model's rate (0.08 USD).
        call.images = 1;
        call.imageModel = u"gpt-image-2"_s;
        call.size = u"1024x1024"_s;
        QCOMPARE(s.estimate(call, 4096).expected, std::optional<Credits>(3000 + 512 * 15 + 80'000));
        // An image call does not vary with output tokens.
        CallRecord image;
        image.route = u"/v1/images/generations"_s;
        image.model = u"gpt-image-2"_s;
        image.size = u"1024x1024"_s;
        image.images = 2;
        const CostEstimate img = s.estimate(image);
        QCOMPARE(img.expected, std::optional<Credits>(160'000));
        QCOMPARE(img.upTo, img.expected);
        QCOMPARE(CostService::formatEstimate(img), u"≈ $0.16"_s);
        QCOMPARE(CostService::formatEstimate(CostEstimate {}), u"price unknown"_s);
    }

    // A background reconcile is owned by the service: destroying the service mid-call
    // cancels the request and lets the coroutine finish (no frame left behind).
    void backgroundReconcileEndsWithItsOwner()
    {
        QTcpServer silent; // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        GatewayClient c;
        c.setEndpoint(u"p"_s, QUrl(u"http://127.0.0.1:%1"_s.arg(silent.serverPort())),
            u"sk-byts-silent0000111122223333"_s);
        Ledger ledger(m_dir.filePath(u"owner.sqlite"_s));
        QVERIFY(ledger.open());
        QSignalSpy finished(&c, &GatewayClient::callFinished);
        auto service = std::make_unique<CostService>(&c, &ledger);
        service->reconcileInBackground();
        QVERIFY(service->isReconciling());
        QTRY_VERIFY(silent.hasPendingConnections());
        QTest::qWait(50); // the request is written and waiting for an answer
        QCOMPARE(finished.size(), 0);
        service.reset();
        // Finished during the destruction, not at some later turn of the event loop.
        QCOMPARE(finished.size(), 1);
        const auto rec = finished.at(0).at(0).value<CallRecord>();
        QCOMPARE(rec.route, u"/api/v1/usage"_s);
        QCOMPARE(rec.outcome, CallRecord::Outcome::Cancelled);
    }

    void importRejectsBadCards_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{\"currency\": \"USD\", \"models\": [");
        QTest::newRow("no models")
            << QByteArray("{\"currency\":\"USD\",\"updated\":\"2026-11-25\"}");
        QTest::newRow("image without sizes") << QByteArray(
            "{\"currency\":\"USD\",\"models\":[{\"model\":\"x\",\"modality\":\"image\","
            "\"unit\":\"image\"}]}");
        QTest::newRow("negative rate") << QByteArray(
            "{\"currency\":\"USD\",\"models\":[{\"model\":\"t\",\"modality\":\"text\","
            "\"unit\":\"mtok\",\"input\":-1,\"output\":2}]}");
    }

    void importRejectsBadCards()
    {
        QFETCH(QByteArray, json);
        CostService s(nullptr, nullptr);
        QSignalSpy changed(&s, &CostService::rateCardChanged);
        const QByteArray before = s.rateCard().toJson();
        const RateCardUpdate u = s.importRateCard(write(u"bad.json"_s, json));
        QVERIFY(!u.ok);
        QVERIFY2(u.message.contains(u"rejected"_s), qPrintable(u.message));
        QVERIFY(u.message.contains(u"current rate card stays"_s));
        QCOMPARE(s.rateCard().toJson(), before);
        QCOMPARE(s.cardSource(), CostService::CardSource::Bundled);
        QCOMPARE(changed.count(), 0);
    }

    void importMissingFile()
    {
        CostService s(nullptr, nullptr);
        const RateCardUpdate u = s.importRateCard(m_dir.filePath(u"nope.json"_s));
        QVERIFY(!u.ok);
        QVERIFY(u.message.contains(u"nope.json"_s));
    }

    void importReportsTheDiff()
    {
        CostService s(nullptr, nullptr);
        QJsonObject card = QJsonDocument::fromJson(s.rateCard().toJson()).object();
        QJsonArray models = card.value(u"models"_s).toArray();
        for (qsizetype i = 0; i < models.size(); ++i) {
            QJsonObject m = models.at(i).toObject();
            if (m.value(u"model"_s).toString() == "sora-2"_L1) {
                m.insert(u"by_resolution"_s, QJsonObject {{u"720p"_s, 0.12}});
                models.replace(i, m);
            }
        }
        card.insert(u"models"_s, models);
        const QString path = write(u"new.json"_s, QJsonDocument(card).toJson());
        QSignalSpy changed(&s, &CostService::rateCardChanged);
        const RateCardUpdate u = s.importRateCard(path);
        QVERIFY2(u.ok, qPrintable(u.message));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(s.cardSource(), CostService::CardSource::Imported);
        QVERIFY(s.cardSourceText().contains(u"new.json"_s));
        QCOMPARE(u.changes.size(), 1);
        QVERIFY2(u.changes.first().contains(u"sora-2"_s), qPrintable(u.changes.first()));
        QCOMPARE(s.estimateVideo(u"sora-2"_s, u"720p"_s, 10), Credits(1'200'000));
    }

    void refreshPrefersTheGateway()
    {
        auto c = client();
        CostService s(c.get(), nullptr);
        const RateCardUpdate u = QCoro::waitFor(s.refreshRateCard());
        QVERIFY(u.ok);
        QCOMPARE(s.cardSource(), CostService::CardSource::Gateway);
        QVERIFY(s.cardNote().isEmpty());
        QVERIFY(!s.rateCard().isEmpty());
    }

    void refreshFallsBackToBundled_data()
    {
        QTest::addColumn<bool>("reachable");
        QTest::newRow("404") << true;
        QTest::newRow("no server") << false;
    }

    void refreshFallsBackToBundled()
    {
        QFETCH(bool, reachable);
        auto c = client(u"/nowhere"_s);
        if (!reachable) {
            c->setBaseUrl(QUrl(u"http://127.0.0.1:1"_s));
            RetryPolicy p;
            p.setTimeScale(0.001);
            c->setRetryPolicy(p);
        }
        CostService s(c.get(), nullptr);
        const RateCardUpdate u = QCoro::waitFor(s.refreshRateCard());
        QVERIFY(u.ok);
        QCOMPARE(s.cardSource(), CostService::CardSource::Bundled);
        QVERIFY(!s.cardNote().isEmpty());
        QVERIFY2(u.message.contains(u"bundled"_s), qPrintable(u.message));
        if (reachable)
            QVERIFY2(s.cardNote().contains(u"does not serve"_s), qPrintable(s.cardNote()));
    }

    void recordsCallsAndReadsTheBalance()
    {
        auto c = client();
        Ledger ledger(m_dir.filePath(u"l1.sqlite"_s));
        QVERIFY(ledger.open());
        CostService s(c.get(), &ledger);
        s.setProfile(u"P"_s);
        QSignalSpy recorded(&s, &CostService::callRecorded);
        QVERIFY(QCoro::waitFor(c->balance()).ok()); // housekeeping: not recorded
        EmbeddingRequest r;
        r.model = u"bge-large-zh-v1.5"_s;
        r.input = QStringList {u"hello"_s};
        QVERIFY(QCoro::waitFor(c->embed(r)).ok());
        QCOMPARE(recorded.count(), 1);
        QCOMPARE(ledger.count(u"P"_s), 1);
        QCOMPARE(ledger.entries(u"P"_s).first().route, u"/v1/embeddings"_s);
        QVERIFY(s.balance().has_value());
        QVERIFY(*s.balance() > 0);
        QVERIFY(!s.wouldExceedBalance(Credits(1)));
        QVERIFY(s.wouldExceedBalance(*s.balance() + 1));
        QVERIFY(!s.wouldExceedBalance(std::optional<Credits>()));
        QVERIFY(!s.describeEstimate(Credits(5)).contains(u"balance"_s));
        QVERIFY(s.describeEstimate(*s.balance() + 1).contains(u"more than your balance"_s));
        QCOMPARE(s.describeEstimate(std::nullopt), u"price unknown"_s);
    }

    void periodicReconcile()
    {
        auto c = client();
        Ledger ledger(m_dir.filePath(u"l2.sqlite"_s));
        QVERIFY(ledger.open());
        CostService s(c.get(), &ledger);
        QCOMPARE(s.reconcileInterval().count(), 0); // off unless asked
        QSignalSpy done(&s, &CostService::reconcileFinished);
        s.setReconcileInterval(std::chrono::milliseconds(30));
        QTRY_VERIFY_WITH_TIMEOUT(done.count() >= 2, 5000);
        QVERIFY(done.first().at(0).value<ReconcileReport>().ok);
        s.setReconcileInterval(std::chrono::milliseconds(0));
        QCOMPARE(s.reconcileInterval().count(), 0);
        QCOMPARE(ledger.count({}), 0); // reconcile's own usage calls are not in the ledger
    }

    // Issue 12: a call is booked (reserved) before its request leaves and again with its
    // request id when the answer begins, so a kill mid-stream cannot lose a billed call;
    // the next start marks it interrupted and the next reconcile fills in the charge.
    void startedCallsAreBookedAndSurviveAKill()
    {
        auto c = client();
        const QString path = m_dir.filePath(u"l3.sqlite"_s);
        Ledger ledger(path);
        QVERIFY(ledger.open());
        CostService s(c.get(), &ledger);
        s.setProfile(u"P"_s);
        const MessageRequest request = haiku(u"tell me about tides"_s, 200);
        std::optional<LedgerEntry> during;
        const StreamedMessage done = QCoro::waitFor(c->streamMessage(request,
            [&](const MessageStreamEvent &, const Message &) {
                if (!during && ledger.count(u"P"_s) == 1)
                    during = ledger.entries(u"P"_s).constFirst();
            },
            {}));
        QVERIFY(done.ok());
        QVERIFY(during.has_value()); // booked while the stream ran
        QCOMPARE(during->status, LedgerEntry::Status::Reserved);
        QCOMPARE(during->requestId, done.requestId);
        QCOMPARE(ledger.count(u"P"_s), 1); // the end updated that row
        const LedgerEntry after = ledger.entries(u"P"_s).constFirst();
        QCOMPARE(after.callId, during->callId);
        QCOMPARE(after.status, LedgerEntry::Status::Succeeded);

        // A call the app was killed in: booked when it began, never finished.
        CallRecord cut;
        cut.callId = u"cut-1"_s;
        cut.route = u"/v1/messages"_s;
        cut.model = u"claude-haiku-4-5"_s;
        cut.requestId = u"req_cut_1"_s;
        cut.profileId = u"P"_s;
        cut.outcome = CallRecord::Outcome::Reserved;
        s.recordStarted(cut);
        CallRecord task = cut; // a task's reservation is not a cut call
        task.callId = u"task:out-1"_s;
        task.requestId = u"req_task_1"_s;
        task.taskId = u"task_01"_s;
        s.recordCall(task);

        Ledger reopened(path); // the next start
        QVERIFY(reopened.open());
        QCOMPARE(reopened.markInterrupted(), 1);
        const auto marked = reopened.entry(u"cut-1"_s);
        QVERIFY(marked);
        QCOMPARE(marked->status, LedgerEntry::Status::Cancelled);
        QCOMPARE(marked->errorCode, QString(Ledger::kInterrupted));
        QCOMPARE(marked->chargedCredits, Credits(0));
        QCOMPARE(reopened.entry(u"task:out-1"_s)->status, LedgerEntry::Status::Reserved);

        UsageRow billed;
        billed.requestId = u"req_cut_1"_s;
        billed.route = cut.route;
        billed.model = cut.model;
        billed.status = u"succeeded"_s;
        billed.credits = 1234;
        const LedgerReconcile r = reopened.reconcileProfile({billed}, u"P"_s);
        QVERIFY(r.ok);
        const auto filled = reopened.entry(u"cut-1"_s);
        QCOMPARE(filled->chargedCredits, Credits(1234));
        QVERIFY(filled->chargeStated);
        QVERIFY(!filled->mismatch);
    }

    // A kill between the gateway's debit and the answer's first byte: the call is in
    // the ledger before its request leaves (no request id yet), and Reconcile gives the
    // gateway's usage row for it to that call.
    void callsKilledBeforeTheAnswerAreFoundByReconcile()
    {
        auto c = client();
        const QString path = m_dir.filePath(u"l4.sqlite"_s);
        Ledger ledger(path);
        QVERIFY(ledger.open());
        CostService s(c.get(), &ledger);
        s.setProfile(u"P"_s);
        auto call = c->streamMessage(haiku(u"hello"_s, 50), {}, {});
        // Before anything was sent back: booked, reserved, no request id yet.
        QCOMPARE(ledger.count(u"P"_s), 1);
        const LedgerEntry before = ledger.entries(u"P"_s).constFirst();
        QCOMPARE(before.status, LedgerEntry::Status::Reserved);
        QVERIFY(before.requestId.isEmpty());
        QVERIFY(QCoro::waitFor(std::move(call)).ok());
        QCOMPARE(ledger.count(u"P"_s), 1); // the same row, finished
        QVERIFY(!ledger.entries(u"P"_s).constFirst().requestId.isEmpty());

        CallRecord cut;
        cut.callId = u"cut-2"_s;
        cut.route = u"/v1/images/generations"_s;
        cut.model = u"seedream-4"_s;
        cut.profileId = u"P"_s;
        cut.startedAt = QDateTime::currentDateTimeUtc().addSecs(-30);
        cut.outcome = CallRecord::Outcome::Reserved;
        s.recordStarted(cut); // what the client books before sending; then the kill
        Ledger reopened(path);
        QVERIFY(reopened.open());
        QCOMPARE(reopened.markInterrupted(), 1);

        UsageRow billed;
        billed.requestId = u"req_lost_1"_s;
        billed.createdAt = QDateTime::currentDateTimeUtc().addSecs(-25);
        billed.route = cut.route;
        billed.model = cut.model;
        billed.status = u"succeeded"_s;
        billed.credits = 25000;
        UsageRow other = billed; // another model's call: not this one
        other.requestId = u"req_other_1"_s;
        other.model = u"nano-banana"_s;
        const LedgerReconcile r = reopened.reconcileProfile({billed, other}, u"P"_s);
        QVERIFY(r.ok);
        const auto found = reopened.entry(u"cut-2"_s);
        QCOMPARE(found->requestId, u"req_lost_1"_s);
        QCOMPARE(found->chargedCredits, Credits(25000));
        QVERIFY(found->chargeStated);
        QCOMPARE(found->errorCode, QString(Ledger::kInterrupted));
        QCOMPARE(r.missingFromLedger, QStringList {u"req_other_1"_s});
        // Reconciling again changes nothing: the row keeps its request id.
        const LedgerReconcile again = reopened.reconcileProfile({billed, other}, u"P"_s);
        QCOMPARE(again.missingFromLedger, QStringList {u"req_other_1"_s});
        QCOMPARE(reopened.count(u"P"_s), 2);
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestCostService)
#include "tst_costservice.moc"
