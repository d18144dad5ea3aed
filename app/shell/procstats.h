#pragma once

#include <QtGlobal>

namespace bsp::app {

// Milliseconds since the kernel started this process (exec, dynamic loading and static
// initialisers included), from /proc/self/stat; -1 where that is not available.
qint64 msSinceProcessStart();
// Resident set size in KiB from /proc/self/status; -1 where that is not available.
qint64 residentKb();

} // namespace bsp::app
