#include "core/gallerymodel.h"

#include "core/thumbnailcache.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent>

#include <algorithm>

namespace bsp {

using namespace Qt::StringLiterals;

GalleryModel::GalleryModel(ImageGalleryStore *store, ThumbnailCache *cache, QObject *parent)
    : QAbstractListModel(parent), m_store(store), m_cache(cache)
{
    if (m_cache)
        connect(m_cache, &ThumbnailCache::ready, this, &GalleryModel::onThumbnail);
    if (m_store) {
        // One row in or out, not the whole list again: a run adds its images one by
        // one to a gallery that may hold thousands.
        connect(m_store, &ImageGalleryStore::imageAdded, this, &GalleryModel::onAdded);
        connect(m_store, &ImageGalleryStore::imageRemoved, this, &GalleryModel::onRemoved);
    }
    reload();
}

int GalleryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant GalleryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const GalleryImage &g = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return g.model;
    case Qt::ToolTipRole:
        return tr("%1 · %2 × %3 px · %4\n%5")
            .arg(g.model)
            .arg(g.width)
            .arg(g.height)
            .arg(formatUsd(g.charged), g.prompt);
    case Qt::AccessibleTextRole:
        return tr("%1 image: %2").arg(g.model, g.prompt);
    case Qt::DecorationRole:
        if (m_cache && m_store) {
            const QImage thumb = m_cache->thumbnail(m_store->absolutePath(g));
            if (!thumb.isNull())
                return thumb;
        }
        return {};
    case IdRole:
        return g.id;
    case PathRole:
        return m_store ? m_store->absolutePath(g) : QString();
    case ModelRole:
        return g.model;
    case RunRole:
        return g.runId;
    case ImageRole:
        return QVariant::fromValue(g);
    default:
        return {};
    }
}

void GalleryModel::setFilter(const GalleryFilter &filter)
{
    m_filter = filter;
    reload();
}

void GalleryModel::reload()
{
    const quint64 generation = ++m_generation;
    m_addedWhileLoading.clear();
    m_removedWhileLoading.clear();
    m_loading = true;
    const QString path = m_store && m_store->isOpen() ? m_store->databasePath() : QString();
    // loaded() always comes from the event loop, never inside reload() (QFuture::then
    // would call in at once on a read that is already done).
    if (path.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, generation] { onLoaded(generation, {}); }, Qt::QueuedConnection);
        return;
    }
    // One watcher per read, a child: a model destroyed meanwhile hears nothing.
    auto *watcher = new QFutureWatcher<QList<GalleryImage>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        onLoaded(generation, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(
        [path, filter = m_filter] { return ImageGalleryStore::listFrom(path, filter); }));
}

void GalleryModel::onLoaded(quint64 generation, QList<GalleryImage> rows)
{
    if (generation != m_generation)
        return; // a newer reload (another filter) is on its way
    // What changed after the worker may have read: removed ones go, added ones it did
    // not see come in at their place (newest first).
    rows.removeIf([this](const GalleryImage &g) { return m_removedWhileLoading.contains(g.id); });
    for (const GalleryImage &image : std::as_const(m_addedWhileLoading)) {
        const auto at = std::find_if(rows.cbegin(), rows.cend(),
            [&image](const GalleryImage &g) { return g.id <= image.id; });
        if (at == rows.cend() || at->id != image.id)
            rows.insert(at - rows.cbegin(), image);
    }
    m_addedWhileLoading.clear();
    m_removedWhileLoading.clear();
    m_loading = false;
    beginResetModel();
    m_rows = std::move(rows);
    indexRows();
    endResetModel();
    Q_EMIT loaded();
}

int GalleryModel::rowOfFile(const QString &fileName) const
{
    // Rebuilt when asked after a change, not on each: a run adds images one by one.
    if (m_indexStale)
        indexRows();
    return m_rowByFile.value(fileName, -1);
}

void GalleryModel::indexRows() const
{
    m_indexStale = false;
    m_rowByFile.clear();
    m_rowByFile.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowByFile.insert(m_rows.at(i).file, i);
}

void GalleryModel::onAdded(const GalleryImage &image)
{
    if (!m_filter.matches(image))
        return;
    if (m_loading)
        m_addedWhileLoading.append(image);
    // Newest first, as list() orders them: a new image has the highest id.
    int row = 0;
    while (row < m_rows.size() && m_rows.at(row).id > image.id)
        ++row;
    beginInsertRows({}, row, row);
    m_rows.insert(row, image);
    m_indexStale = true;
    endInsertRows();
}

void GalleryModel::onRemoved(qint64 id)
{
    if (m_loading) {
        m_removedWhileLoading.append(id);
        m_addedWhileLoading.removeIf([id](const GalleryImage &g) { return g.id == id; });
    }
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_indexStale = true;
    endRemoveRows();
}

int GalleryModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return i;
    return -1;
}

void GalleryModel::onThumbnail(const QString &path)
{
    const QFileInfo file(path);
    if (!m_store || file.absolutePath() != m_store->imagesDir())
        return;
    const int row = rowOfFile(file.fileName());
    if (row < 0)
        return;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
}

} // namespace bsp
