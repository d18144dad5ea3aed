#include "core/ledger.h"

#include "core/database.h"
#include "core/ledgerschema.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <cmath>

namespace bsp {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLedger, "bsp.ledger")

namespace {

// A stable machine code for errors that carry none from the gateway.
QString codeForKind(const ApiError &e)
{
    using K = ApiError::Kind;
    switch (e.kind) {
    case K::Network:
        return u"network_error"_s;
    case K::Timeout:
        return u"timeout"_s;
    case K::Cancelled:
        return u"cancelled"_s;
    case K::StreamError:
        return u"stream_error"_s;
    case K::StreamDropped:
        return u"stream_dropped"_s;
    case K::Malformed:
        return u"malformed_response"_s;
    default:
        break;
    }
    return e.httpStatus ? u"http_%1"_s.arg(e.httpStatus) : u"error"_s;
}

} // namespace

struct Ledger::Statements
{
    explicit Statements(const QSqlDatabase &db) : find(db), insert(db), update(db) { }
    bool prepare()
    {
        return find.prepare(
                   u"SELECT "_s + ledgersql::selectList() + u" FROM ledger WHERE call_id = ?"_s)
            && insert.prepare(ledgersql::insertStatement())
            && update.prepare(ledgersql::updateStatement());
    }
    QSqlQuery find;
    QSqlQuery insert;
    QSqlQuery update;
};

Ledger::Ledger(const QString &databasePath, QObject *parent)
    : QObject(parent), m_db(std::make_unique<Database>(databasePath))
{ }

Ledger::~Ledger()
{
    m_sql.reset(); // queries go before their connection
}

bool Ledger::open()
{
    m_sql.reset();
    return m_db->open() && prepareStatements();
}

bool Ledger::openForReading()
{
    m_sql.reset();
    return m_db->openForReading() && prepareStatements();
}

bool Ledger::prepareStatements()
{
    m_sql = std::make_unique<Statements>(m_db->db());
    if (!m_sql->prepare()) {
        qCWarning(lcLedger).noquote() << "prepare failed:" << m_sql->find.lastError().text()
                                      << m_sql->insert.lastError().text();
        m_sql.reset();
        return false;
    }
    return true;
}

QString Ledger::recoveryMessage() const
{
    return m_db->recoveryMessage();
}

QString Ledger::lastError() const
{
    return m_db->lastError();
}

QString Ledger::databasePath() const
{
    return m_db->path();
}

LedgerEntry Ledger::price(const CallRecord &r, const RateCard &card, const QString &profile)
{
    LedgerEntry e;
    e.callId = r.callId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : r.callId;
    e.profile = profile;
    e.time = r.startedAt.isValid() ? r.startedAt
        : r.finishedAt.isValid()   ? r.finishedAt
                                   : QDateTime::currentDateTimeUtc();
    e.finishedAt = r.finishedAt;
    e.tab = r.tab;
    e.route = r.route;
    const Rate *rate = card.find(r.model);
    e.model = rate ? rate->model : r.model; // aliases group under one id
    e.modality = card.modalityOf(r);
    e.requestId = r.requestId.isEmpty() && r.error ? r.error->requestId : r.requestId;
    e.taskId = r.taskId;
    e.httpStatus = r.httpStatus ? r.httpStatus : (r.error ? r.error->httpStatus : 0);
    if (r.error) {
        e.errorCode = r.error->code.isEmpty() ? codeForKind(*r.error) : r.error->code;
        e.errorMessage = r.error->message;
    }
    e.inputTokens = r.inputTokens;
    e.outputTokens = r.outputTokens;
    e.latencyMs = r.latencyMs;
    switch (e.modality) {
    case Modality::Image:
        e.units = r.images;
        break;
    case Modality::Video:
        e.units = r.seconds;
        break;
    case Modality::Rerank:
        e.units = rate && rate->documentsPerSearch > 0
            ? std::max(1, (r.documents + rate->documentsPerSearch - 1) / rate->documentsPerSearch)
            : r.documents;
        break;
    default:
        break;
    }
    // The generate_image tool's images go on their own line (imageLine): this line
    // prices the text alone.
    CallRecord facts = r;
    if (hasImageLine(r, card))
        facts.images = 0;
    const std::optional<Credits> cost = card.callCost(facts);
    // The estimate shown before sending where the caller gave it: one number everywhere.
    e.estimatedCredits = r.estimatedCredits ? r.estimatedCredits : cost;
    if (r.reservedCredits)
        e.reservedCredits = *r.reservedCredits;

    using O = CallRecord::Outcome;
    switch (r.outcome) {
    case O::Succeeded:
        e.status = LedgerEntry::Status::Succeeded;
        e.chargeStated = r.statedCredits.has_value();
        e.chargedCredits = r.statedCredits ? *r.statedCredits : cost.value_or(0);
        break;
    case O::Failed:
        e.status = LedgerEntry::Status::Failed; // never billed
        break;
    case O::Cancelled:
        e.status = LedgerEntry::Status::Cancelled;
        if (r.statedCredits) {
            // A running task's cancel answer states what was billed.
            e.chargeStated = true;
            e.chargedCredits = *r.statedCredits;
        } else if (r.taskId.isEmpty() && e.httpStatus >= 200 && e.httpStatus < 300) {
            // A stream aborted after its response began bills its partial output.
            e.chargedCredits = cost.value_or(0);
        } // else: aborted before any response, or a queued task: free
        break;
    case O::Reserved:
        e.status = LedgerEntry::Status::Reserved;
        if (!r.reservedCredits)
            e.reservedCredits = e.estimatedCredits.value_or(0);
        break;
    }
    return e;
}

