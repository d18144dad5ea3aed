#pragma once

#include "core/callrecord.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/ratecard.h"
#include "core/wiretypes.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <QCoroTask>

#include <chrono>
#include <optional>

namespace bsp {

class GatewayClient;

// What an import or a refresh of the rate card did.
struct RateCardUpdate
{
    bool ok = false; // the card was accepted (for a refresh: a card is in place)
    QString message; // one line for the user: what happened, or why it was refused
    QStringList changes; // RateCard::diff against the previous card
};

// What a reconcile run found.
struct ReconcileReport
{
    bool ok = false; // false: the usage pages could not be read (error says why)
    QString error;
    int usageRows = 0; // rows read from /api/v1/usage
    QList<LedgerEntry> mismatches;
    QDateTime at;

    QString summary() const; // one translated line for the panel
};

// The cost side of the app, headless: the current rate card and where it came from,
// estimates for the tabs before they send, the glue that turns every finished call
// into a ledger entry priced with the card, the balance from the quota headers, and
// reconciliation with the gateway's /api/v1/usage.
class CostService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostService)

public:
    enum class CardSource { Bundled, Gateway, Imported };

    // Both may be null (a panel without a gateway shows the bundled card). When
    // `client` is set, every call it finishes is recorded through recordCall().
    explicit CostService(GatewayClient *client, Ledger *ledger, QObject *parent = nullptr);
    ~CostService() override;

    void setLedger(Ledger *ledger);
    Ledger *ledger() const { return m_ledger; }
    GatewayClient *client() const;
    // Another profile: its own balance is unknown until its next response.
    void setProfile(const QString &profile);
    QString profile() const { return m_profile; }

    // Rate card
    const RateCard &rateCard() const { return m_card; }
    CardSource cardSource() const { return m_source; }
    QString cardSourceText() const; // "gateway (/v1/pricing)", "bundled", "imported: file"
    QString cardNote() const { return m_cardNote; } // why a refresh fell back, if it did
    QDateTime cardLoadedAt() const { return m_cardLoadedAt; }
    // Prefers the gateway's /v1/pricing; on 404 or any error keeps/falls back to the
    // bundled card and says why.
    QCoro::Task<RateCardUpdate> refreshRateCard();
    // Strict: a malformed or partial file is refused and the current card stays.
    RateCardUpdate importRateCard(const QString &path);
    RateCardUpdate importRateCardJson(const QByteArray &json, const QString &origin);

    // Estimates before sending; nullopt = the card has no price ("price unknown").
    std::optional<Credits> estimateText(
        const QString &model, const QString &prompt, qint64 maxOutputTokens) const;
    std::optional<Credits> estimateTextTokens(
        const QString &model, qint64 inputTokens, qint64 maxOutputTokens) const;
    std::optional<Credits> estimateImages(
        const QString &model, const QString &size, int count) const;
    std::optional<Credits> estimateVideo(
        const QString &model, const QString &resolution, double seconds) const;
    std::optional<Credits> estimateEmbedding(const QString &model, const QStringList &texts) const;
    std::optional<Credits> estimateRerank(const QString &model, int documents) const;
    // "≈ $0.0123" or "price unknown", for the label beside a send button.
    static QString formatEstimate(std::optional<Credits> credits);
    // formatEstimate plus a warning when the estimate is more than the balance.
    QString describeEstimate(std::optional<Credits> credits) const;

    // Balance from the last quota headers (X-Quota-Remaining-Credits).
    std::optional<Credits> balance() const { return m_quota.remaining; }
    Quota lastQuota() const { return m_quota; }
    // True when the balance is known and `credits` is more than it.
    bool wouldExceedBalance(Credits credits) const;
    bool wouldExceedBalance(std::optional<Credits> credits) const;

    // Prices the call with the current card and stores it for the current profile.
    // Housekeeping routes (pricing, balance, usage, models, downloads) are free and
    // not the user's calls: they are skipped (nullopt).
    std::optional<LedgerEntry> recordCall(const CallRecord &record);
    static bool isHousekeepingRoute(const QString &route);

    // Reads every page of /api/v1/usage (after= cursor) and reconciles the ledger.
    QCoro::Task<ReconcileReport> reconcileNow();
    ReconcileReport lastReconcile() const { return m_lastReconcile; }
    // Periodic background reconcile; 0 turns it off (the default, and in tests).
    void setReconcileInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds reconcileInterval() const;
    void setUsagePageSize(int rows) { m_usagePageSize = rows; }

Q_SIGNALS:
    void rateCardChanged();
    void quotaChanged(const bsp::Quota &quota);
    void callRecorded(const bsp::LedgerEntry &entry);
    void reconcileStarted();
    void reconcileFinished(const bsp::ReconcileReport &report);

private:
    void setCard(RateCard card, CardSource source, const QString &origin, const QString &note);
    void onQuota(const Quota &q);

    QPointer<GatewayClient> m_client;
    QPointer<Ledger> m_ledger;
    QString m_profile;
    RateCard m_card;
    CardSource m_source = CardSource::Bundled;
    QString m_cardOrigin;
    QString m_cardNote;
    QDateTime m_cardLoadedAt;
    Quota m_quota;
    ReconcileReport m_lastReconcile;
    QTimer m_reconcileTimer;
    bool m_reconciling = false;
    int m_usagePageSize = 100;
};

} // namespace bsp

Q_DECLARE_METATYPE(bsp::ReconcileReport)
