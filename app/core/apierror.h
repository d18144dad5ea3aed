#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <chrono>
#include <optional>

namespace bsp {

// One typed error for every failure a gateway call can end in. Failures never bill:
// `billed` is false unless a client-side abort of a stream billed its partial output.
struct ApiError
{
    enum class Kind {
        Network, // connection refused, reset, DNS, TLS: no HTTP status
        Timeout,
        Cancelled, // the user (or a closed view) aborted the call
        InvalidRequest, // 400
        Authentication, // 401
        Billing, // 402
        Permission, // 403
        NotFound, // 404
        Conflict, // 409
        TooLarge, // 413
        Watermark, // 422
        RateLimited, // 429
        ContentPolicy, // 451
        Server, // 500, 502, 503, 504
        Overloaded, // 529
        StreamError, // an `error` event inside a 200 stream
        StreamDropped, // the connection closed mid-body
        Malformed, // a 2xx whose body is not what the protocol says
        ResponseTooLarge, // the answer passed the client's limit (GatewayClient::Limits)
        File, // a download could not be written to its file
        Unknown,
    };

    Kind kind = Kind::Unknown;
    int httpStatus = 0; // 0 when no HTTP response arrived
    QString code; // OpenAI `code` (string form), or Anthropic `error.type`
    QString type; // OpenAI `type` / Anthropic `error.type`
    QString message;
    QString requestId;
    std::optional<std::chrono::milliseconds> retryAfter;
    bool billed = false;

    // Classification from the HTTP status first, the code second.
    static Kind kindForStatus(int httpStatus);
    // Builds the error from a non-2xx response in either envelope (Anthropic or
    // OpenAI), tolerating `code` as string, number or null, and bodies that are not JSON.
    static ApiError fromHttp(int httpStatus, const QByteArray &body,
        const QList<QPair<QByteArray, QByteArray>> &headers);
    static ApiError of(
        Kind kind, const QString &message, int httpStatus = 0, const QString &requestId = {});
    static ApiError network(const QString &message);
    static ApiError cancelled();
    static ApiError malformed(const QString &message, const QString &requestId = {});
    // "the answer passed the 64 MiB limit" (bytes as a readable size).
    static ApiError tooLarge(qint64 limitBytes, const QString &requestId = {});

    // The same error with key-shaped text masked (scrubSecrets() in core/safetext.h).
    ApiError scrubbed() const;

    bool isRetryable() const;
    // A line for people: "Rate limited (429 rate_limit_error): slow down — request req_…".
    QString displayText() const;
    static QString kindName(Kind kind);
};

} // namespace bsp

Q_DECLARE_METATYPE(bsp::ApiError)
