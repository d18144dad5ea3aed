// Clips: frames drawn from the prompt, encoded with FFmpeg into a faststart MP4.

#include "sandbox/engines_video.h"
#include "sandbox/engines.h"
#include "sandbox/engines_hash.h"
#include "sandbox/engines_paint.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>

#include <cmath>
#include <filesystem>
#include <mutex>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace bsp::sandbox {

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxSide = 3840;
constexpr double kMaxSeconds = 120;

const AVCodec *pickEncoder()
{
    if (const AVCodec *x264 = avcodec_find_encoder_by_name("libx264"))
        return x264;
    return avcodec_find_encoder(AV_CODEC_ID_MPEG4);
}

void quietFfmpeg()
{
    // x264 and the muxer chat at info level; only errors are worth stderr.
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_ERROR); });
}

QString avError(int code)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buf, sizeof buf);
    return QString::fromUtf8(buf);
}

// Owns every FFmpeg object of one encode so each early return cleans up.
struct Encoder
{
    AVFormatContext *format = nullptr;
    AVCodecContext *codec = nullptr;
    AVStream *stream = nullptr;
    AVFrame *frame = nullptr;
    AVPacket *packet = nullptr;
    SwsContext *sws = nullptr;

    Encoder() = default;
    Encoder(const Encoder &) = delete;
    Encoder &operator=(const Encoder &) = delete;
    ~Encoder()
    {
        sws_freeContext(sws);
        av_packet_free(&packet);
        av_frame_free(&frame);
        avcodec_free_context(&codec);
        if (format) {
            if (format->pb)
                avio_closep(&format->pb);
            avformat_free_context(format);
        }
    }

    // Moves every packet the encoder has ready into the muxer.
    int drain()
    {
        for (;;) {
            int rc = avcodec_receive_packet(codec, packet);
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
                return 0;
            if (rc < 0)
                return rc;
            if (packet->duration == 0)
                packet->duration = 1; // one frame, in codec time base
            av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            rc = av_interleaved_write_frame(format, packet);
            av_packet_unref(packet);
            if (rc < 0)
                return rc;
        }
    }
};

// Shapes that glide and bounce across the clip; positions are a function of time.
struct Mover
{
    QPointF start;
    QPointF velocity; // pixels per second
    double radius;
    QColor colour;
    bool round;
};

double bounce(double x, double lo, double hi)
{
    const double span = std::max(1.0, hi - lo);
    double t = std::fmod(x - lo, 2 * span);
    if (t < 0)
        t += 2 * span;
    return lo + (t <= span ? t : 2 * span - t);
}

void drawFrame(QImage &out, const QImage &background, const QList<Mover> &movers,
    const QString &prompt, const QString &label, int index, int fps)
{
    out = background.copy();
    const double t = double(index) / fps;
    const int w = out.width();
    const int h = out.height();
    const int unit = std::min(w, h);
    QPainter p(&out);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(255, 255, 255, 160), std::max(1.0, unit / 120.0)));
    for (const Mover &m : movers) {
        const QPointF at(bounce(m.start.x() + m.velocity.x() * t, m.radius, w - m.radius),
            bounce(m.start.y() + m.velocity.y() * t, m.radius, h - m.radius));
        p.setBrush(m.colour);
        const QRectF r(at.x() - m.radius, at.y() - m.radius, 2 * m.radius, 2 * m.radius);
        if (m.round)
            p.drawEllipse(r);
        else
            p.drawRoundedRect(r, m.radius * 0.3, m.radius * 0.3);
    }
    const int px = std::max(8, unit / 18);
    const int band = px * 2;
    p.fillRect(QRect(0, h - band, w, band), QColor(0, 0, 0, 120));
    detail::drawText(
        p, prompt.left(120).simplified(), QRect(px / 2, h - band, w - px, band), Qt::white, px);
    const int minutes = int(t) / 60;
    const QString counter = (label.isEmpty() ? u"SANDBOX"_s : label.left(24))
        + u"  #%1  %2:%3"_s.arg(index + 1, 3, 10, QChar(u'0'))
              .arg(minutes, 2, 10, QChar(u'0'))
              .arg(t - minutes * 60, 5, 'f', 2, QChar(u'0'));
    p.fillRect(QRect(0, 0, w, band), QColor(0, 0, 0, 100));
    detail::drawText(p, counter, QRect(px / 2, 0, w - px, band), Qt::white, px);
}

