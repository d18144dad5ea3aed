#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace bsp::cli {

// An image file read for upload (chat attachments): the bytes and their media type.
struct ImageFile
{
    QByteArray bytes;
    QString mediaType; // "image/png", "image/jpeg", "image/gif", "image/webp"

    // The raw size limit of one attachment: its base64 must fit, with the rest of the
    // request, under the gateway's 32 MiB body limit.
    static constexpr qsizetype kMaxBytes = 20 * 1024 * 1024;
    // All the attachments of one request together (base64 adds a third).
    static constexpr qsizetype kMaxTotalBytes = 24 * 1024 * 1024;

    // Reads `path` and checks it before anything is sent: a regular file, not empty,
    // within kMaxBytes, and a PNG, JPEG, GIF or WebP by its magic bytes.
    static std::optional<ImageFile> load(const QString &path, QString *error);
};

// The media type named by an image's magic bytes, or empty when it is none of
// PNG, JPEG, GIF, WebP.
QString sniffImageType(QByteArrayView bytes);
// "png", "jpg", "gif", "webp" for those media types; "bin" otherwise.
QString extensionForImageType(const QString &mediaType);

} // namespace bsp::cli
