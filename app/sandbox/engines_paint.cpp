#include "sandbox/engines_paint.h"
#include "sandbox/engines_hash.h"

#include <QCoreApplication>
#include <QFont>
#include <QGuiApplication>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <array>
#include <cmath>

namespace bsp::sandbox::detail {

namespace {

struct NamedColour
{
    QStringView word;
    int hue; // -1 for achromatic
    double saturation;
    double value;
};

// Each entry's shade() range stays inside the band inspectImage() names it by.
constexpr NamedColour kColourWords[] = {
    {u"red", 0, 0.85, 0.85},
    {u"crimson", 0, 0.85, 0.85},
    {u"红", 0, 0.85, 0.85},
    {u"赤", 0, 0.85, 0.85},
    {u"orange", 28, 0.9, 0.95},
    {u"橙", 28, 0.9, 0.95},
    {u"橘", 28, 0.9, 0.95},
    {u"yellow", 54, 0.85, 0.95},
    {u"gold", 50, 0.85, 0.95},
    {u"golden", 50, 0.85, 0.95},
    {u"黄", 54, 0.85, 0.95},
    {u"金", 50, 0.85, 0.95},
    {u"green", 120, 0.7, 0.7},
    {u"绿", 120, 0.7, 0.7},
    {u"cyan", 182, 0.7, 0.85},
    {u"teal", 182, 0.7, 0.7},
    {u"青", 182, 0.7, 0.85},
    {u"blue", 220, 0.8, 0.85},
    {u"蓝", 220, 0.8, 0.85},
    {u"purple", 275, 0.65, 0.75},
    {u"violet", 275, 0.65, 0.75},
    {u"紫", 275, 0.65, 0.75},
    {u"pink", 330, 0.45, 0.97},
    {u"粉", 330, 0.45, 0.97},
    {u"brown", 25, 0.7, 0.45},
    {u"棕", 25, 0.7, 0.45},
    {u"褐", 25, 0.7, 0.45},
    {u"black", -1, 0, 0.08},
    {u"黑", -1, 0, 0.08},
    {u"white", -1, 0, 0.96},
    {u"白", -1, 0, 0.96},
    {u"grey", -1, 0, 0.55},
    {u"gray", -1, 0, 0.55},
    {u"灰", -1, 0, 0.55},
};

bool isAsciiWordChar(QChar c)
{
    return c.isLetterOrNumber() && c.unicode() < 0x80;
}

// Whole-word match for Latin words, plain containment for CJK characters.
qsizetype findColourWord(const QString &lower, QStringView word)
{
    const bool latin = word.front().unicode() < 0x80;
    for (qsizetype from = 0;;) {
        const qsizetype at = lower.indexOf(word, from);
        if (at < 0 || !latin)
            return at;
        const qsizetype end = at + word.size();
        const bool startOk = at == 0 || !isAsciiWordChar(lower.at(at - 1));
        const bool endOk = end == lower.size() || !isAsciiWordChar(lower.at(end));
        if (startOk && endOk)
            return at;
        from = at + 1;
    }
}

QColor fromNamed(const NamedColour &c)
{
    return QColor::fromHsvF(
        c.hue < 0 ? -1.0f : float(c.hue) / 360.0f, float(c.saturation), float(c.value));
}

// 5x7 glyphs, one byte per row, bit 4 = leftmost column.
constexpr std::array<quint8, 7> glyph(char c)
{
    switch (c) {
    case 'A':
        return {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11};
    case 'B':
        return {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E};
    case 'C':
        return {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E};
    case 'D':
        return {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E};
    case 'E':
        return {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F};
    case 'F':
        return {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10};
    case 'G':
        return {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F};
    case 'H':
        return {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11};
    case 'I':
        return {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E};
    case 'J':
        return {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C};
    case 'K':
        return {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11};
    case 'L':
        return {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F};
    case 'M':
        return {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11};
    case 'N':
        return {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11};
    case 'O':
        return {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E};
    case 'P':
        return {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10};
    case 'Q':
        return {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D};
    case 'R':
        return {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11};
    case 'S':
        return {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E};
    case 'T':
        return {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04};
    case 'U':
        return {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E};
    case 'V':
        return {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04};
    case 'W':
        return {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A};
    case 'X':
        return {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11};
    case 'Y':
        return {0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04};
    case 'Z':
        return {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F};
    case '0':
        return {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E};
    case '1':
        return {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E};
    case '2':
        return {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F};
    case '3':
        return {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E};
    case '4':
        return {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02};
    case '5':
        return {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E};
    case '6':
        return {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E};
    case '7':
        return {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08};
    case '8':
        return {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E};
    case '9':
        return {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C};
    case ' ':
        return {0, 0, 0, 0, 0, 0, 0};
    case '.':
        return {0, 0, 0, 0, 0, 0x0C, 0x0C};
    case ',':
        return {0, 0, 0, 0, 0x0C, 0x04, 0x08};
    case '!':
        return {0x04, 0x04, 0x04, 0x04, 0x04, 0, 0x04};
    case '?':
        return {0x0E, 0x11, 0x01, 0x02, 0x04, 0, 0x04};
    case '-':
        return {0, 0, 0, 0x1F, 0, 0, 0};
    case ':':
        return {0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0};
    case '\'':
        return {0x04, 0x04, 0x08, 0, 0, 0, 0};
    case '"':
        return {0x0A, 0x0A, 0, 0, 0, 0, 0};
    case '/':
        return {0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x10};
    case '(':
        return {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02};
    case ')':
        return {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08};
    case '#':
        return {0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A};
    case '%':
        return {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03};
    case '+':
        return {0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0};
    case '=':
        return {0, 0, 0x1F, 0, 0x1F, 0, 0};
    case '&':
        return {0x0C, 0x12, 0x14, 0x08, 0x15, 0x12, 0x0D};
    case '_':
        return {0, 0, 0, 0, 0, 0, 0x1F};
    default:
        return {0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F}; // anything else: a box
    }
}

void drawBitmapText(
    QPainter &painter, const QString &text, const QRect &box, const QColor &colour, int pixelSize)
{
    const int scale = std::max(1, pixelSize / 8);
    const int advance = 6 * scale;
    const int lineHeight = 9 * scale;
    const int perLine = std::max(1, box.width() / advance);
    const int maxLines = std::max(1, box.height() / lineHeight);

    // Greedy word wrap over upper-cased text; over-long words are cut.
    QStringList lines;
    QString line;
    const QStringList words = text.toUpper().split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        const QString candidate = line.isEmpty() ? word : line + u' ' + word;
        if (candidate.size() <= perLine) {
            line = candidate;
            continue;
        }
        if (!line.isEmpty())
            lines.append(line);
        line = word.left(perLine);
    }
    if (!line.isEmpty())
        lines.append(line);
    if (lines.size() > maxLines)
        lines.resize(maxLines);

