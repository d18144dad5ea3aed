#pragma once

// Shared by the bench_*.cpp programs: how a figure is printed and compared with its
// target. Benchmarks are reports, not tests: a missed target prints FAIL and the
// program still exits 0 (bench/run.sh collects the lines).

#include <QElapsedTimer>
#include <QEventLoop>
#include <QList>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace bsp::bench {

enum class Cmp { AtLeast, AtMost, Below, Equal };

class Report
{
public:
    explicit Report(const char *program) : m_program(program) { }

    // Prints "name=value target>=T PASS|FAIL"; returns whether the target was met.
    bool check(const char *name, double value, Cmp cmp, double target)
    {
        bool ok = false;
        const char *op = "";
        switch (cmp) {
        case Cmp::AtLeast:
            ok = value >= target;
            op = ">=";
            break;
        case Cmp::AtMost:
            ok = value <= target;
            op = "<=";
            break;
        case Cmp::Below:
            ok = value < target;
            op = "<";
            break;
        case Cmp::Equal:
            ok = value == target;
            op = "==";
            break;
        }
        std::printf("%s=%s target%s%s %s\n", name, number(value).c, op, number(target).c,
            ok ? "PASS" : "FAIL");
        std::fflush(stdout);
        ++m_checked;
        if (!ok)
            ++m_failed;
        return ok;
    }

    // A figure without a target (a baseline, a ratio, a detail).
    void info(const char *name, double value, const char *note = nullptr)
    {
        std::printf("%s=%s%s%s\n", name, number(value).c, note ? " " : "", note ? note : "");
        std::fflush(stdout);
    }

    // A check that could not run at all counts as missed.
    void skipped(const char *name, const char *why)
    {
        std::printf("%s=n/a FAIL (%s)\n", name, why);
        std::fflush(stdout);
        ++m_checked;
        ++m_failed;
    }

    // The last line of every bench; bench/run.sh greps it.
    int finish() const
    {
        std::printf("%s: %d of %d targets met%s\n", m_program, m_checked - m_failed, m_checked,
            m_failed ? " (FAIL)" : "");
        std::fflush(stdout);
        return 0;
    }

private:
    struct Text
    {
        char c[32];
    };
    static Text number(double v)
    {
        Text t {};
        if (v == std::floor(v) && std::fabs(v) < 1e15)
            std::snprintf(t.c, sizeof t.c, "%.0f", v);
        else
            std::snprintf(t.c, sizeof t.c, std::fabs(v) < 10 ? "%.2f" : "%.1f", v);
        return t;
    }

    const char *m_program;
    int m_checked = 0;
    int m_failed = 0;
};

// Deterministic generator for synthetic inputs (xorshift64*), so every run measures
// the same bytes.
class Rng
{
public:
    explicit Rng(std::uint64_t seed) : m_s(seed ? seed : 0x9E3779B97F4A7C15ULL) { }
    std::uint64_t next()
    {
        m_s ^= m_s >> 12;
        m_s ^= m_s << 25;
        m_s ^= m_s >> 27;
        return m_s * 0x2545F4914F6CDD1DULL;
    }
    int between(int lo, int hi) { return lo + int(next() % std::uint64_t(hi - lo + 1)); }
    double unit() { return double(next() >> 11) / double(1ULL << 53); }

private:
    std::uint64_t m_s;
};

// The p-th percentile (0..100) of sorted samples, nearest-rank.
template<typename T>
T percentile(const QList<T> &sorted, double p)
{
    if (sorted.isEmpty())
        return T {};
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

// CPU time of the calling thread, in seconds: unlike wall time it leaves out the
// time other processes held the core, which on a shared machine is most of the noise.
inline double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Timing
{
    double wall = 1e300; // seconds, the best run
    double cpu = 1e300; // seconds of this thread's CPU, the best run
};

// Runs `body` `runs` times and keeps the shortest wall and CPU times. The machine is
// shared, so the best run is the fairest estimate of what the code costs.
template<typename F>
Timing bestOf(int runs, F &&body)
{
    Timing best;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        const double cpu0 = threadCpuSeconds();
        t.start();
        body();
        best.wall = std::min(best.wall, double(t.nsecsElapsed()) / 1e9);
        best.cpu = std::min(best.cpu, threadCpuSeconds() - cpu0);
    }
    return best;
}

// The UI event loop's stalls: the gap between the turns of a 1 ms precise timer beyond
// the 1 ms asked. stop() gives them sorted (for percentiles).
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (m_tick.isValid())
                m_stalls.append(std::max(0.0, double(m_tick.nsecsElapsed()) / 1e6 - 1.0));
            m_tick.start();
        });
    }
    void start()
    {
        m_stalls.clear();
        m_tick.invalidate();
        m_timer.start();
    }
    QList<double> stop()
    {
        m_timer.stop();
        QList<double> s = m_stalls;
        std::sort(s.begin(), s.end());
        return s;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_tick;
    QList<double> m_stalls;
};

// Runs the event loop for `ms`.
inline void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Before QApplication: widgets render offscreen unless a display is set (or a platform
// is chosen), so a UI bench runs anywhere.
inline void offscreenUnlessDisplay()
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

} // namespace bsp::bench
