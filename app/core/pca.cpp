#include "core/pca.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace bsp {

namespace {

void orthonormalise(std::vector<double> &a, std::vector<double> &b)
{
    const auto norm = [](std::vector<double> &v) {
        double s = 0;
        for (double x : v)
            s += x * x;
        s = std::sqrt(s);
        if (s > 0) {
            for (double &x : v)
                x /= s;
        }
    };
    norm(a);
    double d = 0;
    for (size_t i = 0; i < a.size(); ++i)
        d += a[i] * b[i];
    for (size_t i = 0; i < a.size(); ++i)
        b[i] -= d * a[i];
    norm(b);
}

void fixSign(std::vector<double> &v)
{
    const auto it = std::max_element(
        v.begin(), v.end(), [](double x, double y) { return std::fabs(x) < std::fabs(y); });
    if (it != v.end() && *it < 0) {
        for (double &x : v)
            x = -x;
    }
}

} // namespace

QPointF Pca2d::project(const float *v) const
{
    double pa = 0, pb = 0;
    for (size_t i = 0; i < mean.size(); ++i) {
        const double c = v[i] - mean[i];
        pa += c * axis1[i];
        pb += c * axis2[i];
    }
    return QPointF(pa, pb);
}

Pca2d fitPca2d(const float *rows, qsizetype count, int dims, int sampleLimit, int iterations)
{
    Pca2d pca;
    if (count <= 0 || dims <= 0)
        return pca;
    const size_t d = size_t(dims);
    std::vector<double> mean(d, 0.0);
    for (qsizetype r = 0; r < count; ++r) {
        const float *v = rows + r * dims;
        for (size_t i = 0; i < d; ++i)
            mean[i] += v[i];
    }
    for (double &m : mean)
        m /= double(count);

    const qsizetype samples = std::min<qsizetype>(count, std::max(2, sampleLimit));
    std::vector<float> x(size_t(samples) * d);
    for (qsizetype s = 0; s < samples; ++s) {
        const float *v = rows + (s * count / samples) * dims;
        for (size_t i = 0; i < d; ++i)
            x[size_t(s) * d + i] = float(v[i] - mean[i]);
    }

    std::vector<double> a(d), b(d);
    quint32 seed = 12345;
    for (size_t i = 0; i < d; ++i) {
        seed = seed * 1664525u + 1013904223u;
        a[i] = double(seed >> 8) / double(1 << 24) - 0.5;
        seed = seed * 1664525u + 1013904223u;
        b[i] = double(seed >> 8) / double(1 << 24) - 0.5;
    }
    orthonormalise(a, b);
    std::vector<double> na(d), nb(d);
    for (int it = 0; it < iterations; ++it) {
        std::fill(na.begin(), na.end(), 0.0);
        std::fill(nb.begin(), nb.end(), 0.0);
        for (qsizetype s = 0; s < samples; ++s) {
            const float *v = x.data() + size_t(s) * d;
            double pa = 0, pb = 0;
            for (size_t i = 0; i < d; ++i) {
                pa += v[i] * a[i];
                pb += v[i] * b[i];
            }
            for (size_t i = 0; i < d; ++i) {
                na[i] += pa * v[i];
                nb[i] += pb * v[i];
            }
        }
        a.swap(na);
        b.swap(nb);
        orthonormalise(a, b);
    }
    fixSign(a);
    fixSign(b);

    pca.mean = std::move(mean);
    pca.axis1 = std::move(a);
    pca.axis2 = std::move(b);
    pca.points.reserve(count);
    for (qsizetype r = 0; r < count; ++r)
        pca.points.append(pca.project(rows + r * dims));
    return pca;
}

} // namespace bsp
