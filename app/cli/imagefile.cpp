#include "cli/imagefile.h"

#include "cli/clicontext.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace bsp::cli {

QString sniffImageType(QByteArrayView b)
{
    if (b.startsWith("\x89PNG\r\n\x1a\n"))
        return u"image/png"_s;
    if (b.startsWith("\xff\xd8\xff"))
        return u"image/jpeg"_s;
    if (b.startsWith("GIF87a") || b.startsWith("GIF89a"))
        return u"image/gif"_s;
    if (b.size() >= 12 && b.startsWith("RIFF") && b.sliced(8, 4) == "WEBP")
        return u"image/webp"_s;
    return {};
}

QString extensionForImageType(const QString &mediaType)
{
    if (mediaType == "image/png"_L1)
        return u"png"_s;
    if (mediaType == "image/jpeg"_L1)
        return u"jpg"_s;
    if (mediaType == "image/gif"_L1)
        return u"gif"_s;
    if (mediaType == "image/webp"_L1)
        return u"webp"_s;
    return u"bin"_s;
}

std::optional<ImageFile> ImageFile::load(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile()) {
        *error = CliContext::tr("image %1: no such file").arg(path);
        return std::nullopt;
    }
    if (info.size() == 0) {
        *error = CliContext::tr("image %1: the file is empty").arg(path);
        return std::nullopt;
    }
    if (info.size() > kMaxBytes) {
        *error = CliContext::tr("image %1: %2 MiB is over the %3 MiB limit")
                     .arg(path)
                     .arg(double(info.size()) / (1024.0 * 1024.0), 0, 'f', 1)
                     .arg(kMaxBytes / (1024 * 1024));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = CliContext::tr("image %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    ImageFile out;
    out.bytes = file.readAll();
    out.mediaType = sniffImageType(out.bytes);
    if (out.mediaType.isEmpty()) {
        *error = CliContext::tr("image %1: not a PNG, JPEG, GIF or WebP file").arg(path);
        return std::nullopt;
    }
    return out;
}

} // namespace bsp::cli
