// index build, search: the Embeddings tab's corpus -> cache -> index -> recall -> rerank
// path on the command line, over the same core classes.
#include "cli/commands.h"

#include "core/corpus.h"
#include "core/embeddingindex.h"
#include "core/embedjob.h"
#include "core/indexbundle.h"
#include "core/semanticsearch.h"
#include "core/vectorcache.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QtConcurrent>

#include <QCoroFuture>
#include <QCoroSignal>

using namespace Qt::StringLiterals;

namespace bsp::cli {

namespace {

// ---- index build ------------------------------------------------------------------

void setupIndexBuild(QCommandLineParser &p)
{
    p.addOptions({
        {u"corpus"_s, CliContext::tr("A text, CSV or JSONL file, or a folder of them (required)."),
            u"PATH"_s},
        {u"out"_s, CliContext::tr("Folder to write the index and its vector cache to (required)."),
            u"DIR"_s},
        {u"chunk"_s, CliContext::tr("paragraph (default) or chars:N[:OVERLAP], e.g. chars:500:50."),
            u"SPEC"_s, u"paragraph"_s},
        {u"format"_s, CliContext::tr("auto (by extension), text, csv or jsonl."), u"F"_s,
            u"auto"_s},
        {u"field"_s, CliContext::tr("CSV column (name or number) or JSONL field; default text."),
            u"NAME"_s},
        {u"model"_s, CliContext::tr("Embedding model (default bge-large-zh-v1.5)."), u"M"_s,
            u"bge-large-zh-v1.5"_s},
        {u"batch-size"_s, CliContext::tr("Texts per request, 1-256 (default 64)."), u"N"_s},
        {u"in-flight"_s, CliContext::tr("Requests at once, 1-16 (default 4)."), u"N"_s},
    });
}

bool corpusOptions(CliContext *ctx, CorpusOptions *o)
{
    const QCommandLineParser &p = ctx->args();
    if (!o->parseChunkSpec(p.value(u"chunk"_s))) {
        ctx->usageError(CliContext::tr("--chunk must be paragraph or chars:N[:OVERLAP]"));
        return false;
    }
    static const QHash<QString, CorpusOptions::Format> formats {
        {u"auto"_s, CorpusOptions::Format::Auto}, {u"text"_s, CorpusOptions::Format::Text},
        {u"csv"_s, CorpusOptions::Format::Csv}, {u"jsonl"_s, CorpusOptions::Format::Jsonl}};
    if (!formats.contains(p.value(u"format"_s))) {
        ctx->usageError(CliContext::tr("--format must be auto, text, csv or jsonl"));
        return false;
    }
    o->format = formats.value(p.value(u"format"_s));
    o->field = p.value(u"field"_s);
    return true;
}

QString progressLine(const EmbedProgress &p)
{
    QString line = CliContext::tr("embedded %1/%2 chunks").arg(p.done).arg(p.total);
    if (p.fromCache > 0)
        line += CliContext::tr(" (%1 from the cache)").arg(p.fromCache);
    if (p.chunksPerSecond > 0)
        line += CliContext::tr(", %1 chunks/s").arg(p.chunksPerSecond, 0, 'f', 0);
    if (p.etaSeconds > 0)
        line += CliContext::tr(", ETA %1 s").arg(p.etaSeconds, 0, 'f', 1);
    return line;
}

QCoro::Task<int> runIndexBuild(CliContext *ctx)
{
    const QCommandLineParser &p = ctx->args();
    if (!p.isSet(u"corpus"_s) || !p.isSet(u"out"_s))
        co_return ctx->usageError(CliContext::tr("index build needs --corpus PATH and --out DIR"));
    CorpusOptions options;
    if (!corpusOptions(ctx, &options))
        co_return ExitUsage;
    qint64 batch = 64, inFlight = 4;
    if (!ctx->intOption(u"batch-size"_s, 1, 256, &batch)
        || !ctx->intOption(u"in-flight"_s, 1, 16, &inFlight))
        co_return ExitUsage;
    const QString corpusPath = p.value(u"corpus"_s);
    if (!QFileInfo::exists(corpusPath))
        co_return ctx->usageError(CliContext::tr("no such file or folder: %1").arg(corpusPath));

    Corpus corpus = CorpusLoader::load(corpusPath, options);
    for (const CorpusIssue &issue : corpus.issues)
        ctx->err(issue.line > 0 ? CliContext::tr("%1:%2: skipped: %3")
                                      .arg(issue.source)
                                      .arg(issue.line)
                                      .arg(issue.message)
                                : CliContext::tr("%1: %2").arg(issue.source, issue.message));
    if (corpus.chunks.isEmpty())
        co_return ctx->usageError(CliContext::tr("the corpus has no text to embed"));

    const QString out = p.value(u"out"_s);
    const QString model = p.value(u"model"_s);
    VectorCache cache(IndexBundle::cacheFolder(out));
    QString error;
    if (!cache.open(model, &error))
        co_return ctx->usageError(error);

    EmbedJob job(&ctx->client(), &cache);
    job.setModel(model);
    job.setBatchSize(int(batch));
    job.setMaxInFlight(int(inFlight));
    job.setCallOptions(ctx->callOptions());
    QObject::connect(&job, &EmbedJob::progressed,
        [ctx](const EmbedProgress &pr) { ctx->err(progressLine(pr)); });
    QObject::connect(
        ctx->cancelToken().state(), &detail::CancelState::cancelRequested, &job, &EmbedJob::cancel);
    const int sentBefore = int(ctx->client().attemptCount());
    job.start(corpus.texts());
    const EmbedJob::State state = co_await qCoro(&job, &EmbedJob::finished);
    if (state == EmbedJob::State::Cancelled) {
        ctx->err(CliContext::tr("cancelled: %1 of %2 chunks are in the cache; run again to resume")
                     .arg(job.progress().done)
                     .arg(job.progress().total));
        co_return ExitCancelled;
    }
    if (state != EmbedJob::State::Finished)
        co_return ctx->fail(job.error().value_or(ApiError {}));
    const int sent = int(ctx->client().attemptCount()) - sentBefore;
    if (sent == 0)
        ctx->err(CliContext::tr("every chunk was in the cache: nothing was sent"));

    const QList<QByteArray> keys = job.keys();
    // A named future: g++ 12 destroys a temporary lambda in a co_await expression twice.
    QFuture<std::shared_ptr<FlatIndex>> assembled = QtConcurrent::run(
        [&cache, keys] { return std::shared_ptr<FlatIndex>(EmbedJob::assemble(cache, keys)); });
    std::shared_ptr<FlatIndex> index = co_await assembled;
    if (!index)
        co_return ctx->fail(ApiError::malformed(CliContext::tr("the cache lost vectors")));
    IndexBundle bundle;
    bundle.model = model;
    bundle.dimensions = index->dimensions();
    bundle.corpusPath = QFileInfo(corpusPath).absoluteFilePath();
    bundle.options = options;
    bundle.builtAt = QDateTime::currentDateTimeUtc();
    bundle.chunks = corpus.chunks;
    bundle.index = index;
    if (!bundle.save(out, &error))
        co_return ctx->usageError(error);

    if (ctx->json()) {
        ctx->outJson(
            QJsonDocument(QJsonObject {{u"out"_s, QDir(out).absolutePath()}, {u"model"_s, model},
                {u"dimensions"_s, bundle.dimensions}, {u"chunks"_s, qint64(bundle.chunks.size())},
                {u"requests"_s, sent}, {u"from_cache"_s, qint64(job.progress().fromCache)},
                {u"skipped_lines"_s, qint64(corpus.issues.size())}}));
    } else {
        ctx->outLine(CliContext::tr("index: %1 (%2 chunks, %3 dimensions, %4; %5 requests sent)")
                         .arg(QDir(out).absolutePath())
                         .arg(bundle.chunks.size())
                         .arg(bundle.dimensions)
                         .arg(model)
                         .arg(sent));
    }
    co_return ExitOk;
}

// ---- search -----------------------------------------------------------------------

void setupSearch(QCommandLineParser &p)
{
    p.addOptions({
        {u"index"_s, CliContext::tr("Folder written by 'index build' (required)."), u"DIR"_s},
        {u"top-k"_s, CliContext::tr("Chunks to recall by cosine, 1-1000 (default 50)."), u"K"_s},
        {u"rerank"_s,
            CliContext::tr("Chunks to keep after reranking, 0-100 (default 5; 0: no rerank)."),
            u"N"_s},
        {u"rerank-model"_s, CliContext::tr("Rerank model (default bge-reranker-v2-m3)."), u"M"_s,
            u"bge-reranker-v2-m3"_s},
        {u"int8"_s, CliContext::tr("Recall on int8 vectors, re-scored in float.")},
    });
    p.addPositionalArgument(u"query"_s, CliContext::tr("What to look for."), u"QUERY"_s);
}

QString oneLine(QString text, int max = 100)
{
    text.replace(u'\n', u' ');
    return text.size() > max ? text.left(max - 1) + QChar(0x2026) : text;
}

void printSearchJson(CliContext *ctx, const IndexBundle &b, const EmbeddingIndex &index,
    const QString &query, const SearchOutcome &r)
{
    const IndexBundle *bundle = &b;
    QJsonArray recall, reranked;
    for (qsizetype i = 0; i < r.recall.size(); ++i) {
        const Chunk &c = bundle->chunks.at(r.recall.at(i).row);
        recall.append(QJsonObject {{u"rank"_s, int(i + 1)}, {u"row"_s, r.recall.at(i).row},
            {u"id"_s, c.id()}, {u"score"_s, double(r.recall.at(i).score)}, {u"text"_s, c.text}});
    }
    for (qsizetype i = 0; i < r.reranked.size(); ++i) {
        const RerankedHit &h = r.reranked.at(i);
        const Chunk &c = bundle->chunks.at(h.row);
        reranked.append(QJsonObject {{u"rank"_s, int(i + 1)}, {u"row"_s, h.row}, {u"id"_s, c.id()},
            {u"score"_s, h.score}, {u"recall_rank"_s, h.recallRank}, {u"text"_s, c.text}});
    }
    ctx->outJson(QJsonDocument(QJsonObject {{u"query"_s, query}, {u"model"_s, bundle->model},
        {u"index"_s, index.kind()}, {u"recall"_s, recall}, {u"rerank"_s, reranked},
        {u"timings_ms"_s,
            QJsonObject {
                {u"embed"_s, r.embedMs}, {u"recall"_s, r.recallMs}, {u"rerank"_s, r.rerankMs}}}}));
}

void printSearchText(CliContext *ctx, const IndexBundle &b, const EmbeddingIndex &index,
    const SearchRequest &request, const SearchOutcome &r)
{
    const IndexBundle *bundle = &b;
    const int topN = request.topN;
    ctx->outLine(CliContext::tr("recall: top %1 by cosine (%2, embed %3 ms, recall %4 ms)")
                     .arg(r.recall.size())
                     .arg(index.kind())
                     .arg(r.embedMs)
                     .arg(r.recallMs));
    for (qsizetype i = 0; i < r.recall.size(); ++i) {
        const Chunk &c = bundle->chunks.at(r.recall.at(i).row);
        ctx->outLine(u"%1  %2  %3  %4"_s.arg(i + 1, 3)
                         .arg(double(r.recall.at(i).score), 0, 'f', 4)
                         .arg(c.id(), oneLine(c.text)));
    }
    if (topN > 0 && r.ok()) {
        ctx->outLine(CliContext::tr("rerank: top %1 by %2 (%3 ms)")
                         .arg(r.reranked.size())
                         .arg(request.rerankModel)
                         .arg(r.rerankMs));
        for (qsizetype i = 0; i < r.reranked.size(); ++i) {
            const RerankedHit &h = r.reranked.at(i);
            const Chunk &c = bundle->chunks.at(h.row);
            ctx->outLine(CliContext::tr("%1  %2  %3  (recall #%4)  %5")
                             .arg(i + 1, 3)
                             .arg(h.score, 0, 'f', 4)
                             .arg(c.id())
                             .arg(h.recallRank)
                             .arg(oneLine(c.text)));
        }
    }
}

QCoro::Task<int> runSearchCommand(CliContext *ctx)
{
    const QCommandLineParser &p = ctx->args();
    const QString query = ctx->positional().join(u' ').trimmed();
    if (!p.isSet(u"index"_s) || query.isEmpty())
        co_return ctx->usageError(CliContext::tr("search needs --index DIR and a QUERY"));
    qint64 topK = 50, topN = 5;
    if (!ctx->intOption(u"top-k"_s, 1, 1000, &topK) || !ctx->intOption(u"rerank"_s, 0, 100, &topN))
        co_return ExitUsage;
    QString error;
    const std::optional<IndexBundle> bundle = IndexBundle::load(p.value(u"index"_s), {}, &error);
    if (!bundle)
        co_return ctx->usageError(error);
    std::shared_ptr<const EmbeddingIndex> index = bundle->index;
    if (p.isSet(u"int8"_s)) {
        auto floats = bundle->index;
        index = std::shared_ptr<const EmbeddingIndex>(
            new Int8Index(floats.get()), [floats](const EmbeddingIndex *i) { delete i; });
    }
    QStringList texts;
    for (const Chunk &c : bundle->chunks)
        texts.append(c.text);
    SearchRequest request;
    request.query = query;
    request.embeddingModel = bundle->model;
    request.rerankModel = p.value(u"rerank-model"_s);
    request.topK = int(topK);
    request.topN = int(topN);
    const SearchOutcome r
        = co_await runSearch(&ctx->client(), index, texts, request, ctx->callOptions());
    if (!r.ok() && r.recall.isEmpty())
        co_return ctx->fail(*r.error);

    if (ctx->json())
        printSearchJson(ctx, *bundle, *index, query, r);
    else
        printSearchText(ctx, *bundle, *index, request, r);
    if (!r.ok())
        co_return ctx->fail(*r.error); // the recall was printed; the rerank failed
    co_return ExitOk;
}

} // namespace

QList<Command> indexCommands()
{
    return {
        {u"index build"_s,
            CliContext::tr("Chunk a corpus, embed it (with the vector cache) and write an index."),
            setupIndexBuild, runIndexBuild},
        {u"search"_s, CliContext::tr("Recall top K from an index by cosine, then rerank to top N."),
            setupSearch, runSearchCommand},
    };
}

} // namespace bsp::cli
