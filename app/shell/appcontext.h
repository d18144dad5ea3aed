#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

class QWidget;

namespace bsp {
class ChatStore;
class CostService;
class GatewayClient;
class Ledger;
class Profiles;
class SecretStore;
class ImageGalleryStore;
class TaskTracker;
class DesktopNotifier;
class ThumbnailCache;
class VectorCache;
class VideoTaskStore;
} // namespace bsp

namespace bsp::ui {
class ConnectionController;
class CostPanel;
class MainWindow;
enum class TabId;
} // namespace bsp::ui

namespace bsp::app {

class SandboxHost;

struct AppOptions
{
    QString dataDir; // the database, the sandbox's state, media
    QString configDir; // profiles.ini
    // False: the caller points the Sandbox profile at a gateway itself
    // (window()->setSandboxEndpoint), e.g. a test's own server.
    bool startSandbox = true;
    // The sandbox program (empty: bytespike-sandbox next to the app's executable).
    QString sandboxExecutable;
    std::chrono::milliseconds reconcileInterval {std::chrono::minutes(5)};
};

// The composition root, shared by main() and the tests: creates every service,
// connects them to each other (client → cost service → ledger, the connection
// controller → client, stores), builds the main window and hands the widgets the
// services they use. Widgets never open a database or connect two services.
//
// Start-up is in two steps so the first paint stays cheap: the constructor builds
// objects that touch neither the disk nor the network; startServices() (after the
// first paint) opens the database, starts the sandbox, builds the current tab and
// connects the profile.
class AppContext final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppContext)

public:
    using TabFactory = std::function<QWidget *()>;

    explicit AppContext(AppOptions options, QObject *parent = nullptr);
    ~AppContext() override;

    // Opens the stores, starts the sandbox, builds the tab on screen and connects
    // `profileId` (empty: the last one used). Once; later calls do nothing.
    void startServices(const QString &profileId = {});
    bool isStarted() const { return m_started; }

    // A tab's page, built the first time the tab is shown after startServices().
    void addTab(ui::TabId tab, TabFactory factory);

    const AppOptions &options() const { return m_options; }
    QString databasePath() const;
    QString embeddingsFolder() const;
    GatewayClient *client() const { return m_client.get(); }
    SecretStore *secrets() const { return m_secrets.get(); }
    Profiles *profiles() const { return m_profiles.get(); }
    Ledger *ledger() const { return m_ledger.get(); }
    CostService *cost() const { return m_cost.get(); }
    ChatStore *chatStore() const { return m_chatStore.get(); }
    TaskTracker *taskTracker() const { return m_tracker.get(); }
    ui::MainWindow *window() const { return m_window.get(); }
    ui::ConnectionController *connection() const;
    ui::CostPanel *costPanel() const; // null once replaced or deleted

Q_SIGNALS:
    // startServices() opened the stores (ledgerOpen: the ledger could be used).
    void started(bool ledgerOpen);

private:
    void wireServices();
    void openStores();
    void startSandbox();
    void addChatTab();
    void addImageTab();
    void addVideoTab();
    void addEmbeddingsTab();

    AppOptions m_options;
    bool m_started = false;
    // Declaration order is destruction order in reverse: the window goes first, the
    // client (which the services point at) last.
    std::unique_ptr<GatewayClient> m_client;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<Profiles> m_profiles;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<ChatStore> m_chatStore;
    std::unique_ptr<CostService> m_cost;
    std::unique_ptr<VectorCache> m_vectorCache;
    std::unique_ptr<VideoTaskStore> m_videoStore;
    std::unique_ptr<TaskTracker> m_tracker;
    std::unique_ptr<ImageGalleryStore> m_gallery;
    std::unique_ptr<ThumbnailCache> m_thumbnails;
    std::unique_ptr<DesktopNotifier> m_notifier; // the Video tab's, when a task ends
    std::unique_ptr<SandboxHost> m_sandbox;
    std::unique_ptr<ui::MainWindow> m_window;
    QPointer<ui::CostPanel> m_costPanel;
    int m_interruptedCalls = 0; // marked at start; reconciled on the first connection
};

} // namespace bsp::app
