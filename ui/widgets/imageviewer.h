#pragma once

#include <QDialog>
#include <QImage>

class QLabel;
class QHBoxLayout;
class QPushButton;
class QSlider;

namespace bsp::ui {

class ImageCanvas;

// The shared image viewer: zoom to the cursor (wheel, +/−), fit (0) and 100 % (1), pan
// by dragging or with the arrows, A/B of two images with a wipe slider, pixel and file
// size, save as PNG / JPEG / WebP, copy. Callers add their own actions (send to chat,
// use as first frame) with addAction(). Shown non-modal; it owns a copy of the image and
// the original bytes (saved unchanged when the format matches, so nothing is re-encoded).
class ImageViewer final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageViewer)

public:
    explicit ImageViewer(QWidget *parent = nullptr);

    void setImage(
        const QImage &image, const QByteArray &original = {}, const QString &suggestedName = {});
    QImage image() const;
    // A/B: `other` is painted right of the wipe line; a null image ends the comparison.
    void setCompareImage(
        const QImage &other, const QString &labelA = {}, const QString &labelB = {});
    // The file size shown when there are no original bytes (an image read from disk).
    void setFileSize(qint64 bytes);
    double zoom() const;
    void setZoom(double zoom);
    void fitToWindow();
    // Writes the original bytes when the suffix matches their format, else re-encodes.
    bool saveTo(const QString &path, QString *error = nullptr) const;
    void copyToClipboard() const;
    // A button in the viewer's bar, before Close (the caller connects it).
    QPushButton *addAction(const QString &text, const QString &objectName);
    ImageCanvas *canvas() const { return m_canvas; }
    QSlider *wipeSlider() const { return m_wipe; }
    QString infoText() const;

    // Opens a viewer for `image` (deleted on close).
    static ImageViewer *open(QWidget *parent, const QImage &image, const QByteArray &original = {},
        const QString &suggestedName = {});

private:
    void saveAs();
    void refreshInfo();

    QByteArray m_original;
    QString m_name;
    qint64 m_fileSize = -1;
    QString m_labels;
    ImageCanvas *m_canvas = nullptr;
    QLabel *m_info = nullptr;
    QSlider *m_wipe = nullptr;
    QHBoxLayout *m_bar = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace bsp::ui
