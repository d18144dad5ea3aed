#include "ui/mainwindow.h"

#include "core/gatewayclient.h"
#include "core/ledger.h"
#include "core/profiles.h"
#include "core/secretstore.h"
#include "ui/settings/profilesdialog.h"
#include "ui/widgets/connectionindicator.h"
#include "ui/widgets/costsummary.h"
#include "ui/widgets/notbuiltpage.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {
constexpr TabId kTabs[] = {TabId::Chat, TabId::Image, TabId::Video, TabId::Embeddings};
} // namespace

MainWindow::MainWindow(const AppServices &services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_sessionStart(QDateTime::currentDateTime())
    , m_connection(new ConnectionController(services.client, this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("ByteSpike Playground"));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"modalityTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Modalities"));
    // Blank until startTabs(), after the first paint: a tab is built on its first show.
    for (TabId tab : kTabs) {
        auto *pending = new QWidget;
        pending->setObjectName(u"pendingTab"_s);
        m_tabs->addTab(pending, tabName(tab));
    }
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::buildTabIfNeeded);

    m_costDock = new QDockWidget(tr("Cost"), this);
    m_costDock->setObjectName(u"costDock"_s);
    m_costDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
        | QDockWidget::DockWidgetClosable);
    m_costSummary = new CostSummary(m_costDock);
    m_costDock->setWidget(m_costSummary);
    addDockWidget(Qt::RightDockWidgetArea, m_costDock);

    buildProfileBar();
    buildMenus();
    buildStatusBar();

    connect(m_connection, &ConnectionController::stateChanged, m_indicator,
        &ConnectionIndicator::setState);
    connect(m_connection, &ConnectionController::balanceChanged, this, &MainWindow::showBalance);
    connect(m_services.profiles, &Profiles::profilesChanged, this, &MainWindow::reloadProfileCombo);
    connect(m_services.profiles, &Profiles::currentChanged, this, &MainWindow::connectCurrent);
    connect(m_services.secrets, &SecretStore::fallbackActivated, this,
        &MainWindow::updateKeyStorageNotice);

    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(1280, 800);
    // First run: the Cost dock wide enough for the ledger's model, status and cost
    // columns, set once the window is shown (before that the layout has no width).
    m_dockWidthPending = !restoreState(settings.value(u"window/state"_s).toByteArray());
}

MainWindow::~MainWindow() = default;

QString MainWindow::tabName(TabId tab)
{
    switch (tab) {
    case TabId::Chat:
        return tr("Chat");
    case TabId::Image:
        return tr("Image");
    case TabId::Video:
        return tr("Video");
    case TabId::Embeddings:
        return tr("Embeddings");
    }
    return {};
}

void MainWindow::setTabWidget(TabId tab, QWidget *widget)
{
    const int index = int(tab);
    m_factories.remove(index);
    const int current = m_tabs->currentIndex();
    QWidget *old = m_tabs->widget(index);
    m_replacingTab = true;
    m_tabs->removeTab(index);
    m_tabs->insertTab(index, widget, tabName(tab));
    m_tabs->setCurrentIndex(current);
    m_replacingTab = false;
    delete old;
}

void MainWindow::setTabFactory(TabId tab, TabFactory factory)
{
    m_factories.insert(int(tab), std::move(factory));
    if (m_tabsStarted && m_tabs->currentIndex() == int(tab))
        buildTabIfNeeded(int(tab));
}

void MainWindow::startTabs()
{
    // The tab shown when the app was last closed.
    const int last = QSettings().value(u"window/tab"_s, 0).toInt();
    if (last > 0 && last < m_tabs->count())
        m_tabs->setCurrentIndex(last);
    m_tabsStarted = true;
    // A tab nobody builds says so.
    for (TabId tab : kTabs)
        if (!m_factories.contains(int(tab)) && tabWidget(tab)->objectName() == u"pendingTab"_s)
            setTabWidget(tab, new NotBuiltPage(tabName(tab)));
    buildTabIfNeeded(m_tabs->currentIndex());
}

