#include "ui/image/imagetab.h"

#include "core/costservice.h"
#include "core/gallerymodel.h"
#include "core/gatewayclient.h"
#include "core/thumbnailcache.h"
#include "ui/widgets/imageviewer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr int kImagesColumn = 1;
constexpr int kMessagesColumn = 2;
constexpr int kPriceColumn = 3;

QStringList imageSizes()
{
    return {u"1024x1024"_s, u"1024x1536"_s, u"1536x1024"_s, u"1024x1792"_s, u"1792x1024"_s,
        u"2048x2048"_s};
}

} // namespace

ImageTab::ImageTab(GatewayClient *client, CostService *cost, ImageGalleryStore *store,
    ThumbnailCache *thumbnails, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_cost(cost)
    , m_store(store)
    , m_thumbs(thumbnails)
    , m_controller(new ImageController(client, cost, store, thumbnails, this))
    , m_gallery(new GalleryModel(store, thumbnails, this))
{
    setObjectName(u"imageTab"_s);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(u"imageSplit"_s);
    auto *scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setWidget(buildForm());
    scroll->setMinimumWidth(340);
    m_pages = new QTabWidget(split);
    m_pages->setObjectName(u"imagePages"_s);
    m_pages->setAccessibleName(tr("Run and gallery"));
    m_pages->addTab(buildRunPage(), tr("Run"));
    m_pages->addTab(buildGalleryPage(), tr("Gallery"));
    split->addWidget(scroll);
    split->addWidget(m_pages);
    split->setStretchFactor(1, 1);
    split->setSizes({380, 900});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_controller, &ImageController::runStarted, this, [this](const QString &run) {
        QSettings().setValue(u"image/lastRun"_s, run);
        updateButtons();
    });
    connect(m_controller, &ImageController::runFinished, this, [this] {
        updateButtons();
        m_runSummary->setText(describeRun());
    });
    connect(m_controller->model(), &ImageRunModel::cellChanged, this,
        [this] { m_runSummary->setText(describeRun()); });
    if (m_cost)
        connect(m_cost, &CostService::rateCardChanged, this, &ImageTab::updateEstimate);
    restoreState();
    if (m_controller->showRun(QSettings().value(u"image/lastRun"_s).toString()))
        m_runSummary->setText(describeRun());
    refreshPresets();
    updateEstimate();
    updateButtons();
}

ImageTab::~ImageTab()
{
    saveState();
    m_controller->cancel();
}

