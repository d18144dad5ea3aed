#include "core/apierror.h"
#include "core/messageaccumulator.h"
#include "core/retrypolicy.h"
#include "core/sseparser.h"
#include "core/wiretypes.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace bsp;
using namespace Qt::StringLiterals;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(BSP_FIXTURES_DIR) + u'/' + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll();
}

QJsonObject fixtureObject(const QString &name)
{
    return QJsonDocument::fromJson(fixture(name)).object();
}

Message replay(
    const QString &name, MessageAccumulator &acc, QList<MessageStreamEvent> *events = nullptr)
{
    SseParser p;
    const QByteArray body = fixture(name);
    for (const SseEvent &e : p.feed(body)) {
        if (auto ev = acc.apply(e); ev && events)
            events->append(*ev);
    }
    return acc.message();
}

} // namespace

class TestWireTypes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("requestId");
        QTest::newRow("anthropic 529")
            << u"error_anthropic_overloaded.json"_s << 529 << int(ApiError::Kind::Overloaded)
            << u"overloaded_error"_s << u"req_body_01"_s;
        QTest::newRow("openai on messages")
            << u"error_openai_on_messages.json"_s << 429 << int(ApiError::Kind::RateLimited)
            << u"rate_limit_error"_s << u"req_hdr"_s;
        QTest::newRow("code number") << u"error_code_number.json"_s << 402
                                     << int(ApiError::Kind::Billing) << u"402"_s << u"req_hdr"_s;
        QTest::newRow("code null")
            << u"error_code_null.json"_s << 502 << int(ApiError::Kind::Server) << u"server_error"_s
            << u"req_hdr"_s;
        QTest::newRow("duplicate")
            << u"error_openai_task_dup.json"_s << 409 << int(ApiError::Kind::Conflict)
            << u"duplicate_out_task_id"_s << u"req_hdr"_s;
        QTest::newRow("not json") << u"error_not_json.html"_s << 502 << int(ApiError::Kind::Server)
                                  << QString() << u"req_hdr"_s;
        // Status first: a 451 stays a content-policy error whatever the body's type says.
        QTest::newRow("status before code")
            << u"error_code_null.json"_s << 451 << int(ApiError::Kind::ContentPolicy)
            << u"server_error"_s << u"req_hdr"_s;
    }
    void errors()
    {
        QFETCH(QString, file);
        QFETCH(int, status);
        QFETCH(int, kind);
        QFETCH(QString, code);
        QFETCH(QString, requestId);
        HeaderList headers;
        if (requestId == "req_hdr"_L1)
            headers.append(std::pair<QByteArray, QByteArray>("Request-Id", "req_hdr"));
        const ApiError e = ApiError::fromHttp(status, fixture(file), headers);
        QCOMPARE(int(e.kind), kind);
        QCOMPARE(e.httpStatus, status);
        QCOMPARE(e.code, code);
        QCOMPARE(e.requestId, requestId);
        QVERIFY(!e.message.isEmpty());
        QVERIFY(!e.billed);
        QVERIFY(e.displayText().contains(requestId));
        QVERIFY(e.displayText().contains(QString::number(status)));
    }

    void errorRetryAfterAndKeyScrub()
    {
        const ApiError e = ApiError::fromHttp(401,
            R"({"error":{"message":"invalid key sk-byts-secret123456","code":"invalid_api_key"}})",
            {{"retry-after", "2"}});
        QVERIFY(!e.displayText().contains(u"secret123456"_s));
        QCOMPARE(e.retryAfter, std::optional(std::chrono::milliseconds(2000)));
        QVERIFY(!e.isRetryable());
        QVERIFY(ApiError::fromHttp(409, fixture(u"error_openai_task_dup.json"_s), {}).isRetryable()
            == false);
        QVERIFY(ApiError::fromHttp(409, "{}", {}).isRetryable());
    }

    void quotaHeaders()
    {
        const HeaderList h {{"X-RateLimit-Limit", "100"}, {"x-ratelimit-remaining", "99.5"},
            {"X-RateLimit-Reset", "1764040000"}, {"X-Quota-Remaining-Credits", "192.400001"},
            {"request-id", "req_q"}};
        const Quota q = Quota::fromHeaders(h);
        QCOMPARE(q.limit, std::optional<qint64>(100));
        QCOMPARE(q.limitRemaining, std::optional<Credits>(99'500'000));
        QCOMPARE(q.resetAt, std::optional<qint64>(1764040000));
        QCOMPARE(q.remaining, std::optional<Credits>(192'400'001));
        QVERIFY(!q.orgRemaining);
        QCOMPARE(q.requestId, u"req_q"_s);
    }

    void messages()
    {
        auto m = Message::fromJson(fixtureObject(u"message_basic.json"_s));
        QVERIFY(m);
        QCOMPARE(m->text(), u"Hello world"_s);
        QCOMPARE(m->stopReason, u"end_turn"_s);
        QCOMPARE(m->usage.inputTokens, 12);
        QCOMPARE(m->usage.cacheReadInputTokens, 4);
        QCOMPARE(m->content.size(), 3); // the unknown "thinking" block is kept, not shown
        QCOMPARE(Message::fromJson(fixtureObject(u"message_stop_unknown.json"_s))->stopReason,
            u"other"_s);

        auto img = Message::fromJson(fixtureObject(u"message_image_tool.json"_s));
        QVERIFY(img);
        QCOMPARE(img->images().size(), 2);
        QVERIFY(img->images().at(0).data.startsWith("\x89PNG"));
        QCOMPARE(img->images().at(0).mediaType, u"image/png"_s);
        QCOMPARE(img->images().at(1).url.path(), u"/v1/files/img_2.png"_s);
        QCOMPARE(img->content.at(1).input.value("prompt"_L1).toString(), u"a red fox"_s);

        auto nested = Message::fromJson(fixtureObject(u"message_image_nested.json"_s));
        QVERIFY(nested);
        QCOMPARE(nested->images().size(), 1);
        QCOMPARE(nested->content.at(1).toolUseId, u"toolu_02"_s);
    }

    void messageRequestRoundTrip()
    {
        MessageRequest r;
        r.model = u"claude-sonnet-4-5"_s;
        r.system = u"be brief"_s;
        r.messages << InputMessage::user(u"hi"_s);
        r.messages.last().content << ContentBlock::imageBlock("PNGDATA", u"image/png"_s);
        r.temperature = 0.5;
        r.addImageTool(u"gpt-image-2"_s, u"1024x1024"_s);
        const QJsonObject o = r.toJson(true);
        QCOMPARE(o.value("stream"_L1).toBool(), true);
        QCOMPARE(o.value("tools"_L1).toArray().at(0).toObject().value("name"_L1).toString(),
            u"generate_image"_s);
        const QJsonObject src = o.value("messages"_L1)
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value("content"_L1)
                                    .toArray()
                                    .at(1)
                                    .toObject()
                                    .value("source"_L1)
                                    .toObject();
        QCOMPARE(src.value("type"_L1).toString(), u"base64"_s);
        QCOMPARE(
            src.value("data"_L1).toString(), QString::fromLatin1(QByteArray("PNGDATA").toBase64()));
        const MessageRequest back = MessageRequest::fromJson(o);
        QCOMPARE(back.messages.at(0).content.at(1).data, QByteArray("PNGDATA"));
        QCOMPARE(back.temperature, std::optional(0.5));
        QVERIFY(!r.toJson(false).contains("stream"_L1));
    }

    void streamAccumulates()
    {
        MessageAccumulator acc;
        QList<MessageStreamEvent> events;
        const Message m = replay(u"stream_message.sse"_s, acc, &events);
        QVERIFY(acc.stopped());
        QVERIFY(!acc.streamError());
        QVERIFY(acc.malformed().isEmpty());
        QCOMPARE(m.id, u"msg_s1"_s);
        QCOMPARE(m.text(), u"Hello 世界"_s);
        QCOMPARE(m.content.size(), 4);
        QCOMPARE(m.content.at(1).input.value("q"_L1).toString(), u"fox"_s);
        QCOMPARE(m.content.at(1).input.value("n"_L1).toInt(), 2);
        QVERIFY(m.content.at(2).input.isEmpty()); // empty partial_json = {}
        QCOMPARE(m.images().size(), 1);
        QCOMPARE(m.stopReason, u"tool_use"_s);
        QCOMPARE(m.usage.inputTokens, 10);
        QCOMPARE(m.usage.outputTokens, 42); // cumulative, replaces
        int textDeltas = 0;
        for (const auto &e : events)
            textDeltas += e.type == MessageStreamEvent::Type::TextDelta;
        QCOMPARE(textDeltas, 2); // thinking_delta and future_event ignored
    }

    void streamErrorEvent()
    {
        MessageAccumulator acc;
        const Message m = replay(u"stream_error.sse"_s, acc);
        QVERIFY(acc.streamError());
        QCOMPARE(acc.streamError()->kind, ApiError::Kind::StreamError);
        QCOMPARE(acc.streamError()->code, u"overloaded_error"_s);
        QVERIFY(!acc.streamError()->billed);
        QCOMPARE(m.text(), u"Hello 世界"_s); // partial content kept
    }

    void images()
    {
        auto r = ImageResult::fromJson(fixtureObject(u"images_mixed.json"_s));
        QVERIFY(r);
        QCOMPARE(r->images.size(), 2);
        QCOMPARE(r->images.at(0).url.path(), u"/v1/files/a.png"_s);
        QCOMPARE(r->images.at(0).revisedPrompt, u"a fox, detailed"_s);
        QVERIFY(r->images.at(1).data.startsWith("\x89PNG"));
        QVERIFY(r->images.at(0).seed.isEmpty()); // the hosted gateway sends none
        QVERIFY(!ImageResult::fromJson(QJsonObject {{"data"_L1, QJsonArray {QJsonObject {}}}}));
        // The sandbox's per-image seed, as a string or a number.
        const auto seeded = ImageResult::fromJson(QJsonObject {{"data"_L1,
            QJsonArray {QJsonObject {{"b64_json"_L1, "iVBORw0KGgo="_L1}, {"seed"_L1, "43"_L1}},
                QJsonObject {{"b64_json"_L1, "iVBORw0KGgo="_L1}, {"seed"_L1, 44}}}}});
        QVERIFY(seeded);
        QCOMPARE(seeded->images.at(0).seed, u"43"_s);
        QCOMPARE(seeded->images.at(1).seed, u"44"_s);
    }

    void embeddings_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("float, out of order") << u"embedding_float.json"_s;
        QTest::newRow("base64") << u"embedding_base64.json"_s;
        QTest::newRow("mixed") << u"embedding_mixed.json"_s;
    }
    void embeddings()
    {
        QFETCH(QString, file);
        auto r = EmbeddingResult::fromJson(fixtureObject(file));
        QVERIFY(r);
        QCOMPARE(r->count, 2);
        QCOMPARE(r->dimensions, 3);
        QCOMPARE(r->vector(0), (QList<float> {0.5f, -1.0f, 0.25f}));
        QCOMPARE(r->vector(1), (QList<float> {1.5f, 2.0f, -0.125f}));
        QCOMPARE(r->promptTokens, 7);
    }

    void base64Decode()
    {
        QList<float> out;
        QVERIFY(!EmbeddingResult::decodeBase64Floats("AAA*", out));
        QVERIFY(!EmbeddingResult::decodeBase64Floats("AAA=", out)); // 2 bytes: not a float
        QVERIFY(EmbeddingResult::decodeBase64Floats("AACAPw==", out)); // 1.0f little-endian
        QCOMPARE(out, QList<float> {1.0f});
    }

    void rerank_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("hasDocs");
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<double>("searchUnits");
        QTest::newRow("object") << u"rerank_object.json"_s << true << qint64(21) << -1.0;
        QTest::newRow("string, unsorted") << u"rerank_string.json"_s << true << qint64(21) << -1.0;
        QTest::newRow("cohere, absent") << u"rerank_cohere.json"_s << false << qint64(0) << 1.0;
        QTest::newRow("new-api") << u"rerank_newapi.json"_s << true << qint64(21) << -1.0;
    }
    void rerank()
    {
        QFETCH(QString, file);
        QFETCH(bool, hasDocs);
        QFETCH(qint64, tokens);
        QFETCH(double, searchUnits);
        auto r = RerankResult::fromJson(fixtureObject(file));
        QVERIFY(r);
        QCOMPARE(r->results.size(), 2);
        QCOMPARE(r->results.at(0).index, 2);
        QCOMPARE(r->results.at(0).relevanceScore, 0.91);
        QCOMPARE(r->results.at(0).document.has_value(), hasDocs);
        if (hasDocs)
            QCOMPARE(*r->results.at(0).document, u"third"_s);
        QCOMPARE(r->totalTokens, tokens);
        QCOMPARE(r->searchUnits.value_or(-1.0), searchUnits);
    }

    void tasks_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("url");
        QTest::addColumn<qint64>("credits"); // -1 = none
        QTest::newRow("queued") << u"task_queued.json"_s << int(TaskStatus::Queued) << QString()
                                << qint64(-1);
        QTest::newRow("pending") << u"task_pending.json"_s << int(TaskStatus::Queued) << QString()
                                 << qint64(-1);
        QTest::newRow("in_progress")
            << u"task_in_progress.json"_s << int(TaskStatus::Running) << QString() << qint64(-1);
        QTest::newRow("completed")
            << u"task_completed.json"_s << int(TaskStatus::Completed)
            << u"http://127.0.0.1:1/v1/files/task_04.mp4"_s << qint64(500'000);
        QTest::newRow("succeeded result.video_url")
            << u"task_succeeded_result.json"_s << int(TaskStatus::Completed)
            << u"https://cdn.example/v.mp4"_s << qint64(300'000);
        QTest::newRow("result_url") << u"task_result_url.json"_s << int(TaskStatus::Completed)
                                    << u"https://cdn.example/w.mp4"_s << qint64(1'200'000);
        QTest::newRow("expired") << u"task_expired.json"_s << int(TaskStatus::Failed) << QString()
                                 << qint64(-1);
        QTest::newRow("failed") << u"task_failed.json"_s << int(TaskStatus::Failed) << QString()
                                << qint64(0);
        QTest::newRow("cancelled") << u"task_cancelled.json"_s << int(TaskStatus::Cancelled)
                                   << QString() << qint64(900'000);
    }
    void tasks()
    {
        QFETCH(QString, file);
        QFETCH(int, status);
        QFETCH(QString, url);
        QFETCH(qint64, credits);
        auto t = TaskInfo::fromJson(fixtureObject(file));
        QVERIFY(t);
        QCOMPARE(int(t->status), status);
        QCOMPARE(t->outputs.isEmpty() ? QString() : t->outputs.first().url.toString(), url);
        QCOMPARE(t->creditsUsed.value_or(-1), credits);
        if (t->status == TaskStatus::Failed)
            QVERIFY(!t->errorCode.isEmpty());
        // Round trip keeps the canonical shape.
        auto back = TaskInfo::fromJson(t->toJson());
        QVERIFY(back);
        QCOMPARE(back->status, t->status);
        QCOMPARE(back->creditsUsed, t->creditsUsed);
    }

    void taskDetails()
    {
        auto t = TaskInfo::fromJson(fixtureObject(u"task_completed.json"_s));
        QCOMPARE(t->outputs.first().width, 1280);
        QCOMPARE(t->outputs.first().resolution, u"720p"_s);
        QCOMPARE(t->submittedAt, QDateTime(QDate(2026, 11, 24), QTime(19, 0), Qt::UTC));
        auto q = TaskInfo::fromJson(fixtureObject(u"task_in_progress.json"_s));
        QCOMPARE(q->progress, std::optional(0.42));
        QVERIFY(!TaskInfo::fromJson(QJsonObject {{"status"_L1, "queued"_L1}}));
    }

    void submitForms_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("canonical") << u"submit_canonical.json"_s;
        QTest::newRow("flat") << u"submit_flat.json"_s;
    }
    void submitForms()
    {
        QFETCH(QString, file);
        auto s = TaskSubmit::fromJson(fixtureObject(file));
        QVERIFY(s);
        QCOMPARE(s->model, u"sora-2"_s);
        QCOMPARE(s->outTaskId, u"u-1"_s);
        QCOMPARE(s->prompt, u"a wave"_s);
        QCOMPARE(s->durationSeconds, 5.0);
        QCOMPARE(s->extraParams.value("seed"_L1).toInt(), 7);
        const QJsonObject canonical = s->toJson();
        QCOMPARE(canonical.value("params"_L1).toObject().value("seed"_L1).toInt(), 7);
        QVERIFY(canonical.value("callback_url"_L1).isNull());
    }

    void catalogueAndBalance()
    {
        const QJsonArray data = fixtureObject(u"models.json"_s).value("data"_L1).toArray();
        auto m = ModelInfo::fromJson(data.at(0).toObject());
        QVERIFY(m);
        QVERIFY(m->can(u"vision"_s));
        QCOMPARE(m->inputModalities, (QStringList {u"text"_s, u"image"_s}));
        auto b = Balance::fromJson(fixtureObject(u"balance.json"_s));
        QVERIFY(b);
        QCOMPARE(b->remaining, 192'400'000);
        QCOMPARE(b->reserved, 1'500'000);
        QCOMPARE(b->spent, 7'600'000);
    }
};

QTEST_GUILESS_MAIN(TestWireTypes)
#include "tst_wiretypes.moc"
