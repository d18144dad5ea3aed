#pragma once

#include <QDialog>
#include <QImage>

class QLabel;
class QScrollArea;

namespace bsp::ui {

// The shared image viewer: zoom (buttons, Ctrl+wheel, fit), and save to disk. Shown
// non-modal; it owns a copy of the image and the original bytes (saved unchanged
// when the format matches, so nothing is re-encoded).
class ImageViewer final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageViewer)

public:
    explicit ImageViewer(QWidget *parent = nullptr);

    void setImage(
        const QImage &image, const QByteArray &original = {}, const QString &suggestedName = {});
    QImage image() const { return m_image; }
    double zoom() const { return m_zoom; }
    void setZoom(double zoom);
    void fitToWindow();
    // Writes the original bytes when the suffix matches their format, else re-encodes.
    bool saveTo(const QString &path, QString *error = nullptr) const;

    // Opens a viewer for `image` (deleted on close).
    static ImageViewer *open(QWidget *parent, const QImage &image, const QByteArray &original = {},
        const QString &suggestedName = {});

protected:
    void wheelEvent(QWheelEvent *event) override;

private:
    void saveAs();
    void refresh();

    QImage m_image;
    QByteArray m_original;
    QString m_name;
    double m_zoom = 1.0;
    QScrollArea *m_scroll = nullptr;
    QLabel *m_label = nullptr;
    QLabel *m_info = nullptr;
};

} // namespace bsp::ui
