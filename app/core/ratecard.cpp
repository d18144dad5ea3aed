#include "core/ratecard.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

// Messages users see (import dialog) are translated in the "RateCard" context.
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(RateCard)
};

QString cancelPolicyName(CancelPolicy p)
{
    switch (p) {
    case CancelPolicy::Free:
        return QStringLiteral("free");
    case CancelPolicy::BillRendered:
        return QStringLiteral("bill_rendered");
    case CancelPolicy::BillFull:
        return QStringLiteral("bill_full");
    }
    return QStringLiteral("free");
}

std::optional<CancelPolicy> cancelPolicyFromName(const QString &name)
{
    if (name == QLatin1StringView("free"))
        return CancelPolicy::Free;
    if (name == QLatin1StringView("bill_rendered"))
        return CancelPolicy::BillRendered;
    if (name == QLatin1StringView("bill_full"))
        return CancelPolicy::BillFull;
    return std::nullopt;
}

// The unit the gateway bills each modality by.
QString unitFor(Modality m)
{
    switch (m) {
    case Modality::Text:
    case Modality::Embedding:
        return QStringLiteral("mtok");
    case Modality::Image:
        return QStringLiteral("image");
    case Modality::Video:
        return QStringLiteral("second");
    case Modality::Rerank:
        return QStringLiteral("search");
    case Modality::Unknown:
        break;
    }
    return {};
}

// Reads a required, non-negative rate. Sets *error and returns false otherwise.
bool readRate(
    const QJsonObject &o, const QString &key, const QString &model, double *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        *error = Tr::tr("Model %1 has no \"%2\" rate.").arg(model, key);
        return false;
    }
    if (!v.isDouble()) {
        *error = Tr::tr("Model %1: \"%2\" is not a number.").arg(model, key);
        return false;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < 0) {
        *error = Tr::tr("Model %1: \"%2\" is negative.").arg(model, key);
        return false;
    }
    *out = d;
    return true;
}

bool readRateMap(const QJsonObject &o, const QString &key, const QString &model,
    QMap<QString, double> *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (!v.isObject() || v.toObject().isEmpty()) {
        *error = Tr::tr("Model %1 has no \"%2\" rates.").arg(model, key);
        return false;
    }
    const QJsonObject m = v.toObject();
    for (auto it = m.begin(); it != m.end(); ++it) {
        double d = 0;
        if (!readRate(m, it.key(), model, &d, error))
            return false;
        out->insert(it.key(), d);
    }
    return true;
}

