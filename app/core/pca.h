#pragma once

#include <QList>
#include <QPointF>

#include <vector>

namespace bsp {

// Projects row-major vectors onto their first two principal components. The components
// come from block power iteration on at most `sampleLimit` evenly spaced rows (the
// covariance of 100,000 x 1024 is never formed); every row is then projected in one
// pass. Deterministic: a fixed start and a sign convention (largest component
// positive). Pure and thread-safe: run it on a worker.
struct Pca2d
{
    std::vector<double> mean;
    std::vector<double> axis1;
    std::vector<double> axis2;
    QList<QPointF> points; // one per row

    // Where another vector (a query) falls on the same plane.
    QPointF project(const float *v) const;
};

Pca2d fitPca2d(const float *rows, qsizetype count, int dimensions, int sampleLimit = 4000,
    int iterations = 30);

inline QList<QPointF> projectPca2d(
    const float *rows, qsizetype count, int dimensions, int sampleLimit = 4000, int iterations = 30)
{
    return fitPca2d(rows, count, dimensions, sampleLimit, iterations).points;
}

} // namespace bsp
