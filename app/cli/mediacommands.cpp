// image, embed, rerank.

#include "cli/commands.h"
#include "cli/imagefile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <charconv>

using namespace Qt::StringLiterals;

namespace bsp::cli {

namespace {

constexpr int kEmbeddingBatch = 256; // the gateway's limit of inputs per request

// ---- image ----------------------------------------------------------------------

void setupImage(QCommandLineParser &p)
{
    p.addOptions({
        {u"model"_s, CliContext::tr("Image model (default gpt-image-2)."), u"M"_s,
            u"gpt-image-2"_s},
        {u"size"_s, CliContext::tr("Image size WxH (default 1024x1024)."), u"WxH"_s,
            u"1024x1024"_s},
        {u"n"_s, CliContext::tr("How many images, 1 to 8 (default 1)."), u"N"_s, u"1"_s},
        {u"seed"_s, CliContext::tr("Seed, for repeatable images (sandbox)."), u"S"_s},
        {u"format"_s, CliContext::tr("Answer format: url or b64_json (default: the gateway's)."),
            u"url|b64_json"_s},
        {u"out"_s, CliContext::tr("Folder to save the images in (default: the current one)."),
            u"DIR"_s, u"."_s},
    });
    p.addPositionalArgument(u"prompt"_s, CliContext::tr("What to draw."), u"PROMPT"_s);
}

// A file name in `dir` that does not exist yet: bytespike-<created>-<i>[-k].<ext>.
QString freshPath(const QDir &dir, qint64 created, int index, const QString &ext)
{
    const QString stem = u"bytespike-%1-%2"_s.arg(created).arg(index);
    QString path = dir.filePath(stem + u'.' + ext);
    for (int k = 2; QFileInfo::exists(path); ++k)
        path = dir.filePath(stem + u'-' + QString::number(k) + u'.' + ext);
    return path;
}

QCoro::Task<int> runImage(CliContext *ctx)
{
    const QCommandLineParser &args = ctx->args();
    ImageRequest request;
    request.prompt = ctx->positional().join(u' ').trimmed();
    if (request.prompt.isEmpty())
        co_return ctx->usageError(CliContext::tr("image needs a PROMPT"));
    request.model = args.value(u"model"_s);
    request.size = args.value(u"size"_s);
    static const QRegularExpression sizeRe(u"^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$"_s);
    if (!sizeRe.match(request.size).hasMatch())
        co_return ctx->usageError(CliContext::tr("--size must look like 1024x1024"));
    qint64 n = 1;
    if (!ctx->intOption(u"n"_s, 1, 8, &n))
        co_return ExitUsage;
    request.n = int(n);
    if (args.isSet(u"seed"_s)) {
        qint64 seed = 0;
        if (!ctx->intOption(u"seed"_s, 0, std::numeric_limits<qint64>::max(), &seed))
            co_return ExitUsage;
        request.seed = seed;
    }
    if (args.isSet(u"format"_s)) {
        request.responseFormat = args.value(u"format"_s);
        if (request.responseFormat != "url"_L1 && request.responseFormat != "b64_json"_L1)
            co_return ctx->usageError(CliContext::tr("--format must be url or b64_json"));
    }
    const QDir dir(args.value(u"out"_s));
    if (!dir.exists() && !QDir().mkpath(dir.path()))
        co_return ctx->usageError(CliContext::tr("cannot create folder %1").arg(dir.path()));

    const Result<ImageResult> r
        = co_await ctx->client().generateImages(request, ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());

    QJsonArray saved;
    for (qsizetype i = 0; i < r->images.size(); ++i) {
        const GeneratedImage &img = r->images.at(i);
        QByteArray bytes = img.data;
        if (bytes.isEmpty() && img.url.isValid()) {
            // Pre-signed output URLs are fetched with the same key.
            const Result<QByteArray> d
                = co_await ctx->client().downloadUrl(img.url, ctx->callOptions());
            if (!d)
                co_return ctx->fail(d.error());
            bytes = *d;
        }
        const QString type = sniffImageType(bytes);
        if (type.isEmpty())
            co_return ctx->fail(ApiError::malformed(
                CliContext::tr("image %1 of the answer is not an image").arg(i + 1)));
        // The sandbox answers PNG; another format is kept as it came, under its own
        // extension, rather than re-encoded (core links no image codecs).
        if (type != "image/png"_L1)
            ctx->err(CliContext::tr("note: image %1 is %2, saved as is").arg(i + 1).arg(type));
        const QString path = freshPath(dir, r->created, int(i) + 1, extensionForImageType(type));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            co_return ctx->usageError(
                CliContext::tr("cannot write %1: %2").arg(path, file.errorString()));
        if (ctx->json()) {
            QJsonObject o {{u"path"_s, path}, {u"bytes"_s, bytes.size()}, {u"media_type"_s, type}};
            if (img.url.isValid())
                o.insert(u"url"_s, img.url.toString());
            if (!img.revisedPrompt.isEmpty())
                o.insert(u"revised_prompt"_s, img.revisedPrompt);
            saved.append(o);
        } else {
            ctx->outLine(path);
        }
    }
    if (ctx->json())
        ctx->outJson(QJsonDocument(QJsonObject {{u"created"_s, r->created}, {u"data"_s, saved}}));
    co_return ExitOk;
}

// ---- embed ----------------------------------------------------------------------

// Non-empty lines of a file or stdin ("-"); a trailing \r is dropped.
bool readLines(const QString &path, QStringList *lines, QString *error)
{
    QByteArray data;
    if (!CliContext::readInput(path, &data, error))
        return false;
    const QStringList all = QString::fromUtf8(data).split(u'\n');
    for (QString line : all) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            lines->append(line);
    }
    return true;
}

void setupEmbed(QCommandLineParser &p)
{
    p.addOptions({
        {u"model"_s, CliContext::tr("Embedding model (default bge-large-zh-v1.5)."), u"M"_s,
            u"bge-large-zh-v1.5"_s},
        {u"base64"_s,
            CliContext::tr("Ask for base64 vectors and print them as base64 "
                           "(little-endian float32), as the wire carries them.")},
    });
    p.addPositionalArgument(u"file"_s,
        CliContext::tr("Texts, one per line (blank lines skipped); - or none: stdin."),
        u"[FILE|-]"_s);
}

QByteArray jsonString(const QString &s)
{
    const QByteArray a = QJsonDocument(QJsonArray {s}).toJson(QJsonDocument::Compact);
    return a.mid(1, a.size() - 2);
}

void appendFloat(QByteArray &out, float f)
{
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, f); // shortest exact form
    out.append(buf, res.ptr - buf);
}

