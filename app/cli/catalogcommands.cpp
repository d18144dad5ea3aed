// models, pricing, balance, usage: the read-only catalogue and money routes.

#include "cli/commands.h"

#include "core/ratecard.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace bsp::cli {

namespace {

QString usd(double value)
{
    return formatUsd(creditsFromUsd(value));
}

QString rateText(const Rate &r)
{
    QStringList parts;
    switch (r.modality) {
    case Modality::Text:
        parts << CliContext::tr("%1 in / %2 out per Mtok")
                     .arg(usd(r.inputPerMtok), usd(r.outputPerMtok));
        break;
    case Modality::Embedding:
        parts << CliContext::tr("%1 per Mtok").arg(usd(r.inputPerMtok));
        break;
    case Modality::Image:
        for (auto it = r.bySize.cbegin(); it != r.bySize.cend(); ++it)
            parts << CliContext::tr("%1 %2/image").arg(it.key(), usd(it.value()));
        break;
    case Modality::Video:
        for (auto it = r.byResolution.cbegin(); it != r.byResolution.cend(); ++it)
            parts << CliContext::tr("%1 %2/s").arg(it.key(), usd(it.value()));
        break;
    case Modality::Rerank:
        parts << CliContext::tr("%1 per search of up to %2 documents")
                     .arg(usd(r.perSearch))
                     .arg(r.documentsPerSearch);
        break;
    case Modality::Unknown:
        parts << r.unit;
        break;
    }
    QString text = parts.join(u", "_s);
    if (r.estimated)
        text += CliContext::tr(" (estimated)");
    return text;
}

void setupModels(QCommandLineParser &p)
{
    p.addOptions({
        {u"capability"_s, CliContext::tr("Only models with this capability (e.g. vision)."),
            u"C"_s},
        {u"family"_s, CliContext::tr("Only models of this family."), u"F"_s},
    });
}

QCoro::Task<int> runModels(CliContext *ctx)
{
    ModelFilter filter;
    filter.capability = ctx->args().value(u"capability"_s);
    filter.family = ctx->args().value(u"family"_s);
    const Result<QList<ModelInfo>> r = co_await ctx->client().models(filter, ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    if (ctx->json()) {
        QJsonArray data;
        for (const ModelInfo &m : *r)
            data.append(m.toJson());
        ctx->outJson(QJsonDocument(QJsonObject {{u"object"_s, u"list"_s}, {u"data"_s, data}}));
        co_return ExitOk;
    }
    qsizetype width = 0;
    for (const ModelInfo &m : *r)
        width = std::max(width, m.id.size());
    for (const ModelInfo &m : *r)
        ctx->outLine(
            m.id.leftJustified(width + 2) + m.family.leftJustified(12) + m.capabilities.join(u','));
    co_return ExitOk;
}

QCoro::Task<int> runPricing(CliContext *ctx)
{
    Result<QByteArray> r = co_await ctx->client().pricing(ctx->callOptions());
    QByteArray json;
    if (r) {
        json = *r;
    } else if (r.error().kind == ApiError::Kind::NotFound) {
        // The hosted gateway publishes no machine-readable card: the bundled one stands in.
        json = RateCard::bundled().toJson();
        ctx->err(CliContext::tr("note: the gateway serves no rate card; showing the bundled one"));
    } else {
        co_return ctx->fail(r.error());
    }
    QString why;
    const std::optional<RateCard> card = RateCard::fromJson(json, &why);
    if (ctx->json() || !card) {
        if (!card)
            ctx->err(CliContext::tr("note: the rate card does not parse (%1); printing it as is")
                         .arg(why));
        const QJsonDocument doc = QJsonDocument::fromJson(json);
        if (doc.isNull())
            ctx->out(QString::fromUtf8(json) + u'\n');
        else
            ctx->outJson(doc);
        co_return ExitOk;
    }
    ctx->outLine(CliContext::tr("Rate card of %1 (%2), in %3")
                     .arg(card->updated(), card->source(), card->currency()));
    qsizetype width = 0;
    for (const Rate &rate : card->rates())
        width = std::max(width, rate.model.size());
    for (const Rate &rate : card->rates())
        ctx->outLine(rate.model.leftJustified(width + 2)
            + modalityName(rate.modality).leftJustified(11) + rateText(rate));
    co_return ExitOk;
}

QCoro::Task<int> runBalance(CliContext *ctx)
{
    const Result<Balance> r = co_await ctx->client().balance(ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    if (ctx->json()) {
        ctx->outJson(QJsonDocument(QJsonObject {
            {u"remaining_credits"_s, usdFromCredits(r->remaining)},
            {u"reserved_credits"_s, usdFromCredits(r->reserved)},
            {u"spent_credits"_s, usdFromCredits(r->spent)},
        }));
        co_return ExitOk;
    }
    const auto line = [](const QString &label, Credits c) -> QString {
        return label.leftJustified(11) + formatUsd(c).leftJustified(14)
            + CliContext::tr("(%1 credits)").arg(c);
    };
    ctx->outLine(line(CliContext::tr("remaining"), r->remaining));
    ctx->outLine(line(CliContext::tr("reserved"), r->reserved));
    ctx->outLine(line(CliContext::tr("spent"), r->spent));
    co_return ExitOk;
}

void setupUsage(QCommandLineParser &p)
{
    p.addOptions({
        {u"limit"_s, CliContext::tr("At most N rows (default 20)."), u"N"_s, u"20"_s},
        {u"after"_s, CliContext::tr("Rows after this request id (paging)."), u"REQ"_s},
    });
}

QCoro::Task<int> runUsage(CliContext *ctx)
{
    qint64 limit = 20;
    if (!ctx->intOption(u"limit"_s, 1, 1000, &limit))
        co_return ExitUsage;
    const QString after = ctx->args().value(u"after"_s);
    Result<UsagePage> r = co_await ctx->client().usage(int(limit), after, ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    if (after.isEmpty()) {
        // The gateway pages oldest first; without a cursor the user asked for the most
        // recent calls, so walk to the end and keep the last `limit`.
        QList<UsageRow> rows = r->rows;
        bool more = r->hasMore;
        while (more && !rows.isEmpty()) {
            Result<UsagePage> next = co_await ctx->client().usage(
                1000, rows.constLast().requestId, ctx->callOptions());
            if (!next)
                co_return ctx->fail(next.error());
            rows += next->rows;
            more = next->hasMore;
            if (rows.size() > limit)
                rows = rows.mid(rows.size() - limit);
        }
        r->rows = rows;
        r->hasMore = false;
    }
    if (ctx->json()) {
        QJsonArray data;
        for (const UsageRow &row : r->rows)
            data.append(row.toJson());
        ctx->outJson(QJsonDocument(QJsonObject {{u"data"_s, data}, {u"has_more"_s, r->hasMore}}));
        co_return ExitOk;
    }
    for (const UsageRow &row : r->rows) {
        QString facts;
        if (row.promptTokens || row.completionTokens)
            facts = CliContext::tr("%1+%2 tok").arg(row.promptTokens).arg(row.completionTokens);
        else if (row.units > 0)
            facts = CliContext::tr("%1 units").arg(row.units);
        QString status = row.status;
        if (!row.errorCode.isEmpty())
            status += u'(' + row.errorCode + u')';
        ctx->outLine(row.createdAt.toString(Qt::ISODate) + u"  "_s + row.requestId + u"  "_s
            + row.route.leftJustified(24) + row.model.leftJustified(22) + status.leftJustified(12)
            + u' ' + facts.leftJustified(16) + u' ' + formatUsd(row.credits));
    }
    if (r->hasMore && !r->rows.isEmpty())
        ctx->err(CliContext::tr("more rows: --after %1").arg(r->rows.constLast().requestId));
    co_return ExitOk;
}

void setupNothing(QCommandLineParser &) { }

} // namespace

QList<Command> catalogCommands()
{
    return {
        {u"models"_s, CliContext::tr("List the models the gateway serves."), setupModels,
            runModels},
        {u"pricing"_s, CliContext::tr("Show the rate card."), setupNothing, runPricing},
        {u"balance"_s, CliContext::tr("Show the wallet: remaining, reserved, spent."), setupNothing,
            runBalance},
        {u"usage"_s,
            CliContext::tr(
                "List the most recent calls with their cost (--after pages forward from a call)."),
            setupUsage, runUsage},
    };
}

} // namespace bsp::cli
