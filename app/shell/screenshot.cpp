#include "shell/screenshot.h"

#include "ui/mainwindow.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QPointer>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace bsp::app {

void screenshotWhenSettled(ui::MainWindow *window, const QString &path)
{
    using State = ui::ConnectionController::State;
    auto taken = std::make_shared<bool>(false);
    const auto take = [window = QPointer<ui::MainWindow>(window), path, taken] {
        if (!window || std::exchange(*taken, true))
            return;
        const bool ok = window->grab().save(path, "PNG");
        if (!ok)
            std::fprintf(stderr, "could not write %s\n", qPrintable(path));
        QCoreApplication::exit(ok ? 0 : 1);
    };
    QObject::connect(
        window->connection(), &ui::ConnectionController::stateChanged, window, [take](State state) {
            // A moment for the status bar and the dock to repaint.
            if (state == State::Connected || state == State::Offline)
                QTimer::singleShot(300, take);
        });
    QObject::connect(
        window, &ui::MainWindow::firstPainted, window, [take] { QTimer::singleShot(3000, take); });
}

} // namespace bsp::app
