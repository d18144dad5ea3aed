// Matching the gateway's usage rows against the ledger.
#include "core/database.h"
#include "core/ledger.h"
#include "core/ledgerschema.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

namespace bsp {

using namespace Qt::StringLiterals;
using ledgersql::selectList;
using ledgersql::statusValue;
using ledgersql::text;
using ledgersql::whereFor;

Q_DECLARE_LOGGING_CATEGORY(lcLedger)

int Ledger::markInterrupted()
{
    QSqlQuery q(m_db->db());
    q.prepare(u"UPDATE ledger SET status = ?, error_code = ?, error_message = ? "
              "WHERE status = ? AND task_id = '' AND call_id NOT LIKE 'task:%'"_s);
    q.addBindValue(statusValue(LedgerEntry::Status::Cancelled));
    q.addBindValue(QString(kInterrupted));
    q.addBindValue(tr("the app stopped before the call ended; the gateway's usage "
                      "(Reconcile) says what it billed"));
    q.addBindValue(statusValue(LedgerEntry::Status::Reserved));
    if (!q.exec()) {
        qCWarning(lcLedger).noquote()
            << "marking interrupted calls failed:" << q.lastError().text();
        return 0;
    }
    const int n = q.numRowsAffected();
    if (n > 0)
        qCInfo(lcLedger) << n << "call(s) were interrupted by the last exit";
    return n;
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
    QHash<QString, UsageRow> firstRow;
    QStringList usageOrder;
    for (const UsageRow &row : rows) {
        if (row.requestId.isEmpty())
            continue;
        if (!usageById.contains(row.requestId)) {
            usageOrder << row.requestId;
            firstRow.insert(row.requestId, row);
        }
        usageById[row.requestId] += row.credits;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QVariant reserved = statusValue(LedgerEntry::Status::Reserved);
    const bool ok = m_db->transaction([&] {
        QSqlDatabase db = m_db->db();
        QSqlQuery find(db);
        find.prepare(u"SELECT "_s + selectList()
            + u" FROM ledger WHERE request_id = ? AND status <> ? AND (? = '' OR profile = ?)"
              " ORDER BY id"_s);
        QSqlQuery up(db);
        up.prepare(u"UPDATE ledger SET reconciled_credits = ?, reconciled_ms = ?, "
                   "mismatch = ?, charged_credits = ?, charge_stated = ? WHERE id = ?"_s);
        // A call the app was killed in before its answer's first byte has no request id:
        // a billed usage row no ledger row names goes to the nearest such call of the
        // same route and model that started before it (within 15 minutes).
        QSqlQuery adopt(db);
        adopt.prepare(u"UPDATE ledger SET request_id = ? WHERE id = (SELECT id FROM ledger "
                      "WHERE request_id = '' AND status = ? AND error_code = ? AND route = ? "
                      "AND model = ? AND (? = '' OR profile = ?) AND time_ms BETWEEN ? AND ? "
                      "ORDER BY time_ms DESC LIMIT 1)"_s);
        const auto lookUp = [&](const QString &requestId, QList<LedgerEntry> &lines) {
            find.bindValue(0, requestId);
            find.bindValue(1, reserved);
            find.bindValue(2, text(profile));
            find.bindValue(3, text(profile));
            if (!find.exec())
                return false;
            while (find.next())
                lines << ledgersql::entryFrom(find);
            return true;
        };
        for (const QString &requestId : std::as_const(usageOrder)) {
            QList<LedgerEntry> lines;
            if (!lookUp(requestId, lines))
                return false;
            const UsageRow &row = firstRow[requestId];
            if (lines.isEmpty() && row.createdAt.isValid() && usageById.value(requestId) > 0) {
                const qint64 at = row.createdAt.toMSecsSinceEpoch();
                const QVariantList binds {requestId, statusValue(LedgerEntry::Status::Cancelled),
                    QString(kInterrupted), row.route, row.model, text(profile), text(profile),
                    at - 15 * 60 * 1000, at + 5000};
                for (int i = 0; i < binds.size(); ++i)
                    adopt.bindValue(i, binds.at(i));
                if (!adopt.exec())
                    return false;
                if (adopt.numRowsAffected() == 1 && !lookUp(requestId, lines))
                    return false;
            }
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
                // A call the app was killed in: the gateway's figure is the only one.
                if (e.errorCode == kInterrupted && !e.chargeStated) {
                    e.chargedCredits = *e.reconciledCredits;
                    e.chargeStated = true;
                }
                e.mismatch = *e.reconciledCredits != e.chargedCredits;
                up.bindValue(0, *e.reconciledCredits);
                up.bindValue(1, now);
                up.bindValue(2, e.mismatch ? 1 : 0);
                up.bindValue(3, e.chargedCredits);
                up.bindValue(4, e.chargeStated ? 1 : 0);
                up.bindValue(5, e.id);
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
