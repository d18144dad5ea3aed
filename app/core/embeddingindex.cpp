#include "core/embeddingindex.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BSP_X86 1
#endif

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(EmbeddingIndex)
};

constexpr char kIndexMagic[8] = {'B', 'S', 'P', 'I', 'D', 'X', '0', '1'};

// Worse-first for the heap: the top of a max-heap under this order is the worst hit.
bool heapLess(const SearchHit &a, const SearchHit &b)
{
    return ranksBefore(a, b);
}

float dotScalar(const float *a, const float *b, int n)
{
    // Eight independent sums: the compiler keeps them in vector lanes even without
    // -ffast-math, since the order of each lane's additions is fixed.
    float s[8] = {};
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int j = 0; j < 8; ++j)
            s[j] += a[i + j] * b[i + j];
    }
    float sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

std::int32_t dotScalarI8(const std::int8_t *a, const std::int8_t *b, int n)
{
    std::int32_t sum = 0;
    for (int i = 0; i < n; ++i)
        sum += std::int16_t(a[i]) * std::int16_t(b[i]);
    return sum;
}

#ifdef BSP_X86
__attribute__((target("avx2,fma"))) float dotAvx2(const float *a, const float *b, int n)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    for (; i + 8 <= n; i += 8)
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    const __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
    float sum = _mm_cvtss_f32(h);
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

__attribute__((target("avx2"))) std::int32_t dotAvx2I8(
    const std::int8_t *a, const std::int8_t *b, int n)
{
    __m256i acc = _mm256_setzero_si256();
    int i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m256i va = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(a + i));
        const __m256i vb = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(b + i));
        const __m256i a0 = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(va));
        const __m256i a1 = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(va, 1));
        const __m256i b0 = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(vb));
        const __m256i b1 = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(vb, 1));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(a0, b0));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(a1, b1));
    }
    __m128i h = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(1, 0, 3, 2)));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(2, 3, 0, 1)));
    std::int32_t sum = _mm_cvtsi128_si32(h);
    for (; i < n; ++i)
        sum += std::int16_t(a[i]) * std::int16_t(b[i]);
    return sum;
}

bool hasAvx2()
{
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}
#else
bool hasAvx2()
{
    return false;
}
#endif

using DotF = float (*)(const float *, const float *, int);
using DotI8 = std::int32_t (*)(const std::int8_t *, const std::int8_t *, int);

// Chosen once per scan, so the loop over rows has no dispatch in it.
DotF dotFloat()
{
#ifdef BSP_X86
    if (hasAvx2())
        return dotAvx2;
#endif
    return dotScalar;
}

DotI8 dotInt8()
{
#ifdef BSP_X86
    if (hasAvx2())
        return dotAvx2I8;
#endif
    return dotScalarI8;
}

} // namespace

namespace simd {

float dot(const float *a, const float *b, int n)
{
    return dotFloat()(a, b, n);
}

std::int32_t dot(const std::int8_t *a, const std::int8_t *b, int n)
{
    return dotInt8()(a, b, n);
}

const char *dotPath()
{
    return hasAvx2() ? "avx2+fma" : "scalar";
}

} // namespace simd

void normalise(float *v, int n)
{
    double sum = 0;
    for (int i = 0; i < n; ++i)
        sum += double(v[i]) * double(v[i]);
    if (sum <= 0)
        return;
    const float inv = float(1.0 / std::sqrt(sum));
    for (int i = 0; i < n; ++i)
        v[i] *= inv;
}

TopK::TopK(int k) : m_k(std::max(0, k))
{
    m_heap.reserve(size_t(m_k) + 1);
}

void TopK::push(int row, float score)
{
    if (m_k == 0)
        return;
    const SearchHit hit {row, score};
    if (int(m_heap.size()) < m_k) {
        m_heap.push_back(hit);
        std::push_heap(m_heap.begin(), m_heap.end(), heapLess);
    } else if (ranksBefore(hit, m_heap.front())) {
        std::pop_heap(m_heap.begin(), m_heap.end(), heapLess);
        m_heap.back() = hit;
        std::push_heap(m_heap.begin(), m_heap.end(), heapLess);
    }
}

QList<SearchHit> TopK::take()
{
    std::sort(m_heap.begin(), m_heap.end(), ranksBefore);
    QList<SearchHit> out(m_heap.begin(), m_heap.end());
    m_heap.clear();
    return out;
}

// ---- FlatIndex ----------------------------------------------------------------

FlatIndex::FlatIndex(int dimensions) : m_dims(std::max(1, dimensions)) { }

void FlatIndex::reserve(qsizetype rows)
{
    m_data.reserve(size_t(rows) * size_t(m_dims));
}

void FlatIndex::add(const float *rows, qsizetype count)
{
    const size_t at = m_data.size();
    m_data.insert(m_data.end(), rows, rows + count * m_dims);
    for (qsizetype r = 0; r < count; ++r)
        normalise(m_data.data() + at + size_t(r) * size_t(m_dims), m_dims);
    m_rows += count;
}

void FlatIndex::scan(const float *query, qsizetype begin, qsizetype end, TopK &top) const
{
    const DotF dot = dotFloat();
    const float *p = m_data.data() + begin * m_dims;
    for (qsizetype r = begin; r < end; ++r, p += m_dims) {
        const float s = dot(query, p, m_dims);
        if (top.accepts(s, int(r)))
            top.push(int(r), s);
    }
}

