#include "core/wire_media.h"

#include "core/base64floats.h"

#include <QJsonArray>
#include <QtEndian>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {
void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}
} // namespace

QJsonObject ImageRequest::toJson() const
{
    QJsonObject o {{"model"_L1, model}, {"prompt"_L1, prompt}, {"n"_L1, n}, {"size"_L1, size}};
    if (!quality.isEmpty())
        o.insert("quality"_L1, quality);
    if (!responseFormat.isEmpty())
        o.insert("response_format"_L1, responseFormat);
    if (!sourceImage.isEmpty())
        o.insert("source_image"_L1,
            QString("data:"_L1 + sourceImageMediaType + ";base64,"_L1
                + QString::fromLatin1(sourceImage.toBase64())));
    if (seed)
        o.insert("seed"_L1, *seed);
    return o;
}

std::optional<ImageResult> ImageResult::fromJson(const QJsonObject &o, QString *error)
{
    const QJsonValue data = o.value("data"_L1);
    if (!data.isArray()) {
        setError(error, u"images: no data array"_s);
        return std::nullopt;
    }
    ImageResult r;
    r.created = o.value("created"_L1).toInteger();
    r.usage = o.value("usage"_L1).toObject();
    const QJsonArray arr = data.toArray();
    for (const QJsonValue &v : arr) {
        const QJsonObject item = v.toObject();
        GeneratedImage img;
        img.revisedPrompt = item.value("revised_prompt"_L1).toString();
        const QJsonValue seed = item.value("seed"_L1);
        if (seed.isString())
            img.seed = seed.toString().left(20);
        else if (seed.isDouble())
            img.seed = QString::number(seed.toInteger());
        const QString b64 = item.value("b64_json"_L1).toString();
        if (!b64.isEmpty())
            img.data = QByteArray::fromBase64(b64.toLatin1());
        const QString url = item.value("url"_L1).toString();
        if (!url.isEmpty())
            img.url = QUrl(url);
        if (img.data.isEmpty() && !img.url.isValid()) {
            setError(error, u"images: an item has neither url nor b64_json"_s);
            return std::nullopt;
        }
        r.images.append(std::move(img));
    }
    return r;
}

QJsonObject EmbeddingRequest::toJson() const
{
    QJsonObject o {{"model"_L1, model}, {"encoding_format"_L1, encodingFormat}};
    if (input.size() == 1)
        o.insert("input"_L1, input.first());
    else
        o.insert("input"_L1, QJsonArray::fromStringList(input));
    return o;
}

bool EmbeddingResult::decodeBase64Floats(QByteArrayView base64, QList<float> &out)
{
    return bsp::decodeBase64Floats(base64, out);
}

std::optional<EmbeddingResult> EmbeddingResult::fromJson(const QJsonObject &o, QString *error)
{
    const QJsonValue data = o.value("data"_L1);
    if (!data.isArray()) {
        setError(error, u"embeddings: no data array"_s);
        return std::nullopt;
    }
    EmbeddingResult r;
    r.model = o.value("model"_L1).toString();
    const QJsonObject usage = o.value("usage"_L1).toObject();
    r.promptTokens = usage.value("prompt_tokens"_L1).toInteger();
    r.totalTokens = usage.value("total_tokens"_L1).toInteger(r.promptTokens);

    QJsonArray items = data.toArray();
    // Rows follow `index`, not the order of the answer.
    QList<std::pair<int, QJsonObject>> ordered;
    ordered.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject item = items.at(i).toObject();
        ordered.append({item.value("index"_L1).toInt(int(i)), item});
    }
    std::stable_sort(ordered.begin(), ordered.end(),
        [](const auto &a, const auto &b) { return a.first < b.first; });

    for (const auto &[index, item] : ordered) {
        Q_UNUSED(index)
        const QJsonValue e = item.value("embedding"_L1);
        const qsizetype before = r.values.size();
        if (e.isString()) {
            if (!decodeBase64Floats(e.toString().toLatin1(), r.values)) {
                setError(error, u"embeddings: bad base64 vector"_s);
                return std::nullopt;
            }
        } else if (e.isArray()) {
            const QJsonArray a = e.toArray();
            r.values.reserve(before + a.size());
            for (const QJsonValue &x : a)
                r.values.append(float(x.toDouble()));
        } else {
            setError(error, u"embeddings: item without embedding"_s);
            return std::nullopt;
        }
        const int dims = int(r.values.size() - before);
        if (r.count == 0)
            r.dimensions = dims;
        else if (dims != r.dimensions) {
            setError(error, u"embeddings: vectors of different lengths"_s);
            return std::nullopt;
        }
        ++r.count;
    }
    return r;
}

QJsonObject RerankRequest::toJson() const
{
    QJsonObject o {{"model"_L1, model}, {"query"_L1, query},
        {"documents"_L1, QJsonArray::fromStringList(documents)},
        {"return_documents"_L1, returnDocuments}};
    if (topN)
        o.insert("top_n"_L1, *topN);
    return o;
}

std::optional<RerankResult> RerankResult::fromJson(const QJsonObject &o, QString *error)
{
    const QJsonValue results = o.value("results"_L1);
    if (!results.isArray()) {
        setError(error, u"rerank: no results array"_s);
        return std::nullopt;
    }
    RerankResult r;
    r.id = o.value("id"_L1).toString();
    r.model = o.value("model"_L1).toString();
    const QJsonArray arr = results.toArray();
    for (const QJsonValue &v : arr) {
        const QJsonObject item = v.toObject();
        RerankHit hit;
        hit.index = item.value("index"_L1).toInt(-1);
        hit.relevanceScore = item.value("relevance_score"_L1).toDouble();
        const QJsonValue doc = item.value("document"_L1);
        if (doc.isObject())
            hit.document = doc.toObject().value("text"_L1).toString();
        else if (doc.isString())
            hit.document = doc.toString();
        r.results.append(hit);
    }
    std::stable_sort(r.results.begin(), r.results.end(),
        [](const RerankHit &a, const RerankHit &b) { return a.relevanceScore > b.relevanceScore; });
    const QJsonObject usage = o.value("usage"_L1).toObject();
    if (usage.contains("total_tokens"_L1))
        r.totalTokens = usage.value("total_tokens"_L1).toInteger();
    else
        r.totalTokens = usage.value("prompt_tokens"_L1).toInteger();
    const QJsonValue units = o.value("meta"_L1)
                                 .toObject()
                                 .value("billed_units"_L1)
                                 .toObject()
                                 .value("search_units"_L1);
    if (units.isDouble())
        r.searchUnits = units.toDouble();
    return r;
}

} // namespace bsp
