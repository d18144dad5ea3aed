#include "sandbox/messagebuilder.h"

#include "sandbox/validation.h"

#include "core/tokens.h"
#include "core/wire_messages.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QRandomGenerator>

#include <cmath>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

// Text of a `content` that is a string or an array of blocks (text blocks only).
QString plainText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    const QJsonArray blocks = content.toArray();
    for (const QJsonValue &b : blocks) {
        const QJsonObject block = b.toObject();
        if (block.value(u"type"_s).toString() == u"text"_s)
            parts.append(block.value(u"text"_s).toString());
    }
    return parts.join(u'\n');
}

bool readImage(const QJsonObject &block, MessageImage *out, QString *error,
    const std::function<std::optional<QByteArray>(const QString &)> &resolveUrl)
{
    const QJsonObject source = block.value(u"source"_s).toObject();
    const QString type = source.value(u"type"_s).toString();
    if (type == u"base64"_s) {
        const auto decoded = QByteArray::fromBase64Encoding(
            source.value(u"data"_s).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            *error = u"image source data is not valid base64"_s;
            return false;
        }
        out->data = decoded.decoded;
        return true;
    }
    if (type == u"url"_s) {
        const QString url = source.value(u"url"_s).toString();
        if (url.isEmpty()) {
            *error = u"image source url is empty"_s;
            return false;
        }
        if (resolveUrl) {
            if (const auto bytes = resolveUrl(url)) {
                out->data = *bytes;
                return true;
            }
        }
        out->url = url;
        return true;
    }
    *error = u"image source type must be \"base64\" or \"url\""_s;
    return false;
}

} // namespace

std::optional<MessageRequest> MessageRequest::fromJson(const QJsonObject &o, QString *error,
    QString *param, const std::function<std::optional<QByteArray>(const QString &)> &resolveUrl)
{
    const auto bad = [&](const QString &p, const QString &message) {
        *param = p;
        *error = message;
        return std::nullopt;
    };
    MessageRequest r;
    r.model = o.value(u"model"_s).toString().trimmed();
    if (r.model.isEmpty())
        return bad(u"model"_s, u"model: field required"_s);
    FieldError fieldError;
    const auto maxTokens = readInteger(
        o, u"max_tokens"_s, 1, std::numeric_limits<qint64>::max(), std::nullopt, &fieldError);
    if (!maxTokens)
        return bad(fieldError.param, fieldError.message);
    r.maxTokens = *maxTokens;
    r.stream = o.value(u"stream"_s).toBool(false);

    if (o.contains(u"temperature"_s)) {
        const QJsonValue t = o.value(u"temperature"_s);
        if (!t.isDouble() || t.toDouble() < 0 || t.toDouble() > 1)
            return bad(u"temperature"_s, u"temperature: must be a number between 0 and 1"_s);
        r.temperature = t.toDouble();
    }
    if (o.contains(u"stop_sequences"_s)) {
        const QJsonArray stops = o.value(u"stop_sequences"_s).toArray();
        for (const QJsonValue &s : stops) {
            if (!s.isString())
                return bad(u"stop_sequences"_s, u"stop_sequences: must be strings"_s);
            r.stopSequences.append(s.toString());
        }
    }

    const QJsonValue system = o.value(u"system"_s);
    if (!system.isUndefined() && !system.isNull()) {
        if (!system.isString() && !system.isArray())
            return bad(u"system"_s, u"system: must be a string or an array of text blocks"_s);
        r.systemText = plainText(system);
    }

    // Input tokens: the client's own count (MessageRequest::estimatedInputTokens), so an
    // estimate of a sandbox call is what the sandbox bills. This walk only validates.
    const QJsonValue messages = o.value(u"messages"_s);
    if (!messages.isArray() || messages.toArray().isEmpty())
        return bad(u"messages"_s, u"messages: at least one message is required"_s);
    const QJsonArray list = messages.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject m = list.at(i).toObject();
        const QString role = m.value(u"role"_s).toString();
        const QString where = u"messages."_s + QString::number(i);
        if (role != u"user"_s && role != u"assistant"_s)
            return bad(where + u".role"_s, where + u".role: must be \"user\" or \"assistant\""_s);
        ++r.turns;
        if (role == u"user"_s)
            ++r.userTurns;
        const QJsonValue content = m.value(u"content"_s);
        if (content.isArray()) {
            const QJsonArray blocks = content.toArray();
            for (const QJsonValue &bv : blocks) {
                const QJsonObject b = bv.toObject();
                const QString type = b.value(u"type"_s).toString();
                if (type == u"image"_s) {
                    MessageImage img;
                    QString why;
                    if (!readImage(b, &img, &why, resolveUrl))
                        return bad(where + u".content"_s, where + u": "_s + why);
                    r.images.append(img);
                } else if (type == u"tool_result"_s) {
                    ++r.toolResults;
                }
                // Unknown block types are ignored, as the protocol says.
            }
        } else if (!content.isString()) {
            return bad(where + u".content"_s, where + u".content: must be a string or blocks"_s);
        }
        if (role == u"user"_s)
            r.lastUserText = plainText(content);
    }
    bsp::MessageRequest counted = bsp::MessageRequest::fromJson(o);
    counted.system = r.systemText; // a system given as text blocks, joined as read above
    r.inputTokens = counted.estimatedInputTokens();

    const QJsonArray tools = o.value(u"tools"_s).toArray();
    for (const QJsonValue &tv : tools) {
        const QJsonObject t = tv.toObject();
        if (t.value(u"type"_s).toString() != u"image_generation"_s)
            continue;
        ImageTool tool;
        tool.name = t.value(u"name"_s).toString(tool.name);
        tool.model = t.value(u"model"_s).toString(tool.model);
        tool.size = t.value(u"size"_s).toString(tool.size);
        r.imageTool = tool;
    }
    const QJsonObject choice = o.value(u"tool_choice"_s).toObject();
    if (!choice.isEmpty()) {
        r.toolChoice = choice.value(u"type"_s).toString(u"auto"_s);
        r.toolChoiceName = choice.value(u"name"_s).toString();
    }
    return r;
}

