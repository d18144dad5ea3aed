#pragma once

// The sandbox's synthetic generators. Pure functions, thread-safe, deterministic for
// the same inputs, so route handlers can run them on the thread pool.

#include <QByteArray>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <atomic>
#include <functional>
#include <optional>

namespace bsp::sandbox {

// A PNG of exactly `size`, rendered from the prompt and seed (same inputs, same bytes).
QByteArray renderImagePng(const QString &prompt, QSize size, quint64 seed);

// Facts about an uploaded image: its real pixel size and dominant colours.
struct ImageFacts
{
    QSize size;
    QString format; // "png", "jpeg", "gif", "webp"
    QStringList dominantColours; // up to 3 names or #rrggbb, most frequent first
};
// nullopt when the bytes do not decode as an image.
std::optional<ImageFacts> inspectImage(const QByteArray &data);

// A real encoded clip (H.264 in MP4, yuv420p, faststart) of `seconds` at `fps`,
// rendered from the prompt. `progress` gets 0..1; setting `*cancel` stops early
// (returns false, error "cancelled").
struct ClipSpec
{
    QString prompt;
    int width = 320;
    int height = 180;
    double seconds = 5;
    int fps = 12;
    quint64 seed = 0;
    QString label; // drawn in the top band (the model), so clips of two models differ
};
bool encodeClip(const ClipSpec &spec, const QString &outputPath, QString *error,
    const std::function<void(double)> &progress = {}, const std::atomic_bool *cancel = nullptr);

// Deterministic 1024-d unit vector from hashed word and character n-grams (Chinese
// characters and bigrams included): texts that share words are measurably closer.
inline constexpr int kEmbeddingDimensions = 1024;
QList<float> embedText(QStringView text);

// Lexical relevance of a document to a query in [0, 1] (BM25-like, saturating).
double rerankScore(QStringView query, QStringView document);

} // namespace bsp::sandbox