void MainWindow::buildTabIfNeeded(int index)
{
    if (!m_tabsStarted || m_replacingTab)
        return;
    const auto it = m_factories.constFind(index);
    if (it == m_factories.cend())
        return;
    const TabFactory factory = *it;
    m_factories.erase(it);
    if (QWidget *page = factory())
        setTabWidget(TabId(index), page);
}

QWidget *MainWindow::tabWidget(TabId tab) const
{
    return m_tabs->widget(int(tab));
}

void MainWindow::setCostWidget(QWidget *widget)
{
    QWidget *old = m_costDock->widget();
    m_costDock->setWidget(widget);
    m_costSummary = nullptr;
    delete old;
}

QWidget *MainWindow::costWidget() const
{
    return m_costDock->widget();
}

void MainWindow::setLedger(Ledger *ledger)
{
    if (m_costSummary)
        m_costSummary->setLedger(ledger, m_sessionStart);
}

void MainWindow::setLedgerUnavailable(const QString &reason)
{
    if (m_costSummary)
        m_costSummary->setUnavailable(reason);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(u"fileMenu"_s);
    QAction *newChat = file->addAction(tr("&New chat"), this, [this] {
        m_tabs->setCurrentIndex(int(TabId::Chat));
        Q_EMIT newChatRequested();
    });
    newChat->setObjectName(u"newChatAction"_s);
    newChat->setShortcut(QKeySequence::New);
    QAction *exportLedger
        = file->addAction(tr("&Export ledger…"), this, &MainWindow::exportLedgerRequested);
    exportLedger->setObjectName(u"exportAction"_s);
    exportLedger->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addSeparator();
    QAction *settingsAction
        = file->addAction(tr("&Settings…"), this, &MainWindow::openProfilesDialog);
    settingsAction->setObjectName(u"settingsAction"_s);
    settingsAction->setShortcut(QKeySequence::Preferences);
    if (settingsAction->shortcut().isEmpty())
        settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));
    settingsAction->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(u"quitAction"_s);
    quit->setShortcut(QKeySequence::Quit);
    if (quit->shortcut().isEmpty())
        quit->setShortcut(QKeySequence(tr("Ctrl+Q")));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *settingsMenu = menuBar()->addMenu(tr("&Settings"));
    settingsMenu->addAction(tr("&Profiles…"), this, &MainWindow::openProfilesDialog);
    QMenu *language = settingsMenu->addMenu(tr("&Language"));
    auto *group = new QActionGroup(language);
    const QString current = QSettings().value(u"language"_s).toString();
    const QList<QPair<QString, QString>> languages
        = {{u"en"_s, u"English"_s}, {u"zh_CN"_s, u"中文"_s}};
    for (const auto &[code, name] : languages) {
        QAction *action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(current == code || (current.isEmpty() && code == u"en"_s));
        action->setData(code);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] { setLanguage(code); });
    }
    QAction *costAction = m_costDock->toggleViewAction();
    costAction->setText(tr("Show &Cost panel"));
    settingsMenu->addSeparator();
    settingsMenu->addAction(costAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ByteSpike Playground"), this, &MainWindow::showAbout);
}

void MainWindow::buildProfileBar()
{
    // In the tab bar's corner rather than a tool bar of its own: one row less at 800 px
    // high, and no tool bar whose extension icon is loaded before the first paint.
    auto *bar = new QWidget(m_tabs);
    bar->setObjectName(u"profileBar"_s);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(6, 2, 6, 2);
    row->setSpacing(4);
    auto *label = new QLabel(tr("Profile:"), bar);
    row->addWidget(label);
    m_profileCombo = new QComboBox(bar);
    m_profileCombo->setObjectName(u"profileCombo"_s);
    m_profileCombo->setAccessibleName(tr("Gateway profile"));
    label->setBuddy(m_profileCombo);
    m_profileCombo->setMinimumContentsLength(18);
    m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    row->addWidget(m_profileCombo);
    auto addButton = [bar, row](const QString &text, const QString &accessible) {
        auto *button = new QToolButton(bar);
        button->setText(text);
        button->setAccessibleName(accessible);
        button->setAutoRaise(true);
        row->addWidget(button);
        return button;
    };
    connect(addButton(tr("Edit profiles…"), tr("Edit profiles")), &QToolButton::clicked, this,
        &MainWindow::openProfilesDialog);
    connect(addButton(tr("Refresh"), tr("Refresh the connection")), &QToolButton::clicked,
        m_connection, &ConnectionController::refresh);
    m_tabs->setCornerWidget(bar, Qt::TopRightCorner);
    reloadProfileCombo();
    connect(m_profileCombo, &QComboBox::activated, this,
        [this](int index) { selectProfile(m_profileCombo->itemData(index).toString()); });
}

