#include "core/chattypes.h"

#include "core/costservice.h"
#include "core/ratecard.h"
#include "core/tokens.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace bsp {

using namespace Qt::StringLiterals;

QJsonObject ChatParams::toJson() const
{
    QJsonObject o {{u"model"_s, model}, {u"system"_s, system}, {u"max_tokens"_s, maxTokens},
        {u"stop_sequences"_s, QJsonArray::fromStringList(stopSequences)},
        {u"image_tool"_s, imageTool}, {u"image_model"_s, imageModel}, {u"image_size"_s, imageSize}};
    if (temperature)
        o.insert(u"temperature"_s, *temperature);
    return o;
}

ChatParams ChatParams::fromJson(const QJsonObject &o)
{
    ChatParams p;
    p.model = o.value(u"model"_s).toString();
    p.system = o.value(u"system"_s).toString();
    p.maxTokens = o.value(u"max_tokens"_s).toInt(1024);
    if (o.contains(u"temperature"_s))
        p.temperature = o.value(u"temperature"_s).toDouble();
    const QJsonArray stops = o.value(u"stop_sequences"_s).toArray();
    for (const QJsonValue &v : stops)
        p.stopSequences.append(v.toString());
    p.imageTool = o.value(u"image_tool"_s).toBool();
    p.imageModel = o.value(u"image_model"_s).toString(p.imageModel);
    p.imageSize = o.value(u"image_size"_s).toString(p.imageSize);
    return p;
}

double ChatMetrics::tokensPerSecond() const
{
    const qint64 genMs = totalMs - qMax<qint64>(0, timeToFirstTokenMs);
    if (outputTokens <= 0 || genMs <= 0)
        return 0;
    return double(outputTokens) * 1000.0 / double(genMs);
}

QJsonObject ChatMetrics::toJson() const
{
    QJsonObject o {{u"input_tokens"_s, inputTokens}, {u"output_tokens"_s, outputTokens},
        {u"ttft_ms"_s, timeToFirstTokenMs}, {u"total_ms"_s, totalMs},
        {u"stop_reason"_s, stopReason}, {u"request_id"_s, requestId}};
    if (estimated)
        o.insert(u"estimated_credits"_s, *estimated);
    if (estimatedMax)
        o.insert(u"estimated_max_credits"_s, *estimatedMax);
    if (charged)
        o.insert(u"charged_credits"_s, *charged);
    return o;
}

ChatMetrics ChatMetrics::fromJson(const QJsonObject &o)
{
    ChatMetrics m;
    m.inputTokens = o.value(u"input_tokens"_s).toInteger();
    m.outputTokens = o.value(u"output_tokens"_s).toInteger();
    m.timeToFirstTokenMs = o.value(u"ttft_ms"_s).toInteger(-1);
    m.totalMs = o.value(u"total_ms"_s).toInteger();
    m.stopReason = o.value(u"stop_reason"_s).toString();
    m.requestId = o.value(u"request_id"_s).toString();
    if (o.contains(u"estimated_credits"_s))
        m.estimated = o.value(u"estimated_credits"_s).toInteger();
    if (o.contains(u"estimated_max_credits"_s))
        m.estimatedMax = o.value(u"estimated_max_credits"_s).toInteger();
    if (o.contains(u"charged_credits"_s))
        m.charged = o.value(u"charged_credits"_s).toInteger();
    return m;
}

QString ChatMetrics::summary() const
{
    const auto tr
        = [](const char *s) { return QCoreApplication::translate("bsp::ChatMetrics", s); };
    QStringList parts;
    parts << tr("in %1 · out %2").arg(inputTokens).arg(outputTokens);
    if (timeToFirstTokenMs >= 0)
        parts << tr("TTFT %1 s").arg(double(timeToFirstTokenMs) / 1000.0, 0, 'f', 2);
    parts << tr("total %1 s").arg(double(totalMs) / 1000.0, 0, 'f', 2);
    parts << tr("%1 tok/s").arg(tokensPerSecond(), 0, 'f', 1);
    const QString est = !estimated ? tr("price unknown")
        : estimatedMax && *estimatedMax > *estimated
        ? tr("≈ %1, up to %2 at max tokens").arg(formatUsd(*estimated), formatUsd(*estimatedMax))
        : u"≈ "_s + formatUsd(*estimated);
    // No charge yet (streaming), or none the card can price.
    const QString chg = charged ? formatUsd(*charged) : (estimated ? u"…"_s : tr("price unknown"));
    parts << tr("est. %1 · charged %2").arg(est, chg);
    if (!stopReason.isEmpty())
        parts << tr("stop: %1").arg(stopReason);
    return parts.join(u"  ·  "_s);
}

