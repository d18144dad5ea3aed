#include "core/vectorcache.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QtEndian>

#include <cstring>

using namespace Qt::StringLiterals;

static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "the cache file stores float32 little-endian");

namespace bsp {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(VectorCache)
};

constexpr char kMagic[8] = {'B', 'S', 'P', 'V', 'E', 'C', '0', '1'};
constexpr qint64 kKeyBytes = 32;

} // namespace

VectorCache::VectorCache(QString folder) : m_folder(std::move(folder)) { }

VectorCache::~VectorCache() = default;

QString VectorCache::fileNameFor(const QString &model)
{
    QString safe = model;
    for (QChar &c : safe) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'.' && c != u'-' && c != u'_')
            c = u'_';
    }
    return safe + u".vcache"_s;
}

QByteArray VectorCache::keyFor(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

QString VectorCache::filePath() const
{
    return QDir(m_folder).filePath(fileNameFor(m_model));
}

bool VectorCache::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_file.isOpen();
}

int VectorCache::dimensions() const
{
    QMutexLocker lock(&m_mutex);
    return m_dimensions;
}

qsizetype VectorCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_offsets.size();
}

qint64 VectorCache::headerSize() const
{
    return qint64(sizeof kMagic) + 8 + m_model.toUtf8().size();
}

qint64 VectorCache::recordSize() const
{
    return kKeyBytes + qint64(m_dimensions) * qint64(sizeof(float));
}

bool VectorCache::open(const QString &model, QString *error)
{
    QMutexLocker lock(&m_mutex);
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    m_file.close();
    m_offsets.clear();
    m_dimensions = 0;
    m_model = model;
    if (!QDir().mkpath(m_folder))
        return fail(Tr::tr("cannot create the cache folder %1").arg(m_folder));
    m_file.setFileName(QDir(m_folder).filePath(fileNameFor(model)));
    if (!m_file.open(QIODevice::ReadWrite))
        return fail(Tr::tr("cannot open %1: %2").arg(m_file.fileName(), m_file.errorString()));
    const qint64 size = m_file.size();
    if (size == 0)
        return true; // the header is written with the first vectors
    char magic[sizeof kMagic];
    quint32 dims = 0;
    quint32 nameLength = 0;
    if (m_file.read(magic, sizeof magic) != qint64(sizeof magic)
        || std::memcmp(magic, kMagic, sizeof magic) != 0
        || m_file.read(reinterpret_cast<char *>(&dims), 4) != 4
        || m_file.read(reinterpret_cast<char *>(&nameLength), 4) != 4 || dims == 0 || dims > 65536
        || nameLength > 4096) {
        m_file.close();
        return fail(Tr::tr("%1 is not a vector cache file").arg(m_file.fileName()));
    }
    const QByteArray name = m_file.read(nameLength);
    if (QString::fromUtf8(name) != model) {
        m_file.close();
        return fail(Tr::tr("%1 holds vectors of %2, not %3")
                        .arg(m_file.fileName(), QString::fromUtf8(name), model));
    }
    m_dimensions = int(dims);
    const qint64 header = headerSize();
    const qint64 record = recordSize();
    const qint64 records = (size - header) / record;
    if (header + records * record != size)
        m_file.resize(header + records * record); // a torn last record from a crash
    m_offsets.reserve(records);
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    for (qint64 r = 0; r < records; ++r) {
        const qint64 at = header + r * record;
        if (!m_file.seek(at) || m_file.read(key.data(), kKeyBytes) != kKeyBytes)
            break;
        m_offsets.insert(key, at + kKeyBytes);
    }
    return true;
}

bool VectorCache::contains(const QByteArray &key) const
{
    QMutexLocker lock(&m_mutex);
    return m_offsets.contains(key);
}

bool VectorCache::put(
    const QList<QByteArray> &keys, const float *rows, int dimensions, QString *error)
{
    QMutexLocker lock(&m_mutex);
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!m_file.isOpen())
        return fail(Tr::tr("the vector cache is not open"));
    if (m_dimensions == 0) {
        m_dimensions = dimensions;
        const QByteArray name = m_model.toUtf8();
        const quint32 dims = quint32(dimensions);
        const quint32 length = quint32(name.size());
        m_file.seek(0);
        m_file.write(kMagic, sizeof kMagic);
        m_file.write(reinterpret_cast<const char *>(&dims), 4);
        m_file.write(reinterpret_cast<const char *>(&length), 4);
        m_file.write(name);
    } else if (dimensions != m_dimensions) {
        return fail(Tr::tr("the gateway sent %1-dimensional vectors; the cache holds %2")
                        .arg(dimensions)
                        .arg(m_dimensions));
    }
    qint64 at = m_file.size();
    if (!m_file.seek(at))
        return fail(m_file.errorString());
    const qint64 vectorBytes = qint64(dimensions) * qint64(sizeof(float));
    QByteArray block;
    block.reserve(keys.size() * (kKeyBytes + vectorBytes));
    QList<QPair<QByteArray, qint64>> added;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (m_offsets.contains(keys.at(i)))
            continue;
        block.append(keys.at(i));
        block.append(reinterpret_cast<const char *>(rows + i * dimensions), vectorBytes);
        added.append({keys.at(i), at + kKeyBytes});
        at += kKeyBytes + vectorBytes;
    }
    if (m_file.write(block) != block.size() || !m_file.flush())
        return fail(Tr::tr("cannot write the vector cache: %1").arg(m_file.errorString()));
    for (const auto &[key, offset] : added)
        m_offsets.insert(key, offset);
    return true;
}

bool VectorCache::get(const QByteArray &key, float *out) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_offsets.constFind(key);
    if (it == m_offsets.cend())
        return false;
    const qint64 bytes = qint64(m_dimensions) * qint64(sizeof(float));
    return m_file.seek(it.value()) && m_file.read(reinterpret_cast<char *>(out), bytes) == bytes;
}

} // namespace bsp
