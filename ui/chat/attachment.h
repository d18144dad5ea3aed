#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

#include <optional>

namespace bsp::ui {

// An image the user attached, checked before any request is made: a supported format
// (PNG, JPEG, GIF, WebP) whose header reads, within the size limit. The pixels are
// decoded in a worker (ChatThumbnails) for the thumbnail; one that does not decode
// there is removed with a notice.
struct Attachment
{
    QByteArray bytes;
    QString mediaType; // "image/png", ...
    QString name;
    QImage thumbnail; // at most kThumbSide px, null until the worker has decoded it
    QSize size;

    static constexpr qint64 kMaxBytes = 5 * 1024 * 1024;
    static constexpr int kThumbSide = 96;

    // nullopt with `why` set (translated, names the file) when refused.
    static std::optional<Attachment> fromBytes(
        const QByteArray &bytes, const QString &name, QString *why);
    static std::optional<Attachment> fromFile(const QString &path, QString *why);
    // Pasted or dropped pixels: encoded as PNG.
    static std::optional<Attachment> fromImage(
        const QImage &image, const QString &name, QString *why);
};

} // namespace bsp::ui
