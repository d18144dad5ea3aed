// The cost panel against the sandbox: live ledger rows with "not billed" badges,
// the rate card table (filter, sort, import with rejection), totals, export round
// trips without the key, the lazily built chart, and what the ledger page paints.

#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/ledgermodel.h"
#include "core/ratecardmodel.h"
#include "sandbox/sandboxserver.h"
#include "ui/cost/costpanel.h"
#include "ui/cost/ledgerdelegate.h"
#include "ui/cost/spendchart.h"

#include <QCoroTask>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSet>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace bsp;
using bsp::ui::CostPanel;
using bsp::ui::LedgerDelegate;

class TestCostPanel : public QObject
{
    Q_OBJECT

    // Everything per test function (init/cleanup): its own folder, sandbox, ledger
    // and panel, so each function runs alone and in any order.
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<CostService> m_cost;
    std::unique_ptr<CostPanel> m_panel;
    QList<CallRecord> m_records; // every call the client finished, in order

    static CallOptions opts(const char *fault = nullptr)
    {
        CallOptions o;
        o.tab = u"chat"_s;
        o.retry = false;
        if (fault)
            o.headers.append(qMakePair(QByteArray("x-sandbox-fault"), QByteArray(fault)));
        return o;
    }

    static MessageRequest message()
    {
        MessageRequest r;
        r.model = u"claude-haiku-4-5"_s;
        r.maxTokens = 100;
        r.messages << InputMessage::user(u"Hello there"_s);
        return r;
    }

    // Two answered messages and two failed ones (free), all booked in the ledger.
    void makeMessageCalls()
    {
        QVERIFY(QCoro::waitFor(m_client->createMessage(message(), opts())).ok());
        QVERIFY(!QCoro::waitFor(m_client->createMessage(message(), opts("content_policy"))).ok());
        QVERIFY(!QCoro::waitFor(m_client->createMessage(message(), opts("rate_limit"))).ok());
        QVERIFY(QCoro::waitFor(m_client->createMessage(message(), opts())).ok());
        QTRY_COMPARE(m_ledger->count(u"Sandbox"_s), 4);
    }

    // The charged cell of `row` in the panel's grabbed image.
    QRect chargedCellRect(int row) const
    {
        QTableView *view = m_panel->ledgerView();
        const QModelIndex index = view->model()->index(row, LedgerModel::ChargedColumn);
        const QRect cell = view->visualRect(index);
        return QRect(view->viewport()->mapTo(m_panel.get(), cell.topLeft()), cell.size());
    }

