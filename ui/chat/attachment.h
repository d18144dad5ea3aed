#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

#include <optional>

namespace bsp::ui {

// An image the user attached, checked before any request is made: a supported format
// (PNG, JPEG, GIF, WebP) that really decodes, within the size limit.
struct Attachment
{
    QByteArray bytes;
    QString mediaType; // "image/png", ...
    QString name;
    QImage thumbnail; // at most 96 px
    QSize size;

    static constexpr qint64 kMaxBytes = 5 * 1024 * 1024;

    // nullopt with `why` set (translated, names the file) when refused.
    static std::optional<Attachment> fromBytes(
        const QByteArray &bytes, const QString &name, QString *why);
    static std::optional<Attachment> fromFile(const QString &path, QString *why);
    // Pasted or dropped pixels: encoded as PNG.
    static std::optional<Attachment> fromImage(
        const QImage &image, const QString &name, QString *why);
};

} // namespace bsp::ui
