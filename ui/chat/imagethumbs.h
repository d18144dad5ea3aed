#pragma once

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>

#include <functional>

namespace bsp::ui {

// A decoded, scaled image of encoded bytes (PNG, JPEG, ...), or why it is not one.
struct Thumbnail
{
    QImage image; // at most maxSide on each side; null when it does not decode
    QSize fullSize;
    QString error; // why it does not decode, a sentence
};

// Decodes and scales images of a conversation (encoded bytes, not files) in a worker
// (imagedecode::decodeBytes on the global thread pool, the decoder every thumbnail of
// the app uses; files have ThumbnailCache, which keeps them on disk) and keeps the
// recent thumbnails in memory, so the UI thread never decodes: a view asks, and gets
// its thumbnail on `context`'s thread when it is ready (at once when cached). The
// cache holds the encoded bytes it was asked for (implicitly shared, not copied) so a
// key can never be reused by other data.
class ChatThumbnails final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatThumbnails)

public:
    using Handler = std::function<void(const Thumbnail &)>;

    static ChatThumbnails *instance();
    // `done` runs on context's thread unless context is gone first.
    void request(const QByteArray &bytes, int maxSide, QObject *context, Handler done);
    // Decodes synchronously on the calling thread (workers and tests).
    static Thumbnail decode(const QByteArray &bytes, int maxSide);
    int cachedCount() const { return int(m_entries.size()); }

private:
    ChatThumbnails() = default;
    struct Entry
    {
        QByteArray bytes;
        int maxSide = 0;
        Thumbnail thumb;
    };
    const Entry *find(const QByteArray &bytes, int maxSide) const;
    void insert(Entry entry);

    QList<Entry> m_entries; // most recent last
    static constexpr int kMaxEntries = 64;
};

} // namespace bsp::ui
