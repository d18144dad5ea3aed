// Images: the prompt-driven PNG renderer and the inspector for uploaded images.

#include "sandbox/engines.h"
#include "sandbox/engines_hash.h"
#include "sandbox/engines_paint.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>

#include <algorithm>
#include <array>

namespace bsp::sandbox {

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxSide = 4096;
constexpr qint64 kMaxPixels = 100'000'000; // uploads beyond this are refused undecoded

// Names a pixel by hue band; the bands match the colours paletteFor() uses.
QString colourName(QRgb rgb)
{
    const QColor c = QColor::fromRgb(rgb);
    float h, s, v;
    c.getHsvF(&h, &s, &v);
    if (v < 0.2f)
        return u"black"_s;
    if (s < 0.18f || h < 0)
        return v > 0.8f ? u"white"_s : u"grey"_s;
    const float deg = h * 360.0f;
    if (deg < 15 || deg >= 345)
        return (s < 0.5f && v > 0.8f) ? u"pink"_s : u"red"_s;
    if (deg < 45)
        return v < 0.6f ? u"brown"_s : u"orange"_s;
    if (deg < 70)
        return u"yellow"_s;
    if (deg < 165)
        return u"green"_s;
    if (deg < 195)
        return u"cyan"_s;
    if (deg < 255)
        return u"blue"_s;
    if (deg < 290)
        return u"purple"_s;
    return u"pink"_s;
}

// Decoders can hand back a partly filled image for a cut-off file; the end markers
// tell a complete file from a truncated one.
bool looksComplete(const QByteArray &data, const QByteArray &format)
{
    if (format == "png")
        return data.contains("IEND");
    if (format == "jpeg" || format == "jpg") {
        const qsizetype scan = data.indexOf("\xff\xda"); // start of the entropy-coded data
        return scan > 0 && data.lastIndexOf("\xff\xd9") > scan;
    }
    if (format == "gif")
        return data.right(32).contains(';');
    return true;
}

QStringList dominantColours(const QImage &image)
{
    // A bounded sample grid keeps this O(1) in the image size.
    const int stepX = std::max(1, image.width() / 128);
    const int stepY = std::max(1, image.height() / 128);
    QHash<QString, int> counts;
    int total = 0;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = stepY / 2; y < argb.height(); y += stepY) {
        const auto *line = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        for (int x = stepX / 2; x < argb.width(); x += stepX) {
            if (qAlpha(line[x]) < 128)
                continue;
            ++counts[colourName(line[x])];
            ++total;
        }
    }
    QList<std::pair<int, QString>> ranked;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        ranked.append({it.value(), it.key()});
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    QStringList names;
    for (const auto &r : std::as_const(ranked)) {
        if (names.size() == 3 || r.first * 100 < total * 3) // under 3 % is noise
            break;
        names.append(r.second);
    }
    return names;
}

} // namespace

QByteArray renderImagePng(const QString &prompt, QSize size, quint64 seed)
{
    if (size.width() < 1 || size.height() < 1 || size.width() > kMaxSide
        || size.height() > kMaxSide)
        return {};
    QImage image(size, QImage::Format_RGB32);
    detail::paintScene(image, prompt, seed);

    const int w = size.width();
    const int h = size.height();
    const int unit = std::min(w, h);
    {
        QPainter p(&image);
        // The prompt on a darkened band along the bottom.
        const int band = std::max(8, h / 6);
        p.fillRect(QRect(0, h - band, w, band), QColor(0, 0, 0, 110));
        const int margin = std::max(2, unit / 40);
        const QString text = prompt.left(240).simplified();
        detail::drawText(p, text,
            QRect(margin, h - band + margin / 2, w - 2 * margin, band - margin),
            QColor(255, 255, 255, 235), std::max(8, std::min(band / 3, unit / 18)));
        // A small "SANDBOX" tag so nobody mistakes this for a real model's output.
        const int tagPx = std::max(8, unit / 40);
        const QRect tag(margin, margin, tagPx * 6, tagPx * 2);
        p.fillRect(tag, QColor(0, 0, 0, 140));
        detail::drawText(
            p, u"SANDBOX"_s, tag.adjusted(tagPx / 3, 0, 0, 0), QColor(255, 255, 255, 220), tagPx);
    }

    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setQuality(80); // low zlib level: much faster, files stay reasonable
    if (!writer.write(image))
        return {};
    return png;
}

std::optional<ImageFacts> inspectImage(const QByteArray &data)
{
    if (data.isEmpty())
        return std::nullopt;
    QByteArray bytes = data; // QBuffer needs a non-const array; this is a shallow copy
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        return std::nullopt;
    QImageReader reader(&buffer);
    reader.setAutoTransform(false);
    QByteArray format = reader.format().toLower();
    // Only upload formats: text that happens to parse as XPM/PBM, or an SVG, is no photo.
    static const QByteArrayList kAccepted {"png", "jpeg", "jpg", "gif", "webp", "bmp"};
    if (!kAccepted.contains(format) || !reader.canRead())
        return std::nullopt;
    const QSize declared = reader.size();
    if (declared.isValid() && qint64(declared.width()) * declared.height() > kMaxPixels)
        return std::nullopt;
    if (!looksComplete(data, format))
        return std::nullopt;
    QImage image;
    if (!reader.read(&image) || image.isNull())
        return std::nullopt;
    if (format == "jpg")
        format = "jpeg";

    ImageFacts facts;
    facts.size = image.size();
    facts.format = QString::fromLatin1(format);
    facts.dominantColours = dominantColours(image);
    return facts;
}

} // namespace bsp::sandbox
