#pragma once

#include "core/callrecord.h"
#include "core/money.h"
#include "core/ratecard.h"
#include "core/usagerow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

namespace bsp {

class Database;

// One call as the cost panel shows it. Failures are charged 0; `estimatedCredits` is
// what the call's facts cost at the rate card (for a failure: what it would have cost),
// null when the card has no price for it.
struct LedgerEntry
{
    enum class Status { Succeeded, Failed, Cancelled, Reserved };

    qint64 id = 0; // row id: grows with every new call, so newest first = id descending
    QString callId;
    QString profile;
    QDateTime time; // when the call started (kept when a later record updates the call)
    QDateTime finishedAt;
    QString tab;
    QString route;
    QString model;
    Modality modality = Modality::Unknown;
    QString requestId;
    QString taskId;
    Status status = Status::Succeeded;
    int httpStatus = 0;
    QString errorCode;
    QString errorMessage;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double units = 0; // images, seconds or searches, by modality
    std::optional<Credits> estimatedCredits;
    Credits chargedCredits = 0;
    bool chargeStated = false; // charged is the gateway's own figure (credits_used)
    Credits reservedCredits = 0; // held while Reserved; kept afterwards for reference
    std::optional<Credits> reconciledCredits; // from /api/v1/usage
    QDateTime reconciledAt;
    bool mismatch = false; // reconciled != charged
    qint64 latencyMs = 0;

    // A success whose cost neither the gateway nor the rate card knows.
    bool priceUnknown() const
    {
        return status != Status::Failed && !chargeStated && !estimatedCredits.has_value();
    }

    static QString statusName(Status s); // "succeeded", "failed", "cancelled", "reserved"
    static std::optional<Status> statusFromName(const QString &name);
    QJsonObject toJson() const; // money as integer credits
    static std::optional<LedgerEntry> fromJson(const QJsonObject &o);
};

// What matching the gateway's usage rows against the ledger found.
struct LedgerReconcile
{
    bool ok = false; // false: the database write failed
    int matched = 0; // ledger rows the usage has (by request id)
    QList<LedgerEntry> mismatches; // matched, but charged differently
    // Usage rows the ledger has no row for (their request ids).
    QStringList missingFromLedger;
    // Ledger rows with a request id that the usage does not list (the gateway no
    // longer has them, or never had). Calls still running (reserved) are left out.
    QList<LedgerEntry> missingFromUsage;
};

struct LedgerTotals
{
    int calls = 0;
    int failures = 0;
    int priceUnknown = 0;
    Credits charged = 0; // spent (failures add 0)
    Credits reserved = 0; // held by calls still running
    Credits savedByFailures = 0; // what failed calls would have cost at the card's rate
};

// Every gateway call, persisted in the app's SQLite file (table `ledger`).
//
// Write policy: record() commits its row before it returns and only then emits
// entryAdded/entryUpdated, so an acknowledged record survives a crash of the app.
// In WAL mode with synchronous=NORMAL a commit is an append to the WAL without
// fsync (tens of microseconds), so the UI thread is not held up; bulk imports use
// recordAll(), one transaction for the lot.
class Ledger final : public QObject
{
    Q_OBJECT

public:
    explicit Ledger(const QString &databasePath, QObject *parent = nullptr);
    ~Ledger() override;
    Q_DISABLE_COPY_MOVE(Ledger)

    bool open(); // opens the file and runs migrations
    // For a worker's reads (Database::openForReading): the writes fail.
    bool openForReading();
    QString lastError() const;
    // Set when open() found the file damaged and started a fresh one (Database::open).
    QString recoveryMessage() const;
    QString databasePath() const;

    // The entry a record becomes, priced with `card`; pure, nothing stored.
    static LedgerEntry price(
        const CallRecord &record, const RateCard &card, const QString &profile);
    // Every line a record becomes: price() and, for a /v1/messages call whose
    // generate_image tool made images, a second line for them (image model, image
    // modality, call id imageLineId()).
    static QList<LedgerEntry> lines(
        const CallRecord &record, const RateCard &card, const QString &profile);
    static bool hasImageLine(const CallRecord &record, const RateCard &card);
    static QString imageLineId(const QString &callId);

    // Stores the call (upsert by callId: a later record of the same call, e.g. the
    // end of a reserved task, updates its row). nullopt when the write failed.
    std::optional<LedgerEntry> record(
        const CallRecord &record, const RateCard &card, const QString &profile);
    // Many records in one transaction; false when any failed (none is kept then).
    bool recordAll(const QList<CallRecord> &records, const RateCard &card, const QString &profile);

    // Newest first. An empty profile means every profile.
    QList<LedgerEntry> entries(const QString &profile, int limit = 100, int offset = 0) const;
    // Keyset paging for long lists: entries older than `beforeId` (0 = from the newest).
    QList<LedgerEntry> entriesBefore(const QString &profile, qint64 beforeId, int limit) const;
    std::optional<LedgerEntry> entry(const QString &callId) const;
    int count(const QString &profile) const;

    // At start-up (the app's, not a second reader's): calls booked when their answer
    // began that never finished, because the app was killed or crashed, become
    // cancelled with error code "interrupted" and no charge yet; the next reconcile
    // fills in what the gateway billed. Returns how many.
    int markInterrupted();
    static constexpr QLatin1StringView kInterrupted {"interrupted"};

    // Totals over calls started at or after `since` (invalid = all time).
    LedgerTotals totals(const QString &profile, const QDateTime &since = {}) const;
    LedgerTotals today(const QString &profile) const; // since local midnight
    QMap<QString, LedgerTotals> totalsByModel(
        const QString &profile, const QDateTime &since = {}) const;
    // Keyed by modality wire name ("text", "image", ...).
    QMap<QString, LedgerTotals> totalsByModality(
        const QString &profile, const QDateTime &since = {}) const;

    // Matches the gateway's usage rows by request id, stores their credits and flags
    // entries whose charge differs. Returns the mismatched entries.
    QList<LedgerEntry> reconcile(const QList<UsageRow> &rows);
    // The same for one profile's rows (empty: every profile), and what is missing on
    // either side. Emits entryUpdated for the matched rows, then one `reconciled`.
    LedgerReconcile reconcileProfile(const QList<UsageRow> &rows, const QString &profile);

    QByteArray exportCsv(const QString &profile) const;
    QByteArray exportJson(const QString &profile) const;
    static QList<LedgerEntry> parseCsv(const QByteArray &csv, QString *error = nullptr);
    static QList<LedgerEntry> parseJson(const QByteArray &json, QString *error = nullptr);

Q_SIGNALS:
    void entryAdded(const bsp::LedgerEntry &entry);
    void entryUpdated(const bsp::LedgerEntry &entry);
    // After a reconcile updated many rows at once: listeners that aggregate refresh
    // once here instead of once per entryUpdated.
    void reconciled();

private:
    bool prepareStatements();
    std::optional<LedgerEntry> write(LedgerEntry entry, bool *added);
    // SELECT of whole entries; `tail` is what follows "FROM ledger".
    QList<LedgerEntry> selectEntries(const QString &tail, const QVariantList &binds) const;
    QMap<QString, LedgerTotals> groupedTotals(
        const QString &column, const QString &profile, const QDateTime &since) const;

    struct Statements; // prepared once per open(), reused by every write
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Statements> m_sql;
};

} // namespace bsp

Q_DECLARE_METATYPE(bsp::LedgerEntry)
