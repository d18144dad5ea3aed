#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace bsp {

// What a worker learned about an image file: it decodes, its pixel size, its bytes on
// disk and a thumbnail. Built off the UI thread (QtConcurrent), posted back whole.
struct DecodedImage
{
    QString path;
    QSize size;
    qint64 fileSize = 0;
    QByteArray format; // "png", "jpeg", "webp", ...
    QImage thumbnail;
    QString error; // empty when the image decoded

    bool ok() const { return error.isEmpty(); }
};

// Blocking helpers for worker threads; never call them on the UI thread with big images.
namespace imagedecode {

// Decodes `bytes` and writes them to `path` (whole, then renamed into place). Nothing is
// left on disk on failure. The file is not yet flushed to the disk: call syncFile().
DecodedImage storeAndDecode(const QByteArray &bytes, const QString &path, int thumbEdge);
// Flushes a file written by storeAndDecode() to the disk (fsync); false when it cannot.
bool syncFile(const QString &path);
// Decodes an image file already on disk (a streamed download).
DecodedImage decodeFile(const QString &path, int thumbEdge);
// Decodes bytes only (a local source image is checked before it is sent).
DecodedImage decodeBytes(const QByteArray &bytes, int thumbEdge);
// A thumbnail of at most edge x edge (never enlarged), decoded at that scale where the
// format allows; palette, 1-bit and grey images come back as 32-bit, so that they keep
// their colours when scaled. Every thumbnail of the app is made by these.
QImage readScaled(
    const QString &path, int edge, QSize *fullSize = nullptr, QString *error = nullptr);

} // namespace imagedecode
} // namespace bsp
