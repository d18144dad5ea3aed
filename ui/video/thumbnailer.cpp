#include "ui/video/thumbnailer.h"
#include "core/worker.h"

#include <QFileInfo>
#include <QImage>
#include <QMediaPlayer>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace bsp::ui {

Thumbnailer::Thumbnailer(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(10000);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(tr("no frame within 10 s")); });
}

Thumbnailer::~Thumbnailer() = default;

QString Thumbnailer::thumbnailPathFor(const QString &clipPath)
{
    const QFileInfo fi(clipPath);
    return fi.absolutePath() + u'/' + fi.completeBaseName() + u".thumb.png"_s;
}

void Thumbnailer::request(qint64 id, const QString &clipPath)
{
    for (const auto &q : std::as_const(m_queue))
        if (q.first == id)
            return;
    if (m_busy && m_current == id)
        return;
    m_queue.append({id, clipPath});
    if (!m_busy)
        next();
}

void Thumbnailer::next()
{
    if (m_queue.isEmpty()) {
        m_busy = false;
        return;
    }
    m_busy = true;
    const auto [id, path] = m_queue.takeFirst();
    m_current = id;
    m_path = path;
    // deleteLater: next() may run inside a signal of the previous player.
    if (m_player)
        m_player->deleteLater();
    if (m_sink)
        m_sink->deleteLater();
    m_player = new QMediaPlayer(this);
    m_sink = new QVideoSink(this);
    m_player->setVideoSink(m_sink);
    connect(m_sink, &QVideoSink::videoFrameChanged, this, [this](const QVideoFrame &frame) {
        if (!m_busy || !frame.isValid() || frame.startTime() < 400'000)
            return; // the frame at about half a second, past any fade-in
        const QImage image = frame.toImage();
        disconnect(m_sink, nullptr, this, nullptr);
        m_player->stop();
        m_timeout.stop();
        const QString out = thumbnailPathFor(m_path);
        const qint64 current = m_current;
        QPointer self(this);
        runThen(
            this,
            [image, out] {
                return image.scaled(192, 108, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                    .save(out, "PNG");
            },
            [self, current, out](bool ok) {
                if (!self)
                    return;
                if (ok)
                    Q_EMIT self->ready(current, out);
                else
                    Q_EMIT self->failed(current, tr("could not write %1").arg(out));
                self->next();
            });
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this,
        [this](QMediaPlayer::Error, const QString &text) { finish(text); });
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus s) {
        if (s == QMediaPlayer::InvalidMedia)
            finish(tr("the clip does not decode"));
        else if (s == QMediaPlayer::EndOfMedia && m_busy)
            finish(tr("the clip ended before a frame arrived"));
    });
    m_timeout.start();
    m_player->setSource(QUrl::fromLocalFile(path));
    m_player->play();
}

void Thumbnailer::finish(const QString &error)
{
    if (!m_busy)
        return;
    m_timeout.stop();
    if (m_player)
        m_player->stop();
    m_busy = false;
    Q_EMIT failed(m_current, error);
    next();
}

} // namespace bsp::ui