QCoro::Task<int> runEmbed(CliContext *ctx)
{
    const QStringList words = ctx->positional();
    if (words.size() > 1)
        co_return ctx->usageError(CliContext::tr("embed takes one FILE (or - for stdin)"));
    QStringList texts;
    QString error;
    if (!readLines(words.isEmpty() ? u"-"_s : words.constFirst(), &texts, &error))
        co_return ctx->usageError(error);
    if (texts.isEmpty())
        co_return ctx->usageError(
            CliContext::tr("no text to embed: the input has no non-blank line"));

    const bool base64 = ctx->args().isSet(u"base64"_s);
    EmbeddingResult all;
    for (qsizetype at = 0; at < texts.size(); at += kEmbeddingBatch) {
        EmbeddingRequest request;
        request.model = ctx->args().value(u"model"_s);
        request.input = texts.mid(at, kEmbeddingBatch);
        request.encodingFormat = base64 ? u"base64"_s : u"float"_s;
        const Result<EmbeddingResult> r = co_await ctx->client().embed(request, ctx->callOptions());
        if (!r)
            co_return ctx->fail(r.error());
        if (all.count > 0 && r->dimensions != all.dimensions)
            co_return ctx->fail(
                ApiError::malformed(CliContext::tr("the batches differ in dimensions")));
        all.model = r->model;
        all.dimensions = r->dimensions;
        all.count += r->count;
        all.values += r->values;
        all.promptTokens += r->promptTokens;
        all.totalTokens += r->totalTokens;
    }

    // Written by hand: one vector per line, floats in their shortest exact form.
    QByteArray out = "{\"model\": " + jsonString(all.model)
        + ", \"dimensions\": " + QByteArray::number(all.dimensions) + ", \"data\": [\n";
    for (int i = 0; i < all.count; ++i) {
        out += "  {\"index\": " + QByteArray::number(i) + ", \"embedding\": ";
        if (base64) {
            QByteArray raw(reinterpret_cast<const char *>(all.row(i)),
                qsizetype(all.dimensions) * qsizetype(sizeof(float)));
            if constexpr (Q_BYTE_ORDER == Q_BIG_ENDIAN) {
                for (qsizetype k = 0; k < raw.size(); k += 4)
                    std::reverse(raw.begin() + k, raw.begin() + k + 4);
            }
            out += '"' + raw.toBase64() + '"';
        } else {
            out += '[';
            const float *v = all.row(i);
            for (int d = 0; d < all.dimensions; ++d) {
                if (d)
                    out += ',';
                appendFloat(out, v[d]);
            }
            out += ']';
        }
        out += i + 1 < all.count ? "},\n" : "}\n";
    }
    out += "], \"usage\": {\"prompt_tokens\": " + QByteArray::number(all.promptTokens)
        + ", \"total_tokens\": " + QByteArray::number(all.totalTokens) + "}}\n";
    ctx->out(QString::fromUtf8(out));
    co_return ExitOk;
}

