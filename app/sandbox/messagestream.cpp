#include "sandbox/messagestream.h"

#include "core/tokens.h"
#include "sandbox/textengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

// Drop and error faults strike after this many deltas, so the client has seen text.
constexpr int kFaultAfterDeltas = 3;
constexpr int kPingEveryDeltas = 8;

QByteArray sse(const char *event, const QJsonObject &data)
{
    return QByteArray("event: ") + event
        + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

struct Frame
{
    int delayMs = 0; // wait before writing this frame
    QByteArray bytes;
    qint64 tokensAfter = 0; // output tokens the client holds once this frame is out
    bool imageAfter = false; // the image block was sent with or before this frame
    bool isDelta = false;
    bool isFinal = false; // message_delta: the point of no return for faults
};

struct StreamState
{
    SandboxContext *ctx = nullptr;
    CallPtr call;
    StreamSpec spec;
    QList<Frame> frames;
    qsizetype next = 0;
    qint64 sentTokens = 0;
    bool imageSent = false;
    int deltasSent = 0;
    int faultAt = kFaultAfterDeltas;
    QPointer<QTimer> timer;
};

QList<Frame> buildFrames(const StreamSpec &spec)
{
    QList<Frame> frames;
    const QJsonObject message {
        {u"id"_s, spec.messageId},
        {u"type"_s, u"message"_s},
        {u"role"_s, u"assistant"_s},
        {u"model"_s, spec.model},
        {u"content"_s, QJsonArray {}},
        {u"stop_reason"_s, QJsonValue(QJsonValue::Null)},
        {u"stop_sequence"_s, QJsonValue(QJsonValue::Null)},
        {u"usage"_s, usageJson(spec.inputTokens, 0)},
    };
    frames.append(
        {0, sse("message_start", {{u"type"_s, u"message_start"_s}, {u"message"_s, message}}), 0,
            false, false, false});
    const QByteArray ping = sse("ping", {{u"type"_s, u"ping"_s}});
    frames.append({0, ping, 0, false, false, false});

    qint64 tokens = 0;
    bool image = false;
    int deltas = 0;
    for (qsizetype i = 0; i < spec.plan.blocks.size(); ++i) {
        const ReplyBlock &b = spec.plan.blocks.at(i);
        if (b.kind == ReplyBlock::Kind::Image)
            image = true;
        frames.append({i == 0 ? spec.firstTokenMs : 0,
            sse("content_block_start",
                {{u"type"_s, u"content_block_start"_s}, {u"index"_s, i},
                    {u"content_block"_s, b.startJson()}}),
            tokens, image, false, false});
        const auto delta = [&](const QJsonObject &d, qint64 pieceTokens, qint64 after) {
            const int delay
                = std::max(1, static_cast<int>(static_cast<double>(pieceTokens) * spec.msPerToken));
            frames.append({delay,
                sse("content_block_delta",
                    {{u"type"_s, u"content_block_delta"_s}, {u"index"_s, i}, {u"delta"_s, d}}),
                after, image, true, false});
            if (++deltas % kPingEveryDeltas == 0)
                frames.append({0, ping, after, image, false, false});
        };
        if (b.kind == ReplyBlock::Kind::Text) {
            QString sent;
            for (const QString &piece : splitDeltas(b.text, 3)) {
                sent += piece;
                delta({{u"type"_s, u"text_delta"_s}, {u"text"_s, piece}}, estimateTokens(piece),
                    tokens + estimateTokens(sent));
            }
            tokens += estimateTokens(b.text);
        } else if (b.kind == ReplyBlock::Kind::ToolUse) {
            const QString json
                = QString::fromUtf8(QJsonDocument(b.toolInput).toJson(QJsonDocument::Compact));
            for (const QString &piece : splitPartialJson(json, 4))
                delta({{u"type"_s, u"input_json_delta"_s}, {u"partial_json"_s, piece}},
                    estimateTokens(piece), tokens);
            tokens += estimateTokens(json);
        }
        frames.append(
            {0, sse("content_block_stop", {{u"type"_s, u"content_block_stop"_s}, {u"index"_s, i}}),
                tokens, image, false, false});
    }
    const QJsonObject delta {
        {u"stop_reason"_s, spec.plan.stopReason},
        {u"stop_sequence"_s,
            spec.plan.stopSequence.isEmpty() ? QJsonValue(QJsonValue::Null)
                                             : QJsonValue(spec.plan.stopSequence)},
    };
    frames.append({0,
        sse("message_delta",
            {{u"type"_s, u"message_delta"_s}, {u"delta"_s, delta},
                {u"usage"_s, QJsonObject {{u"output_tokens"_s, spec.plan.outputTokens}}}}),
        spec.plan.outputTokens, image, false, true});
    frames.append({0, sse("message_stop", {{u"type"_s, u"message_stop"_s}}), spec.plan.outputTokens,
        image, false, false});
    return frames;
}

void finish(const std::shared_ptr<StreamState> &s)
{
    if (s->timer) {
        s->timer->stop();
        s->timer->deleteLater();
    }
}

Credits costSoFar(const StreamState &s, qint64 outputTokens, bool image)
{
    return s.ctx->rateCard().textCost(s.spec.model, s.spec.inputTokens, outputTokens).value_or(0)
        + (image ? s.spec.imageCost : 0);
}

UsageRow rowOf(const StreamState &s, qint64 outputTokens, bool image)
{
    UsageRow row;
    row.promptTokens = s.spec.inputTokens;
    row.completionTokens = outputTokens;
    row.units = image && s.spec.imageCost > 0 ? 1 : 0;
    return row;
}

// The client left before message_stop: bill what it already received.
void clientGone(std::shared_ptr<StreamState> s)
{
    if (!s->call->finished()) {
        s->call->endStream(costSoFar(*s, s->sentTokens, s->imageSent),
            rowOf(*s, s->sentTokens, s->imageSent), u"cancelled"_s);
    }
    finish(s);
}

void step(std::shared_ptr<StreamState> s)
{
    Call &call = *s->call;
    if (call.finished()) {
        finish(s);
        return;
    }
    if (!call.alive()) {
        clientGone(s);
        return;
    }
    const Frame &f = s->frames.at(s->next);
    const Fault fault = call.fault();
    const bool strike = f.isFinal || s->deltasSent >= s->faultAt;
    if (strike && fault == Fault::DropStream) {
        call.abortConnection(u"stream_dropped"_s);
        finish(s);
        return;
    }
    if (strike && s->spec.streamError) {
        call.writeChunk(sse("error",
            {{u"type"_s, u"error"_s},
                {u"error"_s,
                    QJsonObject {{u"type"_s, u"overloaded_error"_s},
                        {u"message"_s, u"Overloaded (sandbox stream_error fault)"_s}}}}));
        call.endStreamFailed(u"overloaded"_s);
        finish(s);
        return;
    }
    if (fault == Fault::Malformed && s->next == 1) {
        // A frame whose data is not JSON, then the end: the client must not trust it.
        call.writeChunk("event: content_block_start\ndata: {\"type\":\"content_block_start\","
                        "\"index\":0,\"content_block\":{\"type\":\"te\x01<!-- upstream garbage "
                        "-->\n\n");
        call.endStreamFailed(u"malformed_response"_s);
        finish(s);
        return;
    }
    call.writeChunk(f.bytes);
    s->sentTokens = f.tokensAfter;
    s->imageSent = f.imageAfter;
    if (f.isDelta)
        ++s->deltasSent;
    if (++s->next == s->frames.size()) {
        const qint64 out = s->spec.plan.outputTokens;
        call.endStream(costSoFar(*s, out, s->imageSent), rowOf(*s, out, s->imageSent));
        finish(s);
        return;
    }
    if (s->timer)
        s->timer->start(s->frames.at(s->next).delayMs);
}

} // namespace

void startMessageStream(SandboxContext &ctx, const CallPtr &call, const StreamSpec &spec)
{
    auto s = std::make_shared<StreamState>();
    s->ctx = &ctx;
    s->call = call;
    s->spec = spec;
    s->frames = buildFrames(spec);
    const auto deltas = std::count_if(
        s->frames.cbegin(), s->frames.cend(), [](const Frame &f) { return f.isDelta; });
    s->faultAt = std::min<int>(kFaultAfterDeltas, static_cast<int>(deltas));

    // Head and quota headers go out before the first frame.
    call->beginStream("text/event-stream");
    auto *timer = new QTimer(ctx.guard());
    timer->setSingleShot(true);
    s->timer = timer;
    QObject::connect(timer, &QTimer::timeout, timer, [s] { step(s); });
    if (QTcpSocket *socket = call->socket())
        QObject::connect(socket, &QAbstractSocket::disconnected, timer, [s] { clientGone(s); });
    step(s);
}

} // namespace bsp::sandbox
