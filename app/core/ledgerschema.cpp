#include "core/ledgerschema.h"

#include <QSqlDatabase>
#include <QStringList>

#include <array>

namespace bsp::ledgersql {

using namespace Qt::StringLiterals;

namespace {

QVariant nullInt()
{
    return QVariant(QMetaType::fromType<qint64>());
}

QVariant optionalCredits(const std::optional<Credits> &c)
{
    return c ? QVariant(*c) : nullInt();
}

std::optional<Credits> creditsOrNull(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional<Credits>(v.toLongLong());
}

QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : nullInt();
}

using E = LedgerEntry;
using V = QVariant;

// clang-format off
const std::array<Column, 26> kColumns {{
    {"id"_L1, Column::Read,
        [](const E &e) { return V(e.id); },
        [](E &e, const V &v) { e.id = v.toLongLong(); }},
    {"call_id"_L1, Column::Insert,
        [](const E &e) { return V(text(e.callId)); },
        [](E &e, const V &v) { e.callId = v.toString(); }},
    {"profile"_L1, Column::Insert,
        [](const E &e) { return V(text(e.profile)); },
        [](E &e, const V &v) { e.profile = v.toString(); }},
    {"time_ms"_L1, Column::Insert,
        [](const E &e) { return V(e.time.toMSecsSinceEpoch()); },
        [](E &e, const V &v) { e.time = timeFromMs(v); }},
    {"finished_ms"_L1, Column::Written,
        [](const E &e) { return msOrNull(e.finishedAt); },
        [](E &e, const V &v) { e.finishedAt = timeFromMs(v); }},
    {"tab"_L1, Column::Written,
        [](const E &e) { return V(text(e.tab)); },
        [](E &e, const V &v) { e.tab = v.toString(); }},
    {"route"_L1, Column::Written,
        [](const E &e) { return V(text(e.route)); },
        [](E &e, const V &v) { e.route = v.toString(); }},
    {"model"_L1, Column::Written,
        [](const E &e) { return V(text(e.model)); },
        [](E &e, const V &v) { e.model = v.toString(); }},
    {"modality"_L1, Column::Written,
        [](const E &e) { return V(modalityName(e.modality)); },
        [](E &e, const V &v) { e.modality = modalityFromName(v.toString()); }},
    {"request_id"_L1, Column::Written,
        [](const E &e) { return V(text(e.requestId)); },
        [](E &e, const V &v) { e.requestId = v.toString(); }},
    {"task_id"_L1, Column::Written,
        [](const E &e) { return V(text(e.taskId)); },
        [](E &e, const V &v) { e.taskId = v.toString(); }},
    {"status"_L1, Column::Written,
        [](const E &e) { return statusValue(e.status); },
        [](E &e, const V &v) { e.status = static_cast<E::Status>(v.toInt()); }},
    {"http_status"_L1, Column::Written,
        [](const E &e) { return V(e.httpStatus); },
        [](E &e, const V &v) { e.httpStatus = v.toInt(); }},
    {"error_code"_L1, Column::Written,
        [](const E &e) { return V(text(e.errorCode)); },
        [](E &e, const V &v) { e.errorCode = v.toString(); }},
    {"error_message"_L1, Column::Written,
        [](const E &e) { return V(text(e.errorMessage)); },
        [](E &e, const V &v) { e.errorMessage = v.toString(); }},
    {"input_tokens"_L1, Column::Written,
        [](const E &e) { return V(e.inputTokens); },
        [](E &e, const V &v) { e.inputTokens = v.toLongLong(); }},
    {"output_tokens"_L1, Column::Written,
        [](const E &e) { return V(e.outputTokens); },
        [](E &e, const V &v) { e.outputTokens = v.toLongLong(); }},
    {"units"_L1, Column::Written,
        [](const E &e) { return V(e.units); },
        [](E &e, const V &v) { e.units = v.toDouble(); }},
    {"estimated_credits"_L1, Column::Written,
        [](const E &e) { return optionalCredits(e.estimatedCredits); },
        [](E &e, const V &v) { e.estimatedCredits = creditsOrNull(v); }},
    {"charged_credits"_L1, Column::Written,
        [](const E &e) { return V(e.chargedCredits); },
        [](E &e, const V &v) { e.chargedCredits = v.toLongLong(); }},
    {"charge_stated"_L1, Column::Written,
        [](const E &e) { return V(e.chargeStated ? 1 : 0); },
        [](E &e, const V &v) { e.chargeStated = v.toBool(); }},
    {"reserved_credits"_L1, Column::Written,
        [](const E &e) { return V(e.reservedCredits); },
        [](E &e, const V &v) { e.reservedCredits = v.toLongLong(); }},
    {"reconciled_credits"_L1, Column::Read,
        [](const E &e) { return optionalCredits(e.reconciledCredits); },
        [](E &e, const V &v) { e.reconciledCredits = creditsOrNull(v); }},
    {"reconciled_ms"_L1, Column::Read,
        [](const E &e) { return msOrNull(e.reconciledAt); },
        [](E &e, const V &v) { e.reconciledAt = timeFromMs(v); }},
    {"mismatch"_L1, Column::Read,
        [](const E &e) { return V(e.mismatch ? 1 : 0); },
        [](E &e, const V &v) { e.mismatch = v.toBool(); }},
    {"latency_ms"_L1, Column::Written,
        [](const E &e) { return V(e.latencyMs); },
        [](E &e, const V &v) { e.latencyMs = v.toLongLong(); }},
}};
// clang-format on

QString placeholder(QLatin1StringView name)
{
    return u':' + QString(name);
}

void bindUse(QSqlQuery &q, const LedgerEntry &e, unsigned use)
{
    for (const Column &c : kColumns) {
        if (c.use & use)
            q.bindValue(placeholder(c.name), c.get(e));
    }
}

} // namespace

