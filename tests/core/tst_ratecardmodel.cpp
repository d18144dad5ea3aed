// RateCardModel and SpendSeries: the headless models behind the cost panel.

#include "core/ratecardmodel.h"
#include "core/spendseries.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace bsp;

class TestRateCardModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelIsSound()
    {
        RateCardModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setRateCard(RateCard::bundled());
        QCOMPARE(m.rowCount(), RateCard::bundled().rates().size());
        QCOMPARE(m.columnCount(), int(RateCardModel::ColumnCount));
        m.setRateCard(RateCard());
        QCOMPARE(m.rowCount(), 0);
    }

    void showsRatesInUsdAndCredits()
    {
        RateCardModel m;
        m.setRateCard(RateCard::bundled());
        int row = -1;
        for (int r = 0; r < m.rowCount(); ++r)
            if (m.rateCard().rates().at(r).model == "sora-2"_L1)
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(m.index(row, RateCardModel::ModalityColumn).data().toString(),
            modalityDisplayName(Modality::Video));
        QVERIFY(m.index(row, RateCardModel::UsdColumn).data().toString().contains(u"720p $0.1"_s));
        QVERIFY(m.index(row, RateCardModel::CreditsColumn)
                    .data()
                    .toString()
                    .remove(u',')
                    .contains(u"100000"_s));
        QCOMPARE(m.index(row, RateCardModel::CancelColumn).data().toString(),
            u"bills rendered seconds"_s);
        QVERIFY(!m.index(row, RateCardModel::UpdatedColumn).data().toString().isEmpty());
        QVERIFY(!m.index(row, RateCardModel::SourceColumn).data().toString().isEmpty());
    }

    void estimatedRatesAreMarked()
    {
        RateCardModel m;
        m.setRateCard(RateCard::bundled());
        int marked = 0;
        for (int r = 0; r < m.rowCount(); ++r) {
            const bool est = m.index(r, 0).data(RateCardModel::EstimatedRole).toBool();
            QCOMPARE(est, m.rateCard().rates().at(r).estimated);
            QCOMPARE(m.index(r, 0).data().toString().contains(u"(estimated)"_s), est);
            marked += est;
        }
        QVERIFY(marked > 0);
    }

    void filterAndSort()
    {
        RateCardModel m;
        m.setRateCard(RateCard::bundled());
        QSortFilterProxyModel p;
        QAbstractItemModelTester tester(&p, QAbstractItemModelTester::FailureReportingMode::QtTest);
        p.setSourceModel(&m);
        p.setFilterRole(RateCardModel::FilterRole);
        p.setFilterCaseSensitivity(Qt::CaseInsensitive);
        p.setSortRole(RateCardModel::SortRole);
        p.setFilterFixedString(u"video"_s);
        QVERIFY(p.rowCount() >= 4);
        for (int r = 0; r < p.rowCount(); ++r)
            QCOMPARE(p.index(r, RateCardModel::ModalityColumn).data().toString(),
                modalityDisplayName(Modality::Video));
        p.sort(RateCardModel::UsdColumn, Qt::DescendingOrder);
        for (int r = 1; r < p.rowCount(); ++r)
            QVERIFY(
                p.index(r - 1, RateCardModel::UsdColumn).data(RateCardModel::SortRole).toDouble()
                >= p.index(r, RateCardModel::UsdColumn).data(RateCardModel::SortRole).toDouble());
    }

    void spendSeriesStacksByModality()
    {
        const QDateTime t0(QDate(2026, 11, 20), QTime(12, 0));
        auto entry = [&](int day, Modality m, const QString &model, Credits c,
                         LedgerEntry::Status st = LedgerEntry::Status::Succeeded) {
            LedgerEntry e;
            e.time = t0.addDays(day);
            e.modality = m;
            e.model = model;
            e.chargedCredits = c;
            e.status = st;
            return e;
        };
        const QList<LedgerEntry> entries {entry(0, Modality::Text, u"a"_s, 10),
            entry(0, Modality::Image, u"b"_s, 20), entry(2, Modality::Text, u"a"_s, 5),
            entry(2, Modality::Text, u"a"_s, 0, LedgerEntry::Status::Failed)};
        const SpendSeries s = SpendSeries::fromEntries(entries);
        QCOMPARE(s.days.size(), 3); // day 1 is there, empty
        QCOMPARE(s.byModality.value(u"text"_s), (QList<Credits> {10, 0, 5}));
        QCOMPARE(s.byModality.value(u"image"_s), (QList<Credits> {20, 0, 0}));
        QCOMPARE(s.byModel.value(u"a"_s), 15);
        QCOMPARE(s.total, 35);
        QVERIFY(SpendSeries::fromEntries({}).days.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRateCardModel)
#include "tst_ratecardmodel.moc"
