// The Image tab offscreen against the sandbox gateway: a multi-model run filling its
// grid, both GPT-Image-2 routes, a faulted model beside healthy ones (free, with its
// reason), a corrupt source refused before any request, url and b64_json answers,
// Cancel, the shared viewer's zoom to the cursor, "send to chat", accessible names and
// the tab's state across a restart.

#include "ui/chat/chattab.h"
#include "ui/image/imagetab.h"
#include "ui/widgets/imagecanvas.h"
#include "ui/widgets/imageviewer.h"

#include "core/chatstore.h"
#include "core/costservice.h"
#include "core/gallerymodel.h"
#include "core/gatewayclient.h"
#include "core/imagegallerystore.h"
#include "core/ledger.h"
#include "core/thumbnailcache.h"
#include "sandbox/sandboxserver.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace bsp;
using namespace bsp::ui;
using namespace Qt::StringLiterals;

class TestImageTab : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ImageTab> makeTab()
    {
        auto tab = std::make_unique<ImageTab>(
            m_client.get(), m_cost.get(), m_store.get(), m_thumbs.get());
        tab->resize(1200, 800);
        tab->show();
        QSignalSpy loaded(tab.get(), &ImageTab::modelsLoaded);
        tab->reloadModels();
        [&] { QVERIFY(loaded.wait(10000)); }();
        // A clean form: nothing ticked, defaults.
        for (int i = 0; i < tab->modelTree()->topLevelItemCount(); ++i) {
            const QString id = tab->modelTree()->topLevelItem(i)->text(0);
            tab->setLane(id, u"images"_s, false);
            tab->setLane(id, u"messages"_s, false);
        }
        tab->formatCombo()->setCurrentIndex(0);
        tab->seedBox()->setChecked(false);
        tab->countSpin()->setValue(1);
        tab->sizeCombo()->setCurrentText(u"1024x1024"_s);
        return tab;
    }

    // Runs what the form says and waits for every lane to answer.
    static bool runAndWait(ImageTab *tab, int timeoutMs = 20000)
    {
        QSignalSpy finished(tab->controller(), &ImageController::runFinished);
        if (!tab->generateButton()->isEnabled())
            return false;
        tab->generateButton()->click();
        return finished.wait(timeoutMs);
    }

    std::optional<LedgerEntry> ledgerEntry(const QString &model, const QString &route) const
    {
        for (const LedgerEntry &e : m_ledger->entries(QString(), 200))
            if (e.model == model && e.route == route && e.tab == u"image"_s)
                return e;
        return std::nullopt;
    }

    int column(ImageTab *tab, const QString &model, const QString &route) const
    {
        const QList<RunLane> lanes = tab->controller()->model()->lanes();
        for (int c = 0; c < lanes.size(); ++c)
            if (lanes.at(c).model == model && lanes.at(c).route == route)
                return c;
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        sandbox::SandboxOptions o;
        o.timeScale = 0.1;
        m_sandbox = std::make_unique<sandbox::SandboxServer>(o);
        QVERIFY(m_sandbox->listen() != 0);
        m_client = std::make_unique<GatewayClient>();
        m_client->setBaseUrl(QUrl(m_sandbox->baseUrl()));
        m_client->setApiKey(sandbox::SandboxServer::defaultKey());
        const QString db = m_dir.filePath(u"playground.sqlite"_s);
        m_ledger = std::make_unique<Ledger>(db);
        QVERIFY(m_ledger->open());
        m_cost = std::make_unique<CostService>(m_client.get(), m_ledger.get());
        m_store = std::make_unique<ImageGalleryStore>(db, m_dir.filePath(u"images"_s));
        QVERIFY(m_store->open());
        m_thumbs = std::make_unique<ThumbnailCache>(m_dir.filePath(u"thumbs"_s));
    }

    void threeModelsTimesTwoFillSixCells()
    {
        auto tab = makeTab();
        tab->promptEdit()->setPlainText(u"A red fox in the snow"_s);
        const QStringList models {u"seedream-4"_s, u"nano-banana"_s, u"gpt-4o-image"_s};
        for (const QString &m : models)
            tab->setLane(m, u"images"_s, true);
        tab->countSpin()->setValue(2);
        tab->sizeCombo()->setCurrentText(u"1024x1536"_s);
        tab->seedBox()->setChecked(true);
        tab->seedSpin()->setValue(7);
        QVERIFY2(tab->estimateLabel()->text().contains(u"$"_s),
            qPrintable(tab->estimateLabel()->text()));
        QVERIFY(runAndWait(tab.get()));
        ImageRunModel *run = tab->controller()->model();
        QCOMPARE(run->columnCount(), 3);
        QCOMPARE(run->rowCount(), 2);
        QCOMPARE(run->count(RunCell::State::Done), 6);
        for (const QString &m : models) {
            const int c = column(tab.get(), m, u"images"_s);
            QVERIFY(c >= 0);
            const std::optional<LedgerEntry> e = ledgerEntry(m, u"/v1/images/generations"_s);
            QVERIFY(e);
            QVERIFY(e->chargedCredits > 0);
            for (int r = 0; r < 2; ++r) {
                const RunCell &cell = run->cell(r, c);
                QImageReader reader(cell.path);
                QCOMPARE(reader.format(), QByteArray("png"));
                QCOMPARE(reader.size(), QSize(1024, 1536));
                QCOMPARE(cell.size, QSize(1024, 1536));
                QVERIFY(!cell.thumbnail.isNull());
                QVERIFY(cell.latencyMs > 0);
                // The cost shown is the ledger's charge of the call, shared by its images.
                QCOMPARE(cell.charged.value_or(-1), e->chargedCredits / 2);
                const QString caption = ImageRunModel::caption(cell);
                QVERIFY2(caption.contains(u"1024 × 1536"_s) && caption.contains(u"ms"_s)
                        && caption.contains(formatUsd(*cell.charged)),
                    qPrintable(caption));
                // The seed the sandbox reports for this image (7, then 8), not a guess.
                QCOMPARE(cell.seed, QString::number(7 + r));
                QVERIFY2(caption.contains(u"seed %1"_s.arg(7 + r)), qPrintable(caption));
            }
        }
        // Same prompt and seed, three models: three different pictures.
        const auto first = [&](const QString &m) {
            return run->cell(0, column(tab.get(), m, u"images"_s)).thumbnail;
        };
        QVERIFY(first(models.at(0)) != first(models.at(1)));
        QVERIFY(first(models.at(1)) != first(models.at(2)));
        // Every image is in the gallery with its facts.
        QCOMPARE(m_store->run(tab->controller()->currentRun()).size(), 6);
        QTest::qWait(100);
        tab->grab().save(m_dir.filePath(u"grid.png"_s));
    }

    void bothGptImage2RoutesMakeAnImageAndALedgerRow()
    {
        auto tab = makeTab();
        tab->promptEdit()->setPlainText(u"A lighthouse at dusk"_s);
        tab->setLane(u"gpt-image-2"_s, u"images"_s, true);
        tab->setLane(u"gpt-image-2"_s, u"messages"_s, true);
        QCOMPARE(tab->lanes().size(), 2);
        const int before = m_ledger->count(QString());
        QVERIFY(runAndWait(tab.get()));
        ImageRunModel *run = tab->controller()->model();
        QCOMPARE(run->count(RunCell::State::Done), 2);
        // The Messages route books the text and the tool's image on lines of their own.
        QCOMPARE(m_ledger->count(QString()), before + 3);
        const auto images = ledgerEntry(u"gpt-image-2"_s, u"/v1/images/generations"_s);
        QVERIFY(images && images->chargedCredits > 0);
        const QList<LedgerEntry> latest = m_ledger->entries(QString(), 3);
        Credits messagesTotal = 0;
        int messageLines = 0;
        for (const LedgerEntry &e : latest) {
            if (e.route == u"/v1/messages"_s) {
                messagesTotal += e.chargedCredits;
                ++messageLines;
            }
        }
        QCOMPARE(messageLines, 2);
        QVERIFY(messagesTotal > 0);
        // The cell shows the whole call: the text and the image it made.
        const int mc = column(tab.get(), u"gpt-image-2"_s, u"messages"_s);
        QCOMPARE(run->cell(0, mc).charged.value_or(-1), messagesTotal);
        QCOMPARE(QImage(run->cell(0, mc).path).size(), QSize(1024, 1024));
    }

    void faultedModelShowsReasonWhileOthersFill()
    {
        auto tab = makeTab();
        tab->promptEdit()->setPlainText(u"A bowl of lemons"_s);
        tab->setLane(u"seedream-v5lite"_s, u"images"_s, true);
        tab->setLane(u"nano-banana-v2"_s, u"images"_s, true);
        tab->countSpin()->setValue(2);
        tab->controller()->setFault(u"nano-banana-v2"_s, u"content_policy"_s);
        QVERIFY(runAndWait(tab.get()));
        tab->controller()->setFault(u"nano-banana-v2"_s, QString());
        ImageRunModel *run = tab->controller()->model();
        const int ok = column(tab.get(), u"seedream-v5lite"_s, u"images"_s);
        const int bad = column(tab.get(), u"nano-banana-v2"_s, u"images"_s);
        for (int r = 0; r < 2; ++r) {
            QCOMPARE(run->cell(r, ok).state, RunCell::State::Done);
            const RunCell &failed = run->cell(r, bad);
            QCOMPARE(failed.state, RunCell::State::Failed);
            QCOMPARE(failed.charged.value_or(-1), 0);
            const QString caption = ImageRunModel::caption(failed);
            QVERIFY2(caption.contains(u"451"_s) && caption.contains(u"not billed"_s),
                qPrintable(caption));
        }
        const auto entry = ledgerEntry(u"nano-banana-v2"_s, u"/v1/images/generations"_s);
        QVERIFY(entry);
        QCOMPARE(entry->status, LedgerEntry::Status::Failed);
        QCOMPARE(entry->chargedCredits, 0);
    }

    void watermarkAndUpstreamFailuresAreFreeToo()
    {
        auto tab = makeTab();
        RetryPolicy quick;
        quick.setTimeScale(0.01); // the 502 is retried, quickly, and still fails
        m_client->setRetryPolicy(quick);
        tab->promptEdit()->setPlainText(u"A signed poster"_s);
        tab->setLane(u"seedream-4.5"_s, u"images"_s, true);
        tab->setLane(u"nano-banana-pro"_s, u"images"_s, true);
        tab->controller()->setFault(u"seedream-4.5"_s, u"watermark"_s);
        tab->controller()->setFault(u"nano-banana-pro"_s, u"upstream_502"_s);
        QVERIFY(runAndWait(tab.get()));
        tab->controller()->setFault(u"seedream-4.5"_s, QString());
        tab->controller()->setFault(u"nano-banana-pro"_s, QString());
        m_client->setRetryPolicy(RetryPolicy());
        ImageRunModel *run = tab->controller()->model();
        const QString wm = ImageRunModel::caption(run->cell(0, 0));
        const QString up = ImageRunModel::caption(run->cell(0, 1));
        QVERIFY2(wm.contains(u"422"_s) && wm.contains(u"not billed"_s), qPrintable(wm));
        QVERIFY2(up.contains(u"502"_s) && up.contains(u"not billed"_s), qPrintable(up));
        QCOMPARE(ledgerEntry(u"seedream-4.5"_s, u"/v1/images/generations"_s)->chargedCredits, 0);
    }

    void corruptSourceIsRefusedWithNoRequest()
    {
        auto tab = makeTab();
        const QString bad = m_dir.filePath(u"broken.png"_s);
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("\x89PNG\r\n\x1a\n this is not really an image");
        }
        const qint64 attempts = m_client->attemptCount();
        QSignalSpy checked(tab.get(), &ImageTab::sourceChecked);
        tab->setSourceFile(bad);
        // The check may finish before setSourceFile returns (a tiny file decodes at once).
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 5000);
        QCOMPARE(checked.first().first().toBool(), false);
        QVERIFY(!tab->hasSource());
        QVERIFY(tab->noticeLabel()->isVisibleTo(tab.get()));
        QVERIFY2(tab->lastRefusal().contains(u"broken.png"_s), qPrintable(tab->lastRefusal()));
        QCOMPARE(m_client->attemptCount(), attempts);

        // A real source goes to /v1/images/edits and comes back as an image.
        const QString good = m_dir.filePath(u"source.png"_s);
        QImage src(64, 48, QImage::Format_RGB32);
        src.fill(Qt::darkCyan);
        QVERIFY(src.save(good));
        tab->setSourceFile(good);
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 2, 5000);
        QVERIFY(tab->hasSource());
        tab->promptEdit()->setPlainText(u"Make it autumn"_s);
        tab->setLane(u"seedream-4"_s, u"images"_s, true);
        QCOMPARE(tab->lanes().first().route, u"edits"_s);
        QVERIFY(runAndWait(tab.get()));
        QCOMPARE(tab->controller()->model()->count(RunCell::State::Done), 1);
        QVERIFY(ledgerEntry(u"seedream-4"_s, u"/v1/images/edits"_s));

        // Re-run from the gallery, with the form cleared: an edit of the same source
        // again (its copy beside the images), not a text-to-image run.
        const QString run = tab->controller()->currentRun();
        const qint64 id = m_store->run(run).first().id;
        tab->clearSource();
        const auto edits = [this] {
            int n = 0;
            for (const LedgerEntry &e : m_ledger->entries(QString(), 200))
                n += e.route == u"/v1/images/edits"_s ? 1 : 0;
            return n;
        };
        QCOMPARE(edits(), 1);
        QSignalSpy finished(tab->controller(), &ImageController::runFinished);
        tab->rerun(id);
        QVERIFY(finished.wait(20000));
        QCOMPARE(tab->controller()->model()->count(RunCell::State::Done), 1);
        QCOMPARE(edits(), 2);
        QVERIFY(tab->hasSource());
        QVERIFY2(tab->sourceLabel()->text().contains(u"source.png"_s)
                && tab->sourceLabel()->text().contains(u"64 × 48"_s),
            qPrintable(tab->sourceLabel()->text()));
        tab->clearSource();
        // The re-run shares the original's copy of the source; it goes with the last
        // image that names it, not before.
        const QString sourceFile = m_store->image(id)->params.value(u"source_file"_s).toString();
        QVERIFY(!sourceFile.isEmpty());
        const QList<GalleryImage> rerun = m_store->run(tab->controller()->currentRun());
        QCOMPARE(rerun.size(), 1);
        QCOMPARE(rerun.first().params.value(u"source_file"_s).toString(), sourceFile);
        const QString copy = QDir(m_store->imagesDir()).filePath(sourceFile);
        QVERIFY(QFile::exists(copy));
        QVERIFY(m_store->remove(rerun.first().id));
        QVERIFY(QFile::exists(copy)); // the first run still names it
        QVERIFY(m_store->remove(id));
        QVERIFY(!QFile::exists(copy));
    }

    void urlAndBase64AnswersBothDisplay()
    {
        auto tab = makeTab();
        tab->promptEdit()->setPlainText(u"Two moons over a desert"_s);
        tab->setLane(u"seedream-v5lite"_s, u"images"_s, true);
        for (const QString &format : {u"url"_s, u"b64_json"_s}) {
            tab->formatCombo()->setCurrentIndex(tab->formatCombo()->findData(format));
            QSignalSpy calls(m_client.get(), &GatewayClient::callFinished);
            QVERIFY(runAndWait(tab.get()));
            const RunCell &cell = tab->controller()->model()->cell(0, 0);
            QCOMPARE(cell.state, RunCell::State::Done);
            QVERIFY(!cell.thumbnail.isNull());
            QCOMPARE(QImage(cell.path).size(), QSize(1024, 1024));
            bool downloaded = false;
            for (const QList<QVariant> &args : calls)
                downloaded |= args.at(0).value<CallRecord>().route == u"download"_s;
            QCOMPARE(downloaded, format == u"url"_s);
        }
    }

    void cancelStopsWhatHasNotAnswered()
    {
        auto tab = makeTab();
        tab->promptEdit()->setPlainText(u"A slow painting"_s);
        tab->setLane(u"gpt-image-2-official"_s, u"images"_s, true);
        QSignalSpy finished(tab->controller(), &ImageController::runFinished);
        tab->generateButton()->click();
        QVERIFY(tab->cancelButton()->isEnabled());
        QTest::qWait(150);
        tab->cancelButton()->click();
        QCOMPARE(tab->controller()->model()->cell(0, 0).state, RunCell::State::Cancelled);
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(tab->generateButton()->isEnabled());
        const auto entry = ledgerEntry(u"gpt-image-2-official"_s, u"/v1/images/generations"_s);
        QVERIFY(entry);
        QCOMPARE(entry->status, LedgerEntry::Status::Cancelled);
        QCOMPARE(entry->chargedCredits, 0);
    }

    void viewerZoomKeepsThePointUnderTheCursor()
    {
        QImage img(800, 600, QImage::Format_RGB32);
        img.fill(Qt::darkGreen);
        ImageViewer v;
        v.setImage(img, {}, u"x.png"_s);
        v.resize(900, 700);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        ImageCanvas *canvas = v.canvas();
        const QPointF cursor(130, 95);
        const QPointF before = canvas->mapToImage(cursor);
        const double zoom = canvas->zoom();
        QWheelEvent wheel(cursor, canvas->mapToGlobal(cursor), QPoint(), QPoint(0, 240),
            Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas, &wheel);
        QVERIFY(canvas->zoom() > zoom);
        const QPointF after = canvas->mapToImage(cursor);
        QVERIFY2(qAbs(after.x() - before.x()) < 0.01 && qAbs(after.y() - before.y()) < 0.01,
            qPrintable(
                u"%1,%2 -> %3,%4"_s.arg(before.x()).arg(before.y()).arg(after.x()).arg(after.y())));
        canvas->setFocus();
        QTest::keyClick(canvas, Qt::Key_1);
        QCOMPARE(canvas->zoom(), 1.0);
        QTest::keyClick(canvas, Qt::Key_0);
        QVERIFY(canvas->isFitted());
        QVERIFY(canvas->zoom() < 1.2);
        QVERIFY(v.infoText().contains(u"800 × 600"_s));
        // Saves as PNG, JPEG and WebP.
        for (const char *ext : {"png", "jpg", "webp"}) {
            const QString path = m_dir.filePath(u"saved."_s + QString::fromLatin1(ext));
            QVERIFY2(v.saveTo(path), ext);
            QCOMPARE(QImage(path).size(), QSize(800, 600));
        }
    }

    void sendToChatArrivesAsAnAttachment()
    {
        auto tab = makeTab();
        tab->promptEdit()->setPlainText(u"A teapot"_s);
        tab->setLane(u"seedream-v5lite"_s, u"images"_s, true);
        QVERIFY(runAndWait(tab.get()));
        const QString path = tab->controller()->model()->cell(0, 0).path;
        bsp::ChatStore store(m_dir.filePath(u"playground.sqlite"_s));
        QVERIFY(store.open());
        ChatTab chat(m_client.get(), m_cost.get(), &store);
        // As the composition root connects them.
        connect(tab.get(), &ImageTab::sendToChatRequested, &chat,
            [&chat](const QString &p) { chat.addAttachmentFile(p); });
        QSignalSpy sent(tab.get(), &ImageTab::sendToChatRequested);
        tab->openViewer(path);
        QTRY_VERIFY(tab->viewer() && tab->viewer()->isVisible());
        auto *button = tab->viewer()->findChild<QPushButton *>(u"sendToChat"_s);
        QVERIFY(button);
        button->click();
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.first().first().toString(), path);
        QTRY_COMPARE(chat.attachmentCount(), 1);
        QSignalSpy frame(tab.get(), &ImageTab::useAsFirstFrameRequested);
        tab->viewer()->findChild<QPushButton *>(u"useAsFirstFrame"_s)->click();
        QCOMPARE(frame.size(), 1);
        tab->viewer()->close();
    }

    void galleryListsFiltersAndDeletes()
    {
        auto tab = makeTab();
        tab->promptEdit()->setPlainText(u"A purple giraffe"_s);
        tab->setLane(u"seedream-v5lite"_s, u"images"_s, true);
        QVERIFY(runAndWait(tab.get()));
        GalleryModel *gallery = tab->galleryModel();
        QVERIFY(gallery->rowCount() >= 1);
        QSignalSpy loaded(gallery, &GalleryModel::loaded);
        tab->gallerySearch()->setText(u"giraffe"_s);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(gallery->rowCount(), 1);
        // The thumbnail comes from the cache, off the UI thread.
        QTRY_VERIFY(!gallery->index(0).data(Qt::DecorationRole).value<QImage>().isNull());
        const QString path = gallery->index(0).data(GalleryModel::PathRole).toString();
        QVERIFY(QFile::exists(path));
        tab->galleryView()->setCurrentIndex(gallery->index(0));
        tab->pages()->setCurrentIndex(1);
        auto buttons = tab->findChildren<QPushButton *>();
        const auto del = std::find_if(buttons.cbegin(), buttons.cend(),
            [](QPushButton *b) { return b->text() == tr("Delete"); });
        QVERIFY(del != buttons.cend());
        (*del)->click();
        QCOMPARE(gallery->rowCount(), 0);
        QVERIFY(!QFile::exists(path));
        tab->gallerySearch()->clear();
    }

    void everyControlHasAnAccessibleName()
    {
        auto tab = makeTab();
        QStringList missing;
        for (QWidget *w : tab->findChildren<QWidget *>()) {
            if (w->focusPolicy() == Qt::NoFocus || !w->isVisibleTo(tab.get()))
                continue;
            if (!qobject_cast<QAbstractButton *>(w) && !qobject_cast<QAbstractSpinBox *>(w)
                && !qobject_cast<QComboBox *>(w) && !qobject_cast<QLineEdit *>(w)
                && !qobject_cast<QPlainTextEdit *>(w) && !qobject_cast<QAbstractItemView *>(w))
                continue;
            // The line edit inside a spin box or combo box is named by its owner.
            if (qobject_cast<QLineEdit *>(w)
                && (qobject_cast<QComboBox *>(w->parentWidget())
                    || qobject_cast<QAbstractSpinBox *>(w->parentWidget())))
                continue;
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
            if (!a || a->text(QAccessible::Name).isEmpty())
                missing.append(
                    QString::fromLatin1(w->metaObject()->className()) + u':' + w->objectName());
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
    }

    void lastRunComesBackAfterARestart()
    {
        QString path;
        {
            auto tab = makeTab();
            tab->promptEdit()->setPlainText(u"A green kite"_s);
            tab->setLane(u"seedream-v5lite"_s, u"images"_s, true);
            QVERIFY(runAndWait(tab.get()));
            path = tab->controller()->model()->cell(0, 0).path;
        }
        ImageTab tab(m_client.get(), m_cost.get(), m_store.get(), m_thumbs.get());
        ImageRunModel *run = tab.controller()->model();
        QCOMPARE(run->columnCount(), 1);
        QCOMPARE(run->cell(0, 0).state, RunCell::State::Done);
        QCOMPARE(run->cell(0, 0).path, path);
        QVERIFY(run->cell(0, 0).charged.value_or(0) > 0);
        QTRY_VERIFY(!tab.controller()->model()->cell(0, 0).thumbnail.isNull());
    }

    void stateAndPresetsPersist()
    {
        {
            auto tab = makeTab();
            tab->promptEdit()->setPlainText(u"Remember this prompt"_s);
            tab->setLane(u"seedream-4"_s, u"images"_s, true);
            tab->setLane(u"gpt-image-2"_s, u"messages"_s, true);
            tab->sizeCombo()->setCurrentText(u"2048x2048"_s);
            tab->countSpin()->setValue(3);
            QVERIFY(tab->savePreset(u"big pair"_s));
        }
        auto tab = std::make_unique<ImageTab>(
            m_client.get(), m_cost.get(), m_store.get(), m_thumbs.get());
        QSignalSpy loaded(tab.get(), &ImageTab::modelsLoaded);
        tab->reloadModels();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(tab->promptEdit()->toPlainText(), u"Remember this prompt"_s);
        QCOMPARE(tab->sizeCombo()->currentText(), u"2048x2048"_s);
        QCOMPARE(tab->countSpin()->value(), 3);
        QCOMPARE(tab->lanes().size(), 2);
        tab->setLane(u"seedream-4"_s, u"images"_s, false);
        tab->sizeCombo()->setCurrentText(u"1024x1024"_s);
        QVERIFY(tab->applyPreset(u"big pair"_s));
        QCOMPARE(tab->lanes().size(), 2);
        QCOMPARE(tab->sizeCombo()->currentText(), u"2048x2048"_s);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<CostService> m_cost;
    std::unique_ptr<ImageGalleryStore> m_store;
    std::unique_ptr<ThumbnailCache> m_thumbs;
};

QTEST_MAIN(TestImageTab)
#include "tst_imagetab.moc"
