// POST /v1/messages: Anthropic Messages, JSON or SSE, with the gateway's image tool.

#include "core/tokens.h"
#include "sandbox/context.h"
#include "sandbox/engines.h"
#include "sandbox/engines_hash.h"
#include "sandbox/messagebuilder.h"
#include "sandbox/messagestream.h"
#include "sandbox/routes.h"
#include "sandbox/validation.h"

#include <QHttpServer>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

QSize parseSize(const QString &size)
{
    const QStringList wh = size.split(u'x');
    if (wh.size() != 2)
        return {};
    return QSize(wh.at(0).toInt(), wh.at(1).toInt());
}

struct Rendered
{
    QList<std::optional<ImageFacts>> facts; // per input image with bytes
    QByteArray png; // the generated image, when the tool runs
};

void answer(SandboxContext &ctx, const CallPtr &call, const MessageRequest &req,
    const QString &model, bool toolRuns, bool imageBlocked, const Rendered &rendered,
    bool streamError)
{
    ReplyFacts facts;
    facts.model = model;
    facts.inputTokens = req.inputTokens;
    facts.turns = req.turns;
    facts.userTurns = req.userTurns;
    facts.hasSystem = !req.systemText.isEmpty();
    facts.toolResults = req.toolResults;
    facts.lastUserText = req.lastUserText;
    facts.temperature = req.temperature;
    qsizetype decoded = 0;
    for (qsizetype i = 0; i < req.images.size(); ++i) {
        const MessageImage &in = req.images.at(i);
        ReplyImage img;
        if (in.data.isEmpty()) {
            img.format = u"url not fetched: "_s + in.url;
        } else {
            const std::optional<ImageFacts> &f = rendered.facts.at(decoded++);
            if (!f) {
                call->fail(400, u"invalid_image"_s,
                    u"messages: image %1 does not decode as an image"_s.arg(i + 1));
                return;
            }
            img.size = f->size;
            img.format = f->format;
            img.colours = f->dominantColours;
        }
        facts.images.append(img);
    }

    QString text = composeReply(facts);
    if (toolRuns) {
        text += u" Calling "_s + req.imageTool->name + u" ("_s + req.imageTool->model + u", "_s
            + req.imageTool->size + u") with your words as the prompt."_s;
    }
    const LimitedText limited = applyLimits(text, req.maxTokens, req.stopSequences);
    ReplyPlan plan;
    plan.stopReason = limited.stopReason;
    plan.stopSequence = limited.stopSequence;
    plan.blocks.append(ReplyBlock {ReplyBlock::Kind::Text, limited.text, {}, {}, {}, {}});
    plan.outputTokens = estimateTokens(limited.text);
    Credits imageCost = 0;
    // A reply cut short by max_tokens or a stop sequence never reaches the tool call.
    if (toolRuns && limited.stopReason == u"end_turn"_s) {
        ReplyBlock use {ReplyBlock::Kind::ToolUse, {}, anthropicId(u"toolu_"), req.imageTool->name,
            QJsonObject {{u"prompt"_s, req.lastUserText}, {u"size"_s, req.imageTool->size}}, {}};
        plan.outputTokens += estimateTokens(
            QString::fromUtf8(QJsonDocument(use.toolInput).toJson(QJsonDocument::Compact)));
        plan.blocks.append(use);
        if (imageBlocked) {
            const QString why = u"The image was not generated: upstream safety blocked the "
                                u"prompt (content_policy_violation). It was not billed."_s;
            plan.blocks.append(ReplyBlock {ReplyBlock::Kind::Text, why, {}, {}, {}, {}});
            plan.outputTokens += estimateTokens(why);
            plan.imageBlocked = true;
        } else {
            plan.blocks.append(ReplyBlock {ReplyBlock::Kind::Image, {}, {}, {}, {}, rendered.png});
            imageCost = ctx.rateCard()
                            .imageCost(req.imageTool->model, req.imageTool->size, 1)
                            .value_or(0);
        }
    }

    const QString messageId = anthropicId(u"msg_");
    if (req.stream) {
        StreamSpec spec;
        spec.messageId = messageId;
        spec.model = model;
        spec.inputTokens = req.inputTokens;
        spec.plan = plan;
        spec.imageCost = imageCost;
        const ModelInfo *info = ctx.catalogue().find(model, ctx.rateCard());
        spec.firstTokenMs = ctx.scaledMs(info ? info->profile.firstTokenMs : 400);
        spec.msPerToken = 1000.0 / (info ? info->profile.tokensPerSecond : 60) * ctx.timeScale();
        spec.streamError = streamError;
        startMessageStream(ctx, call, spec);
        return;
    }

    QJsonArray content;
    for (const ReplyBlock &b : std::as_const(plan.blocks))
        content.append(b.toJson());
    const QJsonObject body {
        {u"id"_s, messageId},
        {u"type"_s, u"message"_s},
        {u"role"_s, u"assistant"_s},
        {u"model"_s, model},
        {u"content"_s, content},
        {u"stop_reason"_s, plan.stopReason},
        {u"stop_sequence"_s,
            plan.stopSequence.isEmpty() ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(plan.stopSequence)},
        {u"usage"_s, usageJson(req.inputTokens, plan.outputTokens)},
    };
    const Credits cost
        = ctx.rateCard().textCost(model, req.inputTokens, plan.outputTokens).value_or(0)
        + imageCost;
    UsageRow row;
    row.promptTokens = req.inputTokens;
    row.completionTokens = plan.outputTokens;
    row.units = imageCost > 0 ? 1 : 0;
    call->succeed(body, cost, row);
}