bool Ledger::hasImageLine(const CallRecord &r, const RateCard &card)
{
    return r.images > 0 && !r.imageModel.isEmpty() && !r.statedCredits
        && card.modalityOf(r) == Modality::Text;
}

QString Ledger::imageLineId(const QString &callId)
{
    return callId + u"/image"_s;
}

QList<LedgerEntry> Ledger::lines(const CallRecord &r, const RateCard &card, const QString &profile)
{
    QList<LedgerEntry> out {price(r, card, profile)};
    if (!hasImageLine(r, card))
        return out;
    // The tool's images under the image model and the image modality, as the gateway
    // books them; same call, same request id, same status.
    const LedgerEntry &text = out.constFirst();
    LedgerEntry img = text;
    img.id = 0;
    img.callId = imageLineId(text.callId);
    const Rate *rate = card.find(r.imageModel);
    img.model = rate ? rate->model : r.imageModel;
    img.modality = Modality::Image;
    img.inputTokens = 0;
    img.outputTokens = 0;
    img.units = r.images;
    const std::optional<Credits> cost = card.imageCost(r.imageModel, r.size, r.images);
    img.estimatedCredits = cost;
    const bool billed = text.status == LedgerEntry::Status::Succeeded
        || (text.status == LedgerEntry::Status::Cancelled && text.chargedCredits > 0);
    img.chargedCredits = billed ? cost.value_or(0) : 0;
    img.reservedCredits = 0;
    out << img;
    return out;
}

std::optional<LedgerEntry> Ledger::record(
    const CallRecord &record, const RateCard &card, const QString &profile)
{
    std::optional<LedgerEntry> stored;
    bool added = false;
    QList<QPair<LedgerEntry, bool>> extra; // the image line, when there is one
    const bool ok = m_db->transaction([&] {
        const QList<LedgerEntry> entries = lines(record, card, profile);
        for (const LedgerEntry &line : entries) {
            bool lineAdded = false;
            auto e = write(line, &lineAdded);
            if (!e)
                return false;
            if (!stored) {
                stored = e;
                added = lineAdded;
            } else {
                extra << qMakePair(*e, lineAdded);
            }
        }
        return stored.has_value();
    });
    if (!ok) {
        qCWarning(lcLedger).noquote() << "record failed:" << m_db->lastError();
        return std::nullopt;
    }
    if (added)
        Q_EMIT entryAdded(*stored);
    else
        Q_EMIT entryUpdated(*stored);
    for (const auto &[e, lineAdded] : std::as_const(extra)) {
        if (lineAdded)
            Q_EMIT entryAdded(e);
        else
            Q_EMIT entryUpdated(e);
    }
    return stored;
}

bool Ledger::recordAll(
    const QList<CallRecord> &records, const RateCard &card, const QString &profile)
{
    QList<QPair<LedgerEntry, bool>> done;
    done.reserve(records.size());
    const bool ok = m_db->transaction([&] {
        for (const CallRecord &r : records) {
            const QList<LedgerEntry> entries = lines(r, card, profile);
            for (const LedgerEntry &line : entries) {
                bool added = false;
                auto e = write(line, &added);
                if (!e)
                    return false;
                done.append({std::move(*e), added});
            }
        }
        return true;
    });
    if (!ok)
        return false;
    for (const auto &[e, added] : std::as_const(done)) {
        if (added)
            Q_EMIT entryAdded(e);
        else
            Q_EMIT entryUpdated(e);
    }
    return true;
}

std::optional<LedgerEntry> Ledger::write(LedgerEntry e, bool *added)
{
    if (!m_sql)
        return std::nullopt;
    QSqlQuery &find = m_sql->find;
    find.addBindValue(ledgersql::text(e.callId));
    if (!find.exec()) {
        qCWarning(lcLedger).noquote() << find.lastError().text();
        return std::nullopt;
    }
    *added = !find.next();
    if (!*added) {
        // The call keeps its first start time, profile, row (its place in the list), any
        // reconciliation already made, and the route and request id that started it: a
        // task's later query or cancel answers update its state, but the gateway bills
        // the task under its submit's request id.
        const LedgerEntry old = ledgersql::entryFrom(find);
        e.id = old.id;
        e.time = old.time;
        e.profile = old.profile;
        e.reconciledCredits = old.reconciledCredits;
        e.reconciledAt = old.reconciledAt;
        e.mismatch = old.mismatch;
        if (!old.route.isEmpty())
            e.route = old.route;
        if (!old.requestId.isEmpty())
            e.requestId = old.requestId;
    }
    find.finish();
    QSqlQuery &q = *added ? m_sql->insert : m_sql->update;
    if (*added)
        ledgersql::bindInsert(q, e);
    else
        ledgersql::bindUpdate(q, e);
    if (!q.exec()) {
        qCWarning(lcLedger).noquote() << q.lastError().text();
        return std::nullopt;
    }
    if (*added)
        e.id = q.lastInsertId().toLongLong();
    q.finish();
    // Stored values: times at the database's millisecond precision.
    e.time = QDateTime::fromMSecsSinceEpoch(e.time.toMSecsSinceEpoch(), Qt::UTC);
    if (e.finishedAt.isValid())
        e.finishedAt = QDateTime::fromMSecsSinceEpoch(e.finishedAt.toMSecsSinceEpoch(), Qt::UTC);
    return e;
}

} // namespace bsp
