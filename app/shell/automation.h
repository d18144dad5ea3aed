#pragma once

// A small hook for unattended runs of the desktop app (bench/bench_crash_cycles):
// set only through the environment, never from settings or the command line, and
// doing nothing unless one of these is set:
//   BSP_AUTOMATION_GATEWAY=URL, BSP_AUTOMATION_KEY=KEY  the Sandbox profile talks to
//       that gateway (e.g. a standalone bytespike-sandbox) instead of starting its own.
//   BSP_AUTOMATION_CHAT=N  sends N chat messages one after the other once connected,
//       printing "automation: sent TEXT" and, when the reply is complete and saved,
//       "automation: acked TEXT" on stdout. BSP_AUTOMATION_MESSAGE=TEXT sends that text
//       instead; BSP_AUTOMATION_SHOT=FILE saves a PNG of the window once the last
//       reply is in, then quits (README screenshots).
//   BSP_AUTOMATION_TASKS=N  once unfinished tasks are resumed, submits one short video
//       task while the task store holds fewer than N, printing "automation: task
//       submitted ID", and "automation: task settled ID STATE" for every task that is
//       finished (its clip downloaded or its download failed), failed or cancelled.

namespace bsp::app {

class AppContext;
struct AppOptions;

// Before the AppContext is built: an external gateway means no built-in sandbox.
void applyAutomationOptions(AppOptions &options);
// After startServices().
void startAutomation(AppContext &context);

} // namespace bsp::app
