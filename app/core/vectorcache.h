#pragma once

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

namespace bsp {

// Embeddings on disk, keyed by (model, SHA-256 of the text's UTF-8): a text embedded
// once is never sent again. One append-only file per model in the cache folder:
//   "BSPVEC01" | u32 dimensions | u32 name length | model name (UTF-8) | records...
//   record = 32-byte key | dimensions x float32 (little-endian)
// Each put() is written and flushed before it returns, so a crash loses at most the
// batch being written; a torn record at the end is cut off on the next open.
// Thread-safe: the embed job writes from the UI thread while a worker reads.
class VectorCache final
{
    Q_DISABLE_COPY_MOVE(VectorCache)

public:
    explicit VectorCache(QString folder);
    ~VectorCache();

    // Opens (or creates) the model's file and reads its keys. False with `error` set
    // when the file belongs to another model or is not a cache file.
    bool open(const QString &model, QString *error = nullptr);
    bool isOpen() const;
    QString folder() const { return m_folder; }
    QString model() const { return m_model; }
    QString filePath() const;
    int dimensions() const; // 0 until the first vector is stored
    qsizetype size() const;

    static QByteArray keyFor(const QString &text);
    static QString fileNameFor(const QString &model);
    bool contains(const QByteArray &key) const;

    // Appends the vectors whose keys are new (`rows` = keys.size() x dimensions floats).
    bool put(
        const QList<QByteArray> &keys, const float *rows, int dimensions, QString *error = nullptr);
    // Copies the vector of `key` into `out` (dimensions() floats); false when absent.
    bool get(const QByteArray &key, float *out) const;

private:
    qint64 headerSize() const;
    qint64 recordSize() const;

    QString m_folder;
    QString m_model;
    mutable QMutex m_mutex;
    mutable QFile m_file;
    int m_dimensions = 0;
    QHash<QByteArray, qint64> m_offsets; // key -> offset of its floats
};

} // namespace bsp
