#include "ui/chat/parameterpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

ParameterPanel::ParameterPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new QComboBox(this))
    , m_system(new QPlainTextEdit(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_stops(new QLineEdit(this))
    , m_imageTool(new QCheckBox(tr("Generate images"), this))
    , m_imageModel(new QComboBox(this))
    , m_imageSize(new QComboBox(this))
{
    setObjectName(u"chatParams"_s);
    m_model->setObjectName(u"chatModel"_s);
    // Minimums that do not follow the longest name, so the panel fits a small screen.
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(14);
    m_imageModel->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_imageModel->setMinimumContentsLength(6);
    m_temperature->setRange(-0.1, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setSpecialValueText(tr("default"));
    m_temperature->setValue(-0.1);
    m_maxTokens->setRange(1, 64000);
    m_maxTokens->setValue(1024);
    m_stops->setPlaceholderText(tr("e.g. ###, END"));
    m_system->setPlaceholderText(tr("System prompt (optional)"));
    m_system->setFixedHeight(m_system->fontMetrics().lineSpacing() * 2 + 12);
    m_imageTool->setObjectName(u"imageTool"_s);
    m_imageTool->setToolTip(tr("Allow image generation: the model may call the gateway's "
                               "generate_image tool (each image is billed)"));
    m_imageModel->addItem(u"gpt-image-2"_s);
    m_imageSize->addItems({u"1024x1024"_s, u"1024x1536"_s, u"1536x1024"_s, u"2048x2048"_s});
    m_imageModel->setEnabled(false);
    m_imageSize->setEnabled(false);

    // Every field has a label buddy: its accessible name, and Alt+letter focuses it.
    const auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        // A little slack: at the narrowest width "Temperature" lost its last letter
        // (the size hint leaves no room for the glyph's overhang).
        l->setMinimumWidth(l->sizeHint().width() + 3);
        return l;
    };
    m_system->setAccessibleName(tr("System prompt"));
    m_imageModel->setAccessibleName(tr("Image model"));
    m_imageSize->setAccessibleName(tr("Image size"));
    // Wide enough for its placeholder: the field is never clipped to "c…".
    m_stops->setMinimumWidth(
        m_stops->fontMetrics().horizontalAdvance(m_stops->placeholderText()) + 24);
    m_stops->setToolTip(tr("Sequences that end the reply when the model writes them, "
                           "separated by commas (this is not the Stop button)"));
    auto *row1 = new QHBoxLayout;
    row1->addWidget(label(tr("&Model"), m_model));
    row1->addWidget(m_model, 1);
    row1->addWidget(label(tr("&Temperature"), m_temperature));
    row1->addWidget(m_temperature);
    row1->addWidget(label(tr("Max t&okens"), m_maxTokens));
    row1->addWidget(m_maxTokens);
    // Stop sequences and the image tool on rows of their own: one row for all of them
    // made the chat tab ~975 px wide at least, which left the Cost dock ~300 px at
    // 1280 px. Each row is now narrower than the model row.
    auto *row2 = new QHBoxLayout;
    row2->addWidget(label(tr("Stop se&quences"), m_stops));
    row2->addWidget(m_stops, 1);
    auto *row3 = new QHBoxLayout;
    row3->addWidget(m_imageTool);
    row3->addWidget(m_imageModel, 1);
    row3->addWidget(m_imageSize);
    row3->addStretch(0);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(row1);
    layout->addLayout(row2);
    layout->addLayout(row3);
    layout->addWidget(m_system);
    layout->addWidget(buildCompareBar());

    connect(m_model, &QComboBox::currentTextChanged, this, &ParameterPanel::emitChanged);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::emitChanged);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &ParameterPanel::emitChanged);
    connect(m_stops, &QLineEdit::editingFinished, this, &ParameterPanel::emitChanged);
    connect(m_system, &QPlainTextEdit::textChanged, this, &ParameterPanel::emitChanged);
    connect(m_imageTool, &QCheckBox::toggled, this, [this](bool on) {
        m_imageModel->setEnabled(on);
        m_imageSize->setEnabled(on);
        emitChanged();
    });
    connect(m_imageModel, &QComboBox::currentTextChanged, this, &ParameterPanel::emitChanged);
    connect(m_imageSize, &QComboBox::currentTextChanged, this, &ParameterPanel::emitChanged);
}

