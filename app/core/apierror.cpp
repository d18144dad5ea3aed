#include "core/apierror.h"

#include "core/retrypolicy.h"
#include "core/safetext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

QString jsonString(const QJsonValue &v)
{
    // `code` may come as a string, a number or null.
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    return {};
}

} // namespace

ApiError::Kind ApiError::kindForStatus(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return Kind::InvalidRequest;
    case 401:
        return Kind::Authentication;
    case 402:
        return Kind::Billing;
    case 403:
        return Kind::Permission;
    case 404:
        return Kind::NotFound;
    case 408:
        return Kind::Timeout;
    case 409:
        return Kind::Conflict;
    case 413:
        return Kind::TooLarge;
    case 422:
        return Kind::Watermark;
    case 429:
        return Kind::RateLimited;
    case 451:
        return Kind::ContentPolicy;
    case 529:
        return Kind::Overloaded;
    default:
        break;
    }
    if (httpStatus >= 500 && httpStatus <= 599)
        return Kind::Server;
    if (httpStatus >= 400 && httpStatus <= 499)
        return Kind::InvalidRequest;
    return Kind::Unknown;
}

ApiError ApiError::fromHttp(
    int httpStatus, const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    ApiError e;
    e.httpStatus = httpStatus;
    e.kind = kindForStatus(httpStatus);
    e.requestId = QString::fromLatin1(headerValue(headers, "request-id"));

    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject root = doc.object();
        const QJsonValue errV = root.value("error"_L1);
        if (errV.isObject()) {
            // Both envelopes nest under "error": Anthropic has type+message, OpenAI adds
            // code/param.
            const QJsonObject err = errV.toObject();
            e.type = err.value("type"_L1).toString();
            e.message = err.value("message"_L1).toString();
            e.code = jsonString(err.value("code"_L1));
        } else if (errV.isString()) {
            e.message = errV.toString();
        }
        if (e.message.isEmpty())
            e.message = root.value("message"_L1).toString();
        if (e.code.isEmpty())
            e.code = e.type; // Anthropic: error.type is the code
        if (e.requestId.isEmpty())
            e.requestId = root.value("request_id"_L1).toString();
    } else if (!body.isEmpty()) {
        // Not JSON (a proxy's HTML page, plain text): keep a short, printable excerpt.
        e.message = QString::fromUtf8(body.left(200)).simplified();
    }
    // A gateway may echo the key it rejected; never carry it into a message people see.
    e.message = scrubSecrets(e.message);
    if (const auto d = RetryPolicy::serverDelay(headers, QDateTime::currentDateTimeUtc()))
        e.retryAfter = *d;
    return e;
}

ApiError ApiError::of(Kind kind, const QString &message, int httpStatus, const QString &requestId)
{
    ApiError e;
    e.kind = kind;
    e.message = scrubSecrets(message);
    e.httpStatus = httpStatus;
    e.requestId = requestId;
    return e;
}

ApiError ApiError::network(const QString &message)
{
    ApiError e;
    e.kind = Kind::Network;
    e.message = scrubSecrets(message);
    return e;
}

ApiError ApiError::tooLarge(qint64 limitBytes, const QString &requestId)
{
    ApiError e;
    e.kind = Kind::ResponseTooLarge;
    e.requestId = requestId;
    const double mib = double(limitBytes) / double(1 << 20);
    e.message = QCoreApplication::translate("bsp::ApiError", "the answer passed the %1 MiB limit")
                    .arg(mib, 0, 'f', mib < 10 ? 1 : 0);
    return e;
}

ApiError ApiError::scrubbed() const
{
    ApiError e = *this;
    e.message = scrubSecrets(e.message);
    e.code = scrubSecrets(e.code);
    e.type = scrubSecrets(e.type);
    return e;
}

ApiError ApiError::cancelled()
{
    ApiError e;
    e.kind = Kind::Cancelled;
    e.message = QCoreApplication::translate("bsp::ApiError", "Cancelled");
    return e;
}

ApiError ApiError::malformed(const QString &message, const QString &requestId)
{
    ApiError e;
    e.kind = Kind::Malformed;
    e.message = scrubSecrets(message);
    e.requestId = requestId;
    return e;
}

bool ApiError::isRetryable() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
        return true; // a connection error, to the policy
    case Kind::Cancelled:
    case Kind::StreamError:
    case Kind::StreamDropped:
    case Kind::Malformed:
    case Kind::ResponseTooLarge:
    case Kind::File:
        return false;
    default:
        // The statuses are the retry policy's one list.
        return httpStatus > 0 && RetryPolicy::isRetryableStatus(httpStatus, code);
    }
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Network:
        return QCoreApplication::translate("bsp::ApiError", "Network error");
    case Kind::Timeout:
        return QCoreApplication::translate("bsp::ApiError", "Timed out");
    case Kind::Cancelled:
        return QCoreApplication::translate("bsp::ApiError", "Cancelled");
    case Kind::InvalidRequest:
        return QCoreApplication::translate("bsp::ApiError", "Invalid request");
    case Kind::Authentication:
        return QCoreApplication::translate("bsp::ApiError", "Authentication failed");
    case Kind::Billing:
        return QCoreApplication::translate("bsp::ApiError", "Insufficient balance");
    case Kind::Permission:
        return QCoreApplication::translate("bsp::ApiError", "Permission denied");
    case Kind::NotFound:
        return QCoreApplication::translate("bsp::ApiError", "Not found");
    case Kind::Conflict:
        return QCoreApplication::translate("bsp::ApiError", "Conflict");
    case Kind::TooLarge:
        return QCoreApplication::translate("bsp::ApiError", "Request too large");
    case Kind::Watermark:
        return QCoreApplication::translate("bsp::ApiError", "Watermark detected");
    case Kind::RateLimited:
        return QCoreApplication::translate("bsp::ApiError", "Rate limited");
    case Kind::ContentPolicy:
        return QCoreApplication::translate("bsp::ApiError", "Blocked by content policy");
    case Kind::Server:
        return QCoreApplication::translate("bsp::ApiError", "Server error");
    case Kind::Overloaded:
        return QCoreApplication::translate("bsp::ApiError", "Overloaded");
    case Kind::StreamError:
        return QCoreApplication::translate("bsp::ApiError", "Stream error");
    case Kind::StreamDropped:
        return QCoreApplication::translate("bsp::ApiError", "Connection dropped");
    case Kind::Malformed:
        return QCoreApplication::translate("bsp::ApiError", "Malformed response");
    case Kind::ResponseTooLarge:
        return QCoreApplication::translate("bsp::ApiError", "Answer too large");
    case Kind::File:
        return QCoreApplication::translate("bsp::ApiError", "Cannot save the file");
    case Kind::Unknown:
        break;
    }
    return QCoreApplication::translate("bsp::ApiError", "Error");
}

QString ApiError::displayText() const
{
    QString text = kindName(kind);
    QStringList detail;
    if (httpStatus > 0)
        detail << QString::number(httpStatus);
    if (!code.isEmpty())
        detail << code;
    if (!detail.isEmpty())
        text += " ("_L1 + detail.join(u' ') + u')';
    if (!message.isEmpty() && message != kindName(kind))
        text += ": "_L1 + message;
    if (retryAfter)
        text += QCoreApplication::translate("bsp::ApiError", " (retry in %1 s)")
                    .arg(double(retryAfter->count()) / 1000.0, 0, 'g', 3);
    if (!requestId.isEmpty())
        text += QCoreApplication::translate("bsp::ApiError", " — request %1").arg(requestId);
    return text;
}

} // namespace bsp
