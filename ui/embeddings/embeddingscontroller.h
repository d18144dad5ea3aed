#pragma once

#include "core/corpus.h"
#include "core/embeddingindex.h"
#include "core/embedjob.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/pca.h"
#include "core/semanticsearch.h"

#include <QObject>
#include <QPointF>
#include <QPointer>

#include <memory>
#include <optional>

namespace bsp {
class CostService;
class GatewayClient;
class VectorCache;
} // namespace bsp

namespace bsp::ui {

// Owns the Embeddings tab's calls and data: the corpus, the embed job, the index, the
// searches and the map's projection. Heavy work (loading, assembling, PCA, recall)
// runs on the thread pool; results come back as signals. The cost of every call comes
// from the ledger's record of it (CostService::callRecorded), never from a guess.
class EmbeddingsController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddingsController)

public:
    // `cache` is opened by the composition root; its folder also holds the current
    // index ("index/" beside it), which is reopened at start.
    EmbeddingsController(GatewayClient *client, CostService *cost, VectorCache *cache,
        QString indexFolder, QObject *parent = nullptr);
    ~EmbeddingsController() override;

    // Corpus
    void loadPaths(const QStringList &paths, const CorpusOptions &options);
    void loadText(const QString &text, const CorpusOptions &options);
    bool isLoading() const { return m_loading; }
    const QList<Chunk> &chunks() const { return m_chunks; }
    const QList<CorpusIssue> &issues() const { return m_issues; }
    qsizetype uncachedCount() const { return m_uncached.size(); }
    std::optional<Credits> estimate(const QString &model) const;

    // Embedding
    void embed(const QString &model, int batchSize, int inFlight);
    void cancelEmbed();
    bool isEmbedding() const { return m_job && m_job->isRunning(); }
    Credits embedCharged() const { return m_embedCharged; }
    int embedCalls() const { return m_embedCalls; }

    // Index
    bool hasIndex() const { return m_index != nullptr; }
    QString indexModel() const { return m_indexModel; }
    QString indexFolder() const { return m_indexFolder; }
    const QList<QPointF> &projection() const { return m_pca.points; }
    // The last query's place on the map (null before a search or a projection).
    std::optional<QPointF> queryPoint() const;
    // Opens a folder written by `bytespike-cli index build` (or exported by the tab).
    void openIndex(const QString &dir);
    bool exportIndex(const QString &dir, QString *error) const;
    void setUseInt8(bool on);

    // Search
    struct StageCost
    {
        std::optional<Credits> charged; // from the ledger; unset until recorded
        std::optional<Credits> estimated;
        LedgerEntry::Status status = LedgerEntry::Status::Succeeded;
    };
    void search(SearchRequest request);
    bool isSearching() const { return m_searching; }
    const SearchOutcome &lastSearch() const { return m_last; }
    StageCost embedQueryCost() const { return m_queryCost; }
    StageCost rerankCost() const { return m_rerankCost; }
    bool exportResults(const QString &path, QString *error) const; // .csv or .json

Q_SIGNALS:
    void loadingChanged(bool loading);
    void corpusChanged();
    void embedProgressed(const bsp::EmbedProgress &progress);
    void embedFinished(bsp::EmbedJob::State state, const QString &message);
    void indexChanged();
    void projectionChanged();
    void searchStarted();
    void searchFinished();
    void costsChanged();
    void message(const QString &text);

private:
    void setCorpus(Corpus corpus, QList<QByteArray> keys, QList<QByteArray> uncached);
    template<typename Work>
    void loadWith(Work work); // `work` returns a Loaded (see the .cpp)
    void buildIndex(const QString &model, QList<QByteArray> keys);
    void adoptIndex(std::shared_ptr<FlatIndex> index, const QString &model, QList<Chunk> chunks);
    void project();
    void onCallRecorded(const LedgerEntry &entry);
    QStringList texts() const;
    QString lastSearchPath() const;
    void saveLastSearch() const;
    void restoreLastSearch();

    GatewayClient *m_client;
    CostService *m_cost;
    VectorCache *m_cache;
    QString m_indexFolder;
    QString m_currentDir; // the folder the current index came from
    quint64 m_generation = 0;
    bool m_loading = false;

    QList<Chunk> m_chunks; // the loaded corpus (what the table shows)
    QList<CorpusIssue> m_issues;
    QList<QByteArray> m_keys;
    QList<QByteArray> m_uncached;
    std::unique_ptr<EmbedJob> m_job;
    bool m_jobCounting = false;
    Credits m_embedCharged = 0;
    int m_embedCalls = 0;

    std::shared_ptr<FlatIndex> m_index;
    std::shared_ptr<Int8Index> m_int8;
    bool m_useInt8 = false;
    QString m_indexModel;
    Pca2d m_pca;

    bool m_searching = false;
    SearchOutcome m_last;
    QString m_rerankModel;
    enum class Stage { None, EmbedQuery, Rerank } m_stage = Stage::None;
    StageCost m_queryCost;
    StageCost m_rerankCost;
};

} // namespace bsp::ui
