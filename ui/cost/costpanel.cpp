#include "ui/cost/costpanel.h"

#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/ledgermodel.h"
#include "core/ratecardmodel.h"
#include "ui/cost/ledgerdelegate.h"
#include "ui/media/media.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>

#include <QTimer>
#include <QTreeWidget>
#include <QTreeWidgetItem>
#include <QVBoxLayout>
#include <algorithm>
#include <iterator>

#include <QCoroTask>

using namespace Qt::StringLiterals;

namespace bsp::ui {

CostPanel::CostPanel(CostService *service, QWidget *parent)
    : QWidget(parent), m_service(service), m_sessionStart(QDateTime::currentDateTimeUtc())
{
    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Cost pages"));
    m_balance = new QLabel(this);
    m_summary = new QLabel(this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_balance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totalsTimer = new QTimer(this);
    m_totalsTimer->setSingleShot(true);
    m_totalsTimer->setInterval(1000);
    m_frameTimer = new QTimer(this);
    m_frameTimer->setSingleShot(true);
    m_frameTimer->setInterval(33);
    m_columnsTimer = new QTimer(this);
    m_columnsTimer->setSingleShot(true);
    m_columnsTimer->setInterval(300);
    connect(m_columnsTimer, &QTimer::timeout, this, &CostPanel::sizeKeyColumns);
    // Long texts wrap or elide instead of widening the dock (the divider stays put).
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *ledgerPage = new QWidget(m_tabs);
    m_ratePage = new QWidget(m_tabs);
    auto *totalsPage = new QWidget(m_tabs);
    m_chartPage = new QWidget(m_tabs);
    new QVBoxLayout(m_chartPage);
    buildLedgerPage(ledgerPage);
    buildTotalsPage(totalsPage);
    m_tabs->addTab(ledgerPage, tr("Ledger"));
    m_tabs->addTab(m_ratePage, tr("Rate card"));
    m_tabs->addTab(totalsPage, tr("Totals"));
    m_tabs->addTab(m_chartPage, tr("Chart"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *head = new QHBoxLayout;
    head->addWidget(m_summary, 1);
    head->addWidget(m_balance);
    layout->addLayout(head);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);

    connect(m_tabs, &QTabWidget::currentChanged, this, &CostPanel::onCurrentPage);
    connect(m_totalsTimer, &QTimer::timeout, this, &CostPanel::refreshTotals);
    connect(m_frameTimer, &QTimer::timeout, this, [this] {
        m_ledgerView->setUpdatesEnabled(true); // repaints what changed since, once
    });
    if (m_service) {
        connect(m_service, &CostService::rateCardChanged, this, &CostPanel::onRateCardChanged);
        connect(m_service, &CostService::quotaChanged, this, &CostPanel::onQuota);
        connect(m_service, &CostService::reconcileStarted, this,
            [this] { m_reconcile->setEnabled(false); });
        connect(m_service, &CostService::reconcileFinished, this, [this](const ReconcileReport &r) {
            m_reconcile->setEnabled(true);
            if (!r.profile.isEmpty() && r.profile != m_profile)
                return; // about a profile the panel no longer shows
            setStatus(r.summary());
            m_totalsTimer->start();
        });
        connect(m_service, &CostService::ledgerChanged, this, &CostPanel::setLedger);
        connect(m_service, &CostService::profileChanged, this, &CostPanel::setProfile);
        m_profile = m_service->profile();
        onRateCardChanged();
    }
    onQuota();
    setLedger(m_service ? m_service->ledger() : nullptr);
}

CostPanel::~CostPanel() = default;

void CostPanel::buildLedgerPage(QWidget *page)
{
    m_ledgerView = new QTableView(page);
    m_ledgerView->setItemDelegate(new LedgerDelegate(m_ledgerView));
    m_ledgerView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ledgerView->setAlternatingRowColors(true);
    m_ledgerView->setWordWrap(false);
    m_ledgerView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_ledgerView->verticalHeader()->hide();
    // Fixed row height: the view never measures rows, so 100,000 of them stay cheap.
    m_ledgerView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ledgerView->verticalHeader()->setDefaultSectionSize(m_ledgerView->fontMetrics().height() + 6);
    m_ledgerView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_ledgerView->horizontalHeader()->setStretchLastSection(true);
    m_ledgerView->setTextElideMode(Qt::ElideRight);
    m_ledgerView->setObjectName(u"ledgerView"_s);
    m_ledgerView->setAccessibleName(tr("Ledger of calls"));

    m_reconcile = new QPushButton(tr("Reconcile"), page);
    m_reconcile->setToolTip(tr("Compare every charge with the gateway's usage records"));
    auto *csv = new QPushButton(tr("Export CSV…"), page);
    auto *json = new QPushButton(tr("Export JSON…"), page);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_reconcile);
    bar->addStretch(1);
    bar->addWidget(csv);
    bar->addWidget(json);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_ledgerView, 1);

    auto *copy = new QShortcut(QKeySequence::Copy, m_ledgerView);
    copy->setContext(Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, &CostPanel::copyRequestId);
    connect(m_ledgerView, &QWidget::customContextMenuRequested, this, &CostPanel::showLedgerMenu);
    connect(m_reconcile, &QPushButton::clicked, this, &CostPanel::reconcile);
    connect(csv, &QPushButton::clicked, this, [this] { exportWithDialog(u"csv"_s); });
    connect(json, &QPushButton::clicked, this, [this] { exportWithDialog(u"json"_s); });
}

void CostPanel::buildTotalsPage(QWidget *page)
{
    m_totals = new QTreeWidget(page);
    m_totals->setAccessibleName(tr("Cost totals"));
    m_totals->setColumnCount(6);
    m_totals->setHeaderLabels({tr("Scope"), tr("Calls"), tr("Failures"), tr("Spent"),
        tr("Reserved"), tr("Saved by free failures")});
    m_totals->setRootIsDecorated(true);
    m_totals->setUniformRowHeights(true);
    m_totals->header()->setStretchLastSection(false);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_totals);
}

