#!/usr/bin/env bash
# Installs exactly the Debian packages flowscope needs that are missing (Debian 12 / Ubuntu).
# On other systems it prints what to install and exits with an error.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  qt6-base-dev libqcustomplot-dev   # the desktop app and its charts
  qt6-multimedia-dev                # the alert chime (QSoundEffect)
  dbus-daemon                       # test_ui_alerts: a private session bus for the notification test
  libboost-dev libssl-dev           # websocket client (Beast, Asio) with TLS
  nlohmann-json3-dev libsimdjson-dev # exchange frames: nlohmann for control messages, simdjson on the hot path
  libzstd-dev                       # compressed session recordings
  libzip-dev                        # Binance public-data .zip files
  libcli11-dev                      # command-line options
  xvfb xauth                        # headless screenshots and the app smoke test
  tesseract-ocr                     # test_ui_readable reads the footprint's numbers back from its pixels (OCR)
  clang-14 libclang-rt-14-dev       # the fuzz stage: libFuzzer with ASan + UBSan (scripts/fuzz.sh)
  llvm-14                           # llvm-symbolizer, so that a fuzz finding's stack names lines
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "flowscope: this is not a Debian/Ubuntu system; please install the equivalents of:" >&2
  printf '  %s\n' "${packages[@]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "flowscope: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "flowscope: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq || true   # a stale index is better than none; install reports what fails
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
