// The mixed run: a real GatewayClient against a real SandboxServer, every finished
// call recorded through CostService into a real SQLite ledger. Successes on every
// modality, every fault, a cancelled queued task and a cancelled running one; then
// the ledger's charges must equal the sandbox's usage rows to the credit.

#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "sandbox/sandboxserver.h"

#include <QCoroTask>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

CallOptions opts(const char *fault = nullptr)
{
    CallOptions o;
    o.tab = u"test"_s;
    o.retry = false; // one attempt: the fault answers every retry the same way
    if (fault)
        o.headers.append(qMakePair(QByteArray("x-sandbox-fault"), QByteArray(fault)));
    return o;
}

MessageRequest message(const QString &text)
{
    MessageRequest r;
    r.model = u"claude-haiku-4-5"_s;
    r.maxTokens = 200;
    r.messages << InputMessage::user(text);
    return r;
}

} // namespace

class TestLedgerSandbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<CostService> m_cost;
    QList<CallRecord> m_records;

    TaskInfo waitTask(const QString &taskId, const std::function<bool(const TaskInfo &)> &done)
    {
        TaskInfo last;
        for (int i = 0; i < 800; ++i) {
            const Result<TaskInfo> r = QCoro::waitFor(m_client->queryTask(taskId, opts()));
            if (r.ok()) {
                last = *r;
                if (done(last))
                    return last;
            }
            QTest::qWait(10);
        }
        return last;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        sandbox::SandboxOptions o;
        o.timeScale = 0.05; // a 5 s clip renders in a few hundred ms: room to cancel it running
        m_server = std::make_unique<sandbox::SandboxServer>(o);
        QVERIFY(m_server->listen() != 0);
        m_client = std::make_unique<GatewayClient>();
        m_client->setBaseUrl(QUrl(m_server->baseUrl()));
        m_client->setApiKey(sandbox::SandboxServer::defaultKey());
        m_ledger = std::make_unique<Ledger>(m_dir.filePath(u"ledger.sqlite"_s));
        QVERIFY2(m_ledger->open(), qPrintable(m_ledger->lastError()));
        m_cost = std::make_unique<CostService>(m_client.get(), m_ledger.get());
        m_cost->setProfile(u"Sandbox"_s);
        connect(m_client.get(), &GatewayClient::callFinished, this,
            [this](const CallRecord &r) { m_records << r; });
        const RateCardUpdate u = QCoro::waitFor(m_cost->refreshRateCard());
        QVERIFY(u.ok);
        QCOMPARE(m_cost->cardSource(), CostService::CardSource::Gateway);
    }

    void mixedRun()
    {
        // Successes, one per modality.
        QVERIFY(
            QCoro::waitFor(m_client->createMessage(message(u"What is a ledger?"_s), opts())).ok());
        const StreamedMessage sm = QCoro::waitFor(m_client->streamMessage(
            message(u"Stream me a short answer"_s), [](const auto &, const auto &) {}, opts()));
        QVERIFY(sm.ok());
        ImageRequest img;
        img.model = u"seedream-4"_s;
        img.prompt = u"a red lighthouse"_s;
        img.n = 2;
        QVERIFY(QCoro::waitFor(m_client->generateImages(img, opts())).ok());
        EmbeddingRequest emb;
        emb.model = u"bge-large-zh-v1.5"_s;
        emb.input = QStringList {u"first text"_s, u"第二段文字"_s};
        QVERIFY(QCoro::waitFor(m_client->embed(emb, opts())).ok());
        RerankRequest rr;
        rr.model = u"bge-reranker-v2-m3"_s;
        rr.query = u"ledger"_s;
        rr.documents = QStringList {u"a ledger of calls"_s, u"a lighthouse"_s, u"credits"_s};
        QVERIFY(QCoro::waitFor(m_client->rerank(rr, opts())).ok());
        TaskSubmit video;
        video.model = u"sora-2"_s;
        video.prompt = u"waves"_s;
        video.durationSeconds = 4;
        const Result<TaskInfo> done = QCoro::waitFor(m_client->submitTask(video, opts()));
        QVERIFY(done.ok());
        {
            // While it runs the ledger shows a reservation, not spend.
            const auto e = m_ledger->entry(u"task:"_s + done->outTaskId);
            QVERIFY(e);
            QCOMPARE(e->status, LedgerEntry::Status::Reserved);
            QVERIFY(e->reservedCredits > 0);
            QCOMPARE(e->chargedCredits, 0);
        }
        const TaskInfo finished = waitTask(done->taskId, [](const TaskInfo &t) {
            return t.status == TaskStatus::Completed || t.status == TaskStatus::Failed;
        });
        QCOMPARE(finished.status, TaskStatus::Completed);

        // Every fault: all free.
        for (const char *fault : {"content_policy", "upstream_502", "overloaded", "rate_limit",
                 "insufficient_balance", "malformed"})
            QVERIFY2(!QCoro::waitFor(m_client->createMessage(message(u"fail"_s), opts(fault))).ok(),
                fault);
        QVERIFY(!QCoro::waitFor(m_client->generateImages(img, opts("watermark"))).ok());
        QVERIFY(!QCoro::waitFor(
            m_client->createMessage(message(u"in the prompt [fault:content_policy]"_s), opts()))
                     .ok());
        const StreamedMessage dropped = QCoro::waitFor(m_client->streamMessage(
            message(u"drop me"_s), [](const auto &, const auto &) {}, opts("drop_stream")));
        QVERIFY(!dropped.ok());
        ImageEditRequest edit;
        edit.model = u"seedream-4"_s;
        edit.prompt = u"repaint"_s;
        edit.image = QByteArray("\x89PNG\r\n\x1a\n this is not an image", 30);
        QVERIFY(!QCoro::waitFor(m_client->editImage(edit, opts())).ok());

        // A task cancelled while queued: free.
        TaskSubmit queued = video;
        queued.model = u"veo-3.1"_s;
        const Result<TaskInfo> q = QCoro::waitFor(m_client->submitTask(queued, opts()));
        QVERIFY(q.ok());
        const Result<TaskInfo> qc = QCoro::waitFor(m_client->cancelTask(q->taskId, opts()));
        QVERIFY(qc.ok());
        QCOMPARE(qc->status, TaskStatus::Cancelled);
        const auto queuedEntry = m_ledger->entry(u"task:"_s + q->outTaskId);
        QVERIFY(queuedEntry);
        QCOMPARE(queuedEntry->status, LedgerEntry::Status::Cancelled);
        QCOMPARE(queuedEntry->chargedCredits, 0);

        // A task cancelled while running: sora-2 bills the rendered seconds.
        const Result<TaskInfo> run = QCoro::waitFor(m_client->submitTask(video, opts()));
        QVERIFY(run.ok());
        const TaskInfo running = waitTask(run->taskId, [](const TaskInfo &t) {
            return (t.status == TaskStatus::Running && t.progress.value_or(0) >= 0.1)
                || t.status == TaskStatus::Completed;
        });
        QCOMPARE(running.status, TaskStatus::Running);
        const Result<TaskInfo> rc = QCoro::waitFor(m_client->cancelTask(run->taskId, opts()));
        QVERIFY(rc.ok());
        QCOMPARE(rc->status, TaskStatus::Cancelled);
        const auto runEntry = m_ledger->entry(u"task:"_s + run->outTaskId);
        QVERIFY(runEntry);
        QCOMPARE(runEntry->status, LedgerEntry::Status::Cancelled);
        QVERIFY(runEntry->chargedCredits > 0);
        QCOMPARE(runEntry->chargedCredits, rc->creditsUsed.value_or(-1));
        QVERIFY(runEntry->chargedCredits < runEntry->reservedCredits);

        // The ledger against the gateway's own usage rows.
        QList<UsageRow> rows;
        QString after;
        for (;;) {
            const Result<UsagePage> p = QCoro::waitFor(m_client->usage(7, after, opts()));
            QVERIFY(p.ok());
            rows += p->rows;
            if (!p->hasMore || p->rows.isEmpty())
                break;
            after = p->rows.constLast().requestId;
        }
        Credits usageSum = 0;
        QHash<QString, Credits> byRequest;
        for (const UsageRow &r : rows) {
            usageSum += r.credits;
            byRequest.insert(r.requestId, r.credits);
        }
        const QList<LedgerEntry> entries = m_ledger->entries(u"Sandbox"_s, 1000);
        QVERIFY(entries.size() >= 18);
        const LedgerTotals totals = m_ledger->totals(u"Sandbox"_s);
        QCOMPARE(totals.reserved, 0);
        QCOMPARE(totals.charged, usageSum);
        QVERIFY(totals.savedByFailures > 0);
        int failures = 0;
        for (const LedgerEntry &e : entries) {
            QVERIFY2(e.status != LedgerEntry::Status::Reserved, qPrintable(e.callId));
            if (e.status == LedgerEntry::Status::Failed) {
                ++failures;
                QCOMPARE(e.chargedCredits, 0);
                QVERIFY2(!e.errorCode.isEmpty(), qPrintable(e.route));
            }
            if (byRequest.contains(e.requestId))
                QCOMPARE(e.chargedCredits, byRequest.value(e.requestId));
            // Estimates agree with charges on successes (the card's rounding: 1 credit).
            if (e.status == LedgerEntry::Status::Succeeded && e.estimatedCredits
                && e.modality != Modality::Text)
                QVERIFY2(qAbs(*e.estimatedCredits - e.chargedCredits) <= 1,
                    qPrintable(e.route + u' ' + formatUsd(*e.estimatedCredits) + u' '
                        + formatUsd(e.chargedCredits)));
        }
        QVERIFY2(failures >= 10, qPrintable(QString::number(failures)));

        // Reconcile finds nothing; an altered entry is flagged.
        m_cost->setUsagePageSize(5);
        const ReconcileReport clean = QCoro::waitFor(m_cost->reconcileNow());
        QVERIFY2(clean.ok, qPrintable(clean.error));
        QCOMPARE(clean.usageRows, rows.size());
        QVERIFY2(clean.mismatches.isEmpty(), qPrintable(clean.summary()));

        CallRecord altered;
        for (const CallRecord &r : std::as_const(m_records))
            if (r.route == "/v1/images/generations"_L1
                && r.outcome == CallRecord::Outcome::Succeeded)
                altered = r;
        QVERIFY(!altered.callId.isEmpty());
        altered.statedCredits = m_ledger->entry(altered.callId)->chargedCredits + 1;
        QVERIFY(m_ledger->record(altered, m_cost->rateCard(), u"Sandbox"_s));
        const ReconcileReport flagged = QCoro::waitFor(m_cost->reconcileNow());
        QVERIFY(flagged.ok);
        QCOMPARE(flagged.mismatches.size(), 1);
        QCOMPARE(flagged.mismatches.first().callId, altered.callId);
        QVERIFY(m_ledger->entry(altered.callId)->mismatch);
    }

    void estimatesMatchCharges_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("text") << u"text"_s;
        QTest::newRow("image") << u"image"_s;
        QTest::newRow("embedding") << u"embedding"_s;
        QTest::newRow("rerank") << u"rerank"_s;
    }

    // Estimate before sending vs the charge the gateway reports, per modality.
    void estimatesMatchCharges()
    {
        QFETCH(QString, kind);
        std::optional<Credits> estimate;
        QString callId;
        m_records.clear();
        if (kind == "text"_L1) {
            // Max tokens bounds the output: the estimate is an upper bound.
            const QString prompt = u"Count the words in this sentence please."_s;
            MessageRequest r = message(prompt);
            estimate = m_cost->estimateText(r.model, prompt, r.maxTokens);
            QVERIFY(QCoro::waitFor(m_client->createMessage(r, opts())).ok());
        } else if (kind == "image"_L1) {
            ImageRequest r;
            r.model = u"seedream-4"_s;
            r.prompt = u"blue"_s;
            r.n = 3;
            estimate = m_cost->estimateImages(r.model, r.size, r.n);
            QVERIFY(QCoro::waitFor(m_client->generateImages(r, opts())).ok());
        } else if (kind == "embedding"_L1) {
            EmbeddingRequest r;
            r.model = u"bge-large-zh-v1.5"_s;
            // Cheap per token (0.02 USD/Mtok): enough text that the charge is not 0.
            r.input = QStringList {
                u"hello world "_s.repeated(800), u"你好世界"_s.repeated(300), u"x"_s};
            estimate = m_cost->estimateEmbedding(r.model, r.input);
            QVERIFY(QCoro::waitFor(m_client->embed(r, opts())).ok());
        } else {
            RerankRequest r;
            r.model = u"bge-reranker-v2-m3"_s;
            r.query = u"q"_s;
            for (int i = 0; i < 150; ++i)
                r.documents << u"doc %1"_s.arg(i);
            estimate = m_cost->estimateRerank(r.model, int(r.documents.size()));
            QVERIFY(QCoro::waitFor(m_client->rerank(r, opts())).ok());
        }
        QVERIFY(estimate.has_value());
        QCOMPARE(m_records.size(), 1);
        const auto e = m_ledger->entry(m_records.first().callId);
        QVERIFY(e);
        // The charge is what the usage row says (reconcile), not the client's own guess.
        const ReconcileReport rep = QCoro::waitFor(m_cost->reconcileNow());
        QVERIFY(rep.ok);
        const auto after = m_ledger->entry(e->callId);
        QVERIFY(after->reconciledCredits.has_value());
        const Credits charged = *after->reconciledCredits;
        QVERIFY(charged > 0);
        if (kind == "text"_L1)
            QVERIFY2(charged <= *estimate + 1,
                qPrintable(formatUsd(charged) + u" > "_s + formatUsd(*estimate)));
        else
            QVERIFY2(qAbs(charged - *estimate) <= 1,
                qPrintable(formatUsd(charged) + u" vs "_s + formatUsd(*estimate)));
    }

    void videoEstimateMatchesCharge()
    {
        TaskSubmit v;
        v.model = u"sora-2"_s;
        v.prompt = u"clouds"_s;
        v.durationSeconds = 3;
        const std::optional<Credits> estimate = m_cost->estimateVideo(v.model, v.resolution, 3);
        QVERIFY(estimate);
        const Result<TaskInfo> s = QCoro::waitFor(m_client->submitTask(v, opts()));
        QVERIFY(s.ok());
        QCOMPARE(s->estimatedCredits.value_or(-1), *estimate);
        const TaskInfo t = waitTask(s->taskId, [](const TaskInfo &i) {
            return i.status == TaskStatus::Completed || i.status == TaskStatus::Failed;
        });
        QCOMPARE(t.status, TaskStatus::Completed);
        QVERIFY(qAbs(t.creditsUsed.value_or(0) - *estimate) <= 1);
    }

    void cleanupTestCase()
    {
        m_cost.reset();
        m_client.reset();
        m_server.reset();
        m_ledger.reset();
    }
};

QTEST_GUILESS_MAIN(TestLedgerSandbox)
#include "tst_ledger_sandbox.moc"
