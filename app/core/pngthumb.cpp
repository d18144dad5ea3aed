#include "core/pngthumb.h"

#include <QImageReader>

#include <libdeflate.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if __has_include(<sys/mman.h>)
#include <sys/mman.h>
#endif

namespace bsp::pngthumb {

namespace {

constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

quint32 be32(const unsigned char *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

struct Header
{
    quint32 width = 0;
    quint32 height = 0;
    int channels = 0; // 3 (RGB) or 4 (RGBA)
};

// Walks the chunks: checks each CRC, reads IHDR, gathers the IDAT payload. False for a
// layout this decoder leaves to Qt, or for anything malformed.
bool readChunks(const QByteArray &png, Header *header, std::vector<unsigned char> *idat)
{
    const auto *data = reinterpret_cast<const unsigned char *>(png.constData());
    const qsizetype size = png.size();
    qsizetype at = 8;
    bool sawHeader = false;
    bool sawEnd = false;
    while (!sawEnd) {
        if (size - at < 12)
            return false;
        const quint32 length = be32(data + at);
        if (length > quint32(size - at - 12))
            return false;
        const unsigned char *type = data + at + 4;
        const unsigned char *body = data + at + 8;
        if (libdeflate_crc32(0, type, length + 4) != be32(body + length))
            return false;
        if (!sawHeader && std::memcmp(type, "IHDR", 4) != 0)
            return false; // IHDR comes first
        if (std::memcmp(type, "IHDR", 4) == 0) {
            // 8-bit, RGB (2) or RGBA (6), deflate, standard filters, not interlaced.
            if (length != 13 || sawHeader || body[8] != 8 || (body[9] != 2 && body[9] != 6)
                || body[10] != 0 || body[11] != 0 || body[12] != 0)
                return false;
            header->width = be32(body);
            header->height = be32(body + 4);
            header->channels = body[9] == 6 ? 4 : 3;
            sawHeader = true;
        } else if (std::memcmp(type, "IDAT", 4) == 0) {
            if (!sawHeader)
                return false;
            idat->insert(idat->end(), body, body + length);
        } else if (std::memcmp(type, "tRNS", 4) == 0) {
            return false; // a colour key: left to Qt
        } else if (std::memcmp(type, "IEND", 4) == 0) {
            sawEnd = true;
        } else if (!(type[0] & 0x20)) {
            return false; // an unknown critical chunk
        }
        at += qsizetype(length) + 12;
    }
    return sawHeader && !idat->empty() && header->width > 0 && header->height > 0;
}

#if defined(__SSE2__)
// A pixel's bytes, read and written in registers: a 32-bit access would overlap the
// neighbour's bytes just stored and stall every pixel on store forwarding.
template<int Bpp>
__m128i load(const unsigned char *p)
{
    quint32 v = quint32(p[0]) | (quint32(p[1]) << 8) | (quint32(p[2]) << 16);
    if constexpr (Bpp == 4)
        v |= quint32(p[3]) << 24;
    return _mm_unpacklo_epi8(_mm_cvtsi32_si128(int(v)), _mm_setzero_si128());
}

template<int Bpp>
void store(unsigned char *p, __m128i v)
{
    const quint32 packed = quint32(_mm_cvtsi128_si32(_mm_packus_epi16(v, v)));
    p[0] = static_cast<unsigned char>(packed);
    p[1] = static_cast<unsigned char>(packed >> 8);
    p[2] = static_cast<unsigned char>(packed >> 16);
    if constexpr (Bpp == 4)
        p[3] = static_cast<unsigned char>(packed >> 24);
}

__m128i abs16(__m128i v)
{
    return _mm_max_epi16(v, _mm_sub_epi16(_mm_setzero_si128(), v));
}

// Paeth, one pixel at a time, its channels side by side in 16-bit lanes. `a` (left)
// and `c` (up-left) carry along the row.
struct PaethLane
{
    __m128i a = _mm_setzero_si128();
    __m128i c = _mm_setzero_si128();
};

template<int Bpp>
inline void paethStep(PaethLane &lane, unsigned char *row, const unsigned char *up, size_t x)
{
    const __m128i b = load<Bpp>(up + x);
    const __m128i d = load<Bpp>(row + x);
    const __m128i pa = abs16(_mm_sub_epi16(b, lane.c));
    const __m128i pb = abs16(_mm_sub_epi16(lane.a, lane.c));
    const __m128i pc
        = abs16(_mm_sub_epi16(_mm_add_epi16(lane.a, b), _mm_add_epi16(lane.c, lane.c)));
    const __m128i smallest = _mm_min_epi16(pc, _mm_min_epi16(pa, pb));
    const __m128i useA = _mm_cmpeq_epi16(smallest, pa);
    const __m128i useB = _mm_andnot_si128(useA, _mm_cmpeq_epi16(smallest, pb));
    const __m128i useC = _mm_andnot_si128(_mm_or_si128(useA, useB), _mm_set1_epi16(-1));
    const __m128i nearest = _mm_or_si128(_mm_and_si128(useA, lane.a),
        _mm_or_si128(_mm_and_si128(useB, b), _mm_and_si128(useC, lane.c)));
    lane.a = _mm_and_si128(_mm_add_epi16(d, nearest), _mm_set1_epi16(0xff));
    store<Bpp>(row + x, lane.a);
    lane.c = b;
}

template<int Bpp>
void unfilterPaeth(unsigned char *row, const unsigned char *up, size_t bytes)
{
    PaethLane lane;
    for (size_t x = 0; x + Bpp <= bytes; x += Bpp)
        paethStep<Bpp>(lane, row, up, x);
}

// Two Paeth rows at once: each pixel waits for its left neighbour's result, so one row
// is one long dependency chain. Row y's pixel k and row y + 1's pixel k - 1 are
// independent, and share a register (low and high half): twice the pixels per step.
// Row y + 1's "up" (b) is the row y pixel just reversed, its "up-left" (c) the one
// before; at either end a half works on zeros, whose result is zero and not stored.
template<int Bpp>
void unfilterPaethPair(
    unsigned char *row, unsigned char *next, const unsigned char *up, size_t bytes)
{
    const size_t pixels = bytes / Bpp;
    __m128i a = _mm_setzero_si128();
    __m128i c = _mm_setzero_si128();
    const auto step = [&a, &c](__m128i upper, __m128i d) {
        const __m128i b = _mm_unpacklo_epi64(upper, a);
        const __m128i bc = _mm_sub_epi16(b, c);
        const __m128i ac = _mm_sub_epi16(a, c);
        const __m128i pa = abs16(bc); // |p - a|
        const __m128i pb = abs16(ac); // |p - b|
        const __m128i pc = abs16(_mm_add_epi16(ac, bc)); // |p - c|
        const __m128i notA = _mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc));
        const __m128i notB = _mm_cmpgt_epi16(pb, pc);
        const __m128i bOrC = _mm_or_si128(_mm_andnot_si128(notB, b), _mm_and_si128(notB, c));
        const __m128i nearest = _mm_or_si128(_mm_andnot_si128(notA, a), _mm_and_si128(notA, bOrC));
        a = _mm_and_si128(_mm_add_epi16(d, nearest), _mm_set1_epi16(0xff));
        c = b;
        return quint64(_mm_cvtsi128_si64(_mm_packus_epi16(a, a)));
    };
    const auto put = [](unsigned char *p, quint32 v) {
        p[0] = static_cast<unsigned char>(v);
        p[1] = static_cast<unsigned char>(v >> 8);
        p[2] = static_cast<unsigned char>(v >> 16);
        if constexpr (Bpp == 4)
            p[3] = static_cast<unsigned char>(v >> 24);
    };
    const __m128i zero = _mm_setzero_si128();
    put(row, quint32(step(load<Bpp>(up), load<Bpp>(row))));
    for (size_t k = 1; k < pixels; ++k) {
        const size_t x = k * Bpp;
        const quint64 v = step(
            load<Bpp>(up + x), _mm_unpacklo_epi64(load<Bpp>(row + x), load<Bpp>(next + x - Bpp)));
        put(row + x, quint32(v));
        put(next + x - Bpp, quint32(v >> 32));
    }
    const size_t last = (pixels - 1) * Bpp;
    put(next + last, quint32(step(zero, _mm_unpacklo_epi64(zero, load<Bpp>(next + last))) >> 32));
}

// Up: a byte-wise add, 16 bytes at a time.
void unfilterUp(unsigned char *row, const unsigned char *up, size_t bytes)
{
    size_t x = 0;
    for (; x + 16 <= bytes; x += 16) {
        const __m128i r = _mm_loadu_si128(reinterpret_cast<const __m128i *>(row + x));
        const __m128i u = _mm_loadu_si128(reinterpret_cast<const __m128i *>(up + x));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(row + x), _mm_add_epi8(r, u));
    }
    for (; x < bytes; ++x)
        row[x] = static_cast<unsigned char>(row[x] + up[x]);
}

