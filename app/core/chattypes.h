#pragma once

#include "core/money.h"
#include "core/ratecard.h"
#include "core/wire_messages.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace bsp {

class RateCard;

// The settings of one conversation (or one compare column), saved with it.
struct ChatParams
{
    QString model;
    QString system;
    std::optional<double> temperature;
    int maxTokens = 1024;
    QStringList stopSequences;
    bool imageTool = false; // "Allow image generation": adds the gateway's generate_image tool
    QString imageModel = QStringLiteral("gpt-image-2");
    QString imageSize = QStringLiteral("1024x1024");

    QJsonObject toJson() const;
    static ChatParams fromJson(const QJsonObject &o);
    bool operator==(const ChatParams &) const = default;
};

// What one response cost and how fast it came; shown under every reply.
struct ChatMetrics
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 timeToFirstTokenMs = -1;
    qint64 totalMs = 0;
    std::optional<Credits> estimated; // before sending: input plus the expected output
    std::optional<Credits> estimatedMax; // before sending: at max tokens
    std::optional<Credits> charged; // after: 0 for failures, nullopt when the card has no price
    QString stopReason;
    QString requestId;

    // Output tokens per second of generation (after the first token).
    double tokensPerSecond() const;
    QJsonObject toJson() const;
    static ChatMetrics fromJson(const QJsonObject &o);
    // "in 12 · out 80 · TTFT 0.50 s · 1.20 s · 66.7 tok/s · $0.0012" (translated).
    QString summary() const;
};

// One turn of a conversation as stored and shown.
struct ChatTurn
{
    enum class Status { Complete = 0, Streaming = 1, Cancelled = 2, Failed = 3 };

    qint64 id = 0; // row id in the store; 0 until saved
    qint64 conversationId = 0;
    int seq = 0;
    int column = -1; // compare runs: the column (0..3); -1 in a plain conversation
    QString role; // "user" | "assistant"
    QString model;
    QList<ContentBlock> content;
    Status status = Status::Complete;
    QString error; // the typed error's display text, for failed turns
    ChatMetrics metrics;
    // A failed reply and the user message it answered are not sent as context unless
    // the user ticks this on the failed reply.
    bool includeInContext = false;

    QString text() const;
    static QString statusName(Status s);
    static Status statusFromName(const QString &name);
};

// A conversation or a compare run, as listed in the sidebar.
struct Conversation
{
    qint64 id = 0;
    QString title;
    QString kind = QStringLiteral("chat"); // "chat" | "compare"
    ChatParams params; // plain conversations
    QList<ChatParams> columns; // compare runs: one per column
    QDateTime created;
    QDateTime updated;
    Credits totalCredits = 0; // running total of charged credits of its turns
};

// Builds the request for a conversation: history turns (user and assistant; empty
// turns skipped; a failed exchange, i.e. a failed reply and the user turns it answered,
// skipped unless the failed reply has includeInContext) and the params.
MessageRequest buildRequest(const ChatParams &params, const QList<ChatTurn> &history);
// The turns of `history` that buildRequest sends (failed exchanges left out).
QList<ChatTurn> contextTurns(const QList<ChatTurn> &history);

// Cost of a finished response with the card; nullopt when the card has no price.
std::optional<Credits> responseCost(const RateCard &card, const ChatParams &params,
    const Message &message, qint64 inputTokens, qint64 outputTokens);

// The estimate shown before sending (CostService::estimateWith on the request):
// its input tokens (MessageRequest::estimatedInputTokens), the expected output, and
// one image when the image tool is on. estimateRequest() is the expected figure.
qint64 estimateRequestTokens(const MessageRequest &request);
CostEstimate estimateRequestRange(const RateCard &card, const MessageRequest &request);
std::optional<Credits> estimateRequest(
    const RateCard &card, const ChatParams &params, const MessageRequest &request);

} // namespace bsp
