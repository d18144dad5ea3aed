#include "core/costservice.h"

#include "core/gatewayclient.h"
#include "core/tokens.h"
#include "core/wire_messages.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace bsp {

Q_LOGGING_CATEGORY(lcCost, "bsp.cost")

// Counts a running coroutine of the service for as long as its frame lives.
struct CostServiceRun
{
    explicit CostServiceRun(CostService *s) : service(s) { ++s->m_runs; }
    ~CostServiceRun()
    {
        if (service)
            --service->m_runs;
    }
    Q_DISABLE_COPY_MOVE(CostServiceRun)
    QPointer<CostService> service;
};

QString ReconcileReport::summary() const
{
    const char *ctx = "bsp::CostService";
    if (!ok)
        return QCoreApplication::translate(ctx, "Reconcile failed: %1").arg(error);
    const int ledgerRows = matched + int(missingFromUsage.size());
    QStringList parts;
    parts << QCoreApplication::translate(
                 ctx, "Matched %1 of %n ledger call(s)", nullptr, ledgerRows)
                 .arg(matched)
            + QCoreApplication::translate(
                ctx, " with %n usage row(s) of the gateway.", nullptr, usageRows);
    if (!mismatches.isEmpty())
        parts << QCoreApplication::translate(
            ctx, "%n charged differently.", nullptr, int(mismatches.size()));
    if (!missingFromUsage.isEmpty())
        parts << QCoreApplication::translate(ctx,
            "%n ledger call(s) not in the gateway's usage (first: %1).", nullptr,
            int(missingFromUsage.size()))
                     .arg(missingFromUsage.constFirst().requestId);
    if (!missingFromLedger.isEmpty())
        parts << QCoreApplication::translate(ctx, "%n usage row(s) not in the ledger (first: %1).",
            nullptr, int(missingFromLedger.size()))
                     .arg(missingFromLedger.constFirst());
    if (mismatches.isEmpty() && missingFromUsage.isEmpty() && missingFromLedger.isEmpty())
        parts << QCoreApplication::translate(ctx, "No differences.");
    return parts.join(u' ');
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
        connect(m_client, &GatewayClient::callStarted, this, &CostService::recordStarted);
        connect(m_client, &GatewayClient::callFinished, this,
            [this](const CallRecord &r) { recordCall(r); });
    }
    m_reconcileTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_reconcileTimer, &QTimer::timeout, this, &CostService::reconcileInBackground);
}

CostService::~CostService()
{
    // Calls of background tasks end now (Cancelled); their coroutines see m_closing,
    // return, and QCoro frees their frames.
    m_closing = true;
    m_reconcileTimer.stop();
    m_background.cancel();
    // A cancelled reply resumes its coroutine from a queued call: deliver those now, so
    // the frames finish while the service still exists (bounded: each pass resumes one
    // await level of every run).
    for (int pass = 0; pass < 8 && m_runs > 0; ++pass)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
    if (m_runs > 0)
        qCWarning(lcCost) << m_runs << "cost task(s) still running at shutdown";
}

void CostService::refreshRateCardInBackground()
{
    refreshRateCard(); // the discarded task frees itself when it ends
}

void CostService::reconcileInBackground()
{
    if (!m_reconciling)
        reconcileNow(); // the discarded task frees itself when it ends
}

GatewayClient *CostService::client() const
{
    return m_client;
}

