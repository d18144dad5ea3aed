#pragma once

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTimer;
class QTreeWidget;

namespace bsp {
class CostService;
class Ledger;
class LedgerModel;
class RateCardModel;
struct LedgerEntry;
struct ReconcileReport;
} // namespace bsp

namespace bsp::ui {

class SpendChartBase;

// The Cost dock: the ledger of every call (live, newest first, failures visibly free),
// the rate card (sortable, filterable, refresh and import), totals (session, today,
// all time, per model and modality, saved by free failures, balance) and a chart of
// spend over time, built the first time its page is shown.
class CostPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostPanel)

public:
    enum Page { LedgerPage, RateCardPage, TotalsPage, ChartPage };

    explicit CostPanel(CostService *service, QWidget *parent = nullptr);
    ~CostPanel() override;

    // The panel shows the service's ledger and profile and follows their changes
    // (the ledger opens after the first paint); it never wires the service itself.
    void setLedger(Ledger *ledger);
    void setProfile(const QString &profile);

    // Writes the ledger as CSV or JSON (by the file's suffix); false with a message.
    bool exportLedger(const QString &path, QString *message = nullptr);
    void importRateCardFile(const QString &path); // what Import… does after its dialog
    // Asks for a file name and exports (CSV or JSON by `suffix`), saying how it went.
    void exportWithDialog(const QString &suffix);
    void refreshTotals();
    void showPage(Page page);

    // For tests and the bench.
    QTableView *ledgerView() const { return m_ledgerView; }
    QTableView *rateCardView();
    LedgerModel *ledgerModel() const { return m_ledgerModel; }
    RateCardModel *rateCardModel();
    QSortFilterProxyModel *rateCardProxy();
    QLineEdit *rateFilter();
    QLabel *statusLabel() const { return m_status; }
    QLabel *balanceLabel() const { return m_balance; }
    QPlainTextEdit *rateChanges();
    QTreeWidget *totalsTree() const { return m_totals; }
    SpendChartBase *chart() const { return m_chart; }
    QDateTime sessionStart() const { return m_sessionStart; }

Q_SIGNALS:
    void statusChanged(const QString &text);

private:
    void buildLedgerPage(QWidget *page);
    // The rate card page is built on its first show (or first use), not at start-up.
    void ensureRateCardPage();
    void buildTotalsPage(QWidget *page);
    void setStatus(const QString &text);
    void onRateCardChanged();
    void sizeRateColumns();
    void onQuota();
    void onEntry();
    void throttleLedgerPaint();
    void sizeKeyColumns();
    int keyColumnMinimum(int column) const;
    void onCurrentPage(int index);
    void refreshRateCard();
    void reconcile();
    void copyRequestId();
    void showLedgerMenu(const QPoint &pos);

    QPointer<CostService> m_service;
    QPointer<Ledger> m_ledger;
    QString m_profile;
    QDateTime m_sessionStart;

    QTabWidget *m_tabs = nullptr;
    QLabel *m_balance = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_status = nullptr;
    // Ledger page
    QTableView *m_ledgerView = nullptr;
    LedgerModel *m_ledgerModel = nullptr;
    QPushButton *m_reconcile = nullptr;
    // Rate card page
    QTableView *m_rateView = nullptr;
    RateCardModel *m_rateModel = nullptr;
    QSortFilterProxyModel *m_rateProxy = nullptr;
    QLineEdit *m_rateFilter = nullptr;
    QLabel *m_rateSource = nullptr;
    QPlainTextEdit *m_rateChanges = nullptr;
    // Totals and chart
    QTreeWidget *m_totals = nullptr;
    QWidget *m_chartPage = nullptr;
    SpendChartBase *m_chart = nullptr; // built lazily
    bool m_chartMissing = false; // the media library did not load
    bool m_rateColumnsStale = false; // sized when the rate card page shows
    QWidget *m_ratePage = nullptr;
    QTimer *m_totalsTimer = nullptr; // coalesces bursts of calls into one refresh
    QTimer *m_frameTimer = nullptr; // at most one ledger repaint per frame under bursts
    QTimer *m_columnsTimer = nullptr; // re-measures the key columns after new rows
};

} // namespace bsp::ui
