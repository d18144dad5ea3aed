#include "ui/widgets/costsummary.h"

#include "core/ledger.h"
#include "core/money.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bsp::ui {

CostSummary::CostSummary(QWidget *parent)
    : QWidget(parent)
    , m_calls(new QLabel(u"–"_s, this))
    , m_charged(new QLabel(u"–"_s, this))
    , m_failures(new QLabel(u"–"_s, this))
    , m_note(new QLabel(this))
{
    m_calls->setObjectName(u"costCalls"_s);
    m_charged->setObjectName(u"costCharged"_s);
    m_failures->setObjectName(u"costFailures"_s);
    m_note->setObjectName(u"costNote"_s);
    m_note->setWordWrap(true);
    m_note->setEnabled(false);

    auto *title = new QLabel(tr("This session"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    auto *form = new QFormLayout;
    form->addRow(tr("Calls:"), m_calls);
    form->addRow(tr("Charged:"), m_charged);
    form->addRow(tr("Failures (not billed):"), m_failures);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addStretch(1);

    m_note->setText(tr("Opening the ledger…"));
    m_batch.setSingleShot(true);
    m_batch.setInterval(250);
    connect(&m_batch, &QTimer::timeout, this, &CostSummary::refresh);
}

void CostSummary::setLedger(Ledger *ledger, const QDateTime &sessionStart)
{
    if (m_ledger)
        disconnect(m_ledger, nullptr, this, nullptr);
    m_ledger = ledger;
    m_sessionStart = sessionStart;
    if (m_ledger) {
        connect(m_ledger, &Ledger::entryAdded, this, &CostSummary::onAdded);
        connect(m_ledger, &Ledger::entryUpdated, &m_batch, qOverload<>(&QTimer::start));
        connect(m_ledger, &Ledger::reconciled, &m_batch, qOverload<>(&QTimer::start));
        m_note->setText(tr("Every call is recorded in the ledger; failed calls are never "
                           "charged."));
    }
    refresh();
}

void CostSummary::setUnavailable(const QString &reason)
{
    setLedger(nullptr, {});
    m_note->setText(tr("No ledger: %1").arg(reason));
}

void CostSummary::refresh()
{
    m_batch.stop();
    if (!m_ledger) {
        m_calls->setText(u"–"_s);
        m_charged->setText(u"–"_s);
        m_failures->setText(u"–"_s);
        return;
    }
    // Every profile: the session is what this window did, whichever gateway it used.
    m_totals = m_ledger->totals(QString(), m_sessionStart);
    ++m_aggregates;
    showTotals();
}

void CostSummary::onAdded(const LedgerEntry &entry)
{
    if (m_batch.isActive() || (m_sessionStart.isValid() && entry.time < m_sessionStart))
        return; // a refresh is coming anyway, or the call is older than the session
    ++m_totals.calls;
    m_totals.charged += entry.chargedCredits;
    if (entry.status == LedgerEntry::Status::Failed)
        ++m_totals.failures;
    showTotals();
}

void CostSummary::showTotals()
{
    m_calls->setText(QString::number(m_totals.calls));
    m_charged->setText(formatUsd(m_totals.charged));
    m_failures->setText(QString::number(m_totals.failures));
}

} // namespace bsp::ui
