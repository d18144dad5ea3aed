#pragma once

#include "core/chattypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace bsp::ui {

// The parameters of a conversation: model, temperature, max tokens, stop sequences,
// system prompt, the image tool; in compare mode the column count, presets and diff.
class ParameterPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ParameterPanel)

public:
    explicit ParameterPanel(QWidget *parent = nullptr);

    ChatParams params() const;
    // Applies without emitting changed().
    void setParams(const ChatParams &params);
    // The text models of the gateway (`current` kept or added) and its image models.
    void setModels(const QStringList &text, const QStringList &image, const QString &current);
    void setCompareMode(bool compare);
    void setColumnCount(int n); // without emitting columnCountChanged()
    void setPresets(const QStringList &names, const QStringList &tooltips);

    QComboBox *modelCombo() const { return m_model; }
    QCheckBox *imageToolBox() const { return m_imageTool; }
    QLineEdit *stopSequencesEdit() const { return m_stops; }

Q_SIGNALS:
    void changed(); // a parameter the user changed
    void columnCountChanged(int n);
    void savePresetRequested();
    void presetActivated(int index);
    void diffRequested(int a, int b);

private:
    QWidget *buildCompareBar();
    void emitChanged();

    bool m_loading = false;
    QComboBox *m_model = nullptr;
    QPlainTextEdit *m_system = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QLineEdit *m_stops = nullptr;
    QCheckBox *m_imageTool = nullptr;
    QComboBox *m_imageModel = nullptr;
    QComboBox *m_imageSize = nullptr;
    QWidget *m_compareBar = nullptr;
    QSpinBox *m_columns = nullptr;
    QComboBox *m_presets = nullptr;
};

} // namespace bsp::ui
