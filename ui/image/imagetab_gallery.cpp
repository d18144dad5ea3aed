// The Image tab's run grid, gallery page and viewer.
#include "ui/image/imagetab.h"

#include "core/gallerymodel.h"
#include "core/imagegallerystore.h"
#include "core/thumbnailcache.h"
#include "ui/image/runcelldelegate.h"
#include "ui/widgets/imageviewer.h"

#include <QComboBox>
#include <QCoroFuture>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace bsp::ui {

using namespace Qt::StringLiterals;

namespace {

// Decodes the viewer's image (and the B of an A/B) on the thread pool.
QCoro::Task<std::pair<QImage, QImage>> decodePair(QString path, QString compare)
{
    const auto job = [path, compare] {
        return std::pair<QImage, QImage>(
            QImageReader(path).read(), compare.isEmpty() ? QImage() : QImageReader(compare).read());
    };
    QFuture<std::pair<QImage, QImage>> future = QtConcurrent::run(job);
    co_return co_await future;
}

} // namespace

QWidget *ImageTab::buildRunPage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);
    m_grid = new QTableView(page);
    m_grid->setObjectName(u"imageGrid"_s);
    m_grid->setAccessibleName(tr("Run results: a column per model"));
    m_grid->setModel(m_controller->model());
    m_grid->setItemDelegate(new RunCellDelegate(m_grid));
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->horizontalHeader()->setDefaultSectionSize(RunCellDelegate::kThumb + 28);
    m_grid->verticalHeader()->setDefaultSectionSize(
        RunCellDelegate::kThumb + 24 + fontMetrics().height() * 4);
    m_grid->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_grid->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_runSummary = new QLabel(tr("Tick models, write a prompt, Generate."), page);
    m_runSummary->setObjectName(u"runSummary"_s);
    // On a row of its own, the width of the grid: beside the buttons a long summary
    // wrapped into a row only a button high and was cut.
    m_runSummary->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    auto *open = new QPushButton(tr("Open"), page);
    open->setAccessibleName(tr("Open the selected image in the viewer"));
    auto *compare = new QPushButton(tr("Compare A/B"), page);
    compare->setAccessibleName(tr("Compare the two selected images with a wipe"));
    auto *exportRun = new QPushButton(tr("Export run…"), page);
    exportRun->setAccessibleName(tr("Export this run as a folder with a manifest"));
    bar->addStretch(1);
    bar->addWidget(open);
    bar->addWidget(compare);
    bar->addWidget(exportRun);
    v->addWidget(m_grid, 1);
    v->addWidget(m_runSummary);
    v->addLayout(bar);

    connect(m_grid, &QTableView::doubleClicked, this, &ImageTab::openGridCell);
    connect(open, &QPushButton::clicked, this, [this] {
        const QModelIndexList sel = m_grid->selectionModel()->selectedIndexes();
        if (!sel.isEmpty())
            openGridCell(sel.first());
    });
    connect(compare, &QPushButton::clicked, this, &ImageTab::compareSelection);
    connect(exportRun, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export run to"));
        if (dir.isEmpty() || !m_store)
            return;
        QString why;
        const QString target = QDir(dir).filePath(u"run-"_s + m_controller->currentRun().left(8));
        if (!m_store->exportRun(m_controller->currentRun(), target, &why))
            QMessageBox::warning(this, tr("Export run"), why);
    });
    return page;
}