    const int top = box.top() + (box.height() - int(lines.size()) * lineHeight + 2 * scale) / 2;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    for (int l = 0; l < lines.size(); ++l) {
        const QString &s = lines.at(l);
        const int y0 = top + l * lineHeight;
        for (int i = 0; i < s.size(); ++i) {
            const char16_t u = s.at(i).unicode();
            const auto rows = glyph(u < 0x80 ? char(u) : '\x01');
            const int x0 = box.left() + i * advance;
            for (int r = 0; r < 7; ++r)
                for (int c = 0; c < 5; ++c)
                    if (rows[size_t(r)] & (0x10 >> c))
                        painter.drawRect(x0 + c * scale, y0 + r * scale, scale, scale);
        }
    }
    painter.restore();
}

} // namespace

bool fontsAvailable()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

Palette paletteFor(const QString &prompt, Rng &rng)
{
    Palette palette;
    const QString lower = prompt.toLower();
    // Colour words in the order they appear, so the first named colour leads.
    QList<std::pair<qsizetype, QColor>> found;
    for (const NamedColour &c : kColourWords) {
        const qsizetype at = findColourWord(lower, c.word);
        if (at >= 0)
            found.append({at, fromNamed(c)});
    }
    std::stable_sort(
        found.begin(), found.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &f : std::as_const(found))
        if (!palette.base.contains(f.second))
            palette.base.append(f.second);
    if (!palette.base.isEmpty()) {
        palette.fromWords = true;
        return palette;
    }
    const double h0 = rng.range(0.0, 360.0);
    const auto hsv = [](double h, double s, double v) {
        return QColor::fromHsvF(float(std::fmod(h + 360.0, 360.0) / 360.0), float(s), float(v));
    };
    palette.base = {hsv(h0, 0.65, 0.8), hsv(h0 + 35, 0.7, 0.9), hsv(h0 + 180, 0.55, 0.9),
        hsv(h0 - 35, 0.6, 0.7)};
    return palette;
}

