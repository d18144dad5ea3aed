#include "core/sseparser.h"

#include <cstring>

namespace bsp {

namespace {

const char *findByte(const char *from, const char *end, char c)
{
    return static_cast<const char *>(std::memchr(from, c, size_t(end - from)));
}

// Finds the next CR or LF in [from, end). `cr`/`lf` cache the next occurrence of each so
// a stream without any CR is not rescanned for one on every line (linear overall).
const char *nextLineEnd(const char *from, const char *end, const char *&cr, const char *&lf)
{
    if (cr && cr < from)
        cr = findByte(from, end, '\r');
    if (lf && lf < from)
        lf = findByte(from, end, '\n');
    if (!cr)
        return lf;
    if (!lf)
        return cr;
    return cr < lf ? cr : lf;
}

} // namespace

void SseParser::reset()
{
    m_pending.clear();
    m_event.clear();
    m_data.clear();
    m_hasData = false;
    m_bomChecked = false;
    m_skipLf = false;
    m_overflow = false;
}

qsizetype SseParser::feed(QByteArrayView chunk, QList<SseEvent> &out)
{
    const qsizetype before = out.size();
    if (chunk.isEmpty() || m_overflow)
        return 0;
    const char *p = chunk.data();
    const char *end = p + chunk.size();

    if (m_skipLf && p < end) {
        if (*p == '\n')
            ++p;
        m_skipLf = false;
    }
    if (!m_bomChecked) {
        // The BOM may itself arrive split; hold bytes until three are known.
        static constexpr char bom[] = "\xEF\xBB\xBF";
        const qsizetype have = m_pending.size();
        const qsizetype take = std::min<qsizetype>(3 - have, end - p);
        m_pending.append(p, take);
        if (m_pending.size() < 3
            && std::memcmp(m_pending.constData(), bom, size_t(m_pending.size())) == 0)
            return 0;
        p += take;
        QByteArray head = std::move(m_pending);
        m_pending.clear();
        m_bomChecked = true;
        if (head.startsWith(QByteArrayView(bom, 3)))
            head.remove(0, 3);
        if (!head.isEmpty()) {
            // Re-feed the held bytes through the normal path, then the rest of the chunk.
            feed(head, out);
            feed(QByteArrayView(p, end - p), out);
            return out.size() - before;
        }
    }

    const char *cr = findByte(p, end, '\r');
    const char *lf = findByte(p, end, '\n');
    if (!m_pending.isEmpty()) {
        const char *eol = nextLineEnd(p, end, cr, lf);
        if (!eol) {
            appendPending(p, end);
            return 0;
        }
        if (m_pending.size() + (eol - p) > m_maxBytes) {
            overflow();
            return 0;
        }
        m_pending.append(p, eol - p);
        processLine(m_pending, out);
        m_pending.clear();
        if (m_overflow)
            return out.size() - before;
        p = afterLineEnd(eol, end);
    }
    while (p < end) {
        const char *eol = nextLineEnd(p, end, cr, lf);
        if (!eol) {
            appendPending(p, end);
            break;
        }
        if (eol - p > m_maxBytes) {
            overflow();
            break;
        }
        processLine(QByteArrayView(p, eol - p), out);
        if (m_overflow)
            break;
        p = afterLineEnd(eol, end);
    }
    return out.size() - before;
}

const char *SseParser::afterLineEnd(const char *eol, const char *end)
{
    const char *p = eol + 1;
    if (*eol == '\r') {
        if (p < end) {
            if (*p == '\n')
                ++p;
        } else {
            m_skipLf = true; // its LF, if any, starts the next chunk
        }
    }
    return p;
}

void SseParser::appendPending(const char *from, const char *end)
{
    if (m_pending.size() + (end - from) > m_maxBytes) {
        overflow();
        return;
    }
    m_pending.append(from, end - from);
}

void SseParser::overflow()
{
    m_overflow = true;
    m_pending = QByteArray();
    m_data = QByteArray();
    m_event.clear();
    m_hasData = false;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        // Dispatch. An event without data lines is dropped, per the spec.
        if (m_hasData) {
            SseEvent ev;
            ev.event = m_event.isEmpty() ? QByteArray("message") : std::move(m_event);
            m_data.chop(1); // the LF after the last data line
            ev.data = std::move(m_data);
            ev.id = m_lastId;
            ev.retryMs = m_retry;
            out.append(std::move(ev));
        }
        m_event.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.front() == ':')
        return; // comment
    QByteArrayView field = line;
    QByteArrayView value;
    if (const char *colon = findByte(line.data(), line.data() + line.size(), ':')) {
        field = QByteArrayView(line.data(), colon - line.data());
        value = QByteArrayView(colon + 1, line.data() + line.size() - colon - 1);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_maxBytes) {
            overflow();
            return;
        }
        if (!m_hasData)
            m_data.reserve(value.size() + 1); // one allocation for the common one-line event
        m_data.append(value);
        m_data.append('\n');
        m_hasData = true;
    } else if (field == "event") {
        // Streams repeat a few names; sharing the last one saves an allocation per event.
        if (value != QByteArrayView(m_lastEventName))
            m_lastEventName = value.toByteArray();
        m_event = m_lastEventName;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = value.toByteArray();
    } else if (field == "retry") {
        bool digits = !value.isEmpty();
        for (char c : value)
            digits = digits && c >= '0' && c <= '9';
        if (digits)
            m_retry = value.toInt();
    }
}

} // namespace bsp