QWidget *ImageTab::buildGalleryPage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);
    auto *filters = new QHBoxLayout;
    m_search = new QLineEdit(page);
    m_search->setObjectName(u"gallerySearch"_s);
    m_search->setPlaceholderText(tr("Search prompts and models"));
    m_search->setAccessibleName(tr("Search the gallery"));
    m_search->setClearButtonEnabled(true);
    m_modelFilter = new QComboBox(page);
    m_modelFilter->setAccessibleName(tr("Filter the gallery by model"));
    filters->addWidget(m_search, 1);
    filters->addWidget(m_modelFilter);
    v->addLayout(filters);

    m_galleryView = new QListView(page);
    m_galleryView->setObjectName(u"galleryView"_s);
    m_galleryView->setAccessibleName(tr("Gallery"));
    m_galleryView->setViewMode(QListView::IconMode);
    m_galleryView->setResizeMode(QListView::Adjust);
    m_galleryView->setMovement(QListView::Static);
    m_galleryView->setUniformItemSizes(true);
    const int edge = m_thumbs ? m_thumbs->edge() : 192;
    m_galleryView->setIconSize(QSize(edge, edge));
    m_galleryView->setGridSize(QSize(edge + 24, edge + fontMetrics().height() + 20));
    m_galleryView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_galleryView->setLayoutMode(QListView::Batched);
    m_galleryView->setBatchSize(200);
    m_galleryView->setModel(m_gallery);
    v->addWidget(m_galleryView, 1);

    // Two rows, so the gallery's minimum width leaves room for the Cost dock at 1280 px.
    auto *bar = new QHBoxLayout;
    auto *bar2 = new QHBoxLayout;
    QHBoxLayout *target = bar;
    const auto button = [&](const QString &text, const QString &name) {
        auto *b = new QPushButton(text, page);
        b->setAccessibleName(name);
        target->addWidget(b);
        return b;
    };
    auto *open = button(tr("Open"), tr("Open the selected image"));
    auto *compare = button(tr("Compare A/B"), tr("Compare the two selected images"));
    auto *rerun = button(tr("Re-run"), tr("Run again with the same parameters"));
    auto *exportRun = button(tr("Export run…"), tr("Export the selected image's run"));
    auto *remove = button(tr("Delete"), tr("Delete the selected images and their files"));
    target = bar2;
    auto *chat = button(tr("Send to chat"), tr("Send the selected image to the chat"));
    auto *frame
        = button(tr("Use as first frame"), tr("Use the selected image as a video's first frame"));
    bar->insertStretch(0, 1);
    bar2->insertStretch(0, 1);
    v->addLayout(bar);
    v->addLayout(bar2);

    connect(m_search, &QLineEdit::textChanged, this, &ImageTab::refreshGalleryFilter);
    connect(m_modelFilter, &QComboBox::currentIndexChanged, this, &ImageTab::refreshGalleryFilter);
    connect(m_galleryView, &QListView::doubleClicked, this,
        [this](const QModelIndex &i) { openViewer(i.data(GalleryModel::PathRole).toString()); });
    connect(open, &QPushButton::clicked, this, [this] {
        if (!selectedPath().isEmpty())
            openViewer(selectedPath());
    });
    connect(compare, &QPushButton::clicked, this, [this] {
        const QModelIndexList sel = m_galleryView->selectionModel()->selectedIndexes();
        if (sel.size() == 2)
            openViewer(sel.at(0).data(GalleryModel::PathRole).toString(),
                sel.at(1).data(GalleryModel::PathRole).toString());
    });
    connect(rerun, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedGalleryIds();
        if (!ids.isEmpty())
            this->rerun(ids.first());
    });
    connect(exportRun, &QPushButton::clicked, this, &ImageTab::exportSelectedRun);
    connect(remove, &QPushButton::clicked, this, &ImageTab::deleteSelected);
    connect(chat, &QPushButton::clicked, this, [this] {
        if (!selectedPath().isEmpty())
            Q_EMIT sendToChatRequested(selectedPath());
    });
    connect(frame, &QPushButton::clicked, this, [this] {
        if (!selectedPath().isEmpty())
            Q_EMIT useAsFirstFrameRequested(selectedPath());
    });
    if (m_store) {
        const auto refreshModels = [this] {
            const QString current = m_modelFilter->currentData().toString();
            const QSignalBlocker block(m_modelFilter);
            m_modelFilter->clear();
            m_modelFilter->addItem(tr("All models"), QString());
            for (const QString &m : m_store->models())
                m_modelFilter->addItem(m, m);
            m_modelFilter->setCurrentIndex(qMax(0, m_modelFilter->findData(current)));
        };
        refreshModels();
        connect(m_store, &ImageGalleryStore::imageAdded, this, refreshModels);
    }
    return page;
}

void ImageTab::refreshGalleryFilter()
{
    m_gallery->setFilter({m_search->text(), m_modelFilter->currentData().toString()});
}

QList<qint64> ImageTab::selectedGalleryIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &i : m_galleryView->selectionModel()->selectedIndexes())
        ids.append(i.data(GalleryModel::IdRole).toLongLong());
    return ids;
}

QString ImageTab::selectedPath() const
{
    const QModelIndexList sel = m_galleryView->selectionModel()->selectedIndexes();
    return sel.isEmpty() ? QString() : sel.first().data(GalleryModel::PathRole).toString();
}

void ImageTab::deleteSelected()
{
    const QList<qint64> ids = selectedGalleryIds();
    if (ids.isEmpty() || !m_store)
        return;
    for (qint64 id : ids) {
        if (const auto img = m_store->image(id); img && m_thumbs)
            m_thumbs->forget(m_store->absolutePath(*img));
        m_store->remove(id);
    }
}

void ImageTab::exportSelectedRun()
{
    const QModelIndexList sel = m_galleryView->selectionModel()->selectedIndexes();
    if (sel.isEmpty() || !m_store)
        return;
    const QString run = sel.first().data(GalleryModel::RunRole).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export run to"));
    if (dir.isEmpty())
        return;
    QString why;
    if (!m_store->exportRun(run, QDir(dir).filePath(u"run-"_s + run.left(8)), &why))
        QMessageBox::warning(this, tr("Export run"), why);
}

