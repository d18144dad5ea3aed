#include "sandbox/catalogue.h"

#include <QJsonArray>

namespace bsp::sandbox {

namespace {

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

ModelInfo text(const char *id, int firstTokenMs, double tokensPerSecond)
{
    ModelInfo m;
    m.id = QString::fromLatin1(id);
    m.ownedBy = QStringLiteral("anthropic");
    m.family = QStringLiteral("claude");
    m.modality = Modality::Text;
    m.capabilities = {QStringLiteral("text"), QStringLiteral("vision"), QStringLiteral("tools"),
        QStringLiteral("streaming"), QStringLiteral("image_generation_tool")};
    m.inputModalities = {QStringLiteral("text"), QStringLiteral("image")};
    m.outputModalities = {QStringLiteral("text")};
    m.profile.firstTokenMs = firstTokenMs;
    m.profile.tokensPerSecond = tokensPerSecond;
    return m;
}

ModelInfo image(const char *id, const char *ownedBy, const char *family, int imageMs, int maxImages)
{
    ModelInfo m;
    m.id = QString::fromLatin1(id);
    m.ownedBy = QString::fromLatin1(ownedBy);
    m.family = QString::fromLatin1(family);
    m.modality = Modality::Image;
    m.capabilities = {QStringLiteral("image_generation"), QStringLiteral("image_edit"),
        QStringLiteral("image_to_image")};
    m.inputModalities = {QStringLiteral("text"), QStringLiteral("image")};
    m.outputModalities = {QStringLiteral("image")};
    m.profile.imageMs = imageMs;
    m.profile.maxImages = maxImages;
    return m;
}

ModelInfo video(const char *id, const char *ownedBy, const char *family, double renderFactor)
{
    ModelInfo m;
    m.id = QString::fromLatin1(id);
    m.ownedBy = QString::fromLatin1(ownedBy);
    m.family = QString::fromLatin1(family);
    m.modality = Modality::Video;
    m.capabilities = {QStringLiteral("video_generation"), QStringLiteral("image_to_video")};
    m.inputModalities = {QStringLiteral("text"), QStringLiteral("image")};
    m.outputModalities = {QStringLiteral("video")};
    m.profile.renderFactor = renderFactor;
    return m;
}

} // namespace

QJsonObject ModelInfo::toJson() const
{
    return QJsonObject {
        {QStringLiteral("id"), id},
        {QStringLiteral("object"), QStringLiteral("model")},
        {QStringLiteral("owned_by"), ownedBy},
        {QStringLiteral("family"), family},
        {QStringLiteral("modality"), modalityName(modality)},
        {QStringLiteral("capabilities"), toArray(capabilities)},
        {QStringLiteral("input_modalities"), toArray(inputModalities)},
        {QStringLiteral("output_modalities"), toArray(outputModalities)},
        {QStringLiteral("pricing_url"),
            QString(QStringLiteral("https://bytespike.ai/pricing#") + id)},
    };
}

Catalogue::Catalogue()
{
    // Latency and speed differ per model so side-by-side comparisons show differences.
    m_models = {
        text("claude-opus-4-1", 900, 35),
        text("claude-sonnet-4-5", 500, 70),
        text("claude-haiku-4-5", 250, 150),
        image("seedream-4", "bytedance", "seedream", 1500, 8),
        image("seedream-4.5", "bytedance", "seedream", 2000, 4),
        image("seedream-v5lite", "bytedance", "seedream", 600, 8),
        image("nano-banana", "google", "nano-banana", 1200, 4),
        image("nano-banana-pro", "google", "nano-banana", 3000, 4),
        image("nano-banana-v2", "google", "nano-banana", 1800, 4),
        image("gpt-image-2", "openai", "gpt-image", 4000, 4),
        image("gpt-image-2-official", "openai", "gpt-image", 4500, 4),
        image("gpt-4o-image", "openai", "gpt-image", 3500, 4),
        video("sora-2", "openai", "sora", 12),
        video("sora-2-pro", "openai", "sora", 20),
        video("veo-3.1", "google", "veo", 15),
        video("veo-3.1-fast", "google", "veo", 6),
        video("seedance-1.5-pro", "bytedance", "seedance", 10),
        video("seedance-2.0", "bytedance", "seedance", 12),
        video("seedance-2.0-pro", "bytedance", "seedance", 16),
        video("seedance-2.0-pro-fast", "bytedance", "seedance", 4),
    };
    ModelInfo embedding;
    embedding.id = QStringLiteral("bge-large-zh-v1.5");
    embedding.ownedBy = QStringLiteral("baai");
    embedding.family = QStringLiteral("bge");
    embedding.modality = Modality::Embedding;
    embedding.capabilities = {QStringLiteral("embedding")};
    embedding.inputModalities = {QStringLiteral("text")};
    embedding.outputModalities = {QStringLiteral("embedding")};
    m_models.append(embedding);
    ModelInfo rerank = embedding;
    rerank.id = QStringLiteral("bge-reranker-v2-m3");
    rerank.modality = Modality::Rerank;
    rerank.capabilities = {QStringLiteral("rerank")};
    rerank.outputModalities = {QStringLiteral("score")};
    m_models.append(rerank);
}

const ModelInfo *Catalogue::find(const QString &model, const RateCard &card) const
{
    const QString canonical = card.canonicalModel(model.trimmed());
    for (const ModelInfo &m : m_models) {
        if (m.id.compare(canonical, Qt::CaseInsensitive) == 0
            || m.id.compare(model.trimmed(), Qt::CaseInsensitive) == 0)
            return &m;
    }
    return nullptr;
}

const QStringList &imageSizes()
{
    static const QStringList sizes = {
        QStringLiteral("1024x1024"),
        QStringLiteral("1024x1536"),
        QStringLiteral("1536x1024"),
        QStringLiteral("1024x1792"),
        QStringLiteral("1792x1024"),
        QStringLiteral("2048x2048"),
    };
    return sizes;
}

} // namespace bsp::sandbox
