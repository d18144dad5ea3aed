#pragma once

#include <QImage>
#include <QPixmap>
#include <QPointF>
#include <QWidget>

namespace bsp::ui {

// The painting surface of the shared image viewer: zoom to the cursor (wheel, keys),
// fit and 100 %, pan by dragging or with the arrow keys, and an optional second image
// shown to the right of a wipe line for A/B comparison.
class ImageCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageCanvas)

public:
    explicit ImageCanvas(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    QImage image() const { return m_image; }
    // B of an A/B comparison (null = none); painted right of the wipe line.
    void setCompareImage(const QImage &image);
    QImage compareImage() const { return m_compare; }
    void setWipe(double fraction); // 0..1 of the widget's width
    double wipe() const { return m_wipe; }

    double zoom() const { return m_zoom; }
    // Zooms keeping the image point under `widgetPos` where it is.
    void zoomAt(const QPointF &widgetPos, double zoom);
    void setZoom(double zoom); // around the centre
    void fit();
    void actualSize();
    bool isFitted() const { return m_fitted; }
    void panBy(const QPointF &delta);
    QPointF offset() const { return m_offset; }

    QPointF mapToImage(const QPointF &widgetPos) const;
    QPointF mapFromImage(const QPointF &imagePos) const;

    static constexpr double kMinZoom = 0.02;
    static constexpr double kMaxZoom = 32.0;

Q_SIGNALS:
    void zoomChanged(double zoom);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void centre();

    QImage m_image;
    QPixmap m_pixmap;
    QImage m_compare;
    QPixmap m_comparePixmap;
    double m_wipe = 0.5;
    double m_zoom = 1.0;
    QPointF m_offset; // widget position of the image's top-left corner
    bool m_fitted = true;
    bool m_dragging = false;
    QPointF m_dragFrom;
};

} // namespace bsp::ui
