#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

namespace bsp {

// Thumbnails of image files, decoded at a small size on a worker pool, kept in a
// bounded memory cache and on disk (keyed by path, size and modification time), and
// posted back with ready(). The UI thread never decodes a full image here.
class ThumbnailCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThumbnailCache)

public:
    // `cacheDir` holds the thumbnail files; `edge` is their longest side in pixels.
    explicit ThumbnailCache(const QString &cacheDir, int edge = 192, QObject *parent = nullptr);
    ~ThumbnailCache() override;

    int edge() const { return m_edge; }
    // The thumbnail when it is in memory; otherwise a null image and a decode is queued
    // (ready() follows).
    QImage thumbnail(const QString &path);
    bool contains(const QString &path) const { return m_memory.contains(path); }
    // A thumbnail made elsewhere (the decode of a fresh image) goes straight in, and to disk.
    void insert(const QString &path, const QImage &thumbnail);
    void forget(const QString &path);
    int pendingCount() const { return int(m_pending.size()); }
    void setMemoryLimitBytes(qint64 bytes) { m_memory.setMaxCost(bytes); }
    // Where the thumbnail of `path` lives on disk (it may not exist yet).
    QString cacheFileFor(const QString &path) const;
    // The thumbnail threads, for the decode of an image that just arrived: it starts at
    // once instead of queueing behind the answers being parsed on the global pool.
    QThreadPool *pool() { return &m_pool; }

Q_SIGNALS:
    void ready(const QString &path);

private:
    void store(const QString &path, const QImage &image);

    QString m_dir;
    int m_edge;
    QCache<QString, QImage> m_memory;
    QSet<QString> m_pending;
    QThreadPool m_pool;
};

} // namespace bsp
