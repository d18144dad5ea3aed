#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace bsp {

// One content block of a Messages request or answer. Only the fields of its `type`
// are meaningful; unknown block types are kept with `type` and `raw` so nothing is lost.
struct ContentBlock
{
    QString type; // "text", "image", "tool_use", "tool_result", ...
    QString text; // text
    // image: source {"type":"base64","media_type","data"} or {"type":"url","url"}
    QString mediaType;
    QByteArray data; // decoded image bytes (base64 on the wire)
    QUrl url;
    // tool_use
    QString id;
    QString name;
    QJsonObject input;
    // tool_result (and the "also accept" image nested in a block with tool_use_id)
    QString toolUseId;
    QList<ContentBlock> content;
    bool isError = false;
    QJsonObject raw; // the block as received (unknown types)

    static ContentBlock textBlock(const QString &text);
    static ContentBlock imageBlock(const QByteArray &bytes, const QString &mediaType);
    static ContentBlock imageUrlBlock(const QUrl &url);

    bool isImage() const { return type == QLatin1StringView("image"); }
    QJsonObject toJson() const;
    static ContentBlock fromJson(const QJsonObject &o);
};

struct InputMessage
{
    QString role; // "user" | "assistant"
    QList<ContentBlock> content;

    static InputMessage user(const QString &text);
    QJsonObject toJson() const;
    static InputMessage fromJson(const QJsonObject &o);
};

struct MessageRequest
{
    QString model;
    int maxTokens = 1024;
    QString system;
    QList<InputMessage> messages;
    QJsonArray
        tools; // incl. the gateway tool {"type":"image_generation","name":"generate_image",...}
    QJsonObject toolChoice;
    std::optional<double> temperature;
    std::optional<double> topP;
    QStringList stopSequences;
    QJsonObject metadata;

    // Adds the gateway's image tool (opt-in image generation inside a message).
    void addImageTool(const QString &imageModel, const QString &size);
    QJsonObject toJson(bool stream = false) const;
    static MessageRequest fromJson(const QJsonObject &o);
    // Input tokens by the gateway's counting rule (tokens.h): the system prompt, text
    // blocks, tool inputs as compact JSON and tool results. Images count 0.
    qint64 estimatedInputTokens() const;
    // The gateway image tool's model and size, when the request lists it.
    std::optional<QPair<QString, QString>> imageTool() const;
};

struct MessageUsage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheCreationInputTokens = 0;
    qint64 cacheReadInputTokens = 0;

    // Cumulative merge: fields present in `o` replace ours (message_delta semantics).
    void mergeJson(const QJsonObject &o);
    QJsonObject toJson() const;
    static MessageUsage fromJson(const QJsonObject &o);
};

struct Message
{
    QString id;
    QString model;
    QString role = QStringLiteral("assistant");
    QList<ContentBlock> content;
    QString stopReason; // known reasons as on the wire; unknown -> "other"; empty while streaming
    QString stopSequence;
    MessageUsage usage;

    // The concatenated text of all text blocks.
    QString text() const;
    // Every image block, including images nested in a block with tool_use_id.
    QList<ContentBlock> images() const;
    static QString normalizeStopReason(const QString &wire);
    QJsonObject toJson() const;
    static std::optional<Message> fromJson(const QJsonObject &o);
};

// One event of a streamed message, already applied to the running Message snapshot.
struct MessageStreamEvent
{
    enum class Type {
        MessageStart,
        BlockStart, // `block` is the block as it started (image blocks arrive whole here)
        TextDelta, // `text` is the new text of block `index`
        InputJsonDelta, // `text` is the partial_json piece of block `index`
        BlockStop, // tool_use input parsed into the snapshot's block
        MessageDelta, // stop reason and cumulative usage
        MessageStop,
        Ping,
        Error, // ends the stream; the call ends with ApiError::Kind::StreamError
    };
    Type type = Type::Ping;
    int index = -1;
    QString text;
    ContentBlock block;
    QString stopReason;
    MessageUsage usage;
    QString errorType;
    QString errorMessage;
};

} // namespace bsp
