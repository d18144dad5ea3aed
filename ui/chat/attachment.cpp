#include "ui/chat/attachment.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QLocale>

namespace bsp::ui {

using namespace Qt::StringLiterals;

static QString trA(const char *s)
{
    return QCoreApplication::translate("bsp::ui::Attachment", s);
}

std::optional<Attachment> Attachment::fromBytes(
    const QByteArray &bytes, const QString &name, QString *why)
{
    const auto refuse = [&](const QString &reason) -> std::optional<Attachment> {
        if (why)
            *why = trA("%1 was not attached: %2").arg(name, reason);
        return std::nullopt;
    };
    if (bytes.isEmpty())
        return refuse(trA("the file is empty"));
    if (bytes.size() > kMaxBytes)
        return refuse(trA("it is %1, larger than the %2 limit")
                          .arg(QLocale().formattedDataSize(bytes.size()),
                              QLocale().formattedDataSize(kMaxBytes)));
    QBuffer buf;
    buf.setData(bytes);
    buf.open(QIODevice::ReadOnly);
    QImageReader reader(&buf);
    const QByteArray format = reader.format().toLower();
    static const QList<QPair<QByteArray, QString>> kTypes = {
        {"png", u"image/png"_s},
        {"jpeg", u"image/jpeg"_s},
        {"jpg", u"image/jpeg"_s},
        {"gif", u"image/gif"_s},
        {"webp", u"image/webp"_s},
    };
    QString mediaType;
    for (const auto &[f, mt] : kTypes)
        if (format == f)
            mediaType = mt;
    if (format.isEmpty() && bytes.mid(8, 4) == "WEBP")
        return refuse(trA("WebP cannot be decoded on this system (no WebP image plugin)"));
    if (mediaType.isEmpty())
        return refuse(format.isEmpty()
                ? trA("it is not an image in a supported format (PNG, JPEG, GIF, WebP)")
                : trA("%1 is not supported (PNG, JPEG, GIF, WebP)")
                      .arg(QString::fromLatin1(format.toUpper())));
    // The header only (cheap): the pixels are decoded in a worker for the thumbnail.
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return refuse(trA("the image does not decode (%1)").arg(reader.errorString()));
    Attachment a;
    a.bytes = bytes;
    a.mediaType = mediaType;
    a.name = name;
    a.size = size;
    return a;
}

std::optional<Attachment> Attachment::fromFile(const QString &path, QString *why)
{
    const QString name = QFileInfo(path).fileName();
    QFile f(path);
    if (f.size() > kMaxBytes) // refuse before reading a huge file
        return fromBytes(QByteArray(kMaxBytes + 1, '\0'), name, why);
    if (!f.open(QIODevice::ReadOnly)) {
        if (why)
            *why = trA("%1 was not attached: %2").arg(name, f.errorString());
        return std::nullopt;
    }
    return fromBytes(f.readAll(), name, why);
}

std::optional<Attachment> Attachment::fromImage(
    const QImage &image, const QString &name, QString *why)
{
    QByteArray png;
    QBuffer buf(&png);
    buf.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buf, "PNG")) {
        if (why)
            *why = trA("%1 was not attached: the image does not decode").arg(name);
        return std::nullopt;
    }
    return fromBytes(png, name, why);
}

} // namespace bsp::ui