void MainWindow::buildStatusBar()
{
    m_indicator = new ConnectionIndicator(statusBar());
    statusBar()->addWidget(m_indicator, 1);

    m_keyNotice = new QLabel(statusBar());
    m_keyNotice->setObjectName(u"keyStorageNotice"_s);
    m_keyNotice->setStyleSheet(u"color:#a15c00;"_s);
    m_keyNotice->hide();
    statusBar()->addPermanentWidget(m_keyNotice);

    m_balance = new QLabel(statusBar());
    m_balance->setObjectName(u"balanceLabel"_s);
    m_balance->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_balance);
    showBalance(std::nullopt);
    updateKeyStorageNotice();
}

void MainWindow::showBalance(std::optional<Credits> remaining)
{
    m_balance->setText(remaining ? tr("Balance %1").arg(formatUsd(*remaining)) : tr("Balance —"));
}

void MainWindow::setLanguage(const QString &language)
{
    QSettings settings;
    const QString before = settings.value(u"language"_s).toString();
    settings.setValue(u"language"_s, language);
    Q_EMIT languageChosen(language);
    if (before == language)
        return;
    statusBar()->showMessage(tr("The language applies after a restart."), 8000);
    auto *box = new QMessageBox(QMessageBox::Information, tr("Language"),
        tr("The new language applies after a restart of ByteSpike Playground."),
        QMessageBox::NoButton, this);
    box->setObjectName(u"languageRestartBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *now = box->addButton(tr("Restart now"), QMessageBox::AcceptRole);
    box->addButton(tr("Later"), QMessageBox::RejectRole);
    connect(now, &QPushButton::clicked, this, &MainWindow::restart);
    box->open();
}

void MainWindow::restart()
{
    // The same program and arguments, once this window has closed (and saved its state).
    const QString program = QCoreApplication::applicationFilePath();
    QStringList arguments = QCoreApplication::arguments().mid(1);
    // A --lang given at start would override the choice just made.
    for (qsizetype i = arguments.indexOf(u"--lang"_s); i >= 0; i = arguments.indexOf(u"--lang"_s))
        arguments.remove(i, qMin<qsizetype>(2, arguments.size() - i));
    if (!close())
        return;
    QProcess::startDetached(program, arguments);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ByteSpike Playground"),
        tr("<h3>ByteSpike Playground %1</h3>"
           "<p>A native playground for the ByteSpike multimodal gateway.</p>"
           "<p>Data folder: <code>%2</code></p>")
            .arg(QStringLiteral(BSP_VERSION), m_services.dataDir.toHtmlEscaped()));
}

void MainWindow::reloadProfileCombo()
{
    const QSignalBlocker blocker(m_profileCombo);
    m_profileCombo->clear();
    for (const GatewayProfile &p : m_services.profiles->profiles())
        m_profileCombo->addItem(p.name, p.id);
    const int index = m_profileCombo->findData(m_services.profiles->currentId());
    m_profileCombo->setCurrentIndex(qMax(0, index));
}

void MainWindow::selectProfile(const QString &profileId)
{
    Profiles *profiles = m_services.profiles;
    QString id = profileId.isEmpty() ? profiles->currentId() : profileId;
    if (!profiles->profile(id))
        id = Profiles::sandboxId();
    // setCurrent() announces a change through currentChanged (-> connectCurrent); the
    // same profile again is a reconnect.
    if (id == profiles->currentId())
        connectCurrent();
    else
        profiles->setCurrent(id);
}

