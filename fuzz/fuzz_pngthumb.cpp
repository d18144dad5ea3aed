// The fast PNG thumbnail path (core/pngthumb.cpp) on any bytes. Whatever it accepts
// must be a well-formed thumbnail of at most the edge asked for.
//
// Byte 0: bit 7 picks the mode, the rest the edge (1..128).
//  - raw: the rest is a file, for the chunk reader (CRCs, IHDR, IDAT, IEND).
//  - built: bytes 1-3 are width, height (1..64) and layout (RGB or RGBA); the rest
//    is the scanlines, filter bytes included, which this harness compresses and wraps
//    in chunks with correct CRCs, so that the filters and the shrinker see every input
//    (a mutated file rarely gets past its CRCs and Adler-32).
#include "fuzzutil.h"

#include "../tests/core/pngfile.h"
#include "core/pngthumb.h"

#include <cstdlib>
#include <vector>

namespace {

QByteArray build(const uint8_t *data, size_t size)
{
    if (size < 3)
        return {};
    const quint32 w = 1 + data[0] % 64, h = 1 + data[1] % 64;
    const bool alpha = data[2] & 1;
    const size_t rowBytes = 1 + size_t(w) * (alpha ? 4 : 3);
    // The scanlines: the fuzz bytes, repeated to fill the image.
    QByteArray raw(int(rowBytes * h), 0);
    for (int i = 0; i < raw.size(); ++i)
        raw[i] = size > 3 ? char(data[3 + size_t(i) % (size - 3)]) : 0;
    return bsp::test::pngFile(w, h, alpha, raw, 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int edge = 1 + (data[0] & 0x7f);
    const QByteArray png
        = (data[0] & 0x80) ? build(data + 1, size - 1) : bsp::fuzz::bytes(data + 1, size - 1);
    const auto t = bsp::pngthumb::decode(png, edge);
    if (!t)
        return 0;
    const QSize s = t->image.size();
    if (s.isEmpty() || s.width() > edge || s.height() > edge || t->fullSize.isEmpty()
        || s.width() > t->fullSize.width() || s.height() > t->fullSize.height())
        std::abort();
    return 0;
}
