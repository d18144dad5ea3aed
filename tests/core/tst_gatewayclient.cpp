#include "gatewaytestutil.h"

#include "core/ledger.h"
#include "core/ratecard.h"

#include <QBuffer>
#include <QImage>
#include <QJsonDocument>
#include <QTimer>
#include <QUuid>

using namespace bsp;
using namespace bsp::test;
using namespace Qt::StringLiterals;

namespace {

MessageRequest hello(const QString &text = u"Hello sandbox, count my words please."_s)
{
    MessageRequest r;
    r.model = u"claude-haiku-4-5"_s;
    r.maxTokens = 200;
    r.messages << InputMessage::user(text);
    return r;
}

QByteArray pngBytes()
{
    QImage img(64, 48, QImage::Format_RGB32);
    img.fill(QColor(200, 30, 30));
    QByteArray out;
    QBuffer buf(&out);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    return out;
}

} // namespace

class TestGatewayClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;

    // Usage rows of the default key with this error code.
    int usageRowsWithCode(GatewayClient &c, const QString &code)
    {
        auto page = QCoro::waitFor(c.usage(1000));
        if (!page.ok())
            return -1;
        int n = 0;
        for (const UsageRow &r : page->rows)
            n += r.errorCode == code;
        return n;
    }

private Q_SLOTS:
    void initTestCase() { m_server = startSandbox(0.01); }
    void cleanupTestCase() { m_server.reset(); }

    void catalogueAndMoney()
    {
        auto c = clientFor(*m_server);
        QSignalSpy quota(c.get(), &GatewayClient::quotaChanged);
        auto models = QCoro::waitFor(c->models());
        QVERIFY2(models.ok(), qPrintable(models.ok() ? QString() : models.error().displayText()));
        QVERIFY(models->size() >= 20);
        auto vision = QCoro::waitFor(c->models(ModelFilter {u"vision"_s, {}}));
        QVERIFY(vision.ok());
        QVERIFY(!vision->isEmpty() && vision->size() < models->size());
        for (const ModelInfo &m : *vision)
            QVERIFY(m.can(u"vision"_s));

        auto pricing = QCoro::waitFor(c->pricing());
        QVERIFY(pricing.ok());
        QVERIFY(QJsonDocument::fromJson(*pricing).object().value("models"_L1).isArray());

        auto balance = QCoro::waitFor(c->balance());
        QVERIFY(balance.ok());
        QVERIFY(balance->remaining > 0);
        QVERIFY(!quota.isEmpty());
        QVERIFY(c->lastQuota().remaining.has_value());
        QVERIFY(!c->lastQuota().requestId.isEmpty());
    }

    void messageAndCallRecord()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        QSignalSpy quota(c.get(), &GatewayClient::quotaChanged);
        CallOptions opt;
        opt.tab = u"chat"_s;
        auto r = QCoro::waitFor(c->createMessage(hello(), opt));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().displayText()));
        QVERIFY(!r->text().isEmpty());
        QVERIFY(r->usage.inputTokens > 0 && r->usage.outputTokens > 0);
        QCOMPARE(r->stopReason, u"end_turn"_s);
        QCOMPARE(finished.count(), 1);
        const CallRecord rec = onlyRecord(finished);
        QCOMPARE(rec.tab, u"chat"_s);
        QCOMPARE(rec.route, u"/v1/messages"_s);
        QCOMPARE(rec.model, u"claude-haiku-4-5"_s);
        QCOMPARE(rec.outcome, CallRecord::Outcome::Succeeded);
        QCOMPARE(rec.httpStatus, 200);
        QVERIFY(rec.requestId.startsWith(u"req_"_s));
        QCOMPARE(rec.inputTokens, r->usage.inputTokens);
        QCOMPARE(rec.outputTokens, r->usage.outputTokens);
        QVERIFY(rec.timeToFirstByteMs >= 0 && rec.latencyMs >= rec.timeToFirstByteMs);
        QCOMPARE(quota.count(), 1);
        QCOMPARE(c->lastQuota().requestId, rec.requestId);

        // The gateway's own record of that call.
        auto page = QCoro::waitFor(c->usage(1000));
        QVERIFY(page.ok());
        bool found = false;
        for (const UsageRow &row : page->rows)
            found = found || (row.requestId == rec.requestId && row.status == "succeeded"_L1);
        QVERIFY(found);
    }

    void badKey()
    {
        auto c = clientFor(*m_server, u"sk-byts-not-a-real-key-9999"_s);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        auto r = QCoro::waitFor(c->balance());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::Authentication);
        QCOMPARE(r.error().httpStatus, 401);
        QVERIFY(!r.error().requestId.isEmpty());
        QVERIFY(!r.error().displayText().contains(u"9999"_s));
        QCOMPARE(c->attemptCount(), 1); // 401 is never retried
        QCOMPARE(onlyRecord(finished).outcome, CallRecord::Outcome::Failed);
    }

    // A failed message still reports its input tokens (counted as the gateway counts
    // them), so the ledger can show what the free failure would have cost.
    void failedMessageReportsInputTokens()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        CallOptions opt;
        opt.headers.append({"x-sandbox-fault"_ba, "content_policy"_ba});
        const auto ok = QCoro::waitFor(c->createMessage(hello()));
        QVERIFY(ok.ok());
        auto r = QCoro::waitFor(c->createMessage(hello(), opt));
        QVERIFY(!r.ok());
        QCOMPARE(finished.count(), 2);
        const auto failed = finished.at(1).at(0).value<CallRecord>();
        QCOMPARE(failed.outcome, CallRecord::Outcome::Failed);
        QCOMPARE(failed.inputTokens, ok->usage.inputTokens);
        QCOMPARE(failed.inputTokens, hello().estimatedInputTokens());
    }

    // An image made by the generate_image tool is billed on top of the text at the
    // image model's rate: the ledger's price of the call equals the gateway's usage row.
    void imageToolCallPricedLikeTheGateway()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        MessageRequest request = hello();
        request.messages = {InputMessage::user(u"Draw a picture of a lighthouse"_s)};
        request.addImageTool(u"gpt-image-2"_s, u"1024x1024"_s);
        auto r = QCoro::waitFor(c->createMessage(request));
        QVERIFY(r.ok());
        QCOMPARE(r->images().size(), 1);
        const CallRecord rec = onlyRecord(finished);
        QCOMPARE(rec.images, 1);
        QCOMPARE(rec.imageModel, u"gpt-image-2"_s);
        // The ledger books the image on its own line; the lines add up to the usage row.
        Credits charged = 0;
        for (const LedgerEntry &line : Ledger::lines(rec, RateCard::bundled(), u"p"_s))
            charged += line.chargedCredits;
        auto page = QCoro::waitFor(c->usage(1000));
        QVERIFY(page.ok());
        std::optional<Credits> billed;
        for (const UsageRow &row : page->rows) {
            if (row.requestId == rec.requestId)
                billed = row.credits;
        }
        QVERIFY(billed);
        QCOMPARE(charged, *billed);
        QVERIFY(*billed > creditsFromUsd(0.08)); // the image is in it
    }

    void faults_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code"); // empty: not checked (Anthropic error.type)
        QTest::addColumn<int>("attempts");
        const auto K = [](ApiError::Kind k) { return int(k); };
        for (const QString &route :
            {u"messages"_s, u"images"_s, u"embeddings"_s, u"rerank"_s, u"submit"_s}) {
            const bool anthropic = route == "messages"_L1;
            const QByteArray r = route.toLatin1();
            QTest::addRow("%s content_policy", r.constData())
                << route << QByteArray("content_policy") << K(ApiError::Kind::ContentPolicy) << 451
                << (anthropic ? QString() : u"content_policy_violation"_s) << 1;
            QTest::addRow("%s watermark", r.constData())
                << route << QByteArray("watermark") << K(ApiError::Kind::Watermark) << 422
                << (anthropic ? QString() : u"watermark_detected"_s) << 1;
            QTest::addRow("%s upstream_502", r.constData())
                << route << QByteArray("upstream_502") << K(ApiError::Kind::Server) << 502
                << (anthropic ? QString() : u"upstream_error"_s) << 3;
            QTest::addRow("%s overloaded", r.constData())
                << route << QByteArray("overloaded") << K(ApiError::Kind::Overloaded) << 529
                << (anthropic ? u"overloaded_error"_s : u"overloaded"_s) << 3;
            QTest::addRow("%s rate_limit", r.constData())
                << route << QByteArray("rate_limit") << K(ApiError::Kind::RateLimited) << 429
                << (anthropic ? QString() : u"rate_limit_error"_s) << 3;
            QTest::addRow("%s insufficient_balance", r.constData())
                << route << QByteArray("insufficient_balance") << K(ApiError::Kind::Billing) << 402
                << (anthropic ? u"billing_error"_s : u"insufficient_balance"_s) << 1;
            QTest::addRow("%s malformed", r.constData())
                << route << QByteArray("malformed") << K(ApiError::Kind::Malformed) << 200
                << QString() << 1;
            // A cut body is re-sent only where that cannot bill twice (submit has out_task_id).
            QTest::addRow("%s drop_stream", r.constData())
                << route << QByteArray("drop_stream") << K(ApiError::Kind::StreamDropped) << 200
                << QString() << (route == "submit"_L1 ? 3 : 1);
        }
    }
    void faults()
    {
        QFETCH(QString, route);
        QFETCH(QByteArray, fault);
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(int, attempts);
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        QSignalSpy quota(c.get(), &GatewayClient::quotaChanged);
        const CallOptions opt = withFault(fault.constData());
        std::optional<ApiError> err;
        if (route == "messages"_L1) {
            auto r = QCoro::waitFor(c->createMessage(hello(), opt));
            QVERIFY(!r.ok());
            err = r.error();
        } else if (route == "images"_L1) {
            ImageRequest req;
            req.model = u"seedream-v5lite"_s;
            req.prompt = u"a lighthouse"_s;
            auto r = QCoro::waitFor(c->generateImages(req, opt));
            QVERIFY(!r.ok());
            err = r.error();
        } else if (route == "embeddings"_L1) {
            auto r = QCoro::waitFor(
                c->embed(EmbeddingRequest {u"bge-large-zh-v1.5"_s, {u"hello"_s}}, opt));
            QVERIFY(!r.ok());
            err = r.error();
        } else if (route == "rerank"_L1) {
            RerankRequest req {u"bge-reranker-v2-m3"_s, u"fox"_s, {u"a fox"_s, u"a dog"_s}};
            auto r = QCoro::waitFor(c->rerank(req, opt));
            QVERIFY(!r.ok());
            err = r.error();
        } else {
            TaskSubmit req;
            req.model = u"sora-2"_s;
            req.prompt = u"waves"_s;
            req.durationSeconds = 2;
            auto r = QCoro::waitFor(c->submitTask(req, opt));
            QVERIFY(!r.ok());
            err = r.error();
        }
        QCOMPARE(int(err->kind), kind);
        QCOMPARE(err->httpStatus, status);
        if (!code.isEmpty())
            QCOMPARE(err->code, code);
        QVERIFY2(err->requestId.startsWith(u"req_"_s), qPrintable(err->displayText()));
        QVERIFY(err->displayText().contains(err->requestId));
        QVERIFY(!err->billed);
        QCOMPARE(c->attemptCount(), attempts);
        QCOMPARE(finished.count(), 1);
        const CallRecord rec = onlyRecord(finished);
        QCOMPARE(rec.outcome, CallRecord::Outcome::Failed);
        QCOMPARE(rec.requestId, err->requestId);
        QCOMPARE(rec.tab, u"test"_s);
        QVERIFY(rec.error.has_value());
        QCOMPARE(quota.count(), attempts); // every response carries the quota envelope
    }

    void retriesShowInUsageRows()
    {
        auto c = clientFor(*m_server);
        const int before = usageRowsWithCode(*c, u"upstream_error"_s);
        auto r = QCoro::waitFor(c->embed(
            EmbeddingRequest {u"bge-large-zh-v1.5"_s, {u"x"_s}}, withFault("upstream_502")));
        QVERIFY(!r.ok());
        QCOMPARE(usageRowsWithCode(*c, u"upstream_error"_s) - before, 3); // 1 try + 2 retries
    }

    void rateLimitHonoursRetryAfter()
    {
        auto c = clientFor(*m_server);
        RetryPolicy p;
        p.setTimeScale(0.1); // retry-after 1 s -> 100 ms, twice
        c->setRetryPolicy(p);
        QElapsedTimer t;
        t.start();
        auto r = QCoro::waitFor(c->balance(withFault("rate_limit")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::RateLimited);
        QCOMPARE(r.error().retryAfter, std::optional(std::chrono::milliseconds(1000)));
        QCOMPARE(c->attemptCount(), 3);
        QVERIFY2(t.elapsed() >= 190, qPrintable(QString::number(t.elapsed())));
    }

    void noRetryWhenDisabled()
    {
        auto c = clientFor(*m_server);
        CallOptions opt = withFault("upstream_502");
        opt.retry = false;
        auto r = QCoro::waitFor(c->balance(opt));
        QCOMPARE(r.error().kind, ApiError::Kind::Server);
        QCOMPARE(c->attemptCount(), 1);
    }

    void networkErrorAndTimeout()
    {
        auto c = std::make_unique<GatewayClient>();
        c->setBaseUrl(QUrl(u"http://127.0.0.1:1"_s));
        c->setApiKey(u"sk-byts-sandbox"_s);
        RetryPolicy p;
        p.setTimeScale(0.01);
        c->setRetryPolicy(p);
        auto r = QCoro::waitFor(c->balance());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ApiError::Kind::Network);
        QCOMPARE(r.error().httpStatus, 0);
        QCOMPARE(c->attemptCount(), 3); // connection errors are retried

        auto s = clientFor(*m_server);
        CallOptions opt = withFault("slow");
        opt.timeout = std::chrono::milliseconds(50);
        opt.retry = false;
        auto slow
            = QCoro::waitFor(s->embed(EmbeddingRequest {u"bge-large-zh-v1.5"_s, {u"x"_s}}, opt));
        QVERIFY(!slow.ok());
        QCOMPARE(slow.error().kind, ApiError::Kind::Timeout);
    }

    void cancelBeforeAndDuring()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        CallOptions opt;
        opt.cancel.cancel();
        auto r = QCoro::waitFor(c->balance(opt));
        QCOMPARE(r.error().kind, ApiError::Kind::Cancelled);
        QCOMPARE(c->attemptCount(), 0);
        QCOMPARE(onlyRecord(finished).outcome, CallRecord::Outcome::Cancelled);

        CallOptions slow = withFault("slow");
        QTimer::singleShot(50, [t = slow.cancel] { t.cancel(); });
        QElapsedTimer clock;
        clock.start();
        auto e
            = QCoro::waitFor(c->embed(EmbeddingRequest {u"bge-large-zh-v1.5"_s, {u"x"_s}}, slow));
        QCOMPARE(e.error().kind, ApiError::Kind::Cancelled);
        QVERIFY(clock.elapsed() < 2000);
        QCOMPARE(finished.count(), 2);
    }

    void imagesAndDownload()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        ImageRequest req;
        req.model = u"seedream-v5lite"_s;
        req.prompt = u"a red lighthouse at dusk"_s;
        req.n = 2;
        req.size = u"1024x1024"_s;
        req.responseFormat = u"url"_s;
        auto r = QCoro::waitFor(c->generateImages(req, withFault("", u"image"_s)));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().displayText()));
        QCOMPARE(r->images.size(), 2);
        QVERIFY(r->images.at(0).url.isValid());
        const CallRecord rec = onlyRecord(finished);
        QCOMPARE(rec.images, 2);
        QCOMPARE(rec.size, u"1024x1024"_s);
        QCOMPARE(rec.tab, u"image"_s);

        auto bytes = QCoro::waitFor(c->downloadUrl(r->images.at(0).url));
        QVERIFY2(bytes.ok(), qPrintable(bytes.ok() ? QString() : bytes.error().displayText()));
        QVERIFY(bytes->startsWith("\x89PNG"));

        req.responseFormat = u"b64_json"_s;
        req.n = 1;
        auto b64 = QCoro::waitFor(c->generateImages(req));
        QVERIFY(b64.ok());
        QVERIFY(b64->images.at(0).data.startsWith("\x89PNG"));

        ImageEditRequest edit;
        edit.model = u"seedream-4"_s;
        edit.prompt = u"make it blue"_s;
        edit.image = pngBytes();
        auto edited = QCoro::waitFor(c->editImage(edit));
        QVERIFY2(edited.ok(), qPrintable(edited.ok() ? QString() : edited.error().displayText()));
        QCOMPARE(edited->images.size(), 1);

        edit.image = "not an image at all";
        auto bad = QCoro::waitFor(c->editImage(edit));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, ApiError::Kind::InvalidRequest);
        QCOMPARE(bad.error().code, u"invalid_image"_s);
    }

    void embeddingsBothEncodings()
    {
        auto c = clientFor(*m_server);
        EmbeddingRequest req {u"bge-large-zh-v1.5"_s,
            {u"今天天气很好"_s, u"the weather is nice"_s, u"today weather"_s}};
        auto f = QCoro::waitFor(c->embed(req));
        QVERIFY2(f.ok(), qPrintable(f.ok() ? QString() : f.error().displayText()));
        QCOMPARE(f->count, 3);
        QCOMPARE(f->dimensions, 1024);
        req.encodingFormat = u"base64"_s;
        auto b = QCoro::waitFor(c->embed(req));
        QVERIFY(b.ok());
        QCOMPARE(b->values.size(), f->values.size());
        for (qsizetype i = 0; i < f->values.size(); i += 97)
            QVERIFY(qAbs(b->values.at(i) - f->values.at(i)) < 1e-6f);
        QVERIFY(f->promptTokens > 0);

        auto empty
            = QCoro::waitFor(c->embed(EmbeddingRequest {u"bge-large-zh-v1.5"_s, {QString()}}));
        QCOMPARE(empty.error().kind, ApiError::Kind::InvalidRequest);
        QCOMPARE(empty.error().code, u"invalid_param"_s);
    }

    void rerankSorted()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        RerankRequest req {u"bge-reranker-v2-m3"_s, u"red fox"_s,
            {u"a blue whale"_s, u"the quick red fox jumps"_s, u"a fox"_s}};
        auto r = QCoro::waitFor(c->rerank(req));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().displayText()));
        QCOMPARE(r->results.size(), 3);
        QCOMPARE(r->results.at(0).index, 1);
        for (qsizetype i = 1; i < r->results.size(); ++i)
            QVERIFY(r->results.at(i - 1).relevanceScore >= r->results.at(i).relevanceScore);
        QCOMPARE(onlyRecord(finished).documents, 3);
    }

    void tasksEndToEnd()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        TaskSubmit req;
        req.model = u"seedance-2.0-pro-fast"_s;
        req.prompt = u"a paper boat on a river"_s;
        req.durationSeconds = 1;
        auto sub = QCoro::waitFor(c->submitTask(req, withFault("", u"video"_s)));
        QVERIFY2(sub.ok(), qPrintable(sub.ok() ? QString() : sub.error().displayText()));
        QVERIFY(!sub->outTaskId.isEmpty()); // a UUID was generated
        QVERIFY(sub->estimatedCredits.has_value());
        const CallRecord subRec = onlyRecord(finished);
        QCOMPARE(subRec.outcome, CallRecord::Outcome::Reserved);
        QCOMPARE(subRec.callId, u"task:"_s + sub->outTaskId);
        QCOMPARE(subRec.taskId, sub->taskId);

        // Re-sending the same out_task_id (what a retry does) returns the same task.
        req.outTaskId = sub->outTaskId;
        auto again = QCoro::waitFor(c->submitTask(req));
        QVERIFY(again.ok());
        QCOMPARE(again->taskId, sub->taskId);
        req.prompt = u"something else"_s;
        const qint64 attemptsBefore = c->attemptCount();
        auto dup = QCoro::waitFor(c->submitTask(req));
        QCOMPARE(dup.error().kind, ApiError::Kind::Conflict);
        QCOMPARE(c->attemptCount() - attemptsBefore, 1); // a duplicate is never retried
        QCOMPARE(dup.error().code, u"duplicate_out_task_id"_s);

        TaskInfo info = *sub;
        QElapsedTimer clock;
        clock.start();
        while (!isTerminal(info.status) && clock.elapsed() < 15000) {
            QTest::qWait(50);
            auto q = QCoro::waitFor(c->queryTask(sub->taskId));
            QVERIFY(q.ok());
            info = *q;
        }
        QCOMPARE(info.status, TaskStatus::Completed);
        QVERIFY(info.creditsUsed.has_value());
        QCOMPARE(info.outputs.size(), 1);
        const CallRecord last = finished.constLast().at(0).value<CallRecord>();
        QCOMPARE(last.callId, subRec.callId);
        QCOMPARE(last.statedCredits, info.creditsUsed);
        auto clip = QCoro::waitFor(c->downloadUrl(info.outputs.first().url));
        QVERIFY(clip.ok());
        QVERIFY(clip->size() > 1000);

        auto byOut = QCoro::waitFor(c->queryTaskByOutId(sub->outTaskId));
        QVERIFY(byOut.ok());
        QCOMPARE(byOut->taskId, sub->taskId);

        auto missing = QCoro::waitFor(c->queryTask(u"task_does_not_exist"_s));
        QCOMPARE(missing.error().kind, ApiError::Kind::NotFound);
        QCOMPARE(missing.error().code, u"task_not_found"_s);
    }

    void submitRetriedAfterDropCreatesOneTask()
    {
        auto c = clientFor(*m_server);
        TaskSubmit req;
        req.model = u"sora-2"_s;
        req.prompt = u"retry me"_s;
        req.durationSeconds = 1;
        req.outTaskId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        auto dropped = QCoro::waitFor(c->submitTask(req, withFault("drop_stream")));
        QCOMPARE(dropped.error().kind, ApiError::Kind::StreamDropped);
        QCOMPARE(c->attemptCount(), 3);
        // The same out_task_id then succeeds once and stays one task.
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        auto ok1 = QCoro::waitFor(c->submitTask(req));
        QVERIFY(ok1.ok());
        QCOMPARE(ok1->outTaskId, req.outTaskId);
        auto ok2 = QCoro::waitFor(c->submitTask(req));
        QVERIFY(ok2.ok());
        QCOMPARE(ok2->taskId, ok1->taskId);
        auto cancelled = QCoro::waitFor(c->cancelTask(ok1->taskId));
        QVERIFY(cancelled.ok());
        QCOMPARE(cancelled->status, TaskStatus::Cancelled);
        QCOMPARE(
            finished.constLast().at(0).value<CallRecord>().outcome, CallRecord::Outcome::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestGatewayClient)
#include "tst_gatewayclient.moc"
