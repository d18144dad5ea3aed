// ChatTab: the history sidebar (search, open, rename, delete, export) and presets.

#include "ui/chat/chattab.h"

#include "ui/chat/chatcontroller.h"
#include "ui/chat/comparepanel.h"
#include "ui/chat/conversationview.h"
#include "ui/chat/messageview.h"
#include "ui/chat/parameterpanel.h"

#include "core/chatstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace bsp::ui {

using namespace Qt::StringLiterals;

QWidget *ChatTab::buildSidebar()
{
    auto *box = new QWidget(this);
    m_search = new QLineEdit(box);
    m_search->setObjectName(u"chatSearch"_s);
    m_search->setPlaceholderText(tr("Search conversations"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search conversations"));
    m_list = new QListWidget(box);
    m_list->setObjectName(u"chatHistory"_s);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setAccessibleName(tr("Conversations"));
    auto *newChat = new QPushButton(tr("New chat"), box);
    auto *newCompare = new QPushButton(tr("New compare"), box);
    newCompare->setObjectName(u"newCompare"_s);
    auto *rename = new QPushButton(tr("Rename"), box);
    auto *remove = new QPushButton(tr("Delete"), box);
    // One Export button with the two formats: the sidebar stays narrow.
    auto *exportButton = new QPushButton(tr("Export"), box);
    exportButton->setObjectName(u"exportConversation"_s);
    auto *formats = new QMenu(exportButton);
    formats->addAction(tr("Markdown…"), this, [this] { exportCurrent(true); });
    formats->addAction(tr("JSON…"), this, [this] { exportCurrent(false); });
    exportButton->setMenu(formats);

    auto *row1 = new QHBoxLayout;
    row1->addWidget(newChat);
    row1->addWidget(newCompare);
    auto *row2 = new QHBoxLayout;
    row2->addWidget(rename);
    row2->addWidget(remove);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row1);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addLayout(row2);
    layout->addWidget(exportButton);

    // Searching the turns' text is not free: wait until the user pauses typing.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(kSearchDebounceMs);
    connect(debounce, &QTimer::timeout, this, &ChatTab::refreshHistory);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_list, &QListWidget::itemActivated, this,
        [this](QListWidgetItem *item) { openConversation(item->data(Qt::UserRole).toLongLong()); });
    connect(m_list, &QListWidget::itemClicked, this,
        [this](QListWidgetItem *item) { openConversation(item->data(Qt::UserRole).toLongLong()); });
    connect(newChat, &QPushButton::clicked, this, &ChatTab::newConversation);
    connect(newCompare, &QPushButton::clicked, this, &ChatTab::newCompare);
    connect(rename, &QPushButton::clicked, this, &ChatTab::renameCurrent);
    connect(remove, &QPushButton::clicked, this, &ChatTab::deleteCurrent);
    return box;
}

void ChatTab::refreshHistory()
{
    const QList<Conversation> all = store()->conversations(m_search ? m_search->text() : QString());
    m_list->clear();
    for (const Conversation &c : all) {
        // Title, then when it was last used: the time today, the date before.
        const QString when = c.updated.date() == QDate::currentDate()
            ? QLocale().toString(c.updated.time(), QLocale::ShortFormat)
            : QLocale().toString(c.updated.date(), QLocale::ShortFormat);
        const QString title = (c.kind == u"compare"_s ? tr("⇆ %1") : u"%1"_s).arg(c.title);
        auto *item = new QListWidgetItem(title + u'\n' + when, m_list);
        item->setData(Qt::UserRole, c.id);
        item->setData(Qt::AccessibleTextRole, tr("%1, %2").arg(title, when));
        item->setToolTip(tr("%1 · %2").arg(
            QLocale().toString(c.updated, QLocale::ShortFormat), formatUsd(c.totalCredits)));
        if (c.id == currentConversation())
            m_list->setCurrentItem(item);
    }
}

void ChatTab::newConversation()
{
    if (isStreaming())
        stop();
    cancelEdit();
    const ChatParams keep = params();
    m_controller->setConversationId(0);
    m_compare = false;
    m_conversation->clear();
    m_streamView = nullptr;
    m_stack->setCurrentIndex(0);
    m_paramsPanel->setCompareMode(false);
    m_list->clearSelection();
    setParams(keep);
    updateTotal();
    updateEstimate();
    updateButtons();
}

void ChatTab::newCompare()
{
    newConversation();
    m_compare = true;
    m_paramsPanel->setCompareMode(true);
    m_stack->setCurrentIndex(1);
    m_comparePanel->clearAnswers();
    m_comparePanel->setPrompt({});
    updateEstimate();
}