// ---- rerank ---------------------------------------------------------------------

void setupRerank(QCommandLineParser &p)
{
    p.addOptions({
        {u"model"_s, CliContext::tr("Rerank model (default bge-reranker-v2-m3)."), u"M"_s,
            u"bge-reranker-v2-m3"_s},
        {u"top-n"_s, CliContext::tr("Return only the N best documents."), u"N"_s},
        {u"documents"_s, CliContext::tr("Documents, one per line (default: stdin)."), u"FILE"_s},
    });
    p.addPositionalArgument(u"query"_s, CliContext::tr("The query."), u"QUERY"_s);
}

QCoro::Task<int> runRerank(CliContext *ctx)
{
    RerankRequest request;
    request.query = ctx->positional().join(u' ').trimmed();
    if (request.query.isEmpty())
        co_return ctx->usageError(CliContext::tr("rerank needs a QUERY"));
    request.model = ctx->args().value(u"model"_s);
    if (ctx->args().isSet(u"top-n"_s)) {
        qint64 n = 0;
        if (!ctx->intOption(u"top-n"_s, 1, 10000, &n))
            co_return ExitUsage;
        request.topN = int(n);
    }
    QString error;
    const QString path
        = ctx->args().isSet(u"documents"_s) ? ctx->args().value(u"documents"_s) : u"-"_s;
    if (!readLines(path, &request.documents, &error))
        co_return ctx->usageError(error);
    if (request.documents.isEmpty())
        co_return ctx->usageError(CliContext::tr("no documents: give one per line"));

    const Result<RerankResult> r = co_await ctx->client().rerank(request, ctx->callOptions());
    if (!r)
        co_return ctx->fail(r.error());
    const auto textOf = [&](const RerankHit &h) {
        if (h.document)
            return *h.document;
        return h.index >= 0 && h.index < request.documents.size() ? request.documents.at(h.index)
                                                                  : QString();
    };
    if (ctx->json()) {
        QJsonArray results;
        int rank = 0;
        for (const RerankHit &h : r->results)
            results.append(QJsonObject {{u"rank"_s, ++rank}, {u"index"_s, h.index},
                {u"relevance_score"_s, h.relevanceScore}, {u"document"_s, textOf(h)}});
        ctx->outJson(QJsonDocument(QJsonObject {{u"model"_s, r->model}, {u"results"_s, results},
            {u"usage"_s, QJsonObject {{u"total_tokens"_s, r->totalTokens}}}}));
        co_return ExitOk;
    }
    int rank = 0;
    for (const RerankHit &h : r->results)
        ctx->outLine(QString::number(++rank) + u' ' + QString::number(h.relevanceScore, 'f', 4)
            + u' ' + QString::number(h.index) + u' ' + textOf(h));
    co_return ExitOk;
}

} // namespace

QList<Command> mediaCommands()
{
    return {
        {u"image"_s, CliContext::tr("Generate images and save them as files."), setupImage,
            runImage},
        {u"embed"_s, CliContext::tr("Embed texts (one per line) and print the vectors as JSON."),
            setupEmbed, runEmbed},
        {u"rerank"_s, CliContext::tr("Order documents (one per line) by relevance to a query."),
            setupRerank, runRerank},
    };
}

} // namespace bsp::cli
