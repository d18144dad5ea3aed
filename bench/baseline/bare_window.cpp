// The floor bench_ui_startup compares the app with: a bare Qt Widgets main window with
// the same tab bar (four tabs), a dock on the right and a status bar, linking Qt
// Widgets only. Prints "startup_ms=N rss_kb=N main_ms=N" once the window has painted, then quits,
// exactly as bytespike-playground --startup-report --quit-after-startup does.
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// The same measure as the app's (app/shell/procstats.cpp), kept here so this program
// links nothing of the project.
qint64 msSinceProcessStart()
{
    QFile stat(u"/proc/self/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    timespec now {};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
    return qint64(nowMs - fields.at(19).toDouble() * 1000.0 / double(sysconf(_SC_CLK_TCK)));
}

qint64 residentKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QElapsedTimer sinceMain;

class Window final : public QMainWindow
{
public:
    Window()
    {
        auto *tabs = new QTabWidget(this);
        tabs->setDocumentMode(true);
        for (const QString &name : {u"Chat"_s, u"Image"_s, u"Video"_s, u"Embeddings"_s})
            tabs->addTab(new QLabel(name), name);
        setCentralWidget(tabs);
        auto *dock = new QDockWidget(u"Cost"_s, this);
        dock->setWidget(new QLabel(u"Ledger"_s));
        addDockWidget(Qt::RightDockWidgetArea, dock);
        statusBar()->showMessage(u"Ready"_s);
        resize(1280, 800);
    }

protected:
    bool event(QEvent *e) override
    {
        const bool result = QMainWindow::event(e);
        if (e->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            QTimer::singleShot(0, this, [] {
                std::printf("startup_ms=%lld rss_kb=%lld main_ms=%lld\n",
                    static_cast<long long>(msSinceProcessStart()),
                    static_cast<long long>(residentKb()),
                    static_cast<long long>(sinceMain.elapsed()));
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return result;
    }

private:
    bool m_painted = false;
};

} // namespace

int main(int argc, char *argv[])
{
    sinceMain.start();
    QApplication app(argc, argv);
    Window window;
    window.show();
    return QApplication::exec();
}
