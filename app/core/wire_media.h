#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace bsp {

// POST /v1/images/generations
struct ImageRequest
{
    QString model;
    QString prompt;
    int n = 1;
    QString size = QStringLiteral("1024x1024");
    QString quality; // empty = not sent
    QString responseFormat; // "url" | "b64_json"; empty = not sent (gateway default)
    QByteArray sourceImage; // image-to-image: raw bytes, sent as a base64 data URL
    QString sourceImageMediaType = QStringLiteral("image/png");
    std::optional<qint64> seed; // sandbox extension

    QJsonObject toJson() const;
};

// POST /v1/images/edits (multipart)
struct ImageEditRequest
{
    QString model;
    QString prompt;
    QByteArray image;
    QString imageFileName = QStringLiteral("image.png");
    QString imageMediaType = QStringLiteral("image/png");
    QByteArray mask; // optional
    int n = 1;
    QString size; // empty = not sent
};

struct GeneratedImage
{
    QUrl url; // set when the gateway answered with a URL (fetch with downloadUrl())
    QByteArray data; // set when it answered b64_json (decoded bytes)
    QString revisedPrompt;
    // The seed this image was made with, when the gateway says (a sandbox extension;
    // the hosted gateway does not send it): empty otherwise.
    QString seed;
};

struct ImageResult
{
    qint64 created = 0;
    QList<GeneratedImage> images;
    QJsonObject usage;

    // Accepts `url` and `b64_json` mixed in one answer.
    static std::optional<ImageResult> fromJson(const QJsonObject &o, QString *error = nullptr);
};

// POST /v1/embeddings
struct EmbeddingRequest
{
    QString model;
    QStringList input; // <= 256 items per request
    QString encodingFormat = QStringLiteral("float"); // "float" | "base64"

    QJsonObject toJson() const;
};

struct EmbeddingResult
{
    QString model;
    int dimensions = 0;
    int count = 0;
    // count x dimensions floats, row-major, row i = input i (ordered by `index`).
    QList<float> values;
    qint64 promptTokens = 0;
    qint64 totalTokens = 0;

    const float *row(int i) const { return values.constData() + qsizetype(i) * dimensions; }
    QList<float> vector(int i) const { return values.mid(qsizetype(i) * dimensions, dimensions); }

    // Accepts a float array or a base64 string (little-endian float32) in each
    // `embedding`, whatever was asked.
    static std::optional<EmbeddingResult> fromJson(const QJsonObject &o, QString *error = nullptr);
    // Decodes standard base64 of little-endian float32 into `out` (appends).
    static bool decodeBase64Floats(QByteArrayView base64, QList<float> &out);
};

// POST /v1/rerank
struct RerankRequest
{
    QString model;
    QString query;
    QStringList documents;
    std::optional<int> topN;
    bool returnDocuments = true;

    QJsonObject toJson() const;
};

struct RerankHit
{
    int index = -1;
    double relevanceScore = 0;
    std::optional<QString> document; // absent when the gateway did not return it
};

struct RerankResult
{
    QString id;
    QString model;
    QList<RerankHit> results; // highest score first
    qint64 totalTokens = 0; // usage.total_tokens, or new-api usage.prompt_tokens
    std::optional<double> searchUnits; // Cohere meta.billed_units.search_units

    static std::optional<RerankResult> fromJson(const QJsonObject &o, QString *error = nullptr);
};

} // namespace bsp