#else
int paethPredictor(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a);
    const int pb = std::abs(p - b);
    const int pc = std::abs(p - c);
    return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
}

template<int Bpp>
void unfilterPaeth(unsigned char *row, const unsigned char *up, size_t bytes)
{
    for (size_t x = 0; x < bytes; ++x) {
        const int a = x >= Bpp ? row[x - Bpp] : 0;
        const int c = x >= Bpp ? up[x - Bpp] : 0;
        row[x] = static_cast<unsigned char>(row[x] + paethPredictor(a, up[x], c));
    }
}

void unfilterUp(unsigned char *row, const unsigned char *up, size_t bytes)
{
    for (size_t x = 0; x < bytes; ++x)
        row[x] = static_cast<unsigned char>(row[x] + up[x]);
}
#endif

// Reverses one row's filter in place; `up` is the row above, already reversed (zeros
// for the first row).
bool unfilter(int filter, unsigned char *row, const unsigned char *up, size_t bytes, int bpp)
{
    switch (filter) {
    case 0:
        return true;
    case 1:
        for (size_t x = size_t(bpp); x < bytes; ++x)
            row[x] = static_cast<unsigned char>(row[x] + row[x - bpp]);
        return true;
    case 2:
        unfilterUp(row, up, bytes);
        return true;
    case 3:
        for (size_t x = 0; x < bytes; ++x) {
            const int a = x >= size_t(bpp) ? row[x - bpp] : 0;
            row[x] = static_cast<unsigned char>(row[x] + ((a + up[x]) >> 1));
        }
        return true;
    case 4:
        if (bpp == 4)
            unfilterPaeth<4>(row, up, bytes);
        else
            unfilterPaeth<3>(row, up, bytes);
        return true;
    default:
        return false;
    }
}