QList<Mover> moversFor(const ClipSpec &spec)
{
    detail::Rng rng(detail::hashText(spec.prompt, spec.seed ^ 0x5eedc11bULL));
    const detail::Palette palette = detail::paletteFor(spec.prompt, rng);
    const double unit = std::min(spec.width, spec.height);
    QList<Mover> movers;
    const int count = rng.range(2, 4);
    for (int i = 0; i < count; ++i) {
        Mover m;
        m.radius = unit * rng.range(0.08, 0.16);
        m.start = QPointF(rng.range(0.0, double(spec.width)), rng.range(0.0, double(spec.height)));
        const double angle = rng.range(0.0, 2 * M_PI);
        const double speed = unit * rng.range(0.3, 0.9);
        m.velocity = QPointF(std::cos(angle) * speed, std::sin(angle) * speed);
        m.colour
            = detail::shade(palette.base.at(i % palette.base.size()), rng, palette.fromWords, 0.3);
        m.colour.setAlpha(220);
        m.round = rng.range(0, 1) == 0;
        movers.append(m);
    }
    return movers;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

QSize clipSizeFor(const QString &aspectRatio, const QString &resolution)
{
    double w = 16;
    double h = 9;
    const QStringList parts = aspectRatio.split(u':');
    if (parts.size() == 2) {
        bool okW = false;
        bool okH = false;
        const double pw = parts.at(0).toDouble(&okW);
        const double ph = parts.at(1).toDouble(&okH);
        if (okW && okH && pw > 0 && ph > 0 && pw / ph <= 4 && ph / pw <= 4) {
            w = pw;
            h = ph;
        }
    }
    // The short side of the asked resolution ("720p" = 720), a quarter of it drawn.
    QString lines = resolution.trimmed().toLower();
    if (lines.endsWith(u'p'))
        lines.chop(1);
    bool ok = false;
    int shortSide = lines.toInt(&ok);
    if (!ok || shortSide < 144 || shortSide > 2160)
        shortSide = 720;
    const double shortDrawn = shortSide / 4.0;
    const double scale = shortDrawn / std::min(w, h);
    const auto even
        = [](double v) { return std::max(16, static_cast<int>(std::lround(v / 2)) * 2); };
    return QSize(even(w * scale), even(h * scale));
}

QString clipEncoderName()
{
    const AVCodec *codec = pickEncoder();
    return codec ? QString::fromLatin1(codec->name) : QString();
}

bool encodeClip(const ClipSpec &spec, const QString &outputPath, QString *error,
    const std::function<void(double)> &progress, const std::atomic_bool *cancel)
{
    quietFfmpeg();
    // yuv420p needs even sides; odd requests are rounded down.
    const int width = spec.width & ~1;
    const int height = spec.height & ~1;
    if (width < 16 || height < 16 || width > kMaxSide || height > kMaxSide)
        return fail(error, u"unsupported clip size %1x%2"_s.arg(spec.width).arg(spec.height));
    if (spec.fps < 1 || spec.fps > 60)
        return fail(error, u"unsupported frame rate %1"_s.arg(spec.fps));
    if (!(spec.seconds > 0) || spec.seconds > kMaxSeconds)
        return fail(error, u"unsupported duration %1 s"_s.arg(spec.seconds));
    const int frames = std::max(1, int(std::lround(spec.seconds * spec.fps)));

    const AVCodec *codec = pickEncoder();
    if (!codec)
        return fail(error, u"no H.264 or MPEG-4 encoder in this FFmpeg build"_s);

    const QString tempPath
        = outputPath + u".part-"_s + QString::number(QRandomGenerator::global()->generate64(), 16);
    const QByteArray tempName = QFile::encodeName(tempPath);
    bool ok = false;
    const auto cleanup = qScopeGuard([&] {
        if (!ok)
            QFile::remove(tempPath);
    });

    Encoder enc;
    int rc = avformat_alloc_output_context2(&enc.format, nullptr, "mp4", tempName.constData());
    if (rc < 0 || !enc.format)
        return fail(error, u"mp4 muxer unavailable: "_s + avError(rc));
    enc.stream = avformat_new_stream(enc.format, nullptr);
    enc.codec = avcodec_alloc_context3(codec);
    enc.frame = av_frame_alloc();
    enc.packet = av_packet_alloc();
    if (!enc.stream || !enc.codec || !enc.frame || !enc.packet)
        return fail(error, u"out of memory"_s);

    AVCodecContext *c = enc.codec;
    c->width = width;
    c->height = height;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->time_base = AVRational {1, spec.fps};
    c->framerate = AVRational {spec.fps, 1};
    c->gop_size = spec.fps * 2;
    c->max_b_frames = 0; // keeps pts == dts, so the container needs no edit list
    c->thread_count = 1; // clips are small and several encode at once on the pool
    if (enc.format->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (QByteArrayView(codec->name) == "libx264") {
        av_opt_set(c->priv_data, "preset", "ultrafast", 0);
        av_opt_set(c->priv_data, "crf", "26", 0);
    } else {
        c->bit_rate = qint64(width) * height * spec.fps / 8;
    }
    if ((rc = avcodec_open2(c, codec, nullptr)) < 0)
        return fail(error,
            u"cannot open encoder %1: %2"_s.arg(QLatin1StringView(codec->name), avError(rc)));
    if ((rc = avcodec_parameters_from_context(enc.stream->codecpar, c)) < 0)
        return fail(error, avError(rc));
    enc.stream->time_base = c->time_base;
    enc.stream->avg_frame_rate = c->framerate;

    if ((rc = avio_open(&enc.format->pb, tempName.constData(), AVIO_FLAG_WRITE)) < 0)
        return fail(error, u"cannot write %1: %2"_s.arg(tempPath, avError(rc)));
    AVDictionary *muxOptions = nullptr;
    av_dict_set(&muxOptions, "movflags", "+faststart", 0);
    rc = avformat_write_header(enc.format, &muxOptions);
    av_dict_free(&muxOptions);
    if (rc < 0)
        return fail(error, u"cannot start mp4: "_s + avError(rc));

    enc.frame->format = c->pix_fmt;
    enc.frame->width = width;
    enc.frame->height = height;
    if ((rc = av_frame_get_buffer(enc.frame, 0)) < 0)
        return fail(error, avError(rc));
    enc.sws = sws_getContext(width, height, AV_PIX_FMT_RGB32, width, height, AV_PIX_FMT_YUV420P,
        SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!enc.sws)
        return fail(error, u"no RGB to YUV converter"_s);

    ClipSpec sized = spec;
    sized.width = width;
    sized.height = height;
    QImage background(width, height, QImage::Format_RGB32);
    detail::paintScene(background, spec.prompt, spec.seed);
    const QList<Mover> movers = moversFor(sized);
    QImage image;

    if (progress)
        progress(0.0);
    for (int i = 0; i < frames; ++i) {
        if (cancel && cancel->load())
            return fail(error, u"cancelled"_s);
        drawFrame(image, background, movers, spec.prompt, spec.label, i, spec.fps);
        if ((rc = av_frame_make_writable(enc.frame)) < 0)
            return fail(error, avError(rc));
        const uint8_t *src[1] = {image.constBits()};
        const int srcStride[1] = {int(image.bytesPerLine())};
        sws_scale(enc.sws, src, srcStride, 0, height, enc.frame->data, enc.frame->linesize);
        enc.frame->pts = i;
        if ((rc = avcodec_send_frame(c, enc.frame)) < 0 || (rc = enc.drain()) < 0)
            return fail(error, u"encoding failed: "_s + avError(rc));
        if (progress)
            progress(double(i + 1) / frames);
    }
    if ((rc = avcodec_send_frame(c, nullptr)) < 0 || (rc = enc.drain()) < 0)
        return fail(error, u"encoding failed: "_s + avError(rc));
    if ((rc = av_write_trailer(enc.format)) < 0)
        return fail(error, u"cannot finish mp4: "_s + avError(rc));
    avio_closep(&enc.format->pb);

    // rename(2) replaces an existing file atomically, unlike QFile::rename.
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(tempName.toStdString()),
        std::filesystem::path(QFile::encodeName(outputPath).toStdString()), ec);
    if (ec)
        return fail(
            error, u"cannot move clip into place: "_s + QString::fromStdString(ec.message()));
    ok = true;
    return true;
}

} // namespace bsp::sandbox
