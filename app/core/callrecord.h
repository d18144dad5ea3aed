#pragma once

#include "core/apierror.h"
#include "core/money.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace bsp {

// What the GatewayClient reports about every call it finishes, success or failure.
// The cost service turns it into a ledger entry with the rate card: the client knows
// the facts of the call, not its price.
struct CallRecord
{
    enum class Outcome { Succeeded, Failed, Cancelled, Reserved };

    QString callId; // client-side id, stable across updates of the same call (tasks)
    QDateTime startedAt;
    QDateTime finishedAt;
    QString tab; // "chat", "image", "video", "embeddings", "cli", ... (set by the caller)
    // The profile whose endpoint the client was pointed at when the call started: the
    // ledger books the call under it, whatever profile the window shows by then.
    QString profileId;
    QString route; // "/v1/messages", "/v1/images/generations", ...
    QString model;
    QString requestId; // gateway `request-id` header, when a response came
    Outcome outcome = Outcome::Succeeded;
    int httpStatus = 0;
    std::optional<ApiError> error;

    // Facts the bill depends on (whatever applies to the route):
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    int images = 0;
    QString size; // image size "1024x1024"
    // Images made by the generate_image tool inside a /v1/messages call are billed at
    // this image model's rate, on top of the text.
    QString imageModel;
    double seconds = 0; // video seconds (rendered or asked)
    QString resolution; // video "720p"
    int documents = 0; // rerank documents
    QString taskId; // video tasks: updates of one task share callId and taskId
    // A task status query or stream that brought no task answer (network error, 5xx,
    // dropped): not a call of the user's, never billed, and no ledger row of its own.
    bool statusOnly = false;

    // When the gateway states the money itself (a task's credits_used, a cancel answer,
    // estimated_credits of a reservation), the authoritative figure.
    std::optional<Credits> statedCredits;
    std::optional<Credits> reservedCredits;
    // The estimate the caller showed before sending (CostService::estimate), so the
    // ledger's Estimated column holds the same number; unset: priced from the facts.
    std::optional<Credits> estimatedCredits;

    qint64 latencyMs = 0;
    qint64 timeToFirstByteMs = -1;
};

} // namespace bsp

Q_DECLARE_METATYPE(bsp::CallRecord)
