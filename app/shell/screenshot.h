#pragma once

#include <QString>

namespace bsp::ui {
class MainWindow;
} // namespace bsp::ui

namespace bsp::app {

// Saves a PNG of `window` once its connection settles (connected or offline; at the
// latest 3 s after the first paint), then quits the application: exit code 0 when the
// file was written, 1 otherwise.
void screenshotWhenSettled(ui::MainWindow *window, const QString &path);

} // namespace bsp::app
