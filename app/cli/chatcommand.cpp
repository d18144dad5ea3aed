// chat: one Messages call, streamed to stdout as it arrives.

#include "cli/commands.h"
#include "cli/imagefile.h"
#include "core/callrecord.h"

#include "core/ratecard.h"
#include "core/tokens.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace bsp::cli {

namespace {

void setupChat(QCommandLineParser &p)
{
    p.addOptions({
        {u"model"_s, CliContext::tr("Text model (default claude-sonnet-4-5)."), u"M"_s,
            u"claude-sonnet-4-5"_s},
        {u"system"_s, CliContext::tr("System prompt."), u"S"_s},
        {u"max-tokens"_s, CliContext::tr("Most output tokens (default 1024)."), u"N"_s, u"1024"_s},
        {u"temperature"_s, CliContext::tr("Sampling temperature, 0 to 1."), u"T"_s},
        {u"image"_s, CliContext::tr("Attach an image file (PNG, JPEG, GIF, WebP); repeatable."),
            u"FILE"_s},
        {u"no-stream"_s, CliContext::tr("Wait for the whole answer instead of streaming it.")},
    });
    p.addPositionalArgument(
        u"prompt"_s, CliContext::tr("The prompt, or - to read it from stdin."), u"PROMPT|-"_s);
}

// "in 12 tok, out 40 tok, ttft 85 ms, 412 ms, ≈ $0.000636"
QString summaryLine(const Message &m, qint64 ttftMs, qint64 elapsedMs)
{
    QString line = CliContext::tr("in %1 tok, out %2 tok")
                       .arg(m.usage.inputTokens)
                       .arg(m.usage.outputTokens);
    if (ttftMs >= 0)
        line += CliContext::tr(", ttft %1 ms").arg(ttftMs);
    line += CliContext::tr(", %1 ms").arg(elapsedMs);
    static const RateCard card = RateCard::bundled();
    // The ledger's pricing function, on the facts of this call.
    CallRecord facts;
    facts.route = u"/v1/messages"_s;
    facts.model = m.model;
    facts.inputTokens = m.usage.inputTokens;
    facts.outputTokens = m.usage.outputTokens;
    if (const auto cost = card.callCost(facts))
        line += CliContext::tr(", ≈ %1").arg(formatUsd(*cost));
    if (!m.stopReason.isEmpty() && m.stopReason != "end_turn"_L1)
        line += CliContext::tr(", stop %1").arg(m.stopReason);
    return line;
}

QJsonObject messageJson(const Message &m, const QString &requestId, qint64 ttftMs, qint64 elapsedMs)
{
    QJsonObject o = m.toJson();
    o.insert(u"request_id"_s, requestId);
    if (ttftMs >= 0)
        o.insert(u"time_to_first_token_ms"_s, ttftMs);
    o.insert(u"elapsed_ms"_s, elapsedMs);
    return o;
}

QCoro::Task<int> runChat(CliContext *ctx)
{
    const QCommandLineParser &args = ctx->args();
    const QStringList words = ctx->positional();
    if (words.isEmpty())
        co_return ctx->usageError(CliContext::tr("chat needs a PROMPT (or - for stdin)"));

    MessageRequest request;
    request.model = args.value(u"model"_s);
    request.system = args.value(u"system"_s);
    qint64 maxTokens = 1024;
    if (!ctx->intOption(u"max-tokens"_s, 1, 1'000'000, &maxTokens))
        co_return ExitUsage;
    request.maxTokens = int(maxTokens);
    if (args.isSet(u"temperature"_s)) {
        double t = 0;
        if (!ctx->doubleOption(u"temperature"_s, 0.0, 1.0, &t))
            co_return ExitUsage;
        request.temperature = t;
    }

    QString prompt;
    if (words.size() == 1 && words.constFirst() == "-"_L1) {
        QByteArray data;
        QString error;
        if (!CliContext::readInput(u"-"_s, &data, &error))
            co_return ctx->usageError(error);
        prompt = QString::fromUtf8(data).trimmed();
    } else {
        prompt = words.join(u' ');
    }
    if (prompt.isEmpty())
        co_return ctx->usageError(CliContext::tr("the prompt is empty"));

    // Images go before the text, as the Messages docs recommend; each is checked here
    // so a bad file never costs a request.
    InputMessage user;
    user.role = u"user"_s;
    // The files are weighed before any is read: together they must fit one request.
    qint64 attached = 0;
    for (const QString &path : args.values(u"image"_s))
        attached += QFileInfo(path).size();
    if (attached > ImageFile::kMaxTotalBytes)
        co_return ctx->usageError(
            CliContext::tr("the images add up to %1 MiB, over the %2 MiB a request can carry")
                .arg(double(attached) / (1024.0 * 1024.0), 0, 'f', 1)
                .arg(ImageFile::kMaxTotalBytes / (1024 * 1024)));
    for (const QString &path : args.values(u"image"_s)) {
        QString error;
        const std::optional<ImageFile> image = ImageFile::load(path, &error);
        if (!image)
            co_return ctx->usageError(error);
        user.content.append(ContentBlock::imageBlock(image->bytes, image->mediaType));
    }
    user.content.append(ContentBlock::textBlock(prompt));
    request.messages.append(user);

    QElapsedTimer clock;
    clock.start();
    if (args.isSet(u"no-stream"_s)) {
        const Result<Message> r = co_await ctx->client().createMessage(request, ctx->callOptions());
        if (!r)
            co_return ctx->fail(r.error());
        if (ctx->json()) {
            ctx->outJson(QJsonDocument(
                messageJson(*r, ctx->client().lastQuota().requestId, -1, clock.elapsed())));
        } else {
            ctx->outLine(r->text());
            ctx->err(summaryLine(*r, -1, clock.elapsed()));
        }
        co_return ExitOk;
    }

    const bool json = ctx->json();
    bool printed = false;
    bool endsWithNewline = false;
    qint64 printedTokens = 0;
    const auto onEvent = [ctx, json, &printed, &endsWithNewline, &printedTokens](
                             const MessageStreamEvent &ev, const Message &) {
        if (json || ev.type != MessageStreamEvent::Type::TextDelta || ev.text.isEmpty())
            return;
        ctx->out(ev.text); // flushed per delta
        printed = true;
        endsWithNewline = ev.text.endsWith(u'\n');
        printedTokens += estimateTokens(ev.text);
    };
    CallOptions opt = ctx->callOptions();
    // Printed text is not kept: an endless stream costs no memory. --json needs it all
    // (bounded by the client's reply limit).
    opt.keepStreamedContent = json;
    const StreamedMessage s = co_await ctx->client().streamMessage(request, onEvent, opt);
    const qint64 elapsed = clock.elapsed();
    if (json) {
        if (!s.ok())
            co_return ctx->fail(*s.error);
        ctx->outJson(
            QJsonDocument(messageJson(s.message, s.requestId, s.timeToFirstTokenMs, elapsed)));
        co_return ExitOk;
    }
    if (printed && !endsWithNewline)
        ctx->out(u"\n"_s);
    if (s.ok()) {
        ctx->err(summaryLine(s.message, s.timeToFirstTokenMs, elapsed));
    } else if (s.error->kind == ApiError::Kind::Cancelled) {
        // An abort bills the partial output, which message_delta may not have counted yet.
        Message partial = s.message;
        if (partial.usage.outputTokens == 0)
            partial.usage.outputTokens = printedTokens;
        ctx->err(summaryLine(partial, s.timeToFirstTokenMs, elapsed));
    }
    if (!s.ok())
        co_return ctx->fail(*s.error);
    co_return ExitOk;
}

} // namespace

QList<Command> chatCommands()
{
    return {
        {u"chat"_s,
            CliContext::tr("Send a prompt (and images) to a text model; stream the answer."),
            setupChat, runChat},
    };
}

} // namespace bsp::cli
