#pragma once

#include "core/apierror.h"
#include "core/embeddingindex.h"
#include "core/gatewayclient.h"

#include <QStringList>

#include <QCoroTask>

#include <memory>
#include <optional>

namespace bsp {

struct RerankedHit
{
    int row = -1;
    double score = 0; // the rerank model's relevance in [0, 1]
    int recallRank = 0; // 1-based place in the recall list
};

// Pattern 2 of the gateway: embed the query, recall top K by cosine, rerank those K and
// keep top N. Each stage's time is measured; a failed stage keeps what came before.
struct SearchOutcome
{
    QString query;
    QList<float> queryVector; // unit length
    QList<SearchHit> recall; // best first
    QList<RerankedHit> reranked; // best first
    qint64 embedMs = 0;
    qint64 recallMs = 0;
    qint64 rerankMs = 0;
    qint64 rerankTokens = 0;
    std::optional<ApiError> error;
    QString failedStage; // "embed", "recall", "rerank"

    bool ok() const { return !error.has_value(); }
};

struct SearchRequest
{
    QString query;
    QString embeddingModel = QStringLiteral("bge-large-zh-v1.5");
    QString rerankModel = QStringLiteral("bge-reranker-v2-m3");
    int topK = 50;
    int topN = 5; // 0: recall only
};

// Runs one search. `texts` are the chunks' texts in row order (the documents sent to
// the rerank model); the recall itself runs on the thread pool.
QCoro::Task<SearchOutcome> runSearch(GatewayClient *client,
    std::shared_ptr<const EmbeddingIndex> index, QStringList texts, SearchRequest request,
    CallOptions options);

} // namespace bsp
