#pragma once

#include "core/ledger.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

namespace bsp {

// Spend over time for the cost chart: charged credits per day, split by modality,
// and the split per model. Built from ledger entries; failures add nothing.
struct SpendSeries
{
    QList<QDate> days; // ascending, every day from the first to the last with spend
    QMap<QString, QList<Credits>> byModality; // modality -> credits per day (same length)
    QMap<QString, Credits> byModel; // model -> charged credits
    Credits total = 0;

    static SpendSeries fromEntries(const QList<LedgerEntry> &entries, int maxDays = 60);
};

} // namespace bsp
