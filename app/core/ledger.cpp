#include "core/ledger.h"

#include "core/database.h"

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

const QString kColumns = u"id, call_id, profile, time_ms, finished_ms, tab, route, model, "
                         "modality, request_id, task_id, status, http_status, error_code, "
                         "error_message, input_tokens, output_tokens, units, estimated_credits, "
                         "charged_credits, charge_stated, reserved_credits, reconciled_credits, "
                         "reconciled_ms, mismatch, latency_ms"_s;

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

// QtSql binds a null QString as SQL NULL; text columns are NOT NULL DEFAULT ''.
QString text(const QString &s)
{
    return s.isNull() ? u""_s : s;
}

QVariant optionalCredits(const std::optional<Credits> &c)
{
    return c ? QVariant(*c) : QVariant(QMetaType::fromType<qint64>());
}

QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

LedgerEntry entryFromQuery(const QSqlQuery &q)
{
    LedgerEntry e;
    e.id = q.value(0).toLongLong();
    e.callId = q.value(1).toString();
    e.profile = q.value(2).toString();
    e.time = timeFromMs(q.value(3));
    e.finishedAt = timeFromMs(q.value(4));
    e.tab = q.value(5).toString();
    e.route = q.value(6).toString();
    e.model = q.value(7).toString();
    e.modality = modalityFromName(q.value(8).toString());
    e.requestId = q.value(9).toString();
    e.taskId = q.value(10).toString();
    e.status = static_cast<LedgerEntry::Status>(q.value(11).toInt());
    e.httpStatus = q.value(12).toInt();
    e.errorCode = q.value(13).toString();
    e.errorMessage = q.value(14).toString();
    e.inputTokens = q.value(15).toLongLong();
    e.outputTokens = q.value(16).toLongLong();
    e.units = q.value(17).toDouble();
    if (!q.value(18).isNull())
        e.estimatedCredits = q.value(18).toLongLong();
    e.chargedCredits = q.value(19).toLongLong();
    e.chargeStated = q.value(20).toBool();
    e.reservedCredits = q.value(21).toLongLong();
    if (!q.value(22).isNull())
        e.reconciledCredits = q.value(22).toLongLong();
    e.reconciledAt = timeFromMs(q.value(23));
    e.mismatch = q.value(24).toBool();
    e.latencyMs = q.value(25).toLongLong();
    return e;
}

// WHERE clause and its positional values for (profile, since) filters.
QString whereFor(const QString &profile, const QDateTime &since, QVariantList *binds)
{
    QStringList parts;
    if (!profile.isEmpty()) {
        parts << u"profile = ?"_s;
        *binds << profile;
    }
    if (since.isValid()) {
        parts << u"time_ms >= ?"_s;
        *binds << since.toMSecsSinceEpoch();
    }
    return parts.isEmpty() ? QString() : u" WHERE "_s + parts.join(u" AND "_s);
}

} // namespace

