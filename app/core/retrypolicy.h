#pragma once

#include "core/wiretypes.h"

#include <QDateTime>

#include <chrono>
#include <functional>
#include <optional>

namespace bsp {

// The official SDKs' retry rules (docs/gateway-api.md, "Retries follow the official
// SDKs") as a pure decision over one failed attempt, so it can be tested without a
// network. The client runs the loop and sleeps delay() * timeScale().
class RetryPolicy
{
public:
    struct Attempt
    {
        int httpStatus = 0; // 0 = connection error / no response
        HeaderList headers;
        QString errorCode; // OpenAI `code` / Anthropic error.type, when known
        int retriesSoFar = 0; // 0 for the first failure
        bool bodyStarted = false; // any byte of a 200 body arrived
        bool textRequest = false; // /v1/messages: never retried once a 200 body started
        bool timedOut = false; // client-side timeout (treated like a connection error)
    };

    struct Decision
    {
        bool retry = false;
        std::chrono::milliseconds delay {0};
    };

    RetryPolicy() = default;

    int maxRetries() const { return m_maxRetries; }
    void setMaxRetries(int n) { m_maxRetries = n; }
    // Scales every delay (tests use 0.01); 1.0 by default.
    double timeScale() const { return m_timeScale; }
    void setTimeScale(double s) { m_timeScale = s; }
    // Returns a value in [0, 1); the default uses QRandomGenerator::global().
    void setJitterSource(std::function<double()> rng) { m_rng = std::move(rng); }

    // `now` is used for a retry-after HTTP date.
    Decision decide(
        const Attempt &attempt, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // Pieces, public for tests:
    static bool isRetryableStatus(int httpStatus, const QString &errorCode);
    // retry-after-ms, then retry-after (seconds or HTTP date); nullopt unless 0 < d <= 60 s.
    static std::optional<std::chrono::milliseconds> serverDelay(
        const HeaderList &headers, const QDateTime &now);
    std::chrono::milliseconds backoff(int retriesSoFar) const;

private:
    int m_maxRetries = 2;
    double m_timeScale = 1.0;
    std::function<double()> m_rng;
};

} // namespace bsp
