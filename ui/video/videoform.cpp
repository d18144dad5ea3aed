#include "ui/video/videoform.h"

#include "core/costservice.h"
#include "core/worker.h"

#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

// The submit body is at most 1 MiB; base64 makes the image 4/3 larger.
constexpr qint64 kMaxFrameBytes = 700 * 1024;
constexpr int kMinFrameSide = 64;
constexpr int kMaxFrameSide = 4096;

struct FrameCheck
{
    QByteArray bytes;
    QString mediaType;
    QImage preview;
    QString error;
    QString summary;
};

FrameCheck checkFrame(const QString &path)
{
    FrameCheck c;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        c.error = VideoForm::tr("Cannot read %1: %2").arg(path, f.errorString());
        return c;
    }
    if (f.size() > kMaxFrameBytes) {
        c.error = VideoForm::tr("The image is %1 KB; the gateway takes at most %2 KB.")
                      .arg(f.size() / 1024)
                      .arg(kMaxFrameBytes / 1024);
        return c;
    }
    c.bytes = f.readAll();
    QBuffer buffer(&c.bytes);
    QImageReader reader(&buffer);
    const QByteArray format = reader.format().toLower();
    const QImage image = reader.read();
    if (image.isNull()) {
        c.error
            = VideoForm::tr("This file is not an image that decodes: %1").arg(reader.errorString());
        return c;
    }
    if (format != "png" && format != "jpeg" && format != "jpg" && format != "webp") {
        c.error = VideoForm::tr("Use a PNG, JPEG or WebP image (this one is %1).")
                      .arg(QString::fromLatin1(format));
        return c;
    }
    if (std::min(image.width(), image.height()) < kMinFrameSide
        || std::max(image.width(), image.height()) > kMaxFrameSide) {
        c.error = VideoForm::tr("The image is %1×%2; use %3 to %4 pixels a side.")
                      .arg(image.width())
                      .arg(image.height())
                      .arg(kMinFrameSide)
                      .arg(kMaxFrameSide);
        return c;
    }
    c.mediaType = format == "png" ? u"image/png"_s
        : format == "webp"        ? u"image/webp"_s
                                  : u"image/jpeg"_s;
    c.preview = image.scaled(160, 90, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    c.summary = VideoForm::tr("%1×%2 %3, %4 KB")
                    .arg(image.width())
                    .arg(image.height())
                    .arg(QString::fromLatin1(format).toUpper())
                    .arg((c.bytes.size() + 1023) / 1024);
    return c;
}

} // namespace

