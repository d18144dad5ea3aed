#include "core/spendseries.h"

namespace bsp {

SpendSeries SpendSeries::fromEntries(const QList<LedgerEntry> &entries, int maxDays)
{
    SpendSeries s;
    QMap<QDate, QMap<QString, Credits>> perDay;
    for (const LedgerEntry &e : entries) {
        if (e.chargedCredits <= 0)
            continue; // failures, reservations and free calls are not spend
        const QDate day = e.time.toLocalTime().date();
        const QString modality = modalityName(e.modality);
        perDay[day][modality] += e.chargedCredits;
        s.byModel[e.model] += e.chargedCredits;
        s.total += e.chargedCredits;
    }
    if (perDay.isEmpty())
        return s;
    QDate first = perDay.firstKey();
    const QDate last = perDay.lastKey();
    if (first.daysTo(last) >= maxDays)
        first = last.addDays(-(maxDays - 1)); // older days fall off the chart, not the totals
    QStringList modalities;
    for (const auto &m : std::as_const(perDay))
        for (auto it = m.begin(); it != m.end(); ++it)
            if (!modalities.contains(it.key()))
                modalities << it.key();
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        s.days << d;
        const QMap<QString, Credits> m = perDay.value(d);
        for (const QString &mod : std::as_const(modalities))
            s.byModality[mod] << m.value(mod, 0);
    }
    return s;
}

} // namespace bsp
