#pragma once

#include "core/ratecard.h"

#include <QAbstractTableModel>

namespace bsp {

// The rate card as a table for the cost panel: one row per model. Rates show in USD
// as published and in credits (1 USD = 1,000,000 credits). Sort through a proxy on
// SortRole (raw numbers for rates, text otherwise).
class RateCardModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RateCardModel)

public:
    enum Column {
        ModelColumn,
        ModalityColumn,
        UnitColumn,
        UsdColumn,
        CreditsColumn,
        CancelColumn,
        UpdatedColumn,
        SourceColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        EstimatedRole, // bool: the rate is an estimate, not a published figure
        FilterRole, // one string of everything in the row, for a filter field
    };

    explicit RateCardModel(QObject *parent = nullptr);

    void setRateCard(const RateCard &card);
    const RateCard &rateCard() const { return m_card; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString unitText(const Rate &r);
    static QString usdText(const Rate &r);
    static QString creditsText(const Rate &r);
    static QString cancelText(CancelPolicy p);
    static double primaryRate(const Rate &r); // the first listed rate, USD, for sorting

private:
    RateCard m_card;
};

} // namespace bsp
