#include "ui/embeddings/embeddingscontroller.h"

#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/indexbundle.h"
#include "core/pca.h"
#include "core/vectorcache.h"
#include "core/worker.h"

#include <QDir>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QSettings>
#include <QtConcurrent>
#include <cstring>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

const QString kTab = u"embeddings"_s;

struct Loaded
{
    Corpus corpus;
    QList<QByteArray> keys;
    QList<QByteArray> uncached;
};

Loaded hashAndCheck(Corpus corpus, const VectorCache *cache)
{
    Loaded out;
    out.keys.reserve(corpus.chunks.size());
    QSet<QByteArray> seen;
    for (const Chunk &c : corpus.chunks) {
        QByteArray key = VectorCache::keyFor(c.text);
        if (!seen.contains(key)) {
            seen.insert(key);
            if (!cache->contains(key))
                out.uncached.append(key);
        }
        out.keys.append(std::move(key));
    }
    out.corpus = std::move(corpus);
    return out;
}

QString csvField(QString s)
{
    if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n') || s.contains(u'\r'))
        return u'"' + s.replace(u"\""_s, u"\"\""_s) + u'"';
    return s;
}

} // namespace

EmbeddingsController::EmbeddingsController(GatewayClient *client, CostService *cost,
    VectorCache *cache, QString indexFolder, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cost(cost)
    , m_cache(cache)
    , m_indexFolder(std::move(indexFolder))
{
    connect(m_cost, &CostService::callRecorded, this, &EmbeddingsController::onCallRecorded);
    // The index the tab showed last (its own, or one the user opened) and its last search.
    const QString last = QSettings().value(u"embeddings/indexDir"_s, m_indexFolder).toString();
    if (QFileInfo::exists(QDir(last).filePath(u"manifest.json"_s)))
        openIndex(last);
    else if (QFileInfo::exists(QDir(m_indexFolder).filePath(u"manifest.json"_s)))
        openIndex(m_indexFolder);
}

EmbeddingsController::~EmbeddingsController() = default;

template<typename Work>
void EmbeddingsController::loadWith(Work work)
{
    // Reading, chunking and hashing on the pool; only the newest load is applied.
    const quint64 generation = ++m_generation;
    m_loading = true;
    Q_EMIT loadingChanged(true);
    runThen(this, std::move(work), [this, generation](Loaded loaded) {
        if (generation != m_generation)
            return;
        setCorpus(std::move(loaded.corpus), std::move(loaded.keys), std::move(loaded.uncached));
    });
}

void EmbeddingsController::loadPaths(const QStringList &paths, const CorpusOptions &options)
{
    const VectorCache *cache = m_cache;
    loadWith([paths, options, cache] {
        Corpus corpus;
        for (const QString &p : paths)
            corpus.append(CorpusLoader::load(p, options));
        return hashAndCheck(std::move(corpus), cache);
    });
}

void EmbeddingsController::loadText(const QString &text, const CorpusOptions &options)
{
    const VectorCache *cache = m_cache;
    loadWith([text, options, cache] {
        return hashAndCheck(CorpusLoader::fromText(text, options, tr("paste")), cache);
    });
}

void EmbeddingsController::setCorpus(
    Corpus corpus, QList<QByteArray> keys, QList<QByteArray> uncached)
{
    m_chunks = std::move(corpus.chunks);
    m_issues = std::move(corpus.issues);
    m_keys = std::move(keys);
    m_uncached = std::move(uncached);
    m_loading = false;
    Q_EMIT loadingChanged(false);
    Q_EMIT corpusChanged();
}

std::optional<Credits> EmbeddingsController::estimate(const QString &model) const
{
    if (m_uncached.isEmpty())
        return Credits(0);
    const QSet<QByteArray> wanted(m_uncached.cbegin(), m_uncached.cend());
    QSet<QByteArray> counted;
    QStringList texts;
    for (qsizetype i = 0; i < m_chunks.size(); ++i) {
        const QByteArray &key = m_keys.at(i);
        if (wanted.contains(key) && !counted.contains(key)) {
            counted.insert(key);
            texts.append(m_chunks.at(i).text);
        }
    }
    return m_cost->estimateEmbedding(model, texts);
}

void EmbeddingsController::embed(const QString &model, int batchSize, int inFlight)
{
    if (isEmbedding() || m_chunks.isEmpty() || m_loading)
        return;
    if (m_cache->model() != model || !m_cache->isOpen()) {
        QString error;
        if (!m_cache->open(model, &error)) {
            Q_EMIT embedFinished(EmbedJob::State::Failed, error);
            return;
        }
    }
    m_job = std::make_unique<EmbedJob>(m_client, m_cache);
    m_job->setModel(model);
    m_job->setBatchSize(batchSize);
    m_job->setMaxInFlight(inFlight);
    CallOptions options;
    options.tab = kTab;
    m_job->setCallOptions(options);
    m_embedCharged = 0;
    m_embedCalls = 0;
    m_jobCounting = true;
    connect(m_job.get(), &EmbedJob::progressed, this, &EmbeddingsController::embedProgressed);
    connect(m_job.get(), &EmbedJob::finished, this, [this, model](EmbedJob::State state) {
        m_jobCounting = false;
        const EmbedProgress p = m_job->progress();
        QString text;
        switch (state) {
        case EmbedJob::State::Finished:
            text = p.requests == 0
                ? tr("All %1 chunks were in the cache: nothing was sent.").arg(p.total)
                : tr("Embedded %1 chunks in %2 requests (%3 from the cache).")
                      .arg(p.done - p.fromCache)
                      .arg(p.requests)
                      .arg(p.fromCache);
            buildIndex(model, m_job->keys());
            break;
        case EmbedJob::State::Cancelled:
            text = tr("Cancelled: %1 of %2 chunks are in the cache; Embed resumes from there.")
                       .arg(p.done)
                       .arg(p.total);
            break;
        default:
            text = m_job->error() ? m_job->error()->displayText() : tr("Embedding failed.");
            break;
        }
        // What is cached now is not sent again.
        QList<QByteArray> left;
        for (const QByteArray &key : std::as_const(m_uncached)) {
            if (!m_cache->contains(key))
                left.append(key);
        }
        m_uncached = left;
        Q_EMIT embedFinished(state, text);
        Q_EMIT costsChanged();
    });
    m_job->start(texts());
}

QStringList EmbeddingsController::texts() const
{
    QStringList t;
    t.reserve(m_chunks.size());
    for (const Chunk &c : m_chunks)
        t.append(c.text);
    return t;
}

void EmbeddingsController::cancelEmbed()
{
    if (m_job)
        m_job->cancel();
}

void EmbeddingsController::buildIndex(const QString &model, QList<QByteArray> keys)
{
    const quint64 generation = ++m_generation;
    const VectorCache *cache = m_cache;
    IndexBundle bundle;
    bundle.model = model;
    bundle.options = {};
    bundle.builtAt = QDateTime::currentDateTimeUtc();
    bundle.chunks = m_chunks;
    const QString folder = m_indexFolder;
    m_loading = true;
    Q_EMIT loadingChanged(true);
    runThen(
        this,
        [cache, keys, bundle, folder]() mutable {
            QString error;
            bundle.index = std::shared_ptr<FlatIndex>(EmbedJob::assemble(*cache, keys, &error));
            if (bundle.index) {
                bundle.dimensions = bundle.index->dimensions();
                bundle.save(folder, &error);
            }
            return std::make_pair(bundle, error);
        },
        [this, generation](std::pair<IndexBundle, QString> r) {
            m_loading = false;
            Q_EMIT loadingChanged(false);
            if (generation != m_generation)
                return;
            if (!r.second.isEmpty())
                Q_EMIT message(r.second);
            if (r.first.index) {
                adoptIndex(r.first.index, r.first.model, r.first.chunks);
                m_currentDir = m_indexFolder;
                QSettings().setValue(u"embeddings/indexDir"_s, m_indexFolder);
            }
        });
}

void EmbeddingsController::openIndex(const QString &dir)
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    Q_EMIT loadingChanged(true);
    runThen(
        this,
        [dir] {
            QString error;
            std::optional<IndexBundle> b = IndexBundle::load(dir, {}, &error);
            return std::make_pair(b, error);
        },
        [this, generation, dir](std::pair<std::optional<IndexBundle>, QString> r) {
            m_loading = false;
            Q_EMIT loadingChanged(false);
            if (generation != m_generation)
                return;
            if (!r.first) {
                Q_EMIT message(tr("Could not open the index: %1").arg(r.second));
                return;
            }
            m_issues.clear();
            m_keys.clear();
            m_uncached.clear();
            for (const Chunk &c : r.first->chunks)
                m_keys.append(VectorCache::keyFor(c.text));
            adoptIndex(r.first->index, r.first->model, r.first->chunks);
            m_currentDir = dir;
            QSettings().setValue(u"embeddings/indexDir"_s, dir);
            Q_EMIT corpusChanged();
            restoreLastSearch();
            Q_EMIT message(tr("Opened the index in %1 (%2 chunks, %3).")
                               .arg(QDir::toNativeSeparators(dir))
                               .arg(r.first->chunks.size())
                               .arg(r.first->model));
        });
}

