#include "core/costservice.h"

#include "core/gatewayclient.h"
#include "core/tokens.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace bsp {

Q_LOGGING_CATEGORY(lcCost, "bsp.cost")

QString ReconcileReport::summary() const
{
    if (!ok)
        return QCoreApplication::translate("bsp::CostService", "Reconcile failed: %1").arg(error);
    if (mismatches.isEmpty())
        return QCoreApplication::translate("bsp::CostService",
            "Reconciled with %n usage row(s): no differences.", nullptr, usageRows);
    return QCoreApplication::translate("bsp::CostService",
        "Reconciled: %n call(s) charged differently than the "
        "gateway's usage says.",
        nullptr, int(mismatches.size()));
}

CostService::CostService(GatewayClient *client, Ledger *ledger, QObject *parent)
    : QObject(parent), m_client(client), m_ledger(ledger)
{
    qRegisterMetaType<bsp::ReconcileReport>();
    qRegisterMetaType<bsp::LedgerEntry>();
    setCard(RateCard::bundled(), CardSource::Bundled, {}, {});
    if (m_client) {
        m_quota = m_client->lastQuota();
        connect(m_client, &GatewayClient::quotaChanged, this, &CostService::onQuota);
        connect(m_client, &GatewayClient::callFinished, this,
            [this](const CallRecord &r) { recordCall(r); });
    }
    m_reconcileTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_reconcileTimer, &QTimer::timeout, this, [this] {
        if (!m_reconciling)
            reconcileNow(); // fire and forget: the result arrives by signal
    });
}

CostService::~CostService() = default;

GatewayClient *CostService::client() const
{
    return m_client;
}

void CostService::setLedger(Ledger *ledger)
{
    m_ledger = ledger;
}

QString CostService::cardSourceText() const
{
    switch (m_source) {
    case CardSource::Gateway:
        return tr("gateway (/v1/pricing)");
    case CardSource::Imported:
        return tr("imported: %1").arg(QFileInfo(m_cardOrigin).fileName());
    case CardSource::Bundled:
        break;
    }
    return tr("bundled");
}

void CostService::setCard(
    RateCard card, CardSource source, const QString &origin, const QString &note)
{
    m_card = std::move(card);
    m_source = source;
    m_cardOrigin = origin;
    m_cardNote = note;
    m_cardLoadedAt = QDateTime::currentDateTime();
    Q_EMIT rateCardChanged();
}

QCoro::Task<RateCardUpdate> CostService::refreshRateCard()
{
    QPointer<CostService> self(this);
    RateCardUpdate out;
    if (!m_client) {
        const RateCard older = m_card;
        setCard(RateCard::bundled(), CardSource::Bundled, {}, tr("no gateway connected"));
        out.ok = true;
        out.message = tr("No gateway: using the bundled rate card.");
        out.changes = m_card.diff(older);
        co_return out;
    }
    CallOptions opt;
    opt.tab = u"cost"_s;
    const Result<QByteArray> r = co_await m_client->pricing(opt);
    if (!self)
        co_return out;
    const RateCard older = m_card;
    QString reason;
    if (r.ok()) {
        QString error;
        if (auto card = RateCard::fromJson(*r, &error)) {
            setCard(std::move(*card), CardSource::Gateway, m_client->baseUrl().toString(), {});
            out.ok = true;
            out.message = tr("Rate card loaded from the gateway (/v1/pricing).");
            out.changes = m_card.diff(older);
            co_return out;
        }
        reason = tr("the gateway's rate card was rejected: %1").arg(error);
    } else if (r.error().httpStatus == 404) {
        reason = tr("this gateway does not serve /v1/pricing");
    } else {
        reason = tr("/v1/pricing failed: %1")
                     .arg(r.error().message.isEmpty() ? r.error().code : r.error().message);
    }
    // An imported card is the user's deliberate choice: keep it over the bundled one.
    if (m_source == CardSource::Imported) {
        m_cardNote = reason;
        out.ok = true;
        out.message = tr("Kept the imported rate card: %1.").arg(reason);
        Q_EMIT rateCardChanged();
        co_return out;
    }
    setCard(RateCard::bundled(), CardSource::Bundled, {}, reason);
    out.ok = true;
    out.message = tr("Using the bundled rate card: %1.").arg(reason);
    out.changes = m_card.diff(older);
    co_return out;
}

RateCardUpdate CostService::importRateCard(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        RateCardUpdate out;
        out.message = tr("Cannot read %1: %2. The current rate card stays.")
                          .arg(QFileInfo(path).fileName(), f.errorString());
        return out;
    }
    return importRateCardJson(f.readAll(), path);
}

RateCardUpdate CostService::importRateCardJson(const QByteArray &json, const QString &origin)
{
    RateCardUpdate out;
    QString error;
    std::optional<RateCard> card = RateCard::fromJson(json, &error);
    if (!card) {
        out.message = tr("Rate card rejected: %1. The current rate card stays.").arg(error);
        return out;
    }
    if (card->isEmpty()) {
        out.message = tr("Rate card rejected: it lists no models. The current rate card stays.");
        return out;
    }
    const RateCard older = m_card;
    setCard(std::move(*card), CardSource::Imported, origin, {});
    out.ok = true;
    out.changes = m_card.diff(older);
    out.message = out.changes.isEmpty()
        ? tr("Rate card imported: no rate changed.")
        : tr("Rate card imported: %n change(s).", nullptr, int(out.changes.size()));
    return out;
}

