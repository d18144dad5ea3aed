#pragma once

#include <QList>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace bsp {

struct SearchHit
{
    int row = -1;
    float score = 0; // cosine similarity
};

// Higher score first; equal scores by lower row: the one order every index and every
// reference loop uses, so rankings are reproducible.
inline bool ranksBefore(const SearchHit &a, const SearchHit &b)
{
    return a.score > b.score || (a.score == b.score && a.row < b.row);
}

// Keeps the best `k` hits seen in a bounded binary heap whose top is the worst kept hit.
class TopK
{
public:
    explicit TopK(int k);
    // Cheap test before push(): false when the hit cannot enter.
    bool accepts(float score, int row) const
    {
        return int(m_heap.size()) < m_k || ranksBefore(SearchHit {row, score}, m_heap.front());
    }
    void push(int row, float score);
    QList<SearchHit> take(); // best first

private:
    int m_k;
    std::vector<SearchHit> m_heap;
};

// What recall runs on. Kept small so a vector database can stand in for corpora that
// outgrow memory: rows are the positions of the chunks in the corpus.
class EmbeddingIndex
{
public:
    virtual ~EmbeddingIndex() = default;
    virtual QString kind() const = 0; // "flat-f32", "int8+rescore"
    virtual int dimensions() const = 0;
    virtual qsizetype size() const = 0;
    // Top `k` rows by cosine similarity to `query` (any length; normalised here).
    virtual QList<SearchHit> search(const float *query, int k) const = 0;
};

namespace simd {
float dot(const float *a, const float *b, int n);
std::int32_t dot(const std::int8_t *a, const std::int8_t *b, int n);
// "avx2+fma" or "scalar": what dot() runs on this CPU.
const char *dotPath();
} // namespace simd

// Normalises `v` in place to unit length (a zero vector stays zero).
void normalise(float *v, int n);

// Exact search over one contiguous, row-major matrix of unit float32 vectors.
class FlatIndex final : public EmbeddingIndex
{
public:
    explicit FlatIndex(int dimensions);

    QString kind() const override { return QStringLiteral("flat-f32"); }
    int dimensions() const override { return m_dims; }
    qsizetype size() const override { return m_rows; }
    QList<SearchHit> search(const float *query, int k) const override;

    void reserve(qsizetype rows);
    // Appends rows (normalised on the way in).
    void add(const float *rows, qsizetype count = 1);
    const float *row(qsizetype r) const { return m_data.data() + r * m_dims; }
    const float *data() const { return m_data.data(); }

    // Scores of `query` (unit length) against rows [begin, end) into `top`.
    void scan(const float *query, qsizetype begin, qsizetype end, TopK &top) const;

    // index file: "BSPIDX01" | u32 dims | u64 rows | u32 name length | model | floats
    bool save(const QString &path, const QString &model, QString *error = nullptr) const;
    // Checks the model and (when > 0) the dimensions against the file's.
    static std::unique_ptr<FlatIndex> load(const QString &path, const QString &expectedModel,
        int expectedDimensions, QString *error = nullptr, QString *model = nullptr);

private:
    int m_dims;
    qsizetype m_rows = 0;
    std::vector<float> m_data;
};

// Recall on int8 copies of the rows (a quarter of the memory traffic), then the best
// candidates re-scored exactly on the float rows, so the top hits and their scores are
// the float index's unless a true hit fell outside the candidate pool.
class Int8Index final : public EmbeddingIndex
{
public:
    // `floats` must outlive this index. Candidates = max(k * factor, k + 32).
    explicit Int8Index(const FlatIndex *floats, int candidateFactor = 4);

    QString kind() const override { return QStringLiteral("int8+rescore"); }
    int dimensions() const override { return m_floats->dimensions(); }
    qsizetype size() const override { return m_floats->size(); }
    QList<SearchHit> search(const float *query, int k) const override;

private:
    const FlatIndex *m_floats;
    int m_factor;
    int m_stride; // dimensions rounded up to 32
    std::vector<std::int8_t> m_codes;
    std::vector<float> m_invScale; // per row: 1 / quantisation scale
};

} // namespace bsp
