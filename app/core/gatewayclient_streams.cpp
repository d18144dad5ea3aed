// The streaming routes of GatewayClient: POST /v1/messages with stream:true and
// GET /v1/tasks/stream/{id}.

#include "core/gatewayclient.h"

#include "core/gatewayclient_p.h"
#include "core/messageaccumulator.h"
#include "core/sseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace bsp {

using detail::RawResponse;
using detail::RequestSpec;

QCoro::Task<StreamedMessage> GatewayClient::streamMessage(
    MessageRequest request, MessageEventHandler onEvent, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/messages"_s, request.model, opt);
    RequestSpec spec;
    spec.verb = "POST";
    spec.path = u"/v1/messages"_s;
    spec.body = QJsonDocument(request.toJson(true)).toJson(QJsonDocument::Compact);
    spec.anthropic = true;
    spec.stream = true;
    spec.billedOnBody = true;
    spec.maxBodyBytes = -1; // bounded by what is kept: the parser's line and the reply caps

    SseParser parser;
    parser.setMaxEventBytes(qsizetype(m_limits.sseLineBytes));
    MessageAccumulator acc;
    acc.setMaxContentBytes(m_limits.replyBytes);
    acc.setKeepText(opt.keepStreamedContent);
    QList<SseEvent> events;
    QElapsedTimer clock;
    clock.start();
    qint64 firstToken = -1;
    bool ended = false; // message_stop or error seen: anything after is ignored
    spec.onBodyChunk = [&](QByteArrayView chunk) -> std::optional<ApiError> {
        events.clear();
        parser.feed(chunk, events);
        for (const SseEvent &sse : std::as_const(events)) {
            if (ended || !acc.malformed().isEmpty())
                return std::nullopt;
            const std::optional<MessageStreamEvent> ev = acc.apply(sse);
            if (!ev)
                continue;
            if (firstToken < 0 && acc.sawToken())
                firstToken = clock.elapsed();
            if (ev->type == MessageStreamEvent::Type::MessageStop
                || ev->type == MessageStreamEvent::Type::Error)
                ended = true;
            if (onEvent)
                onEvent(*ev, acc.message());
        }
        // Past a limit the stream is stopped here: nothing more is read or kept.
        if (acc.streamError() && acc.streamError()->kind == ApiError::Kind::ResponseTooLarge)
            return acc.streamError();
        if (parser.overflowed())
            return ApiError::tooLarge(parser.maxEventBytes());
        return std::nullopt;
    };
    RawResponse raw = co_await send(std::move(spec), opt, &rec);

    StreamedMessage out;
    out.requestId = raw.requestId;
    out.timeToFirstByteMs = raw.ttfbMs;
    out.timeToFirstTokenMs = firstToken;
    std::optional<ApiError> error = raw.error;
    if (error && error->kind == ApiError::Kind::ResponseTooLarge && error->requestId.isEmpty())
        error->requestId = raw.requestId;
    if (!error || error->kind == ApiError::Kind::StreamDropped) {
        // What the body said outranks how the connection ended.
        if (acc.streamError()) {
            error = acc.streamError();
        } else if (!acc.malformed().isEmpty()) {
            error = detail::malformedFrom(raw, acc.malformed());
        } else if (!error && !acc.stopped()) {
            error = ApiError::of(ApiError::Kind::StreamDropped,
                QCoreApplication::translate(
                    "bsp::GatewayClient", "the stream ended before message_stop"),
                raw.status);
        }
    }
    if (error && error->requestId.isEmpty())
        error->requestId = raw.requestId;

    out.message = acc.takeMessage();
    out.error = error;
    rec.model = out.message.model.isEmpty() ? rec.model : out.message.model;
    rec.inputTokens = out.message.usage.inputTokens;
    if (rec.inputTokens == 0)
        rec.inputTokens = request.estimatedInputTokens(); // an error before message_start
    rec.outputTokens = out.message.usage.outputTokens;
    // A client abort bills the partial output; message_delta may not have counted it yet.
    if (error && error->billed && rec.outputTokens == 0)
        rec.outputTokens = acc.estimatedTextTokens();
    rec.images = int(out.message.images().size());
    if (const auto tool = request.imageTool()) {
        rec.imageModel = tool->first;
        rec.size = tool->second;
    }
    finishCall(rec, error);
    out.error = error; // scrubbed by finishCall
    co_return out;
}

QCoro::Task<Result<TaskInfo>> GatewayClient::streamTask(
    QString taskId, TaskEventHandler onEvent, CallOptions opt)
{
    CallRecord rec = beginCall(u"/v1/tasks/stream"_s, {}, opt);
    rec.taskId = taskId;
    RequestSpec spec;
    spec.path = u"/v1/tasks/stream/"_s + QString::fromLatin1(QUrl::toPercentEncoding(taskId));
    spec.stream = true;
    // A task stream can stay quiet while a render runs: only the caller's timeout applies.
    if (opt.timeout.count() == 0)
        opt.timeout = std::chrono::hours(1);

    spec.maxBodyBytes = -1; // an endless task stream keeps only its last event
    SseParser parser;
    parser.setMaxEventBytes(qsizetype(std::min(m_limits.sseLineBytes, m_limits.bodyBytes)));
    QList<SseEvent> events;
    std::optional<TaskInfo> lastInfo;
    QString malformed;
    spec.onBodyChunk = [&](QByteArrayView chunk) -> std::optional<ApiError> {
        events.clear();
        parser.feed(chunk, events);
        for (const SseEvent &sse : std::as_const(events)) {
            if (sse.event != "task" && sse.event != "message")
                continue;
            const QJsonDocument doc = QJsonDocument::fromJson(sse.data);
            QString why;
            std::optional<TaskInfo> info
                = doc.isObject() ? TaskInfo::fromJson(doc.object(), &why) : std::nullopt;
            if (!info) {
                malformed = why.isEmpty() ? u"task event is not a JSON object"_s : why;
                continue;
            }
            lastInfo = info;
            if (onEvent)
                onEvent(*info);
        }
        if (parser.overflowed())
            return ApiError::tooLarge(parser.maxEventBytes());
        return std::nullopt;
    };
    RawResponse raw = co_await send(std::move(spec), opt, &rec);

    std::optional<ApiError> error = raw.error;
    if (!error && !lastInfo)
        error = detail::malformedFrom(
            raw, malformed.isEmpty() ? u"the task stream sent no event"_s : malformed);
    if (!error && !isTerminal(lastInfo->status))
        error = ApiError::of(ApiError::Kind::StreamDropped,
            QCoreApplication::translate(
                "bsp::GatewayClient", "the task stream closed before the task ended"),
            raw.status, raw.requestId);
    // The final event updates the task's own entry, as a query's answer does. A stream
    // that ends without one (dropped, closed, cancelled) books nothing: the task is not
    // over, and the scheduler polls it instead.
    if (lastInfo && !error)
        detail::describeTask(rec, *lastInfo);
    else
        rec.statusOnly = true;
    finishCall(rec, error);
    if (error)
        co_return *error;
    co_return *lastInfo;
}

} // namespace bsp
