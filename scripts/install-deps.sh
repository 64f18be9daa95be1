#!/usr/bin/env bash
# Installs the system packages laundry-sorter needs on Debian or Raspberry Pi OS.
#   scripts/install-deps.sh          what the sorter needs (Fashion-MNIST for eval/train, fonts for report pictures)
#   scripts/install-deps.sh --test   that, plus what the test suite needs
# Safe to run again: packages already installed are skipped, and apt-get is not called at all
# when nothing is missing (so it also works offline once installed).
set -euo pipefail

packages=(dataset-fashion-mnist fonts-dejavu-core python3)  # python3: the systemd notify helper
if [[ "${1:-}" == "--test" ]]; then
  packages+=(mosquitto openssh-server openssh-client chromium systemd libjpeg-turbo-progs)  # broker and sshd the tests start on free ports; chromium for the page test; systemd-analyze; jpegtran/cjpeg make the JPEG variants the decoder is tested on
elif [[ -n "${1:-}" ]]; then
  echo "usage: $0 [--test]" >&2
  exit 64
fi

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

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

if (( $(node_major) < 20 )); then
  echo "install-deps: laundry-sorter needs Node.js 20 or newer; this machine has $(node --version 2>/dev/null || echo none)." >&2
  echo "  Debian 13 and Raspberry Pi OS based on it ship Node 20; on Debian 12 install Node 20 from nodejs.org or NodeSource." >&2
  exit 1
fi
echo "install-deps: ok (node $(node --version), ${#packages[@]} packages present)"