VideoForm::VideoForm(CostService *cost, QWidget *parent) : QWidget(parent), m_cost(cost)
{
    m_model = new QComboBox(this);
    m_model->setAccessibleName(tr("Video model"));
    m_prompt = new QPlainTextEdit(this);
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("Describe the clip…"));
    m_prompt->setMinimumHeight(70);
    m_duration = new QSpinBox(this);
    m_duration->setRange(1, 20);
    m_duration->setValue(5);
    m_duration->setSuffix(tr(" s"));
    m_duration->setAccessibleName(tr("Duration"));
    m_resolution = new QComboBox(this);
    m_resolution->setAccessibleName(tr("Resolution"));
    m_aspect = new QComboBox(this);
    m_aspect->setAccessibleName(tr("Aspect ratio"));
    for (const QString &a : {u"16:9"_s, u"9:16"_s, u"1:1"_s, u"4:3"_s, u"3:4"_s, u"21:9"_s})
        m_aspect->addItem(a, a);
    m_frameName = new QLineEdit(this);
    m_frameName->setReadOnly(true);
    m_frameName->setPlaceholderText(tr("none"));
    m_frameName->setAccessibleName(tr("First frame image"));
    m_frameBrowse = new QPushButton(tr("Choose…"), this);
    m_frameBrowse->setAccessibleName(tr("Choose first frame image"));
    m_frameClear = new QPushButton(tr("Clear"), this);
    m_frameClear->setAccessibleName(tr("Clear first frame image"));
    m_frameClear->setEnabled(false);
    m_framePreview = new QLabel(this);
    m_framePreview->setWordWrap(true);
    m_compare = new QCheckBox(tr("Compare 2–4 models"), this);
    m_compare->setAccessibleName(tr("Compare models"));
    m_compareList = new QListWidget(this);
    m_compareList->setAccessibleName(tr("Models to compare"));
    m_compareList->setMaximumHeight(120);
    m_compareList->setVisible(false);
    m_estimate = new QLabel(this);
    m_estimate->setWordWrap(true);
    m_estimate->setAccessibleName(tr("Estimated cost"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_submit = new QPushButton(tr("Submit"), this);
    m_submit->setAccessibleName(tr("Submit video task"));
    m_submit->setDefault(true);

    auto *frameRow = new QHBoxLayout;
    frameRow->addWidget(m_frameName, 1);
    frameRow->addWidget(m_frameBrowse);
    frameRow->addWidget(m_frameClear);
    auto *form = new QFormLayout;
    const auto add = [&](const QString &text, QWidget *w) {
        auto *label = new QLabel(text, this);
        label->setBuddy(w);
        form->addRow(label, w);
    };
    add(tr("&Model"), m_model);
    add(tr("&Prompt"), m_prompt);
    add(tr("&Duration"), m_duration);
    add(tr("&Resolution"), m_resolution);
    add(tr("&Aspect ratio"), m_aspect);
    auto *frameLabel = new QLabel(tr("&First frame"), this);
    frameLabel->setBuddy(m_frameBrowse);
    form->addRow(frameLabel, frameRow);
    form->addRow(QString(), m_framePreview);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_compare);
    layout->addWidget(m_compareList);
    auto *submitRow = new QHBoxLayout;
    submitRow->addWidget(m_estimate, 1);
    submitRow->addWidget(m_submit);
    layout->addLayout(submitRow);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        updateResolutions();
        updateEstimate();
    });
    connect(m_resolution, &QComboBox::currentIndexChanged, this, &VideoForm::updateEstimate);
    connect(m_duration, &QSpinBox::valueChanged, this, &VideoForm::updateEstimate);
    connect(m_compare, &QCheckBox::toggled, this, [this](bool on) {
        m_compareList->setVisible(on);
        m_model->setEnabled(!on);
        updateEstimate();
    });
    connect(m_compareList, &QListWidget::itemChanged, this, &VideoForm::updateEstimate);
    connect(m_frameBrowse, &QPushButton::clicked, this, &VideoForm::browseFirstFrame);
    connect(m_frameClear, &QPushButton::clicked, this, &VideoForm::clearFirstFrame);
    connect(m_submit, &QPushButton::clicked, this, &VideoForm::submit);
    if (m_cost)
        connect(m_cost, &CostService::rateCardChanged, this, [this] {
            updateResolutions();
            updateEstimate();
        });
    updateResolutions();
    updateEstimate();
}

VideoForm::~VideoForm() = default;

void VideoForm::setModels(const QList<ModelInfo> &models)
{
    const QString current
        = m_pendingModel.isEmpty() ? m_model->currentData().toString() : m_pendingModel;
    QStringList checked = m_pendingCompare.isEmpty() ? chosenModels() : m_pendingCompare;
    if (!m_compare->isChecked() && m_pendingCompare.isEmpty())
        checked.clear();
    m_model->clear();
    m_compareList->clear();
    for (const ModelInfo &m : models) {
        if (!m.outputModalities.contains(u"video"_s))
            continue;
        m_model->addItem(m.id, m.id);
        auto *item = new QListWidgetItem(m.id, m_compareList);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(m.id) ? Qt::Checked : Qt::Unchecked);
    }
    const int i = m_model->findData(current);
    if (i >= 0)
        m_model->setCurrentIndex(i);
    m_pendingModel.clear();
    m_pendingCompare.clear();
    m_status->setText(m_model->count() ? QString() : tr("The gateway lists no video models."));
    updateEstimate();
}

