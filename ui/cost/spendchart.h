#pragma once

#include <QPointer>
#include <QWidget>

class QChart;
class QChartView;

namespace bsp {
class Ledger;
struct SpendSeries;
} // namespace bsp

namespace bsp::ui {

// Spend per day stacked by modality, and the split per model, from the ledger.
class SpendChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpendChart)

public:
    SpendChart(Ledger *ledger, const QString &profile, QWidget *parent = nullptr);

    void reload();
    int dayCount() const { return m_days; }
    int modelSliceCount() const { return m_slices; }

private:
    void show(const SpendSeries &s);

    QPointer<Ledger> m_ledger;
    QString m_profile;
    QChartView *m_overTime = nullptr;
    QChartView *m_perModel = nullptr;
    int m_days = 0;
    int m_slices = 0;
};

} // namespace bsp::ui
