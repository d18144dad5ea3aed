#pragma once

#include "core/callrecord.h"
#include "core/canceltoken.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/ratecard.h"
#include "core/wiretypes.h"

#include <QDateTime>
#include <QHash>
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

struct MessageRequest;

// What a reconcile run found.
struct ReconcileReport
{
    bool ok = false; // false: the usage pages could not be read (error says why)
    QString error;
    QString profile; // whose ledger rows and usage were compared
    int usageRows = 0; // rows read from /api/v1/usage
    int matched = 0; // ledger rows found in the usage
    QList<LedgerEntry> mismatches; // matched, charged differently
    QStringList missingFromLedger; // usage request ids the ledger has no row for
    QList<LedgerEntry> missingFromUsage; // ledger rows the gateway does not list
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

    // Set by the composition root once the ledger is open; views follow ledgerChanged.
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
    // The same, owned by the service (result through rateCardChanged); cancelled and
    // finished when the service goes away.
    void refreshRateCardInBackground();
    // Strict: a malformed or partial file is refused and the current card stays.
    RateCardUpdate importRateCard(const QString &path);
    RateCardUpdate importRateCardJson(const QByteArray &json, const QString &origin);

    // THE estimate every tab uses before sending. `call` describes the call as the
    // ledger will see it (route, model, input tokens, images and size, the image
    // tool's model, seconds and resolution, documents); a text call adds an expected
    // output (expectedOutputTokens) and gives the worst case at `maxOutputTokens`.
    // Pass `expected` on in CallOptions::estimate so the ledger's Estimated column
    // holds this same number.
    CostEstimate estimate(const CallRecord &call, qint64 maxOutputTokens = 0) const;
    static CostEstimate estimateWith(
        const RateCard &card, const CallRecord &call, qint64 maxOutputTokens);
    // A /v1/messages request as a call: input tokens by MessageRequest's estimator,
    // the image tool's one image.
    static CallRecord describe(const MessageRequest &request);
    // The output a reply is expected to have: an eighth of max tokens, at least 256,
    // never more than max tokens.
    static qint64 expectedOutputTokens(qint64 maxOutputTokens);
    // "≈ $0.0012, up to $0.0105 at max tokens", "≈ $0.04" or "price unknown".
    static QString formatEstimate(const CostEstimate &estimate);
    // What the ledger charged for the call with this request id (every line of it),
    // once it is recorded; what a tab shows as "charged".
    std::optional<Credits> chargedFor(const QString &requestId) const;

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
    // Books a call being sent or whose answer began (GatewayClient::callStarted) as
    // reserved, under
    // the id recordCall() later updates; nothing is reported as charged yet.
    void recordStarted(const CallRecord &record);
    static bool isHousekeepingRoute(const QString &route);

    // Reads every page of /api/v1/usage (after= cursor) and reconciles the ledger.
    QCoro::Task<ReconcileReport> reconcileNow();
    // The same, owned by the service (result through reconcileFinished); a run already
    // going is not started twice. Cancelled and finished when the service goes away.
    void reconcileInBackground();
    bool isReconciling() const { return m_reconciling; }
    ReconcileReport lastReconcile() const { return m_lastReconcile; }
    // Periodic background reconcile; 0 turns it off (the default, and in tests).
    void setReconcileInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds reconcileInterval() const;
    void setUsagePageSize(int rows) { m_usagePageSize = rows; }

Q_SIGNALS:
    void ledgerChanged(bsp::Ledger *ledger);
    void profileChanged(const QString &profile);
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
    // Handed to every call the service starts on its own: cancelled on destruction so
    // those coroutines resume, see m_closing and finish instead of leaking their frames.
    CancelToken m_background;
    bool m_closing = false;
    int m_runs = 0; // coroutines of this service still running
    QHash<QString, Credits> m_charged; // request id -> ledger charge (recent calls)
    friend struct CostServiceRun;
    int m_usagePageSize = 100;
};

} // namespace bsp

Q_DECLARE_METATYPE(bsp::ReconcileReport)