bool ChatTab::openConversation(qint64 id)
{
    if (id == currentConversation() && id != 0)
        return true;
    const std::optional<Conversation> c = store()->conversation(id);
    if (!c)
        return false;
    if (isStreaming())
        stop();
    cancelEdit();
    m_controller->setConversationId(0); // no saves while loading
    showConversation(*c);
    m_controller->setConversationId(id);
    refreshHistory();
    updateTotal();
    updateEstimate();
    updateButtons();
    Q_EMIT conversationChanged(id);
    return true;
}

void ChatTab::showConversation(const Conversation &c)
{
    m_conversation->clear();
    m_streamView = nullptr;
    m_compare = c.kind == u"compare"_s;
    m_paramsPanel->setCompareMode(m_compare);
    m_stack->setCurrentIndex(m_compare ? 1 : 0);
    setParams(c.params);
    const QList<ChatTurn> all = store()->turns(c.id);
    if (m_compare) {
        m_comparePanel->setColumnParams(c.columns);
        m_paramsPanel->setColumnCount(m_comparePanel->columnCount());
        showCompareTurns(all);
    } else {
        for (const ChatTurn &t : all)
            m_conversation->addView(t);
    }
}

void ChatTab::showCompareTurns(const QList<ChatTurn> &all)
{
    m_comparePanel->clearAnswers();
    // Show the latest prompt and its column answers.
    int lastUserSeq = -1;
    for (const ChatTurn &t : all)
        if (t.role == u"user"_s)
            lastUserSeq = t.seq;
    for (const ChatTurn &t : all) {
        if (t.role == u"user"_s && t.seq == lastUserSeq) {
            m_conversation->addView(t)->setActionsVisible(false);
            m_comparePanel->setPrompt(t.text());
        } else if (t.seq > lastUserSeq && t.column >= 0 && t.column < m_comparePanel->columnCount())
            m_comparePanel->column(t.column)->setTurn(t);
    }
    m_comparePanel->updateSummary();
}

void ChatTab::renameCurrent()
{
    const std::optional<Conversation> c = store()->conversation(currentConversation());
    if (!c)
        return;
    bool ok = false;
    const QString title = QInputDialog::getText(
        this, tr("Rename conversation"), tr("Title:"), QLineEdit::Normal, c->title, &ok);
    if (ok && !title.trimmed().isEmpty()) {
        store()->rename(currentConversation(), title.trimmed());
        refreshHistory();
    }
}

void ChatTab::deleteCurrent()
{
    const std::optional<Conversation> c = store()->conversation(currentConversation());
    if (!c)
        return;
    if (QMessageBox::question(
            this, tr("Delete conversation"), tr("Delete “%1” and all its messages?").arg(c->title))
        != QMessageBox::Yes)
        return;
    const qint64 id = currentConversation();
    newConversation();
    store()->remove(id);
    refreshHistory();
}

void ChatTab::exportCurrent(bool markdown)
{
    const std::optional<Conversation> c = store()->conversation(currentConversation());
    if (!c)
        return;
    const QString suffix = markdown ? u".md"_s : u".json"_s;
    QString base = c->title;
    base.replace(QRegularExpression(u"[^\\w\\- ]+"_s), u"_"_s);
    const QString path = QFileDialog::getSaveFileName(this,
        markdown ? tr("Export as Markdown") : tr("Export as JSON"), base + suffix,
        markdown ? tr("Markdown (*.md)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    QSaveFile f(path);
    const QByteArray bytes
        = markdown ? store()->exportMarkdown(c->id).toUtf8() : store()->exportJson(c->id);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        QMessageBox::warning(
            this, tr("Export"), tr("Could not write %1: %2").arg(path, f.errorString()));
}

void ChatTab::refreshPresets()
{
    QStringList names, tips;
    const QList<ComparePreset> all = store()->presets();
    for (const ComparePreset &p : all) {
        QStringList models;
        for (const ChatParams &c : p.columns)
            models.append(c.model);
        names.append(p.name);
        tips.append(models.join(u", "_s));
    }
    m_paramsPanel->setPresets(names, tips);
}

void ChatTab::savePreset()
{
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Save preset"), tr("Preset name:"), QLineEdit::Normal, {}, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    store()->savePreset({name.trimmed(), m_comparePanel->columnParams(params())});
    refreshPresets();
}

void ChatTab::applyPreset(int index)
{
    const QList<ComparePreset> all = store()->presets();
    if (index < 0 || index >= all.size() || all.at(index).columns.isEmpty())
        return;
    const QList<ChatParams> cols = all.at(index).columns;
    // The shared params come from the first column; each column keeps its model.
    ChatParams shared = cols.first();
    setParams(shared);
    m_comparePanel->setColumnParams(cols);
    m_paramsPanel->setColumnCount(m_comparePanel->columnCount());
    saveParams();
    updateEstimate();
}

} // namespace bsp::ui
