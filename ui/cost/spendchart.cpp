#include "ui/cost/spendchart.h"

#include "core/ledger.h"
#include "core/spendseries.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QPieSeries>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace bsp::ui {

SpendChart::SpendChart(Ledger *ledger, const QString &profile, QWidget *parent)
    : SpendChartBase(parent), m_ledger(ledger), m_profile(profile)
{
    m_overTime = new QChartView(this);
    m_perModel = new QChartView(this);
    m_overTime->setRenderHint(QPainter::Antialiasing);
    m_perModel->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_overTime, 3);
    layout->addWidget(m_perModel, 2);
    connect(&m_watcher, &QFutureWatcher<SpendSeries>::finished, this, &SpendChart::onLoaded);
    show({});
    reload();
}

void SpendChart::reload()
{
    if (!m_ledger) {
        show({});
        return;
    }
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    // Newest 20,000 calls: enough for the last weeks, bounded for a huge ledger. Read
    // through a connection of the worker's own (a connection belongs to its thread).
    const QString path = m_ledger->databasePath();
    const QString profile = m_profile;
    m_watcher.setFuture(QtConcurrent::run([path, profile] {
        Ledger reader(path);
        if (!reader.openForReading())
            return SpendSeries {};
        return SpendSeries::fromEntries(reader.entries(profile, 20'000));
    }));
}

void SpendChart::onLoaded()
{
    show(m_watcher.result());
    if (std::exchange(m_reloadAgain, false)) {
        m_loading = false;
        reload(); // the newer state; loaded() follows that one
        return;
    }
    m_loading = false;
    Q_EMIT loaded();
}

void SpendChart::show(const SpendSeries &s)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Spend per day by modality (USD)"));
    auto *series = new QStackedBarSeries(chart);
    for (auto it = s.byModality.begin(); it != s.byModality.end(); ++it) {
        auto *set = new QBarSet(it.key(), series);
        for (Credits c : it.value())
            set->append(usdFromCredits(c));
        series->append(set);
    }
    chart->addSeries(series);
    QStringList days;
    for (const QDate &d : s.days)
        days << d.toString(u"MM-dd"_s);
    auto *x = new QBarCategoryAxis(chart);
    x->append(days);
    auto *y = new QValueAxis(chart);
    Credits top = 0;
    for (qsizetype d = 0; d < s.days.size(); ++d) {
        Credits day = 0;
        for (const QList<Credits> &v : s.byModality)
            day += v.value(d);
        top = std::max(top, day);
    }
    // Small spends need micro-dollars; larger ones read better in cents.
    y->setLabelFormat(top < 10'000 ? u"$%.6f"_s : u"$%.2f"_s);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QChart *oldTime = m_overTime->chart();
    m_overTime->setChart(chart);
    delete oldTime;

    auto *pieChart = new QChart;
    pieChart->setTitle(tr("Spend per model"));
    auto *pie = new QPieSeries(pieChart);
    for (auto it = s.byModel.begin(); it != s.byModel.end(); ++it)
        pie->append(u"%1 %2"_s.arg(it.key(), formatUsd(it.value())), usdFromCredits(it.value()));
    pieChart->addSeries(pie);
    pieChart->legend()->setAlignment(Qt::AlignRight);
    QChart *oldPie = m_perModel->chart();
    m_perModel->setChart(pieChart);
    delete oldPie;
    m_days = int(s.days.size());
    m_slices = int(s.byModel.size());
}

} // namespace bsp::ui
