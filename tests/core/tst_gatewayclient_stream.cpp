#include "gatewaytestutil.h"

#include <QElapsedTimer>
#include <QUuid>

using namespace bsp;
using namespace bsp::test;
using namespace Qt::StringLiterals;

namespace {

MessageRequest longer(const QString &model = u"claude-haiku-4-5"_s)
{
    MessageRequest r;
    r.model = model;
    r.maxTokens = 400;
    r.messages << InputMessage::user(
        u"Please describe this message in detail: the quick brown fox jumps over the lazy dog, "
        "twice, and then tell me how many words and characters it has."_s);
    return r;
}

struct Seen
{
    QList<MessageStreamEvent> events;
    QList<qint64> textAt; // ms since start for each text delta
    QString text; // concatenated text deltas
};

} // namespace

class TestGatewayClientStream : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::SandboxServer> m_server;

    StreamedMessage run(GatewayClient &c, MessageRequest req, CallOptions opt, Seen &seen,
        std::function<void(const MessageStreamEvent &)> also = {})
    {
        QElapsedTimer clock;
        clock.start();
        return QCoro::waitFor(c.streamMessage(
            std::move(req),
            [&](const MessageStreamEvent &e, const Message &) {
                seen.events << e;
                if (e.type == MessageStreamEvent::Type::TextDelta) {
                    seen.textAt << clock.elapsed();
                    seen.text += e.text;
                }
                if (also)
                    also(e);
            },
            std::move(opt)));
    }

