// The Image tab's headless parts: the gallery store (SQLite + files) across a restart,
// delete and export; the thumbnail cache (off the UI thread, on disk); the gallery and
// run models; local decoding of a source image.

#include "core/gallerymodel.h"
#include "core/imagedecode.h"
#include "core/imagegallerystore.h"
#include "core/imagerunmodel.h"
#include "core/thumbnailcache.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace bsp;
using namespace Qt::StringLiterals;

class TestImageGallery : public QObject
{
    Q_OBJECT

private:
    static QByteArray png(int w, int h, Qt::GlobalColor color)
    {
        QImage img(w, h, QImage::Format_RGB32);
        img.fill(color);
        QByteArray bytes;
        QBuffer buf(&bytes);
        buf.open(QIODevice::WriteOnly);
        img.save(&buf, "PNG");
        return bytes;
    }

    static GalleryImage addImage(ImageGalleryStore &store, const QString &run, const QString &model,
        const QString &prompt, int w = 300, int h = 200)
    {
        const QString path = store.newFilePath(u"png"_s);
        const DecodedImage d = imagedecode::storeAndDecode(png(w, h, Qt::red), path, 64);
        GalleryImage g;
        g.runId = run;
        g.model = model;
        g.route = u"images"_s;
        g.prompt = prompt;
        g.params = QJsonObject {{u"size"_s, u"1024x1024"_s}, {u"n"_s, 1}};
        g.charged = 12'000;
        g.file = QFileInfo(path).fileName();
        g.width = d.size.width();
        g.height = d.size.height();
        g.fileSize = d.fileSize;
        return store.add(g).value_or(GalleryImage {});
    }

private Q_SLOTS:
    void storedImageIsWholeAndNothingElseIsLeft()
    {
        QTemporaryDir dir;
        const QByteArray bytes = png(120, 80, Qt::green);
        const QString path = dir.filePath(u"a.png"_s);
        const DecodedImage d = imagedecode::storeAndDecode(bytes, path, 64);
        QVERIFY2(d.ok(), qPrintable(d.error));
        QCOMPARE(d.size, QSize(120, 80));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
        QVERIFY(imagedecode::syncFile(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"a.png"_s});
        // A folder that is not there: an error, and no file of either name.
        const QString missing = dir.filePath(u"none/b.png"_s);
        const DecodedImage bad = imagedecode::storeAndDecode(bytes, missing, 64);
        QVERIFY(!bad.ok());
        QVERIFY(bad.error.contains(missing));
        QVERIFY(!QFile::exists(missing) && !QFile::exists(missing + u".part"_s));
        QVERIFY(!imagedecode::syncFile(missing));
        // Bytes that do not decode are never written.
        const DecodedImage junk = imagedecode::storeAndDecode("not an image", path + u"2"_s, 64);
        QVERIFY(!junk.ok());
        QVERIFY(!QFile::exists(path + u"2"_s));
    }