void CostPanel::setLedger(Ledger *ledger)
{
    if (m_ledger == ledger && m_ledgerModel)
        return;
    if (m_ledger)
        disconnect(m_ledger, nullptr, this, nullptr);
    m_ledger = ledger;
    LedgerModel *old = m_ledgerModel;
    m_ledgerModel = ledger ? new LedgerModel(ledger, m_profile, this) : nullptr;
    m_ledgerView->setModel(m_ledgerModel);
    delete old;
    if (m_ledgerModel) {
        auto *h = m_ledgerView->horizontalHeader();
        const int em = m_ledgerView->fontMetrics().horizontalAdvance(u'M');
        h->setDefaultSectionSize(7 * em);
        h->resizeSection(LedgerModel::TimeColumn, 12 * em);
        h->resizeSection(LedgerModel::TabColumn, 5 * em);
        h->resizeSection(LedgerModel::RouteColumn, 10 * em);
        h->resizeSection(LedgerModel::RequestIdColumn, 8 * em);
        h->resizeSection(LedgerModel::EstimatedColumn, 7 * em);
        // What a call cost reads first in a narrow dock; where it went comes after, and
        // the free text (the error message) last, taking the spare width, elided.
        const int order[] = {LedgerModel::ModelColumn, LedgerModel::StatusColumn,
            LedgerModel::ChargedColumn, LedgerModel::TimeColumn, LedgerModel::EstimatedColumn,
            LedgerModel::RequestIdColumn, LedgerModel::ReconciledColumn, LedgerModel::TabColumn,
            LedgerModel::RouteColumn, LedgerModel::ErrorColumn};
        for (int visual = 0; visual < int(std::size(order)); ++visual)
            h->moveSection(h->visualIndex(order[visual]), visual);
        sizeKeyColumns();
        connect(m_ledgerModel, &QAbstractItemModel::rowsInserted, this,
            &CostPanel::throttleLedgerPaint);
        connect(m_ledgerModel, &QAbstractItemModel::rowsInserted, m_columnsTimer,
            qOverload<>(&QTimer::start));
        connect(m_ledgerModel, &QAbstractItemModel::modelReset, m_columnsTimer,
            qOverload<>(&QTimer::start));
        connect(ledger, &Ledger::entryAdded, this, &CostPanel::onEntry);
        connect(ledger, &Ledger::entryUpdated, this, &CostPanel::onEntry);
    }
    m_reconcile->setEnabled(ledger && m_service && m_service->client());
    refreshTotals();
}

