// bytespike-playground: the composition root. Builds the services, hands them to the
// main window, and defers everything the first paint does not need (database, sandbox,
// network) until the window is on screen.
#include "core/costservice.h"
#include "core/gatewayclient.h"
#include "core/imagegallerystore.h"
#include "core/ledger.h"
#include "core/profiles.h"
#include "core/secretstore.h"
#include "core/thumbnailcache.h"
#include "sandbox/sandboxserver.h"
#include "ui/chat/chattab.h"
#include "ui/cost/costpanel.h"
#include "ui/image/imagetab.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <ctime>
#include <functional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// Milliseconds since the kernel started this process (exec, dynamic loading and static
// initialisers included), from /proc/self/stat; -1 where that is not available.
qint64 msSinceProcessStart()
{
    QFile stat(u"/proc/self/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22 (starttime) counts from the ')' closing the command name.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startTicks = fields.at(19).toDouble();
    timespec now {};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
    return qint64(nowMs - startTicks * 1000.0 / double(sysconf(_SC_CLK_TCK)));
}

qint64 rssKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// The sandbox gateway in its own thread: its QHttpServer and handlers never compete
// with the widgets for the UI thread.
class SandboxHost final : public QObject
{
public:
    using Ready = std::function<void(const QUrl &url, const QString &key, const QString &error)>;

    ~SandboxHost() override { stop(); }

    // `statePath`: where the sandbox keeps its wallets between runs.
    void start(const QString &statePath, Ready ready)
    {
        m_thread.setObjectName(u"sandbox"_s);
        m_anchor = new QObject;
        m_anchor->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(m_anchor, [this, statePath, ready = std::move(ready)] {
            // Constructed here, so the server and its sockets belong to the worker thread.
            bsp::sandbox::SandboxOptions options;
            options.statePath = statePath;
            m_server = new bsp::sandbox::SandboxServer(options);
            const quint16 port = m_server->listen();
            const QUrl url = port ? QUrl(m_server->baseUrl()) : QUrl();
            const QString error = port ? QString() : m_server->errorString();
            QMetaObject::invokeMethod(this, [ready, url, error] {
                ready(url, bsp::sandbox::SandboxServer::defaultKey(), error);
            });
        });
    }

    void stop()
    {
        if (!m_thread.isRunning())
            return;
        QMetaObject::invokeMethod(
            m_anchor, [this] { delete std::exchange(m_server, nullptr); },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete std::exchange(m_anchor, nullptr);
    }

private:
    QThread m_thread;
    QObject *m_anchor = nullptr;
    bsp::sandbox::SandboxServer *m_server = nullptr;
};

// The Image tab: its gallery store (rows in the app's SQLite file, images in a folder
// beside it) and thumbnail cache are built and opened here and handed in. "Send to chat"
// switches to the Chat tab with the image attached.
void installImageTab(bsp::ui::MainWindow &window, bsp::GatewayClient &client,
    bsp::CostService &cost, const QString &dataDir, bsp::ui::ChatTab *chat)
{
    auto *store = new bsp::ImageGalleryStore(
        dataDir + u"/playground.sqlite"_s, dataDir + u"/images"_s, &window);
    if (!store->open())
        qWarning("image gallery unavailable: %s", qPrintable(store->lastError()));
    auto *thumbs = new bsp::ThumbnailCache(dataDir + u"/image-thumbnails"_s, 192, &window);
    auto *tab = new bsp::ui::ImageTab(&client, &cost, store, thumbs);
    window.setTabWidget(bsp::ui::TabId::Image, tab);
    // Reopen on the Image tab when it was the one shown last.
    if (QSettings().value(u"image/tabCurrent"_s).toBool())
        window.tabs()->setCurrentWidget(tab);
    QObject::connect(window.tabs(), &QTabWidget::currentChanged, tab, [&window, tab] {
        QSettings().setValue(u"image/tabCurrent"_s, window.tabs()->currentWidget() == tab);
    });
    QObject::connect(window.connection(), &bsp::ui::ConnectionController::stateChanged, tab,
        [tab](bsp::ui::ConnectionController::State state) {
            if (state == bsp::ui::ConnectionController::State::Connected)
                tab->reloadModels();
        });
    QObject::connect(
        tab, &bsp::ui::ImageTab::sendToChatRequested, chat, [&window, chat](const QString &path) {
            window.tabs()->setCurrentWidget(chat);
            chat->attachFile(path);
        });
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();

    QApplication app(argc, argv);
    QApplication::setApplicationName(u"bytespike-playground"_s);
    QApplication::setOrganizationName(u"ByteSpike"_s);
    QApplication::setApplicationVersion(QStringLiteral(BSP_VERSION));
    QApplication::setApplicationDisplayName(u"ByteSpike Playground"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"A native playground for the ByteSpike gateway."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOpt(
        u"profile"_s, u"Profile to use: sandbox, hosted or a profile id."_s, u"ID"_s);
    const QCommandLineOption dataDirOpt(
        u"data-dir"_s, u"Keep data and settings in DIR instead of the user's."_s, u"DIR"_s);
    const QCommandLineOption langOpt(u"lang"_s, u"Language: zh_CN or en."_s, u"LANG"_s);
    const QCommandLineOption shotOpt(
        u"screenshot"_s, u"Save a PNG of the window once connected, then quit."_s, u"FILE"_s);
    const QCommandLineOption reportOpt(
        u"startup-report"_s, u"Print startup_ms and rss_kb after the first paint."_s);
    const QCommandLineOption quitOpt(
        u"quit-after-startup"_s, u"Quit right after the first paint."_s);
    parser.addOptions({profileOpt, dataDirOpt, langOpt, shotOpt, reportOpt, quitOpt});
    parser.process(app);

    QString dataDir = parser.value(dataDirOpt);
    QString configDir;
    if (!dataDir.isEmpty()) {
        dataDir = QDir(dataDir).absolutePath();
        configDir = dataDir;
        // Settings beside the data, so a bench or test run leaves the user's alone.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dataDir);
    } else {
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    }
    QDir().mkpath(dataDir);

    QSettings settings;
    QString language = parser.value(langOpt);
    if (language.isEmpty())
        language = settings.value(u"language"_s).toString();
    if (language.isEmpty())
        language = QLocale::system().name();
    QTranslator appTranslator;
    QTranslator qtTranslator;
    if (language.startsWith(u"zh"_s)) {
        if (appTranslator.load(u":/i18n/playground_zh_CN.qm"_s))
            QCoreApplication::installTranslator(&appTranslator);
        if (qtTranslator.load(
                u"qtbase_zh_CN"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(&qtTranslator);
    }

    // Cheap objects first; nothing here touches the disk or the network.
    bsp::GatewayClient client;
    bsp::SecretStore secrets(dataDir);
    bsp::Profiles profiles(configDir + u"/profiles.ini"_s);
    bsp::Ledger ledger(dataDir + u"/playground.sqlite"_s);
    // Prices every finished call of the client with the current rate card into the
    // ledger (status polls and catalogue reads are free and stay out of it).
    bsp::CostService cost(&client, nullptr);
    SandboxHost sandbox;

    bsp::ui::AppServices services;
    services.client = &client;
    services.profiles = &profiles;
    services.secrets = &secrets;
    services.dataDir = dataDir;
    bsp::ui::MainWindow window(services);
    auto *costPanel = new bsp::ui::CostPanel(&cost);
    window.setCostWidget(costPanel);
    QObject::connect(
        &window, &bsp::ui::MainWindow::profileChanged, costPanel, &bsp::ui::CostPanel::setProfile);
    // The gateway's own rate card where it serves one (the bundled card otherwise),
    // fetched again whenever a profile connects.
    QObject::connect(window.connection(), &bsp::ui::ConnectionController::stateChanged, &cost,
        [&cost](bsp::ui::ConnectionController::State state) {
            if (state == bsp::ui::ConnectionController::State::Connected)
                QCoro::connect(cost.refreshRateCard(), &cost, [](auto &&) {});
        });

    const QString screenshot = parser.value(shotOpt);
    // Empty: the last used one (Profiles remembers it), which starts as the sandbox.
    const QString initialProfile = parser.value(profileOpt);

    QObject::connect(&window, &bsp::ui::MainWindow::firstPainted, &window, [&] {
        if (parser.isSet(reportOpt)) {
            const qint64 fromProcess = msSinceProcessStart();
            std::printf("startup_ms=%lld rss_kb=%lld main_ms=%lld\n",
                static_cast<long long>(fromProcess >= 0 ? fromProcess : sinceMain.elapsed()),
                static_cast<long long>(rssKb()), static_cast<long long>(sinceMain.elapsed()));
            std::fflush(stdout);
        }
        if (parser.isSet(quitOpt)) {
            QTimer::singleShot(0, &app, &QApplication::quit);
            return;
        }
        // Everything the first paint did not need, now that the window is up.
        sandbox.start(dataDir + u"/sandbox-state.json"_s,
            [&window](const QUrl &url, const QString &key, const QString &error) {
                if (error.isEmpty())
                    window.setSandboxEndpoint(url, key);
                else
                    window.setSandboxFailed(error);
            });
        if (ledger.open()) {
            window.setLedger(&ledger);
            costPanel->setLedger(&ledger);
        } else {
            window.setLedgerUnavailable(ledger.lastError());
        }
        cost.setReconcileInterval(std::chrono::minutes(5));
        auto *chat = new bsp::ui::ChatTab(&client, &cost, dataDir + u"/playground.sqlite"_s);
        window.setTabWidget(bsp::ui::TabId::Chat, chat);
        // The model list follows the connected profile.
        QObject::connect(window.connection(), &bsp::ui::ConnectionController::stateChanged, chat,
            [chat](bsp::ui::ConnectionController::State state) {
                if (state == bsp::ui::ConnectionController::State::Connected)
                    chat->reloadModels();
            });
        installImageTab(window, client, cost, dataDir, chat);
        window.selectProfile(initialProfile);
    });

    if (!screenshot.isEmpty()) {
        const auto take = [&window, screenshot] {
            static bool taken = false;
            if (std::exchange(taken, true))
                return;
            const bool ok = window.grab().save(screenshot, "PNG");
            if (!ok)
                std::fprintf(stderr, "could not write %s\n", qPrintable(screenshot));
            QCoreApplication::exit(ok ? 0 : 1);
        };
        QObject::connect(window.connection(), &bsp::ui::ConnectionController::stateChanged, &window,
            [take](bsp::ui::ConnectionController::State state) {
                using State = bsp::ui::ConnectionController::State;
                // A moment for the status bar and the dock to repaint.
                if (state == State::Connected || state == State::Offline)
                    QTimer::singleShot(150, take);
            });
        QObject::connect(&window, &bsp::ui::MainWindow::firstPainted, &window,
            [take] { QTimer::singleShot(3000, take); });
    }

    window.show();
    const int rc = QApplication::exec();
    sandbox.stop();
    return rc;
}