std::optional<Credits> CostService::estimateText(
    const QString &model, const QString &prompt, qint64 maxOutputTokens) const
{
    return estimateTextTokens(model, estimateTokens(prompt), maxOutputTokens);
}

std::optional<Credits> CostService::estimateTextTokens(
    const QString &model, qint64 inputTokens, qint64 maxOutputTokens) const
{
    return m_card.textCost(model, inputTokens, std::max<qint64>(0, maxOutputTokens));
}

std::optional<Credits> CostService::estimateImages(
    const QString &model, const QString &size, int count) const
{
    return m_card.imageCost(model, size, std::max(1, count));
}

std::optional<Credits> CostService::estimateVideo(
    const QString &model, const QString &resolution, double seconds) const
{
    return m_card.videoCost(model, resolution, seconds);
}

std::optional<Credits> CostService::estimateEmbedding(
    const QString &model, const QStringList &texts) const
{
    // The gateway bills the sum of the inputs' tokens, one count per text.
    qint64 tokens = 0;
    for (const QString &t : texts)
        tokens += estimateTokens(t);
    return m_card.embeddingCost(model, tokens);
}

std::optional<Credits> CostService::estimateRerank(const QString &model, int documents) const
{
    return m_card.rerankCost(model, documents);
}

QString CostService::formatEstimate(std::optional<Credits> credits)
{
    if (!credits)
        return tr("price unknown");
    return tr("≈ %1").arg(formatUsd(*credits));
}

QString CostService::describeEstimate(std::optional<Credits> credits) const
{
    const QString text = formatEstimate(credits);
    if (!wouldExceedBalance(credits))
        return text;
    return tr("%1 — more than your balance (%2)").arg(text, formatUsd(*m_quota.remaining));
}

bool CostService::wouldExceedBalance(Credits credits) const
{
    return m_quota.remaining.has_value() && credits > *m_quota.remaining;
}

bool CostService::wouldExceedBalance(std::optional<Credits> credits) const
{
    return credits.has_value() && wouldExceedBalance(*credits);
}

void CostService::setProfile(const QString &profile)
{
    if (profile == m_profile)
        return;
    m_profile = profile;
    m_quota = {};
    Q_EMIT quotaChanged(m_quota);
}

void CostService::onQuota(const Quota &q)
{
    m_quota = q;
    Q_EMIT quotaChanged(q);
}

bool CostService::isHousekeepingRoute(const QString &route)
{
    return GatewayClient::isHousekeepingRoute(route);
}

std::optional<LedgerEntry> CostService::recordCall(const CallRecord &record)
{
    if (!m_ledger || isHousekeepingRoute(record.route))
        return std::nullopt;
    std::optional<LedgerEntry> e = m_ledger->record(record, m_card, m_profile);
    if (e)
        Q_EMIT callRecorded(*e);
    else
        qCWarning(lcCost).noquote() << "could not record call" << record.callId << record.route;
    return e;
}

QCoro::Task<ReconcileReport> CostService::reconcileNow()
{
    QPointer<CostService> self(this);
    ReconcileReport report;
    report.at = QDateTime::currentDateTime();
    if (!m_client || !m_ledger) {
        report.error = tr("no gateway or ledger");
        m_lastReconcile = report;
        Q_EMIT reconcileFinished(report);
        co_return report;
    }
    m_reconciling = true;
    Q_EMIT reconcileStarted();
    QList<UsageRow> rows;
    QString after;
    CallOptions opt;
    opt.tab = u"cost"_s;
    // Bounded so a gateway that always says has_more cannot keep us here.
    for (int page = 0; page < 10'000; ++page) {
        const Result<UsagePage> r = co_await m_client->usage(m_usagePageSize, after, opt);
        if (!self)
            co_return report;
        if (!r.ok()) {
            report.error = r.error().message.isEmpty() ? r.error().code : r.error().message;
            break;
        }
        rows += r->rows;
        if (!r->hasMore || r->rows.isEmpty())
            break;
        const QString next = r->rows.constLast().requestId;
        if (next == after)
            break;
        after = next;
    }
    m_reconciling = false;
    report.usageRows = int(rows.size());
    if (report.error.isEmpty() && m_ledger) {
        report.mismatches = m_ledger->reconcile(rows);
        report.ok = true;
    }
    m_lastReconcile = report;
    Q_EMIT reconcileFinished(report);
    co_return report;
}

void CostService::setReconcileInterval(std::chrono::milliseconds interval)
{
    if (interval.count() <= 0) {
        m_reconcileTimer.stop();
        return;
    }
    m_reconcileTimer.start(interval);
}

std::chrono::milliseconds CostService::reconcileInterval() const
{
    return m_reconcileTimer.isActive() ? m_reconcileTimer.intervalAsDuration()
                                       : std::chrono::milliseconds(0);
}

} // namespace bsp
