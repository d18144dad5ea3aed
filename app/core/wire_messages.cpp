#include "core/wire_messages.h"

#include "core/tokens.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

void readImageSource(ContentBlock &b, const QJsonObject &source)
{
    const QString type = source.value("type"_L1).toString();
    if (type == "url"_L1 || (type.isEmpty() && source.contains("url"_L1))) {
        b.url = QUrl(source.value("url"_L1).toString());
    } else {
        b.mediaType = source.value("media_type"_L1).toString();
        b.data = QByteArray::fromBase64(source.value("data"_L1).toString().toLatin1());
    }
}

void collectImages(const QList<ContentBlock> &blocks, QList<ContentBlock> &out)
{
    for (const ContentBlock &b : blocks) {
        if (b.isImage())
            out.append(b);
        else if (!b.content.isEmpty())
            collectImages(b.content, out);
    }
}

} // namespace

ContentBlock ContentBlock::textBlock(const QString &text)
{
    ContentBlock b;
    b.type = u"text"_s;
    b.text = text;
    return b;
}

ContentBlock ContentBlock::imageBlock(const QByteArray &bytes, const QString &mediaType)
{
    ContentBlock b;
    b.type = u"image"_s;
    b.data = bytes;
    b.mediaType = mediaType;
    return b;
}

ContentBlock ContentBlock::imageUrlBlock(const QUrl &url)
{
    ContentBlock b;
    b.type = u"image"_s;
    b.url = url;
    return b;
}

QJsonObject ContentBlock::toJson() const
{
    QJsonObject o {{"type"_L1, type}};
    if (type == "text"_L1) {
        o.insert("text"_L1, text);
    } else if (type == "image"_L1) {
        if (url.isValid() && data.isEmpty())
            o.insert("source"_L1, QJsonObject {{"type"_L1, "url"_L1}, {"url"_L1, url.toString()}});
        else
            o.insert("source"_L1,
                QJsonObject {{"type"_L1, "base64"_L1}, {"media_type"_L1, mediaType},
                    {"data"_L1, QString::fromLatin1(data.toBase64())}});
        if (!toolUseId.isEmpty())
            o.insert("tool_use_id"_L1, toolUseId);
    } else if (type == "tool_use"_L1) {
        o.insert("id"_L1, id);
        o.insert("name"_L1, name);
        o.insert("input"_L1, input);
    } else if (type == "tool_result"_L1) {
        o.insert("tool_use_id"_L1, toolUseId);
        QJsonArray c;
        for (const ContentBlock &b : content)
            c.append(b.toJson());
        o.insert("content"_L1, c);
        if (isError)
            o.insert("is_error"_L1, true);
    } else {
        o = raw;
    }
    return o;
}

ContentBlock ContentBlock::fromJson(const QJsonObject &o)
{
    ContentBlock b;
    b.type = o.value("type"_L1).toString();
    b.raw = o;
    b.text = o.value("text"_L1).toString();
    b.id = o.value("id"_L1).toString();
    b.name = o.value("name"_L1).toString();
    b.input = o.value("input"_L1).toObject();
    b.toolUseId = o.value("tool_use_id"_L1).toString();
    b.isError = o.value("is_error"_L1).toBool();
    if (b.type == "image"_L1)
        readImageSource(b, o.value("source"_L1).toObject());
    const QJsonValue c = o.value("content"_L1);
    if (c.isArray()) {
        const QJsonArray arr = c.toArray();
        for (const QJsonValue &x : arr)
            b.content.append(fromJson(x.toObject()));
    } else if (c.isString()) {
        b.content.append(textBlock(c.toString()));
    }
    return b;
}

InputMessage InputMessage::user(const QString &text)
{
    return InputMessage {u"user"_s, {ContentBlock::textBlock(text)}};
}

QJsonObject InputMessage::toJson() const
{
    QJsonArray c;
    for (const ContentBlock &b : content)
        c.append(b.toJson());
    return QJsonObject {{"role"_L1, role}, {"content"_L1, c}};
}

InputMessage InputMessage::fromJson(const QJsonObject &o)
{
    InputMessage m;
    m.role = o.value("role"_L1).toString();
    const QJsonValue c = o.value("content"_L1);
    if (c.isString()) {
        m.content.append(ContentBlock::textBlock(c.toString()));
    } else {
        const QJsonArray arr = c.toArray();
        for (const QJsonValue &x : arr)
            m.content.append(ContentBlock::fromJson(x.toObject()));
    }
    return m;
}

void MessageRequest::addImageTool(const QString &imageModel, const QString &size)
{
    tools.append(QJsonObject {{"type"_L1, "image_generation"_L1}, {"name"_L1, "generate_image"_L1},
        {"model"_L1, imageModel}, {"size"_L1, size}});
}

QJsonObject MessageRequest::toJson(bool stream) const
{
    QJsonObject o {{"model"_L1, model}, {"max_tokens"_L1, maxTokens}};
    if (!system.isEmpty())
        o.insert("system"_L1, system);
    QJsonArray msgs;
    for (const InputMessage &m : messages)
        msgs.append(m.toJson());
    o.insert("messages"_L1, msgs);
    if (!tools.isEmpty())
        o.insert("tools"_L1, tools);
    if (!toolChoice.isEmpty())
        o.insert("tool_choice"_L1, toolChoice);
    if (temperature)
        o.insert("temperature"_L1, *temperature);
    if (topP)
        o.insert("top_p"_L1, *topP);
    if (!stopSequences.isEmpty())
        o.insert("stop_sequences"_L1, QJsonArray::fromStringList(stopSequences));
    if (!metadata.isEmpty())
        o.insert("metadata"_L1, metadata);
    if (stream)
        o.insert("stream"_L1, true);
    return o;
}

