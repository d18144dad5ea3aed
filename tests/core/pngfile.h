#pragma once

// Writes PNG files from scanlines the caller filtered itself (filter byte first in each
// row), compressed with libdeflate, with correct CRCs: for tst_pngthumb and the PNG
// fuzzer (fuzz/fuzz_pngthumb.cpp), which need every filter type on every row.

#include <QByteArray>

#include <algorithm>

#include <libdeflate.h>

namespace bsp::test {

inline void putBe32(QByteArray &out, quint32 v)
{
    out.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
}

inline void pngChunk(QByteArray &out, const char *type, const QByteArray &body)
{
    putBe32(out, quint32(body.size()));
    const QByteArray typed = QByteArray(type, 4) + body;
    out.append(typed);
    putBe32(out, libdeflate_crc32(0, typed.constData(), size_t(typed.size())));
}

// An 8-bit RGB (or RGBA) PNG of w x h from `scanlines` (h rows of 1 + w * 3 (or 4)
// bytes), its stream split over `idatChunks` IDAT chunks.
inline QByteArray pngFile(quint32 w, quint32 h, bool alpha, const QByteArray &scanlines,
    int level = 6, int idatChunks = 1)
{
    libdeflate_compressor *z = libdeflate_alloc_compressor(level);
    QByteArray packed(int(libdeflate_zlib_compress_bound(z, size_t(scanlines.size()))), 0);
    packed.resize(int(libdeflate_zlib_compress(
        z, scanlines.constData(), size_t(scanlines.size()), packed.data(), size_t(packed.size()))));
    libdeflate_free_compressor(z);
    QByteArray out("\x89PNG\r\n\x1a\n", 8);
    QByteArray ihdr;
    putBe32(ihdr, w);
    putBe32(ihdr, h);
    ihdr.append(char(8)).append(char(alpha ? 6 : 2)).append(3, char(0));
    pngChunk(out, "IHDR", ihdr);
    const qsizetype part = (packed.size() + idatChunks - 1) / std::max(1, idatChunks);
    for (qsizetype at = 0; at < packed.size(); at += part)
        pngChunk(out, "IDAT", packed.mid(at, part));
    pngChunk(out, "IEND", {});
    return out;
}

} // namespace bsp::test
