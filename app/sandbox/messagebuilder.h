#pragma once

// /v1/messages without the HTTP: the request as the sandbox reads it, and the reply it
// builds from it. messagesroute.cpp adds the wire (JSON, SSE, billing, faults).

#include "sandbox/textengine.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace bsp::sandbox {

struct MessageImage
{
    QByteArray data; // decoded bytes (base64 source, or a sandbox file by URL)
    QString url; // a url source the sandbox could not resolve
};

// The gateway's image tool: {"type":"image_generation","name":"generate_image",...}.
struct ImageTool
{
    QString name = QStringLiteral("generate_image");
    QString model = QStringLiteral("gpt-image-2");
    QString size = QStringLiteral("1024x1024");
};

struct MessageRequest
{
    QString model;
    qint64 maxTokens = 0;
    bool stream = false;
    QStringList stopSequences;
    std::optional<double> temperature;
    QString systemText;
    int turns = 0;
    int userTurns = 0;
    int toolResults = 0;
    qint64 inputTokens = 0;
    QString lastUserText;
    QList<MessageImage> images;
    std::optional<ImageTool> imageTool; // listed in `tools`
    QString toolChoice = QStringLiteral("auto"); // auto | any | tool | none
    QString toolChoiceName;

    // Reads and validates the body; on failure returns nullopt with the message and the
    // offending parameter. `resolveUrl` maps an image URL to bytes when it can.
    static std::optional<MessageRequest> fromJson(const QJsonObject &o, QString *error,
        QString *param,
        const std::function<std::optional<QByteArray>(const QString &)> &resolveUrl = {});

    // Whether the reply calls the image tool. Deterministic: the tool is listed, and
    // either tool_choice forces it ({"type":"tool","name":<tool>} or {"type":"any"}), or
    // tool_choice is not "none" and the last user text asks for a picture
    // (picture/image/draw/paint/sketch/photo, 画, 图).
    bool usesImageTool() const;
};

// One content block of the answer, kept typed so both the JSON and the SSE writer
// render it the same way.
struct ReplyBlock
{
    enum class Kind { Text, ToolUse, Image };
    Kind kind = Kind::Text;
    QString text; // Text
    QString toolId; // ToolUse
    QString toolName;
    QJsonObject toolInput;
    QByteArray png; // Image

    QJsonObject toJson() const; // complete block as in a non-streaming answer
    QJsonObject startJson() const; // the content_block_start form (empty text/input)
};

struct ReplyPlan
{
    QList<ReplyBlock> blocks;
    QString stopReason;
    QString stopSequence;
    qint64 outputTokens = 0;
    bool imageBlocked = false;
};

// A new id in Anthropic's style: prefix + 24 base62 characters.
QString anthropicId(QStringView prefix);

} // namespace bsp::sandbox
