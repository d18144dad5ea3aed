#include "core/gallerymodel.h"

#include "core/thumbnailcache.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>

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
    beginResetModel();
    m_rows = m_store ? m_store->list(m_filter) : QList<GalleryImage>();
    indexRows();
    endResetModel();
}

void GalleryModel::indexRows()
{
    m_rowByFile.clear();
    m_rowByFile.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowByFile.insert(m_rows.at(i).file, i);
}

void GalleryModel::onAdded(const GalleryImage &image)
{
    if (!m_filter.matches(image))
        return;
    // Newest first, as list() orders them: a new image has the highest id.
    int row = 0;
    while (row < m_rows.size() && m_rows.at(row).id > image.id)
        ++row;
    beginInsertRows({}, row, row);
    m_rows.insert(row, image);
    indexRows();
    endInsertRows();
}

void GalleryModel::onRemoved(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    indexRows();
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
    const auto it = m_rowByFile.constFind(file.fileName());
    if (it == m_rowByFile.constEnd())
        return;
    const QModelIndex i = index(*it);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
}

} // namespace bsp