void VideoForm::setModelsError(const QString &message)
{
    m_status->setText(tr("Could not load the models: %1").arg(message));
}

void VideoForm::updateResolutions()
{
    const QString model = m_model->currentData().toString();
    const QString current = m_resolution->currentData().toString();
    QStringList offered;
    if (m_cost) {
        if (const Rate *r = m_cost->rateCard().find(model))
            offered = r->byResolution.keys();
    }
    if (offered.isEmpty())
        offered = {u"480p"_s, u"720p"_s, u"1080p"_s};
    std::sort(offered.begin(), offered.end(), [](const QString &a, const QString &b) {
        return a.chopped(1).toInt() < b.chopped(1).toInt();
    });
    QSignalBlocker block(m_resolution);
    m_resolution->clear();
    for (const QString &r : offered)
        m_resolution->addItem(r, r);
    const int i = m_resolution->findData(current.isEmpty() ? u"720p"_s : current);
    m_resolution->setCurrentIndex(i >= 0 ? i : 0);
}

QStringList VideoForm::chosenModels() const
{
    QStringList out;
    if (!m_compare->isChecked()) {
        if (!m_model->currentData().toString().isEmpty())
            out << m_model->currentData().toString();
        return out;
    }
    for (int i = 0; i < m_compareList->count(); ++i)
        if (m_compareList->item(i)->checkState() == Qt::Checked)
            out << m_compareList->item(i)->text();
    return out;
}

void VideoForm::updateEstimate()
{
    const QStringList models = chosenModels();
    const QString res = m_resolution->currentData().toString();
    Credits total = 0;
    bool known = !models.isEmpty();
    for (const QString &m : models) {
        const auto c = m_cost ? m_cost->estimateVideo(m, res, m_duration->value()) : std::nullopt;
        if (!c)
            known = false;
        total += c.value_or(0);
    }
    QString text;
    if (models.isEmpty())
        text = tr("Choose a model.");
    else if (!known)
        text = tr("Price unknown for this choice.");
    else
        text = tr("Estimate %1 — holds a %1 reservation until the task ends; failures are free.")
                   .arg(formatUsd(total));
    if (known && m_cost && m_cost->wouldExceedBalance(total))
        text += u' ' + tr("More than the balance.");
    m_estimate->setText(text);
    const bool compareOk = !m_compare->isChecked() || (models.size() >= 2 && models.size() <= 4);
    m_submit->setEnabled(!models.isEmpty() && compareOk);
    m_submit->setToolTip(compareOk ? QString() : tr("Tick 2 to 4 models to compare."));
}

QList<VideoRequest> VideoForm::requests() const
{
    QList<VideoRequest> out;
    const QStringList models = chosenModels();
    const QString group
        = models.size() > 1 ? QUuid::createUuid().toString(QUuid::WithoutBraces) : QString();
    for (const QString &m : models) {
        VideoRequest r;
        r.model = m;
        r.prompt = m_prompt->toPlainText().trimmed();
        r.durationSeconds = m_duration->value();
        r.resolution = m_resolution->currentData().toString();
        r.aspectRatio = m_aspect->currentData().toString();
        r.firstFrame = m_frame;
        r.firstFrameMediaType = m_frameType;
        r.group = group;
        out << r;
    }
    return out;
}

void VideoForm::submit()
{
    if (!m_submit->isEnabled())
        return;
    if (m_prompt->toPlainText().trimmed().isEmpty()) {
        m_status->setText(tr("Write a prompt first."));
        m_prompt->setFocus();
        return;
    }
    const QList<VideoRequest> list = requests();
    if (list.isEmpty())
        return;
    // A double click sends once: the button rests for a moment (and the tracker
    // folds identical submits still on their way into one task).
    m_submit->setEnabled(false);
    QTimer::singleShot(800, this, &VideoForm::updateEstimate);
    m_status->clear();
    Q_EMIT submitRequested(list);
}

