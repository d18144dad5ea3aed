#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang 14, -fsanitize=fuzzer,address,undefined) and runs
# each for a fixed time on a copy of its seed corpus, then prints executions, exec/s and
# crashes per harness.
#
#   fuzz/run.sh [SECONDS] [NAME...]     e.g. fuzz/run.sh 60 sseparser wire_tasks
#
# SECONDS per harness (default 30). FUZZ_RUNS=N stops a harness after N executions
# instead, SECONDS still being the cap (FUZZ_RUNS=10000000 fuzz/run.sh 7200: the
# 10 million executions of the target). FUZZ_BUILD (default build-fuzz) is the build folder,
# FUZZ_JOBS the build's parallelism. Crash inputs are kept in $FUZZ_BUILD/crashes/<name>/.
# Exits 1 when any harness crashed.
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
for n in "${names[@]}"; do
    corpus="$build/corpus/$n"
    crashes="$build/crashes/$n"
    mkdir -p "$corpus" "$crashes"
    seed_corpus "$n" "$root/tests/fixtures" "$corpus"
    log="$build/fuzz_$n.log"
    echo "=== fuzz_$n (${seconds} s, $(ls "$corpus" | wc -l) seeds)"
    set +e
    "$build/fuzz_$n" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -max_len=262144 -timeout=20 -rss_limit_mb=4096 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" >"$log" 2>&1
    rc=$?
    set -e
    execs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || true)"
    rate="$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || true)"
    found="$(find "$crashes" -type f | wc -l)"
    [[ $rc -ne 0 || $found -gt 0 ]] && crashed=1
    line="fuzz_$n execs=${execs:-?} exec_per_s=${rate:-?} crashes=$found exit=$rc"
    echo "$line"
    [[ $rc -ne 0 ]] && tail -n 30 "$log"
    summary+=("$line")
done
echo "=== summary (${seconds} s each)"
printf '%s\n' "${summary[@]}"
exit $crashed
