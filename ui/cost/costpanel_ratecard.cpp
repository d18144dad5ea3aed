// The rate card page of the cost panel: table, filter, Refresh and Import….
#include "ui/cost/costpanel.h"

#include "core/costservice.h"
#include "core/ratecardmodel.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <QCoroTask>

#include <utility>

using namespace Qt::StringLiterals;

namespace bsp::ui {

void CostPanel::ensureRateCardPage()
{
    if (m_rateView)
        return;
    QWidget *page = m_ratePage;
    m_rateModel = new RateCardModel(this);
    m_rateProxy = new QSortFilterProxyModel(this);
    m_rateProxy->setSourceModel(m_rateModel);
    m_rateProxy->setSortRole(RateCardModel::SortRole);
    m_rateProxy->setFilterRole(RateCardModel::FilterRole);
    m_rateProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_rateProxy->setFilterKeyColumn(RateCardModel::ModelColumn);

    m_rateFilter = new QLineEdit(page);
    m_rateFilter->setAccessibleName(tr("Filter the rate card"));
    m_rateFilter->setPlaceholderText(tr("Filter by model, modality, unit…"));
    // The clear button comes with the page's first show (onCurrentPage): its icon is
    // loaded from the theme, which the first paint should not wait for.
    auto *refresh = new QPushButton(tr("Refresh"), page);
    refresh->setToolTip(tr("Load the gateway's /v1/pricing, or the bundled card"));
    auto *import = new QPushButton(tr("Import…"), page);
    import->setToolTip(tr("Load an updated rate card from a JSON file"));
    m_rateSource = new QLabel(page);
    m_rateSource->setWordWrap(true);

    m_rateView = new QTableView(page);
    m_rateView->setAccessibleName(tr("Rate card"));
    m_rateView->setModel(m_rateProxy);
    m_rateView->setSortingEnabled(true);
    m_rateView->sortByColumn(RateCardModel::ModelColumn, Qt::AscendingOrder);
    m_rateView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rateView->setWordWrap(false);
    m_rateView->setTextElideMode(Qt::ElideRight); // the full rates are in the tooltip
    m_rateView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_rateView->verticalHeader()->setDefaultSectionSize(m_rateView->fontMetrics().height() + 6);
    m_rateView->setAlternatingRowColors(true);
    m_rateView->verticalHeader()->hide();
    m_rateView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_rateView->horizontalHeader()->setStretchLastSection(true);

    m_rateChanges = new QPlainTextEdit(page);
    m_rateChanges->setAccessibleName(tr("Rate card changes"));
    m_rateChanges->setReadOnly(true);
    m_rateChanges->setMaximumHeight(90);
    m_rateChanges->setPlaceholderText(tr("Changes of the last refresh or import show here."));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_rateFilter, 1);
    bar->addWidget(refresh);
    bar->addWidget(import);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_rateSource);
    layout->addWidget(m_rateView, 1);
    layout->addWidget(m_rateChanges);

    connect(m_rateFilter, &QLineEdit::textChanged, m_rateProxy,
        &QSortFilterProxyModel::setFilterFixedString);
    connect(refresh, &QPushButton::clicked, this, &CostPanel::refreshRateCard);
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import rate card"), {}, tr("Rate card (*.json)"));
        if (!path.isEmpty())
            importRateCardFile(path);
    });
    onRateCardChanged();
}

QTableView *CostPanel::rateCardView()
{
    ensureRateCardPage();
    return m_rateView;
}

RateCardModel *CostPanel::rateCardModel()
{
    ensureRateCardPage();
    return m_rateModel;
}

QSortFilterProxyModel *CostPanel::rateCardProxy()
{
    ensureRateCardPage();
    return m_rateProxy;
}

QLineEdit *CostPanel::rateFilter()
{
    ensureRateCardPage();
    return m_rateFilter;
}

QPlainTextEdit *CostPanel::rateChanges()
{
    ensureRateCardPage();
    return m_rateChanges;
}

void CostPanel::onRateCardChanged()
{
    if (!m_service || !m_rateView)
        return;
    const RateCard &card = m_service->rateCard();
    m_rateModel->setRateCard(card);
    QString text = tr("Source: %1 · card dated %2 · %n model(s)", nullptr, int(card.rates().size()))
                       .arg(m_service->cardSourceText(), card.updated());
    if (!m_service->cardNote().isEmpty())
        text += u"\n"_s + tr("Note: %1").arg(m_service->cardNote());
    m_rateSource->setText(text);
    // Measuring every cell is for when the page shows (onCurrentPage), not for a start-up
    // that opens on the ledger.
    m_rateColumnsStale = true;
    if (m_rateView->isVisible())
        sizeRateColumns();
}

void CostPanel::sizeRateColumns()
{
    if (!std::exchange(m_rateColumnsStale, false))
        return;
    m_rateView->resizeColumnsToContents();
    // Image models list a rate per size: cap the width, the tooltip has them all.
    const int cap = 22 * m_rateView->fontMetrics().horizontalAdvance(u'M');
    for (int c = 0; c < RateCardModel::ColumnCount; ++c)
        if (m_rateView->columnWidth(c) > cap)
            m_rateView->setColumnWidth(c, cap);
}

void CostPanel::importRateCardFile(const QString &path)
{
    if (!m_service)
        return;
    const RateCardUpdate u = m_service->importRateCard(path);
    setStatus(u.message);
    if (u.ok)
        rateChanges()->setPlainText(
            u.changes.isEmpty() ? tr("No rate changed.") : u.changes.join(u'\n'));
}

void CostPanel::refreshRateCard()
{
    if (!m_service)
        return;
    setStatus(tr("Refreshing the rate card…"));
    QCoro::connect(m_service->refreshRateCard(), this, [this](const RateCardUpdate &u) {
        setStatus(u.message);
        rateChanges()->setPlainText(
            u.changes.isEmpty() ? tr("No rate changed.") : u.changes.join(u'\n'));
    });
}

} // namespace bsp::ui
