#pragma once

#include "core/imagegallerystore.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>

namespace bsp {

class ThumbnailCache;

// The gallery as a list model for a QListView in icon mode: newest first, filtered by
// text and model, thumbnails from the ThumbnailCache (asked for only when a row is
// painted, so a long gallery costs only what is on screen).
class GalleryModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryModel)

public:
    enum Role { IdRole = Qt::UserRole + 1, PathRole, ModelRole, RunRole, ImageRole };

    GalleryModel(ImageGalleryStore *store, ThumbnailCache *cache, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Both read the rows on a worker (5,000 rows are some 40 ms of SQLite): the model
    // changes when they arrive, with loaded(). Images added or removed meanwhile are
    // kept in step.
    void setFilter(const GalleryFilter &filter);
    GalleryFilter filter() const { return m_filter; }
    void reload();
    bool isLoading() const { return m_loading; }
    GalleryImage imageAt(int row) const { return m_rows.value(row); }
    int rowOf(qint64 id) const;

Q_SIGNALS:
    void loaded();

private:
    void onLoaded(quint64 generation, QList<GalleryImage> rows);
    void onAdded(const GalleryImage &image);
    void onRemoved(qint64 id);
    void indexRows() const;
    int rowOfFile(const QString &fileName) const;
    void onThumbnail(const QString &path);

    QPointer<ImageGalleryStore> m_store;
    QPointer<ThumbnailCache> m_cache;
    GalleryFilter m_filter;
    QList<GalleryImage> m_rows;
    mutable QHash<QString, int> m_rowByFile; // file name in the images folder -> row
    mutable bool m_indexStale = false;
    // A reload on its way: its number (older answers are dropped), and what changed
    // since it started, applied to its rows when they come.
    quint64 m_generation = 0;
    bool m_loading = false;
    QList<GalleryImage> m_addedWhileLoading;
    QList<qint64> m_removedWhileLoading;
};

} // namespace bsp
