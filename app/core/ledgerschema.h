#pragma once

// The ledger table's columns, named once. Internal to the ledger's translation units
// (ledger.cpp: storage, ledgerqueries.cpp: queries, ledgerreconcile.cpp: reconcile):
// every INSERT, UPDATE and SELECT is built from this one table, and every value is
// bound by column name, so no statement depends on a column's position.

#include "core/ledger.h"

#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <span>

namespace bsp::ledgersql {

struct Column
{
    enum Use : unsigned {
        Read = 0, // selected only (the row id, reconcile results)
        Insert = 1, // written when the call's row is created
        Update = 2, // rewritten by a later record of the same call
        Written = Insert | Update,
    };
    QLatin1StringView name;
    unsigned use;
    QVariant (*get)(const LedgerEntry &e);
    void (*set)(LedgerEntry &e, const QVariant &v);
};

std::span<const Column> columns();

// "id, call_id, ...": every column, in the table's order, for SELECT.
const QString &selectList();
// INSERT INTO ledger (...) VALUES (:call_id, ...) of the Insert columns.
QString insertStatement();
// UPDATE ledger SET model = :model, ... WHERE id = :id of the Update columns.
QString updateStatement();

// Binds `e`'s values to a statement made by insertStatement() or updateStatement().
void bindInsert(QSqlQuery &q, const LedgerEntry &e);
void bindUpdate(QSqlQuery &q, const LedgerEntry &e);
// The entry of the current row of a query whose columns are selectList().
LedgerEntry entryFrom(const QSqlQuery &q);

// WHERE clause and its positional values for (profile, since) filters.
QString whereFor(const QString &profile, const QDateTime &since, QVariantList *binds);
// Whole entries: "SELECT <selectList> FROM ledger" + tail, with positional binds.
QList<LedgerEntry> selectEntries(
    const QSqlDatabase &db, const QString &tail, const QVariantList &binds);

// A status as the table stores it: always bound as a parameter, never written into SQL.
inline QVariant statusValue(LedgerEntry::Status s)
{
    return QVariant(static_cast<int>(s));
}

// QtSql binds a null QString as SQL NULL; text columns are NOT NULL DEFAULT ''.
inline QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QDateTime timeFromMs(const QVariant &v);

} // namespace bsp::ledgersql