int CostPanel::keyColumnMinimum(int column) const
{
    const QFontMetrics fm = m_ledgerView->fontMetrics();
    const int pad = 2 * fm.horizontalAdvance(u'M');
    const int header = m_ledgerView->horizontalHeader()->fontMetrics().horizontalAdvance(
                           m_ledgerModel->headerData(column, Qt::Horizontal).toString())
        + pad;
    switch (column) {
    case LedgerModel::ChargedColumn: {
        // A free failure's "not billed" pill beside its $0.00, in full.
        const int pill
            = fm.horizontalAdvance(LedgerDelegate::badgeText(LedgerDelegate::Badge::NotBilled))
            + 16;
        return qMax(header, pill + fm.horizontalAdvance(formatUsd(0)) + pad);
    }
    case LedgerModel::StatusColumn: {
        int widest = header;
        for (auto s : {LedgerEntry::Status::Succeeded, LedgerEntry::Status::Failed,
                 LedgerEntry::Status::Cancelled, LedgerEntry::Status::Reserved})
            widest = qMax(widest, fm.horizontalAdvance(LedgerModel::statusText(s)) + pad);
        return widest;
    }
    default:
        return header;
    }
}

void CostPanel::sizeKeyColumns()
{
    if (!m_ledgerModel)
        return;
    // Model, status and charged: as wide as what they hold (the rows on screen, which
    // is all QTableView measures), never narrower than their header or a full badge.
    auto *h = m_ledgerView->horizontalHeader();
    for (int column :
        {LedgerModel::ModelColumn, LedgerModel::StatusColumn, LedgerModel::ChargedColumn}) {
        const int before = h->sectionSize(column);
        m_ledgerView->resizeColumnToContents(column);
        h->resizeSection(
            column, std::max({before, keyColumnMinimum(column), h->sectionSize(column)}));
    }
}

void CostPanel::setProfile(const QString &profile)
{
    if (profile == m_profile && m_ledgerModel)
        return;
    m_profile = profile;
    // The last reconcile spoke of another profile's rows.
    setStatus(QString());
    if (m_ledgerModel)
        m_ledgerModel->setProfile(profile);
    refreshTotals();
}

void CostPanel::setStatus(const QString &text)
{
    m_status->setText(text);
    Q_EMIT statusChanged(text);
}

void CostPanel::onEntry()
{
    // Totals are SQL aggregates: at most one refresh a second, however fast calls come.
    if (!m_totalsTimer->isActive())
        m_totalsTimer->start();
}

void CostPanel::throttleLedgerPaint()
{
    // A table of 100,000 rows costs a few ms to paint; at 1,000 calls a second a
    // repaint per call would hold the event loop. Hold updates for one frame instead:
    // the view keeps its last picture and repaints once when the frame ends.
    if (m_frameTimer->isActive() || !m_ledgerView->isVisible())
        return;
    m_ledgerView->setUpdatesEnabled(false);
    m_frameTimer->start();
}

void CostPanel::onQuota()
{
    const std::optional<Credits> left = m_service ? m_service->balance() : std::nullopt;
    m_balance->setText(left ? tr("Balance: %1").arg(formatUsd(*left)) : tr("Balance: unknown"));
    m_balance->setToolTip(tr("From the quota headers of the last response"));
}

