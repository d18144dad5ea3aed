#include "ui/chat/imagethumbs.h"

#include "core/imagedecode.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace bsp::ui {

Thumbnail ChatThumbnails::decode(const QByteArray &bytes, int maxSide)
{
    const DecodedImage d = imagedecode::decodeBytes(bytes, maxSide);
    return Thumbnail {.image = d.thumbnail, .fullSize = d.size, .error = d.error};
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
