// ChatStream (coalesced streaming, stop, metrics) and ChatStore (history in SQLite)
// against the sandbox gateway over loopback and a real SQLite file.

#include "core/chatstore.h"
#include "core/chatstream.h"
#include "core/costservice.h"

#include "gatewaytestutil.h"

#include <QJsonDocument>
#include <QTemporaryDir>

using namespace bsp;
using namespace Qt::StringLiterals;

class TestChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = test::startSandbox(0.3);
        m_client = test::clientFor(*m_sandbox);
        m_cost = std::make_unique<CostService>(nullptr, nullptr);
    }

    void buildRequestMergesRoles()
    {
        ChatParams p;
        p.model = u"claude-haiku-4-5"_s;
        p.imageTool = true;
        ChatTurn u1 {.role = u"user"_s, .content = {ContentBlock::textBlock(u"a"_s)}};
        ChatTurn failed {.role = u"assistant"_s, .status = ChatTurn::Status::Failed};
        ChatTurn u2 {.role = u"user"_s, .content = {ContentBlock::textBlock(u"b"_s)}};
        ChatTurn u3 {.role = u"user"_s, .content = {ContentBlock::textBlock(u"c"_s)}};
        // Included on request: the failed exchange's user turn merges with the next.
        failed.includeInContext = true;
        MessageRequest r = buildRequest(p, {u1, failed, u2, u3});
        QCOMPARE(r.messages.size(), 1);
        QCOMPARE(r.messages.first().content.size(), 3);
        QCOMPARE(r.tools.size(), 1);
    }

    // By default a failed reply and the user turn it answered are not sent again.
    void failedExchangeIsNotContext()
    {
        ChatParams p;
        p.model = u"claude-haiku-4-5"_s;
        const auto text = [](const QString &role, const QString &t, ChatTurn::Status s) {
            return ChatTurn {.role = role, .content = {ContentBlock::textBlock(t)}, .status = s};
        };
        const ChatTurn ok1 = text(u"user"_s, u"one"_s, ChatTurn::Status::Complete);
        const ChatTurn ok2 = text(u"assistant"_s, u"two"_s, ChatTurn::Status::Complete);
        const ChatTurn bad1
            = text(u"user"_s, u"[fault:watermark] hi"_s, ChatTurn::Status::Complete);
        ChatTurn bad2 = text(u"assistant"_s, u"partial"_s, ChatTurn::Status::Failed);
        const ChatTurn next = text(u"user"_s, u"what is 2+2?"_s, ChatTurn::Status::Complete);
        MessageRequest r = buildRequest(p, {ok1, ok2, bad1, bad2, next});
        QCOMPARE(r.messages.size(), 3);
        QCOMPARE(r.messages.at(1).content.first().text, u"two"_s);
        QCOMPARE(r.messages.at(2).content.size(), 1);
        QCOMPARE(r.messages.at(2).content.first().text, u"what is 2+2?"_s);
        bad2.includeInContext = true;
        r = buildRequest(p, {ok1, ok2, bad1, bad2, next});
        QCOMPARE(r.messages.size(), 5);
        QCOMPARE(r.messages.at(3).content.first().text, u"partial"_s);
    }

    void streamsProgressively()
    {
        ChatStream s(m_client.get(), m_cost.get());
        QStringList seen;
        connect(&s, &ChatStream::updated, this, [&] { seen.append(s.snapshot().text()); });
        QSignalSpy finished(&s, &ChatStream::finished);
        QSignalSpy calls(m_client.get(), &GatewayClient::callFinished);
        ChatParams p;
        p.model = u"claude-sonnet-4-5"_s;
        s.start(p,
            buildRequest(p,
                {ChatTurn {.role = u"user"_s,
                    .content
                    = {ContentBlock::textBlock(u"Write a long story about a lighthouse."_s)}}}),
            CallOptions {.tab = u"chat"_s});
        QVERIFY(finished.wait(15000));
        QCOMPARE(s.status(), ChatTurn::Status::Complete);
        const QString final = s.snapshot().text();
        QVERIFY(!final.isEmpty());
        // Intermediate states: several repaints, growing prefixes of the final text.
        QVERIFY2(seen.size() >= 3, qPrintable(QString::number(seen.size())));
        QVERIFY(seen.first().size() < final.size());
        QVERIFY(final.startsWith(seen.at(seen.size() / 2)));
        // Coalesced: fewer repaints than deltas.
        QVERIFY(seen.size() <= s.deltaCount() + 3); // + start, message_delta, end
        QVERIFY(seen.size() <= s.metrics().totalMs / 16 + 2); // at most one per frame
        const ChatMetrics m = s.metrics();
        QVERIFY(m.outputTokens > 0);
        QVERIFY(m.timeToFirstTokenMs > 0);
        QVERIFY(m.totalMs >= m.timeToFirstTokenMs);
        QVERIFY(m.tokensPerSecond() > 0);
        QVERIFY(m.estimated.has_value());
        QVERIFY(m.charged.has_value() && *m.charged > 0);
        QCOMPARE(m.stopReason, u"end_turn"_s);
        QVERIFY(!m.requestId.isEmpty());
        QCOMPARE(test::onlyRecord(calls).tab, u"chat"_s);
    }

    void stopKeepsPartialAndRecordsCancel()
    {
        ChatStream s(m_client.get(), m_cost.get());
        QSignalSpy finished(&s, &ChatStream::finished);
        QSignalSpy calls(m_client.get(), &GatewayClient::callFinished);
        ChatParams p;
        p.model = u"claude-opus-4-1"_s; // slowest: time to stop mid-stream
        connect(&s, &ChatStream::updated, this, [&] {
            if (s.snapshot().text().size() > 20)
                s.stop();
        });
        s.start(p,
            buildRequest(p,
                {ChatTurn {.role = u"user"_s,
                    .content = {ContentBlock::textBlock(u"Tell me everything about rivers."_s)}}}),
            CallOptions {.tab = u"chat"_s});
        QVERIFY(finished.wait(15000));
        QCOMPARE(s.status(), ChatTurn::Status::Cancelled);
        QVERIFY(!s.snapshot().text().isEmpty());
        QCOMPARE(s.metrics().stopReason, u"cancelled"_s);
        QCOMPARE(test::onlyRecord(calls).outcome, CallRecord::Outcome::Cancelled);
    }

    void droppedStreamKeepsPartial()
    {
        ChatStream s(m_client.get(), m_cost.get());
        QSignalSpy finished(&s, &ChatStream::finished);
        ChatParams p;
        p.model = u"claude-haiku-4-5"_s;
        CallOptions o = test::withFault("drop_stream", u"chat"_s);
        s.start(p,
            buildRequest(p,
                {ChatTurn {
                    .role = u"user"_s, .content = {ContentBlock::textBlock(u"Hello there"_s)}}}),
            o);
        QVERIFY(finished.wait(15000));
        QCOMPARE(s.status(), ChatTurn::Status::Failed);
        QVERIFY(s.error().has_value());
        QCOMPARE(s.error()->kind, ApiError::Kind::StreamDropped);
        QVERIFY(!s.snapshot().text().isEmpty());
        QCOMPARE(s.metrics().charged.value_or(-1), 0);
    }

    void storeRoundTripAndReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"app.sqlite"_s);
        qint64 convId = 0;
        {
            ChatStore store(path);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            ChatParams p;
            p.model = u"claude-haiku-4-5"_s;
            p.system = u"Be brief"_s;
            p.temperature = 0.3;
            p.stopSequences = {u"END"_s};
            convId = store.createConversation(u"Lighthouses"_s, u"chat"_s, p);
            QVERIFY(convId > 0);
            ChatTurn u {.conversationId = convId,
                .role = u"user"_s,
                .content = {ContentBlock::textBlock(u"about 50% of lamps_"_s),
                    ContentBlock::imageBlock("PNGDATA", u"image/png"_s)}};
            QVERIFY2(store.saveTurn(u), qPrintable(store.lastError()));
            ChatTurn a {.conversationId = convId,
                .role = u"assistant"_s,
                .model = p.model,
                .content = {ContentBlock::textBlock(u"partial"_s)},
                .status = ChatTurn::Status::Streaming};
            a.metrics.charged = 1234;
            QVERIFY(store.saveTurn(a));
            QCOMPARE(a.seq, 1);
            // A checkpoint rewrites the same row.
            a.content = {ContentBlock::textBlock(u"partial and more"_s)};
            QVERIFY(store.saveTurn(a));
            QVERIFY(store.createConversation(u"Other"_s, u"compare"_s, {}, {p, p}) > 0);
            QVERIFY(store.savePreset({u"fast"_s, {p, p}}));
        } // "killed" with the assistant turn still streaming
        ChatStore store(path);
        QVERIFY(store.open());
        QCOMPARE(store.conversations().size(), 2);
        QCOMPARE(store.conversations(u"LIGHT"_s).size(), 1);
        QCOMPARE(store.conversations(u"and more"_s).size(), 1);
        QCOMPARE(store.conversations(u"50%"_s).size(), 1);
        QCOMPARE(store.conversations(u"zzz"_s).size(), 0);
        const Conversation c = *store.conversation(convId);
        QCOMPARE(c.params.system, u"Be brief"_s);
        QCOMPARE(c.params.temperature.value_or(0), 0.3);
        QCOMPARE(c.params.stopSequences, QStringList {u"END"_s});
        QCOMPARE(c.totalCredits, 1234);
        const QList<ChatTurn> turns = store.turns(convId);
        QCOMPARE(turns.size(), 2);
        QCOMPARE(turns.at(0).content.at(1).data, QByteArray("PNGDATA"));
        QCOMPARE(turns.at(1).text(), u"partial and more"_s);
        QCOMPARE(turns.at(1).status, ChatTurn::Status::Failed); // interrupted, kept
        QVERIFY(!turns.at(1).error.isEmpty());
        QCOMPARE(store.presets().size(), 1);
        QCOMPARE(store.presets().first().columns.size(), 2);

        QVERIFY(store.rename(convId, u"Renamed"_s));
        QVERIFY(store.exportMarkdown(convId).contains(u"# Renamed"_s));
        QVERIFY(store.exportMarkdown(convId).contains(u"partial and more"_s));
        const QJsonObject json = QJsonDocument::fromJson(store.exportJson(convId)).object();
        QCOMPARE(json.value(u"turns"_s).toArray().size(), 2);
        QVERIFY(store.removeTurnsFrom(convId, 1));
        QCOMPARE(store.turns(convId).size(), 1);
        QVERIFY(store.remove(convId));
        QCOMPARE(store.conversations().size(), 1);
    }

private:
    std::unique_ptr<sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<CostService> m_cost;
};

QTEST_GUILESS_MAIN(TestChat)
#include "tst_chat.moc"
