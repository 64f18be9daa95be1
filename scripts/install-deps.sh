#!/usr/bin/env bash
# Installs the system packages laundry-sorter needs on Debian or Raspberry Pi OS.
#   scripts/install-deps.sh          what the sorter needs (Fashion-MNIST for eval/train, fonts for report pictures)
#   scripts/install-deps.sh --test   that, plus what the test suite needs
# Safe to run again: packages already installed are skipped, and apt-get is not called at all
# when nothing is missing (so it also works offline once installed).
set -euo pipefail

# python3 and python3-libgpiod: the GPIO helper (the character device) and systemd notifications;
# gpiod: gpioinfo and friends, to see who holds a pin; mosquitto-clients: mosquitto_sub, to watch it as the docs show
packages=(dataset-fashion-mnist fonts-dejavu-core python3 python3-libgpiod gpiod mosquitto-clients)
usage="usage: scripts/install-deps.sh [--test]
  (no option)  what the sorter needs: ${packages[*]}
  --test       that, plus what the test suite needs: a broker, sshd, Chromium, systemd-analyze, jpeg tools, jinja2"
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "$usage"
  exit 0
elif [[ "${1:-}" == "--test" ]]; then
  packages+=(mosquitto openssh-server openssh-client chromium systemd libjpeg-turbo-progs python3-jinja2)  # broker and sshd the tests start on free ports; chromium for the page test; systemd-analyze; jpegtran/cjpeg make the JPEG variants the decoder is tested on; jinja2 renders the Home Assistant templates as Home Assistant would
elif [[ -n "${1:-}" ]]; then
  echo "$usage" >&2
  exit 64
fi

NODE_NEEDED=20
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
too_old() {
  echo "install-deps: laundry-sorter needs Node.js ${NODE_NEEDED} or newer; $1." >&2
  echo "  Raspberry Pi OS trixie and Debian 13 ship Node 20 (apt-get install nodejs npm)." >&2
  echo "  On bookworm (Debian 12, Node 18): upgrade to trixie, or install Node 20 from NodeSource (https://github.com/nodesource/distributions) and run this again." >&2
  echo "  Nothing was installed." >&2
  exit 1
}

# Node first, before anything is installed: a machine whose Node is too old says so and is left as it was.
if command -v node >/dev/null; then
  (( $(node_major) >= NODE_NEEDED )) || too_old "this machine has $(node --version)"
  command -v npm >/dev/null || packages+=(npm)
else
  candidate=$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ { print $2 }')
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    echo "install-deps: no Node.js installed and apt knows no nodejs package yet; run \`sudo apt-get update\` and try again" >&2
    exit 1
  fi
  major=${candidate#*:}; major=${major%%.*}
  (( major >= NODE_NEEDED )) || too_old "this system's nodejs package is ${candidate}"
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if (( ${#missing[@]} > 0 )); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "install-deps: ok (node $(node --version), ${#packages[@]} packages present)"