// Area-averages source rows into the thumbnail as they are reversed.
class Shrinker
{
public:
    Shrinker(const Header &h, QSize target)
        : m_channels(h.channels)
        , m_sourceHeight(h.height)
        // Past 4 source pixels per thumbnail pixel, every other one (or every third...)
        // is enough: still at least 4 x 4 samples under each thumbnail pixel.
        , m_step(std::max<quint32>(1,
              std::min(h.width / quint32(target.width()), h.height / quint32(target.height())) / 4))
        , m_image(target, h.channels == 4 ? QImage::Format_ARGB32 : QImage::Format_RGB32)
        , m_sums(size_t(target.width()) * 4)
        , m_counts(size_t(target.width()))
    {
        for (quint32 x = 0; x < h.width; x += m_step) {
            const auto column = quint32(quint64(x) * quint64(target.width()) / h.width);
            if (m_runs.empty() || m_runs.back().column != column)
                m_runs.push_back({column, 0});
            ++m_runs.back().samples;
        }
    }

    bool ok() const { return !m_image.isNull(); }

    void add(quint32 y, const unsigned char *row)
    {
        const int target = int(quint64(y) * quint64(m_image.height()) / m_sourceHeight);
        if (target != m_row)
            flush(target);
        if (y % m_step != 0)
            return;
        if (m_channels == 4)
            accumulate<4>(row);
        else
            accumulate<3>(row);
    }

    QImage finish()
    {
        flush(m_image.height());
        return m_image;
    }

private:
    // Sums in registers along each run of samples that fall in one thumbnail column:
    // adding each sample to memory would chain every add to the previous store.
    template<int Channels>
    void accumulate(const unsigned char *row)
    {
        const size_t stride = size_t(m_step) * Channels;
        const unsigned char *px = row;
        for (const Run &run : m_runs) {
            quint64 r = 0, g = 0, b = 0, a = 0;
            for (quint32 i = 0; i < run.samples; ++i, px += stride) {
                if constexpr (Channels == 4) {
                    // Colour weighted by alpha, so that transparent pixels do not darken it.
                    const quint32 alpha = px[3];
                    r += quint32(px[0]) * alpha;
                    g += quint32(px[1]) * alpha;
                    b += quint32(px[2]) * alpha;
                    a += alpha;
                } else {
                    r += px[0];
                    g += px[1];
                    b += px[2];
                }
            }
            quint64 *sum = m_sums.data() + size_t(run.column) * 4;
            sum[0] += r;
            sum[1] += g;
            sum[2] += b;
            sum[3] += a;
            m_counts[run.column] += run.samples;
        }
    }

