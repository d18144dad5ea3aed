#include "ui/widgets/imageviewer.h"

#include "ui/widgets/imagecanvas.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QImageWriter>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

ImageViewer::ImageViewer(QWidget *parent)
    : QDialog(parent)
    , m_canvas(new ImageCanvas(this))
    , m_info(new QLabel(this))
    , m_wipe(new QSlider(Qt::Horizontal, this))
{
    setWindowTitle(tr("Image"));
    m_canvas->setObjectName(u"imageCanvas"_s);
    m_wipe->setRange(0, 1000);
    m_wipe->setValue(500);
    m_wipe->setAccessibleName(tr("A/B wipe position"));
    m_wipe->setObjectName(u"wipeSlider"_s);
    m_wipe->setVisible(false);
    m_info->setObjectName(u"imageInfo"_s);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *zoomIn = new QPushButton(tr("Zoom in"), this);
    auto *zoomOut = new QPushButton(tr("Zoom out"), this);
    auto *actual = new QPushButton(tr("100%"), this);
    auto *fit = new QPushButton(tr("Fit"), this);
    auto *copy = new QPushButton(tr("Copy"), this);
    copy->setObjectName(u"copyImage"_s);
    auto *save = new QPushButton(tr("Save…"), this);
    save->setObjectName(u"saveImage"_s);
    m_close = new QPushButton(tr("Close"), this);
    actual->setAccessibleName(tr("Zoom to 100 percent"));
    fit->setAccessibleName(tr("Fit to window"));

    m_bar = new QHBoxLayout;
    m_bar->addWidget(zoomOut);
    m_bar->addWidget(zoomIn);
    m_bar->addWidget(actual);
    m_bar->addWidget(fit);
    m_bar->addWidget(m_info, 1);
    m_bar->addWidget(copy);
    m_bar->addWidget(save);
    m_bar->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_canvas, 1);
    layout->addWidget(m_wipe);
    layout->addLayout(m_bar);
    resize(900, 700);

    connect(zoomIn, &QPushButton::clicked, this, [this] { setZoom(zoom() * 1.25); });
    connect(zoomOut, &QPushButton::clicked, this, [this] { setZoom(zoom() / 1.25); });
    connect(actual, &QPushButton::clicked, m_canvas, &ImageCanvas::actualSize);
    connect(fit, &QPushButton::clicked, this, &ImageViewer::fitToWindow);
    connect(copy, &QPushButton::clicked, this, &ImageViewer::copyToClipboard);
    connect(save, &QPushButton::clicked, this, &ImageViewer::saveAs);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_canvas, &ImageCanvas::zoomChanged, this, &ImageViewer::refreshInfo);
    connect(m_wipe, &QSlider::valueChanged, this, [this](int v) { m_canvas->setWipe(v / 1000.0); });
    m_canvas->setFocus();
}

void ImageViewer::setImage(
    const QImage &image, const QByteArray &original, const QString &suggestedName)
{
    m_original = original;
    m_name = suggestedName.isEmpty() ? u"image.png"_s : suggestedName;
    m_fileSize = original.isEmpty() ? -1 : original.size();
    m_canvas->setImage(image);
    refreshInfo();
}

QImage ImageViewer::image() const
{
    return m_canvas->image();
}

void ImageViewer::setCompareImage(const QImage &other, const QString &labelA, const QString &labelB)
{
    m_canvas->setCompareImage(other);
    m_wipe->setVisible(!other.isNull());
    m_labels = other.isNull() ? QString() : tr("A: %1 · B: %2").arg(labelA, labelB);
    refreshInfo();
}

void ImageViewer::setFileSize(qint64 bytes)
{
    m_fileSize = bytes;
    refreshInfo();
}

double ImageViewer::zoom() const
{
    return m_canvas->zoom();
}

void ImageViewer::setZoom(double zoom)
{
    m_canvas->setZoom(zoom);
}

void ImageViewer::fitToWindow()
{
    m_canvas->fit();
}

QString ImageViewer::infoText() const
{
    return m_info->text();
}

void ImageViewer::refreshInfo()
{
    const QImage img = m_canvas->image();
    if (img.isNull()) {
        m_info->setText(tr("No image"));
        return;
    }
    QString text = tr("%1 × %2 px · %3%")
                       .arg(img.width())
                       .arg(img.height())
                       .arg(qRound(m_canvas->zoom() * 100));
    if (m_fileSize >= 0)
        text += u" · "_s + QLocale().formattedDataSize(m_fileSize);
    if (!m_labels.isEmpty())
        text += u" · "_s + m_labels;
    m_info->setText(text);
}

QPushButton *ImageViewer::addAction(const QString &text, const QString &objectName)
{
    auto *b = new QPushButton(text, this);
    b->setObjectName(objectName);
    m_bar->insertWidget(m_bar->indexOf(m_close), b);
    return b;
}

void ImageViewer::copyToClipboard() const
{
    QApplication::clipboard()->setImage(m_canvas->image());
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
        if (suffix == "jpg" || suffix == "jpeg" || suffix == "webp")
            w.setQuality(90);
        // JPEG has no alpha: flatten onto white rather than black.
        QImage img = m_canvas->image();
        if ((suffix == "jpg" || suffix == "jpeg") && img.hasAlphaChannel()) {
            QImage flat(img.size(), QImage::Format_RGB32);
            flat.fill(Qt::white);
            QPainter p(&flat);
            p.drawImage(0, 0, img);
            p.end();
            img = flat;
        }
        if (!w.write(img)) {
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
        tr("PNG (*.png);;JPEG (*.jpg *.jpeg);;WebP (*.webp)"));
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
