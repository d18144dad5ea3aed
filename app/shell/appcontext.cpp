#include "shell/appcontext.h"

#include "core/chatstore.h"
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/imagegallerystore.h"
#include "core/indexbundle.h"
#include "core/ledger.h"
#include "core/platform/desktopnotifier.h"
#include "core/profiles.h"
#include "core/secretstore.h"
#include "core/tasktracker.h"
#include "core/thumbnailcache.h"
#include "core/vectorcache.h"
#include "core/videotaskstore.h"
#include "shell/sandboxhost.h"
#include "ui/chat/chattab.h"
#include "ui/cost/costpanel.h"
#include "ui/embeddings/embeddingstab.h"
#include "ui/image/imagetab.h"
#include "ui/mainwindow.h"
#include "ui/media/media.h"
#include "ui/widgets/notbuiltpage.h"

#include <QCoroTask>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace bsp::app {

Q_LOGGING_CATEGORY(lcApp, "bsp.app")

using ui::ConnectionController;

namespace {

// A damaged data file was put aside and replaced: say so, without blocking start-up.
void showDataNotice(QWidget *parent, const QString &notice)
{
    if (notice.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Warning,
        QCoreApplication::translate("main", "A data file was damaged"), notice, QMessageBox::Ok,
        parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// A tab's model list follows the connected profile: loaded now if one is connected,
// and again whenever one connects.
template<typename Tab>
void reloadModelsOnConnect(ConnectionController *connection, Tab *tab)
{
    QObject::connect(connection, &ConnectionController::stateChanged, tab,
        [tab](ConnectionController::State state) {
            if (state == ConnectionController::State::Connected)
                tab->reloadModels();
        });
    if (connection->state() == ConnectionController::State::Connected)
        tab->reloadModels();
}

} // namespace

AppContext::AppContext(AppOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_client(std::make_unique<GatewayClient>())
    , m_secrets(std::make_unique<SecretStore>(m_options.dataDir))
    , m_profiles(std::make_unique<Profiles>(m_options.configDir + u"/profiles.ini"_s))
    , m_ledger(std::make_unique<Ledger>(databasePath()))
    , m_chatStore(std::make_unique<ChatStore>(databasePath()))
    // The ledger joins once it is open (startServices), before any profile connects.
    , m_cost(std::make_unique<CostService>(m_client.get(), nullptr))
    , m_vectorCache(std::make_unique<VectorCache>(IndexBundle::cacheFolder(embeddingsFolder())))
    , m_videoStore(std::make_unique<VideoTaskStore>(databasePath()))
    , m_tracker(std::make_unique<TaskTracker>(
          m_client.get(), m_videoStore.get(), m_options.dataDir + u"/media"_s))
    , m_gallery(
          std::make_unique<ImageGalleryStore>(databasePath(), m_options.dataDir + u"/images"_s))
    , m_thumbnails(std::make_unique<ThumbnailCache>(m_options.dataDir + u"/image-thumbnails"_s))
    , m_notifier(std::make_unique<DesktopNotifier>())
    , m_sandbox(std::make_unique<SandboxHost>(m_options.sandboxExecutable))
{
    ui::AppServices services;
    services.client = m_client.get();
    services.profiles = m_profiles.get();
    services.secrets = m_secrets.get();
    services.cost = m_cost.get();
    services.dataDir = m_options.dataDir;
    m_window = std::make_unique<ui::MainWindow>(services);
    m_costPanel = new ui::CostPanel(m_cost.get());
    m_window->setCostWidget(m_costPanel);
    wireServices();
    addChatTab();
    addImageTab();
    addVideoTab();
    addEmbeddingsTab();
}

AppContext::~AppContext()
{
    // Widgets first (they hold pointers to the services), then the sandbox process.
    m_window.reset();
    m_sandbox->stop();
}

QString AppContext::databasePath() const
{
    return m_options.dataDir + u"/playground.sqlite"_s;
}

QString AppContext::embeddingsFolder() const
{
    return m_options.dataDir + u"/embeddings"_s;
}

ConnectionController *AppContext::connection() const
{
    return m_window->connection();
}

ui::CostPanel *AppContext::costPanel() const
{
    return m_costPanel;
}

void AppContext::wireServices()
{
    CostService *cost = m_cost.get();
    // The cost service books every call under the profile it was sent to: the client
    // stamps each record with its endpoint's profile; this is the fallback.
    connect(m_window.get(), &ui::MainWindow::profileChanged, cost, &CostService::setProfile);
    // The gateway's own rate card where it serves one (the bundled card otherwise),
    // fetched again whenever a profile connects.
    connect(connection(), &ConnectionController::stateChanged, cost,
        [cost](ConnectionController::State state) {
            if (state == ConnectionController::State::Connected)
                cost->refreshRateCardInBackground();
        });
    // Calls the last run was killed in: the gateway's usage says what they cost, so the
    // first connection reconciles at once instead of at the next periodic run.
    connect(connection(), &ConnectionController::stateChanged, cost,
        [this, cost](ConnectionController::State state) {
            if (state == ConnectionController::State::Connected && m_interruptedCalls > 0) {
                m_interruptedCalls = 0;
                cost->reconcileInBackground();
            }
        });
    // Unfinished video tasks resume once a profile is connected, whether or not the
    // Video tab was ever shown.
    connect(connection(), &ConnectionController::stateChanged, m_tracker.get(),
        [tracker = m_tracker.get()](ConnectionController::State state) {
            if (state == ConnectionController::State::Connected)
                tracker->start();
        });
}

void AppContext::addTab(ui::TabId tab, TabFactory factory)
{
    m_window->setTabFactory(tab, std::move(factory));
}

void AppContext::addChatTab()
{
    connect(m_window.get(), &ui::MainWindow::newChatRequested, this, [this] {
        // Showing the tab builds it (first show).
        m_window->tabs()->setCurrentIndex(int(ui::TabId::Chat));
        if (auto *chat = qobject_cast<ui::ChatTab *>(m_window->tabWidget(ui::TabId::Chat))) {
            chat->newConversation();
            chat->input()->setFocus();
        }
    });
    connect(m_window.get(), &ui::MainWindow::exportLedgerRequested, this, [this] {
        if (m_costPanel)
            m_costPanel->exportWithDialog(u"csv"_s);
    });
    addTab(ui::TabId::Chat, [this]() -> QWidget * {
        auto *chat = new ui::ChatTab(m_client.get(), m_cost.get(), m_chatStore.get());
        // The model list follows the connected profile; Send follows the connection.
        connect(connection(), &ConnectionController::stateChanged, chat,
            [chat](ConnectionController::State state, const QString &text) {
                const bool connected = state == ConnectionController::State::Connected;
                chat->setConnectionState(connected, text);
                if (connected)
                    chat->reloadModels();
            });
        chat->setConnectionState(connection()->state() == ConnectionController::State::Connected,
            connection()->statusText());
        return chat;
    });
}

void AppContext::addImageTab()
{
    addTab(ui::TabId::Image, [this]() -> QWidget * {
        auto *tab
            = new ui::ImageTab(m_client.get(), m_cost.get(), m_gallery.get(), m_thumbnails.get());
        reloadModelsOnConnect(connection(), tab);
        // Showing a tab builds it, so the target exists once it is current.
        connect(tab, &ui::ImageTab::sendToChatRequested, this, [this](const QString &path) {
            m_window->tabs()->setCurrentIndex(int(ui::TabId::Chat));
            if (auto *chat = qobject_cast<ui::ChatTab *>(m_window->tabWidget(ui::TabId::Chat)))
                chat->addAttachmentFile(path);
        });
        connect(tab, &ui::ImageTab::useAsFirstFrameRequested, this, [this](const QString &path) {
            m_window->tabs()->setCurrentIndex(int(ui::TabId::Video));
            if (auto *video
                = qobject_cast<ui::VideoTabBase *>(m_window->tabWidget(ui::TabId::Video)))
                video->setFirstFrameFile(path);
        });
        return tab;
    });
}

void AppContext::addVideoTab()
{
    addTab(ui::TabId::Video, [this]() -> QWidget * {
        // Qt Multimedia and what it loads come with the media library, on first show.
        const ui::MediaFactory *media = ui::media::factory();
        if (!media)
            return new ui::NotBuiltPage(tr("Video"), ui::media::loadError());
        ui::VideoTabBase *tab = media->createVideoTab(
            {m_tracker.get(), m_cost.get(), m_client.get(), m_notifier.get()});
        // The model list follows the connected profile.
        reloadModelsOnConnect(connection(), tab);
        return tab;
    });
}

// The Embeddings tab: its vector cache and current index live in DATA/embeddings
// (the cache in its cache/ folder, as every index folder keeps it).
void AppContext::addEmbeddingsTab()
{
    addTab(ui::TabId::Embeddings, [this]() -> QWidget * {
        // The controller opens the cache for the model of each run.
        auto *tab = new ui::EmbeddingsTab(
            m_client.get(), m_cost.get(), m_vectorCache.get(), embeddingsFolder());
        reloadModelsOnConnect(connection(), tab);
        return tab;
    });
}

void AppContext::startServices(const QString &profileId)
{
    if (std::exchange(m_started, true))
        return;
    if (m_options.startSandbox)
        startSandbox();
    openStores();
    m_cost->setReconcileInterval(m_options.reconcileInterval);
    m_window->startTabs();
    m_window->selectProfile(profileId);
}

void AppContext::startSandbox()
{
    const QPointer<ui::MainWindow> window(m_window.get());
    connect(m_sandbox.get(), &SandboxHost::lost, this, [window](const QString &reason) {
        if (window)
            window->setSandboxFailed(reason);
    });
    m_sandbox->start(m_options.dataDir + u"/sandbox-state.json"_s,
        [window](const QUrl &url, const QString &key, const QString &error, const QString &notice) {
            if (!window)
                return;
            showDataNotice(window, notice);
            if (error.isEmpty())
                window->setSandboxEndpoint(url, key);
            else
                window->setSandboxFailed(error);
        });
}

void AppContext::openStores()
{
    const bool ledgerOpen = m_ledger->open();
    showDataNotice(m_window.get(), m_ledger->recoveryMessage());
    if (ledgerOpen) {
        // The app is the ledger's one writer of started calls: those of the last run
        // that never finished were cut by a kill or a crash.
        m_interruptedCalls = m_ledger->markInterrupted();
        m_cost->setLedger(m_ledger.get());
        m_window->setLedger(m_ledger.get());
    } else {
        qCWarning(lcApp).noquote() << "ledger:" << m_ledger->lastError();
        m_window->setLedgerUnavailable(m_ledger->lastError());
    }
    if (!m_gallery->open())
        qCWarning(lcApp).noquote() << "image gallery:" << m_gallery->lastError();
    if (!m_videoStore->open())
        qCWarning(lcApp).noquote() << "video tasks:" << m_videoStore->lastError();
    if (!m_chatStore->open())
        qCWarning(lcApp).noquote() << "chat history:" << m_chatStore->lastError();
    Q_EMIT started(ledgerOpen);
}

} // namespace bsp::app