QList<SearchHit> FlatIndex::search(const float *query, int k) const
{
    std::vector<float> q(query, query + m_dims);
    normalise(q.data(), m_dims);
    TopK top(std::min<qsizetype>(k, m_rows));
    scan(q.data(), 0, m_rows, top);
    return top.take();
}

bool FlatIndex::save(const QString &path, const QString &model, QString *error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = Tr::tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    const QByteArray name = model.toUtf8();
    const quint32 dims = quint32(m_dims);
    const quint64 rows = quint64(m_rows);
    const quint32 length = quint32(name.size());
    f.write(kIndexMagic, sizeof kIndexMagic);
    f.write(reinterpret_cast<const char *>(&dims), 4);
    f.write(reinterpret_cast<const char *>(&rows), 8);
    f.write(reinterpret_cast<const char *>(&length), 4);
    f.write(name);
    f.write(reinterpret_cast<const char *>(m_data.data()), qint64(m_data.size() * sizeof(float)));
    if (!f.commit()) {
        if (error)
            *error = Tr::tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

std::unique_ptr<FlatIndex> FlatIndex::load(const QString &path, const QString &expectedModel,
    int expectedDimensions, QString *error, QString *model)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::unique_ptr<FlatIndex>();
    };
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(Tr::tr("cannot read %1: %2").arg(path, f.errorString()));
    char magic[8];
    quint32 dims = 0;
    quint64 rows = 0;
    quint32 length = 0;
    if (f.read(magic, 8) != 8 || std::memcmp(magic, kIndexMagic, 8) != 0
        || f.read(reinterpret_cast<char *>(&dims), 4) != 4
        || f.read(reinterpret_cast<char *>(&rows), 8) != 8
        || f.read(reinterpret_cast<char *>(&length), 4) != 4 || dims == 0 || dims > 65536
        || length > 4096)
        return fail(Tr::tr("%1 is not an index file").arg(path));
    const QString name = QString::fromUtf8(f.read(length));
    if (model)
        *model = name;
    if (!expectedModel.isEmpty() && name != expectedModel)
        return fail(Tr::tr("the index was built with %1, not %2").arg(name, expectedModel));
    if (expectedDimensions > 0 && int(dims) != expectedDimensions)
        return fail(
            Tr::tr("the index has %1 dimensions, not %2").arg(dims).arg(expectedDimensions));
    const qint64 bytes = qint64(rows) * qint64(dims) * qint64(sizeof(float));
    if (f.size() - f.pos() != bytes)
        return fail(Tr::tr("%1 is truncated or has trailing bytes").arg(path));
    auto index = std::make_unique<FlatIndex>(int(dims));
    index->m_data.resize(size_t(rows) * dims);
    if (f.read(reinterpret_cast<char *>(index->m_data.data()), bytes) != bytes)
        return fail(Tr::tr("cannot read %1: %2").arg(path, f.errorString()));
    index->m_rows = qsizetype(rows);
    return index;
}

// ---- Int8Index ----------------------------------------------------------------

Int8Index::Int8Index(const FlatIndex *floats, int candidateFactor)
    : m_floats(floats)
    , m_factor(std::max(1, candidateFactor))
    , m_stride((floats->dimensions() + 31) / 32 * 32)
{
    const int dims = floats->dimensions();
    const qsizetype rows = floats->size();
    m_codes.assign(size_t(rows) * size_t(m_stride), 0);
    m_invScale.resize(size_t(rows));
    for (qsizetype r = 0; r < rows; ++r) {
        const float *v = floats->row(r);
        float maxAbs = 0;
        for (int i = 0; i < dims; ++i)
            maxAbs = std::max(maxAbs, std::fabs(v[i]));
        const float scale = maxAbs > 0 ? 127.0f / maxAbs : 1.0f;
        std::int8_t *code = m_codes.data() + r * m_stride;
        for (int i = 0; i < dims; ++i)
            code[i] = std::int8_t(std::lrintf(v[i] * scale));
        m_invScale[size_t(r)] = 1.0f / scale;
    }
}

QList<SearchHit> Int8Index::search(const float *query, int k) const
{
    const int dims = m_floats->dimensions();
    const qsizetype rows = m_floats->size();
    k = int(std::min<qsizetype>(k, rows));
    std::vector<float> q(query, query + dims);
    normalise(q.data(), dims);
    float maxAbs = 0;
    for (float x : q)
        maxAbs = std::max(maxAbs, std::fabs(x));
    const float scale = maxAbs > 0 ? 127.0f / maxAbs : 1.0f;
    std::vector<std::int8_t> code(size_t(m_stride), 0);
    for (int i = 0; i < dims; ++i)
        code[size_t(i)] = std::int8_t(std::lrintf(q[size_t(i)] * scale));

    // Approximate pass: the query's scale is the same for every row, so it is left out.
    TopK candidates(std::max(k * m_factor, k + 32));
    const DotI8 dot = dotInt8();
    const std::int8_t *p = m_codes.data();
    for (qsizetype r = 0; r < rows; ++r, p += m_stride) {
        const float s = float(dot(code.data(), p, m_stride)) * m_invScale[size_t(r)];
        if (candidates.accepts(s, int(r)))
            candidates.push(int(r), s);
    }
    TopK top(k);
    for (const SearchHit &c : candidates.take())
        top.push(c.row, simd::dot(q.data(), m_floats->row(c.row), dims));
    return top.take();
}

} // namespace bsp
