// The fast PNG thumbnail path: pixel for pixel what Qt decodes, for every filter type,
// and nothing for what it leaves to Qt (other layouts, damaged files).
#include "core/imagedecode.h"
#include "core/pngthumb.h"
#include "pngfile.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using bsp::pngthumb::decode;

namespace {

int paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
}

// An 8-bit RGB or RGBA PNG of `image`, row y filtered with filter `filters[y % size]`
// (by default y % 5: every filter type, on every row position), written the way the PNG
// spec defines them.
QByteArray encode(const QImage &image, bool alpha, int level = 6, QByteArrayView filters = "01234")
{
    const int w = image.width(), h = image.height(), bpp = alpha ? 4 : 3;
    QByteArray raw;
    QByteArray prev(w * bpp, 0);
    for (int y = 0; y < h; ++y) {
        QByteArray row(w * bpp, 0);
        for (int x = 0; x < w; ++x) {
            const QRgb px = image.pixel(x, y);
            const int v[4] = {qRed(px), qGreen(px), qBlue(px), qAlpha(px)};
            for (int c = 0; c < bpp; ++c)
                row[x * bpp + c] = char(v[c]);
        }
        const int filter = filters.at(y % filters.size()) - '0';
        raw.append(char(filter));
        for (int i = 0; i < row.size(); ++i) {
            const int cur = quint8(row[i]);
            const int a = i >= bpp ? quint8(row[i - bpp]) : 0;
            const int b = quint8(prev[i]);
            const int c = i >= bpp ? quint8(prev[i - bpp]) : 0;
            const int pred = filter == 0 ? 0
                : filter == 1            ? a
                : filter == 2            ? b
                : filter == 3            ? (a + b) / 2
                                         : paeth(a, b, c);
            raw.append(char((cur - pred) & 0xff));
        }
        prev = row;
    }
    // Two IDAT chunks: the stream may be split anywhere.
    return bsp::test::pngFile(quint32(w), quint32(h), alpha, raw, level, 2);
}

QImage noise(int w, int h, bool alpha, quint32 seed)
{
    QRandomGenerator rng(seed);
    QImage img(w, h, QImage::Format_ARGB32);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            // Smooth areas and noise both: the predictors' choices vary.
            const int base = (x * 7 + y * 3) & 0xff;
            const int r = rng.bounded(4) == 0 ? int(rng.bounded(256)) : base;
            img.setPixel(x, y,
                qRgba(r, (base + x) & 0xff, int(rng.bounded(256)),
                    alpha ? int(rng.bounded(256)) : 255));
        }
    return img;
}

QImage qtDecode(const QByteArray &png)
{
    QImage img;
    img.loadFromData(png, "png");
    return img.convertToFormat(QImage::Format_ARGB32);
}

QByteArray qtEncode(const QImage &image, const char *format = "png")
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter(&buffer, format).write(image);
    return out;
}

} // namespace