void EmbeddingsController::adoptIndex(
    std::shared_ptr<FlatIndex> index, const QString &model, QList<Chunk> chunks)
{
    m_index = std::move(index);
    m_int8.reset();
    m_indexModel = model;
    m_chunks = std::move(chunks);
    m_pca = {};
    m_last = {};
    if (m_useInt8)
        setUseInt8(true);
    Q_EMIT indexChanged();
    project();
}

void EmbeddingsController::project()
{
    std::shared_ptr<const FlatIndex> index = m_index;
    runThen(
        this, [index] { return fitPca2d(index->data(), index->size(), index->dimensions()); },
        [this, index](Pca2d pca) {
            if (index != m_index)
                return;
            m_pca = std::move(pca);
            Q_EMIT projectionChanged();
        });
}

std::optional<QPointF> EmbeddingsController::queryPoint() const
{
    if (m_pca.mean.empty() || m_last.queryVector.size() != qsizetype(m_pca.mean.size()))
        return std::nullopt;
    return m_pca.project(m_last.queryVector.constData());
}

void EmbeddingsController::setUseInt8(bool on)
{
    m_useInt8 = on;
    if (!on || !m_index || m_int8)
        return;
    std::shared_ptr<FlatIndex> floats = m_index;
    runThen(
        this,
        [floats] {
            return std::shared_ptr<Int8Index>(
                new Int8Index(floats.get()), [floats](Int8Index *i) { delete i; });
        },
        [this, floats](std::shared_ptr<Int8Index> int8) {
            if (floats == m_index)
                m_int8 = std::move(int8);
        });
}

