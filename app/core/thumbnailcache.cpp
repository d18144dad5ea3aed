#include "core/thumbnailcache.h"

#include "core/imagedecode.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QPointer>
#include <QSaveFile>
#include <QThread>

#include <algorithm>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

void writeThumbnail(const QString &file, const QImage &image)
{
    QSaveFile out(file);
    if (out.open(QIODevice::WriteOnly) && image.save(&out, "PNG"))
        out.commit();
}

} // namespace

ThumbnailCache::ThumbnailCache(const QString &cacheDir, int edge, QObject *parent)
    : QObject(parent), m_dir(cacheDir), m_edge(edge), m_memory(64 * 1024 * 1024)
{
    QDir().mkpath(m_dir);
    // Fewer threads than cores: a fresh image decodes alone, not sharing a core with the
    // next one (16 arriving at once made the first wait for a third of the CPU), and
    // the UI thread keeps a core.
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
    m_pool.setObjectName(u"thumbnails"_s);
}

ThumbnailCache::~ThumbnailCache()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QString ThumbnailCache::cacheFileFor(const QString &path) const
{
    const QFileInfo info(path);
    const QByteArray key = path.toUtf8() + '|' + QByteArray::number(info.size()) + '|'
        + QByteArray::number(info.lastModified().toMSecsSinceEpoch()) + '|'
        + QByteArray::number(m_edge);
    return m_dir + u'/'
        + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex())
        + u".png"_s;
}

QImage ThumbnailCache::thumbnail(const QString &path)
{
    if (const QImage *hit = m_memory.object(path))
        return *hit;
    if (path.isEmpty() || m_pending.contains(path))
        return {};
    m_pending.insert(path);
    const QString cached = cacheFileFor(path);
    const int edge = m_edge;
    QPointer<ThumbnailCache> self(this);
    m_pool.start([self, path, cached, edge] {
        QImage image;
        if (QFileInfo::exists(cached))
            image = QImage(cached);
        if (image.isNull()) {
            image = imagedecode::readScaled(path, edge);
            if (!image.isNull())
                writeThumbnail(cached, image);
        }
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, path, image] {
                if (!self)
                    return;
                self->m_pending.remove(path);
                if (image.isNull())
                    return;
                self->store(path, image);
                Q_EMIT self->ready(path);
            },
            Qt::QueuedConnection);
    });
    return {};
}

void ThumbnailCache::insert(const QString &path, const QImage &thumbnail)
{
    if (thumbnail.isNull())
        return;
    store(path, thumbnail);
    const QString cached = cacheFileFor(path);
    m_pool.start([cached, thumbnail] { writeThumbnail(cached, thumbnail); });
    Q_EMIT ready(path);
}

void ThumbnailCache::forget(const QString &path)
{
    m_memory.remove(path);
    QFile::remove(cacheFileFor(path));
}

void ThumbnailCache::store(const QString &path, const QImage &image)
{
    m_memory.insert(path, new QImage(image), qMax<qint64>(1, image.sizeInBytes()));
}

} // namespace bsp