QJsonObject mapToJson(const QMap<QString, double> &m)
{
    QJsonObject o;
    for (auto it = m.begin(); it != m.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

std::optional<Credits> usdToCredits(double usd)
{
    if (!std::isfinite(usd) || usd < 0)
        return std::nullopt;
    return creditsFromUsd(usd);
}

// Human-readable rates of one model, for diff lines: "$3 / $15 per Mtok".
QString usd(double v)
{
    return u'$' + QString::number(v, 'g', 10);
}

QString describeRates(const Rate &r)
{
    QStringList parts;
    switch (r.modality) {
    case Modality::Text:
        return Tr::tr("%1 in / %2 out per Mtok").arg(usd(r.inputPerMtok), usd(r.outputPerMtok));
    case Modality::Embedding:
        return Tr::tr("%1 per Mtok").arg(usd(r.inputPerMtok));
    case Modality::Image:
        for (auto it = r.bySize.begin(); it != r.bySize.end(); ++it)
            parts << it.key() + u' ' + usd(it.value());
        return Tr::tr("per image: %1").arg(parts.join(QStringLiteral(", ")));
    case Modality::Video:
        for (auto it = r.byResolution.begin(); it != r.byResolution.end(); ++it)
            parts << it.key() + u' ' + usd(it.value());
        return Tr::tr("per second: %1").arg(parts.join(QStringLiteral(", ")));
    case Modality::Rerank:
        return Tr::tr("%1 per search of %2 documents")
            .arg(usd(r.perSearch))
            .arg(r.documentsPerSearch);
    case Modality::Unknown:
        break;
    }
    return {};
}

bool sameRates(const Rate &a, const Rate &b)
{
    return a.modality == b.modality && a.unit == b.unit && a.inputPerMtok == b.inputPerMtok
        && a.outputPerMtok == b.outputPerMtok && a.bySize == b.bySize
        && a.byResolution == b.byResolution && a.perSearch == b.perSearch
        && a.documentsPerSearch == b.documentsPerSearch && a.cancelRunning == b.cancelRunning;
}

} // namespace

QString modalityName(Modality m)
{
    switch (m) {
    case Modality::Text:
        return QStringLiteral("text");
    case Modality::Image:
        return QStringLiteral("image");
    case Modality::Video:
        return QStringLiteral("video");
    case Modality::Embedding:
        return QStringLiteral("embedding");
    case Modality::Rerank:
        return QStringLiteral("rerank");
    case Modality::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString modalityDisplayName(Modality m)
{
    switch (m) {
    case Modality::Text:
        return QCoreApplication::translate("bsp::RateCard", "Text");
    case Modality::Image:
        return QCoreApplication::translate("bsp::RateCard", "Image");
    case Modality::Video:
        return QCoreApplication::translate("bsp::RateCard", "Video");
    case Modality::Embedding:
        return QCoreApplication::translate("bsp::RateCard", "Embeddings");
    case Modality::Rerank:
        return QCoreApplication::translate("bsp::RateCard", "Rerank");
    case Modality::Unknown:
        break;
    }
    return QCoreApplication::translate("bsp::RateCard", "Other");
}

QString modalityDisplayName(const QString &wireName)
{
    const Modality m = modalityFromName(wireName);
    return m == Modality::Unknown ? wireName : modalityDisplayName(m);
}

Modality modalityFromName(const QString &name)
{
    const QString n = name.toLower();
    for (Modality m :
        {Modality::Text, Modality::Image, Modality::Video, Modality::Embedding, Modality::Rerank}) {
        if (n == modalityName(m))
            return m;
    }
    return Modality::Unknown;
}

QJsonObject Rate::toJson() const
{
    QJsonObject o;
    o.insert(u"model"_s, model);
    o.insert(u"modality"_s, modalityName(modality));
    o.insert(u"unit"_s, unit);
    switch (modality) {
    case Modality::Text:
        o.insert(u"input"_s, inputPerMtok);
        o.insert(u"output"_s, outputPerMtok);
        break;
    case Modality::Embedding:
        o.insert(u"input"_s, inputPerMtok);
        break;
    case Modality::Image:
        o.insert(u"by_size"_s, mapToJson(bySize));
        break;
    case Modality::Video:
        o.insert(u"by_resolution"_s, mapToJson(byResolution));
        o.insert(u"cancel_running"_s, cancelPolicyName(cancelRunning));
        break;
    case Modality::Rerank:
        o.insert(u"per_search"_s, perSearch);
        o.insert(u"documents_per_search"_s, documentsPerSearch);
        break;
    case Modality::Unknown:
        break;
    }
    o.insert(u"estimated"_s, estimated);
    if (!updated.isEmpty())
        o.insert(u"updated"_s, updated);
    if (!source.isEmpty())
        o.insert(u"source"_s, source);
    if (!aliases.isEmpty())
        o.insert(u"aliases"_s, QJsonArray::fromStringList(aliases));
    return o;
}

std::optional<Rate> Rate::fromJson(const QJsonObject &o, QString *error)
{
    QString dummy;
    QString &err = error ? *error : dummy;
    Rate r;
    r.model = o.value(u"model"_s).toString().trimmed();
    if (r.model.isEmpty()) {
        err = Tr::tr("A model entry has no \"model\" id.");
        return std::nullopt;
    }
    const QJsonValue modality = o.value(u"modality"_s);
    if (!modality.isString()) {
        err = Tr::tr("Model %1 has no \"modality\".").arg(r.model);
        return std::nullopt;
    }
    r.modality = modalityFromName(modality.toString());
    if (r.modality == Modality::Unknown) {
        err = Tr::tr("Model %1 has an unknown modality \"%2\".").arg(r.model, modality.toString());
        return std::nullopt;
    }
    r.unit = o.value(u"unit"_s).toString();
    if (r.unit.isEmpty()) {
        err = Tr::tr("Model %1 has no \"unit\".").arg(r.model);
        return std::nullopt;
    }
    if (r.unit != unitFor(r.modality)) {
        err = Tr::tr("Model %1: a %2 model is billed per \"%3\", not \"%4\".")
                  .arg(r.model, modalityName(r.modality), unitFor(r.modality), r.unit);
        return std::nullopt;
    }

    switch (r.modality) {
    case Modality::Text:
        if (!readRate(o, u"input"_s, r.model, &r.inputPerMtok, &err)
            || !readRate(o, u"output"_s, r.model, &r.outputPerMtok, &err))
            return std::nullopt;
        break;
    case Modality::Embedding:
        if (!readRate(o, u"input"_s, r.model, &r.inputPerMtok, &err))
            return std::nullopt;
        break;
    case Modality::Image:
        if (!readRateMap(o, u"by_size"_s, r.model, &r.bySize, &err))
            return std::nullopt;
        break;
    case Modality::Video: {
        if (!readRateMap(o, u"by_resolution"_s, r.model, &r.byResolution, &err))
            return std::nullopt;
        const QJsonValue cancel = o.value(u"cancel_running"_s);
        if (!cancel.isUndefined() && !cancel.isNull()) {
            const auto policy = cancelPolicyFromName(cancel.toString());
            if (!policy) {
                err = Tr::tr("Model %1 has an unknown cancel policy \"%2\".")
                          .arg(r.model, cancel.toString());
                return std::nullopt;
            }
            r.cancelRunning = *policy;
        }
        break;
    }
    case Modality::Rerank: {
        if (!readRate(o, u"per_search"_s, r.model, &r.perSearch, &err))
            return std::nullopt;
        double docs = 0;
        if (!readRate(o, u"documents_per_search"_s, r.model, &docs, &err))
            return std::nullopt;
        if (docs < 1 || docs != std::floor(docs) || docs > 1e9) {
            err = Tr::tr("Model %1: \"documents_per_search\" must be a positive whole number.")
                      .arg(r.model);
            return std::nullopt;
        }
        r.documentsPerSearch = static_cast<int>(docs);
        break;
    }
    case Modality::Unknown:
        break;
    }

    const QJsonValue aliases = o.value(u"aliases"_s);
    if (!aliases.isUndefined() && !aliases.isNull()) {
        if (!aliases.isArray()) {
            err = Tr::tr("Model %1: \"aliases\" is not a list.").arg(r.model);
            return std::nullopt;
        }
        for (const QJsonValue &a : aliases.toArray()) {
            const QString alias = a.toString().trimmed();
            if (alias.isEmpty()) {
                err = Tr::tr("Model %1 has an empty alias.").arg(r.model);
                return std::nullopt;
            }
            r.aliases << alias;
        }
    }
    r.estimated = o.value(u"estimated"_s).toBool(false);
    r.updated = o.value(u"updated"_s).toString();
    r.source = o.value(u"source"_s).toString();
    return r;
}

std::optional<RateCard> RateCard::fromJson(const QByteArray &json, QString *error)
{
    QString dummy;
    QString &err = error ? *error : dummy;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        err = Tr::tr("The rate card is not valid JSON: %1 (at offset %2).")
                  .arg(parseError.errorString())
                  .arg(parseError.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        err = Tr::tr("The rate card is not a JSON object.");
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    RateCard card;
    const QJsonValue currency = root.value(u"currency"_s);
    if (!currency.isUndefined()) {
        if (currency.toString().compare(QLatin1StringView("USD"), Qt::CaseInsensitive) != 0) {
            err = Tr::tr("The rate card is in \"%1\"; only USD is supported.")
                      .arg(currency.toString());
            return std::nullopt;
        }
    }
    card.m_updated = root.value(u"updated"_s).toString();
    card.m_source = root.value(u"source"_s).toString();
    const QJsonValue models = root.value(u"models"_s);
    if (!models.isArray()) {
        err = Tr::tr("The rate card has no \"models\" list.");
        return std::nullopt;
    }
    // Ids and aliases share one namespace: a name must resolve to exactly one model.
    QSet<QString> names;
    int index = 0;
    for (const QJsonValue &v : models.toArray()) {
        ++index;
        if (!v.isObject()) {
            err = Tr::tr("Entry %1 of \"models\" is not an object.").arg(index);
            return std::nullopt;
        }
        QString rateError;
        auto rate = Rate::fromJson(v.toObject(), &rateError);
        if (!rate) {
            err = rateError;
            return std::nullopt;
        }
        for (const QString &name : QStringList {rate->model} + rate->aliases) {
            const QString key = name.toLower();
            if (names.contains(key)) {
                err = Tr::tr("The model name %1 appears more than once.").arg(name);
                return std::nullopt;
            }
            names.insert(key);
        }
        card.m_rates << std::move(*rate);
    }
    if (card.m_rates.isEmpty()) {
        err = Tr::tr("The rate card lists no models.");
        return std::nullopt;
    }
    return card;
}

RateCard RateCard::bundled()
{
    QFile file(QStringLiteral(":/bytespike/pricing.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("bundled rate card missing from resources");
        return {};
    }
    QString error;
    auto card = fromJson(file.readAll(), &error);
    if (!card) {
        qWarning("bundled rate card rejected: %s", qPrintable(error));
        return {};
    }
    return *card;
}

QByteArray RateCard::toJson() const
{
    QJsonArray models;
    for (const Rate &r : m_rates)
        models.append(r.toJson());
    QJsonObject root;
    root.insert(u"currency"_s, m_currency);
    if (!m_updated.isEmpty())
        root.insert(u"updated"_s, m_updated);
    if (!m_source.isEmpty())
        root.insert(u"source"_s, m_source);
    root.insert(u"models"_s, models);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

const Rate *RateCard::find(const QString &model) const
{
    const QString name = model.trimmed();
    if (name.isEmpty())
        return nullptr;
    for (const Rate &r : m_rates) {
        if (r.model.compare(name, Qt::CaseInsensitive) == 0)
            return &r;
    }
    for (const Rate &r : m_rates) {
        for (const QString &alias : r.aliases) {
            if (alias.compare(name, Qt::CaseInsensitive) == 0)
                return &r;
        }
    }
    return nullptr;
}

QString RateCard::canonicalModel(const QString &model) const
{
    const Rate *r = find(model);
    return r ? r->model : model;
}

std::optional<Credits> RateCard::textCost(
    const QString &model, qint64 inputTokens, qint64 outputTokens) const
{
    const Rate *r = find(model);
    if (!r || r->modality != Modality::Text || inputTokens < 0 || outputTokens < 0)
        return std::nullopt;
    // USD per million tokens is exactly credits per token.
    const double credits = static_cast<double>(inputTokens) * r->inputPerMtok
        + static_cast<double>(outputTokens) * r->outputPerMtok;
    return static_cast<Credits>(std::llround(credits));
}

std::optional<Credits> RateCard::imageCost(
    const QString &model, const QString &size, int count) const
{
    const Rate *r = find(model);
    if (!r || r->modality != Modality::Image || count < 0)
        return std::nullopt;
    const auto it = r->bySize.constFind(size.trimmed().toLower());
    if (it == r->bySize.constEnd())
        return std::nullopt;
    return usdToCredits(count * it.value());
}

std::optional<Credits> RateCard::videoCost(
    const QString &model, const QString &resolution, double seconds) const
{
    const Rate *r = find(model);
    if (!r || r->modality != Modality::Video || !(seconds >= 0))
        return std::nullopt;
    auto it = r->byResolution.constFind(resolution.trimmed().toLower());
    if (it == r->byResolution.constEnd()) {
        if (r->byResolution.size() != 1)
            return std::nullopt;
        it = r->byResolution.constBegin();
    }
    return usdToCredits(seconds * it.value());
}

std::optional<Credits> RateCard::embeddingCost(const QString &model, qint64 tokens) const
{
    const Rate *r = find(model);
    if (!r || r->modality != Modality::Embedding || tokens < 0)
        return std::nullopt;
    return static_cast<Credits>(std::llround(static_cast<double>(tokens) * r->inputPerMtok));
}

std::optional<Credits> RateCard::rerankCost(const QString &model, int documents) const
{
    const Rate *r = find(model);
    if (!r || r->modality != Modality::Rerank || r->documentsPerSearch <= 0 || documents < 0)
        return std::nullopt;
    const qint64 searches = std::max<qint64>(
        1, (qint64(documents) + r->documentsPerSearch - 1) / r->documentsPerSearch);
    return usdToCredits(static_cast<double>(searches) * r->perSearch);
}

QStringList RateCard::diff(const RateCard &older) const
{
    QStringList lines;
    for (const Rate &r : m_rates) {
        const Rate *old = older.find(r.model);
        if (!old) {
            lines << Tr::tr("Added %1 (%2): %3.")
                         .arg(r.model, modalityName(r.modality), describeRates(r));
        } else if (!sameRates(*old, r)) {
            QString line = Tr::tr("Changed %1: %2 → %3.")
                               .arg(r.model, describeRates(*old), describeRates(r));
            if (old->cancelRunning != r.cancelRunning)
                line += u' '
                    + Tr::tr("Cancel policy: %1 → %2.")
                          .arg(cancelPolicyName(old->cancelRunning),
                              cancelPolicyName(r.cancelRunning));
            lines << line;
        }
    }
    for (const Rate &old : older.m_rates) {
        if (!find(old.model))
            lines << Tr::tr("Removed %1 (%2).").arg(old.model, modalityName(old.modality));
    }
    return lines;
}

} // namespace bsp