bool EmbeddingsController::exportIndex(const QString &dir, QString *error) const
{
    if (!m_index) {
        *error = tr("There is no index to export yet.");
        return false;
    }
    const QDir from(m_indexFolder);
    const QDir to(dir);
    QDir().mkpath(IndexBundle::cacheFolder(dir));
    const QStringList files = {u"manifest.json"_s, u"chunks.jsonl"_s, u"index.bin"_s};
    for (const QString &f : files) {
        QFile::remove(to.filePath(f));
        if (!QFile::copy(from.filePath(f), to.filePath(f))) {
            *error = tr("Could not write %1.").arg(to.filePath(f));
            return false;
        }
    }
    const QString cacheFile = VectorCache::fileNameFor(m_indexModel);
    const QString target = QDir(IndexBundle::cacheFolder(dir)).filePath(cacheFile);
    QFile::remove(target);
    QFile::copy(QDir(m_cache->folder()).filePath(cacheFile), target);
    return true;
}

void EmbeddingsController::search(SearchRequest request)
{
    if (!m_index || m_searching || isEmbedding())
        return;
    m_searching = true;
    request.embeddingModel = m_indexModel;
    m_rerankModel = request.rerankModel;
    m_queryCost = {};
    m_rerankCost = {};
    m_queryCost.estimated = m_cost->estimateEmbedding(m_indexModel, {request.query});
    if (request.topN > 0) {
        m_rerankCost.estimated = m_cost->estimateRerank(
            request.rerankModel, int(std::min<qsizetype>(request.topK, m_index->size())));
    }
    std::shared_ptr<const EmbeddingIndex> index = m_index;
    if (m_useInt8 && m_int8)
        index = m_int8;
    CallOptions options;
    options.tab = kTab;
    Q_EMIT searchStarted();
    QCoro::connect(runSearch(m_client, index, texts(), request, options), this,
        [this](const SearchOutcome &out) {
            m_searching = false;
            m_last = out;
            saveLastSearch();
            Q_EMIT searchFinished();
        });
}

