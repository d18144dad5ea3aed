// The Chat tab offscreen against the sandbox gateway: progressive streaming, Stop,
// image in and out, compare with a faulted column, history across a restart of the
// store, and a dropped stream.

#include "ui/chat/chattab.h"
#include "ui/chat/comparepanel.h"
#include "ui/chat/conversationview.h"
#include "ui/chat/markdownblock.h"
#include "ui/chat/messageview.h"
#include "ui/chat/parameterpanel.h"
#include "ui/widgets/imageviewer.h"

#include "core/chatstore.h"
#include "core/chatstream.h"
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "sandbox/sandboxserver.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>
#include <QToolButton>

using namespace bsp;
using namespace bsp::ui;
using namespace Qt::StringLiterals;

class TestChatTab : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ChatTab> makeTab()
    {
        auto tab = std::make_unique<ChatTab>(m_client.get(), m_cost.get(), m_store.get());
        tab->resize(1100, 760);
        tab->show();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(tab->modelCombo()->count() >= 3, 10000); }();
        return tab;
    }

    static void type(ChatTab *tab, const QString &text, const QString &model)
    {
        tab->modelCombo()->setCurrentText(model);
        tab->input()->setPlainText(text);
    }

    static void sendAndWait(ChatTab *tab, const QString &text)
    {
        tab->input()->setPlainText(text);
        QSignalSpy done(tab, &ChatTab::streamFinished);
        tab->sendButton()->click();
        QVERIFY(done.wait(20000));
    }

    static QList<CallRecord> records(const QSignalSpy &spy)
    {
        QList<CallRecord> out;
        for (const QList<QVariant> &args : spy)
            if (args.at(0).value<CallRecord>().route == u"/v1/messages"_s)
                out.append(args.at(0).value<CallRecord>());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        sandbox::SandboxOptions o;
        o.timeScale = 0.3;
        m_sandbox = std::make_unique<sandbox::SandboxServer>(o);
        QVERIFY(m_sandbox->listen() != 0);
        m_client = std::make_unique<GatewayClient>();
        m_client->setBaseUrl(QUrl(m_sandbox->baseUrl()));
        m_client->setApiKey(sandbox::SandboxServer::defaultKey());
        m_cost = std::make_unique<CostService>(nullptr, nullptr);
    }

    // Every test function has its own folder, database and settings: none depends on
    // what another left behind, and they pass alone and in any order.
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir->path());
        m_dbPath = m_dir->filePath(u"playground.sqlite"_s);
        m_store = std::make_unique<ChatStore>(m_dbPath);
        QVERIFY(m_store->open());
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void streamsProgressivelyWithMetrics()
    {
        auto tab = makeTab();
        QSignalSpy calls(m_client.get(), &GatewayClient::callFinished);
        type(
            tab.get(), u"Write a short story about a lighthouse keeper."_s, u"claude-sonnet-4-5"_s);
        QVERIFY(tab->estimateLabel()->text().contains(u"$"_s));
        tab->sendButton()->click();
        QVERIFY(tab->isStreaming());
        QVERIFY(tab->stopButton()->isEnabled());
        QCOMPARE(tab->messageViews().size(), 2);
        MessageView *reply = tab->messageViews().last();
        QStringList states;
        // The tab's own connection (made first) has applied the update to the view.
        connect(tab->currentStream(), &ChatStream::updated, this, [&] {
            if (states.isEmpty() || states.last() != reply->renderedText())
                states.append(reply->renderedText());
        });
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        QVERIFY(done.wait(15000));
        const QString final = reply->turn().text();
        QVERIFY(!final.isEmpty());
        QVERIFY2(states.size() >= 3, qPrintable(QString::number(states.size())));
        QVERIFY(states.first().size() < final.size()); // intermediate states were shown
        QCOMPARE(reply->turn().status, ChatTurn::Status::Complete);
        // Metrics and cost under the reply; running total of the conversation.
        const QString metrics = reply->metricsText();
        QVERIFY2(metrics.contains(u"TTFT"_s) && metrics.contains(u"tok/s"_s)
                && metrics.contains(u"charged $"_s),
            qPrintable(metrics));
        const Credits charged = reply->turn().metrics.charged.value_or(0);
        QVERIFY(charged > 0);
        QCOMPARE(tab->store()->conversation(tab->currentConversation())->totalCredits, charged);
        QVERIFY2(tab->totalLabel()->text().contains(formatUsd(charged)),
            qPrintable(tab->totalLabel()->text()));
        // One ledger-bound call, tagged with the tab.
        const QList<CallRecord> recs = records(calls);
        QCOMPARE(recs.size(), 1);
        QCOMPARE(recs.first().tab, u"chat"_s);
        QCOMPARE(recs.first().outcome, CallRecord::Outcome::Succeeded);
        QVERIFY(!tab->isStreaming());
        QTest::qWait(100); // let queued show/layout requests run before the grab
        QVERIFY(tab->grab().save(m_dir->filePath(u"chat.png"_s)));
    }

    // A new conversation starts on the cheapest text model of the card, and the view
    // keeps the newest reply in sight as it streams in.
    void defaultsToCheapestModelAndFollowsTheReply()
    {
        auto tab = makeTab();
        tab->resize(900, 420); // short, so a few turns overflow
        QCOMPARE(tab->modelCombo()->currentText(), u"claude-haiku-4-5"_s);
        QScrollArea *area = nullptr;
        for (int i = 0; i < 4; ++i) {
            type(tab.get(), u"Tell me a long story about the sea, part %1."_s.arg(i),
                u"claude-haiku-4-5"_s);
            QSignalSpy done(tab.get(), &ChatTab::streamFinished);
            tab->sendButton()->click();
            QVERIFY(done.wait(15000));
        }
        for (auto *a : tab->findChildren<QScrollArea *>()) {
            if (a->isVisible() && a->widget()->isAncestorOf(tab->messageViews().first()))
                area = a;
        }
        QVERIFY(area);
        QScrollBar *bar = area->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0); // eight messages overflow the view
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void stopKeepsPartialMarked()
    {
        auto tab = makeTab();
        QSignalSpy calls(m_client.get(), &GatewayClient::callFinished);
        type(tab.get(), u"Tell me everything you know about rivers and deltas."_s,
            u"claude-opus-4-1"_s);
        tab->sendButton()->click();
        MessageView *reply = tab->messageViews().last();
        QTRY_VERIFY_WITH_TIMEOUT(reply->turn().text().size() > 10, 10000);
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        tab->stopButton()->click();
        QVERIFY(done.count() == 1 || done.wait(5000));
        QCOMPARE(reply->turn().status, ChatTurn::Status::Cancelled);
        QVERIFY(!reply->turn().text().isEmpty());
        QVERIFY(reply->statusText().contains(u"partial"_s));
        QTest::qWait(100); // let queued show/layout requests run before the grab
        QVERIFY(tab->grab().save(m_dir->filePath(u"chat-stopped.png"_s)));
        const QList<CallRecord> recs = records(calls);
        QCOMPARE(recs.size(), 1);
        QCOMPARE(recs.first().outcome, CallRecord::Outcome::Cancelled);
        // The store keeps the partial reply, marked.
        const QList<ChatTurn> stored = tab->store()->turns(tab->currentConversation());
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.last().status, ChatTurn::Status::Cancelled);
        QCOMPARE(stored.last().text(), reply->turn().text());
    }

    void attachedImageIsSentAndRefusalsAreClear()
    {
        auto tab = makeTab();
        QImage img(123, 77, QImage::Format_RGB32);
        img.fill(QColor(200, 30, 30));
        const QString png = m_dir->filePath(u"red.png"_s);
        QVERIFY(img.save(png));
        QVERIFY(tab->attachFile(png));
        QCOMPARE(tab->attachmentCount(), 1);

        // Refused before any request: not an image, corrupt PNG, too large.
        QVERIFY(!tab->attachBytes("hello world", u"notes.txt"_s));
        QVERIFY(tab->lastRefusal().contains(u"notes.txt"_s));
        QByteArray broken = "\x89PNG\r\n\x1a\n" + QByteArray(100, 'x');
        QVERIFY(!tab->attachBytes(broken, u"broken.png"_s));
        QVERIFY(tab->lastRefusal().contains(u"decode"_s));
        QVERIFY(!tab->attachBytes(QByteArray(6 * 1024 * 1024, 'a'), u"big.png"_s));
        QVERIFY(tab->lastRefusal().contains(u"limit"_s));
        QCOMPARE(tab->attachmentCount(), 1);

        type(tab.get(), u"What is in this image?"_s, u"claude-haiku-4-5"_s);
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        tab->sendButton()->click();
        QCOMPARE(tab->attachmentCount(), 0);
        QVERIFY(done.wait(15000));
        const ChatTurn user = tab->messageViews().first()->turn();
        QCOMPARE(user.content.first().type, u"image"_s);
        QCOMPARE(user.content.first().mediaType, u"image/png"_s);
        // The sandbox read the base64 block: its reply names the real size.
        const QString text = tab->messageViews().last()->turn().text();
        QVERIFY2(text.contains(u"123x77"_s), qPrintable(text));
    }

    void pastedImageIsAttached()
    {
        auto tab = makeTab();
        QImage img(64, 48, QImage::Format_RGB32);
        img.fill(Qt::green);
        auto *mime = new QMimeData;
        mime->setImageData(img);
        QApplication::clipboard()->setMimeData(mime);
        tab->input()->paste();
        QCOMPARE(tab->attachmentCount(), 1);
        QVERIFY(tab->input()->toPlainText().isEmpty());
    }

    void imageToolRendersImage()
    {
        auto tab = makeTab();
        tab->imageToolBox()->setChecked(true);
        type(tab.get(), u"Please draw a picture of a red fox in snow."_s, u"claude-haiku-4-5"_s);
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        tab->sendButton()->click();
        QVERIFY(done.wait(20000));
        MessageView *reply = tab->messageViews().last();
        QCOMPARE(reply->turn().status, ChatTurn::Status::Complete);
        QCOMPARE(reply->imageCount(), 1);
        QImage out;
        for (const ContentBlock &b : reply->turn().content)
            if (b.isImage())
                out.loadFromData(b.data);
        QCOMPARE(out.size(), QSize(1024, 1024));
        // Click opens the shared image viewer with the full image.
        QTest::qWait(50);
        reply->findChild<QPushButton *>(u"messageImage"_s)->click();
        ImageViewer *viewer = nullptr;
        const auto findViewer = [&] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *v = qobject_cast<ImageViewer *>(w); v && v->isVisible())
                    viewer = v;
            return viewer != nullptr;
        };
        QTRY_VERIFY(findViewer()); // decoded in a worker, then shown
        QCOMPARE(viewer->image().size(), QSize(1024, 1024));
        viewer->close();
        QTest::qWait(100); // let queued show/layout requests run before the grab
        QVERIFY(tab->grab().save(m_dir->filePath(u"chat-image.png"_s)));
    }

    void blockedImageSaysNotBilled()
    {
        auto tab = makeTab();
        tab->imageToolBox()->setChecked(true);
        type(tab.get(), u"[fault:content_policy] Draw a picture of a castle."_s,
            u"claude-haiku-4-5"_s);
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        tab->sendButton()->click();
        QVERIFY(done.wait(20000));
        MessageView *reply = tab->messageViews().last();
        QCOMPARE(reply->turn().status, ChatTurn::Status::Complete);
        QCOMPARE(reply->imageCount(), 0);
        QVERIFY(reply->turn().text().contains(u"not billed"_s, Qt::CaseInsensitive));
        QVERIFY2(reply->statusText().contains(u"not billed"_s), qPrintable(reply->statusText()));
        // Only the text is charged.
        const Credits text = *m_cost->rateCard().textCost(u"claude-haiku-4-5"_s,
            reply->turn().metrics.inputTokens, reply->turn().metrics.outputTokens);
        QCOMPARE(reply->turn().metrics.charged.value_or(-1), text);
    }

    void compareWithFaultedColumn()
    {
        auto tab = makeTab();
        tab->newCompare();
        ComparePanel *panel = tab->comparePanel();
        panel->setColumnCount(3);
        const QStringList models {
            u"claude-haiku-4-5"_s, u"claude-sonnet-4-5"_s, u"claude-opus-4-1"_s};
        for (int i = 0; i < 3; ++i)
            panel->column(i)->modelCombo()->setCurrentText(models.at(i));
        panel->column(1)->setFault(u"content_policy"_s);
        tab->input()->setPlainText(u"Explain tides in two paragraphs."_s);
        QSignalSpy all(panel, &ComparePanel::allFinished);
        tab->sendButton()->click();
        QVERIFY(panel->isRunning());
        QVERIFY(all.wait(20000));
        QCOMPARE(panel->column(0)->currentTurn().status, ChatTurn::Status::Complete);
        QCOMPARE(panel->column(2)->currentTurn().status, ChatTurn::Status::Complete);
        const ChatTurn failed = panel->column(1)->currentTurn();
        QCOMPARE(failed.status, ChatTurn::Status::Failed);
        QVERIFY2(failed.error.contains(u"451"_s) && failed.error.contains(u"req"_s),
            qPrintable(failed.error));
        QVERIFY(!panel->column(0)->currentTurn().text().isEmpty());
        // The summary names answered columns only; the failed one is never "fastest".
        const QString summary = panel->summaryText();
        QVERIFY2(summary.contains(u"<b>Fastest:</b> column "_s), qPrintable(summary));
        QVERIFY2(!summary.contains(u"column 2 ("_s), qPrintable(summary));
        QTest::qWait(100); // let queued show/layout requests run before the grab
        QVERIFY(tab->grab().save(m_dir->filePath(u"chat-compare.png"_s)));
        // Persisted: the prompt and three column answers.
        const QList<ChatTurn> stored = tab->store()->turns(tab->currentConversation());
        QCOMPARE(stored.size(), 4);
        QVERIFY(!ComparePanel::diffHtml(u"a b c"_s, u"a x c"_s).isEmpty());
    }

    void compareColumnStopsAlone()
    {
        auto tab = makeTab();
        tab->newCompare();
        ComparePanel *panel = tab->comparePanel();
        panel->column(0)->modelCombo()->setCurrentText(u"claude-opus-4-1"_s);
        panel->column(1)->modelCombo()->setCurrentText(u"claude-haiku-4-5"_s);
        tab->input()->setPlainText(u"Describe a long voyage across the ocean."_s);
        QSignalSpy all(panel, &ComparePanel::allFinished);
        tab->sendButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->column(0)->currentTurn().text().isEmpty(), 10000);
        panel->column(0)->stopButton()->click();
        QVERIFY(all.wait(20000));
        QCOMPARE(panel->column(0)->currentTurn().status, ChatTurn::Status::Cancelled);
        QVERIFY(!panel->column(0)->currentTurn().text().isEmpty());
        QCOMPARE(panel->column(1)->currentTurn().status, ChatTurn::Status::Complete);
    }

    void closingMidStreamKeepsPartial()
    {
        qint64 id = 0;
        {
            auto tab = makeTab();
            type(tab.get(), u"Tell me a very long tale of dragons and knights."_s,
                u"claude-opus-4-1"_s);
            tab->sendButton()->click();
            id = tab->currentConversation();
            QTRY_VERIFY_WITH_TIMEOUT(!tab->messageViews().last()->turn().text().isEmpty(), 10000);
        } // closed while streaming
        ChatStore store(m_dbPath);
        QVERIFY(store.open());
        const QList<ChatTurn> turns = store.turns(id);
        QCOMPARE(turns.size(), 2);
        QCOMPARE(turns.last().status, ChatTurn::Status::Cancelled);
        QVERIFY(!turns.last().text().isEmpty());
    }

    void droppedStreamKeepsPartial()
    {
        auto tab = makeTab();
        type(tab.get(), u"[fault:drop_stream] Tell me about mountains."_s, u"claude-haiku-4-5"_s);
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        tab->sendButton()->click();
        QVERIFY(done.wait(15000));
        MessageView *reply = tab->messageViews().last();
        QCOMPARE(reply->turn().status, ChatTurn::Status::Failed);
        QVERIFY(!reply->turn().text().isEmpty());
        QVERIFY2(
            reply->statusText().contains(u"Failed"_s) && reply->statusText().contains(u"partial"_s),
            qPrintable(reply->statusText()));
    }

    void partialReplyIsPersistedWhileStreaming()
    {
        auto tab = makeTab();
        type(tab.get(), u"Tell me everything you know about glaciers and ice ages."_s,
            u"claude-opus-4-1"_s);
        tab->sendButton()->click();
        const qint64 id = tab->currentConversation();
        // A second store on the same file sees the partial reply mid-stream: a killed
        // app keeps what had arrived up to the last checkpoint.
        ChatStore other(m_dbPath);
        QVERIFY(other.open());
        QTRY_VERIFY_WITH_TIMEOUT(
            other.turns(id).size() == 2 && !other.turns(id).last().text().isEmpty(), 10000);
        QVERIFY(tab->isStreaming());
        QCOMPARE(other.turns(id).last().status, ChatTurn::Status::Failed); // "interrupted"
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        tab->stop();
        QVERIFY(done.count() == 1 || done.wait(5000));
    }

    void regenerateAndEditAndResend()
    {
        auto tab = makeTab();
        type(tab.get(), u"Say something about owls."_s, u"claude-haiku-4-5"_s);
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        tab->sendButton()->click();
        QVERIFY(done.wait(15000));
        const qint64 id = tab->currentConversation();
        // Regenerate: the reply is replaced, not appended.
        tab->messageViews().last()->findChild<QToolButton *>(u"regenerateMessage"_s)->click();
        QVERIFY(tab->isStreaming());
        QVERIFY(done.wait(15000));
        QCOMPARE(tab->messageViews().size(), 2);
        QCOMPARE(tab->store()->turns(id).size(), 2);
        QCOMPARE(tab->messageViews().last()->turn().status, ChatTurn::Status::Complete);
        // Edit and resend: the message goes back to the composer; the turn and its reply
        // stay until the edited message is sent, and are replaced then.
        tab->messageViews().first()->findChild<QToolButton *>(u"editMessage"_s)->click();
        QCOMPARE(tab->input()->toPlainText(), u"Say something about owls."_s);
        QCOMPARE(tab->messageViews().size(), 2);
        tab->input()->setPlainText(u"Say something about herons."_s);
        tab->sendButton()->click();
        QVERIFY(done.wait(15000));
        QCOMPARE(tab->store()->turns(id).size(), 2);
        QCOMPARE(tab->messageViews().size(), 2);
        QVERIFY(tab->messageViews().first()->turn().text().contains(u"herons"_s));
        QVERIFY(tab->messageViews().last()->turn().text().contains(u"herons"_s));
    }

    void markdownRendersRichText()
    {
        ChatTurn t {.role = u"assistant"_s,
            .content = {ContentBlock::textBlock(
                u"# Title\n\n- one\n- two\n\n```\ncode here\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"_s)}};
        MessageView v(t);
        auto *text = v.findChild<MarkdownBlock *>(u"messageText"_s);
        QVERIFY(text);
        const QTextDocument *doc = text->document();
        QVERIFY(doc->toPlainText().contains(u"code here"_s));
        QVERIFY(!doc->toPlainText().contains(u"```"_s));
        QVERIFY(!doc->toPlainText().contains(u"|---|"_s)); // a table, not pipes
        QCOMPARE(doc->firstBlock().blockFormat().headingLevel(), 1);
        QVERIFY(doc->firstBlock().next().textList()); // "- one"
    }

    void presetsAndDiff()
    {
        auto tab = makeTab();
        tab->newCompare();
        ComparePanel *panel = tab->comparePanel();
        panel->setColumnCount(3);
        panel->column(0)->modelCombo()->setCurrentText(u"claude-haiku-4-5"_s);
        panel->column(1)->modelCombo()->setCurrentText(u"claude-opus-4-1"_s);
        panel->column(2)->modelCombo()->setCurrentText(u"claude-sonnet-4-5"_s);
        QVERIFY(tab->store()->savePreset({u"trio"_s, panel->columnParams(tab->params())}));
        panel->setColumnCount(2);
        panel->column(0)->modelCombo()->setCurrentText(u"claude-sonnet-4-5"_s);
        const QList<ComparePreset> presets = tab->store()->presets();
        QCOMPARE(presets.size(), 1);
        panel->setColumnParams(presets.first().columns);
        QCOMPARE(panel->columnCount(), 3);
        QCOMPARE(panel->column(1)->modelCombo()->currentText(), u"claude-opus-4-1"_s);
        const QString html
            = ComparePanel::diffHtml(u"the quick brown fox"_s, u"the slow brown fox"_s);
        QVERIFY(html.contains(u"line-through\">quick"_s));
        QVERIFY(html.contains(u"#c8f0c8\">slow"_s));
        QVERIFY(html.startsWith(u"the "_s));
    }

    void imageViewerSaves()
    {
        QImage img(40, 30, QImage::Format_RGB32);
        img.fill(Qt::blue);
        ImageViewer v;
        v.setImage(img, {}, u"x.png"_s);
        v.setZoom(2.0);
        QCOMPARE(v.zoom(), 2.0);
        const QString path = m_dir->filePath(u"saved.png"_s);
        QVERIFY(v.saveTo(path));
        QCOMPARE(QImage(path).size(), QSize(40, 30));
    }

    void historySurvivesRestart()
    {
        qint64 id = 0;
        QString answer;
        {
            auto tab = makeTab();
            type(tab.get(), u"Remember the word pelican."_s, u"claude-haiku-4-5"_s);
            QSignalSpy done(tab.get(), &ChatTab::streamFinished);
            tab->sendButton()->click();
            QVERIFY(done.wait(15000));
            id = tab->currentConversation();
            answer = tab->messageViews().last()->turn().text();
        }
        {
            auto other = makeTab(); // a second conversation the search must leave out
            type(other.get(), u"Tell me about gannets."_s, u"claude-haiku-4-5"_s);
            QSignalSpy done(other.get(), &ChatTab::streamFinished);
            other->sendButton()->click();
            QVERIFY(done.wait(15000));
        }
        auto tab = makeTab();
        QCOMPARE(tab->historyList()->count(), 2);
        tab->searchBox()->setText(u"pelican"_s);
        QTRY_COMPARE(tab->historyList()->count(), 1);
        QVERIFY(tab->openConversation(id));
        QCOMPARE(tab->messageViews().size(), 2);
        QCOMPARE(tab->messageViews().last()->turn().text(), answer);
        QCOMPARE(tab->modelCombo()->currentText(), u"claude-haiku-4-5"_s);
        QVERIFY(tab->store()->exportMarkdown(id).contains(u"pelican"_s));
    }

    // Issue 7.2: a failed exchange stays on screen but is not sent with the next
    // message; ticking "Send as context" on the failed reply sends it again.
    void failedExchangeIsNotSentAsContext()
    {
        // The input tokens of "what is 2+2?" alone, in a conversation of its own.
        Credits alone = 0;
        qint64 aloneTokens = 0;
        {
            auto fresh = makeTab();
            sendAndWait(fresh.get(), u"what is 2+2?"_s);
            aloneTokens = fresh->messageViews().last()->turn().metrics.inputTokens;
            alone = fresh->messageViews().last()->turn().metrics.charged.value_or(0);
        }
        QVERIFY(aloneTokens > 0);
        auto tab = makeTab();
        sendAndWait(tab.get(), u"[fault:watermark] hi there, please draw me something"_s);
        MessageView *failed = tab->messageViews().last();
        QCOMPARE(failed->turn().status, ChatTurn::Status::Failed);
        auto *include = failed->findChild<QCheckBox *>(u"includeInContext"_s);
        QVERIFY(include && include->isVisibleTo(failed));
        QVERIFY(!include->isChecked());
        QVERIFY(failed->statusText().contains(u"Not sent as context"_s));
        sendAndWait(tab.get(), u"what is 2+2?"_s);
        const ChatTurn second = tab->messageViews().last()->turn();
        QCOMPARE(second.status, ChatTurn::Status::Complete);
        QCOMPARE(second.metrics.inputTokens, aloneTokens); // nothing of the failed exchange
        QCOMPARE(second.metrics.charged.value_or(-1), alone);
        QCOMPARE(tab->messageViews().size(), 4); // still shown
        // Opted in: the failed exchange is part of the next request, and is remembered.
        include->click();
        QVERIFY(failed->turn().includeInContext);
        const MessageRequest r = buildRequest(tab->params(), tab->conversationView()->turns());
        QVERIFY(QJsonDocument(r.toJson()).toJson().contains("[fault:watermark]"));
        QVERIFY(tab->store()->turns(tab->currentConversation()).at(1).includeInContext);
    }

    // Issue 7.3: abandoning an edit (Escape) keeps the original turn and its reply.
    void editIsKeptUntilSentAndEscapeCancels()
    {
        auto tab = makeTab();
        sendAndWait(tab.get(), u"Say something about owls."_s);
        const qint64 id = tab->currentConversation();
        tab->input()->setPlainText(u"a draft I was writing"_s);
        tab->messageViews().first()->findChild<QToolButton *>(u"editMessage"_s)->click();
        QVERIFY(tab->isEditing());
        QCOMPARE(tab->input()->toPlainText(), u"Say something about owls."_s);
        QCOMPARE(tab->messageViews().size(), 2);
        QCOMPARE(tab->store()->turns(id).size(), 2);
        QVERIFY(tab->findChild<QWidget *>(u"chatEditBanner"_s)->isVisibleTo(tab.get()));
        QTest::keyClick(tab->input(), Qt::Key_Escape);
        QVERIFY(!tab->isEditing());
        QCOMPARE(tab->input()->toPlainText(), u"a draft I was writing"_s); // the draft is back
        QCOMPARE(tab->messageViews().size(), 2);
        QCOMPARE(tab->store()->turns(id).size(), 2);
        QVERIFY(tab->messageViews().first()->turn().text().contains(u"owls"_s));
        QVERIFY(!tab->findChild<QWidget *>(u"chatEditBanner"_s)->isVisibleTo(tab.get()));
    }

    // Issue 7.9: Escape stops a streaming reply, keeping what arrived.
    void escapeStopsTheStream()
    {
        auto tab = makeTab();
        type(tab.get(), u"Tell me everything you know about rivers and deltas."_s,
            u"claude-opus-4-1"_s);
        tab->sendButton()->click();
        MessageView *reply = tab->messageViews().last();
        QTRY_VERIFY_WITH_TIMEOUT(reply->turn().text().size() > 10, 10000);
        QSignalSpy done(tab.get(), &ChatTab::streamFinished);
        QTest::keyClick(tab->input(), Qt::Key_Escape);
        QVERIFY(done.count() == 1 || done.wait(5000));
        QCOMPARE(reply->turn().status, ChatTurn::Status::Cancelled);
        QVERIFY(!tab->isStreaming());
    }

    // Issue 7.6: a palette (and a 1-bit) PNG keeps its colours in the thumbnail.
    void palettePngThumbnailKeepsItsColours()
    {
        auto tab = makeTab();
        QImage mono(300, 200, QImage::Format_Mono);
        mono.setColorTable({qRgb(20, 40, 200), qRgb(250, 200, 0)}); // blue, yellow
        mono.fill(1);
        QImage indexed(300, 200, QImage::Format_Indexed8);
        indexed.setColorTable({qRgb(200, 0, 0), qRgb(0, 160, 0), qRgb(0, 0, 0)});
        indexed.fill(1);
        for (int y = 0; y < 200; y += 2) // thin black lines over green
            for (int x = 0; x < 300; ++x)
                indexed.setPixel(x, y, 2);
        const QString monoPath = m_dir->filePath(u"mono.png"_s);
        const QString palettePath = m_dir->filePath(u"palette.png"_s);
        QVERIFY(mono.save(monoPath));
        QVERIFY(indexed.save(palettePath));
        QVERIFY(tab->attachFile(monoPath));
        QVERIFY(tab->attachFile(palettePath));
        QTRY_VERIFY(!tab->composer()->attachmentThumbnail(0).isNull()
            && !tab->composer()->attachmentThumbnail(1).isNull());
        const QImage t0 = tab->composer()->attachmentThumbnail(0);
        QCOMPARE(t0.size(), QSize(96, 64));
        const QColor yellow = t0.pixelColor(48, 32);
        QVERIFY2(yellow.red() > 200 && yellow.green() > 150 && yellow.blue() < 60,
            qPrintable(yellow.name()));
        // Black and green lines average to a dark green: no stripes of other colours.
        const QImage t1 = tab->composer()->attachmentThumbnail(1);
        for (int y = 10; y < 20; ++y) {
            const QColor c = t1.pixelColor(48, y);
            QVERIFY2(c.red() < 40 && c.blue() < 40 && c.green() > 30, qPrintable(c.name()));
        }
    }

    // Issue 7.7: compare with four columns fits a 1280×800 screen next to the Cost dock,
    // and neither the column pickers nor the stop-sequences field are clipped.
    void compareFitsTheScreen()
    {
        auto tab = makeTab();
        tab->newCompare();
        ComparePanel *panel = tab->comparePanel();
        panel->setColumnCount(4);
        for (int i = 0; i < 4; ++i)
            panel->column(i)->modelCombo()->setCurrentText(u"claude-sonnet-4-5"_s);
        QApplication::processEvents(); // outside any handler: let the layouts settle
        const QSize min = tab->minimumSizeHint();
        QVERIFY2(min.width() <= 800,
            qPrintable(u"%1 (parameters %2, composer %3, compare %4)"_s.arg(min.width())
                           .arg(tab->parameterPanel()->minimumSizeHint().width())
                           .arg(tab->composer()->minimumSizeHint().width())
                           .arg(panel->minimumSizeHint().width())));
        QVERIFY2(min.height() <= 620, qPrintable(QString::number(min.height())));
        // At the width it gets beside the dock, three columns show their whole model name.
        panel->setColumnCount(3);
        tab->resize(810, 640);
        QTRY_VERIFY(panel->column(2)->modelCombo()->width() > 0);
        QTest::qWait(50);
        for (int i = 0; i < 3; ++i) {
            QComboBox *combo = panel->column(i)->modelCombo();
            const int text = combo->fontMetrics().horizontalAdvance(combo->currentText());
            QVERIFY2(combo->width() >= text + 24,
                qPrintable(u"column %1: %2 px for %3 px of text"_s.arg(i + 1)
                               .arg(combo->width())
                               .arg(text)));
        }
        QLineEdit *stops = tab->parameterPanel()->stopSequencesEdit();
        QVERIFY(stops->width()
            >= stops->fontMetrics().horizontalAdvance(stops->placeholderText()) + 12);
        // Named so that it is not taken for the Stop button.
        bool labelled = false;
        for (QLabel *l : tab->findChildren<QLabel *>())
            labelled = labelled
                || (l->buddy() == stops && l->text().remove(u'&').contains(u"sequences"_s));
        QVERIFY(labelled);
    }

    // Issue 7.9: the model picked last is the one a restarted app starts on.
    void remembersTheLastModel()
    {
        {
            auto tab = makeTab();
            QCOMPARE(tab->modelCombo()->currentText(), u"claude-haiku-4-5"_s); // cheapest
            tab->modelCombo()->setCurrentText(u"claude-sonnet-4-5"_s);
        }
        auto tab = makeTab();
        QCOMPARE(tab->modelCombo()->currentText(), u"claude-sonnet-4-5"_s);
    }

    // Issue 7.9: the history list says when each conversation was last used.
    void historyShowsDates()
    {
        auto tab = makeTab();
        const QDateTime before = QDateTime::currentDateTime().addSecs(-1);
        sendAndWait(tab.get(), u"Name three birds."_s);
        const QDateTime after = QDateTime::currentDateTime().addSecs(1);
        QCOMPARE(tab->historyList()->count(), 1);
        const QString item = tab->historyList()->item(0)->text();
        // The list may have been drawn at any moment of the call: one second of it matches.
        bool dated = false;
        for (QDateTime t = before; t <= after && !dated; t = t.addSecs(1)) {
            dated = item.contains(QLocale().toString(t.time(), QLocale::ShortFormat))
                || item.contains(QLocale().toString(t.date(), QLocale::ShortFormat));
        }
        QVERIFY2(dated, qPrintable(item));
        QVERIFY(item.startsWith(u"Name three birds."_s));
    }

    // Issue 7.9: an empty chat shows a start guide with two example prompts and the
    // sandbox's fault tags, not a blank pane.
    void emptyChatShowsAStartGuide()
    {
        auto tab = makeTab();
        QWidget *guide = tab->conversationView()->startGuide();
        QVERIFY(guide->isVisible());
        const QList<QPushButton *> examples
            = guide->findChildren<QPushButton *>(u"examplePrompt"_s);
        QCOMPARE(examples.size(), 2);
        auto *faults = guide->findChild<QLabel *>(u"faultTags"_s);
        QVERIFY(faults && faults->text().contains(u"[fault:content_policy]"_s)
            && faults->text().contains(u"[fault:drop_stream]"_s));
        examples.first()->click();
        QCOMPARE(tab->input()->toPlainText(), examples.first()->text());
        QVERIFY(tab->input()->hasFocus() || !tab->isActiveWindow());
        sendAndWait(tab.get(), tab->input()->toPlainText());
        QVERIFY(!guide->isVisible());
        tab->newConversation();
        QVERIFY(guide->isVisible());
    }

    // Issue 8.5: a reply's images are stored once, by reference: the checkpoints that
    // rewrite the streaming turn do not carry them, and reloading brings them back.
    void imagesAreStoredOnceByReference()
    {
        auto tab = makeTab();
        tab->imageToolBox()->setChecked(true);
        sendAndWait(tab.get(), u"Please draw a picture of a lighthouse at dusk."_s);
        const ChatTurn reply = tab->messageViews().last()->turn();
        QByteArray image;
        for (const ContentBlock &b : reply.content)
            if (b.isImage())
                image = b.data;
        QVERIFY(image.size() > 1000);
        {
            auto db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"peek"_s);
            db.setDatabaseName(m_dbPath);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT MAX(length(content)) FROM chat_turns"_s) && q.next());
            QVERIFY2(q.value(0).toInt() < image.size() / 2, qPrintable(q.value(0).toString()));
            QVERIFY(q.exec(u"SELECT COUNT(*), SUM(length(data)) FROM chat_images"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            QCOMPARE(q.value(1).toLongLong(), qint64(image.size()));
        }
        QSqlDatabase::removeDatabase(u"peek"_s);
        const QList<ChatTurn> stored = tab->store()->turns(tab->currentConversation());
        bool found = false;
        for (const ContentBlock &b : stored.last().content)
            found = found || (b.isImage() && b.data == image);
        QVERIFY(found);
        QVERIFY(tab->store()
                    ->exportJson(tab->currentConversation())
                    .contains(image.toBase64().left(64)));
        // Deleting the conversation removes the image row too.
        QVERIFY(tab->store()->remove(tab->currentConversation()));
        QCOMPARE(tab->store()->removeUnusedImages(), 0);
    }

    // Issue 8.5: typing in the history search does not query on every key.
    void historySearchIsDebounced()
    {
        auto tab = makeTab();
        sendAndWait(tab.get(), u"Remember the word pelican."_s);
        tab->newConversation();
        sendAndWait(tab.get(), u"Tell me about gannets."_s);
        QCOMPARE(tab->historyList()->count(), 2);
        tab->searchBox()->setText(u"pel"_s);
        tab->searchBox()->setText(u"pelican"_s);
        QCOMPARE(tab->historyList()->count(), 2); // not yet: waits for a pause
        QTRY_COMPARE(tab->historyList()->count(), 1);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dbPath;
    std::unique_ptr<sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<CostService> m_cost;
    std::unique_ptr<ChatStore> m_store;
};

QTEST_MAIN(TestChatTab)
#include "tst_chattab.moc"