QColor shade(const QColor &base, Rng &rng, bool fromWords, double darker)
{
    float h, s, v;
    base.getHsvF(&h, &s, &v);
    if (!fromWords) {
        const double hue = std::fmod(double(h) + rng.range(-0.04, 0.04) + 1.0, 1.0);
        return QColor::fromHsvF(float(hue), std::clamp(s + float(rng.range(-0.2, 0.2)), 0.2f, 1.0f),
            std::clamp(v + float(rng.range(-0.25, 0.1)), 0.3f, 1.0f));
    }
    if (h < 0) // achromatic: vary brightness a little, never into another name
        return QColor::fromHsvF(-1, 0, std::clamp(v + float(rng.range(-0.04, 0.04)), 0.0f, 1.0f));
    const double hue = std::fmod(double(h) + rng.range(-8.0, 8.0) / 360.0 + 1.0, 1.0);
    return QColor::fromHsvF(float(hue), std::clamp(s + float(rng.range(-0.1, 0.05)), 0.0f, 1.0f),
        std::clamp(v + float(rng.range(-darker, 0.04)), std::min(v, 0.25f), 1.0f));
}

void paintScene(QImage &image, const QString &prompt, quint64 seed)
{
    Rng rng(hashText(prompt, seed));
    const Palette palette = paletteFor(prompt, rng);
    // With colour words the first one named leads: it takes the background and half
    // the shapes, so "red roses and a little blue" reads as mostly red.
    const auto pick = [&] {
        if (palette.fromWords && rng.unit() < 0.5)
            return palette.base.first();
        return palette.base.at(int(rng.next() % quint64(palette.base.size())));
    };
    const double w = image.width();
    const double h = image.height();

    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    const double angle = rng.range(0.0, 2 * M_PI);
    const QPointF centre(w / 2, h / 2);
    const QPointF dir(std::cos(angle) * w / 2, std::sin(angle) * h / 2);
    QLinearGradient gradient(centre - dir, centre + dir);
    gradient.setColorAt(0, shade(palette.base.first(), rng, palette.fromWords));
    gradient.setColorAt(
        1, shade(palette.fromWords ? palette.base.first() : pick(), rng, palette.fromWords));
    p.fillRect(image.rect(), gradient);

    const double unit = std::min(w, h);
    const int shapes = rng.range(7, 12);
    for (int i = 0; i < shapes; ++i) {
        QColor c = shade(pick(), rng, palette.fromWords, 0.32); // deeper, for contrast
        c.setAlpha(rng.range(150, 230));
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        const double size = unit * rng.range(0.08, 0.35);
        const QPointF at(rng.range(0.0, w), rng.range(0.0, h));
        const QRectF r(at.x() - size / 2, at.y() - size / 2, size, size * rng.range(0.6, 1.4));
        switch (rng.range(0, 3)) {
        case 0:
            p.drawEllipse(r);
            break;
        case 1:
            p.drawRoundedRect(r, size * 0.15, size * 0.15);
            break;
        case 2: {
            QPolygonF tri;
            for (int k = 0; k < 3; ++k) {
                const double a = rng.range(0.0, 2 * M_PI);
                tri << at + QPointF(std::cos(a), std::sin(a)) * size * 0.6;
            }
            p.drawPolygon(tri);
            break;
        }
        default:
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(c, std::max(1.0, size * 0.08)));
            p.drawEllipse(r);
            break;
        }
    }
}

void drawText(
    QPainter &painter, const QString &text, const QRect &box, const QColor &colour, int pixelSize)
{
    if (!fontsAvailable()) {
        drawBitmapText(painter, text, box, colour, pixelSize);
        return;
    }
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(std::max(6, pixelSize));
    painter.save();
    painter.setFont(font);
    painter.setPen(colour);
    painter.setClipRect(box);
    painter.drawText(box, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, text);
    painter.restore();
}

} // namespace bsp::sandbox::detail
