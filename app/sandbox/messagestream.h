#pragma once

// The SSE side of /v1/messages: Anthropic's event sequence, written progressively at
// the model's speed, with the stream faults and partial billing on client abort.

#include "core/money.h"
#include "sandbox/context.h"
#include "sandbox/messagebuilder.h"

#include <QJsonObject>
#include <QString>

namespace bsp::sandbox {

struct StreamSpec
{
    QString messageId;
    QString model;
    qint64 inputTokens = 0;
    ReplyPlan plan;
    Credits imageCost = 0; // billed once the image block was sent
    int firstTokenMs = 0; // already scaled
    double msPerToken = 10; // already scaled
    bool streamError = false; // an `error` event after a few deltas
};

// Takes over `call` (which has its credits reserved) and streams the plan. Success bills
// input + output (+ image); a client that disconnects before message_stop is billed
// for the input and the output tokens already sent (row "cancelled"); drop_stream,
// malformed and stream_error end it free (row "failed").
void startMessageStream(SandboxContext &ctx, const CallPtr &call, const StreamSpec &spec);

// Anthropic's usage object.
QJsonObject usageJson(qint64 inputTokens, qint64 outputTokens);

} // namespace bsp::sandbox
