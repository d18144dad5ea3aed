#include "core/messageaccumulator.h"

#include "core/tokens.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace bsp {

ContentBlock *MessageAccumulator::blockAt(int index)
{
    const auto it = m_position.constFind(index);
    if (it == m_position.cend())
        return nullptr;
    return &m_message.content[*it];
}

bool MessageAccumulator::account(qint64 bytes)
{
    m_bytes += bytes;
    if (m_maxBytes <= 0 || m_bytes <= m_maxBytes || m_error)
        return !m_error;
    ApiError e = ApiError::tooLarge(m_maxBytes);
    e.httpStatus = 200;
    e.message = QCoreApplication::translate(
        "bsp::GatewayClient", "the reply passed the %1 MiB limit and was stopped")
                    .arg(double(m_maxBytes) / double(1 << 20), 0, 'f', 0);
    e.requestId = m_message.id;
    m_error = e;
    return false;
}

std::optional<MessageStreamEvent> MessageAccumulator::apply(const SseEvent &sse)
{
    if (m_error)
        return std::nullopt; // the stream already ended
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(sse.data, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        m_malformed = u"stream event '%1' is not JSON: %2"_s.arg(
            QString::fromUtf8(sse.event), pe.errorString());
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    // The `type` field names the event; the SSE event name is the same by protocol.
    QString type = o.value("type"_L1).toString();
    if (type.isEmpty())
        type = QString::fromUtf8(sse.event);

    MessageStreamEvent ev;
    if (type == "message_start"_L1) {
        const QJsonObject m = o.value("message"_L1).toObject();
        m_message.id = m.value("id"_L1).toString();
        m_message.model = m.value("model"_L1).toString();
        m_message.role = m.value("role"_L1).toString(u"assistant"_s);
        m_message.usage.mergeJson(m.value("usage"_L1).toObject());
        m_started = true;
        ev.type = MessageStreamEvent::Type::MessageStart;
        ev.usage = m_message.usage;
        return ev;
    }
    if (type == "content_block_start"_L1) {
        ev.type = MessageStreamEvent::Type::BlockStart;
        ev.index = o.value("index"_L1).toInt(int(m_position.size()));
        ev.block = ContentBlock::fromJson(o.value("content_block"_L1).toObject());
        if (ev.block.type == "tool_use"_L1)
            ev.block.input = {}; // filled at content_block_stop from the deltas
        if (!account(ev.block.data.size() + ev.block.text.size() * qsizetype(sizeof(QChar))))
            return errorEvent();
        m_position.insert(ev.index, m_message.content.size());
        m_message.content.append(ev.block);
        if (ev.block.isImage() || !ev.block.text.isEmpty() || !ev.block.content.isEmpty())
            m_sawToken = true;
        return ev;
    }
    if (type == "content_block_delta"_L1) {
        ev.index = o.value("index"_L1).toInt();
        const QJsonObject delta = o.value("delta"_L1).toObject();
        const QString dtype = delta.value("type"_L1).toString();
        ContentBlock *block = blockAt(ev.index);
        if (dtype == "text_delta"_L1) {
            ev.type = MessageStreamEvent::Type::TextDelta;
            ev.text = delta.value("text"_L1).toString();
            m_textTokens += estimateTokens(ev.text);
            if (m_keepText && block) {
                if (!account(ev.text.size() * qsizetype(sizeof(QChar))))
                    return errorEvent();
                block->text += ev.text;
            }
        } else if (dtype == "input_json_delta"_L1) {
            ev.type = MessageStreamEvent::Type::InputJsonDelta;
            ev.text = delta.value("partial_json"_L1).toString();
            if (!account(ev.text.size()))
                return errorEvent();
            m_partialJson[ev.index] += ev.text.toUtf8();
        } else {
            return std::nullopt; // thinking, citations, ...: not shown by this client
        }
        m_sawToken = true;
        return ev;
    }
    if (type == "content_block_stop"_L1) {
        ev.type = MessageStreamEvent::Type::BlockStop;
        ev.index = o.value("index"_L1).toInt();
        if (ContentBlock *block = blockAt(ev.index)) {
            if (block->type == "tool_use"_L1) {
                const QByteArray json = m_partialJson.take(ev.index).trimmed();
                block->input
                    = json.isEmpty() ? QJsonObject {} : QJsonDocument::fromJson(json).object();
            }
            ev.block = *block;
        }
        return ev;
    }
    if (type == "message_delta"_L1) {
        ev.type = MessageStreamEvent::Type::MessageDelta;
        const QJsonObject delta = o.value("delta"_L1).toObject();
        if (delta.contains("stop_reason"_L1))
            m_message.stopReason
                = Message::normalizeStopReason(delta.value("stop_reason"_L1).toString());
        if (delta.contains("stop_sequence"_L1))
            m_message.stopSequence = delta.value("stop_sequence"_L1).toString();
        m_message.usage.mergeJson(o.value("usage"_L1).toObject());
        ev.stopReason = m_message.stopReason;
        ev.usage = m_message.usage;
        return ev;
    }
    if (type == "message_stop"_L1) {
        m_stopped = true;
        ev.type = MessageStreamEvent::Type::MessageStop;
        ev.usage = m_message.usage;
        return ev;
    }
    if (type == "ping"_L1) {
        ev.type = MessageStreamEvent::Type::Ping;
        return ev;
    }
    if (type == "error"_L1) {
        const QJsonObject err = o.value("error"_L1).toObject();
        ApiError e;
        e.kind = ApiError::Kind::StreamError;
        e.httpStatus = 200;
        e.type = err.value("type"_L1).toString();
        e.code = err.value("code"_L1).isString() ? err.value("code"_L1).toString() : e.type;
        e.message = err.value("message"_L1).toString();
        e.requestId = o.value("request_id"_L1).toString();
        e.billed = false; // a mid-stream error is free
        // Scrubbed here too: the event reaches the view before the call ends.
        m_error = e.scrubbed();
        return errorEvent();
    }
    return std::nullopt;
}

MessageStreamEvent MessageAccumulator::errorEvent() const
{
    MessageStreamEvent ev;
    ev.type = MessageStreamEvent::Type::Error;
    if (m_error) {
        ev.errorType = m_error->type;
        ev.errorMessage = m_error->message;
    }
    return ev;
}

} // namespace bsp