    void flush(int next)
    {
        if (m_row >= 0 && m_row < m_image.height()) {
            auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(m_row));
            for (int x = 0; x < m_image.width(); ++x) {
                const quint64 *sum = &m_sums[size_t(x) * 4];
                const quint32 n = m_counts[size_t(x)];
                if (m_channels == 3) {
                    line[x] = n == 0 ? qRgb(0, 0, 0)
                                     : qRgb(int(sum[0] / n), int(sum[1] / n), int(sum[2] / n));
                    continue;
                }
                const quint64 alpha = sum[3];
                line[x] = alpha == 0 || n == 0 ? qRgba(0, 0, 0, 0)
                                               : qRgba(int(sum[0] / alpha), int(sum[1] / alpha),
                                                   int(sum[2] / alpha), int(alpha / n));
            }
        }
        std::fill(m_sums.begin(), m_sums.end(), 0);
        std::fill(m_counts.begin(), m_counts.end(), 0);
        m_row = next;
    }

    int m_channels;
    quint32 m_sourceHeight;
    quint32 m_step; // source pixels between samples, both ways
    QImage m_image;
    struct Run
    {
        quint32 column; // thumbnail column
        quint32 samples; // source samples in it, one after another
    };
    std::vector<Run> m_runs; // left to right
    std::vector<quint64> m_sums; // per thumbnail column: r, g, b (alpha-weighted), alpha
    std::vector<quint32> m_counts;
    int m_row = -1;
};

// Reverses every row of `raw` (a filter byte, then the row) into `shrink`, two at a time
// where two Paeth rows follow each other. False on an unknown filter.
bool unfilterRows(unsigned char *raw, const Header &h, Shrinker &shrink)
{
    const size_t stride = size_t(h.width) * size_t(h.channels);
    const std::vector<unsigned char> zeros(stride, 0);
    const unsigned char *up = zeros.data();
    for (quint32 y = 0; y < h.height; ++y) {
        unsigned char *line = raw + size_t(y) * (stride + 1);
#if defined(__SSE2__)
        unsigned char *next = line + stride + 1;
        if (line[0] == 4 && y + 1 < h.height && next[0] == 4) {
            if (h.channels == 4)
                unfilterPaethPair<4>(line + 1, next + 1, up, stride);
            else
                unfilterPaethPair<3>(line + 1, next + 1, up, stride);
            shrink.add(y, line + 1);
            shrink.add(++y, next + 1);
            up = next + 1;
            continue;
        }
#endif
        if (!unfilter(line[0], line + 1, up, stride, h.channels))
            return false;
        shrink.add(y, line + 1);
        up = line + 1;
    }
    return true;
}

// The inflated rows, 12 MB for a 2048 x 2048 image, are written once, fresh: in 4 KiB
// pages that is some 3,000 page faults, a third of the inflate's time. Large buffers
// are asked for in transparent huge pages (2 MiB) where the system allows them.
struct RawFree
{
    void operator()(unsigned char *p) const { std::free(p); }
};

unsigned char *allocateRaw(size_t bytes)
{
    constexpr size_t kHuge = size_t(2) << 20;
    if (bytes < 2 * kHuge)
        return static_cast<unsigned char *>(std::malloc(bytes));
    const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
    auto *p = static_cast<unsigned char *>(std::aligned_alloc(kHuge, rounded));
#if defined(MADV_HUGEPAGE)
    if (p)
        ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
}

} // namespace

bool isPng(const QByteArray &bytes)
{
    return bytes.size() >= 8 && std::memcmp(bytes.constData(), kSignature, 8) == 0;
}

std::optional<Thumbnail> decode(const QByteArray &png, int edge)
{
    if (edge <= 0 || !isPng(png))
        return std::nullopt;
    Header h;
    std::vector<unsigned char> idat;
    idat.reserve(size_t(png.size()));
    if (!readChunks(png, &h, &idat))
        return std::nullopt;
    // The same bound on memory as Qt's readers (QImageReader::allocationLimit, MiB).
    const size_t stride = size_t(h.width) * size_t(h.channels);
    const quint64 rawBytes = quint64(h.height) * (quint64(stride) + 1);
    if (h.width > 65535 || h.height > 65535
        || rawBytes > quint64(QImageReader::allocationLimit()) * 1024 * 1024)
        return std::nullopt;

    const std::unique_ptr<unsigned char, RawFree> raw(allocateRaw(size_t(rawBytes)));
    if (!raw)
        return std::nullopt;
    std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> inflater(
        libdeflate_alloc_decompressor(), &libdeflate_free_decompressor);
    size_t produced = 0;
    if (!inflater
        || libdeflate_zlib_decompress(
               inflater.get(), idat.data(), idat.size(), raw.get(), size_t(rawBytes), &produced)
            != LIBDEFLATE_SUCCESS
        || produced != size_t(rawBytes))
        return std::nullopt;

    QSize target(int(h.width), int(h.height));
    if (target.width() > edge || target.height() > edge)
        target = target.scaled(edge, edge, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    Shrinker shrink(h, target);
    if (!shrink.ok())
        return std::nullopt;
    if (!unfilterRows(raw.get(), h, shrink))
        return std::nullopt;
    return Thumbnail {shrink.finish(), QSize(int(h.width), int(h.height))};
}

} // namespace bsp::pngthumb
