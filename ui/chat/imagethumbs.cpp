#include "ui/chat/imagethumbs.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFutureWatcher>
#include <QImageReader>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace bsp::ui {

QImage displayThumbnail(const QImage &image, int maxSide)
{
    if (image.isNull())
        return {};
    QImage src = image;
    // Scaling a palette or 1-bit image smoothly works on its indices, not its colours.
    if (src.depth() < 32 || src.format() == QImage::Format_Indexed8)
        src = src.convertToFormat(
            src.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    if (src.width() <= maxSide && src.height() <= maxSide)
        return src;
    return src.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

Thumbnail ChatThumbnails::decode(const QByteArray &bytes, int maxSide)
{
    QBuffer buf;
    buf.setData(bytes);
    buf.open(QIODevice::ReadOnly);
    QImageReader reader(&buf);
    Thumbnail t;
    const QImage full = reader.read();
    if (full.isNull()) {
        t.error = reader.errorString();
        return t;
    }
    t.fullSize = full.size();
    t.image = displayThumbnail(full, maxSide);
    return t;
}

ChatThumbnails *ChatThumbnails::instance()
{
    static ChatThumbnails *cache = [] {
        auto *c = new ChatThumbnails;
        c->setParent(QCoreApplication::instance());
        return c;
    }();
    return cache;
}

const ChatThumbnails::Entry *ChatThumbnails::find(const QByteArray &bytes, int maxSide) const
{
    for (const Entry &e : m_entries)
        if (e.maxSide == maxSide && e.bytes.size() == bytes.size()
            && (e.bytes.constData() == bytes.constData() || e.bytes == bytes))
            return &e;
    return nullptr;
}

void ChatThumbnails::insert(Entry entry)
{
    if (find(entry.bytes, entry.maxSide))
        return;
    m_entries.append(std::move(entry));
    while (m_entries.size() > kMaxEntries)
        m_entries.removeFirst();
}

void ChatThumbnails::request(const QByteArray &bytes, int maxSide, QObject *context, Handler done)
{
    if (const Entry *e = find(bytes, maxSide)) {
        done(e->thumb);
        return;
    }
    auto *watcher = new QFutureWatcher<Thumbnail>(this);
    QPointer<QObject> guard(context);
    connect(watcher, &QFutureWatcher<Thumbnail>::finished, this,
        [this, watcher, guard, bytes, maxSide, done = std::move(done)] {
            const Thumbnail t = watcher->result();
            watcher->deleteLater();
            insert(Entry {bytes, maxSide, t});
            if (guard)
                done(t);
        });
    watcher->setFuture(QtConcurrent::run([bytes, maxSide] { return decode(bytes, maxSide); }));
}

} // namespace bsp::ui
