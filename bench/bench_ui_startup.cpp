// bench_ui_startup: cold start of the desktop app to its first painted window, and its
// resident memory right after, on a real X display (Xvfb in bench/run.sh).
//
// Targets: startup <= 300 ms and RSS <= 90 MB (medians of 7 runs). Each run starts
// bytespike-playground --startup-report --quit-after-startup --data-dir <fresh temp dir>,
// which prints "startup_ms=N rss_kb=N" once the main window has painted, then quits.
// The first run is the coldest (page cache aside) and is also reported on its own.
//
// The floor, in the same run: bench_bare_window, a Qt Widgets main window with the same
// tab bar, dock and status bar and nothing else, started the same way, alternating
// with the app. Targets: the app's time to a painted window <= 1.3x the bare window's,
// its resident memory <= 1.5x.
#include "benchutil.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using bsp::bench::Cmp;

namespace {

constexpr int kRuns = 15; // a run is ~0.1 s; medians of 7 moved by 10 % from run to run
constexpr int kRunTimeoutMs = 15000;

struct Run
{
    bool ok = false;
    double startupMs = 0;
    double rssMb = 0;
    double mainMs = -1; // from main() to the first paint, when the app reports it
    double wallMs = 0; // exec to exit, seen from here
    double cpuMs = 0; // user + system CPU of the whole run, start to exit
    QString problem;
};

// CPU used by reaped children so far: the difference across one run is what the app
// cost, whatever else the machine was doing.
double childrenCpuMs()
{
    rusage u {};
    getrusage(RUSAGE_CHILDREN, &u);
    const auto ms
        = [](const timeval &t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    return ms(u.ru_utime) + ms(u.ru_stime);
}

Run runOnce(const QString &program, const QStringList &extraArguments)
{
    Run r;
    QTemporaryDir dataDir;
    if (!dataDir.isValid()) {
        r.problem = u"no temporary directory"_s;
        return r;
    }
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s); // a real window system, never offscreen
    app.setProcessEnvironment(env);
    app.setProgram(program);
    app.setArguments(extraArguments.isEmpty()
            ? QStringList {}
            : extraArguments + QStringList {u"--data-dir"_s, dataDir.path()});
    const double cpu0 = childrenCpuMs();
    QElapsedTimer wall;
    wall.start();
    app.start();
    if (!app.waitForFinished(kRunTimeoutMs)) {
        app.kill();
        app.waitForFinished(2000);
        r.problem = u"did not quit within %1 ms"_s.arg(kRunTimeoutMs);
        return r;
    }
    r.wallMs = double(wall.nsecsElapsed()) / 1e6;
    r.cpuMs = childrenCpuMs() - cpu0;
    const QString out
        = QString::fromUtf8(app.readAllStandardOutput() + '\n' + app.readAllStandardError());
    static const QRegularExpression line(u"startup_ms=(\\d+(?:\\.\\d+)?)\\s+rss_kb=(\\d+)"_s);
    const auto m = line.match(out);
    if (!m.hasMatch()) {
        r.problem = u"exit code %1, no startup_ms=/rss_kb= line in: %2"_s.arg(app.exitCode())
                        .arg(out.trimmed().right(300));
        return r;
    }
    r.ok = true;
    r.startupMs = m.captured(1).toDouble();
    r.rssMb = m.captured(2).toDouble() / 1024.0;
    static const QRegularExpression mainLine(u"main_ms=(\\d+)"_s);
    if (const auto mm = mainLine.match(out); mm.hasMatch())
        r.mainMs = mm.captured(1).toDouble();
    return r;
}

struct Spread
{
    double median = 0;
    double min = 0;
    double max = 0;
};

Spread spread(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return {v.at(v.size() / 2), v.first(), v.last()};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    bsp::bench::Report report("bench_ui_startup");

    if (qEnvironmentVariableIsEmpty("DISPLAY")) {
        std::printf("# needs an X display; run it under Xvfb:\n"
                    "#   xvfb-run -a -s \"-screen 0 1400x900x24\" %s\n"
                    "# or use bench/run.sh, which does that.\n",
            qPrintable(QCoreApplication::applicationFilePath()));
        report.skipped("ui_startup_ms", "DISPLAY is not set");
        report.skipped("ui_rss_mb", "DISPLAY is not set");
        return report.finish();
    }

    QList<double> startup, rss, mainMs, wall, cpu, bareStartup, bareRss, bareMain;
    for (int i = 0; i < kRuns; ++i) {
        const Run bare = runOnce(QStringLiteral(BSP_BARE_WINDOW_PATH), {});
        if (bare.ok) {
            bareStartup.append(bare.startupMs);
            bareRss.append(bare.rssMb);
            if (bare.mainMs >= 0)
                bareMain.append(bare.mainMs);
        } else {
            std::printf("# bare run %d: %s\n", i + 1, qPrintable(bare.problem));
        }
        const Run r = runOnce(QStringLiteral(BSP_PLAYGROUND_PATH),
            {u"--startup-report"_s, u"--quit-after-startup"_s});
        if (!r.ok) {
            std::printf("# run %d: %s\n", i + 1, qPrintable(r.problem));
            report.skipped("ui_startup_ms", "the app gave no startup report (see above)");
            report.skipped("ui_rss_mb", "the app gave no startup report");
            return report.finish();
        }
        std::printf("# run %d: startup_ms=%.0f rss_mb=%.1f main_ms=%.0f wall_ms=%.0f cpu_ms=%.0f\n",
            i + 1, r.startupMs, r.rssMb, r.mainMs, r.wallMs, r.cpuMs);
        startup.append(r.startupMs);
        rss.append(r.rssMb);
        wall.append(r.wallMs);
        cpu.append(r.cpuMs);
        if (r.mainMs >= 0)
            mainMs.append(r.mainMs);
    }

    const Spread s = spread(startup);
    const Spread m = spread(rss);
    report.info("ui_first_run_startup_ms", startup.first(), "(coldest)");
    report.check("ui_startup_ms", s.median, Cmp::AtMost, 300);
    report.info("ui_startup_min_ms", s.min);
    report.info("ui_startup_max_ms", s.max);
    report.check("ui_rss_mb", m.median, Cmp::AtMost, 90);
    report.info("ui_rss_min_mb", m.min);
    report.info("ui_rss_max_mb", m.max);
    if (!mainMs.isEmpty())
        report.info("ui_main_to_paint_ms", spread(mainMs).median,
            "(median; the rest is exec and libraries)");
    if (bareStartup.isEmpty()) {
        report.skipped("ui_startup_vs_bare_ratio", "the bare window gave no startup report");
        report.skipped("ui_rss_vs_bare_ratio", "the bare window gave no startup report");
    } else {
        const Spread bs = spread(bareStartup);
        const Spread bm = spread(bareRss);
        report.info("bare_window_startup_ms", bs.median, "(median, the floor)");
        report.info("bare_window_rss_mb", bm.median, "(median, the floor)");
        if (!bareMain.isEmpty())
            report.info("bare_window_main_to_paint_ms", spread(bareMain).median, "(median)");
        report.check("ui_startup_vs_bare_ratio", s.median / bs.median, Cmp::AtMost, 1.3);
        report.check("ui_rss_vs_bare_ratio", m.median / bm.median, Cmp::AtMost, 1.5);
    }
    report.info("ui_process_wall_ms", spread(wall).median, "(exec to exit, median)");
    report.info("ui_process_cpu_ms", spread(cpu).median,
        "(user+system CPU, exec to exit, median: the cost on an idle machine)");
    return report.finish();
}