QWidget *ImageTab::buildForm()
{
    auto *form = new QWidget;
    auto *v = new QVBoxLayout(form);
    auto *promptLabel = new QLabel(tr("&Prompt"), form);
    m_prompt = new QPlainTextEdit(form);
    m_prompt->setObjectName(u"imagePrompt"_s);
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("Describe the image…"));
    m_prompt->setMaximumHeight(110);
    promptLabel->setBuddy(m_prompt);
    v->addWidget(promptLabel);
    v->addWidget(m_prompt);

    auto *modelsLabel = new QLabel(tr("&Models (tick a route of each to compare)"), form);
    m_models = new QTreeWidget(form);
    m_models->setObjectName(u"imageModels"_s);
    m_models->setAccessibleName(tr("Models and routes"));
    m_models->setHeaderLabels({tr("Model"), tr("Images"), tr("Messages"), tr("Per image")});
    m_models->headerItem()->setToolTip(
        kImagesColumn, tr("OpenAI Images route (/v1/images/generations)"));
    m_models->headerItem()->setToolTip(
        kMessagesColumn, tr("The generate_image tool inside a Messages call"));
    m_models->setRootIsDecorated(false);
    m_models->setMinimumHeight(200);
    m_models->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_models->header()->setStretchLastSection(true);
    for (int c = 1; c <= kPriceColumn; ++c)
        m_models->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    modelsLabel->setBuddy(m_models);
    v->addWidget(modelsLabel);
    v->addWidget(m_models, 1);

    auto *f = new QFormLayout;
    m_via = new QComboBox(form);
    m_via->setAccessibleName(tr("Text model for the Messages tool route"));
    m_size = new QComboBox(form);
    m_size->setObjectName(u"imageSize"_s);
    m_size->addItems(imageSizes());
    m_size->setAccessibleName(tr("Size"));
    m_count = new QSpinBox(form);
    m_count->setObjectName(u"imageCount"_s);
    m_count->setRange(1, 8);
    m_count->setAccessibleName(tr("Images per model"));
    m_count->setToolTip(tr("1–4 on most models; 1–8 on the cheap tiers"));
    m_quality = new QComboBox(form);
    m_quality->addItem(tr("Model default"), QString());
    m_quality->addItem(tr("Low"), u"low"_s);
    m_quality->addItem(tr("Medium"), u"medium"_s);
    m_quality->addItem(tr("High"), u"high"_s);
    m_quality->setAccessibleName(tr("Quality"));
    auto *seedRow = new QHBoxLayout;
    m_seedOn = new QCheckBox(tr("Fixed"), form);
    m_seedOn->setAccessibleName(tr("Use a fixed seed"));
    m_seed = new QSpinBox(form);
    m_seed->setRange(0, 1'000'000'000);
    m_seed->setAccessibleName(tr("Seed"));
    m_seed->setEnabled(false);
    seedRow->addWidget(m_seedOn);
    seedRow->addWidget(m_seed, 1);
    m_format = new QComboBox(form);
    m_format->setObjectName(u"imageFormat"_s);
    m_format->addItem(tr("Gateway default"), QString());
    m_format->addItem(tr("URL"), u"url"_s);
    m_format->addItem(tr("Base64 (b64_json)"), u"b64_json"_s);
    m_format->setAccessibleName(tr("Answer format"));
    f->addRow(tr("Messages &via"), m_via);
    f->addRow(tr("&Size"), m_size);
    f->addRow(tr("&Images"), m_count);
    f->addRow(tr("&Quality"), m_quality);
    f->addRow(tr("Seed"), seedRow);
    f->addRow(tr("&Answer"), m_format);
    v->addLayout(f);

    auto *sourceRow = new QHBoxLayout;
    m_sourcePick = new QPushButton(tr("Source image…"), form);
    m_sourcePick->setAccessibleName(tr("Choose a source image for image-to-image"));
    m_sourceClear = new QPushButton(tr("Clear"), form);
    m_sourceClear->setAccessibleName(tr("Clear the source image"));
    m_sourceLabel = new QLabel(tr("No source: text to image"), form);
    m_sourceLabel->setWordWrap(true);
    sourceRow->addWidget(m_sourcePick);
    sourceRow->addWidget(m_sourceClear);
    v->addLayout(sourceRow);
    v->addWidget(m_sourceLabel);

    auto *presetRow = new QHBoxLayout;
    m_presets = new QComboBox(form);
    m_presets->setAccessibleName(tr("Presets"));
    m_presets->setPlaceholderText(tr("Presets"));
    auto *savePresetButton = new QPushButton(tr("Save preset…"), form);
    savePresetButton->setAccessibleName(tr("Save the models and parameters as a preset"));
    presetRow->addWidget(m_presets, 1);
    presetRow->addWidget(savePresetButton);
    v->addLayout(presetRow);

    m_notice = new QLabel(form);
    m_notice->setObjectName(u"imageNotice"_s);
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    v->addWidget(m_notice);
    auto *go = new QHBoxLayout;
    m_estimate = new QLabel(form);
    m_estimate->setObjectName(u"imageEstimate"_s);
    m_estimate->setAccessibleName(tr("Estimated cost"));
    m_generate = new QPushButton(tr("&Generate"), form);
    m_generate->setObjectName(u"imageGenerate"_s);
    m_generate->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), form);
    m_cancel->setObjectName(u"imageCancel"_s);
    m_cancel->setAccessibleName(tr("Cancel the images that have not arrived"));
    go->addWidget(m_estimate, 1);
    go->addWidget(m_cancel);
    go->addWidget(m_generate);
    v->addLayout(go);

    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        updateEstimate();
        updateButtons();
    });
    connect(m_models, &QTreeWidget::itemChanged, this, [this] {
        updateEstimate();
        updateButtons();
    });
    connect(m_size, &QComboBox::currentTextChanged, this, &ImageTab::updateEstimate);
    connect(m_count, &QSpinBox::valueChanged, this, &ImageTab::updateEstimate);
    connect(m_via, &QComboBox::currentTextChanged, this, &ImageTab::updateEstimate);
    connect(m_seedOn, &QCheckBox::toggled, m_seed, &QWidget::setEnabled);
    connect(m_generate, &QPushButton::clicked, this, &ImageTab::generate);
    connect(m_cancel, &QPushButton::clicked, this, &ImageTab::cancel);
    connect(m_sourcePick, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Source image"), QString(),
            tr("Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"));
        if (!path.isEmpty())
            setSourceFile(path);
    });
    connect(m_sourceClear, &QPushButton::clicked, this, &ImageTab::clearSource);
    connect(savePresetButton, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Save preset"), tr("Preset name"), QLineEdit::Normal, QString(), &ok);
        if (ok && !name.trimmed().isEmpty())
            savePreset(name);
    });
    connect(m_presets, &QComboBox::activated, this,
        [this](int i) { applyPreset(m_presets->itemText(i)); });
    return form;
}

