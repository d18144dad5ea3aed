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

// "0.012345" style (the wire's USD decimals), exact, trailing zeros trimmed to at least
// 2 decimals. The one money formatter: formatUsd() adds the dollar sign.
inline QString usdDecimal(Credits credits)
{
    const bool negative = credits < 0;
    // Through unsigned, so the most negative value does not overflow.
    const quint64 abs = negative ? quint64(0) - quint64(credits) : quint64(credits);
    QString frac = QString::number(abs % quint64(kCreditsPerUsd)).rightJustified(6, u'0');
    while (frac.size() > 2 && frac.endsWith(u'0'))
        frac.chop(1);
    return (negative ? QStringLiteral("-") : QString())
        + QString::number(abs / quint64(kCreditsPerUsd)) + u'.' + frac;
}

// "$0.012345", "-$1.50".
inline QString formatUsd(Credits credits)
{
    const QString d = usdDecimal(credits);
    if (d.startsWith(u'-'))
        return QStringLiteral("-$") + d.sliced(1);
    return QStringLiteral("$") + d;
}

} // namespace bsp
