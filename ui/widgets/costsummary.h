#pragma once

#include "core/ledger.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace bsp::ui {

// A minimal, honest cost summary for the Cost dock until the full cost panel lands:
// calls made this session, what they were charged, and how many failed (never billed).
class CostSummary final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostSummary)

public:
    explicit CostSummary(QWidget *parent = nullptr);

    // The ledger may arrive after the first paint (the database opens late); null
    // shows that no ledger is available.
    void setLedger(Ledger *ledger, const QDateTime &sessionStart);
    void setUnavailable(const QString &reason);
    // One aggregate query over the session (SQL); new calls are added incrementally and
    // updates (reconcile, a task's end) are batched into one refresh.
    void refresh();
    int aggregateCount() const { return m_aggregates; } // for tests

private:
    void onAdded(const LedgerEntry &entry);
    void showTotals();

    QPointer<Ledger> m_ledger;
    LedgerTotals m_totals;
    QTimer m_batch;
    int m_aggregates = 0;
    QDateTime m_sessionStart;
    QLabel *m_calls;
    QLabel *m_charged;
    QLabel *m_failures;
    QLabel *m_note;
};

} // namespace bsp::ui
