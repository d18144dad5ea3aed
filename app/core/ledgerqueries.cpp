// Reading the ledger: pages of entries and totals.
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
    return ledgersql::selectEntries(m_db->db(), tail, binds);
}

std::optional<LedgerEntry> Ledger::entry(const QString &callId) const
{
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT "_s + selectList() + u" FROM ledger WHERE call_id = ?"_s);
    q.addBindValue(callId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return ledgersql::entryFrom(q);
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
    const QVariant failed = statusValue(LedgerEntry::Status::Failed);
    const QVariant reserved = statusValue(LedgerEntry::Status::Reserved);
    for (const QVariant &status : {failed, failed, reserved, failed})
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

} // namespace bsp