QWidget *ParameterPanel::buildCompareBar()
{
    m_compareBar = new QWidget(this);
    m_columns = new QSpinBox(m_compareBar);
    m_columns->setRange(2, 4);
    m_presets = new QComboBox(m_compareBar);
    m_presets->setPlaceholderText(tr("Presets"));
    m_presets->setAccessibleName(tr("Compare presets"));
    m_presets->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_presets->setMinimumContentsLength(10);
    auto *savePreset = new QPushButton(tr("Save preset…"), m_compareBar);
    auto *diff = new QPushButton(tr("Diff"), m_compareBar);
    diff->setObjectName(u"diffButton"_s);
    auto *cl = new QHBoxLayout(m_compareBar);
    cl->setContentsMargins(0, 0, 0, 0);
    auto *columnsLabel = new QLabel(tr("Colu&mns"), m_compareBar);
    columnsLabel->setBuddy(m_columns);
    cl->addWidget(columnsLabel);
    cl->addWidget(m_columns);
    cl->addWidget(m_presets, 1);
    cl->addWidget(savePreset);
    cl->addWidget(diff);
    m_compareBar->hide();

    connect(m_columns, &QSpinBox::valueChanged, this, [this](int n) {
        if (m_loading)
            return;
        Q_EMIT columnCountChanged(n);
        emitChanged();
    });
    connect(savePreset, &QPushButton::clicked, this, &ParameterPanel::savePresetRequested);
    connect(m_presets, &QComboBox::activated, this, &ParameterPanel::presetActivated);
    auto *pairs = new QMenu(diff);
    diff->setMenu(pairs);
    connect(pairs, &QMenu::aboutToShow, this, [this, pairs] {
        pairs->clear();
        const int n = m_columns->value();
        for (int a = 0; a < n; ++a)
            for (int b = a + 1; b < n; ++b)
                pairs->addAction(tr("Column %1 ↔ column %2").arg(a + 1).arg(b + 1), this,
                    [this, a, b] { Q_EMIT diffRequested(a, b); });
    });
    return m_compareBar;
}

void ParameterPanel::emitChanged()
{
    if (!m_loading)
        Q_EMIT changed();
}

ChatParams ParameterPanel::params() const
{
    ChatParams p;
    p.model = m_model->currentText();
    p.system = m_system->toPlainText();
    if (m_temperature->value() >= 0)
        p.temperature = m_temperature->value();
    p.maxTokens = m_maxTokens->value();
    const QStringList stops = m_stops->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &s : stops)
        if (!s.trimmed().isEmpty())
            p.stopSequences.append(s.trimmed());
    p.imageTool = m_imageTool->isChecked();
    p.imageModel = m_imageModel->currentText();
    p.imageSize = m_imageSize->currentText();
    return p;
}

void ParameterPanel::setParams(const ChatParams &p)
{
    m_loading = true;
    if (!p.model.isEmpty()) {
        if (m_model->findText(p.model) < 0)
            m_model->addItem(p.model);
        m_model->setCurrentText(p.model);
    }
    m_system->setPlainText(p.system);
    m_temperature->setValue(p.temperature.value_or(-0.1));
    m_maxTokens->setValue(p.maxTokens);
    m_stops->setText(p.stopSequences.join(u", "_s));
    m_imageTool->setChecked(p.imageTool);
    if (m_imageModel->findText(p.imageModel) < 0)
        m_imageModel->addItem(p.imageModel);
    m_imageModel->setCurrentText(p.imageModel);
    m_imageSize->setCurrentText(p.imageSize);
    m_loading = false;
}

void ParameterPanel::setModels(
    const QStringList &text, const QStringList &image, const QString &current)
{
    m_loading = true;
    m_model->clear();
    m_model->addItems(text);
    if (!current.isEmpty()) {
        if (m_model->findText(current) < 0)
            m_model->addItem(current);
        m_model->setCurrentText(current);
    }
    const QString img = m_imageModel->currentText();
    m_imageModel->clear();
    m_imageModel->addItems(image);
    m_imageModel->setCurrentText(img);
    m_loading = false;
}

void ParameterPanel::setCompareMode(bool compare)
{
    m_model->setEnabled(!compare);
    m_compareBar->setVisible(compare);
}

void ParameterPanel::setColumnCount(int n)
{
    m_loading = true;
    m_columns->setValue(n);
    m_loading = false;
}

void ParameterPanel::setPresets(const QStringList &names, const QStringList &tooltips)
{
    m_presets->clear();
    for (qsizetype i = 0; i < names.size(); ++i) {
        m_presets->addItem(names.at(i));
        m_presets->setItemData(int(i), tooltips.value(i), Qt::ToolTipRole);
    }
    m_presets->setCurrentIndex(-1);
}

} // namespace bsp::ui
