#include "ui/widgets/imageviewer.h"

#include <QBuffer>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QImageWriter>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace bsp::ui {

using namespace Qt::StringLiterals;

ImageViewer::ImageViewer(QWidget *parent)
    : QDialog(parent)
    , m_scroll(new QScrollArea(this))
    , m_label(new QLabel(this))
    , m_info(new QLabel(this))
{
    setWindowTitle(tr("Image"));
    m_label->setAlignment(Qt::AlignCenter);
    m_scroll->setWidget(m_label);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setBackgroundRole(QPalette::Dark);

    auto *zoomIn = new QPushButton(tr("Zoom in"), this);
    auto *zoomOut = new QPushButton(tr("Zoom out"), this);
    auto *actual = new QPushButton(tr("100%"), this);
    auto *fit = new QPushButton(tr("Fit"), this);
    auto *save = new QPushButton(tr("Save…"), this);
    save->setObjectName(u"saveImage"_s);
    auto *close = new QPushButton(tr("Close"), this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(zoomOut);
    bar->addWidget(zoomIn);
    bar->addWidget(actual);
    bar->addWidget(fit);
    bar->addWidget(m_info, 1);
    bar->addWidget(save);
    bar->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(bar);
    resize(900, 700);

    connect(zoomIn, &QPushButton::clicked, this, [this] { setZoom(m_zoom * 1.25); });
    connect(zoomOut, &QPushButton::clicked, this, [this] { setZoom(m_zoom / 1.25); });
    connect(actual, &QPushButton::clicked, this, [this] { setZoom(1.0); });
    connect(fit, &QPushButton::clicked, this, &ImageViewer::fitToWindow);
    connect(save, &QPushButton::clicked, this, &ImageViewer::saveAs);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
}

void ImageViewer::setImage(
    const QImage &image, const QByteArray &original, const QString &suggestedName)
{
    m_image = image;
    m_original = original;
    m_name = suggestedName.isEmpty() ? u"image.png"_s : suggestedName;
    m_zoom = 1.0;
    refresh();
}

void ImageViewer::setZoom(double zoom)
{
    m_zoom = qBound(0.05, zoom, 16.0);
    refresh();
}

void ImageViewer::fitToWindow()
{
    if (m_image.isNull())
        return;
    const QSize avail = m_scroll->viewport()->size() - QSize(4, 4);
    setZoom(
        qMin(double(avail.width()) / m_image.width(), double(avail.height()) / m_image.height()));
}

void ImageViewer::refresh()
{
    if (m_image.isNull()) {
        m_label->setText(tr("No image"));
        return;
    }
    const QSize s = (QSizeF(m_image.size()) * m_zoom).toSize().expandedTo(QSize(1, 1));
    m_label->setPixmap(QPixmap::fromImage(m_image.scaled(
        s, Qt::KeepAspectRatio, m_zoom < 1.0 ? Qt::SmoothTransformation : Qt::FastTransformation)));
    m_label->resize(s);
    m_info->setText(tr("%1 × %2 px · %3%")
                        .arg(m_image.width())
                        .arg(m_image.height())
                        .arg(qRound(m_zoom * 100)));
}

void ImageViewer::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        setZoom(event->angleDelta().y() > 0 ? m_zoom * 1.15 : m_zoom / 1.15);
        event->accept();
        return;
    }
    QDialog::wheelEvent(event);
}

bool ImageViewer::saveTo(const QString &path, QString *error) const
{
    const QByteArray suffix = QFileInfo(path).suffix().toLower().toLatin1();
    QByteArray originalFormat;
    if (!m_original.isEmpty()) {
        QBuffer buf;
        buf.setData(m_original);
        buf.open(QIODevice::ReadOnly);
        originalFormat = QImageReader::imageFormat(&buf);
    }
    const bool same = !originalFormat.isEmpty()
        && (suffix == originalFormat || (suffix == "jpg" && originalFormat == "jpeg"));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = f.errorString();
        return false;
    }
    if (same) {
        f.write(m_original);
    } else {
        QImageWriter w(&f, suffix.isEmpty() ? QByteArray("png") : suffix);
        if (!w.write(m_image)) {
            if (error)
                *error = w.errorString();
            f.cancelWriting();
            return false;
        }
    }
    if (!f.commit()) {
        if (error)
            *error = f.errorString();
        return false;
    }
    return true;
}

void ImageViewer::saveAs()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save image"), dir + u'/' + m_name,
        tr("Images (*.png *.jpg *.jpeg *.webp *.gif)"));
    if (path.isEmpty())
        return;
    QString why;
    if (!saveTo(path, &why))
        QMessageBox::warning(this, tr("Save image"), tr("Could not save the image: %1").arg(why));
}

ImageViewer *ImageViewer::open(
    QWidget *parent, const QImage &image, const QByteArray &original, const QString &suggestedName)
{
    auto *v = new ImageViewer(parent);
    v->setAttribute(Qt::WA_DeleteOnClose);
    v->setImage(image, original, suggestedName);
    v->show();
    return v;
}

} // namespace bsp::ui
