#!/usr/bin/env bash
# Builds the release tarball a device installs from, so the device never compiles anything:
#   npm run release                 -> release/laundry-sorter-<version>-linux-arm64.tar.gz
#   scripts/make-release.sh --out DIR [--arch arm64|x64|none] [--no-build]
#     --arch   the device's CPU: its node_modules go in the tarball, so the device runs no npm
#              (npm ci needs about 400 MB; a Pi Zero 2 W has 512); none leaves them to npm ci there
#     --no-build  package the dist/ there is
# On the device:  tar xzf laundry-sorter-<version>-linux-arm64.tar.gz && sudo laundry-sorter-<version>/scripts/install-device.sh
# The tarball holds the type-checked build (dist/src), the shipped models, the demo frames,
# config, the unit, the docs and the two install scripts; no tests, benchmarks or sources.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out="$src/release"
build=yes arch=arm64
while (( $# > 0 )); do
  case "$1" in
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --no-build) build=no; shift ;;
    --arch) arch=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "make-release: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
version=$(node -p "require('$src/package.json').version")
name="laundry-sorter-$version"
case "$arch" in arm64|x64) file="$name-linux-$arch" ;; none) file="$name" ;; *) echo "make-release: --arch is arm64, x64 or none, not $arch" >&2; exit 64 ;; esac
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

[[ $build == no ]] || (cd "$src" && npm run build >/dev/null)
[[ -f "$src/dist/src/cli/main.js" ]] || { echo "make-release: no build in $src/dist (run npm run build)" >&2; exit 1; }
mkdir -p "$stage/$name/dist" "$stage/$name/scripts" "$stage/$name/models" "$stage/$name/demo"
cd "$src"
cp -a package.json package-lock.json README.md LICENSE bin config systemd docs "$stage/$name/"
cp -a dist/src "$stage/$name/dist/"
cp -a scripts/install-deps.sh scripts/install-device.sh "$stage/$name/scripts/"
cp -a demo/frames "$stage/$name/demo/"
# The shipped models only (a folder with a manifest, and the links naming them), never a
# run's leftovers or the serving record a demo wrote.
for entry in models/*; do
  if [[ -L "$entry" || -f "$entry/manifest.json" ]]; then cp -a "$entry" "$stage/$name/models/"; fi
done
if [[ $arch != none ]]; then
  # The device's packages, chosen for its CPU (sharp's prebuilt libvips for arm64, say). No
  # install scripts: nothing is compiled for the wrong CPU, and tfjs-node (optional, which
  # would download libtensorflow) stays out; the device runs tfjs on wasm.
  (cd "$stage/$name" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --os=linux --cpu="$arch" >/dev/null)
  [[ -d "$stage/$name/node_modules/@img/sharp-linux-$arch" ]] || { echo "make-release: npm did not fetch sharp for linux-$arch (npm 10 or newer is needed for --cpu)" >&2; exit 1; }
  echo "$arch" > "$stage/$name/node_modules/.release-arch"
fi
mkdir -p "$out"
tar -C "$stage" --owner=0 --group=0 -czf "$out/$file.tar.gz" "$name"
echo "make-release: $out/$file.tar.gz ($(du -h "$out/$file.tar.gz" | cut -f1))"
