#pragma once

#include <QString>

namespace bsp::sandbox {

// The FFmpeg encoder encodeClip() uses: "libx264" (H.264) when present, else "mpeg4"
// (MPEG-4 Part 2, still in MP4). Empty when neither exists.
QString clipEncoderName();

} // namespace bsp::sandbox
