#include "ui/embeddings/mapview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

constexpr int kMargin = 12;
constexpr int kCell = 8; // pixels per hover bucket
constexpr double kHoverRadius = 6.0;

quint32 cellKey(int x, int y)
{
    return quint32(std::clamp(x, 0, 0xffff)) | (quint32(std::clamp(y, 0, 0xffff)) << 16);
}

} // namespace

MapView::MapView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(200, 160);
    setAccessibleName(tr("Corpus map"));
    setAccessibleDescription(
        tr("Every chunk projected to two dimensions (PCA); the query and its hits are marked."));
}

void MapView::setPoints(const QList<QPointF> &points)
{
    m_points = points;
    m_bounds = {};
    if (!points.isEmpty()) {
        double x0 = points.first().x(), x1 = x0, y0 = points.first().y(), y1 = y0;
        for (const QPointF &p : points) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
        m_bounds = QRectF(QPointF(x0, y0), QPointF(x1, y1));
    }
    m_hover = -1;
    rebuild();
    update();
}

void MapView::setHighlights(
    const QList<int> &recalled, const QList<int> &reranked, std::optional<QPointF> query)
{
    m_recalled = recalled;
    m_reranked = reranked;
    m_query = query;
    update();
}

void MapView::setSelected(int row)
{
    m_selected = row;
    update();
}

QPointF MapView::toScreen(const QPointF &p) const
{
    const double w = std::max(1.0, double(width() - 2 * kMargin));
    const double h = std::max(1.0, double(height() - 2 * kMargin));
    const double bw = m_bounds.width() > 0 ? m_bounds.width() : 1.0;
    const double bh = m_bounds.height() > 0 ? m_bounds.height() : 1.0;
    return QPointF(kMargin + (p.x() - m_bounds.left()) / bw * w,
        kMargin + (m_bounds.bottom() - p.y()) / bh * h);
}

void MapView::rebuild()
{
    m_screen.clear();
    m_grid.clear();
    const qreal dpr = devicePixelRatioF();
    m_base = QImage(size() * dpr, QImage::Format_ARGB32_Premultiplied);
    m_base.setDevicePixelRatio(dpr);
    m_base.fill(palette().base().color());
    if (m_points.isEmpty())
        return;
    m_screen.reserve(m_points.size());
    for (qsizetype i = 0; i < m_points.size(); ++i) {
        const QPointF s = toScreen(m_points.at(i));
        m_screen.append(s);
        m_grid[cellKey(int(s.x()) / kCell, int(s.y()) / kCell)].append(int(i));
    }
    QPainter p(&m_base);
    QColor dot = palette().text().color();
    dot.setAlphaF(m_points.size() > 20000 ? 0.25 : 0.5);
    p.setPen(QPen(dot, m_points.size() > 20000 ? 1.5 : 4.0, Qt::SolidLine, Qt::RoundCap));
    p.drawPoints(m_screen.constData(), int(m_screen.size()));
}

void MapView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    rebuild();
}

void MapView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.drawImage(0, 0, m_base);
    if (m_points.isEmpty()) {
        p.setPen(palette().placeholderText().color());
        p.drawText(rect(), Qt::AlignCenter, tr("The map appears once the corpus is embedded."));
        return;
    }
    p.setRenderHint(QPainter::Antialiasing);
    const auto ring = [&](int row, const QColor &c, double r) {
        if (row < 0 || row >= m_screen.size())
            return;
        p.setPen(QPen(c, 2));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(m_screen.at(row), r, r);
    };
    for (int row : std::as_const(m_recalled))
        ring(row, QColor(0xe0, 0x8a, 0x00), 3.5);
    for (int row : std::as_const(m_reranked))
        ring(row, QColor(0x1b, 0x7f, 0x3b), 6);
    if (m_query) {
        const QPointF q = toScreen(*m_query);
        p.setPen(QPen(QColor(0xc0, 0x20, 0x60), 2.5));
        p.drawLine(q + QPointF(-7, -7), q + QPointF(7, 7));
        p.drawLine(q + QPointF(-7, 7), q + QPointF(7, -7));
    }
    ring(m_selected, palette().highlight().color(), 8);
    ring(m_hover, palette().text().color(), 5);

    // Legend
    p.setPen(palette().text().color());
    const QString legend = tr("× query   ● recalled (orange)   ● reranked (green)");
    p.drawText(QRect(kMargin, height() - kMargin - 16, width() - 2 * kMargin, 16),
        Qt::AlignRight | Qt::AlignVCenter, legend);
}

int MapView::pointAt(const QPoint &pos) const
{
    const int cx = pos.x() / kCell, cy = pos.y() / kCell;
    int best = -1;
    double bestDist = kHoverRadius * kHoverRadius;
    for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
            const auto it = m_grid.constFind(cellKey(cx + dx, cy + dy));
            if (it == m_grid.cend() || cx + dx < 0 || cy + dy < 0)
                continue;
            for (int row : it.value()) {
                const QPointF d = m_screen.at(row) - QPointF(pos);
                const double dist = d.x() * d.x() + d.y() * d.y();
                if (dist < bestDist || (dist == bestDist && row < best)) {
                    bestDist = dist;
                    best = row;
                }
            }
        }
    }
    return best;
}

void MapView::mouseMoveEvent(QMouseEvent *event)
{
    const int row = pointAt(event->position().toPoint());
    if (row == m_hover)
        return;
    m_hover = row;
    update();
    if (row >= 0 && m_describe)
        QToolTip::showText(event->globalPosition().toPoint(), m_describe(row), this);
    else
        QToolTip::hideText();
}

void MapView::mousePressEvent(QMouseEvent *event)
{
    const int row = pointAt(event->position().toPoint());
    if (row >= 0 && event->button() == Qt::LeftButton) {
        setSelected(row);
        Q_EMIT pointClicked(row);
    }
}

void MapView::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    m_hover = -1;
    update();
}

} // namespace bsp::ui
