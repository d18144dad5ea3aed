#pragma once

#include "core/spendseries.h"
#include "ui/media/media.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

class QChart;
class QChartView;

namespace bsp {
class Ledger;
} // namespace bsp

namespace bsp::ui {

// Spend per day stacked by modality, and the split per model, from the ledger.
class SpendChart final : public SpendChartBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpendChart)

public:
    SpendChart(Ledger *ledger, const QString &profile, QWidget *parent = nullptr);

    // Reads the newest 20,000 calls and aggregates them on the thread pool (its own
    // database connection); the charts update when that is done (loaded()).
    void reload() override;
    bool isLoading() const override { return m_loading; }
    int dayCount() const override { return m_days; }
    int modelSliceCount() const override { return m_slices; }

private:
    void show(const SpendSeries &s);
    void onLoaded();

    QPointer<Ledger> m_ledger;
    QString m_profile;
    QChartView *m_overTime = nullptr;
    QChartView *m_perModel = nullptr;
    QFutureWatcher<SpendSeries> m_watcher;
    bool m_loading = false; // until the result is shown (not only computed)
    bool m_reloadAgain = false; // the ledger changed while a load ran
    int m_days = 0;
    int m_slices = 0;
};

} // namespace bsp::ui
