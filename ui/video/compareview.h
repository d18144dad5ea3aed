#pragma once

#include "core/videotask.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QGridLayout;
class QLabel;
class QSlider;
class QToolButton;

namespace bsp::ui {

class VideoPlayer;

// 2–4 clips of one compare run side by side, each captioned with its model, the time it
// took and its cost; one play/pause, one seek bar, loop and mute drive them all.
class CompareView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareView)

public:
    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    // Tasks of one run; those not finished show their status instead of a clip.
    void setTasks(const QList<VideoTask> &tasks);
    QString group() const { return m_group; }
    QList<VideoPlayer *> players() const { return m_players; }

    void playAll();
    void pauseAll();
    void seekAll(qint64 ms);

private:
    static QString captionFor(const VideoTask &t);

    QGridLayout *m_grid = nullptr;
    QList<VideoPlayer *> m_players;
    QToolButton *m_play = nullptr;
    QSlider *m_seek = nullptr;
    QLabel *m_time = nullptr;
    QCheckBox *m_loop = nullptr;
    QCheckBox *m_mute = nullptr;
    QString m_group;
    bool m_seeking = false;
};

} // namespace bsp::ui