    static int pixelsNear(const QImage &image, const QRect &rect, QColor colour)
    {
        int n = 0;
        const QRect r = rect.intersected(image.rect());
        for (int y = r.top(); y <= r.bottom(); ++y) {
            for (int x = r.left(); x <= r.right(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (std::abs(c.red() - colour.red()) < 12
                    && std::abs(c.green() - colour.green()) < 12
                    && std::abs(c.blue() - colour.blue()) < 12)
                    ++n;
            }
        }
        return n;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        sandbox::SandboxOptions o;
        o.timeScale = 0.05;
        m_server = std::make_unique<sandbox::SandboxServer>(o);
        QVERIFY(m_server->listen() != 0);
        m_client = std::make_unique<GatewayClient>();
        m_client->setBaseUrl(QUrl(m_server->baseUrl()));
        m_client->setApiKey(sandbox::SandboxServer::defaultKey());
        m_records.clear();
        connect(m_client.get(), &GatewayClient::callFinished, this,
            [this](const CallRecord &record) { m_records << record; });
        m_ledger = std::make_unique<Ledger>(m_dir->filePath(u"ledger.sqlite"_s));
        QVERIFY(m_ledger->open());
        m_cost = std::make_unique<CostService>(m_client.get(), m_ledger.get());
        m_cost->setProfile(u"Sandbox"_s);
        m_panel = std::make_unique<CostPanel>(m_cost.get());
        m_panel->resize(1100, 560);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    void cleanup()
    {
        m_panel.reset();
        m_cost.reset();
        m_client.reset();
        m_server.reset();
        m_ledger.reset();
        m_dir.reset();
    }

    void chartIsBuiltLazily() { QVERIFY(!m_panel->chart()); }

    // The rate card page is built, and its columns measured, when it is first shown.
    void rateCardPageIsBuiltWhenShown()
    {
        const auto rateViews = [this] {
            int n = 0;
            for (const auto *v : m_panel->findChildren<QTableView *>())
                n += v->accessibleName() == u"Rate card"_s;
            return n;
        };
        QCOMPARE(rateViews(), 0);
        m_panel->showPage(CostPanel::RateCardPage);
        QCOMPARE(rateViews(), 1);
        QTableView *view = m_panel->rateCardView();
        QTRY_VERIFY(view->isVisible()); // a child added to a shown page shows on the next turn
        QVERIFY(view->model()->rowCount() > 5);
        const int cap = 22 * view->fontMetrics().horizontalAdvance(u'M');
        const int model = view->columnWidth(RateCardModel::ModelColumn);
        // Sized to the model names, not left at the header's default width.
        QVERIFY2(model > view->horizontalHeader()->defaultSectionSize(),
            qPrintable(QString::number(model)));
        for (int c = 0; c < RateCardModel::ColumnCount; ++c)
            QVERIFY(view->columnWidth(c) <= cap);
        if (const QString dir = qEnvironmentVariable("BSP_TEST_SCREENSHOTS"); !dir.isEmpty())
            m_panel->grab().save(QDir(dir).filePath(u"cost-ratecard.png"_s));
        QCOMPARE(rateViews(), 1); // built once
    }

    void ledgerShowsCallsLiveWithBadges()
    {
        QVERIFY(QCoro::waitFor(m_client->createMessage(message(), opts())).ok());
        QVERIFY(!QCoro::waitFor(m_client->createMessage(message(), opts("content_policy"))).ok());
        QVERIFY(!QCoro::waitFor(m_client->createMessage(message(), opts("rate_limit"))).ok());
        TaskSubmit v;
        v.model = u"sora-2"_s;
        v.prompt = u"sea"_s;
        v.durationSeconds = 30; // long enough to see it reserved
        const Result<TaskInfo> task = QCoro::waitFor(m_client->submitTask(v, opts()));
        QVERIFY(task.ok());

        LedgerModel *m = m_panel->ledgerModel();
        QVERIFY(m);
        QTRY_COMPARE(m->rowCount(), 4);
        // Newest first: the task, the rate limit, the safety block, the success.
        const QModelIndex taskCharged = m->index(0, LedgerModel::ChargedColumn);
        QCOMPARE(LedgerDelegate::badgeFor(taskCharged), LedgerDelegate::Badge::Reserved);
        QVERIFY(LedgerDelegate::toolTipFor(taskCharged).contains(u"held, not spent"_s));
        for (int row : {1, 2}) {
            const QModelIndex charged = m->index(row, LedgerModel::ChargedColumn);
            QCOMPARE(LedgerDelegate::badgeFor(charged), LedgerDelegate::Badge::NotBilled);
            QCOMPARE(charged.data().toString(), u"$0.00"_s);
            const QString tip = LedgerDelegate::toolTipFor(charged);
            QVERIFY2(
                tip.contains(u"Reason:"_s) && tip.contains(u"Request id: "_s), qPrintable(tip));
        }
        QVERIFY(m->index(1, LedgerModel::ErrorColumn).data().toString().contains(u"429"_s));
        QVERIFY(m->index(2, LedgerModel::ErrorColumn).data().toString().contains(u"451"_s));
        QCOMPARE(LedgerDelegate::badgeFor(m->index(3, LedgerModel::ChargedColumn)),
            LedgerDelegate::Badge::None);

        // Cancel while queued or running; either way the reservation ends.
        QVERIFY(QCoro::waitFor(m_client->cancelTask(task->taskId, opts())).ok());
        QTRY_VERIFY(LedgerDelegate::badgeFor(m->index(0, LedgerModel::ChargedColumn))
            != LedgerDelegate::Badge::Reserved);
        QCOMPARE(m->rowCount(), 4); // updated in place, not added
    }

    // The totals page against figures the test works out itself: the count of calls
    // it made, the gateway's own charges (its usage rows), and the failed rows'
    // would-be cost summed row by row (the ledger sums in SQL).
    void totalsAndSavedByFailures()
    {
        makeMessageCalls();
        const Result<UsagePage> usage = QCoro::waitFor(m_client->usage(100));
        QVERIFY(usage.ok());
        Credits gatewayCharged = 0;
        int gatewayFailures = 0;
        for (const UsageRow &row : usage->rows) {
            gatewayCharged += row.credits;
            gatewayFailures += row.status == u"failed"_s ? 1 : 0;
        }
        QCOMPARE(gatewayFailures, 2);
        QVERIFY(gatewayCharged > 0);
        Credits wouldHaveCost = 0;
        for (const LedgerEntry &e : m_ledger->entries(u"Sandbox"_s, 100)) {
            if (e.status == LedgerEntry::Status::Failed)
                wouldHaveCost += e.estimatedCredits.value_or(0);
        }
        QVERIFY(wouldHaveCost > 0);

        m_panel->showPage(CostPanel::TotalsPage);
        m_panel->refreshTotals();
        QTreeWidget *t = m_panel->totalsTree();
        QCOMPARE(t->topLevelItemCount(), 5);
        for (int scope : {0, 1, 2}) { // this session, today, all time: the same four calls
            const QTreeWidgetItem *item = t->topLevelItem(scope);
            QCOMPARE(item->text(1), u"4"_s);
            QCOMPARE(item->text(2), u"2"_s);
            QCOMPARE(item->text(3), formatUsd(gatewayCharged));
            QCOMPARE(item->text(5), formatUsd(wouldHaveCost));
        }
        QCOMPARE(t->topLevelItem(0)->text(0), u"This session"_s);
        const QTreeWidgetItem *byModel = t->topLevelItem(3);
        QCOMPARE(byModel->childCount(), 1);
        QCOMPARE(byModel->child(0)->text(0), u"claude-haiku-4-5"_s);
        QCOMPARE(byModel->child(0)->text(1), u"4"_s);
        QCOMPARE(byModel->child(0)->text(3), formatUsd(gatewayCharged));
        const QTreeWidgetItem *byModality = t->topLevelItem(4);
        QCOMPARE(byModality->childCount(), 1);
        QCOMPARE(byModality->child(0)->text(0), u"text"_s);
        QVERIFY(m_panel->balanceLabel()->text().contains(u'$'));
    }

    void chartBuildsWhenShown()
    {
        makeMessageCalls();
        m_panel->showPage(CostPanel::ChartPage);
        QVERIFY(m_panel->chart());
        // Loaded on the thread pool: the UI thread does not wait for it.
        QTRY_VERIFY(!m_panel->chart()->isLoading());
        QCOMPARE(m_panel->chart()->dayCount(), 1);
        QCOMPARE(m_panel->chart()->modelSliceCount(), 1);
    }

    void rateCardFilterAndSort()
    {
        m_panel->showPage(CostPanel::RateCardPage);
        QSortFilterProxyModel *p = m_panel->rateCardProxy();
        const int all = p->rowCount();
        QVERIFY(all > 10);
        QTest::keyClicks(m_panel->rateFilter(), u"rerank"_s);
        QCOMPARE(p->rowCount(), 1);
        m_panel->rateFilter()->clear();
        QCOMPARE(p->rowCount(), all);
        m_panel->rateCardView()->sortByColumn(RateCardModel::UsdColumn, Qt::AscendingOrder);
        for (int r = 1; r < p->rowCount(); ++r)
            QVERIFY(
                p->index(r - 1, RateCardModel::UsdColumn).data(RateCardModel::SortRole).toDouble()
                <= p->index(r, RateCardModel::UsdColumn).data(RateCardModel::SortRole).toDouble());
    }

    void importRejectedKeepsTheCard()
    {
        const QString path = m_dir->filePath(u"partial.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"currency\":\"USD\",\"models\":[{\"model\":\"sora-2\",\"modality\":\"video\"");
        f.close();
        const int before = m_panel->rateCardModel()->rowCount();
        m_panel->importRateCardFile(path);
        QVERIFY2(m_panel->statusLabel()->text().contains(u"current rate card stays"_s),
            qPrintable(m_panel->statusLabel()->text()));
        QCOMPARE(m_panel->rateCardModel()->rowCount(), before);
    }

    void importShowsChanges()
    {
        QJsonObject card = QJsonDocument::fromJson(m_cost->rateCard().toJson()).object();
        QJsonArray models = card.value(u"models"_s).toArray();
        for (qsizetype i = 0; i < models.size(); ++i) {
            QJsonObject m = models.at(i).toObject();
            if (m.value(u"modality"_s).toString() == "rerank"_L1) {
                m.insert(u"per_search"_s, 0.003);
                models.replace(i, m);
            }
        }
        card.insert(u"models"_s, models);
        const QByteArray json = QJsonDocument(card).toJson();
        const QString path = m_dir->filePath(u"updated.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        m_panel->importRateCardFile(path);
        QVERIFY2(m_panel->statusLabel()->text().contains(u"imported"_s),
            qPrintable(m_panel->statusLabel()->text()));
        QVERIFY2(m_panel->rateChanges()->toPlainText().contains(u"bge-reranker"_s),
            qPrintable(m_panel->rateChanges()->toPlainText() + QString::fromUtf8(json.left(300))));
        QCOMPARE(m_cost->cardSource(), CostService::CardSource::Imported);
    }

    void exportRoundTrips_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("csv") << u"ledger.csv"_s;
        QTest::newRow("json") << u"ledger.json"_s;
    }

    void exportRoundTrips()
    {
        QFETCH(QString, file);
        makeMessageCalls();
        const QString path = m_dir->filePath(file);
        QString message;
        QVERIFY2(m_panel->exportLedger(path, &message), qPrintable(message));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(!bytes.contains(sandbox::SandboxServer::defaultKey().toUtf8()));
        QVERIFY(!bytes.contains("sk-byts-"));
        QString error;
        const QList<LedgerEntry> back = file.endsWith(u".csv"_s) ? Ledger::parseCsv(bytes, &error)
                                                                 : Ledger::parseJson(bytes, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<LedgerEntry> now = m_ledger->entries(u"Sandbox"_s, 1000);
        QCOMPARE(back.size(), now.size());
        for (qsizetype i = 0; i < now.size(); ++i) {
            QCOMPARE(back[i].callId, now[i].callId);
            QCOMPARE(back[i].requestId, now[i].requestId);
            QCOMPARE(back[i].status, now[i].status);
            QCOMPARE(back[i].chargedCredits, now[i].chargedCredits);
            QCOMPARE(back[i].estimatedCredits, now[i].estimatedCredits);
            QCOMPARE(back[i].errorCode, now[i].errorCode);
        }
    }

    void reconcileButtonReports()
    {
        makeMessageCalls();
        QSet<QString> sent;
        for (const CallRecord &record : std::as_const(m_records)) {
            if (record.route == u"/v1/messages"_s && !record.requestId.isEmpty())
                sent.insert(record.requestId);
        }
        QCOMPARE(sent.size(), 4);
        const ReconcileReport r = QCoro::waitFor(m_cost->reconcileNow());
        QVERIFY2(r.ok, qPrintable(r.error));
        // The panel says how many of the ledger's rows the gateway's usage matched.
        QCOMPARE(r.matched, int(sent.size()));
        QVERIFY(r.mismatches.isEmpty());
        QVERIFY(r.missingFromLedger.isEmpty());
        QVERIFY(r.missingFromUsage.isEmpty());
        QTRY_VERIFY2(m_panel->statusLabel()->text().startsWith(u"Matched 4 of 4 "_s),
            qPrintable(m_panel->statusLabel()->text()));
    }

    // What the ledger page really paints: the rows name the model, the two failures
    // carry the green "not billed" pill in their Charged cell and the answered calls
    // do not.
    void screenshot()
    {
        makeMessageCalls();
        m_panel->showPage(CostPanel::LedgerPage);
        QTableView *view = m_panel->ledgerView();
        QTRY_COMPARE(view->model()->rowCount(), 4);
        QTest::qWait(50); // the column re-measure after new rows
        const QImage shot = m_panel->grab().toImage();
        if (const QString dir = qEnvironmentVariable("BSP_TEST_SCREENSHOTS"); !dir.isEmpty())
            shot.save(QDir(dir).filePath(u"cost-ledger.png"_s));
        const QColor pill(0x2e, 0x7d, 0x32);
        // Newest first: answered, rate limited, blocked, answered.
        const bool failed[] = {false, true, true, false};
        for (int row = 0; row < 4; ++row) {
            const QModelIndex model = view->model()->index(row, LedgerModel::ModelColumn);
            QCOMPARE(model.data().toString(), u"claude-haiku-4-5"_s);
            QVERIFY(view->viewport()->rect().contains(view->visualRect(model)));
            const QRect cell = chargedCellRect(row);
            QVERIFY(!cell.isEmpty());
            QVERIFY(m_panel->rect().contains(cell));
            const int green = pixelsNear(shot, cell, pill);
            if (failed[row])
                QVERIFY2(
                    green > cell.height() * 4, qPrintable(u"row %1: %2"_s.arg(row).arg(green)));
            else
                QVERIFY2(green == 0, qPrintable(u"row %1: %2"_s.arg(row).arg(green)));
        }
        // The pill's label fits: the cell is at least as wide as "not billed" in the
        // view's font.
        const int labelWidth
            = view->fontMetrics().horizontalAdvance(LedgerDelegate::tr("not billed"));
        QVERIFY(chargedCellRect(1).width() > labelWidth);
    }
};

QTEST_MAIN(TestCostPanel)
#include "tst_costpanel.moc"
