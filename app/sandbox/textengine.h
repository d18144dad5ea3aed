#pragma once

// The sandbox's text "model": deterministic templates over real facts of the input.
// Pure functions, no Qt event loop, so they are easy to test and run anywhere.

#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace bsp::sandbox {

// Facts the reply reports about one attached image.
struct ReplyImage
{
    QSize size;
    QString format;
    QStringList colours;
};

struct ReplyFacts
{
    QString model;
    qint64 inputTokens = 0;
    int turns = 0; // messages in the request
    int userTurns = 0;
    bool hasSystem = false;
    int toolResults = 0;
    QList<ReplyImage> images;
    QString lastUserText;
    std::optional<double> temperature;
};

// The full synthetic reply for `facts`; each model has its own voice and length, and a
// temperature above zero picks another wording deterministically from the inputs.
QString composeReply(const ReplyFacts &facts);

// The reply cut to the request's limits, with Anthropic's stop reason.
struct LimitedText
{
    QString text;
    QString stopReason; // "end_turn", "max_tokens", "stop_sequence"
    QString stopSequence; // the sequence that matched, for "stop_sequence"
};
LimitedText applyLimits(const QString &text, qint64 maxTokens, const QStringList &stopSequences);

// Splits text into stream deltas of about `tokensPerDelta` tokens each, cutting only
// after whitespace so each delta is a readable piece. Concatenation gives `text` back.
QStringList splitDeltas(const QString &text, int tokensPerDelta = 2);

// Splits a JSON text into `parts` roughly equal partial_json pieces.
QStringList splitPartialJson(const QString &json, int parts);

// Whether the last user text asks for a picture (English or Chinese keywords).
bool asksForPicture(const QString &text);

} // namespace bsp::sandbox
