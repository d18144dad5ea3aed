#!/usr/bin/env bash
# Builds the DEB in BUILD_DIR (default build) and checks it with lintian.
#   packaging/lint-deb.sh [BUILD_DIR]
# Needs lintian (apt-get install lintian): a check, not part of the build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
command -v lintian >/dev/null || { echo "lintian is not installed (apt-get install lintian)" >&2; exit 2; }
cmake --build "$build"
(cd "$build" && cpack -G DEB >/dev/null)
deb="$(ls -t "$build"/bytespike-playground_*.deb | head -n1)"
echo "lintian $deb"
lintian --info --display-info "$deb"