void VideoForm::setPrompt(const QString &text)
{
    m_prompt->setPlainText(text);
}

void VideoForm::selectModel(const QString &model)
{
    const int i = m_model->findData(model);
    if (i >= 0)
        m_model->setCurrentIndex(i);
    else
        m_pendingModel = model;
}

void VideoForm::setCompareModels(const QStringList &models)
{
    m_pendingCompare = models;
    for (int i = 0; i < m_compareList->count(); ++i)
        m_compareList->item(i)->setCheckState(
            models.contains(m_compareList->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    updateEstimate();
}

void VideoForm::setCompareMode(bool on)
{
    m_compare->setChecked(on);
}

void VideoForm::setResolution(const QString &resolution)
{
    const int i = m_resolution->findData(resolution);
    if (i >= 0)
        m_resolution->setCurrentIndex(i);
}

void VideoForm::setAspectRatio(const QString &ratio)
{
    const int i = m_aspect->findData(ratio);
    if (i >= 0)
        m_aspect->setCurrentIndex(i);
}

void VideoForm::setDuration(int seconds)
{
    m_duration->setValue(seconds);
}

void VideoForm::browseFirstFrame()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("First frame"), {}, tr("Images (*.png *.jpg *.jpeg *.webp)"));
    if (!path.isEmpty())
        setFirstFrameFile(path);
}

void VideoForm::setFirstFrameFile(const QString &path)
{
    const int generation = ++m_frameGeneration;
    m_framePreview->setText(tr("Checking %1…").arg(QFileInfo(path).fileName()));
    QPointer self(this);
    // Decoding runs on the pool; only the newest choice is applied.
    runThen(
        this, [path] { return checkFrame(path); },
        [self, path, generation](const FrameCheck &c) {
            if (!self || generation != self->m_frameGeneration)
                return;
            if (!c.error.isEmpty()) {
                self->m_frameError = c.error;
                self->m_framePreview->setText(c.error);
                Q_EMIT self->firstFrameChecked(false, c.error);
                return;
            }
            self->m_frame = c.bytes;
            self->m_frameType = c.mediaType;
            self->m_framePath = path;
            self->m_frameError.clear();
            self->m_frameName->setText(QFileInfo(path).fileName());
            self->m_framePreview->setPixmap(QPixmap::fromImage(c.preview));
            self->m_framePreview->setToolTip(c.summary);
            self->m_frameClear->setEnabled(true);
            Q_EMIT self->firstFrameChecked(true, c.summary);
        });
}

void VideoForm::clearFirstFrame()
{
    ++m_frameGeneration;
    m_frame.clear();
    m_frameType.clear();
    m_framePath.clear();
    m_frameError.clear();
    m_frameName->clear();
    m_framePreview->clear();
    m_frameClear->setEnabled(false);
}

void VideoForm::saveState(QSettings &s) const
{
    s.setValue(u"model"_s, m_model->currentData().toString());
    s.setValue(u"prompt"_s, m_prompt->toPlainText());
    s.setValue(u"duration"_s, m_duration->value());
    s.setValue(u"resolution"_s, m_resolution->currentData().toString());
    s.setValue(u"aspect"_s, m_aspect->currentData().toString());
    s.setValue(u"compare"_s, m_compare->isChecked());
    s.setValue(u"compareModels"_s, chosenModels());
}

void VideoForm::restoreState(QSettings &s)
{
    selectModel(s.value(u"model"_s).toString());
    m_prompt->setPlainText(s.value(u"prompt"_s).toString());
    m_duration->setValue(s.value(u"duration"_s, 5).toInt());
    setResolution(s.value(u"resolution"_s, u"720p"_s).toString());
    setAspectRatio(s.value(u"aspect"_s, u"16:9"_s).toString());
    const bool compare = s.value(u"compare"_s).toBool();
    if (compare)
        setCompareModels(s.value(u"compareModels"_s).toStringList());
    m_compare->setChecked(compare);
}

} // namespace bsp::ui
