#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace bsp {

class Database;

// One generated image as the gallery keeps it: the file beside the database and the
// facts of the call that made it.
struct GalleryImage
{
    qint64 id = 0;
    QString runId; // every image of one Generate click shares it
    QDateTime createdAt;
    QString model;
    QString route; // "images", "messages" (generate_image tool) or "edits"
    QString prompt;
    QJsonObject params; // size, n, quality, seed, source, ... as sent
    Credits charged = 0; // this image's share of the ledger's charge for its call
    qint64 latencyMs = 0;
    QString requestId;
    QString seed;
    QString file; // file name inside the store's images folder
    int width = 0;
    int height = 0;
    qint64 fileSize = 0;

    QJsonObject toJson() const; // for a run's manifest
};

struct GalleryFilter
{
    QString text; // matched against prompt and model (case-insensitive)
    QString model; // exact model id; empty = every model

    // The rule list() applies in SQL, for one image (case folds Latin letters only, as
    // SQLite's LIKE does).
    bool matches(const GalleryImage &image) const;
};

// A named set of models and parameters for the Image tab.
struct ImagePreset
{
    QString name;
    QJsonObject body;
};

// The Image tab's gallery: rows in the app's SQLite file (table image_gallery), the
// image files in one folder beside it. A row is written only after its file is in
// place, and delete removes both.
class ImageGalleryStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageGalleryStore)

public:
    ImageGalleryStore(
        const QString &databasePath, const QString &imagesDir, QObject *parent = nullptr);
    ~ImageGalleryStore() override;

    // Opens the store and, on the pool, removes `.part` files a kill left behind.
    bool open();
    bool isOpen() const;
    QString lastError() const { return m_error; }
    QString imagesDir() const { return m_imagesDir; }

    // A fresh file name in the images folder for a new image (nothing is created).
    QString newFilePath(const QString &suffix) const;
    QString absolutePath(const GalleryImage &image) const;

    // Stores the row of an image whose file is already in the images folder. Fills id.
    std::optional<GalleryImage> add(GalleryImage image);
    std::optional<GalleryImage> image(qint64 id) const;
    // Newest first.
    QList<GalleryImage> list(const GalleryFilter &filter = {}, int limit = -1) const;
    // The same list, read through a read-only connection of the calling thread's own:
    // for a worker (a connection belongs to the thread that opened it). Empty, with
    // `error` set, when the file cannot be read.
    static QList<GalleryImage> listFrom(const QString &databasePath,
        const GalleryFilter &filter = {}, int limit = -1, QString *error = nullptr);
    QString databasePath() const;
    QList<GalleryImage> run(const QString &runId) const;
    QStringList models() const;
    int count() const;
    // Deletes the row and its file.
    bool remove(qint64 id);
    // Copies a run's files into `folder` with manifest.json describing each image.
    bool exportRun(const QString &runId, const QString &folder, QString *error = nullptr) const;

    QList<ImagePreset> presets() const;
    bool savePreset(const ImagePreset &preset);
    bool removePreset(const QString &name);

Q_SIGNALS:
    void imageAdded(const bsp::GalleryImage &image);
    void imageRemoved(qint64 id);

private:
    void sweepPartFiles();
    QList<GalleryImage> select(const QString &tail, const QVariantList &binds) const;
    static QList<GalleryImage> selectOn(
        QSqlDatabase db, const QString &tail, const QVariantList &binds, QString *error);
    bool sourceInUse(const QString &fileName) const; // an image's params name it

    std::unique_ptr<Database> m_db;
    QString m_imagesDir;
    mutable QString m_error;
};

} // namespace bsp

Q_DECLARE_METATYPE(bsp::GalleryImage)