struct Ledger::Statements
{
    explicit Statements(const QSqlDatabase &db) : find(db), insert(db), update(db) { }
    bool prepare()
    {
        return find.prepare(u"SELECT id, time_ms, profile, reconciled_credits, reconciled_ms, "
                            "mismatch, route, request_id FROM ledger WHERE call_id = ?"_s)
            && insert.prepare(
                u"INSERT INTO ledger (call_id, profile, time_ms, finished_ms, tab, route, "
                "model, modality, request_id, task_id, status, http_status, error_code, "
                "error_message, input_tokens, output_tokens, units, estimated_credits, "
                "charged_credits, charge_stated, reserved_credits, latency_ms) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s)
            && update.prepare(
                u"UPDATE ledger SET finished_ms=?, tab=?, route=?, model=?, modality=?, "
                "request_id=?, task_id=?, status=?, http_status=?, error_code=?, "
                "error_message=?, input_tokens=?, output_tokens=?, units=?, "
                "estimated_credits=?, charged_credits=?, charge_stated=?, "
                "reserved_credits=?, latency_ms=? WHERE id=?"_s);
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
    if (!m_db->open())
        return false;
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
    find.addBindValue(text(e.callId));
    if (!find.exec()) {
        qCWarning(lcLedger).noquote() << find.lastError().text();
        return std::nullopt;
    }
    *added = !find.next();
    QSqlQuery &q = *added ? m_sql->insert : m_sql->update;
    if (*added) {
        q.addBindValue(text(e.callId));
        q.addBindValue(text(e.profile));
        q.addBindValue(e.time.toMSecsSinceEpoch());
    } else {
        // The call keeps its first start time, profile, row (its place in the list), any
        // reconciliation already made, and the route and request id that started it: a
        // task's later query or cancel answers update its state, but the gateway bills
        // the task under its submit's request id.
        e.id = find.value(0).toLongLong();
        e.time = timeFromMs(find.value(1));
        e.profile = find.value(2).toString();
        if (!find.value(3).isNull())
            e.reconciledCredits = find.value(3).toLongLong();
        e.reconciledAt = timeFromMs(find.value(4));
        e.mismatch = find.value(5).toBool();
        if (const QString route = find.value(6).toString(); !route.isEmpty())
            e.route = route;
        if (const QString requestId = find.value(7).toString(); !requestId.isEmpty())
            e.requestId = requestId;
    }
    find.finish();
    q.addBindValue(msOrNull(e.finishedAt));
    q.addBindValue(text(e.tab));
    q.addBindValue(text(e.route));
    q.addBindValue(text(e.model));
    q.addBindValue(modalityName(e.modality));
    q.addBindValue(text(e.requestId));
    q.addBindValue(text(e.taskId));
    q.addBindValue(static_cast<int>(e.status));
    q.addBindValue(e.httpStatus);
    q.addBindValue(text(e.errorCode));
    q.addBindValue(text(e.errorMessage));
    q.addBindValue(e.inputTokens);
    q.addBindValue(e.outputTokens);
    q.addBindValue(e.units);
    q.addBindValue(optionalCredits(e.estimatedCredits));
    q.addBindValue(e.chargedCredits);
    q.addBindValue(e.chargeStated ? 1 : 0);
    q.addBindValue(e.reservedCredits);
    q.addBindValue(e.latencyMs);
    if (!*added)
        q.addBindValue(e.id);
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

QList<LedgerEntry> Ledger::entries(const QString &profile, int limit, int offset) const
{
    QVariantList binds;
    const QString where = whereFor(profile, {}, &binds);
    binds << limit << offset;
    return selectEntries(where + u" ORDER BY id DESC LIMIT ? OFFSET ?"_s, binds);
}

QList<LedgerEntry> Ledger::entriesBefore(const QString &profile, qint64 beforeId, int limit) const
{
    QVariantList binds;
    QString where = whereFor(profile, {}, &binds);
    if (beforeId > 0) {
        where += where.isEmpty() ? u" WHERE id < ?"_s : u" AND id < ?"_s;
        binds << beforeId;
    }
    binds << limit;
    return selectEntries(where + u" ORDER BY id DESC LIMIT ?"_s, binds);
}

QList<LedgerEntry> Ledger::selectEntries(const QString &tail, const QVariantList &binds) const
{
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT "_s + kColumns + u" FROM ledger"_s + tail);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    QList<LedgerEntry> out;
    if (!q.exec())
        return out;
    while (q.next())
        out << entryFromQuery(q);
    return out;
}

std::optional<LedgerEntry> Ledger::entry(const QString &callId) const
{
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT "_s + kColumns + u" FROM ledger WHERE call_id = ?"_s);
    q.addBindValue(callId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return entryFromQuery(q);
}

int Ledger::count(const QString &profile) const
{
    QVariantList binds;
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT COUNT(*) FROM ledger"_s + whereFor(profile, {}, &binds));
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

QMap<QString, LedgerTotals> Ledger::groupedTotals(
    const QString &column, const QString &profile, const QDateTime &since) const
{
    QVariantList binds;
    const QString key = column.isEmpty() ? u"''"_s : column;
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT "_s + key
        + u", COUNT(*), SUM(status = ?), "
          "SUM(status <> ? AND charge_stated = 0 AND estimated_credits IS NULL), "
          "SUM(charged_credits), SUM(CASE WHEN status = ? THEN reserved_credits END), "
          "SUM(CASE WHEN status = ? THEN estimated_credits END) FROM ledger"_s
        + whereFor(profile, since, &binds) + u" GROUP BY 1"_s);
    // Statuses are bound, not written into the SQL as numbers.
    const int failed = int(LedgerEntry::Status::Failed);
    const int reserved = int(LedgerEntry::Status::Reserved);
    for (const int status : {failed, failed, reserved, failed})
        q.addBindValue(status);
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    QMap<QString, LedgerTotals> out;
    if (!q.exec()) {
        qCWarning(lcLedger).noquote() << q.lastError().text();
        return out;
    }
    while (q.next()) {
        LedgerTotals t;
        t.calls = q.value(1).toInt();
        t.failures = q.value(2).toInt();
        t.priceUnknown = q.value(3).toInt();
        t.charged = q.value(4).toLongLong();
        t.reserved = q.value(5).toLongLong();
        t.savedByFailures = q.value(6).toLongLong();
        out.insert(q.value(0).toString(), t);
    }
    return out;
}

LedgerTotals Ledger::totals(const QString &profile, const QDateTime &since) const
{
    return groupedTotals({}, profile, since).value(QString());
}

LedgerTotals Ledger::today(const QString &profile) const
{
    return totals(profile, QDateTime(QDate::currentDate(), QTime(0, 0)));
}

QMap<QString, LedgerTotals> Ledger::totalsByModel(
    const QString &profile, const QDateTime &since) const
{
    return groupedTotals(u"model"_s, profile, since);
}

QMap<QString, LedgerTotals> Ledger::totalsByModality(
    const QString &profile, const QDateTime &since) const
{
    return groupedTotals(u"modality"_s, profile, since);
}

QList<LedgerEntry> Ledger::reconcile(const QList<UsageRow> &rows)
{
    return reconcileProfile(rows, QString()).mismatches;
}

LedgerReconcile Ledger::reconcileProfile(const QList<UsageRow> &rows, const QString &profile)
{
    LedgerReconcile out;
    QList<LedgerEntry> updated;
    // One call may be several usage rows (a gateway that books the tool's images apart)
    // and several ledger lines (the image line): compare the sums per request id.
    QHash<QString, Credits> usageById;
    QStringList usageOrder;
    for (const UsageRow &row : rows) {
        if (row.requestId.isEmpty())
            continue;
        if (!usageById.contains(row.requestId))
            usageOrder << row.requestId;
        usageById[row.requestId] += row.credits;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int reserved = int(LedgerEntry::Status::Reserved);
    const bool ok = m_db->transaction([&] {
        QSqlDatabase db = m_db->db();
        QSqlQuery find(db);
        find.prepare(u"SELECT "_s + kColumns
            + u" FROM ledger WHERE request_id = ? AND status <> ? AND (? = '' OR profile = ?)"
              " ORDER BY id"_s);
        QSqlQuery up(db);
        up.prepare(u"UPDATE ledger SET reconciled_credits = ?, reconciled_ms = ?, "
                   "mismatch = ? WHERE id = ?"_s);
        for (const QString &requestId : std::as_const(usageOrder)) {
            find.bindValue(0, requestId);
            find.bindValue(1, reserved);
            find.bindValue(2, text(profile));
            find.bindValue(3, text(profile));
            if (!find.exec())
                return false;
            QList<LedgerEntry> lines;
            while (find.next())
                lines << entryFromQuery(find);
            if (lines.isEmpty()) {
                out.missingFromLedger << requestId;
                continue;
            }
            Credits others = 0;
            for (qsizetype i = 1; i < lines.size(); ++i)
                others += lines.at(i).chargedCredits;
            const Credits usage = usageById.value(requestId);
            for (qsizetype i = 0; i < lines.size(); ++i) {
                LedgerEntry &e = lines[i];
                // The first line carries any difference; the others confirm their own.
                e.reconciledCredits = i == 0 ? usage - others : e.chargedCredits;
                e.reconciledAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
                e.mismatch = *e.reconciledCredits != e.chargedCredits;
                up.bindValue(0, *e.reconciledCredits);
                up.bindValue(1, now);
                up.bindValue(2, e.mismatch ? 1 : 0);
                up.bindValue(3, e.id);
                if (!up.exec())
                    return false;
                updated << e;
            }
        }
        return true;
    });
    if (!ok) {
        qCWarning(lcLedger).noquote() << "reconcile failed:" << m_db->lastError();
        return out;
    }
    out.ok = true;
    out.matched = int(updated.size());
    for (const LedgerEntry &e : std::as_const(updated)) {
        Q_EMIT entryUpdated(e);
        if (e.mismatch)
            out.mismatches << e;
    }
    // The other side: rows the ledger has that the gateway's usage does not list.
    QVariantList binds;
    QString where = whereFor(profile, {}, &binds);
    where += (where.isEmpty() ? u" WHERE "_s : u" AND "_s)
        + u"request_id <> '' AND status <> ? ORDER BY id DESC"_s;
    binds << reserved;
    const QList<LedgerEntry> withIds = selectEntries(where, binds);
    for (const LedgerEntry &e : withIds) {
        if (!usageById.contains(e.requestId))
            out.missingFromUsage << e;
    }
    Q_EMIT reconciled();
    return out;
}

} // namespace bsp
