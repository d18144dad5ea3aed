#!/usr/bin/env bash
# Builds the tree with AddressSanitizer + UndefinedBehaviorSanitizer in its own build
# folder and runs the whole test suite offscreen under them.
#
#   bash packaging/test-sanitize.sh            # build-sanitize/, all cores
#   BSP_SANITIZE_BUILD=dir BSP_JOBS=2 bash packaging/test-sanitize.sh
#   bash packaging/test-sanitize.sh -R tst_ledger   # extra arguments go to ctest
#
# The build shares ccache with the normal build (same compiler, same sources) but not
# object files: every object differs under -fsanitize. Benchmarks are not built; they
# measure speed, which sanitizers distort. LeakSanitizer reports are fatal; system
# libraries' process-lifetime allocations are listed with reasons in
# packaging/sanitizers/lsan.supp.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="${BSP_SANITIZE_BUILD:-build-sanitize}"
jobs="${BSP_JOBS:-$(nproc)}"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBSP_SANITIZE=ON -DBSP_BUILD_TESTS=ON -DBSP_BUILD_BENCH=OFF
cmake --build "$build" --parallel "$jobs"

export QT_QPA_PLATFORM=offscreen
# detect_leaks: leaked coroutine frames and objects fail the test.
# detect_stack_use_after_return stays off: QCoro's frames are heap-allocated anyway and
# it doubles the run time. abort_on_error=0 so ctest sees the exit code, not a core.
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_odr_violation=1:abort_on_error=0:print_summary=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/packaging/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$root/packaging/sanitizers/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# Sanitized code runs 2-3x slower: give each test more room than the normal run.
ctest --test-dir "$build" --output-on-failure --parallel "$jobs" --timeout 900 "$@"
