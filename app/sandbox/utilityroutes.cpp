// Free routes: catalogue, rate card, balance, usage rows, downloads of outputs.
#include "sandbox/context.h"
#include "sandbox/httpkit.h"
#include "sandbox/routes.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServer>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

using Method = QHttpServerRequest::Method;

void models(SandboxContext &ctx, const CallPtr &call)
{
    const QString capability = call->query().queryItemValue(u"capability"_s);
    const QString family = call->query().queryItemValue(u"family"_s);
    const QString modality = call->query().queryItemValue(u"modality"_s);
    QJsonArray data;
    for (const ModelInfo &m : ctx.catalogue().models()) {
        if (!capability.isEmpty() && !m.capabilities.contains(capability, Qt::CaseInsensitive))
            continue;
        if (!family.isEmpty() && m.family.compare(family, Qt::CaseInsensitive) != 0)
            continue;
        if (!modality.isEmpty() && modalityName(m.modality).compare(modality, Qt::CaseInsensitive))
            continue;
        data.append(m.toJson());
    }
    call->reply(QJsonObject {{u"object"_s, u"list"_s}, {u"data"_s, data}});
}

void balance(const CallPtr &call)
{
    const Account &a = *call->account();
    // Written by hand: this is the hot path of the benchmark (no QJsonDocument).
    const QByteArray body = "{\"remaining_credits\":" + usdText(a.remaining()).toLatin1()
        + ",\"reserved_credits\":" + usdText(a.reserved).toLatin1()
        + ",\"spent_credits\":" + usdText(a.spent).toLatin1()
        + ",\"granted_credits\":" + usdText(a.granted).toLatin1() + ",\"currency\":\"USD\"}";
    call->replyBytes(body, "application/json");
}

// Oldest first; `after` is the request id of the last row the client has seen.
void usage(const CallPtr &call)
{
    const Account &a = *call->account();
    bool ok = true;
    const QString limitText = call->query().queryItemValue(u"limit"_s);
    int limit = limitText.isEmpty() ? 100 : limitText.toInt(&ok);
    if (!ok || limit < 1 || limit > 1000) {
        call->fail(400, u"invalid_param"_s, u"limit must be 1..1000"_s, u"limit"_s);
        return;
    }
    qsizetype from = 0;
    const QString after = call->query().queryItemValue(u"after"_s);
    if (!after.isEmpty()) {
        const auto it = a.usageIndex.constFind(after);
        if (it == a.usageIndex.constEnd()) {
            call->fail(400, u"invalid_param"_s, u"unknown cursor %1"_s.arg(after), u"after"_s);
            return;
        }
        from = *it + 1;
    }
    QJsonArray data;
    const qsizetype to = std::min<qsizetype>(a.usage.size(), from + limit);
    for (qsizetype i = from; i < to; ++i)
        data.append(Accounts::usageRowJson(a.usage.at(i)));
    call->reply(QJsonObject {
        {u"object"_s, u"list"_s}, {u"data"_s, data}, {u"has_more"_s, to < a.usage.size()}});
}

void file(SandboxContext &ctx, const CallPtr &call, const QString &id)
{
    const StoredFile *f = ctx.files().find(id);
    // Another key's file is as unknown as a missing one.
    if (!f || f->ownerKey != call->key()) {
        call->fail(404, u"not_found"_s, u"no file %1"_s.arg(id));
        return;
    }
    if (!f->path.isEmpty()) {
        QFile in(f->path);
        if (!in.open(QIODevice::ReadOnly)) {
            call->fail(404, u"not_found"_s, u"file %1 is gone"_s.arg(id));
            return;
        }
        call->replyBytes(in.readAll(), f->contentType);
        return;
    }
    call->replyBytes(f->data, f->contentType);
}

} // namespace

void installUtilityRoutes(QHttpServer &server, SandboxContext &ctx)
{
    const auto free = [&ctx](const QHttpServerRequest &request, QHttpServerResponder &&responder,
                          const QString &route) {
        return ctx.begin(request, std::move(responder), Envelope::OpenAI, route);
    };
    server.route(u"/v1/models"_s, Method::Get,
        [&ctx, free](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            if (auto call = free(req, std::move(resp), u"/v1/models"_s))
                models(ctx, call);
        });
    server.route(u"/v1/pricing"_s, Method::Get,
        [&ctx, free](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            if (auto call = free(req, std::move(resp), u"/v1/pricing"_s))
                call->replyBytes(ctx.rateCardJson(), "application/json");
        });
    server.route(u"/v1/balance"_s, Method::Get,
        [free](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            if (auto call = free(req, std::move(resp), u"/v1/balance"_s))
                balance(call);
        });
    server.route(u"/api/v1/usage"_s, Method::Get,
        [free](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            if (auto call = free(req, std::move(resp), u"/api/v1/usage"_s))
                usage(call);
        });
    server.route(u"/v1/files/<arg>"_s, Method::Get,
        [&ctx, free](
            const QString &id, const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            if (auto call = free(req, std::move(resp), u"/v1/files"_s))
                file(ctx, call, id);
        });
}

} // namespace bsp::sandbox