class TestPngThumb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFilterDecodesLikeQt_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("alpha");
        QTest::addColumn<QByteArray>("filters");
        QTest::newRow("rgb 1x1") << 1 << 1 << false << "01234"_ba;
        QTest::newRow("rgb 61x47") << 61 << 47 << false << "01234"_ba;
        QTest::newRow("rgba 61x47") << 61 << 47 << true << "01234"_ba;
        QTest::newRow("rgb 2x200") << 2 << 200 << false << "01234"_ba;
        QTest::newRow("rgba 130x9") << 130 << 9 << true << "01234"_ba;
        // Paeth rows that follow each other are reversed two at a time: runs of 2, 3
        // and 1, after every other filter, a pair ending the image or a single one.
        QTest::newRow("paeth runs rgb 61x47") << 61 << 47 << false << "44424440144434"_ba;
        QTest::newRow("paeth runs rgba 61x46") << 61 << 46 << true << "44424440144434"_ba;
        QTest::newRow("paeth only rgb 1x9") << 1 << 9 << false << "4"_ba;
        QTest::newRow("paeth only rgba 2x8") << 2 << 8 << true << "4"_ba;
        QTest::newRow("paeth only rgb 333x6") << 333 << 6 << false << "4"_ba;
    }

    void everyFilterDecodesLikeQt()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, alpha);
        QFETCH(QByteArray, filters);
        const QImage source = noise(width, height, alpha, quint32(width * 131 + height));
        const QByteArray png = encode(source, alpha, 6, filters);
        // Premultiplied: a transparent pixel is transparent, whatever colour it kept.
        const QImage reference = qtDecode(png).convertToFormat(QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(reference.size(), QSize(width, height));
        // An edge at least the image's size: the thumbnail is the image itself.
        const auto t = decode(png, 4096);
        QVERIFY(t);
        QCOMPARE(t->fullSize, QSize(width, height));
        QCOMPARE(t->image.format(), alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
        const QImage ours = t->image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                if (ours.pixel(x, y) != reference.pixel(x, y))
                    QFAIL(qPrintable(u"pixel %1,%2 (filter %3): %4 vs Qt's %5"_s.arg(x)
                                         .arg(y)
                                         .arg(QLatin1Char(filters.at(y % filters.size())))
                                         .arg(ours.pixel(x, y), 8, 16)
                                         .arg(reference.pixel(x, y), 8, 16)));
    }

    // The fixtures the fuzzer starts from: Qt's own RGB and RGBA files take this path
    // and match Qt; the grey one is left to Qt.
    void fixturesDecodeLikeQt()
    {
        const QString dir = QStringLiteral(BSP_FIXTURES_DIR);
        for (const char *name : {"png_rgb_48x32.png", "png_rgba_40x40.png"}) {
            QFile file(dir + u'/' + QLatin1String(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray png = file.readAll();
            const auto t = decode(png, 4096);
            QVERIFY2(t, name);
            QCOMPARE(t->image.convertToFormat(QImage::Format_ARGB32_Premultiplied),
                qtDecode(png).convertToFormat(QImage::Format_ARGB32_Premultiplied));
        }
        QFile grey(dir + u"/png_grey_16x16.png"_s);
        QVERIFY(grey.open(QIODevice::ReadOnly));
        QVERIFY(!decode(grey.readAll(), 16));
    }

    void qtsOwnPngsShrinkToTheSizeQtWould()
    {
        QImage img(2048, 1024, QImage::Format_RGB32);
        img.fill(Qt::white);
        {
            QPainter p(&img);
            p.fillRect(0, 0, 1024, 1024, QColor(200, 40, 40));
            p.fillRect(1024, 0, 1024, 1024, QColor(20, 60, 220));
        }
        const QByteArray png = qtEncode(img);
        const auto t = decode(png, 256);
        QVERIFY(t);
        QCOMPARE(t->fullSize, QSize(2048, 1024));
        QCOMPARE(t->image.size(), QSize(256, 128));
        // An area average: each half keeps its colour.
        QCOMPARE(t->image.pixel(64, 64), qRgb(200, 40, 40));
        QCOMPARE(t->image.pixel(192, 64), qRgb(20, 60, 220));
        // imagedecode takes this path for PNGs and says the same.
        const bsp::DecodedImage d = bsp::imagedecode::decodeBytes(png, 256);
        QVERIFY(d.ok());
        QCOMPARE(d.format, QByteArray("png"));
        QCOMPARE(d.size, QSize(2048, 1024));
        QCOMPARE(d.thumbnail.size(), QSize(256, 128));
    }

    void transparentPixelsDoNotDarkenTheThumbnail()
    {
        QImage img(64, 64, QImage::Format_ARGB32);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x)
                img.setPixel(x, y, x % 2 ? qRgba(0, 0, 0, 0) : qRgba(250, 200, 10, 255));
        const auto t = decode(encode(img, true), 32);
        QVERIFY(t);
        QCOMPARE(t->image.size(), QSize(32, 32));
        QCOMPARE(t->image.pixel(5, 5), qRgba(250, 200, 10, 127));
    }

    void leavesOtherLayoutsToQt()
    {
        QImage grey(32, 32, QImage::Format_Grayscale8);
        grey.fill(128);
        QVERIFY(!decode(qtEncode(grey), 16)); // colour type 0
        QImage indexed = noise(32, 32, false, 1).convertToFormat(QImage::Format_Indexed8);
        QVERIFY(!decode(qtEncode(indexed), 16)); // palette
        QImage deep(32, 32, QImage::Format_RGBA64);
        deep.fill(Qt::red);
        QVERIFY(!decode(qtEncode(deep), 16)); // 16 bits per channel
        QVERIFY(!decode(qtEncode(noise(32, 32, false, 2), "jpeg"), 16));
        QVERIFY(!decode(QByteArray(), 16));
        // They still decode, through Qt.
        const bsp::DecodedImage d = bsp::imagedecode::decodeBytes(qtEncode(indexed), 16);
        QVERIFY(d.ok());
        QCOMPARE(d.size, QSize(32, 32));
        // From a file too (read once, then given to Qt).
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"indexed.png"_s);
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(qtEncode(indexed));
        out.close();
        const bsp::DecodedImage f = bsp::imagedecode::decodeFile(path, 16);
        QVERIFY2(f.ok(), qPrintable(f.error));
        QCOMPARE(f.path, path);
        QCOMPARE(f.size, QSize(32, 32));
        QCOMPARE(f.fileSize, QFileInfo(path).size());
        QCOMPARE(f.thumbnail.size(), QSize(16, 16));
        QSize full;
        QCOMPARE(bsp::imagedecode::readScaled(path, 16, &full).size(), QSize(16, 16));
        QCOMPARE(full, QSize(32, 32));
    }

    void refusesDamagedFiles()
    {
        const QByteArray good = encode(noise(40, 30, false, 3), false);
        QVERIFY(decode(good, 16));
        QByteArray badCrc = good;
        badCrc[good.size() - 20] = char(badCrc[good.size() - 20] ^ 0x40); // inside IDAT
        QVERIFY(!decode(badCrc, 16));
        QVERIFY(!decode(good.left(good.size() - 12), 16)); // no IEND
        QVERIFY(!decode(good.left(60), 16)); // cut in the stream
        QByteArray huge = good;
        huge[16] = char(0x7f); // width 2^31-ish: the CRC no longer matches either
        QVERIFY(!decode(huge, 16));
        // imagedecode reports them as Qt does: not an image, with a reason.
        const bsp::DecodedImage d = bsp::imagedecode::decodeBytes(good.left(60), 16);
        QVERIFY(!d.ok());
        QVERIFY(!d.error.isEmpty());
    }
};

QTEST_MAIN(TestPngThumb)
#include "tst_pngthumb.moc"
