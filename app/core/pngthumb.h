#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>

#include <optional>

namespace bsp::pngthumb {

// A thumbnail straight from PNG bytes, for the images the gateway makes: 8-bit RGB or
// RGBA, not interlaced, no transparency key. libpng inflates with zlib and unfilters
// one byte at a time; here the whole stream is inflated at once (libdeflate, into huge
// pages where the system has them), each row is unfiltered (SSE2: Up 16 bytes at a time,
// Paeth two rows at once) and folded into the thumbnail (an area average) while it is in
// cache, and the full-size image is never allocated: about twice as fast as Qt's decode
// and scale of a 2048x2048 image (bench_image_grid prints both).
// Every chunk's CRC and the stream's Adler-32 are checked.
//
// nullopt for anything else or anything wrong (another layout, a bad CRC, a short
// stream, too many pixels): the caller decodes those the usual way, which also says
// what is wrong. `edge` > 0; the thumbnail is at most edge x edge, never enlarged.
struct Thumbnail
{
    QImage image; // Format_RGB32, or Format_ARGB32 when the PNG has alpha
    QSize fullSize;
};
std::optional<Thumbnail> decode(const QByteArray &png, int edge);

// The PNG signature.
bool isPng(const QByteArray &bytes);

} // namespace bsp::pngthumb
