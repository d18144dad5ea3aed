#pragma once

#include "core/apierror.h"
#include "core/sseparser.h"
#include "core/wire_messages.h"

#include <QHash>

#include <optional>

namespace bsp {

// Builds a Message from the Anthropic streaming events, one SSE event at a time:
// blocks by index, text deltas appended, input_json_delta pieces concatenated per
// index and parsed at content_block_stop (empty = {}), cumulative usage from
// message_delta. Unknown events, blocks and delta types are ignored. Pure (no I/O),
// so the rules are testable without a socket.
class MessageAccumulator
{
public:
    // Applies one event. Returns the typed event, or nullopt when the event is ignored.
    // A data payload that is not JSON sets malformed() and returns nullopt.
    std::optional<MessageStreamEvent> apply(const SseEvent &event);

    // Most bytes of content kept (text, tool JSON, images); past it the stream ends with
    // a ResponseTooLarge streamError(). 0 = no limit.
    void setMaxContentBytes(qint64 bytes) { m_maxBytes = bytes; }
    // false: text deltas are handed out in the events but not appended to message(), so
    // a consumer that prints them keeps only usage and the stop reason.
    void setKeepText(bool keep) { m_keepText = keep; }
    // Estimated tokens of the text seen, kept or not (what a client abort is billed for).
    qint64 estimatedTextTokens() const { return m_textTokens; }

    const Message &message() const { return m_message; }
    Message takeMessage() { return std::move(m_message); }
    bool started() const { return m_started; }
    bool stopped() const { return m_stopped; } // message_stop seen
    bool sawToken() const { return m_sawToken; } // any text/json delta or whole block
    const std::optional<ApiError> &streamError() const { return m_error; } // `error` event
    const QString &malformed() const { return m_malformed; }

private:
    ContentBlock *blockAt(int index);
    // Counts `bytes` more of content; false (with the error set) past the limit.
    bool account(qint64 bytes);
    MessageStreamEvent errorEvent() const; // an Error event for m_error

    Message m_message;
    QHash<int, qsizetype> m_position; // wire index -> position in m_message.content
    QHash<int, QByteArray> m_partialJson;
    std::optional<ApiError> m_error;
    QString m_malformed;
    bool m_started = false;
    bool m_stopped = false;
    bool m_sawToken = false;
    bool m_keepText = true;
    qint64 m_maxBytes = 0;
    qint64 m_bytes = 0;
    qint64 m_textTokens = 0;
};

} // namespace bsp
