// POST /v1/messages: Anthropic Messages, JSON or SSE, with the gateway's image tool.

#include "core/tokens.h"
#include "core/worker.h"
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

// The work on the pool: the input images read, the reply text composed (it reads the
// whole prompt: slow for a 30 MB message), the tool's image rendered.
struct Rendered
{
    qsizetype badImage = -1; // the first input image that does not decode
    QString text;
    QByteArray png; // the generated image, when the tool runs
};

Rendered render(
    const MessageRequest &req, const QString &model, bool draw, QSize imageSize, quint64 seed)
{
    Rendered r;
    ReplyFacts facts;
    facts.model = model;
    facts.inputTokens = req.inputTokens;
    facts.turns = req.turns;
    facts.userTurns = req.userTurns;
    facts.hasSystem = !req.systemText.isEmpty();
    facts.toolResults = req.toolResults;
    facts.lastUserText = req.lastUserText;
    facts.temperature = req.temperature;
    for (qsizetype i = 0; i < req.images.size(); ++i) {
        const std::optional<ImageFacts> f = inspectImage(req.images.at(i).data);
        if (!f) {
            r.badImage = i;
            return r;
        }
        ReplyImage img;
        img.size = f->size;
        img.format = f->format;
        img.colours = f->dominantColours;
        facts.images.append(img);
    }
    r.text = composeReply(facts);
    if (draw)
        r.png = renderImagePng(req.lastUserText, imageSize, seed);
    return r;
}

void answer(SandboxContext &ctx, const CallPtr &call, const MessageRequest &req,
    const QString &model, bool toolRuns, bool imageBlocked, const Rendered &rendered,
    bool streamError)
{
    if (rendered.badImage >= 0) {
        call->fail(400, u"invalid_image"_s,
            u"messages: image %1 does not decode as an image"_s.arg(rendered.badImage + 1));
        return;
    }
    QString text = rendered.text;
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

struct ParsedRequest
{
    std::optional<MessageRequest> request;
    QString error;
    QString param;
};

ParsedRequest parseRequest(const QJsonObject &json)
{
    ParsedRequest p;
    p.request = MessageRequest::fromJson(json, &p.error, &p.param);
    return p;
}

void handleParsed(SandboxContext &ctx, const CallPtr &call, ParsedRequest parsed);

void handleMessages(SandboxContext &ctx, const CallPtr &call)
{
    // A big body is read (every turn, every token counted) on the pool as well.
    if (call->body().size() <= SandboxContext::kInlineParseBytes) {
        handleParsed(ctx, call, parseRequest(call->json()));
        return;
    }
    runThen(
        &ctx.pool(), ctx.guard(), [json = call->json()] { return parseRequest(json); },
        [&ctx, call](ParsedRequest parsed) {
            if (!call->alive()) {
                call->abandon();
                return;
            }
            handleParsed(ctx, call, std::move(parsed));
        });
}

void handleParsed(SandboxContext &ctx, const CallPtr &call, ParsedRequest parsed)
{
    // `[fault:stream_error]`: an `error` event mid-stream (a plain answer is unaffected).
    const bool streamError = call->fault() == Fault::StreamError;
    if (streamError)
        call->setFault(Fault::None);
    if (!parsed.request) {
        call->fail(400, u"invalid_param"_s, parsed.error, parsed.param);
        return;
    }
    MessageRequest req = std::move(*parsed.request);
    // An image URL that names one of this key's sandbox files is read from the store.
    const QString filesPrefix = ctx.baseUrl() + u"/v1/files/"_s;
    for (MessageImage &image : req.images) {
        if (!image.data.isEmpty() || !image.url.startsWith(filesPrefix))
            continue;
        const StoredFile *f = ctx.files().find(QStringView(image.url).mid(filesPrefix.size()));
        if (f && f->ownerKey == call->key() && !f->data.isEmpty()) {
            image.data = f->data;
            image.url.clear();
        }
    }
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

    const bool draw = toolRuns && !imageBlocked;
    const quint64 seed = detail::hashText(req.lastUserText);
    ctx.offload(
        call,
        [req, model, draw, imageSize, seed] { return render(req, model, draw, imageSize, seed); },
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
