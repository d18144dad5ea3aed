#include "ui/widgets/imagecanvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <cmath>

namespace bsp::ui {

ImageCanvas::ImageCanvas(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(160, 120);
    setAccessibleName(tr("Image"));
    setAccessibleDescription(
        tr("Wheel or +/− zooms at the cursor, 0 fits, 1 shows 100 %, drag or arrows pan"));
    setCursor(Qt::OpenHandCursor);
}

void ImageCanvas::setImage(const QImage &image)
{
    m_image = image;
    m_pixmap = QPixmap::fromImage(image);
    fit();
}

void ImageCanvas::setCompareImage(const QImage &image)
{
    m_compare = image;
    m_comparePixmap = QPixmap::fromImage(image);
    update();
}

void ImageCanvas::setWipe(double fraction)
{
    m_wipe = qBound(0.0, fraction, 1.0);
    update();
}

QPointF ImageCanvas::mapToImage(const QPointF &widgetPos) const
{
    return (widgetPos - m_offset) / m_zoom;
}

QPointF ImageCanvas::mapFromImage(const QPointF &imagePos) const
{
    return imagePos * m_zoom + m_offset;
}

void ImageCanvas::zoomAt(const QPointF &widgetPos, double zoom)
{
    zoom = qBound(kMinZoom, zoom, kMaxZoom);
    const QPointF anchor = mapToImage(widgetPos);
    m_zoom = zoom;
    m_offset = widgetPos - anchor * m_zoom;
    m_fitted = false;
    update();
    Q_EMIT zoomChanged(m_zoom);
}

void ImageCanvas::setZoom(double zoom)
{
    zoomAt(QPointF(width() / 2.0, height() / 2.0), zoom);
}

void ImageCanvas::centre()
{
    const QSizeF s = QSizeF(m_image.size()) * m_zoom;
    m_offset = QPointF((width() - s.width()) / 2.0, (height() - s.height()) / 2.0);
}

void ImageCanvas::fit()
{
    if (!m_image.isNull() && width() > 0 && height() > 0) {
        m_zoom = qBound(kMinZoom,
            qMin(double(width()) / m_image.width(), double(height()) / m_image.height()), kMaxZoom);
    } else {
        m_zoom = 1.0;
    }
    centre();
    m_fitted = true;
    update();
    Q_EMIT zoomChanged(m_zoom);
}

void ImageCanvas::actualSize()
{
    m_zoom = 1.0;
    centre();
    m_fitted = false;
    update();
    Q_EMIT zoomChanged(m_zoom);
}

void ImageCanvas::panBy(const QPointF &delta)
{
    m_offset += delta;
    update();
}

void ImageCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Dark));
    if (m_pixmap.isNull()) {
        p.setPen(palette().color(QPalette::BrightText));
        p.drawText(rect(), Qt::AlignCenter, tr("No image"));
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
    const QRectF target(m_offset, QSizeF(m_image.size()) * m_zoom);
    if (m_comparePixmap.isNull()) {
        p.drawPixmap(target, m_pixmap, m_pixmap.rect());
        return;
    }
    const double split = width() * m_wipe;
    p.save();
    p.setClipRect(QRectF(0, 0, split, height()));
    p.drawPixmap(target, m_pixmap, m_pixmap.rect());
    p.setClipRect(QRectF(split, 0, width() - split, height()));
    // B drawn over the same rectangle, so the same pixel of both lines up.
    p.drawPixmap(target, m_comparePixmap, m_comparePixmap.rect());
    p.restore();
    p.setPen(QPen(Qt::white, 2));
    p.drawLine(QPointF(split, 0), QPointF(split, height()));
    p.drawText(QRectF(8, 8, split - 16, 20), Qt::AlignLeft, tr("A"));
    p.drawText(QRectF(split + 8, 8, width() - split - 16, 20), Qt::AlignLeft, tr("B"));
}

void ImageCanvas::wheelEvent(QWheelEvent *event)
{
    const int dy = event->angleDelta().y();
    if (dy == 0) {
        QWidget::wheelEvent(event);
        return;
    }
    zoomAt(event->position(), m_zoom * std::pow(1.0015, dy));
    event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragging = true;
        m_dragFrom = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void ImageCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    panBy(event->position() - m_dragFrom);
    m_dragFrom = event->position();
    m_fitted = false;
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent *)
{
    m_dragging = false;
    setCursor(Qt::OpenHandCursor);
}

void ImageCanvas::keyPressEvent(QKeyEvent *event)
{
    const QPointF centre(width() / 2.0, height() / 2.0);
    const QPointF cursor = mapFromGlobal(QCursor::pos());
    const QPointF at = rect().contains(cursor.toPoint()) ? cursor : centre;
    constexpr double step = 48;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomAt(at, m_zoom * 1.25);
        break;
    case Qt::Key_Minus:
        zoomAt(at, m_zoom / 1.25);
        break;
    case Qt::Key_0:
        fit();
        break;
    case Qt::Key_1:
        actualSize();
        break;
    case Qt::Key_Left:
        panBy({step, 0});
        break;
    case Qt::Key_Right:
        panBy({-step, 0});
        break;
    case Qt::Key_Up:
        panBy({0, step});
        break;
    case Qt::Key_Down:
        panBy({0, -step});
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ImageCanvas::resizeEvent(QResizeEvent *)
{
    if (m_fitted)
        fit();
}

} // namespace bsp::ui
