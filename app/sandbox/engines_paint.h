#pragma once

// Drawing shared by the image and clip generators: a palette from the prompt, the
// background scene, and text that works with or without a QGuiApplication.

#include <QColor>
#include <QImage>
#include <QList>
#include <QRect>
#include <QString>

class QPainter;

namespace bsp::sandbox::detail {

class Rng;

// Base colours for a prompt: colour words ("red", "蓝") pin the palette, otherwise a
// harmonious set derived from the hash.
struct Palette
{
    QList<QColor> base;
    bool fromWords = false;
};
Palette paletteFor(const QString &prompt, Rng &rng);

// A jittered shade of a base colour that stays inside the same colour name; `darker`
// bounds how far the value may drop for named colours.
QColor shade(const QColor &base, Rng &rng, bool fromWords, double darker = 0.12);

// Gradient background and shapes, deterministic for (prompt, seed).
void paintScene(QImage &image, const QString &prompt, quint64 seed);

// Text in `box`, word-wrapped. QFont needs a QGuiApplication; without one a built-in
// 5x7 bitmap font draws ASCII (upper-cased) so rendering never aborts.
void drawText(
    QPainter &painter, const QString &text, const QRect &box, const QColor &colour, int pixelSize);

// True when QFont text rendering is available (a QGuiApplication exists).
bool fontsAvailable();

} // namespace bsp::sandbox::detail
