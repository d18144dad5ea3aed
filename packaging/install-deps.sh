#!/usr/bin/env bash
# Installs every Debian 12 package the playground needs to build, run and test.
# Run as root (or it re-runs itself with sudo). Safe to run again.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then exec sudo -E bash "$0" "$@"; fi
export DEBIAN_FRONTEND=noninteractive
pkgs=(
  build-essential cmake ninja-build pkg-config lld
  qt6-base-dev qt6-base-dev-tools qt6-multimedia-dev qt6-httpserver-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-charts-dev qt6-svg-dev
  qcoro-qt6-dev qtkeychain-qt6-dev libqt6sql6-sqlite qt6-qpa-plugins
  libqt6opengl6-dev qt6-image-formats-plugins
  qt6-translations-l10n
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
  libavcodec-dev libavformat-dev libswscale-dev libavutil-dev libdeflate-dev
  xvfb xauth x11-utils fonts-dejavu-core fonts-noto-cjk dbus-daemon
  curl
  help2man
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
