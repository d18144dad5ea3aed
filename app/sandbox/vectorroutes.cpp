// POST /v1/embeddings (OpenAI shape) and POST /v1/rerank (Jina / new-api shape).
#include "core/tokens.h"
#include "sandbox/context.h"
#include "sandbox/engines.h"
#include "sandbox/routes.h"
#include "sandbox/validation.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QtEndian>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

using Method = QHttpServerRequest::Method;

constexpr int kMaxEmbeddingInputs = 256;

// Resolves the model of a vector route; writes the error and returns nullptr on failure.
const ModelInfo *vectorModel(
    SandboxContext &ctx, const CallPtr &call, Modality modality, const QString &fallback)
{
    return resolveModel(ctx, *call, call->json().value("model"_L1).toString(fallback), modality);
}

QJsonObject embeddingItem(int index, const QList<float> &v, bool base64)
{
    QJsonValue embedding;
    if (base64) {
        QByteArray raw(v.size() * qsizetype(sizeof(float)), Qt::Uninitialized);
        for (qsizetype i = 0; i < v.size(); ++i)
            qToLittleEndian<float>(v.at(i), raw.data() + i * qsizetype(sizeof(float)));
        embedding = QString::fromLatin1(raw.toBase64());
    } else {
        QJsonArray values;
        for (float f : v)
            values.append(double(f));
        embedding = values;
    }
    return QJsonObject {
        {u"object"_s, u"embedding"_s}, {u"index"_s, index}, {u"embedding"_s, embedding}};
}

void embeddings(SandboxContext &ctx, const CallPtr &call)
{
    const ModelInfo *info = vectorModel(ctx, call, Modality::Embedding, {});
    if (!info)
        return;
    const QJsonValue input = call->json().value("input"_L1);
    QStringList texts;
    if (input.isString()) {
        texts.append(input.toString());
    } else if (input.isArray()) {
        for (const QJsonValue &v : input.toArray()) {
            if (!v.isString()) {
                call->fail(400, u"invalid_param"_s, u"input items must be strings"_s, u"input"_s);
                return;
            }
            texts.append(v.toString());
        }
    } else {
        call->fail(400, u"invalid_param"_s, u"input must be a string or an array of strings"_s,
            u"input"_s);
        return;
    }
    if (texts.isEmpty() || texts.size() > kMaxEmbeddingInputs) {
        call->fail(400, u"invalid_param"_s,
            u"input must hold 1..%1 items"_s.arg(kMaxEmbeddingInputs), u"input"_s);
        return;
    }
    qint64 tokens = 0;
    for (const QString &t : std::as_const(texts)) {
        if (t.isEmpty()) {
            call->fail(400, u"invalid_param"_s, u"input strings must not be empty"_s, u"input"_s);
            return;
        }
        tokens += estimateTokens(t);
    }
    const QString format = call->json().value("encoding_format"_L1).toString(u"float"_s);
    if (format != u"float"_s && format != u"base64"_s) {
        call->fail(400, u"invalid_param"_s, u"encoding_format must be float or base64"_s,
            u"encoding_format"_s);
        return;
    }
    const std::optional<Credits> cost = ctx.rateCard().embeddingCost(info->id, tokens);
    if (!cost) {
        call->fail(400, u"invalid_param"_s, u"no rate for %1"_s.arg(info->id), u"model"_s);
        return;
    }
    if (!call->reserve(*cost) || call->failWithFault())
        return;
    const bool base64 = format == u"base64"_s;
    auto work = [texts, base64] {
        QJsonArray data;
        for (int i = 0; i < texts.size(); ++i)
            data.append(embeddingItem(i, embedText(texts.at(i)), base64));
        return data;
    };
    const QString model = info->id;
    ctx.offload(call, std::move(work), [call, model, tokens, cost](QJsonArray data) {
        UsageRow facts;
        facts.promptTokens = tokens;
        facts.units = double(data.size());
        call->succeed(
            QJsonObject {{u"object"_s, u"list"_s}, {u"data"_s, data}, {u"model"_s, model},
                {u"usage"_s,
                    QJsonObject {{u"prompt_tokens"_s, tokens}, {u"total_tokens"_s, tokens}}}},
            *cost, facts);
    });
}