std::span<const Column> columns()
{
    return kColumns;
}

const QString &selectList()
{
    static const QString list = [] {
        QStringList names;
        for (const Column &c : kColumns)
            names << QString(c.name);
        return names.join(u", "_s);
    }();
    return list;
}

QString insertStatement()
{
    QStringList names;
    QStringList values;
    for (const Column &c : kColumns) {
        if (c.use & Column::Insert) {
            names << QString(c.name);
            values << placeholder(c.name);
        }
    }
    return u"INSERT INTO ledger ("_s + names.join(u", "_s) + u") VALUES ("_s + values.join(u", "_s)
        + u')';
}

QString updateStatement()
{
    QStringList sets;
    for (const Column &c : kColumns) {
        if (c.use & Column::Update)
            sets << QString(c.name) + u" = "_s + placeholder(c.name);
    }
    return u"UPDATE ledger SET "_s + sets.join(u", "_s) + u" WHERE id = :id"_s;
}

void bindInsert(QSqlQuery &q, const LedgerEntry &e)
{
    bindUse(q, e, Column::Insert);
}

void bindUpdate(QSqlQuery &q, const LedgerEntry &e)
{
    bindUse(q, e, Column::Update);
    q.bindValue(u":id"_s, e.id);
}

LedgerEntry entryFrom(const QSqlQuery &q)
{
    LedgerEntry e;
    for (qsizetype i = 0; i < qsizetype(kColumns.size()); ++i)
        kColumns[i].set(e, q.value(int(i)));
    return e;
}

QDateTime timeFromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

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

QList<LedgerEntry> selectEntries(
    const QSqlDatabase &db, const QString &tail, const QVariantList &binds)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT "_s + selectList() + u" FROM ledger"_s + tail);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    QList<LedgerEntry> out;
    if (!q.exec())
        return out;
    while (q.next())
        out << entryFrom(q);
    return out;
}

} // namespace bsp::ledgersql
