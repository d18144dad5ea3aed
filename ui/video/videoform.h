#pragma once

#include "core/tasktracker.h"
#include "core/wiretypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSpinBox;

namespace bsp {
class CostService;
}

namespace bsp::ui {

// The submit form: model (the video models of /v1/models), prompt, duration,
// resolution, aspect ratio, an optional first-frame image (decoded and checked here
// before anything is sent), the estimate and the reservation beside Submit, and a
// compare mode that sends the same prompt to 2–4 models.
class VideoForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoForm)

public:
    explicit VideoForm(CostService *cost, QWidget *parent = nullptr);
    ~VideoForm() override;

    void setModels(const QList<ModelInfo> &models);
    void setModelsError(const QString &message);
    // Decodes and checks the image; on success it becomes the first frame.
    void setFirstFrameFile(const QString &path);
    QString firstFrameFile() const { return m_framePath; }
    QString firstFrameError() const { return m_frameError; }
    bool hasFirstFrame() const { return !m_frame.isEmpty(); }

    // What Submit would send now (one request per model in compare mode).
    QList<VideoRequest> requests() const;
    void setPrompt(const QString &text);
    void selectModel(const QString &model);
    void setCompareModels(const QStringList &models);
    void setCompareMode(bool on);
    void setResolution(const QString &resolution);
    void setAspectRatio(const QString &ratio);
    void setDuration(int seconds);
    void submit(); // what a click on Submit does

    void saveState(QSettings &s) const;
    void restoreState(QSettings &s);

Q_SIGNALS:
    void submitRequested(const QList<bsp::VideoRequest> &requests);
    void firstFrameChecked(bool ok, const QString &message);

private:
    void updateEstimate();
    void updateResolutions();
    void browseFirstFrame();
    void clearFirstFrame();
    QStringList chosenModels() const;

    CostService *m_cost = nullptr;
    QComboBox *m_model = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QSpinBox *m_duration = nullptr;
    QComboBox *m_resolution = nullptr;
    QComboBox *m_aspect = nullptr;
    QLineEdit *m_frameName = nullptr;
    QPushButton *m_frameBrowse = nullptr;
    QPushButton *m_frameClear = nullptr;
    QLabel *m_framePreview = nullptr;
    QCheckBox *m_compare = nullptr;
    QListWidget *m_compareList = nullptr;
    QLabel *m_estimate = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_submit = nullptr;
    QByteArray m_frame;
    QString m_frameType;
    QString m_framePath;
    QString m_frameError;
    QStringList m_pendingCompare;
    QString m_pendingModel;
    int m_frameGeneration = 0;
};

} // namespace bsp::ui