MessageRequest MessageRequest::fromJson(const QJsonObject &o)
{
    MessageRequest r;
    r.model = o.value("model"_L1).toString();
    r.maxTokens = o.value("max_tokens"_L1).toInt(1024);
    r.system = o.value("system"_L1).toString();
    const QJsonArray msgs = o.value("messages"_L1).toArray();
    for (const QJsonValue &m : msgs)
        r.messages.append(InputMessage::fromJson(m.toObject()));
    r.tools = o.value("tools"_L1).toArray();
    r.toolChoice = o.value("tool_choice"_L1).toObject();
    if (o.contains("temperature"_L1))
        r.temperature = o.value("temperature"_L1).toDouble();
    if (o.contains("top_p"_L1))
        r.topP = o.value("top_p"_L1).toDouble();
    const QJsonArray stops = o.value("stop_sequences"_L1).toArray();
    for (const QJsonValue &s : stops)
        r.stopSequences << s.toString();
    r.metadata = o.value("metadata"_L1).toObject();
    return r;
}

void MessageUsage::mergeJson(const QJsonObject &o)
{
    const auto take = [&o](QLatin1StringView key, qint64 &field) {
        const QJsonValue v = o.value(key);
        if (v.isDouble())
            field = v.toInteger();
    };
    take("input_tokens"_L1, inputTokens);
    take("output_tokens"_L1, outputTokens);
    take("cache_creation_input_tokens"_L1, cacheCreationInputTokens);
    take("cache_read_input_tokens"_L1, cacheReadInputTokens);
}

QJsonObject MessageUsage::toJson() const
{
    return QJsonObject {{"input_tokens"_L1, inputTokens}, {"output_tokens"_L1, outputTokens},
        {"cache_creation_input_tokens"_L1, cacheCreationInputTokens},
        {"cache_read_input_tokens"_L1, cacheReadInputTokens}};
}

MessageUsage MessageUsage::fromJson(const QJsonObject &o)
{
    MessageUsage u;
    u.mergeJson(o);
    return u;
}

QString Message::text() const
{
    QString out;
    for (const ContentBlock &b : content) {
        if (b.type == "text"_L1)
            out += b.text;
    }
    return out;
}

QList<ContentBlock> Message::images() const
{
    QList<ContentBlock> out;
    collectImages(content, out);
    return out;
}

QString Message::normalizeStopReason(const QString &wire)
{
    static const QStringList known {u"end_turn"_s, u"max_tokens"_s, u"stop_sequence"_s,
        u"tool_use"_s, u"pause_turn"_s, u"refusal"_s};
    if (wire.isEmpty() || known.contains(wire))
        return wire;
    return u"other"_s;
}

QJsonObject Message::toJson() const
{
    QJsonArray c;
    for (const ContentBlock &b : content)
        c.append(b.toJson());
    QJsonObject o {{"id"_L1, id}, {"type"_L1, "message"_L1}, {"role"_L1, role}, {"model"_L1, model},
        {"content"_L1, c}, {"usage"_L1, usage.toJson()},
        {"stop_reason"_L1, stopReason.isEmpty() ? QJsonValue() : QJsonValue(stopReason)}};
    if (!stopSequence.isEmpty())
        o.insert("stop_sequence"_L1, stopSequence);
    return o;
}

std::optional<Message> Message::fromJson(const QJsonObject &o)
{
    if (!o.value("content"_L1).isArray())
        return std::nullopt;
    Message m;
    m.id = o.value("id"_L1).toString();
    m.model = o.value("model"_L1).toString();
    m.role = o.value("role"_L1).toString(u"assistant"_s);
    const QJsonArray c = o.value("content"_L1).toArray();
    for (const QJsonValue &b : c)
        m.content.append(ContentBlock::fromJson(b.toObject()));
    m.stopReason = normalizeStopReason(o.value("stop_reason"_L1).toString());
    m.stopSequence = o.value("stop_sequence"_L1).toString();
    m.usage = MessageUsage::fromJson(o.value("usage"_L1).toObject());
    return m;
}

namespace {

qint64 blockTokens(const ContentBlock &b)
{
    if (b.type == "text"_L1)
        return estimateTokens(b.text);
    if (b.type == "tool_use"_L1)
        return estimateTokens(
            QString::fromUtf8(QJsonDocument(b.input).toJson(QJsonDocument::Compact)));
    if (b.type == "tool_result"_L1) {
        qint64 n = estimateTokens(b.text);
        for (const ContentBlock &inner : b.content)
            n += blockTokens(inner);
        return n;
    }
    return 0;
}

} // namespace

qint64 MessageRequest::estimatedInputTokens() const
{
    qint64 n = estimateTokens(system);
    for (const InputMessage &m : messages) {
        for (const ContentBlock &b : m.content)
            n += blockTokens(b);
    }
    return n;
}

std::optional<QPair<QString, QString>> MessageRequest::imageTool() const
{
    for (const QJsonValue &t : tools) {
        const QJsonObject o = t.toObject();
        if (o.value("type"_L1).toString() == "image_generation"_L1)
            return std::pair {o.value("model"_L1).toString(), o.value("size"_L1).toString()};
    }
    return std::nullopt;
}

} // namespace bsp
