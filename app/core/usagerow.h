#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace bsp {

// One row of GET /api/v1/usage: the gateway's own record of one call.
struct UsageRow
{
    QString requestId;
    QDateTime createdAt;
    QString route;
    QString model;
    QString status; // "succeeded" | "failed" | "cancelled"
    QString errorCode;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double units = 0; // images, seconds, searches: whatever the route bills by
    Credits credits = 0; // wire: USD decimal; 0 for failures

    QJsonObject toJson() const;
    static std::optional<UsageRow> fromJson(const QJsonObject &o);
};

} // namespace bsp
