#include "core/ledgermodel.h"

#include <QLocale>

namespace bsp {

using namespace Qt::StringLiterals;

LedgerModel::LedgerModel(Ledger *ledger, const QString &profile, QObject *parent)
    : QAbstractTableModel(parent), m_ledger(ledger), m_profile(profile)
{
    if (!ledger) {
        m_atEnd = true;
        return;
    }
    connect(ledger, &Ledger::entryAdded, this, &LedgerModel::onAdded);
    connect(ledger, &Ledger::entryUpdated, this, &LedgerModel::onUpdated);
}

void LedgerModel::setProfile(const QString &profile)
{
    // No fetching while a change is announced: views (and QAbstractItemModelTester)
    // ask for more rows from their modelReset/rowsInserted handlers.
    m_busy = true;
    beginResetModel();
    m_profile = profile;
    m_rows.clear();
    m_atEnd = !m_ledger;
    endResetModel();
    m_busy = false;
}

void LedgerModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

LedgerEntry LedgerModel::entryAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : LedgerEntry();
}

int LedgerModel::rowOfCall(const QString &callId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).callId == callId)
            return i;
    }
    return -1;
}

int LedgerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LedgerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool LedgerModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_busy && m_ledger;
}

void LedgerModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const qint64 before = m_rows.isEmpty() ? 0 : m_rows.last().id;
    const QList<LedgerEntry> page = m_ledger->entriesBefore(m_profile, before, m_pageSize);
    if (page.size() < m_pageSize)
        m_atEnd = true;
    if (page.isEmpty())
        return;
    const int first = int(m_rows.size());
    m_busy = true;
    beginInsertRows({}, first, first + int(page.size()) - 1);
    m_rows.append(page);
    endInsertRows();
    m_busy = false;
}

bool LedgerModel::accepts(const LedgerEntry &entry) const
{
    return m_profile.isEmpty() || entry.profile == m_profile;
}

void LedgerModel::onAdded(const LedgerEntry &entry)
{
    if (!accepts(entry))
        return;
    m_busy = true;
    beginInsertRows({}, 0, 0);
    m_rows.prepend(entry);
    endInsertRows();
    m_busy = false;
}

void LedgerModel::onUpdated(const LedgerEntry &entry)
{
    // Updates concern recent calls (tasks ending, reconciliation), near the top.
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == entry.id) {
            m_rows[row] = entry;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
}

QVariant LedgerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LedgerEntry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(e, index.column());
    case EntryRole:
        return QVariant::fromValue(e);
    case SortRole:
        return sortValue(e, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ErrorColumn && !e.errorMessage.isEmpty())
            return e.errorMessage;
        if (index.column() == ReconciledColumn && e.mismatch)
            return tr("The gateway's usage record differs from the charge shown.");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= EstimatedColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    default:
        return {};
    }
}

QString LedgerModel::statusText(LedgerEntry::Status status)
{
    switch (status) {
    case LedgerEntry::Status::Succeeded:
        return tr("Succeeded");
    case LedgerEntry::Status::Failed:
        return tr("Failed");
    case LedgerEntry::Status::Cancelled:
        return tr("Cancelled");
    case LedgerEntry::Status::Reserved:
        return tr("Running");
    }
    return {};
}

QVariant LedgerModel::display(const LedgerEntry &e, int column) const
{
    switch (column) {
    case TimeColumn:
        return e.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    case TabColumn:
        return e.tab;
    case RouteColumn:
        return e.route;
    case ModelColumn:
        return e.model;
    case StatusColumn:
        return statusText(e.status);
    case ErrorColumn:
        if (e.errorCode.isEmpty())
            return QString();
        return e.httpStatus ? u"%1 %2"_s.arg(e.httpStatus).arg(e.errorCode) : e.errorCode;
    case RequestIdColumn:
        return e.requestId;
    case EstimatedColumn:
        return e.estimatedCredits ? formatUsd(*e.estimatedCredits) : tr("price unknown");
    case ChargedColumn:
        if (e.status == LedgerEntry::Status::Reserved)
            return tr("%1 reserved").arg(formatUsd(e.reservedCredits));
        if (e.priceUnknown())
            return tr("unknown");
        return formatUsd(e.chargedCredits);
    case ReconciledColumn:
        if (!e.reconciledCredits)
            return QString();
        return e.mismatch ? tr("%1 (differs)").arg(formatUsd(*e.reconciledCredits))
                          : formatUsd(*e.reconciledCredits);
    default:
        return {};
    }
}

QVariant LedgerModel::sortValue(const LedgerEntry &e, int column) const
{
    switch (column) {
    case TimeColumn:
        return e.time.toMSecsSinceEpoch();
    case StatusColumn:
        return int(e.status);
    case EstimatedColumn:
        return e.estimatedCredits ? QVariant(*e.estimatedCredits) : QVariant();
    case ChargedColumn:
        return e.chargedCredits;
    case ReconciledColumn:
        return e.reconciledCredits ? QVariant(*e.reconciledCredits) : QVariant();
    default:
        return display(e, column);
    }
}

QVariant LedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TabColumn:
        return tr("Tab");
    case RouteColumn:
        return tr("Route");
    case ModelColumn:
        return tr("Model");
    case StatusColumn:
        return tr("Status");
    case ErrorColumn:
        return tr("Error");
    case RequestIdColumn:
        return tr("Request ID");
    case EstimatedColumn:
        return tr("Estimated");
    case ChargedColumn:
        return tr("Charged");
    case ReconciledColumn:
        return tr("Reconciled");
    default:
        return {};
    }
}

} // namespace bsp