void CostPanel::refreshTotals()
{
    if (!m_ledger) {
        m_summary->setText(tr("Ledger not open yet"));
        m_totals->clear();
        return;
    }
    const LedgerTotals session = m_ledger->totals(m_profile, m_sessionStart);
    const LedgerTotals today = m_ledger->today(m_profile);
    m_summary->setText(
        tr("Session %1 · Today %2").arg(formatUsd(session.charged), formatUsd(today.charged)));
    if (m_tabs->currentIndex() != TotalsPage && m_tabs->currentIndex() != ChartPage)
        return; // the detail pages refresh when shown
    const LedgerTotals all = m_ledger->totals(m_profile);
    auto row = [](QTreeWidgetItem *item, const QString &scope, const LedgerTotals &t) {
        item->setText(0, scope);
        item->setText(1, QString::number(t.calls));
        item->setText(2, QString::number(t.failures));
        item->setText(3,
            formatUsd(t.charged)
                + (t.priceUnknown ? tr(" + %n unpriced", nullptr, t.priceUnknown) : QString()));
        item->setText(4, formatUsd(t.reserved));
        item->setText(5, formatUsd(t.savedByFailures));
        for (int c = 1; c < 6; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    m_totals->clear();
    row(new QTreeWidgetItem(m_totals), tr("This session"), session);
    row(new QTreeWidgetItem(m_totals), tr("Today"), today);
    row(new QTreeWidgetItem(m_totals), tr("All time"), all);
    auto *byModel = row(new QTreeWidgetItem(m_totals), tr("Per model (all time)"), all);
    const auto models = m_ledger->totalsByModel(m_profile);
    for (auto it = models.begin(); it != models.end(); ++it)
        row(new QTreeWidgetItem(byModel), it.key().isEmpty() ? tr("(no model)") : it.key(),
            it.value());
    auto *byModality = row(new QTreeWidgetItem(m_totals), tr("Per modality (all time)"), all);
    const auto modalities = m_ledger->totalsByModality(m_profile);
    for (auto it = modalities.begin(); it != modalities.end(); ++it)
        row(new QTreeWidgetItem(byModality), it.key(), it.value());
    m_totals->expandAll();
    for (int c = 0; c < 6; ++c)
        m_totals->resizeColumnToContents(c);
    if (m_chart)
        m_chart->reload();
}

void CostPanel::showPage(Page page)
{
    m_tabs->setCurrentIndex(page);
}

void CostPanel::onCurrentPage(int index)
{
    if (index == RateCardPage) {
        ensureRateCardPage();
        m_rateFilter->setClearButtonEnabled(true);
        sizeRateColumns();
    }
    if (index == ChartPage && !m_chart && !m_chartMissing) {
        // Qt Charts is costly to load and construct: only when the page is first shown.
        if (const MediaFactory *media = media::factory()) {
            m_chart = media->createSpendChart(m_ledger, m_profile, m_chartPage);
            m_chartPage->layout()->addWidget(m_chart);
        } else {
            m_chartMissing = true;
            auto *missing = new QLabel(
                tr("The chart cannot be shown: %1").arg(media::loadError()), m_chartPage);
            missing->setWordWrap(true);
            m_chartPage->layout()->addWidget(missing);
        }
    }
    if (index == TotalsPage || index == ChartPage)
        refreshTotals();
}

void CostPanel::reconcile()
{
    if (!m_service)
        return;
    setStatus(tr("Reconciling with the gateway's usage…"));
    m_service->reconcileInBackground(); // the result arrives through reconcileFinished
}

bool CostPanel::exportLedger(const QString &path, QString *message)
{
    if (!m_ledger) {
        if (message)
            *message = tr("The ledger is not open.");
        return false;
    }
    const bool json = path.endsWith(u".json"_s, Qt::CaseInsensitive);
    const QByteArray bytes
        = json ? m_ledger->exportJson(m_profile) : m_ledger->exportCsv(m_profile);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (message)
            *message
                = tr("Could not write %1: %2").arg(QFileInfo(path).fileName(), f.errorString());
        return false;
    }
    if (message)
        *message = tr("Exported %n call(s) to %1.", nullptr, m_ledger->count(m_profile))
                       .arg(QFileInfo(path).fileName());
    return true;
}

void CostPanel::exportWithDialog(const QString &suffix)
{
    const QString filter = suffix == "json"_L1 ? tr("JSON (*.json)") : tr("CSV (*.csv)");
    QString path
        = QFileDialog::getSaveFileName(this, tr("Export ledger"), u"ledger."_s + suffix, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(u'.' + suffix, Qt::CaseInsensitive))
        path += u'.' + suffix;
    QString message;
    exportLedger(path, &message);
    setStatus(message);
}

void CostPanel::copyRequestId()
{
    const QModelIndex current = m_ledgerView->currentIndex();
    if (!current.isValid() || !m_ledgerModel)
        return;
    const QString id = m_ledgerModel->entryAt(current.row()).requestId;
    if (id.isEmpty())
        return;
    QApplication::clipboard()->setText(id);
    setStatus(tr("Copied request id %1").arg(id));
}

void CostPanel::showLedgerMenu(const QPoint &pos)
{
    const QModelIndex index = m_ledgerView->indexAt(pos);
    if (!index.isValid())
        return;
    m_ledgerView->setCurrentIndex(index);
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy request id"));
    copy->setEnabled(!m_ledgerModel->entryAt(index.row()).requestId.isEmpty());
    connect(copy, &QAction::triggered, this, &CostPanel::copyRequestId);
    menu.exec(m_ledgerView->viewport()->mapToGlobal(pos));
}

} // namespace bsp::ui
