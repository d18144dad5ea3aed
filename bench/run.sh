#!/usr/bin/env bash
# Builds the benchmarks in a build directory and runs them all, then prints a summary.
#
#   bench/run.sh [BUILD_DIR] [NAME...]      e.g. bench/run.sh build sse sandbox_load
#
# BUILD_DIR defaults to "build" (configured here with -DBSP_BUILD_BENCH=ON if it is not
# already). NAME picks benches by the part after "bench_". Benchmarks report: they exit 0
# even when a target is missed; this script exits 1 if any target was missed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
[[ $# -gt 0 ]] && shift
case "$build" in /*) ;; *) build="$root/$build" ;; esac

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
    for src in "$root"/bench/bench_*.cpp; do
        n="$(basename "$src" .cpp)"
        names+=("${n#bench_}")
    done
fi

# FAISS (Debian's libfaiss-dev) is the baseline of bench_embeddings_index, for the bench
# only; installed here when missing and this script may use apt.
if [[ ! -f /usr/include/faiss/IndexFlat.h ]] && command -v apt-get >/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then
        apt-get install -y libfaiss-dev >/dev/null || echo "warning: could not install libfaiss-dev" >&2
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo apt-get install -y libfaiss-dev >/dev/null || echo "warning: could not install libfaiss-dev" >&2
    else
        echo "note: libfaiss-dev is not installed; bench_embeddings_index skips its FAISS baseline" >&2
    fi
fi

# Configure (or switch the benches on in an existing tree); an optimised build is the
# only one worth timing.
if [[ ! -f "$build/CMakeCache.txt" ]] || ! grep -q '^BSP_BUILD_BENCH:BOOL=ON' "$build/CMakeCache.txt"; then
    cmake -S "$root" -B "$build" -G Ninja -DBSP_BUILD_BENCH=ON >/dev/null
fi
if grep -q '^CMAKE_BUILD_TYPE:STRING=Debug' "$build/CMakeCache.txt"; then
    echo "warning: $build is a Debug build; figures will be far below the release ones" >&2
fi

summary=()
missed=0
for n in "${names[@]}"; do
    exe="$build/bench/bench_$n"
    echo "=== bench_$n"
    # One bench at a time, so a library that does not build only costs the benches
    # that need it. The benches start the sandbox and the app, so those are built too.
    targets=("bench_$n" bytespike-sandbox)
    [[ "$n" == ui_* ]] && targets+=(bytespike-playground)
    if ! cmake --build "$build" --target "${targets[@]}" -j"$(nproc)"; then
        summary+=("$(printf '%-26s' "bench_$n")         build failed")
        missed=1
        continue
    fi
    if [[ "$n" == ui_* && -z "${DISPLAY:-}" ]]; then
        if command -v xvfb-run >/dev/null; then
            cmd=(xvfb-run -a -s "-screen 0 1400x900x24" "$exe")
        else
            echo "xvfb-run is not installed and DISPLAY is unset; bench_$n will say how to run it"
            cmd=("$exe")
        fi
    else
        cmd=("$exe")
    fi
    log="$(mktemp)"
    start=$(date +%s%N)
    "${cmd[@]}" 2>&1 | tee "$log" || true
    ms=$((($(date +%s%N) - start) / 1000000))
    summary+=("$(printf '%-26s %3d.%01ds  ' "bench_$n" $((ms / 1000)) $((ms % 1000 / 100)))$(tail -n 1 "$log")")
    while IFS= read -r line; do
        summary+=("    $line")
    done < <(grep -E ' (PASS|FAIL)' "$log" || true)
    grep -q ' FAIL' "$log" && missed=1
    rm -f "$log"
done

echo
echo "=== summary ($(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${summary[@]}"
exit "$missed"
