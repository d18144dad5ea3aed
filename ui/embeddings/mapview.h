#pragma once

#include <QHash>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QWidget>

#include <optional>

namespace bsp::ui {

// A scatter of the corpus's 2-D projection that stays fast at 100,000 points: the
// points are drawn once into a cached image (again only on resize or new data), the
// highlights on top; hovering finds the nearest point through a grid of buckets.
class MapView final : public QWidget
{
    Q_OBJECT

public:
    explicit MapView(QWidget *parent = nullptr);

    void setPoints(const QList<QPointF> &points);
    void setHighlights(
        const QList<int> &recalled, const QList<int> &reranked, std::optional<QPointF> query);
    void setSelected(int row);
    // The text shown when hovering a point (set by the tab: the chunk's id and text).
    using Describe = std::function<QString(int row)>;
    void setDescriber(Describe describe) { m_describe = std::move(describe); }
    int pointAt(const QPoint &pos) const; // -1 when none within a few pixels

    QSize sizeHint() const override { return {480, 360}; }

Q_SIGNALS:
    void pointClicked(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QPointF toScreen(const QPointF &p) const;
    void rebuild();

    QList<QPointF> m_points;
    QRectF m_bounds;
    QList<QPointF> m_screen; // m_points mapped to the widget
    QImage m_base;
    QHash<quint32, QList<int>> m_grid; // bucket (x | y << 16) -> rows
    QList<int> m_recalled;
    QList<int> m_reranked;
    std::optional<QPointF> m_query;
    int m_selected = -1;
    int m_hover = -1;
    Describe m_describe;
};

} // namespace bsp::ui
