#include "core/semanticsearch.h"

#include <QElapsedTimer>
#include <QtConcurrent>

#include <QCoroFuture>

using namespace Qt::StringLiterals;

namespace bsp {

QCoro::Task<SearchOutcome> runSearch(GatewayClient *client,
    std::shared_ptr<const EmbeddingIndex> index, QStringList texts, SearchRequest request,
    CallOptions options)
{
    SearchOutcome out;
    out.query = request.query;
    QElapsedTimer clock;
    clock.start();
    EmbeddingRequest er;
    er.model = request.embeddingModel;
    er.input = QStringList {request.query};
    er.encodingFormat = u"base64"_s;
    const Result<EmbeddingResult> e = co_await client->embed(er, options);
    out.embedMs = clock.elapsed();
    if (!e) {
        out.error = e.error();
        out.failedStage = u"embed"_s;
        co_return out;
    }
    if (e->count != 1 || e->dimensions != index->dimensions()) {
        out.error = ApiError::malformed(
            u"the query vector has %1 dimensions; the index has %2"_s.arg(e->dimensions)
                .arg(index->dimensions()));
        out.failedStage = u"embed"_s;
        co_return out;
    }
    out.queryVector = e->vector(0);
    normalise(out.queryVector.data(), int(out.queryVector.size()));

    clock.restart();
    const QList<float> q = out.queryVector;
    const int k = request.topK;
    // The future is a named local: g++ 12 destroys a temporary lambda inside a co_await
    // expression twice, which would drop the index's reference count one time too many.
    QFuture<QList<SearchHit>> recall
        = QtConcurrent::run([index, q, k] { return index->search(q.constData(), k); });
    out.recall = co_await recall;
    out.recallMs = clock.elapsed();
    if (request.topN <= 0 || out.recall.isEmpty())
        co_return out;

    clock.restart();
    RerankRequest rr;
    rr.model = request.rerankModel;
    rr.query = request.query;
    for (const SearchHit &h : out.recall)
        rr.documents.append(texts.value(h.row));
    rr.topN = std::min<int>(request.topN, int(out.recall.size()));
    rr.returnDocuments = false;
    const Result<RerankResult> r = co_await client->rerank(rr, options);
    out.rerankMs = clock.elapsed();
    if (!r) {
        out.error = r.error();
        out.failedStage = u"rerank"_s;
        co_return out;
    }
    out.rerankTokens = r->totalTokens;
    for (const RerankHit &h : r->results) {
        if (h.index < 0 || h.index >= out.recall.size())
            continue;
        out.reranked.append(
            RerankedHit {out.recall.at(h.index).row, h.relevanceScore, h.index + 1});
        if (out.reranked.size() >= rr.topN.value())
            break;
    }
    co_return out;
}

} // namespace bsp
