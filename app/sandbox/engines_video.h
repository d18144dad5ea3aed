#pragma once

#include <QSize>
#include <QString>

namespace bsp::sandbox {

// The FFmpeg encoder encodeClip() uses: "libx264" (H.264) when present, else "mpeg4"
// (MPEG-4 Part 2, still in MP4). Empty when neither exists.
QString clipEncoderName();

// The frame size of a clip asked for `aspectRatio` ("16:9", "9:16", "1:1", ...) and
// `resolution` ("480p", "720p", "1080p"): the asked shape at a quarter of the asked
// size (720p 16:9 -> 320x180, 1080p 9:16 -> 270x480), both sides even.
QSize clipSizeFor(const QString &aspectRatio, const QString &resolution);

} // namespace bsp::sandbox
