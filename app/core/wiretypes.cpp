#include "core/wiretypes.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &x : a)
        out << x.toString();
    return out;
}

std::optional<Credits> usdHeader(const HeaderList &h, QByteArrayView name)
{
    const QByteArray v = headerValue(h, name).trimmed();
    bool ok = false;
    const double usd = v.toDouble(&ok);
    if (v.isEmpty() || !ok)
        return std::nullopt;
    return creditsFromUsd(usd);
}

std::optional<qint64> intHeader(const HeaderList &h, QByteArrayView name)
{
    const QByteArray v = headerValue(h, name).trimmed();
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (v.isEmpty() || !ok)
        return std::nullopt;
    return qint64(d);
}

} // namespace

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

Quota Quota::fromHeaders(const HeaderList &headers)
{
    Quota q;
    q.limit = intHeader(headers, "x-ratelimit-limit");
    q.limitRemaining = usdHeader(headers, "x-ratelimit-remaining");
    q.resetAt = intHeader(headers, "x-ratelimit-reset");
    q.remaining = usdHeader(headers, "x-quota-remaining-credits");
    q.orgRemaining = usdHeader(headers, "x-org-quota-remaining-credits");
    q.requestId = QString::fromLatin1(headerValue(headers, "request-id"));
    return q;
}

QJsonObject ModelInfo::toJson() const
{
    return QJsonObject {
        {"id"_L1, id},
        {"object"_L1, "model"_L1},
        {"owned_by"_L1, ownedBy},
        {"family"_L1, family},
        {"capabilities"_L1, QJsonArray::fromStringList(capabilities)},
        {"input_modalities"_L1, QJsonArray::fromStringList(inputModalities)},
        {"output_modalities"_L1, QJsonArray::fromStringList(outputModalities)},
        {"pricing_url"_L1, pricingUrl},
    };
}

std::optional<ModelInfo> ModelInfo::fromJson(const QJsonObject &o)
{
    ModelInfo m;
    m.id = o.value("id"_L1).toString();
    if (m.id.isEmpty())
        return std::nullopt;
    m.ownedBy = o.value("owned_by"_L1).toString();
    m.family = o.value("family"_L1).toString();
    m.capabilities = stringList(o.value("capabilities"_L1));
    m.inputModalities = stringList(o.value("input_modalities"_L1));
    m.outputModalities = stringList(o.value("output_modalities"_L1));
    m.pricingUrl = o.value("pricing_url"_L1).toString();
    return m;
}

std::optional<Balance> Balance::fromJson(const QJsonObject &o)
{
    if (!o.contains("remaining_credits"_L1))
        return std::nullopt;
    Balance b;
    b.remaining = creditsFromUsd(o.value("remaining_credits"_L1).toDouble());
    b.reserved = creditsFromUsd(o.value("reserved_credits"_L1).toDouble());
    b.spent = creditsFromUsd(o.value("spent_credits"_L1).toDouble());
    return b;
}

std::optional<UsagePage> UsagePage::fromJson(const QJsonObject &o, QString *error)
{
    const QJsonValue data = o.value("data"_L1);
    if (!data.isArray()) {
        if (error)
            *error = u"usage: no data array"_s;
        return std::nullopt;
    }
    UsagePage page;
    const QJsonArray rows = data.toArray();
    for (const QJsonValue &r : rows) {
        if (auto row = UsageRow::fromJson(r.toObject()))
            page.rows.append(std::move(*row));
    }
    page.hasMore = o.value("has_more"_L1).toBool();
    return page;
}

} // namespace bsp
