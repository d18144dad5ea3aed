#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang 14, -fsanitize=fuzzer,address,undefined) and runs
# each for a fixed time on a copy of its seed corpus, then prints executions, exec/s and
# crashes per harness.
#
#   fuzz/run.sh [SECONDS] [NAME...]     e.g. fuzz/run.sh 60 sseparser wire_tasks
#
# SECONDS per harness (default 30). FUZZ_RUNS=N stops a harness after N executions
# instead, SECONDS still being the cap (FUZZ_RUNS=10000000 fuzz/run.sh 7200: the
# 10 million executions of the target). FUZZ_SESSION (default 120) is the longest one
# libFuzzer process runs; executions are summed over the sessions. FUZZ_BUILD (default
# build-fuzz) is the build folder, FUZZ_JOBS the build's parallelism. Crash inputs are
# kept in $FUZZ_BUILD/crashes/<name>/. Exits 1 when any harness crashed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
[[ $# -gt 0 ]] && shift
build="${FUZZ_BUILD:-$root/build-fuzz}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac

if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*,unsigned long){return 0;}' \
    | clang++-14 -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
    echo "clang++-14 cannot link -fsanitize=fuzzer: run fuzz/setup.sh first" >&2
    exit 2
fi

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
    for src in "$root"/fuzz/fuzz_*.cpp; do
        n="$(basename "$src" .cpp)"
        names+=("${n#fuzz_}")
    done
fi

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
fi
targets=()
for n in "${names[@]}"; do targets+=("fuzz_$n"); done
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${targets[@]}"

# Seed corpus of a harness: the test fixtures that fit it (fuzz/seeds.sh).
source "$root/fuzz/seeds.sh"

# malloc_context_size=0: ASan keeps no stack per allocation. Every bad access is still
# caught (the shadow memory is unchanged); only a report lacks the allocation's stack,
# which running the binary on the saved input prints. With stacks on, a long run spent
# over half its time adding stacks to ASan's ever-growing stack depot, and slowed by 5-10x.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:malloc_context_size=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export QT_LOGGING_RULES="*=false"
summary=()
crashed=0
# One harness: libFuzzer sessions of at most FUZZ_SESSION seconds (default 120) on the
# same corpus until SECONDS have passed or FUZZ_RUNS executions are done. A process
# slows down the longer it runs (ASan's allocator hands out colder and colder memory:
# fuzz_stream_events fell from about 4,400 to 1,500 executions a second within 20
# minutes, while a new process on the same corpus ran at 4,400 again), so a long run
# is cut into sessions; the corpus carries what each found into the next.
fuzz_one() {
    local n="$1" corpus="$build/corpus/$1" crashes="$build/crashes/$1"
    local log="$build/fuzz_$1.log" slog="$build/fuzz_$1.session.log"
    local execs=0 sessions=0 rc=0 found=0 t0=$SECONDS left runs
    mkdir -p "$corpus" "$crashes"
    seed_corpus "$n" "$root/tests/fixtures" "$corpus"
    echo "=== fuzz_$n (${seconds} s, $(ls "$corpus" | wc -l) seeds)"
    : >"$log"
    while :; do
        left=$((seconds - (SECONDS - t0)))
        ((left > 0)) || break
        ((left > ${FUZZ_SESSION:-120})) && left=${FUZZ_SESSION:-120}
        runs=""
        if [[ -n "${FUZZ_RUNS:-}" ]]; then
            ((execs < FUZZ_RUNS)) || break
            runs="-runs=$((FUZZ_RUNS - execs))"
        fi
        set +e
        "$build/fuzz_$n" -max_total_time="$left" $runs -max_len=262144 -timeout=20 -rss_limit_mb=4096 \
            -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" >"$slog" 2>&1
        rc=$?
        set -e
        cat "$slog" >>"$log"
        sessions=$((sessions + 1))
        execs=$((execs + $(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$slog" | grep -Eo '[0-9]+$' || echo 0)))
        found="$(find "$crashes" -type f | wc -l)"
        [[ $rc -ne 0 || $found -gt 0 ]] && break
    done
    rm -f "$slog"
    local wall=$((SECONDS - t0))
    [[ $rc -ne 0 || $found -gt 0 ]] && crashed=1
    line="fuzz_$n execs=$execs exec_per_s=$((execs / (wall > 0 ? wall : 1))) sessions=$sessions seconds=$wall crashes=$found exit=$rc"
    echo "$line"
    [[ $rc -ne 0 ]] && tail -n 30 "$log"
    summary+=("$line")
}

for n in "${names[@]}"; do
    fuzz_one "$n"
done
echo "=== summary (${seconds} s each)"
printf '%s\n' "${summary[@]}"
exit $crashed
