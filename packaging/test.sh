#!/usr/bin/env bash
# Installs what is needed, builds everything and runs the whole test suite offscreen,
# then builds the tree again with AddressSanitizer + UBSan (build-sanitize/, no
# benchmarks) and runs the whole suite under them (packaging/test-sanitize.sh).
#
#   BSP_SANITIZE_RUN=0 bash packaging/test.sh   # the normal build and run only
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBSP_BUILD_TESTS=ON -DBSP_BUILD_BENCH=ON
cmake --build build --parallel "$(nproc)"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 300
if [ "${BSP_SANITIZE_RUN:-1}" != "0" ]; then
  bash packaging/test-sanitize.sh
fi
