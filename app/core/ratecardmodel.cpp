#include "core/ratecardmodel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

QString usd(double v)
{
    return u'$' + QString::number(v, 'g', 10);
}

QString credits(double usdValue)
{
    return QLocale::system().toString(creditsFromUsd(usdValue));
}

template<typename F>
QString perKey(const QMap<QString, double> &map, F format)
{
    QStringList parts;
    for (auto it = map.begin(); it != map.end(); ++it)
        parts << it.key() + u' ' + format(it.value());
    return parts.join(u", "_s);
}

} // namespace

RateCardModel::RateCardModel(QObject *parent) : QAbstractTableModel(parent) { }

void RateCardModel::setRateCard(const RateCard &card)
{
    beginResetModel();
    m_card = card;
    endResetModel();
}

int RateCardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_card.rates().size());
}

int RateCardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RateCardModel::unitText(const Rate &r)
{
    if (r.unit == "mtok"_L1)
        return tr("per million tokens");
    if (r.unit == "image"_L1)
        return tr("per image (by size)");
    if (r.unit == "second"_L1)
        return tr("per second (by resolution)");
    if (r.unit == "search"_L1)
        return tr("per search (%n document(s))", nullptr, r.documentsPerSearch);
    return r.unit;
}

QString RateCardModel::usdText(const Rate &r)
{
    switch (r.modality) {
    case Modality::Text:
        return tr("%1 in / %2 out").arg(usd(r.inputPerMtok), usd(r.outputPerMtok));
    case Modality::Embedding:
        return usd(r.inputPerMtok);
    case Modality::Image:
        return perKey(r.bySize, usd);
    case Modality::Video:
        return perKey(r.byResolution, usd);
    case Modality::Rerank:
        return usd(r.perSearch);
    case Modality::Unknown:
        break;
    }
    return {};
}

QString RateCardModel::creditsText(const Rate &r)
{
    switch (r.modality) {
    case Modality::Text:
        return tr("%1 in / %2 out").arg(credits(r.inputPerMtok), credits(r.outputPerMtok));
    case Modality::Embedding:
        return credits(r.inputPerMtok);
    case Modality::Image:
        return perKey(r.bySize, credits);
    case Modality::Video:
        return perKey(r.byResolution, credits);
    case Modality::Rerank:
        return credits(r.perSearch);
    case Modality::Unknown:
        break;
    }
    return {};
}

QString RateCardModel::cancelText(CancelPolicy p)
{
    switch (p) {
    case CancelPolicy::Free:
        return tr("free");
    case CancelPolicy::BillRendered:
        return tr("bills rendered seconds");
    case CancelPolicy::BillFull:
        return tr("bills in full");
    }
    return {};
}

double RateCardModel::primaryRate(const Rate &r)
{
    switch (r.modality) {
    case Modality::Text:
    case Modality::Embedding:
        return r.inputPerMtok;
    case Modality::Image:
        return r.bySize.isEmpty() ? 0 : r.bySize.first();
    case Modality::Video:
        return r.byResolution.isEmpty() ? 0 : r.byResolution.first();
    case Modality::Rerank:
        return r.perSearch;
    case Modality::Unknown:
        break;
    }
    return 0;
}

QVariant RateCardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Rate &r = m_card.rates().at(index.row());
    const bool video = r.modality == Modality::Video;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ModelColumn:
            return r.estimated ? tr("%1 (estimated)").arg(r.model) : r.model;
        case ModalityColumn:
            return modalityDisplayName(r.modality);
        case UnitColumn:
            return unitText(r);
        case UsdColumn:
            return usdText(r);
        case CreditsColumn:
            return creditsText(r);
        case CancelColumn:
            return video ? cancelText(r.cancelRunning) : tr("n/a");
        case UpdatedColumn:
            return r.updated.isEmpty() ? m_card.updated() : r.updated;
        case SourceColumn:
            return r.source.isEmpty() ? m_card.source() : r.source;
        }
        break;
    case SortRole:
        switch (index.column()) {
        case UsdColumn:
        case CreditsColumn:
            return primaryRate(r);
        case ModelColumn:
            return r.model;
        default:
            return data(index, Qt::DisplayRole);
        }
    case EstimatedRole:
        return r.estimated;
    case FilterRole: {
        QStringList all;
        for (int c = 0; c < ColumnCount; ++c)
            all << data(this->index(index.row(), c), Qt::DisplayRole).toString();
        all << r.aliases << modalityName(r.modality); // the wire name matches too
        return all.join(u' ');
    }
    case Qt::ToolTipRole: {
        QString tip = tr("%1 — %2").arg(r.model, usdText(r));
        if (!r.aliases.isEmpty())
            tip += u'\n' + tr("Also known as: %1").arg(r.aliases.join(u", "_s));
        if (r.estimated)
            tip += u'\n' + tr("Estimated rate: not published by the gateway.");
        return tip;
    }
    case Qt::FontRole:
        break;
    }
    return {};
}

QVariant RateCardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ModelColumn:
        return tr("Model");
    case ModalityColumn:
        return tr("Modality");
    case UnitColumn:
        return tr("Unit");
    case UsdColumn:
        return tr("Rate (USD)");
    case CreditsColumn:
        return tr("Rate (credits)");
    case CancelColumn:
        return tr("Cancel while running");
    case UpdatedColumn:
        return tr("Rate date");
    case SourceColumn:
        return tr("Source");
    }
    return {};
}

} // namespace bsp
