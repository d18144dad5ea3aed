#pragma once

#include "core/money.h"

#include <QByteArray>
#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace bsp {

enum class Modality { Text, Image, Video, Embedding, Rerank, Unknown };
QString modalityName(Modality m); // "text", "image", ... (wire names)
// The translated name people see: "Text", "Image", "Video", "Embeddings", "Rerank".
QString modalityDisplayName(Modality m);
QString modalityDisplayName(const QString &wireName); // unknown names come back as they are
Modality modalityFromName(const QString &name);

// What a running video task costs when cancelled (the card's `cancel_running`).
enum class CancelPolicy { Free, BillRendered, BillFull };

// One model's row of the rate card. Rates are kept in USD as published; costs are
// computed in integer credits (see money.h).
struct Rate
{
    QString model;
    QStringList aliases; // slug variants that name the same model ("sora2")
    Modality modality = Modality::Unknown;
    QString unit; // "mtok", "image", "second", "search"
    double inputPerMtok = 0; // text, embedding
    double outputPerMtok = 0; // text
    QMap<QString, double> bySize; // image: "1024x1024" -> USD per image
    QMap<QString, double> byResolution; // video: "720p" -> USD per second
    double perSearch = 0; // rerank
    int documentsPerSearch = 0; // rerank: documents one search covers
    CancelPolicy cancelRunning = CancelPolicy::Free;
    bool estimated = false;
    QString updated; // date of the rate, "2026-11-24"
    QString source; // where it was published

    QJsonObject toJson() const;
    static std::optional<Rate> fromJson(const QJsonObject &o, QString *error);
};

// The gateway's rate card: bundled (resources/pricing.json), served by /v1/pricing,
// or imported by the user. Every estimate uses the unit rules the gateway bills by;
// a model without a rate yields std::nullopt ("price unknown"), never a guess.
class RateCard
{
public:
    RateCard() = default;

    // Strict parse: a malformed or partial card is rejected with a reason.
    static std::optional<RateCard> fromJson(const QByteArray &json, QString *error = nullptr);
    static RateCard bundled(); // :/bytespike/pricing.json
    QByteArray toJson() const;

    QString currency() const { return m_currency; }
    QString updated() const { return m_updated; }
    QString source() const { return m_source; }
    const QList<Rate> &rates() const { return m_rates; }
    bool isEmpty() const { return m_rates.isEmpty(); }

    // Looks a model up by id or alias, case-insensitively. nullptr when unknown.
    const Rate *find(const QString &model) const;
    // The canonical id for an id or alias, or the input unchanged when unknown.
    QString canonicalModel(const QString &model) const;

    // Cost rules (credits, rounded to the nearest credit once per call):
    std::optional<Credits> textCost(
        const QString &model, qint64 inputTokens, qint64 outputTokens) const;
    std::optional<Credits> imageCost(const QString &model, const QString &size, int count) const;
    // Billed seconds at a resolution; an unknown resolution falls back to the nearest listed one
    // only if exactly one is listed, otherwise nullopt.
    std::optional<Credits> videoCost(
        const QString &model, const QString &resolution, double seconds) const;
    std::optional<Credits> embeddingCost(const QString &model, qint64 tokens) const;
    // ceil(documents / documentsPerSearch) searches, at least one.
    std::optional<Credits> rerankCost(const QString &model, int documents) const;

    // What changed from `older` to this card, one line per model, for the import dialog.
    QStringList diff(const RateCard &older) const;

private:
    QString m_currency = QStringLiteral("USD");
    QString m_updated;
    QString m_source;
    QList<Rate> m_rates;
};

} // namespace bsp
