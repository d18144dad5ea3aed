#pragma once

// Stable hashing and a tiny PRNG for the synthetic engines. qHash and
// QRandomGenerator::global() are seeded per process, so outputs that must be the same
// across runs and machines use these instead.

#include <QStringView>
#include <QtGlobal>

namespace bsp::sandbox::detail {

// splitmix64 finaliser: spreads FNV's weak low bits over the whole word.
constexpr quint64 mix64(quint64 x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// FNV-1a over UTF-16 code units, fed incrementally so features need no temporary strings.
class StableHash
{
public:
    constexpr StableHash() = default;
    constexpr explicit StableHash(quint64 seed) : m_h(0xcbf29ce484222325ULL ^ mix64(seed)) { }

    constexpr StableHash &add(char16_t c)
    {
        m_h ^= quint64(c & 0xff);
        m_h *= kPrime;
        m_h ^= quint64(c >> 8);
        m_h *= kPrime;
        return *this;
    }
    StableHash &add(QStringView s)
    {
        for (QChar c : s)
            add(c.unicode());
        return *this;
    }
    constexpr quint64 value() const { return mix64(m_h); }

private:
    static constexpr quint64 kPrime = 0x100000001b3ULL;
    quint64 m_h = 0xcbf29ce484222325ULL;
};

inline quint64 hashText(QStringView s, quint64 seed = 0)
{
    return StableHash(seed).add(s).value();
}

// splitmix64 generator: deterministic on every platform.
class Rng
{
public:
    explicit Rng(quint64 seed) : m_state(seed) { }
    quint64 next()
    {
        m_state += 0x9e3779b97f4a7c15ULL;
        return mix64(m_state);
    }
    double unit() { return double(next() >> 11) * (1.0 / 9007199254740992.0); } // [0, 1)
    double range(double lo, double hi) { return lo + (hi - lo) * unit(); }
    int range(int lo, int hi) { return lo + int(next() % quint64(hi - lo + 1)); } // inclusive

private:
    quint64 m_state;
};

} // namespace bsp::sandbox::detail