QString ChatTurn::text() const
{
    QString out;
    for (const ContentBlock &b : content)
        if (b.type == u"text"_s)
            out += b.text;
    return out;
}

QString ChatTurn::statusName(Status s)
{
    switch (s) {
    case Status::Complete:
        return u"complete"_s;
    case Status::Streaming:
        return u"streaming"_s;
    case Status::Cancelled:
        return u"cancelled"_s;
    case Status::Failed:
        return u"failed"_s;
    }
    return u"complete"_s;
}

ChatTurn::Status ChatTurn::statusFromName(const QString &name)
{
    if (name == u"streaming"_s)
        return Status::Streaming;
    if (name == u"cancelled"_s)
        return Status::Cancelled;
    if (name == u"failed"_s)
        return Status::Failed;
    return Status::Complete;
}

QList<ChatTurn> contextTurns(const QList<ChatTurn> &history)
{
    QList<ChatTurn> out;
    qsizetype exchangeStart = 0; // in `out`: where the user turns of this exchange begin
    for (const ChatTurn &t : history) {
        if (t.role == u"user"_s) {
            if (!out.isEmpty() && out.last().role != u"user"_s)
                exchangeStart = out.size();
            out.append(t);
            continue;
        }
        if (t.status == ChatTurn::Status::Failed && !t.includeInContext) {
            out.resize(exchangeStart); // the failed reply and what it answered
            continue;
        }
        out.append(t);
        exchangeStart = out.size();
    }
    return out;
}

MessageRequest buildRequest(const ChatParams &params, const QList<ChatTurn> &history)
{
    MessageRequest r;
    r.model = params.model;
    r.maxTokens = params.maxTokens;
    r.system = params.system;
    r.temperature = params.temperature;
    r.stopSequences = params.stopSequences;
    if (params.imageTool)
        r.addImageTool(params.imageModel, params.imageSize);
    const QList<ChatTurn> context = contextTurns(history);
    for (const ChatTurn &t : context) {
        InputMessage m;
        m.role = t.role;
        for (const ContentBlock &b : t.content) {
            // Only user turns carry images back; tool blocks and generated images of
            // earlier answers are not replayed (the text says what happened).
            if (b.type == u"text"_s && !b.text.isEmpty())
                m.content.append(ContentBlock::textBlock(b.text));
            else if (b.isImage() && t.role == u"user"_s)
                m.content.append(b);
        }
        if (m.content.isEmpty())
            continue;
        // The API wants alternating roles: merge consecutive turns of one role.
        if (!r.messages.isEmpty() && r.messages.last().role == m.role)
            r.messages.last().content.append(m.content);
        else
            r.messages.append(m);
    }
    return r;
}

std::optional<Credits> responseCost(const RateCard &card, const ChatParams &params,
    const Message &message, qint64 inputTokens, qint64 outputTokens)
{
    CallRecord call;
    call.route = u"/v1/messages"_s;
    call.model = params.model;
    call.inputTokens = inputTokens;
    call.outputTokens = outputTokens;
    call.images = int(message.images().size());
    call.imageModel = params.imageModel;
    call.size = params.imageSize;
    return card.callCost(call);
}

qint64 estimateRequestTokens(const MessageRequest &request)
{
    return request.estimatedInputTokens();
}

CostEstimate estimateRequestRange(const RateCard &card, const MessageRequest &request)
{
    return CostService::estimateWith(card, CostService::describe(request), request.maxTokens);
}

std::optional<Credits> estimateRequest(
    const RateCard &card, const ChatParams &params, const MessageRequest &request)
{
    Q_UNUSED(params) // the request carries the model, max tokens and the image tool
    return estimateRequestRange(card, request).expected;
}

} // namespace bsp
