#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>
#include <optional>

namespace bsp {

// One dispatched Server-Sent Event. `event` is "message" when the stream named none.
struct SseEvent
{
    QByteArray event;
    QByteArray data; // multi-line data joined with '\n'
    QByteArray id; // the last event id (sticky, as the spec says)
    std::optional<int> retryMs;
};

// Incremental parser for text/event-stream per the WHATWG rules: CR, LF and CRLF line
// ends (a CR at the end of one chunk and its LF at the start of the next count once),
// a leading BOM, comments, fields without a colon, one optional space after the colon.
// Works on bytes with memchr; feed() whatever readyRead delivered.
class SseParser
{
public:
    // Appends every event completed by `chunk` to `out`; returns how many.
    qsizetype feed(QByteArrayView chunk, QList<SseEvent> &out);
    QList<SseEvent> feed(QByteArrayView chunk)
    {
        QList<SseEvent> out;
        feed(chunk, out);
        return out;
    }
    // End of stream: an incomplete last event is discarded (as the spec says).
    void reset();

    // The most bytes one line, or the data of one event, may hold (default 48 MiB: an
    // image block arrives whole in one line). Past it the parser stops: overflowed() is
    // true and every later feed() is ignored, so a stream without line ends cannot grow
    // the buffer without bound.
    void setMaxEventBytes(qsizetype bytes) { m_maxBytes = bytes; }
    qsizetype maxEventBytes() const { return m_maxBytes; }
    bool overflowed() const { return m_overflow; }
    QByteArray lastEventId() const { return m_lastId; }
    std::optional<int> retryMs() const { return m_retry; }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void appendPending(const char *from, const char *end);
    // The first byte after the line end at `eol` (CRLF counts once, across chunks too).
    const char *afterLineEnd(const char *eol, const char *end);
    void overflow();

    QByteArray m_pending; // an incomplete line carried to the next chunk
    QByteArray m_event;
    QByteArray m_lastEventName;
    QByteArray m_data;
    bool m_hasData = false;
    QByteArray m_lastId;
    std::optional<int> m_retry;
    bool m_bomChecked = false;
    bool m_skipLf = false; // the previous chunk ended in CR
    bool m_overflow = false;
    qsizetype m_maxBytes = 48LL << 20;
};

} // namespace bsp
