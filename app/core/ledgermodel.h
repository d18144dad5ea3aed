#pragma once

#include "core/ledger.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace bsp {

// The ledger as a table, newest first, for the cost panel. Rows load in pages as the
// view scrolls (canFetchMore/fetchMore, keyset paging on the row id), so a ledger of
// 100,000 calls opens at once; new and updated calls arrive through Ledger's signals.
class LedgerModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        TabColumn,
        RouteColumn,
        ModelColumn,
        StatusColumn,
        ErrorColumn,
        RequestIdColumn,
        EstimatedColumn,
        ChargedColumn,
        ReconciledColumn,
        ColumnCount
    };
    enum Role {
        EntryRole = Qt::UserRole + 1, // the whole LedgerEntry
        SortRole, // raw value of the cell: ms since epoch, credits (qint64), text
    };

    // An empty profile shows every profile.
    explicit LedgerModel(Ledger *ledger, const QString &profile = {}, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(LedgerModel)

    QString profile() const { return m_profile; }
    void setProfile(const QString &profile); // resets and reloads lazily
    static QString statusText(LedgerEntry::Status status); // "Succeeded", "Running", ...
    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows);
    LedgerEntry entryAt(int row) const;
    int rowOfCall(const QString &callId) const; // -1 when not loaded

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    void onAdded(const LedgerEntry &entry);
    void onUpdated(const LedgerEntry &entry);
    bool accepts(const LedgerEntry &entry) const;
    QVariant display(const LedgerEntry &e, int column) const;
    QVariant sortValue(const LedgerEntry &e, int column) const;

    QPointer<Ledger> m_ledger;
    QString m_profile;
    QList<LedgerEntry> m_rows; // newest first
    bool m_atEnd = false;
    bool m_busy = false;
    int m_pageSize = 256;
};

} // namespace bsp