void CostService::setLedger(Ledger *ledger)
{
    if (m_ledger == ledger)
        return;
    m_ledger = ledger;
    Q_EMIT ledgerChanged(ledger);
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
    const CostServiceRun run(this);
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
    opt.cancel = m_background;
    const Result<QByteArray> r = co_await m_client->pricing(opt);
    if (!self || self->m_closing)
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

qint64 CostService::expectedOutputTokens(qint64 maxOutputTokens)
{
    const qint64 max = std::max<qint64>(0, maxOutputTokens);
    return std::min(max, std::max<qint64>(256, max / 8));
}

CostEstimate CostService::estimateWith(
    const RateCard &card, const CallRecord &call, qint64 maxOutputTokens)
{
    CostEstimate out;
    CallRecord c = call;
    if (card.modalityOf(call) != Modality::Text) {
        out.expected = card.callCost(c);
        out.upTo = out.expected;
        return out;
    }
    c.outputTokens = expectedOutputTokens(maxOutputTokens);
    out.expected = card.callCost(c);
    c.outputTokens = std::max<qint64>(0, maxOutputTokens);
    out.upTo = card.callCost(c);
    return out;
}

CostEstimate CostService::estimate(const CallRecord &call, qint64 maxOutputTokens) const
{
    return estimateWith(m_card, call, maxOutputTokens);
}

CallRecord CostService::describe(const MessageRequest &request)
{
    CallRecord c;
    c.route = u"/v1/messages"_s;
    c.model = request.model;
    c.inputTokens = request.estimatedInputTokens();
    if (const auto tool = request.imageTool()) {
        c.imageModel = tool->first;
        c.size = tool->second;
        c.images = 1;
    }
    return c;
}

QString CostService::formatEstimate(const CostEstimate &e)
{
    if (!e.expected)
        return tr("price unknown");
    if (e.upTo && *e.upTo > *e.expected)
        return tr("≈ %1, up to %2 at max tokens").arg(formatUsd(*e.expected), formatUsd(*e.upTo));
    return tr("≈ %1").arg(formatUsd(*e.expected));
}

std::optional<Credits> CostService::chargedFor(const QString &requestId) const
{
    const auto it = m_charged.constFind(requestId);
    return it == m_charged.cend() ? std::nullopt : std::optional<Credits>(*it);
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
    // Another profile's reconcile result says nothing about this one.
    m_lastReconcile = {};
    Q_EMIT profileChanged(profile);
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

void CostService::recordStarted(const CallRecord &record)
{
    if (!m_ledger || isHousekeepingRoute(record.route) || record.statusOnly)
        return;
    const QString &profile = record.profileId.isEmpty() ? m_profile : record.profileId;
    if (!m_ledger->record(record, m_card, profile))
        qCWarning(lcCost).noquote() << "could not book started call" << record.callId;
}

std::optional<LedgerEntry> CostService::recordCall(const CallRecord &record)
{
    if (!m_ledger || isHousekeepingRoute(record.route) || record.statusOnly)
        return std::nullopt;
    // Refused before any request (no connected profile): no gateway saw it.
    if (record.error && record.error->kind == ApiError::Kind::NotConnected)
        return std::nullopt;
    // The profile the call was really sent to (the client stamps it), not the one the
    // window shows now: a call that outlives a profile switch stays with its gateway.
    const QString &profile = record.profileId.isEmpty() ? m_profile : record.profileId;
    std::optional<LedgerEntry> e = m_ledger->record(record, m_card, profile);
    if (e && !e->requestId.isEmpty()) {
        Credits charged = e->chargedCredits;
        if (Ledger::hasImageLine(record, m_card)) {
            if (const auto img = m_ledger->entry(Ledger::imageLineId(e->callId)))
                charged += img->chargedCredits;
        }
        if (m_charged.size() > 4096)
            m_charged.clear(); // only recent calls are asked about
        m_charged.insert(e->requestId, charged);
    }
    if (e)
        Q_EMIT callRecorded(*e);
    else
        qCWarning(lcCost).noquote() << "could not record call" << record.callId << record.route;
    return e;
}

QCoro::Task<ReconcileReport> CostService::reconcileNow()
{
    QPointer<CostService> self(this);
    const CostServiceRun run(this);
    ReconcileReport report;
    report.at = QDateTime::currentDateTime();
    if (!m_client || !m_ledger) {
        report.error = tr("no gateway or ledger");
        m_lastReconcile = report;
        Q_EMIT reconcileFinished(report);
        co_return report;
    }
    m_reconciling = true;
    // The usage is the key's: compare it with the rows of the profile it belongs to.
    report.profile = m_client->profileId().isEmpty() ? m_profile : m_client->profileId();
    Q_EMIT reconcileStarted();
    QList<UsageRow> rows;
    QString after;
    CallOptions opt;
    opt.tab = u"cost"_s;
    opt.cancel = m_background;
    // Bounded so a gateway that always says has_more cannot keep us here.
    for (int page = 0; page < 10'000; ++page) {
        const Result<UsagePage> r = co_await m_client->usage(m_usagePageSize, after, opt);
        if (!self || self->m_closing)
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
        const LedgerReconcile r = m_ledger->reconcileProfile(rows, report.profile);
        report.ok = r.ok;
        if (!r.ok)
            report.error = tr("the ledger could not be updated");
        report.matched = r.matched;
        report.mismatches = r.mismatches;
        report.missingFromLedger = r.missingFromLedger;
        report.missingFromUsage = r.missingFromUsage;
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