void EmbeddingsController::onCallRecorded(const LedgerEntry &entry)
{
    if (entry.tab != kTab)
        return;
    if (entry.route == "/v1/embeddings"_L1 && m_jobCounting) {
        m_embedCharged += entry.chargedCredits;
        ++m_embedCalls;
    } else if (entry.route == "/v1/embeddings"_L1 && m_searching) {
        m_queryCost.charged = entry.chargedCredits;
        m_queryCost.status = entry.status;
    } else if (entry.route == "/v1/rerank"_L1 && m_searching) {
        m_rerankCost.charged = entry.chargedCredits;
        m_rerankCost.status = entry.status;
    } else {
        return;
    }
    Q_EMIT costsChanged();
}

QString EmbeddingsController::lastSearchPath() const
{
    return QDir(m_indexFolder).filePath(u"last-search.json"_s);
}

// The last search, so the tab shows it again after a restart (the vectors it was run on
// are the same files; nothing is sent again).
void EmbeddingsController::saveLastSearch() const
{
    if (m_last.recall.isEmpty())
        return;
    QJsonArray recall, reranked;
    for (const SearchHit &h : m_last.recall)
        recall.append(QJsonArray {h.row, double(h.score)});
    for (const RerankedHit &h : m_last.reranked)
        reranked.append(QJsonArray {h.row, h.score, h.recallRank});
    QByteArray vector(reinterpret_cast<const char *>(m_last.queryVector.constData()),
        m_last.queryVector.size() * qsizetype(sizeof(float)));
    const QJsonObject o {{u"index_dir"_s, m_currentDir}, {u"chunks"_s, qint64(m_chunks.size())},
        {u"query"_s, m_last.query}, {u"rerank_model"_s, m_rerankModel}, {u"recall"_s, recall},
        {u"rerank"_s, reranked}, {u"vector"_s, QString::fromLatin1(vector.toBase64())},
        {u"embed_ms"_s, m_last.embedMs}, {u"recall_ms"_s, m_last.recallMs},
        {u"rerank_ms"_s, m_last.rerankMs},
        {u"embed_charged"_s, m_queryCost.charged ? QJsonValue(*m_queryCost.charged) : QJsonValue()},
        {u"rerank_charged"_s,
            m_rerankCost.charged ? QJsonValue(*m_rerankCost.charged) : QJsonValue()}};
    QDir().mkpath(m_indexFolder);
    QSaveFile f(lastSearchPath());
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
        f.commit();
    }
}

