#include "core/imagedecode.h"

#include "core/pngthumb.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bsp::imagedecode {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("bsp::ImageDecode", text);
}

// Reads from `reader` at most edge x edge (the reader scales while decoding), in a
// format that displays and scales correctly.
QImage readFrom(QImageReader &reader, int edge, QSize *fullSize, QString *error)
{
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (fullSize)
        *fullSize = size;
    // A reader scaling a palette or 1-bit image while decoding works on its indices, not
    // its colours (a 1-bit PNG came out black): those are scaled after conversion.
    const QImage::Format native = reader.imageFormat();
    const bool indexed = native == QImage::Format_Indexed8 || native == QImage::Format_Mono
        || native == QImage::Format_MonoLSB;
    if (!indexed && size.isValid() && edge > 0 && (size.width() > edge || size.height() > edge))
        reader.setScaledSize(size.scaled(edge, edge, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull()) {
        if (error)
            *error = tr("The image does not decode: %1").arg(reader.errorString());
        return {};
    }
    if (fullSize && !size.isValid())
        *fullSize = image.size();
    if (image.depth() < 32 || image.format() == QImage::Format_Indexed8)
        image = image.convertToFormat(
            image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    if (edge > 0 && (image.width() > edge || image.height() > edge))
        image = image.scaled(edge, edge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

// The PNGs the gateway makes take the fast path (core/pngthumb.h); anything it leaves
// (another layout, a damaged file) is decoded by Qt, which also says what is wrong.
bool fastPng(const QByteArray &bytes, int edge, QImage *thumbnail, QSize *fullSize)
{
    if (edge <= 0 || !pngthumb::isPng(bytes))
        return false;
    std::optional<pngthumb::Thumbnail> t = pngthumb::decode(bytes, edge);
    if (!t)
        return false;
    *thumbnail = std::move(t->image);
    if (fullSize)
        *fullSize = t->fullSize;
    return true;
}

// A PNG file's bytes, when it is one and small enough to read whole; else empty.
QByteArray pngFileBytes(const QString &path)
{
    constexpr qint64 kMaxBytes = 256LL * 1024 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxBytes
        || !pngthumb::isPng(file.peek(8)))
        return {};
    return file.readAll();
}

} // namespace

QImage readScaled(const QString &path, int edge, QSize *fullSize, QString *error)
{
    // A PNG is read once: what the fast path leaves, Qt decodes from the same bytes.
    QByteArray png = pngFileBytes(path);
    QImage fast;
    if (fastPng(png, edge, &fast, fullSize))
        return fast;
    if (!png.isEmpty()) {
        QBuffer buffer(&png);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        return readFrom(reader, edge, fullSize, error);
    }
    QImageReader reader(path);
    return readFrom(reader, edge, fullSize, error);
}

DecodedImage decodeFile(const QString &path, int thumbEdge)
{
    if (const QByteArray png = pngFileBytes(path); !png.isEmpty()) {
        DecodedImage out = decodeBytes(png, thumbEdge); // read once, whichever decoder
        out.path = path;
        return out;
    }
    DecodedImage out;
    out.path = path;
    out.fileSize = QFileInfo(path).size();
    QImageReader reader(path);
    out.format = reader.format();
    out.thumbnail = readFrom(reader, thumbEdge, &out.size, &out.error);
    return out;
}

DecodedImage decodeBytes(const QByteArray &bytes, int thumbEdge)
{
    DecodedImage out;
    out.fileSize = bytes.size();
    if (fastPng(bytes, thumbEdge, &out.thumbnail, &out.size)) {
        out.format = "png";
        return out;
    }
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    out.format = reader.format();
    if (out.format.isEmpty()) {
        out.error = tr("The file is not an image this app can read.");
        return out;
    }
    out.thumbnail = readFrom(reader, thumbEdge, &out.size, &out.error);
    return out;
}

DecodedImage storeAndDecode(const QByteArray &bytes, const QString &path, int thumbEdge)
{
    DecodedImage out = decodeBytes(bytes, thumbEdge);
    out.path = path;
    if (!out.ok())
        return out;
    // Written whole to a temporary file, then renamed: a kill never leaves half an image
    // under `path`. Not flushed to the disk here (an fsync of a 3 MB file is 5 ms or
    // more while other files are written, and the user waits for this thumbnail):
    // syncFile() does that afterwards.
    const QString part = path + u".part"_s;
    QFile file(part);
    const bool written = file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    const QString why = file.errorString();
    file.close();
    if (!written
        || std::rename(QFile::encodeName(part).constData(), QFile::encodeName(path).constData())
            != 0) {
        QFile::remove(part);
        out.error = tr("Cannot write %1: %2")
                        .arg(path, written ? QString::fromLocal8Bit(std::strerror(errno)) : why);
        return out;
    }
    return out;
}

bool syncFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace bsp::imagedecode
