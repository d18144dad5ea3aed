#pragma once

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class QLabel;

namespace bsp {
class Ledger;
} // namespace bsp

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
    void refresh();

private:
    QPointer<Ledger> m_ledger;
    QDateTime m_sessionStart;
    QLabel *m_calls;
    QLabel *m_charged;
    QLabel *m_failures;
    QLabel *m_note;
};

} // namespace bsp::ui