void ImageTab::rerun(qint64 galleryId)
{
    if (!m_store)
        return;
    const std::optional<GalleryImage> img = m_store->image(galleryId);
    if (!img)
        return;
    ImageRunSpec s;
    s.prompt = img->prompt;
    s.size = img->params.value(u"size"_s).toString(s.size);
    s.n = img->params.value(u"n"_s).toInt(1);
    s.quality = img->params.value(u"quality"_s).toString();
    if (img->params.contains(u"seed"_s))
        s.seed = img->params.value(u"seed"_s).toString().toLongLong();
    s.responseFormat = img->params.value(u"response_format"_s).toString();
    s.messagesModel = img->params.value(u"messages_model"_s).toString(spec().messagesModel);
    if (!adoptSource(*img, s))
        return;
    // Every lane of the original run, with the parameters it had.
    QList<RunLane> lanes;
    for (const GalleryImage &g : m_store->run(img->runId)) {
        // An edit made before sources were kept re-runs as text to image.
        const RunLane lane {
            g.model, g.route == u"edits"_s && s.source.isEmpty() ? u"images"_s : g.route};
        if (std::none_of(lanes.cbegin(), lanes.cend(),
                [&](const RunLane &l) { return l.model == lane.model && l.route == lane.route; }))
            lanes.append(lane);
    }
    s.lanes = lanes;
    m_prompt->setPlainText(s.prompt);
    m_pages->setCurrentIndex(0);
    m_controller->start(s);
    updateButtons();
}

// An edit is re-run on the source it was made from (kept beside the images).
bool ImageTab::adoptSource(const GalleryImage &img, ImageRunSpec &s)
{
    const QString file = img.params.value(u"source_file"_s).toString();
    if (file.isEmpty()) {
        clearSource();
        return true; // text to image
    }
    const QString path = QDir(m_store->imagesDir()).filePath(QFileInfo(file).fileName());
    QFile f(path);
    if (f.size() > kMaxSourceBytes || !f.open(QIODevice::ReadOnly)) {
        m_notice->setText(tr("The source image of this run is gone (%1): it cannot be re-run.")
                              .arg(img.params.value(u"source"_s).toString()));
        m_notice->setVisible(true);
        return false;
    }
    s.source = f.readAll();
    s.sourceName = img.params.value(u"source"_s).toString(file);
    s.sourceMediaType = img.params.value(u"source_type"_s).toString(u"image/png"_s);
    s.sourceFile = QFileInfo(file).fileName(); // shared with the run it came from
    showSource(s.source, s.sourceName, s.sourceMediaType, QImageReader(path).size());
    m_sourceFile = s.sourceFile;
    return true;
}

QString ImageTab::describeRun() const
{
    const ImageRunModel *m = m_controller->model();
    const int done = m->count(RunCell::State::Done);
    const int failed = m->count(RunCell::State::Failed);
    const int cancelled = m->count(RunCell::State::Cancelled);
    const int pending = m->count(RunCell::State::Pending);
    Credits charged = 0;
    for (int c = 0; c < m->columnCount(); ++c)
        for (int r = 0; r < m->rowCount(); ++r)
            charged += m->cell(r, c).charged.value_or(0);
    QString text = tr("%1 done · %2 failed (not billed) · %3 cancelled · %4 waiting · charged %5")
                       .arg(done)
                       .arg(failed)
                       .arg(cancelled)
                       .arg(pending)
                       .arg(formatUsd(charged));
    return text;
}

void ImageTab::openGridCell(const QModelIndex &index)
{
    const QString path = index.data(ImageRunModel::PathRole).toString();
    if (!path.isEmpty())
        openViewer(path);
}

void ImageTab::compareSelection()
{
    QStringList paths;
    for (const QModelIndex &i : m_grid->selectionModel()->selectedIndexes()) {
        const QString p = i.data(ImageRunModel::PathRole).toString();
        if (!p.isEmpty())
            paths.append(p);
    }
    if (paths.size() >= 2)
        openViewer(paths.at(0), paths.at(1));
}

void ImageTab::openViewer(const QString &path, const QString &compare)
{
    QPointer<ImageTab> self(this);
    QCoro::connect(decodePair(path, compare), this,
        [self, path, compare](const std::pair<QImage, QImage> &images) {
            if (!self || images.first.isNull())
                return;
            if (!self->m_viewer) {
                self->m_viewer = new ImageViewer(self->window());
                self->m_viewer->setAttribute(Qt::WA_DeleteOnClose);
                self->m_viewer->setObjectName(u"imageTabViewer"_s);
            }
            ImageViewer *v = self->m_viewer;
            // One set of actions per viewer; the current file is looked up when clicked.
            v->setProperty("path", path);
            if (!v->findChild<QPushButton *>(u"sendToChat"_s)) {
                auto *chat = v->addAction(tr("Send to chat"), u"sendToChat"_s);
                auto *frame = v->addAction(tr("Use as first frame"), u"useAsFirstFrame"_s);
                QObject::connect(chat, &QPushButton::clicked, self, [self, v] {
                    if (self)
                        Q_EMIT self->sendToChatRequested(v->property("path").toString());
                });
                QObject::connect(frame, &QPushButton::clicked, self, [self, v] {
                    if (self)
                        Q_EMIT self->useAsFirstFrameRequested(v->property("path").toString());
                });
            }
            v->setImage(images.first, {}, QFileInfo(path).fileName());
            v->setFileSize(QFileInfo(path).size());
            v->setCompareImage(images.second, QFileInfo(path).baseName().left(8),
                QFileInfo(compare).baseName().left(8));
            v->show();
            v->raise();
        });
}

} // namespace bsp::ui