void rerank(SandboxContext &ctx, const CallPtr &call)
{
    const ModelInfo *info = vectorModel(ctx, call, Modality::Rerank, u"bge-reranker-v2-m3"_s);
    if (!info)
        return;
    const QJsonObject &o = call->json();
    const QString query = o.value("query"_L1).toString();
    if (query.trimmed().isEmpty()) {
        call->fail(400, u"invalid_param"_s, u"query is required"_s, u"query"_s);
        return;
    }
    QStringList documents;
    for (const QJsonValue &v : o.value("documents"_L1).toArray()) {
        // Strings; {"text": ...} objects are taken too.
        if (v.isString())
            documents.append(v.toString());
        else if (v.isObject() && v.toObject().value("text"_L1).isString())
            documents.append(v.toObject().value("text"_L1).toString());
        else {
            call->fail(400, u"invalid_param"_s, u"documents must be strings"_s, u"documents"_s);
            return;
        }
    }
    if (documents.isEmpty()) {
        call->fail(400, u"invalid_param"_s, u"documents must not be empty"_s, u"documents"_s);
        return;
    }
    FieldError error;
    const auto top = readInteger(
        o, u"top_n"_s, 1, std::numeric_limits<qint64>::max(), documents.size(), &error);
    if (!top) {
        failField(*call, error);
        return;
    }
    const int topN = int(std::min<qint64>(*top, documents.size()));
    const bool returnDocuments = o.value("return_documents"_L1).toBool(false);
    qint64 tokens = estimateTokens(query) * documents.size();
    for (const QString &d : std::as_const(documents))
        tokens += estimateTokens(d);
    const std::optional<Credits> cost = ctx.rateCard().rerankCost(info->id, int(documents.size()));
    if (!cost) {
        call->fail(400, u"invalid_param"_s, u"no rate for %1"_s.arg(info->id), u"model"_s);
        return;
    }
    if (!call->reserve(*cost) || call->failWithFault())
        return;
    auto work = [query, documents] {
        QList<QPair<double, int>> scored;
        scored.reserve(documents.size());
        for (int i = 0; i < documents.size(); ++i)
            scored.append({rerankScore(query, documents.at(i)), i});
        std::stable_sort(scored.begin(), scored.end(),
            [](const auto &a, const auto &b) { return a.first > b.first; });
        return scored;
    };
    const QString model = info->id;
    const Rate *rate = ctx.rateCard().find(model);
    const int perSearch = rate && rate->documentsPerSearch > 0 ? rate->documentsPerSearch : 100;
    const int searches = std::max(1, (int(documents.size()) + perSearch - 1) / perSearch);
    ctx.offload(call, std::move(work),
        [call, model, documents, topN, returnDocuments, tokens, cost, searches](
            QList<QPair<double, int>> scored) {
            QJsonArray results;
            for (int i = 0; i < topN; ++i) {
                QJsonObject r {
                    {u"index"_s, scored.at(i).second}, {u"relevance_score"_s, scored.at(i).first}};
                if (returnDocuments)
                    r.insert(u"document"_s,
                        QJsonObject {{u"text"_s, documents.at(scored.at(i).second)}});
                results.append(r);
            }
            UsageRow facts;
            facts.promptTokens = tokens;
            facts.units = searches;
            call->succeed(QJsonObject {{u"id"_s, randomId(u"rerank_")}, {u"model"_s, model},
                              {u"results"_s, results},
                              {u"usage"_s, QJsonObject {{u"total_tokens"_s, tokens}}},
                              {u"meta"_s,
                                  QJsonObject {{u"billed_units"_s,
                                      QJsonObject {{u"search_units"_s, searches}}}}}},
                *cost, facts);
        });
}

} // namespace

void installVectorRoutes(QHttpServer &server, SandboxContext &ctx)
{
    const CallOptions billable = [] {
        CallOptions options;
        options.billable = true;
        options.parseJson = true;
        return options;
    }();
    server.route(u"/v1/embeddings"_s, Method::Post,
        [&ctx, billable](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            ctx.start(req, std::move(resp), Envelope::OpenAI, u"/v1/embeddings"_s, billable,
                [&ctx](const CallPtr &call) { embeddings(ctx, call); });
        });
    server.route(u"/v1/rerank"_s, Method::Post,
        [&ctx, billable](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            ctx.start(req, std::move(resp), Envelope::OpenAI, u"/v1/rerank"_s, billable,
                [&ctx](const CallPtr &call) { rerank(ctx, call); });
        });
}

} // namespace bsp::sandbox
