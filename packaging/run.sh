#!/usr/bin/env bash
# Installs what is needed, builds, and starts the playground on the Sandbox profile.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBSP_BUILD_TESTS=OFF -DBSP_BUILD_BENCH=OFF
cmake --build build --parallel "$(nproc)" --target bytespike-playground bytespike-sandbox bytespike-cli
exec ./build/app/bytespike-playground --profile sandbox "$@"