private Q_SLOTS:
    // Slow enough that deltas arrive over time, fast enough for CI.
    void initTestCase() { m_server = startSandbox(0.2); }
    void cleanupTestCase() { m_server.reset(); }

    void progressiveEvents()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        QSignalSpy quota(c.get(), &GatewayClient::quotaChanged);
        Seen seen;
        const StreamedMessage out = run(*c, longer(), withFault("", u"chat"_s), seen);
        QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error->displayText()));
        QCOMPARE(seen.events.first().type, MessageStreamEvent::Type::MessageStart);
        QCOMPARE(seen.events.last().type, MessageStreamEvent::Type::MessageStop);
        QVERIFY(seen.textAt.size() >= 3);
        QVERIFY2(seen.textAt.last() - seen.textAt.first() >= 10, "deltas arrived all at once");
        QCOMPARE(out.message.text(), seen.text);
        QVERIFY(!out.message.text().isEmpty());
        QCOMPARE(out.message.stopReason, u"end_turn"_s);
        QVERIFY(out.message.usage.outputTokens > 0);
        QVERIFY(out.timeToFirstByteMs >= 0);
        QVERIFY(out.timeToFirstTokenMs >= out.timeToFirstByteMs);
        QVERIFY(out.requestId.startsWith(u"req_"_s));
        QCOMPARE(quota.count(), 1); // headers before the first frame

        QCOMPARE(finished.count(), 1);
        const CallRecord rec = onlyRecord(finished);
        QCOMPARE(rec.outcome, CallRecord::Outcome::Succeeded);
        QCOMPARE(rec.tab, u"chat"_s);
        QCOMPARE(rec.requestId, out.requestId);
        QCOMPARE(rec.outputTokens, out.message.usage.outputTokens);
        QCOMPARE(rec.inputTokens, out.message.usage.inputTokens);

        // The same request without streaming says the same thing.
        auto whole = QCoro::waitFor(c->createMessage(longer()));
        QVERIFY(whole.ok());
        QCOMPARE(whole->text(), out.message.text());
    }

    void cancelMidStreamKeepsPartialText()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        CallOptions opt;
        CancelToken token = opt.cancel;
        Seen seen;
        int deltas = 0;
        const StreamedMessage out
            = run(*c, longer(u"claude-opus-4-1"_s), opt, seen, [&](const MessageStreamEvent &e) {
                  if (e.type == MessageStreamEvent::Type::TextDelta && ++deltas == 2)
                      token.cancel();
              });
        QVERIFY(!out.ok());
        QCOMPARE(out.error->kind, ApiError::Kind::Cancelled);
        QVERIFY(out.error->billed); // a client abort bills the partial output
        QVERIFY(!out.message.text().isEmpty());
        QVERIFY(out.message.text().startsWith(seen.text.left(1)));
        QVERIFY(seen.events.last().type != MessageStreamEvent::Type::MessageStop);
        QCOMPARE(c->attemptCount(), 1);
        QCOMPARE(finished.count(), 1);
        const CallRecord rec = onlyRecord(finished);
        QCOMPARE(rec.outcome, CallRecord::Outcome::Cancelled);
        QVERIFY(rec.outputTokens > 0);
        QVERIFY(rec.requestId.startsWith(u"req_"_s));
    }

    void dropKeepsPartialAndIsNotRetried()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        Seen seen;
        const StreamedMessage out = run(*c, longer(), withFault("drop_stream"), seen);
        QVERIFY(!out.ok());
        QCOMPARE(out.error->kind, ApiError::Kind::StreamDropped);
        QCOMPARE(out.error->httpStatus, 200);
        QVERIFY(!out.error->billed);
        QVERIFY(!out.message.text().isEmpty());
        QCOMPARE(out.message.text(), seen.text);
        QCOMPARE(c->attemptCount(), 1); // never re-sent once a byte of the 200 body arrived
        QCOMPARE(onlyRecord(finished).outcome, CallRecord::Outcome::Failed);
        QCOMPARE(finished.count(), 1);
    }

    void errorEventEndsStreamUnbilled()
    {
        auto c = clientFor(*m_server);
        Seen seen;
        const StreamedMessage out = run(*c, longer(), withFault("stream_error"), seen);
        QVERIFY(!out.ok());
        QCOMPARE(out.error->kind, ApiError::Kind::StreamError);
        QCOMPARE(out.error->code, u"overloaded_error"_s);
        QVERIFY(!out.error->billed);
        QCOMPARE(seen.events.last().type, MessageStreamEvent::Type::Error);
        QCOMPARE(out.message.text(), seen.text);
        QVERIFY(out.error->displayText().contains(out.requestId));
        QCOMPARE(c->attemptCount(), 1);
    }

    void httpErrorsBeforeTheBodyAreRetried_data()
    {
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("attempts");
        QTest::newRow("rate_limit")
            << QByteArray("rate_limit") << int(ApiError::Kind::RateLimited) << 3;
        QTest::newRow("overloaded")
            << QByteArray("overloaded") << int(ApiError::Kind::Overloaded) << 3;
        QTest::newRow("content_policy")
            << QByteArray("content_policy") << int(ApiError::Kind::ContentPolicy) << 1;
        QTest::newRow("malformed")
            << QByteArray("malformed") << int(ApiError::Kind::Malformed) << 1;
    }
    void httpErrorsBeforeTheBodyAreRetried()
    {
        QFETCH(QByteArray, fault);
        QFETCH(int, kind);
        QFETCH(int, attempts);
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        Seen seen;
        const StreamedMessage out = run(*c, longer(), withFault(fault.constData()), seen);
        QVERIFY(!out.ok());
        QCOMPARE(int(out.error->kind), kind);
        QCOMPARE(c->attemptCount(), attempts);
        QVERIFY(out.error->requestId.startsWith(u"req_"_s));
        QCOMPARE(finished.count(), 1);
    }

    void imageToolInStream()
    {
        auto c = clientFor(*m_server);
        QSignalSpy finished(c.get(), &GatewayClient::callFinished);
        MessageRequest req = longer();
        req.messages = {InputMessage::user(u"Draw a small red boat."_s)};
        req.addImageTool(u"gpt-image-2"_s, u"1024x1024"_s);
        Seen seen;
        const StreamedMessage out = run(*c, req, {}, seen);
        QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error->displayText()));
        const QList<ContentBlock> images = out.message.images();
        QCOMPARE(images.size(), 1);
        QVERIFY(images.first().data.startsWith("\x89PNG") || images.first().url.isValid());
        bool toolUse = false;
        for (const ContentBlock &b : out.message.content)
            toolUse = toolUse || (b.type == "tool_use"_L1 && b.name == "generate_image"_L1);
        QVERIFY(toolUse);
        QCOMPARE(onlyRecord(finished).images, 1);
    }

    void taskStream()
    {
        auto c = clientFor(*m_server);
        TaskSubmit req;
        req.model = u"seedance-2.0-pro-fast"_s;
        req.prompt = u"a kite in the wind"_s;
        req.durationSeconds = 1;
        auto sub = QCoro::waitFor(c->submitTask(req));
        QVERIFY2(sub.ok(), qPrintable(sub.ok() ? QString() : sub.error().displayText()));
        QList<TaskStatus> statuses;
        auto last = QCoro::waitFor(
            c->streamTask(sub->taskId, [&](const TaskInfo &t) { statuses << t.status; }));
        QVERIFY2(last.ok(), qPrintable(last.ok() ? QString() : last.error().displayText()));
        QCOMPARE(last->status, TaskStatus::Completed);
        QVERIFY(statuses.size() >= 2);
        QCOMPARE(statuses.last(), TaskStatus::Completed);
        QVERIFY(!last->outputs.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGatewayClientStream)
#include "tst_gatewayclient_stream.moc"