void handleMessages(SandboxContext &ctx, const CallPtr &call)
{
    // `[fault:stream_error]`: an `error` event mid-stream (a plain answer is unaffected).
    const bool streamError = call->fault() == Fault::StreamError;
    if (streamError)
        call->setFault(Fault::None);

    // An image URL that names one of this key's sandbox files is read from the store.
    const QString filesPrefix = ctx.baseUrl() + u"/v1/files/"_s;
    const QString key = call->key();
    const auto resolveUrl
        = [&ctx, filesPrefix, key](const QString &url) -> std::optional<QByteArray> {
        if (!url.startsWith(filesPrefix))
            return std::nullopt;
        const StoredFile *f = ctx.files().find(QStringView(url).mid(filesPrefix.size()));
        if (!f || f->ownerKey != key || f->data.isEmpty())
            return std::nullopt;
        return f->data;
    };
    QString error;
    QString param;
    const auto parsed = MessageRequest::fromJson(call->json(), &error, &param, resolveUrl);
    if (!parsed) {
        call->fail(400, u"invalid_param"_s, error, param);
        return;
    }
    const MessageRequest req = *parsed;
    const ModelInfo *info = resolveModel(ctx, *call, req.model, Modality::Text);
    if (!info)
        return;
    const QString model = info->id;
    // An image URL the sandbox could not resolve to one of its files is refused (free),
    // not described as an image of unknown size.
    for (qsizetype i = 0; i < req.images.size(); ++i) {
        if (req.images.at(i).data.isEmpty()) {
            call->fail(400, u"invalid_image"_s,
                urlImageMessage(
                    u"messages: image %1 (%2)"_s.arg(i + 1).arg(req.images.at(i).url.left(80))),
                u"messages"_s);
            return;
        }
    }

    const bool toolRuns = req.usesImageTool();
    // A content_policy fault aimed at a message that draws blocks the image only: the
    // message itself succeeds and says why (docs/gateway-api.md, image tool).
    const bool imageBlocked = toolRuns && call->fault() == Fault::ContentPolicy;
    if (imageBlocked)
        call->setFault(Fault::None);
    if (call->failWithFault())
        return;

    QSize imageSize;
    // The hold covers the longest reply the sandbox writes, not an arbitrary max_tokens.
    constexpr qint64 kLongestReply = 4096;
    Credits estimate = ctx.rateCard()
                           .textCost(model, req.inputTokens, std::min(req.maxTokens, kLongestReply))
                           .value_or(0);
    if (toolRuns) {
        imageSize = parseSize(req.imageTool->size);
        const auto imageCost
            = ctx.rateCard().imageCost(req.imageTool->model, req.imageTool->size, 1);
        if (!imageSize.isValid() || imageSize.isEmpty()
            || !imageSizes().contains(req.imageTool->size)) {
            call->fail(400, u"invalid_param"_s,
                u"tools: size \"%1\" is not one of %2"_s.arg(
                    req.imageTool->size, imageSizes().join(u", "_s)),
                u"tools"_s);
            return;
        }
        if (!imageCost) {
            call->fail(400, u"invalid_param"_s,
                u"tools: \"%1\" is not an image model with a rate"_s.arg(req.imageTool->model),
                u"tools"_s);
            return;
        }
        if (!imageBlocked)
            estimate += *imageCost;
    }
    if (!call->reserve(estimate))
        return;

    QList<QByteArray> inputs;
    for (const MessageImage &img : req.images) {
        if (!img.data.isEmpty())
            inputs.append(img.data);
    }
    const bool render = toolRuns && !imageBlocked;
    const QString prompt = req.lastUserText;
    const quint64 seed = detail::hashText(prompt);
    ctx.offload(
        call,
        [inputs, render, prompt, imageSize, seed] {
            Rendered r;
            for (const QByteArray &bytes : inputs)
                r.facts.append(inspectImage(bytes));
            if (render)
                r.png = renderImagePng(prompt, imageSize, seed);
            return r;
        },
        [&ctx, call, req, model, toolRuns, imageBlocked, streamError](
            Rendered r) { answer(ctx, call, req, model, toolRuns, imageBlocked, r, streamError); });
}

} // namespace

QJsonObject usageJson(qint64 inputTokens, qint64 outputTokens)
{
    return QJsonObject {
        {u"input_tokens"_s, inputTokens},
        {u"cache_creation_input_tokens"_s, 0},
        {u"cache_read_input_tokens"_s, 0},
        {u"output_tokens"_s, outputTokens},
    };
}

void installMessagesRoutes(QHttpServer &server, SandboxContext &ctx)
{
    server.route(u"/v1/messages"_s, QHttpServerRequest::Method::Post,
        [&ctx](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            CallOptions options;
            options.billable = true;
            options.parseJson = true;
            ctx.start(request, std::move(responder), Envelope::Anthropic, u"/v1/messages"_s,
                options, [&ctx](const CallPtr &call) { handleMessages(ctx, call); });
        });
}

} // namespace bsp::sandbox
