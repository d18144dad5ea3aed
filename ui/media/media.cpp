#include "ui/media/media.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibrary>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace bsp::ui {

Q_LOGGING_CATEGORY(lcMedia, "bsp.media")

VideoTabBase::~VideoTabBase() = default;
SpendChartBase::~SpendChartBase() = default;
MediaFactory::~MediaFactory() = default;

namespace media {

namespace {

struct State
{
    const MediaFactory *factory = nullptr;
    QLibrary *library = nullptr; // loaded for the life of the process, never unloaded
    bool tried = false;
    QString error;
};

State &state()
{
    static State s;
    return s;
}

// Where the library can be: beside the program in a build tree, else the install's
// private library folder (BSP_MEDIA_INSTALL_DIR, relative to the program's folder).
QStringList candidates()
{
    const QString programDir = QCoreApplication::applicationDirPath();
    return {programDir + u"/" BSP_MEDIA_FILE_NAME ""_s,
        QDir::cleanPath(programDir + u"/" BSP_MEDIA_INSTALL_DIR "/" BSP_MEDIA_FILE_NAME ""_s)};
}

void load()
{
    State &s = state();
    QStringList problems;
    for (const QString &path : candidates()) {
        if (!QFile::exists(path))
            continue;
        // Never unloaded: its widgets and metatypes live until the process ends.
        auto *library = new QLibrary(path);
        if (library->load() && s.factory) {
            s.library = library;
            qCInfo(lcMedia) << "loaded" << path;
            return;
        }
        problems.append(library->isLoaded()
                ? QCoreApplication::translate("media", "%1 registered no media factory").arg(path)
                : library->errorString());
        delete library;
    }
    s.error = problems.isEmpty()
        ? QCoreApplication::translate("media", "%1 was not found beside the program or in %2")
              .arg(QStringLiteral(BSP_MEDIA_FILE_NAME),
                  QDir::cleanPath(
                      QCoreApplication::applicationDirPath() + u"/" BSP_MEDIA_INSTALL_DIR ""_s))
        : problems.join(u"; "_s);
    qCWarning(lcMedia).noquote() << "media library not loaded:" << s.error;
}

} // namespace

void registerFactory(const MediaFactory *factory)
{
    state().factory = factory;
}

const MediaFactory *factory()
{
    State &s = state();
    if (!s.factory && !std::exchange(s.tried, true))
        load();
    return s.factory;
}

QString loadError()
{
    return state().error;
}

} // namespace media

} // namespace bsp::ui