QString MainWindow::currentProfileId() const
{
    return m_currentProfile;
}

void MainWindow::setSandboxEndpoint(const QUrl &baseUrl, const QString &key)
{
    m_sandboxKey = key;
    m_sandboxError.clear();
    // Emits currentChanged (-> connectCurrent) when the sandbox is the current profile.
    m_services.profiles->setSandboxUrl(baseUrl);
}

void MainWindow::setSandboxFailed(const QString &error)
{
    m_sandboxError = error.isEmpty() ? tr("unknown error") : error;
    if (m_currentProfile == Profiles::sandboxId())
        connectCurrent();
}

void MainWindow::connectCurrent()
{
    const GatewayProfile profile = m_services.profiles->current();
    const bool changed = profile.id != m_currentProfile;
    m_currentProfile = profile.id;
    {
        const QSignalBlocker blocker(m_profileCombo);
        m_profileCombo->setCurrentIndex(qMax(0, m_profileCombo->findData(profile.id)));
    }
    ++m_keyGeneration;
    // The built-in sandbox is called "Sandbox" in the status whatever the list says.
    const QString name
        = profile.kind == GatewayProfile::Kind::Sandbox ? tr("Sandbox") : profile.name;
    if (profile.kind == GatewayProfile::Kind::Sandbox) {
        if (!m_sandboxError.isEmpty())
            m_connection->setOffline(
                profile.id, name, tr("the sandbox is not running: %1").arg(m_sandboxError));
        else if (!profile.baseUrl.isValid())
            m_connection->setPending(profile.id, name, tr("Starting the sandbox…"));
        else
            m_connection->connectTo(Endpoint {profile.id, name, profile.baseUrl,
                m_sandboxKey.isEmpty() ? QString::fromLatin1(kSandboxKey) : m_sandboxKey});
    } else {
        m_connection->setPending(profile.id, name, tr("Connecting to %1…").arg(name));
        const quint64 generation = m_keyGeneration;
        QCoro::connect(m_services.secrets->keyFor(profile), this,
            [this, generation, profile, name](const std::optional<QString> &key) {
                if (generation != m_keyGeneration)
                    return; // the user moved on meanwhile
                updateKeyStorageNotice();
                if (!key || key->isEmpty()) {
                    m_connection->setOffline(profile.id, name,
                        tr("no API key for %1 yet: add one in Settings › Profiles…").arg(name));
                    return;
                }
                m_connection->connectTo(Endpoint {profile.id, name, profile.baseUrl, *key});
            });
    }
    if (changed)
        Q_EMIT profileChanged(profile.id);
}

void MainWindow::updateKeyStorageNotice()
{
    const bool fallback = m_services.secrets->usingFallback();
    m_keyNotice->setText(tr("No keychain found: keys are stored in a private file (0600)"));
    m_keyNotice->setToolTip(fallback
            ? tr("%1\nFile: %2")
                  .arg(m_services.secrets->fallbackReason(), m_services.secrets->fallbackPath())
            : QString());
    m_keyNotice->setVisible(fallback);
}

ProfilesDialog *MainWindow::openProfilesDialog()
{
    auto *dialog = new ProfilesDialog(m_services.profiles, m_services.secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProfilesDialog::keyChanged, this, [this](const QString &profileId) {
        updateKeyStorageNotice();
        if (profileId == m_currentProfile)
            connectCurrent();
    });
    dialog->open();
    return dialog;
}

bool MainWindow::event(QEvent *event)
{
    if (event->type() == QEvent::Show && std::exchange(m_dockWidthPending, false))
        resizeDocks({m_costDock}, {460}, Qt::Horizontal);
    const bool result = QMainWindow::event(event);
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        // Queued, so the frame is flushed before start-up work begins.
        QTimer::singleShot(0, this, &MainWindow::firstPainted);
    }
    return result;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/tab"_s, m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

} // namespace bsp::ui