bool MessageRequest::usesImageTool() const
{
    if (!imageTool || toolChoice == u"none"_s)
        return false;
    if (toolChoice == u"any"_s)
        return true;
    if (toolChoice == u"tool"_s)
        return toolChoiceName == imageTool->name;
    return asksForPicture(lastUserText);
}

QJsonObject ReplyBlock::toJson() const
{
    switch (kind) {
    case Kind::Text:
        return QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, text}};
    case Kind::ToolUse:
        return QJsonObject {{u"type"_s, u"tool_use"_s}, {u"id"_s, toolId}, {u"name"_s, toolName},
            {u"input"_s, toolInput}};
    case Kind::Image:
        return QJsonObject {{u"type"_s, u"image"_s},
            {u"source"_s,
                QJsonObject {{u"type"_s, u"base64"_s}, {u"media_type"_s, u"image/png"_s},
                    {u"data"_s, QString::fromLatin1(png.toBase64())}}}};
    }
    return {};
}

QJsonObject ReplyBlock::startJson() const
{
    switch (kind) {
    case Kind::Text:
        return QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, u""_s}};
    case Kind::ToolUse:
        return QJsonObject {{u"type"_s, u"tool_use"_s}, {u"id"_s, toolId}, {u"name"_s, toolName},
            {u"input"_s, QJsonObject {}}};
    case Kind::Image:
        return toJson(); // the image arrives whole in its start event
    }
    return {};
}

QString anthropicId(QStringView prefix)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QString id = prefix.toString();
    for (int i = 0; i < 24; ++i)
        id += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(62)]);
    return id;
}

} // namespace bsp::sandbox
