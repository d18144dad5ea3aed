#pragma once

#include <QString>
#include <QtGlobal>

#include <cmath>

namespace bsp {

// Money is counted in integer credits: 1 USD = 1,000,000 credits, so one credit is a
// micro-dollar. Sums stay exact; the wire carries USD decimals, converted at the edge.
using Credits = qint64;

inline constexpr Credits kCreditsPerUsd = 1'000'000;

inline Credits creditsFromUsd(double usd)
{
    return static_cast<Credits>(std::llround(usd * static_cast<double>(kCreditsPerUsd)));
}

inline double usdFromCredits(Credits credits)
{
    return static_cast<double>(credits) / static_cast<double>(kCreditsPerUsd);
}

// "$0.012345" style, trailing zeros trimmed to at least 2 decimals.
inline QString formatUsd(Credits credits)
{
    const bool negative = credits < 0;
    const Credits abs = negative ? -credits : credits;
    QString frac = QString::number(abs % kCreditsPerUsd).rightJustified(6, u'0');
    while (frac.size() > 2 && frac.endsWith(u'0'))
        frac.chop(1);
    return (negative ? QStringLiteral("-$") : QStringLiteral("$"))
        + QString::number(abs / kCreditsPerUsd) + u'.' + frac;
}

} // namespace bsp
