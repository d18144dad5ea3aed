#include "core/base64floats.h"

#include <QtEndian>

#include <cstdint>
#include <cstring>

namespace bsp {

namespace {

// Any invalid character sets bit 24 of a quantum.
constexpr std::uint32_t kBad = 0x01FFFFFF;

struct Tables
{
    std::uint32_t d0[256];
    std::uint32_t d1[256];
    std::uint32_t d2[256];
    std::uint32_t d3[256];
};

constexpr int sextet(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

// Each table holds a character's six bits already placed where they land in the three
// output bytes of a little-endian uint32, so a quantum is d0[a] | d1[b] | d2[c] | d3[d].
constexpr Tables makeTables()
{
    Tables t {};
    for (int c = 0; c < 256; ++c) {
        const int s = sextet(c);
        if (s < 0) {
            t.d0[c] = t.d1[c] = t.d2[c] = t.d3[c] = kBad;
            continue;
        }
        const auto v = std::uint32_t(s);
        t.d0[c] = v << 2;
        t.d1[c] = (v >> 4) | ((v & 0x0F) << 12);
        t.d2[c] = ((v >> 2) << 8) | ((v & 0x03) << 22);
        t.d3[c] = v << 16;
    }
    return t;
}

constexpr Tables kTables = makeTables();

} // namespace

// Decodes standard, padded base64 of little-endian float32 and appends the floats to
// `out`. False (and `out` unchanged) on a bad length, a bad character or a byte count
// that is not a whole number of floats.
bool decodeBase64Floats(QByteArrayView base64, QList<float> &out)
{
    static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "the tables assume a little-endian host");
    const auto *in = reinterpret_cast<const unsigned char *>(base64.data());
    const qsizetype len = base64.size();
    if (len == 0)
        return true;
    if (len % 4 != 0)
        return false;
    const int pad = in[len - 1] == '=' ? (in[len - 2] == '=' ? 2 : 1) : 0;
    const qsizetype full = len / 4 - (pad ? 1 : 0); // quanta without padding
    const qsizetype bytes = full * 3 + (pad ? 3 - pad : 0);
    if (bytes % 4 != 0)
        return false;

    const qsizetype at = out.size();
    out.resize(at + bytes / 4);
    auto *dst = reinterpret_cast<unsigned char *>(out.data() + at);
    const Tables &t = kTables;
    std::uint32_t bad = 0;
    // Every quantum but the last full one stores four bytes; the next overwrites the
    // fourth, so the loop needs no byte shuffling.
    for (qsizetype q = 0; q + 1 < full; ++q, in += 4, dst += 3) {
        const std::uint32_t x = t.d0[in[0]] | t.d1[in[1]] | t.d2[in[2]] | t.d3[in[3]];
        bad |= x;
        std::memcpy(dst, &x, 4);
    }
    if (full > 0) {
        const std::uint32_t x = t.d0[in[0]] | t.d1[in[1]] | t.d2[in[2]] | t.d3[in[3]];
        bad |= x;
        std::memcpy(dst, &x, 3);
        in += 4;
        dst += 3;
    }
    if (pad) {
        std::uint32_t x = t.d0[in[0]] | t.d1[in[1]];
        if (pad == 1)
            x |= t.d2[in[2]];
        bad |= x;
        std::memcpy(dst, &x, size_t(3 - pad));
    }
    if (bad > 0x00FFFFFF) {
        out.resize(at);
        return false;
    }
    return true;
}

} // namespace bsp