void ImageTab::reloadModels()
{
    if (!m_client)
        return;
    const int generation = ++m_modelsGeneration;
    QPointer<ImageTab> self(this);
    QCoro::connect(m_client->models({}, CallOptions {u"image"_s}), this,
        [self, generation](const Result<QList<ModelInfo>> &r) {
            if (!self || generation != self->m_modelsGeneration)
                return;
            if (!r.ok()) {
                self->m_notice->setText(
                    tr("Could not load the models: %1").arg(r.error().displayText()));
                self->m_notice->setVisible(true);
                return;
            }
            self->m_notice->setVisible(false);
            self->fillModels(r.value());
        });
}

void ImageTab::fillModels(const QList<ModelInfo> &models)
{
    QStringList ticked = m_pendingLanes;
    for (const RunLane &l : lanes())
        ticked.append(l.model + u'|' + (l.route == u"messages"_s ? l.route : u"images"_s));
    m_pendingLanes.clear();
    const QString via = m_via->currentText();
    m_via->clear();
    for (const ModelInfo &m : models)
        if (m.can(u"image_generation_tool"_s))
            m_via->addItem(m.id);
    const QString wanted = m_pendingVia.isEmpty() ? via : std::exchange(m_pendingVia, QString());
    if (!wanted.isEmpty() && m_via->findText(wanted) >= 0)
        m_via->setCurrentText(wanted);
    const bool messages = m_via->count() > 0;

    const QSignalBlocker block(m_models);
    m_models->clear();
    for (const ModelInfo &m : models) {
        if (!m.outputModalities.contains(u"image"_s))
            continue;
        auto *item = new QTreeWidgetItem(m_models, {m.id});
        item->setData(0, Qt::UserRole, m.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(
            kImagesColumn, ticked.contains(m.id + u"|images"_s) ? Qt::Checked : Qt::Unchecked);
        if (messages)
            item->setCheckState(kMessagesColumn,
                ticked.contains(m.id + u"|messages"_s) ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(0, m.family.isEmpty() ? m.id : tr("%1 (%2)").arg(m.id, m.family));
    }
    updateEstimate();
    updateButtons();
    Q_EMIT modelsLoaded();
}

void ImageTab::setLane(const QString &model, const QString &route, bool on)
{
    const int column = route == u"messages"_s ? kMessagesColumn : kImagesColumn;
    for (int i = 0; i < m_models->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_models->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == model)
            item->setCheckState(column, on ? Qt::Checked : Qt::Unchecked);
    }
}

QList<RunLane> ImageTab::lanes() const
{
    QList<RunLane> out;
    for (int i = 0; i < m_models->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_models->topLevelItem(i);
        const QString model = item->data(0, Qt::UserRole).toString();
        if (item->checkState(kImagesColumn) == Qt::Checked)
            out.append({model, hasSource() ? u"edits"_s : u"images"_s});
        if (!hasSource() && item->data(kMessagesColumn, Qt::CheckStateRole).isValid()
            && item->checkState(kMessagesColumn) == Qt::Checked)
            out.append({model, u"messages"_s});
    }
    return out;
}

ImageRunSpec ImageTab::spec() const
{
    ImageRunSpec s;
    s.prompt = m_prompt->toPlainText().trimmed();
    s.size = m_size->currentText();
    s.n = m_count->value();
    s.quality = m_quality->currentData().toString();
    if (m_seedOn->isChecked())
        s.seed = m_seed->value();
    s.responseFormat = m_format->currentData().toString();
    s.lanes = lanes();
    s.messagesModel = m_via->currentText();
    s.source = m_source;
    s.sourceName = m_sourceName;
    s.sourceMediaType = m_sourceType;
    s.sourceFile = m_sourceFile; // a re-run's source: the copy its run already has
    return s;
}

void ImageTab::updateEstimate()
{
    if (m_restoring || !m_estimate)
        return;
    const ImageRunSpec s = spec();
    // Per-image prices beside each model, at the chosen size.
    const QSignalBlocker block(m_models);
    for (int i = 0; i < m_models->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_models->topLevelItem(i);
        const auto price = m_cost
            ? m_cost->estimateImages(item->data(0, Qt::UserRole).toString(), s.size, 1)
            : std::nullopt;
        item->setText(kPriceColumn, CostService::formatEstimate(price));
    }
    if (!m_cost || s.lanes.isEmpty()) {
        m_estimate->setText(s.lanes.isEmpty() ? tr("Tick at least one model") : QString());
        return;
    }
    std::optional<Credits> total = 0;
    for (const RunLane &l : s.lanes) {
        std::optional<Credits> c = m_cost->estimateImages(l.model, s.size, s.n);
        if (l.route == u"messages"_s) {
            const auto text = m_cost->estimateText(s.messagesModel, s.prompt, 512);
            c = c && text ? std::optional<Credits>(*c + *text * s.n) : std::nullopt;
        }
        total = total && c ? std::optional<Credits>(*total + *c) : std::nullopt;
    }
    const int images = int(s.lanes.size()) * s.n;
    m_estimate->setText(
        tr("%n image(s): %1", nullptr, images).arg(m_cost->describeEstimate(total)));
}

void ImageTab::updateButtons()
{
    if (!m_generate)
        return;
    const bool running = m_controller->isRunning();
    m_generate->setEnabled(
        !running && !lanes().isEmpty() && !m_prompt->toPlainText().trimmed().isEmpty());
    m_cancel->setEnabled(running);
}

void ImageTab::generate()
{
    const ImageRunSpec s = spec();
    if (s.lanes.isEmpty() || s.prompt.isEmpty() || m_controller->isRunning())
        return;
    if (std::any_of(s.lanes.cbegin(), s.lanes.cend(),
            [](const RunLane &l) { return l.route == u"messages"_s; })
        && s.messagesModel.isEmpty())
        return;
    saveState();
    m_pages->setCurrentIndex(0);
    m_controller->start(s);
    updateButtons();
}

void ImageTab::cancel()
{
    m_controller->cancel();
    updateButtons();
}

void ImageTab::setSourceFile(const QString &path)
{
    m_refusal.clear();
    const QFileInfo info(path);
    QFile file(path);
    const auto refuse = [this, path](const QString &why) {
        m_refusal = why;
        m_notice->setText(why);
        m_notice->setVisible(true);
        clearSource();
        Q_EMIT sourceChecked(false);
    };
    if (info.size() > kMaxSourceBytes) {
        refuse(tr("%1 is too big (%2); the limit is %3.")
                   .arg(info.fileName(), QLocale().formattedDataSize(info.size()),
                       QLocale().formattedDataSize(kMaxSourceBytes)));
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        refuse(tr("Cannot read %1: %2").arg(info.fileName(), file.errorString()));
        return;
    }
    const QByteArray bytes = file.readAll();
    QPointer<ImageTab> self(this);
    const QString name = info.fileName();
    QCoro::connect(ImageController::checkSource(bytes), this,
        [self, bytes, name, refuse](const DecodedImage &d) {
            if (!self)
                return;
            if (!d.ok()) {
                refuse(tr("%1 was not sent: %2").arg(name, d.error));
                return;
            }
            self->showSource(bytes, name,
                u"image/"_s + QString::fromLatin1(d.format == "jpg" ? "jpeg" : d.format), d.size);
            self->m_sourceFile.clear(); // a new source: the next run keeps its own copy
            self->m_notice->setVisible(false);
            self->updateEstimate();
            self->updateButtons();
            Q_EMIT self->sourceChecked(true);
        });
}

void ImageTab::showSource(
    const QByteArray &bytes, const QString &name, const QString &mediaType, QSize size)
{
    m_source = bytes;
    m_sourceName = name;
    m_sourceType = mediaType;
    m_sourceLabel->setText(tr("Source: %1 · %2 × %3 px · image-to-image on the Images "
                              "API route")
                               .arg(name)
                               .arg(size.width())
                               .arg(size.height()));
}

void ImageTab::clearSource()
{
    m_sourceFile.clear();
    m_source.clear();
    m_sourceName.clear();
    m_sourceType.clear();
    m_sourceLabel->setText(tr("No source: text to image"));
    updateEstimate();
    updateButtons();
}

QJsonObject ImageTab::formJson() const
{
    QJsonArray ticked;
    for (const QString &pending : m_pendingLanes) // restored before the model list came
        ticked.append(pending);
    for (const RunLane &l : lanes())
        ticked.append(QString(l.model + u'|' + (l.route == u"messages"_s ? l.route : u"images"_s)));
    return QJsonObject {{u"lanes"_s, ticked}, {u"size"_s, m_size->currentText()},
        {u"n"_s, m_count->value()}, {u"quality"_s, m_quality->currentData().toString()},
        {u"seed_on"_s, m_seedOn->isChecked()}, {u"seed"_s, m_seed->value()},
        {u"format"_s, m_format->currentData().toString()},
        {u"via"_s, m_via->currentText().isEmpty() ? m_pendingVia : m_via->currentText()}};
}

void ImageTab::applyFormJson(const QJsonObject &o)
{
    m_restoring = true;
    if (o.contains(u"size"_s))
        m_size->setCurrentText(o.value(u"size"_s).toString());
    m_count->setValue(o.value(u"n"_s).toInt(m_count->value()));
    m_quality->setCurrentIndex(qMax(0, m_quality->findData(o.value(u"quality"_s).toString())));
    m_seedOn->setChecked(o.value(u"seed_on"_s).toBool());
    m_seed->setValue(o.value(u"seed"_s).toInt());
    m_format->setCurrentIndex(qMax(0, m_format->findData(o.value(u"format"_s).toString())));
    if (m_via->findText(o.value(u"via"_s).toString()) >= 0)
        m_via->setCurrentText(o.value(u"via"_s).toString());
    else
        m_pendingVia = o.value(u"via"_s).toString();
    m_pendingLanes.clear();
    for (const QJsonValue &v : o.value(u"lanes"_s).toArray())
        m_pendingLanes.append(v.toString());
    if (m_models->topLevelItemCount() > 0) {
        const QSignalBlocker block(m_models);
        for (int i = 0; i < m_models->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = m_models->topLevelItem(i);
            const QString id = item->data(0, Qt::UserRole).toString();
            item->setCheckState(kImagesColumn,
                m_pendingLanes.contains(id + u"|images"_s) ? Qt::Checked : Qt::Unchecked);
            if (item->data(kMessagesColumn, Qt::CheckStateRole).isValid())
                item->setCheckState(kMessagesColumn,
                    m_pendingLanes.contains(id + u"|messages"_s) ? Qt::Checked : Qt::Unchecked);
        }
        m_pendingLanes.clear();
    }
    m_restoring = false;
    updateEstimate();
    updateButtons();
}

void ImageTab::saveState() const
{
    QSettings s;
    s.beginGroup(u"image"_s);
    s.setValue(u"prompt"_s, m_prompt->toPlainText());
    s.setValue(u"form"_s, QJsonDocument(formJson()).toJson(QJsonDocument::Compact));
    s.setValue(u"page"_s, m_pages->currentIndex());
    s.setValue(u"search"_s, m_search->text());
}

void ImageTab::restoreState()
{
    QSettings s;
    s.beginGroup(u"image"_s);
    m_prompt->setPlainText(s.value(u"prompt"_s).toString());
    applyFormJson(QJsonDocument::fromJson(s.value(u"form"_s).toByteArray()).object());
    m_pages->setCurrentIndex(s.value(u"page"_s, 0).toInt());
    m_search->setText(s.value(u"search"_s).toString());
}

void ImageTab::refreshPresets()
{
    m_presets->clear();
    if (!m_store)
        return;
    for (const ImagePreset &p : m_store->presets())
        m_presets->addItem(p.name);
    m_presets->setCurrentIndex(-1);
}

bool ImageTab::savePreset(const QString &name)
{
    if (!m_store || !m_store->savePreset({name, formJson()}))
        return false;
    refreshPresets();
    return true;
}

bool ImageTab::applyPreset(const QString &name)
{
    if (!m_store)
        return false;
    for (const ImagePreset &p : m_store->presets()) {
        if (p.name == name) {
            applyFormJson(p.body);
            return true;
        }
    }
    return false;
}

} // namespace bsp::ui