    void openingTheStoreSweepsWhatAKillLeft()
    {
        // An image killed between its write and its rename leaves a `.part` file; the
        // next start removes it. One written in the last minute may be another
        // instance's image on its way, and stays, as do the images themselves.
        QTemporaryDir dir;
        const QString images = dir.filePath(u"images"_s);
        QVERIFY(QDir().mkpath(images));
        const auto write = [&](const QString &name, int ageSeconds) {
            QFile f(QDir(images).filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write("png bytes") > 0 && f.flush());
            QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-ageSeconds),
                QFileDevice::FileModificationTime));
        };
        write(u"old.png.part"_s, 3600);
        write(u"new.png.part"_s, 0);
        write(u"kept.png"_s, 3600);
        ImageGalleryStore store(dir.filePath(u"app.sqlite"_s), images);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QTRY_VERIFY(!QFile::exists(QDir(images).filePath(u"old.png.part"_s)));
        QThreadPool::globalInstance()->waitForDone();
        QCOMPARE(QDir(images).entryList(QDir::Files, QDir::Name),
            (QStringList {u"kept.png"_s, u"new.png.part"_s}));
    }

    void gallerySurvivesARestartOfTheStore()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"app.sqlite"_s);
        const QString images = dir.filePath(u"images"_s);
        qint64 id = 0;
        {
            ImageGalleryStore store(db, images);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            id = addImage(store, u"run-1"_s, u"seedream-4"_s, u"a red square"_s).id;
            QVERIFY(id > 0);
            addImage(store, u"run-1"_s, u"nano-banana"_s, u"a red square"_s);
            addImage(store, u"run-2"_s, u"nano-banana"_s, u"a blue circle"_s);
            QVERIFY(store.savePreset({u"pair"_s, QJsonObject {{u"n"_s, 2}}}));
        }
        ImageGalleryStore store(db, images);
        QVERIFY(store.open());
        QCOMPARE(store.count(), 3);
        const auto img = store.image(id);
        QVERIFY(img);
        QCOMPARE(img->model, u"seedream-4"_s);
        QCOMPARE(img->prompt, u"a red square"_s);
        QCOMPARE(img->charged, 12'000);
        QCOMPARE(img->params.value(u"size"_s).toString(), u"1024x1024"_s);
        QCOMPARE(QSize(img->width, img->height), QSize(300, 200));
        QCOMPARE(QImage(store.absolutePath(*img)).size(), QSize(300, 200));
        QCOMPARE(store.presets().size(), 1);
        // Search and filter.
        QCOMPARE(store.list({u"circle"_s, {}}).size(), 1);
        QCOMPARE(store.list({{}, u"nano-banana"_s}).size(), 2);
        QCOMPARE(store.list({u"100%"_s, {}}).size(), 0); // LIKE wildcards are literal
        QCOMPARE(store.models(), (QStringList {u"nano-banana"_s, u"seedream-4"_s}));
        // Delete removes the row and the file.
        const QString path = store.absolutePath(*img);
        QVERIFY(store.remove(id));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!store.image(id));
        QCOMPARE(store.count(), 2);
    }

    void exportsARunWithAManifest()
    {
        QTemporaryDir dir;
        ImageGalleryStore store(dir.filePath(u"app.sqlite"_s), dir.filePath(u"images"_s));
        QVERIFY(store.open());
        addImage(store, u"run-x"_s, u"seedream-4"_s, u"two images"_s);
        addImage(store, u"run-x"_s, u"gpt-image-2"_s, u"two images"_s);
        addImage(store, u"run-y"_s, u"gpt-image-2"_s, u"other"_s);
        const QString out = dir.filePath(u"export"_s);
        QString why;
        QVERIFY2(store.exportRun(u"run-x"_s, out, &why), qPrintable(why));
        QFile manifest(QDir(out).filePath(u"manifest.json"_s));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(manifest.readAll()).object();
        const QJsonArray list = root.value(u"images"_s).toArray();
        QCOMPARE(list.size(), 2);
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            QVERIFY(QFile::exists(QDir(out).filePath(o.value(u"file"_s).toString())));
            QCOMPARE(o.value(u"prompt"_s).toString(), u"two images"_s);
            QVERIFY(o.contains(u"charged_usd"_s) && o.contains(u"params"_s));
        }
        QVERIFY(!store.exportRun(u"nope"_s, out, &why));
    }

    void thumbnailsDecodeOffTheUiThreadAndStayOnDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"big.png"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(png(1600, 800, Qt::green));
        f.close();
        QString cacheFile;
        {
            ThumbnailCache cache(dir.filePath(u"thumbs"_s), 128);
            QSignalSpy ready(&cache, &ThumbnailCache::ready);
            QVERIFY(cache.thumbnail(path).isNull()); // queued, not decoded here
            QVERIFY(ready.wait(5000));
            const QImage t = cache.thumbnail(path);
            QCOMPARE(t.size(), QSize(128, 64));
            cacheFile = cache.cacheFileFor(path);
            QTRY_VERIFY(QFile::exists(cacheFile));
        }
        ThumbnailCache again(dir.filePath(u"thumbs"_s), 128);
        QSignalSpy ready(&again, &ThumbnailCache::ready);
        again.thumbnail(path);
        QVERIFY(ready.wait(5000));
        QCOMPARE(again.thumbnail(path).size(), QSize(128, 64));
        // A file that does not decode gives no thumbnail and no ready().
        const QString junk = dir.filePath(u"junk.png"_s);
        QFile j(junk);
        QVERIFY(j.open(QIODevice::WriteOnly));
        j.write("not an image");
        j.close();
        QSignalSpy none(&again, &ThumbnailCache::ready);
        again.thumbnail(junk);
        QTRY_COMPARE(again.pendingCount(), 0);
        QCOMPARE(none.size(), 0);
    }

    // Palette and 1-bit PNGs larger than the thumbnail keep their colours (a 1-bit one
    // scaled while decoding came out black).
    void paletteImageThumbnailKeepsItsColours()
    {
        QTemporaryDir dir;
        QImage mono(300, 200, QImage::Format_Mono);
        mono.setColorTable({qRgb(20, 40, 200), qRgb(250, 200, 0)}); // blue, yellow
        mono.fill(1);
        const QString monoPath = dir.filePath(u"mono.png"_s);
        QVERIFY(mono.save(monoPath));
        const QColor yellow = imagedecode::readScaled(monoPath, 96).pixelColor(48, 32);
        QVERIFY2(yellow.red() > 200 && yellow.green() > 150 && yellow.blue() < 60,
            qPrintable(yellow.name()));
        QImage indexed(600, 400, QImage::Format_Indexed8);
        // Black and white lines: their mean is grey; the mean of their indices is red.
        indexed.setColorTable({qRgb(0, 0, 0), qRgb(230, 0, 0), qRgb(255, 255, 255)});
        for (int y = 0; y < 400; ++y)
            for (int x = 0; x < 600; ++x)
                indexed.setPixel(x, y, y % 2 ? 2 : 0);
        const QString path = dir.filePath(u"palette.png"_s);
        QVERIFY(indexed.save(path));
        const auto grey = [](const QColor &c) {
            return qAbs(c.red() - c.green()) < 30 && qAbs(c.green() - c.blue()) < 30;
        };
        QSize full;
        const QImage t = imagedecode::readScaled(path, 96, &full);
        QCOMPARE(full, QSize(600, 400));
        QCOMPARE(t.size(), QSize(96, 64));
        QVERIFY2(grey(t.pixelColor(48, 32)), qPrintable(t.pixelColor(48, 32).name()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const DecodedImage d = imagedecode::decodeBytes(file.readAll(), 96);
        QVERIFY(d.ok());
        QVERIFY2(grey(d.thumbnail.pixelColor(10, 10)),
            qPrintable(d.thumbnail.pixelColor(10, 10).name()));
    }

    void galleryModelShowsThumbnailsAndFilters()
    {
        QTemporaryDir dir;
        ImageGalleryStore store(dir.filePath(u"app.sqlite"_s), dir.filePath(u"images"_s));
        QVERIFY(store.open());
        ThumbnailCache cache(dir.filePath(u"thumbs"_s), 96);
        GalleryModel model(&store, &cache);
        QSignalSpy loaded(&model, &GalleryModel::loaded);
        QVERIFY(loaded.wait(5000)); // read on a worker
        QCOMPARE(model.rowCount(), 0);
        addImage(store, u"r"_s, u"seedream-4"_s, u"a lemon"_s);
        addImage(store, u"r"_s, u"nano-banana"_s, u"a lime"_s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data(GalleryModel::ModelRole).toString(), u"nano-banana"_s);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.index(0).data(Qt::DecorationRole);
        QVERIFY(changed.wait(5000));
        QVERIFY(!model.index(0).data(Qt::DecorationRole).value<QImage>().isNull());
        model.setFilter({u"LEMON"_s, {}});
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(5000));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data(GalleryModel::ModelRole).toString(), u"seedream-4"_s);
        // Images added or removed later move one row each, never the whole list, and
        // only those the filter shows.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        addImage(store, u"r"_s, u"gpt-image-2"_s, u"a pear"_s);
        QCOMPARE(model.rowCount(), 1);
        const qint64 tart = addImage(store, u"r"_s, u"gpt-image-2"_s, u"a Lemon tart"_s).id;
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.index(0).data(GalleryModel::IdRole).toLongLong(), tart); // newest first
        QCOMPARE(model.index(0).data(GalleryModel::ModelRole).toString(), u"gpt-image-2"_s);
        // Its thumbnail reaches its row, now the first.
        changed.clear();
        model.index(0).data(Qt::DecorationRole);
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 0);
        QVERIFY(store.remove(tart));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data(GalleryModel::ModelRole).toString(), u"seedream-4"_s);
        QCOMPARE(reset.size(), 0);
        // The same rows the store's own query gives.
        QCOMPARE(store.list(model.filter()).size(), model.rowCount());
    }

    // The rows are read on a worker; images added and removed before its rows arrive
    // are in them once, whether the worker read before or after those changes.
    void aReloadKeepsInStepWithChangesMadeMeanwhile_data()
    {
        QTest::addColumn<bool>("workerReadsFirst");
        QTest::newRow("the worker reads before the changes") << true;
        QTest::newRow("the worker reads after the changes") << false;
    }

    void aReloadKeepsInStepWithChangesMadeMeanwhile()
    {
        QFETCH(bool, workerReadsFirst);
        QTemporaryDir dir;
        ImageGalleryStore store(dir.filePath(u"app.sqlite"_s), dir.filePath(u"images"_s));
        QVERIFY(store.open());
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i)
            ids.append(addImage(store, u"r"_s, u"seedream-4"_s, u"fig %1"_s.arg(i)).id);
        GalleryModel model(&store, nullptr);
        QSignalSpy loaded(&model, &GalleryModel::loaded);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(model.rowCount(), 5);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        QSemaphore gate;
        QThreadPool *pool = QThreadPool::globalInstance();
        if (!workerReadsFirst) // every pool thread held: the read waits for the changes
            for (int i = 0; i < pool->maxThreadCount(); ++i)
                pool->start([&gate] { gate.acquire(); });
        model.setFilter({u"fig"_s, {}});
        QVERIFY(model.isLoading());
        if (workerReadsFirst)
            pool->waitForDone(); // read, its rows not yet taken (no event loop ran)
        const qint64 added = addImage(store, u"r"_s, u"nano-banana"_s, u"fig 5"_s).id;
        addImage(store, u"r"_s, u"nano-banana"_s, u"a pear"_s); // not shown by the filter
        QVERIFY(store.remove(ids.at(2)));
        const qint64 brief = addImage(store, u"r"_s, u"nano-banana"_s, u"fig 6"_s).id;
        QVERIFY(store.remove(brief)); // added and removed before the rows came: not shown
        gate.release(pool->maxThreadCount());
        QVERIFY(loaded.wait(5000));
        QCOMPARE(reset.size(), 1);
        QList<qint64> shown;
        for (int row = 0; row < model.rowCount(); ++row)
            shown.append(model.index(row).data(GalleryModel::IdRole).toLongLong());
        const QList<qint64> expected {added, ids.at(4), ids.at(3), ids.at(1), ids.at(0)};
        QCOMPARE(shown, expected);
        QVERIFY(!model.isLoading());
    }

    // A filter typed quickly: only the last one's rows are shown.
    void onlyTheNewestReloadIsShown()
    {
        QTemporaryDir dir;
        ImageGalleryStore store(dir.filePath(u"app.sqlite"_s), dir.filePath(u"images"_s));
        QVERIFY(store.open());
        addImage(store, u"r"_s, u"seedream-4"_s, u"a lemon"_s);
        addImage(store, u"r"_s, u"seedream-4"_s, u"a lime"_s);
        GalleryModel model(&store, nullptr);
        QSignalSpy loaded(&model, &GalleryModel::loaded);
        model.setFilter({u"l"_s, {}});
        model.setFilter({u"li"_s, {}});
        model.setFilter({u"lim"_s, {}});
        QVERIFY(loaded.wait(5000));
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.imageAt(0).prompt.contains(u"lime"_s));
    }

    void sourceThatDoesNotDecodeIsRefused()
    {
        QVERIFY(!imagedecode::decodeBytes("\x89PNG\r\n\x1a\ngarbage", 64).ok());
        QVERIFY(!imagedecode::decodeBytes(QByteArray(), 64).ok());
        const DecodedImage d = imagedecode::decodeBytes(png(40, 30, Qt::blue), 64);
        QVERIFY(d.ok());
        QCOMPARE(d.size, QSize(40, 30));
        QCOMPARE(d.format, QByteArray("png"));
    }

    void runModelSettlesPendingCells()
    {
        ImageRunModel m;
        m.reset({{u"a"_s, u"images"_s}, {u"b"_s, u"messages"_s}}, 2);
        QCOMPARE(m.columnCount(), 2);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.count(RunCell::State::Pending), 4);
        RunCell done;
        done.state = RunCell::State::Done;
        done.size = QSize(10, 10);
        done.charged = 5;
        m.setCell(0, 0, done);
        m.settlePending(1, RunCell::State::Failed, u"boom"_s);
        QCOMPARE(m.count(RunCell::State::Failed), 2);
        QCOMPARE(m.count(RunCell::State::Pending), 1);
        QVERIFY(ImageRunModel::caption(m.cell(0, 1)).contains(u"not billed"_s));
        QVERIFY(m.headerData(1, Qt::Horizontal, Qt::DisplayRole).toString().contains(u"b"_s));
    }
};

QTEST_MAIN(TestImageGallery)
#include "tst_imagegallery.moc"