void EmbeddingsController::restoreLastSearch()
{
    QFile f(lastSearchPath());
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    if (o.value("index_dir"_L1).toString() != m_currentDir
        || o.value("chunks"_L1).toInteger() != m_chunks.size())
        return;
    SearchOutcome out;
    out.query = o.value("query"_L1).toString();
    const auto validRow = [this](int row) { return row >= 0 && row < m_chunks.size(); };
    for (const QJsonValue &v : o.value("recall"_L1).toArray()) {
        const QJsonArray a = v.toArray();
        if (!validRow(a.at(0).toInt(-1)))
            return;
        out.recall.append(SearchHit {a.at(0).toInt(), float(a.at(1).toDouble())});
    }
    for (const QJsonValue &v : o.value("rerank"_L1).toArray()) {
        const QJsonArray a = v.toArray();
        if (!validRow(a.at(0).toInt(-1)))
            return;
        out.reranked.append(RerankedHit {a.at(0).toInt(), a.at(1).toDouble(), a.at(2).toInt()});
    }
    const QByteArray vector = QByteArray::fromBase64(o.value("vector"_L1).toString().toLatin1());
    out.queryVector.resize(vector.size() / qsizetype(sizeof(float)));
    std::memcpy(
        out.queryVector.data(), vector.constData(), size_t(out.queryVector.size()) * sizeof(float));
    out.embedMs = o.value("embed_ms"_L1).toInteger();
    out.recallMs = o.value("recall_ms"_L1).toInteger();
    out.rerankMs = o.value("rerank_ms"_L1).toInteger();
    m_queryCost = {};
    m_rerankCost = {};
    m_queryCost.estimated = m_cost->estimateEmbedding(m_indexModel, {out.query});
    if (!out.reranked.isEmpty())
        m_rerankCost.estimated = m_cost->estimateRerank(
            o.value("rerank_model"_L1).toString(u"bge-reranker-v2-m3"_s), int(out.recall.size()));
    if (o.value("embed_charged"_L1).isDouble())
        m_queryCost.charged = o.value("embed_charged"_L1).toInteger();
    if (o.value("rerank_charged"_L1).isDouble())
        m_rerankCost.charged = o.value("rerank_charged"_L1).toInteger();
    m_last = out;
    Q_EMIT searchFinished();
}

bool EmbeddingsController::exportResults(const QString &path, QString *error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    const auto chunkOf = [this](int row) { return m_chunks.value(row); };
    if (path.endsWith(u".json"_s, Qt::CaseInsensitive)) {
        QJsonArray recall, reranked;
        for (qsizetype i = 0; i < m_last.recall.size(); ++i) {
            const Chunk c = chunkOf(m_last.recall.at(i).row);
            recall.append(QJsonObject {{u"rank"_s, int(i + 1)}, {u"id"_s, c.id()},
                {u"score"_s, double(m_last.recall.at(i).score)}, {u"text"_s, c.text}});
        }
        for (qsizetype i = 0; i < m_last.reranked.size(); ++i) {
            const RerankedHit &h = m_last.reranked.at(i);
            const Chunk c = chunkOf(h.row);
            reranked.append(QJsonObject {{u"rank"_s, int(i + 1)}, {u"id"_s, c.id()},
                {u"score"_s, h.score}, {u"recall_rank"_s, h.recallRank}, {u"text"_s, c.text}});
        }
        f.write(QJsonDocument(
            QJsonObject {{u"query"_s, m_last.query}, {u"model"_s, m_indexModel},
                {u"recall"_s, recall}, {u"rerank"_s, reranked},
                {u"timings_ms"_s,
                    QJsonObject {{u"embed"_s, m_last.embedMs}, {u"recall"_s, m_last.recallMs},
                        {u"rerank"_s, m_last.rerankMs}}}})
                    .toJson());
    } else {
        QString out = u"list,rank,chunk_id,score,recall_rank,text\n"_s;
        for (qsizetype i = 0; i < m_last.recall.size(); ++i) {
            const Chunk c = chunkOf(m_last.recall.at(i).row);
            out += u"recall,%1,%2,%3,%1,%4\n"_s.arg(i + 1)
                       .arg(csvField(c.id()))
                       .arg(double(m_last.recall.at(i).score), 0, 'f', 6)
                       .arg(csvField(c.text));
        }
        for (qsizetype i = 0; i < m_last.reranked.size(); ++i) {
            const RerankedHit &h = m_last.reranked.at(i);
            const Chunk c = chunkOf(h.row);
            out += u"rerank,%1,%2,%3,%4,%5\n"_s.arg(i + 1)
                       .arg(csvField(c.id()))
                       .arg(h.score, 0, 'f', 6)
                       .arg(h.recallRank)
                       .arg(csvField(c.text));
        }
        f.write(out.toUtf8());
    }
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace bsp::ui
