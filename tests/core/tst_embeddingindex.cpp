// The exact and int8 indexes against a straightforward reference loop, the bounded
// heap's tie-breaking, persistence with its model and dimension checks, and PCA.
#include "core/embeddingindex.h"
#include "core/pca.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace bsp;

namespace {

std::vector<float> randomRows(int rows, int dims, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::vector<float> v(size_t(rows) * size_t(dims));
    for (float &x : v)
        x = float(rng.generateDouble() * 2.0 - 1.0);
    return v;
}

// The reference: normalise in double, score with a plain loop, sort everything.
QList<SearchHit> reference(const std::vector<float> &rows, int dims, const float *query, int k)
{
    const auto unit = [dims](const float *v) {
        double s = 0;
        for (int i = 0; i < dims; ++i)
            s += double(v[i]) * v[i];
        std::vector<double> u(static_cast<size_t>(dims));
        for (int i = 0; i < dims; ++i)
            u[size_t(i)] = s > 0 ? v[i] / std::sqrt(s) : 0.0;
        return u;
    };
    const std::vector<double> q = unit(query);
    QList<SearchHit> all;
    const int n = int(rows.size() / size_t(dims));
    for (int r = 0; r < n; ++r) {
        const std::vector<double> u = unit(rows.data() + size_t(r) * dims);
        double s = 0;
        for (int i = 0; i < dims; ++i)
            s += u[size_t(i)] * q[size_t(i)];
        all.append(SearchHit {r, float(s)});
    }
    std::sort(all.begin(), all.end(), ranksBefore);
    return all.mid(0, k);
}

QList<int> rowsOf(const QList<SearchHit> &hits)
{
    QList<int> out;
    for (const SearchHit &h : hits)
        out.append(h.row);
    return out;
}

} // namespace

class TestEmbeddingIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dotMatchesScalar_data()
    {
        QTest::addColumn<int>("n");
        for (int n : {1, 7, 8, 31, 32, 33, 100, 1024, 1031})
            QTest::addRow("%d", n) << n;
    }
    void dotMatchesScalar()
    {
        QFETCH(int, n);
        const std::vector<float> v = randomRows(2, n, 7);
        double expected = 0;
        for (int i = 0; i < n; ++i)
            expected += double(v[size_t(i)]) * v[size_t(n + i)];
        QVERIFY(std::fabs(simd::dot(v.data(), v.data() + n, n) - expected) < 1e-4);
        std::vector<std::int8_t> a(static_cast<size_t>(n)), b(static_cast<size_t>(n));
        std::int32_t exact = 0;
        for (int i = 0; i < n; ++i) {
            a[size_t(i)] = std::int8_t((i * 37) % 255 - 127);
            b[size_t(i)] = std::int8_t((i * 91 + 3) % 255 - 127);
            exact += a[size_t(i)] * b[size_t(i)];
        }
        QCOMPARE(simd::dot(a.data(), b.data(), n), exact);
    }

    void topKKeepsBestAndBreaksTiesByRow()
    {
        TopK top(3);
        for (int r : {5, 1, 9, 3, 7})
            top.push(r, 0.5f); // all tied
        top.push(8, 0.9f);
        top.push(2, 0.1f);
        const QList<SearchHit> hits = top.take();
        QCOMPARE(rowsOf(hits), (QList<int> {8, 1, 3}));
    }

    void exactRecallEqualsReference_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("k");
        QTest::newRow("small") << 40 << 16 << 5;
        QTest::newRow("k larger than rows") << 10 << 8 << 50;
        QTest::newRow("1024-d") << 3000 << 1024 << 50;
        QTest::newRow("odd dims") << 500 << 37 << 20;
    }
    void exactRecallEqualsReference()
    {
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(int, k);
        const std::vector<float> data = randomRows(rows, dims, quint32(rows * 31 + dims));
        FlatIndex index(dims);
        index.add(data.data(), rows);
        QCOMPARE(index.size(), qsizetype(rows));
        for (int q = 0; q < 5; ++q) {
            const std::vector<float> query = randomRows(1, dims, quint32(1000 + q));
            const QList<SearchHit> got = index.search(query.data(), k);
            const QList<SearchHit> want = reference(data, dims, query.data(), k);
            QCOMPARE(rowsOf(got), rowsOf(want));
            for (qsizetype i = 0; i < got.size(); ++i)
                QVERIFY(std::fabs(got.at(i).score - want.at(i).score) < 1e-5);
        }
    }

    void exactTiesBreakLikeTheReference()
    {
        // Many exact duplicates: every duplicate has bit-identical scores.
        const int dims = 64;
        std::vector<float> base = randomRows(10, dims, 3);
        std::vector<float> data;
        for (int copy = 0; copy < 20; ++copy)
            data.insert(data.end(), base.begin(), base.end());
        FlatIndex index(dims);
        index.add(data.data(), 200);
        const QList<SearchHit> got = index.search(base.data() + 4 * dims, 25);
        QCOMPARE(rowsOf(got), rowsOf(reference(data, dims, base.data() + 4 * dims, 25)));
        QCOMPARE(got.first().row, 4); // the query itself, lowest row of its 20 copies
        QCOMPARE(got.at(19).row, 4 + 19 * 10);
    }

    void int8WithRescoringGivesTheSameTop5()
    {
        const int dims = 1024, rows = 5000;
        const std::vector<float> data = randomRows(rows, dims, 11);
        FlatIndex floats(dims);
        floats.add(data.data(), rows);
        Int8Index int8(&floats);
        QCOMPARE(int8.size(), floats.size());
        for (int q = 0; q < 20; ++q) {
            // A query near a row, as real queries are near their answers.
            std::vector<float> query(floats.row(q * 97), floats.row(q * 97) + dims);
            const std::vector<float> noise = randomRows(1, dims, quint32(q));
            for (int i = 0; i < dims; ++i)
                query[size_t(i)] += 0.02f * noise[size_t(i)];
            const QList<SearchHit> exact = floats.search(query.data(), 5);
            const QList<SearchHit> approx = int8.search(query.data(), 5);
            QCOMPARE(rowsOf(approx), rowsOf(exact));
            for (int i = 0; i < 5; ++i)
                QCOMPARE(approx.at(i).score, exact.at(i).score); // re-scored in float
        }
    }

    void saveAndLoadChecksModelAndDimensions()
    {
        QTemporaryDir dir;
        const std::vector<float> data = randomRows(50, 32, 5);
        FlatIndex index(32);
        index.add(data.data(), 50);
        const QString path = dir.filePath(u"index.bin"_s);
        QVERIFY(index.save(path, u"bge-large-zh-v1.5"_s));
        QString error, model;
        auto loaded = FlatIndex::load(path, u"bge-large-zh-v1.5"_s, 32, &error, &model);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(model, u"bge-large-zh-v1.5"_s);
        QCOMPARE(loaded->size(), 50);
        QVERIFY(std::equal(index.data(), index.data() + 50 * 32, loaded->data()));
        QVERIFY(!FlatIndex::load(path, u"other-model"_s, 32, &error));
        QVERIFY(error.contains(u"other-model"_s));
        QVERIFY(!FlatIndex::load(path, u"bge-large-zh-v1.5"_s, 1024, &error));
        QVERIFY(error.contains(u"1024"_s));
        // A truncated file is refused, not half read.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() - 10);
        f.close();
        QVERIFY(!FlatIndex::load(path, {}, 0, &error));
    }

    void zeroQueryIsHarmless()
    {
        FlatIndex index(8);
        const std::vector<float> data = randomRows(4, 8, 1);
        index.add(data.data(), 4);
        const std::vector<float> zero(8, 0.0f);
        QCOMPARE(rowsOf(index.search(zero.data(), 2)), (QList<int> {0, 1})); // all 0: by row
    }

    void pcaFindsTheSpreadDirection()
    {
        // Points spread along x (large) and y (small) in 16-d, noise elsewhere.
        const int dims = 16, rows = 2000;
        std::vector<float> data(size_t(rows) * dims);
        QRandomGenerator rng(9);
        for (int r = 0; r < rows; ++r) {
            for (int i = 0; i < dims; ++i)
                data[size_t(r) * dims + i] = float(rng.generateDouble() - 0.5) * 0.01f;
            data[size_t(r) * dims + 3] = float(r % 100) - 50.0f;
            data[size_t(r) * dims + 7] = float((r / 100) % 20) - 10.0f;
        }
        const QList<QPointF> p = projectPca2d(data.data(), rows, dims, 500);
        QCOMPARE(p.size(), rows);
        // The first axis follows dimension 3, the second dimension 7 (up to sign).
        const double xSpread = std::fabs(p.at(99).x() - p.at(0).x());
        const double ySpread = std::fabs(p.at(1900).y() - p.at(0).y());
        QVERIFY2(xSpread > 95 && xSpread < 103, qPrintable(QString::number(xSpread)));
        QVERIFY2(ySpread > 18 && ySpread < 20, qPrintable(QString::number(ySpread)));
        QCOMPARE(projectPca2d(data.data(), rows, dims, 500), p); // deterministic
    }
};

QTEST_GUILESS_MAIN(TestEmbeddingIndex)
#include "tst_embeddingindex.moc"
