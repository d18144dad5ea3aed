#include "ui/video/compareview.h"

#include "ui/video/taskdelegate.h"
#include "ui/video/videoplayer.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bsp::ui {

CompareView::CompareView(QWidget *parent) : QWidget(parent)
{
    m_grid = new QGridLayout;
    m_play = new QToolButton(this);
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_play->setAccessibleName(tr("Play or pause all"));
    m_seek = new QSlider(Qt::Horizontal, this);
    m_seek->setAccessibleName(tr("Seek all"));
    m_time = new QLabel(formatClock(0), this);
    m_loop = new QCheckBox(tr("Loop"), this);
    m_loop->setAccessibleName(tr("Loop all"));
    m_mute = new QCheckBox(tr("Mute"), this);
    m_mute->setAccessibleName(tr("Mute all"));
    m_mute->setChecked(true);

    auto *row = new QHBoxLayout;
    row->addWidget(m_play);
    row->addWidget(m_seek, 1);
    row->addWidget(m_time);
    row->addWidget(m_loop);
    row->addWidget(m_mute);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_grid, 1);
    layout->addLayout(row);

    connect(m_play, &QToolButton::clicked, this, [this] {
        const bool playing = !m_players.isEmpty()
            && m_players.first()->player()->playbackState() == QMediaPlayer::PlayingState;
        if (playing)
            pauseAll();
        else
            playAll();
    });
    connect(m_seek, &QSlider::sliderPressed, this, [this] { m_seeking = true; });
    connect(m_seek, &QSlider::sliderReleased, this, [this] {
        m_seeking = false;
        seekAll(m_seek->value());
    });
    connect(m_loop, &QCheckBox::toggled, this, [this](bool on) {
        for (VideoPlayer *p : std::as_const(m_players))
            p->setLooping(on);
    });
    connect(m_mute, &QCheckBox::toggled, this, [this](bool on) {
        for (VideoPlayer *p : std::as_const(m_players))
            p->setMuted(on);
    });
}

CompareView::~CompareView() = default;

QString CompareView::captionFor(const VideoTask &t)
{
    return tr("%1 · took %2 · %3")
        .arg(t.model, formatClock(t.elapsedMs(QDateTime::currentDateTimeUtc())), taskCostText(t));
}

void CompareView::setTasks(const QList<VideoTask> &tasks)
{
    const QString group = tasks.isEmpty() ? QString() : tasks.first().group;
    const bool same = group == m_group && tasks.size() == m_players.size();
    m_group = group;
    if (!same) {
        qDeleteAll(m_players);
        m_players.clear();
        for (int i = 0; i < tasks.size(); ++i) {
            auto *p = new VideoPlayer(this);
            p->setControlsVisible(false);
            p->setMuted(m_mute->isChecked());
            p->setLooping(m_loop->isChecked());
            m_grid->addWidget(p, i / 2, i % 2);
            m_players.append(p);
        }
        if (!m_players.isEmpty()) {
            // The first player drives the shared seek bar.
            QMediaPlayer *lead = m_players.first()->player();
            connect(lead, &QMediaPlayer::positionChanged, this, [this](qint64 pos) {
                if (!m_seeking)
                    m_seek->setValue(int(pos));
                m_time->setText(formatClock(pos));
            });
            connect(lead, &QMediaPlayer::playbackStateChanged, this,
                [this](QMediaPlayer::PlaybackState s) {
                    m_play->setIcon(style()->standardIcon(s == QMediaPlayer::PlayingState
                            ? QStyle::SP_MediaPause
                            : QStyle::SP_MediaPlay));
                });
        }
    }
    qint64 longest = 0;
    for (int i = 0; i < tasks.size(); ++i) {
        const VideoTask &t = tasks.at(i);
        VideoPlayer *p = m_players.at(i);
        const QString clip = t.download == VideoTask::DownloadState::Done ? t.filePath : QString();
        if (p->clip() != clip)
            p->setClip(clip);
        p->setCaption(clip.isEmpty() ? t.model + u" · "_s + taskStatusText(t) : captionFor(t));
        longest = std::max<qint64>(longest, qint64(t.durationSeconds * 1000));
    }
    m_seek->setRange(0, int(longest));
}

void CompareView::playAll()
{
    for (VideoPlayer *p : std::as_const(m_players))
        p->play();
}

void CompareView::pauseAll()
{
    for (VideoPlayer *p : std::as_const(m_players))
        p->pause();
}

void CompareView::seekAll(qint64 ms)
{
    for (VideoPlayer *p : std::as_const(m_players))
        p->seek(ms);
}

} // namespace bsp::ui
