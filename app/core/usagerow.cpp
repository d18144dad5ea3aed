#include "core/usagerow.h"

namespace bsp {

using namespace Qt::StringLiterals;

QJsonObject UsageRow::toJson() const
{
    QJsonObject o;
    o.insert(u"request_id"_s, requestId);
    o.insert(u"created_at"_s, createdAt.toUTC().toString(Qt::ISODateWithMs));
    o.insert(u"route"_s, route);
    o.insert(u"model"_s, model);
    o.insert(u"status"_s, status);
    o.insert(u"error_code"_s, errorCode.isEmpty() ? QJsonValue(QJsonValue::Null) : errorCode);
    o.insert(u"prompt_tokens"_s, promptTokens);
    o.insert(u"completion_tokens"_s, completionTokens);
    o.insert(u"units"_s, units);
    o.insert(u"credits"_s, usdFromCredits(credits));
    return o;
}

std::optional<UsageRow> UsageRow::fromJson(const QJsonObject &o)
{
    UsageRow r;
    r.requestId = o.value(u"request_id"_s).toString();
    if (r.requestId.isEmpty())
        return std::nullopt;
    const QJsonValue created = o.value(u"created_at"_s);
    if (created.isString())
        r.createdAt = QDateTime::fromString(created.toString(), Qt::ISODateWithMs);
    else if (created.isDouble()) // unix seconds, as some gateways send
        r.createdAt = QDateTime::fromSecsSinceEpoch(qint64(created.toDouble()), Qt::UTC);
    r.route = o.value(u"route"_s).toString();
    r.model = o.value(u"model"_s).toString();
    r.status = o.value(u"status"_s).toString().toLower();
    const QJsonValue code = o.value(u"error_code"_s);
    if (code.isString())
        r.errorCode = code.toString();
    else if (code.isDouble())
        r.errorCode = QString::number(code.toInteger());
    r.promptTokens = o.value(u"prompt_tokens"_s).toInteger();
    r.completionTokens = o.value(u"completion_tokens"_s).toInteger();
    r.units = o.value(u"units"_s).toDouble();
    r.credits = creditsFromUsd(o.value(u"credits"_s).toDouble());
    return r;
}

} // namespace bsp
