#pragma once

// Plain value types for everything the gateway speaks (see docs/gateway-api.md).
// Each has a static fromJson that follows the "also accept" rules, and a toJson.

#include "core/money.h"
#include "core/usagerow.h"
#include "core/wire_media.h"
#include "core/wire_messages.h"
#include "core/wire_tasks.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace bsp {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The quota envelope every response carries (USD on the wire, credits here).
struct Quota
{
    std::optional<qint64> limit; // X-RateLimit-Limit
    std::optional<Credits> limitRemaining; // X-RateLimit-Remaining (USD)
    std::optional<qint64> resetAt; // X-RateLimit-Reset (unix seconds)
    std::optional<Credits> remaining; // X-Quota-Remaining-Credits (this key)
    std::optional<Credits> orgRemaining; // X-Org-Quota-Remaining-Credits
    QString requestId; // request-id of the response that carried it

    bool isEmpty() const
    {
        return !limit && !limitRemaining && !resetAt && !remaining && !orgRemaining;
    }
    static Quota fromHeaders(const HeaderList &headers);
};

// GET /v1/models
struct ModelInfo
{
    QString id;
    QString ownedBy;
    QString family;
    QStringList capabilities;
    QStringList inputModalities;
    QStringList outputModalities;
    QString pricingUrl;

    bool can(const QString &capability) const { return capabilities.contains(capability); }
    QJsonObject toJson() const;
    static std::optional<ModelInfo> fromJson(const QJsonObject &o);
};

struct ModelFilter
{
    QString capability; // ?capability=vision
    QString family; // ?family=...
};

// GET /v1/balance (USD on the wire)
struct Balance
{
    Credits remaining = 0;
    Credits reserved = 0;
    Credits spent = 0;

    static std::optional<Balance> fromJson(const QJsonObject &o);
};

// GET /api/v1/usage
struct UsagePage
{
    QList<UsageRow> rows;
    bool hasMore = false;

    static std::optional<UsagePage> fromJson(const QJsonObject &o, QString *error = nullptr);
};

// Header lookup, case-insensitive; empty when absent.
QByteArray headerValue(const HeaderList &headers, QByteArrayView name);

} // namespace bsp

Q_DECLARE_METATYPE(bsp::Quota)
