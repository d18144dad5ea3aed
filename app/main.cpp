// bytespike-playground: parses the command line (before any GUI object, so --help
// works without a display), prepares the folders and translations, and hands the rest
// to bsp::app::AppContext, the composition root that the tests build too.
#include "shell/appcontext.h"
#include "shell/automation.h"
#include "shell/instancelock.h"
#include "shell/procstats.h"
#include "shell/screenshot.h"
#include "ui/mainwindow.h"
#include "ui/widgets/appstyle.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QImageReader>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QThreadPool>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

struct Launch
{
    QString profile; // empty: the last used one (Profiles remembers it)
    QString dataDir;
    QString language;
    QString screenshot;
    bool startupReport = false;
    bool quitAfterStartup = false;
    QString tab; // chat, image, video or embeddings: the tab to open on
};

void setIdentity()
{
    QCoreApplication::setApplicationName(u"bytespike-playground"_s);
    QCoreApplication::setOrganizationName(u"ByteSpike"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BSP_VERSION));
}

// A core application is enough for the parser: --help, --version and a bad option
// print and exit before anything needs a display.
Launch parseArguments(int argc, char *argv[])
{
    QCoreApplication probe(argc, argv);
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
    const QCommandLineOption tabOpt(
        u"tab"_s, u"Open on a tab: chat, image, video or embeddings."_s, u"NAME"_s);
    parser.addOptions({profileOpt, dataDirOpt, langOpt, shotOpt, reportOpt, quitOpt, tabOpt});
    parser.process(probe);
    return Launch {parser.value(profileOpt), parser.value(dataDirOpt), parser.value(langOpt),
        parser.value(shotOpt), parser.isSet(reportOpt), parser.isSet(quitOpt),
        parser.value(tabOpt)};
}

// Where data and settings go; with --data-dir both stay in DIR, so a bench or test run
// leaves the user's alone.
bsp::app::AppOptions prepareFolders(const Launch &launch)
{
    bsp::app::AppOptions options;
    if (!launch.dataDir.isEmpty()) {
        options.dataDir = QDir(launch.dataDir).absolutePath();
        options.configDir = options.dataDir;
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, options.dataDir);
    } else {
        options.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        options.configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    }
    QDir().mkpath(options.dataDir);
    QDir().mkpath(options.configDir);
    return options;
}

struct Translators
{
    QTranslator app;
    QTranslator qt; // Qt's own strings: file dialogs, standard buttons
};

void installTranslations(Translators &translators, QString language)
{
    if (language.isEmpty())
        language = QSettings().value(u"language"_s).toString();
    if (language.isEmpty())
        language = QLocale::system().name();
    if (!language.startsWith(u"zh"_s))
        return;
    if (translators.app.load(u":/i18n/playground_zh_CN.qm"_s))
        QCoreApplication::installTranslator(&translators.app);
    if (translators.qt.load(u"qtbase_zh_CN"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&translators.qt);
}

// The first image read without its format named makes Qt open every image-format plugin
// to ask whether it reads it: about 15 ms of dlopen. The first window needs none of them
// (AppStyle), so they are loaded on a worker once it is up, before any image arrives.
void warmUpImagePlugins()
{
    QThreadPool::globalInstance()->start([] { QImageReader::supportedImageFormats(); });
}

void printStartupReport(const QElapsedTimer &sinceMain)
{
    const qint64 fromProcess = bsp::app::msSinceProcessStart();
    std::printf("startup_ms=%lld rss_kb=%lld main_ms=%lld\n",
        static_cast<long long>(fromProcess >= 0 ? fromProcess : sinceMain.elapsed()),
        static_cast<long long>(bsp::app::residentKb()),
        static_cast<long long>(sinceMain.elapsed()));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    setIdentity();
    const Launch launch = parseArguments(argc, argv);

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(u"ByteSpike Playground"_s);
    QApplication::setStyle(new bsp::ui::AppStyle(QApplication::style()->name()));
    bsp::app::AppOptions options = prepareFolders(launch);
    bsp::app::applyAutomationOptions(options); // unattended runs only (see automation.h)
    Translators translators;
    installTranslations(translators, launch.language);

    bsp::app::InstanceLock folderLock(options.dataDir);
    if (!folderLock.acquire()) {
        std::fprintf(stderr, "%s\n", qPrintable(folderLock.message()));
        if (QGuiApplication::platformName() != "offscreen"_L1)
            QMessageBox::warning(
                nullptr, QApplication::applicationDisplayName(), folderLock.message());
        return 2;
    }

    // Cheap objects only: nothing here touches the disk or the network.
    bsp::app::AppContext context(options);
    bsp::ui::MainWindow *window = context.window();
    QObject::connect(window, &bsp::ui::MainWindow::firstPainted, window, [&] {
        if (launch.startupReport)
            printStartupReport(sinceMain);
        if (launch.quitAfterStartup) {
            QTimer::singleShot(0, &app, &QApplication::quit);
            return;
        }
        // Everything the first paint did not need, now that the window is up.
        warmUpImagePlugins();
        context.startServices(launch.profile);
        bsp::app::startAutomation(context);
        const QStringList tabNames = {u"chat"_s, u"image"_s, u"video"_s, u"embeddings"_s};
        if (const qsizetype tab = tabNames.indexOf(launch.tab); tab >= 0)
            window->tabs()->setCurrentIndex(int(tab));
    });
    if (!launch.screenshot.isEmpty())
        bsp::app::screenshotWhenSettled(window, launch.screenshot);

    window->show();
    return QApplication::exec();
}
