#include "core/retrypolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {
constexpr std::chrono::milliseconds kMaxServerDelay {60'000};
}

bool RetryPolicy::isRetryableStatus(int httpStatus, const QString &errorCode)
{
    if (httpStatus == 0)
        return true; // connection error
    if (httpStatus == 408 || httpStatus == 429 || httpStatus >= 500)
        return true; // 5xx incl. 529
    if (httpStatus == 409)
        return errorCode != "duplicate_out_task_id"_L1;
    return false;
}

std::optional<std::chrono::milliseconds> RetryPolicy::serverDelay(
    const HeaderList &headers, const QDateTime &now)
{
    std::optional<std::chrono::milliseconds> d;
    bool ok = false;
    const QByteArray ms = headerValue(headers, "retry-after-ms").trimmed();
    if (!ms.isEmpty()) {
        const double v = ms.toDouble(&ok);
        if (ok)
            d = std::chrono::milliseconds(qint64(std::llround(v)));
    }
    if (!d) {
        const QByteArray ra = headerValue(headers, "retry-after").trimmed();
        if (!ra.isEmpty()) {
            const double secs = ra.toDouble(&ok);
            if (ok) {
                d = std::chrono::milliseconds(qint64(std::llround(secs * 1000.0)));
            } else {
                // Qt's RFC 2822 parser wants a numeric zone; HTTP dates end in "GMT".
                QString date = QString::fromLatin1(ra);
                if (date.endsWith(" GMT"_L1) || date.endsWith(" UTC"_L1))
                    date = date.chopped(4) + " +0000"_L1;
                const QDateTime at = QDateTime::fromString(date, Qt::RFC2822Date);
                if (at.isValid())
                    d = std::chrono::milliseconds(now.msecsTo(at));
            }
        }
    }
    if (d && d->count() > 0 && *d <= kMaxServerDelay)
        return d;
    return std::nullopt;
}

std::chrono::milliseconds RetryPolicy::backoff(int retriesSoFar) const
{
    const double base = std::min(0.5 * std::pow(2.0, retriesSoFar), 8.0);
    const double r = m_rng ? m_rng() : QRandomGenerator::global()->generateDouble();
    const double jitter = 1.0 - 0.25 * std::clamp(r, 0.0, 1.0); // up to 25 % shorter
    return std::chrono::milliseconds(qint64(std::llround(base * jitter * 1000.0)));
}

RetryPolicy::Decision RetryPolicy::decide(const Attempt &a, const QDateTime &now) const
{
    Decision d;
    if (a.retriesSoFar >= m_maxRetries)
        return d;
    // Billing twice is worse than failing: a started 200 body is never re-requested.
    if (a.textRequest && a.bodyStarted)
        return d;

    const QByteArray should = headerValue(a.headers, "x-should-retry").trimmed().toLower();
    if (should == "true")
        d.retry = true;
    else if (should == "false")
        d.retry = false;
    else
        d.retry = a.timedOut || isRetryableStatus(a.httpStatus, a.errorCode);
    if (!d.retry)
        return d;

    d.delay = serverDelay(a.headers, now).value_or(backoff(a.retriesSoFar));
    return d;
}

} // namespace bsp
