#!/usr/bin/env bash
# Proof on arm64: the README's device path, run in an emulated Debian trixie arm64 root
# (what Raspberry Pi OS trixie is built on), step by step, each timed with its peak memory.
#   sudo scripts/check-arm64.sh                  build (or reuse) the root and run every step
#   sudo scripts/check-arm64.sh --demo-seconds N run the demo for N s (default 60)
#   sudo scripts/check-arm64.sh --keep           keep the run's root for a look around
# Needs root, mmdebstrap, qemu-user-static and binfmt-support (apt-get install them). Slow:
# 25-50 min, mostly npm ci under emulation, so CI runs it only when LAUNDRY_SORTER_CHECK_ARM64=1.
# The pristine root is cached in $LAUNDRY_SORTER_ARM64_CACHE (default /var/cache/laundry-sorter-arm64);
# each run works on a copy. Report: <run dir>/report.txt and report.json. Peak memory is
# measured under qemu-user, so it includes the emulator's own: an upper bound for a real Pi.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
demo_seconds=60 keep=no
while (( $# > 0 )); do
  case "$1" in
    --demo-seconds) demo_seconds=$2; shift 2 ;;
    --keep) keep=yes; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-arm64: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
say() { echo "check-arm64: $*"; }
die() { echo "check-arm64: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run it as root (sudo): it builds and chroots into a Debian root"
for tool in mmdebstrap qemu-aarch64-static git node; do
  command -v "$tool" >/dev/null || die "$tool is missing: sudo apt-get install mmdebstrap qemu-user-static binfmt-support"
done
[[ -f "$src/dist/src/cli/main.js" ]] || die "no x86 build to compare with: run npm run build first"
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || update-binfmts --enable qemu-aarch64 || die "binfmt for qemu-aarch64 is not registered (is binfmt-support installed?)"

cache=${LAUNDRY_SORTER_ARM64_CACHE:-/var/cache/laundry-sorter-arm64}
base="$cache/trixie-arm64"
if [[ ! -f "$base/.complete" ]]; then
  say "building the arm64 trixie root in $base (a few minutes; cached for the next run)"
  rm -rf "$base"; mkdir -p "$cache"
  # Roughly Raspberry Pi OS Lite: systemd, python3 and sudo are there before anything is installed.
  mmdebstrap --arch=arm64 --variant=minbase --include=ca-certificates,python3,sudo,systemd,passwd,procps,time trixie "$base" >"$cache/mmdebstrap.log" 2>&1 \
    || die "mmdebstrap failed; see $cache/mmdebstrap.log"
  touch "$base/.complete"
fi

run=$(mktemp -d /var/tmp/check-arm64.XXXXXX)
root="$run/root"
say "working in $run"
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
for m in proc sys dev; do mount --rbind "/$m" "$root/$m"; mount --make-rslave "$root/$m"; done
cleanup() {
  for m in dev sys proc; do umount -R "$root/$m" 2>/dev/null || true; done
  [[ $keep == yes ]] || rm -rf "$root"
}
trap cleanup EXIT

# A machine behind a TLS-inspecting proxy trusts its CA through NODE_EXTRA_CA_CERTS; the root
# (npm there) needs the same, or the registry's certificate looks self-signed.
extra_ca=""
if [[ -n "${NODE_EXTRA_CA_CERTS:-}" && -f "$NODE_EXTRA_CA_CERTS" ]]; then
  cp "$NODE_EXTRA_CA_CERTS" "$root/usr/local/share/ca-certificates/host-extra.crt"
  chroot "$root" update-ca-certificates >/dev/null 2>&1 || true
  extra_ca="NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt"
fi

# The checkout, as `git clone` gives it (the committed files of HEAD).
checkout=/home/pi/laundry-sorter
mkdir -p "$root$checkout"
git -C "$src" archive --format=tar HEAD | tar -x -C "$root$checkout"
photos=$(cd "$src" && find test/fixtures/real-photos -name '*.jpg' | sort | tr '\n' ' ')
(cd "$src" && node dist/src/cli/main.js classify --json $photos) > "$run/classify-x86.json"

report="$run/report.txt" json="$run/steps.jsonl"
: > "$report"; : > "$json"
# step NAME EXPECT COMMAND: runs COMMAND in the root, timed; EXPECT is ok (exit 0) or fail (must fail).
step() {
  local name=$1 expect=$2 cmd=$3 status=0
  say "step: $name"
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 $extra_ca \
    /usr/bin/time -f '%e %M' -o /tmp/step-time bash -c "$cmd" >"$run/$name.log" 2>&1 || status=$?
  read -r seconds kb < <(tail -1 "$root/tmp/step-time")
  local outcome=pass
  if [[ $expect == ok && $status -ne 0 ]] || [[ $expect == fail && $status -eq 0 ]]; then outcome=FAIL; fi
  printf '%-28s %8.1f s %7.0f MB  exit %-3s %s\n' "$name" "$seconds" "$((kb / 1024))" "$status" "$outcome" | tee -a "$report"
  printf '{"step":"%s","seconds":%s,"peakMb":%s,"exit":%s,"outcome":"%s"}\n' "$name" "$seconds" "$((kb / 1024))" "$status" "$outcome" >> "$json"
  [[ $outcome == pass ]] || { tail -20 "$run/$name.log" >&2; return 1; }
}
check() { if eval "$2"; then echo "$(printf '%-28s' "$1") pass" | tee -a "$report"; else echo "$(printf '%-28s' "$1") FAIL" | tee -a "$report"; failed=yes; fi; }
failed=no

in_checkout="cd $checkout &&"
step install-deps ok "$in_checkout apt-get update -qq && scripts/install-deps.sh"
# The README's line as a new user runs it, on the fresh checkout: it builds (packages, then the
# low-memory transpile), installs, and then, since the default config wants a Pi's GPIO and
# camera, which this root has not, must refuse loudly and leave the service off.
step install-device-refuses fail "$in_checkout scripts/install-device.sh --no-start"
check "refusal names GPIO" "grep -q '^fail  GPIO' '$run/install-device-refuses.log' && grep -q 'FAILED' '$run/install-device-refuses.log'"
check "built without tsc" "grep -q 'building from source' '$run/install-device-refuses.log' && [[ -f '$root$checkout/dist/src/cli/main.js' && ! -e '$root$checkout/node_modules/typescript' ]]"
# With a config this machine can serve (replay camera, simulated bins) the same line installs.
cat > "$root/etc/laundry-sorter/config.yaml" <<EOF
model: { dir: /var/lib/laundry-sorter/models/current, backend: wasm }
camera: { kind: replay, folder: $checkout/demo/frames, loop: true }
trigger: { kind: interval, everyMs: 1500 }
sorting:
  threshold: 0.6
  rejectBin: reject
  bins: { tops: [T-shirt/top, Shirt, Pullover], bottoms: [Trouser], dresses: [Dress], outerwear: [Coat], shoes: [Sandal, Sneaker, Ankle boot], bags: [Bag] }
gpio: { kind: simulated, pins: { tops: 17, bottoms: 27, dresses: 22, outerwear: 23, shoes: 24, bags: 25, reject: 5 } }
mqtt: { url: embedded, embeddedPort: 18831, deviceId: arm64 }
journal: { dir: /var/lib/laundry-sorter/journal }
snapshots: { dir: /var/lib/laundry-sorter/snapshots, keep: 10 }
EOF
step install-device ok "$in_checkout scripts/install-device.sh --no-start"
check "service enabled" "grep -q 'enabled' '$run/install-device.log' && [[ -L '$root/etc/systemd/system/multi-user.target.wants/laundry-sorter.service' ]]"
check "program root's, read-only to others" "[[ \$(find '$root/opt/laundry-sorter' ! -user root | wc -l) == 0 && \$(find '$root/opt/laundry-sorter' ! -type l -perm /022 | wc -l) == 0 ]]"
check "only shipped models" "! [[ -e '$root/opt/laundry-sorter/models/serving.json' ]]"
step doctor ok "laundry-sorter doctor --config /etc/laundry-sorter/config.yaml"
step gpio-helper ok "python3 /opt/laundry-sorter/dist/src/gpio/chardev/gpiod-helper.py --list"
check "python3-libgpiod is v2" "grep -q '\"version\": \"2\\.' '$run/gpio-helper.log'"
step model-verify ok "laundry-sorter model verify /var/lib/laundry-sorter/models/current"
step classify ok "cd $checkout && laundry-sorter classify --json $photos > /tmp/classify-arm64.json"
check "classify byte-identical to x86" "cmp -s '$run/classify-x86.json' '$root/tmp/classify-arm64.json'"
step "demo-${demo_seconds}s" ok "timeout -s TERM $demo_seconds laundry-sorter run --config /etc/laundry-sorter/config.yaml > /tmp/demo.out 2>&1; s=\$?; [[ \$s == 124 || \$s == 0 ]]"
decisions=$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}  ' "$root/tmp/demo.out" || true)
check "demo sorted garments ($decisions)" "(( $decisions > 0 ))"
step staged-install ok "$in_checkout LAUNDRY_SORTER_DESTDIR=/tmp/stage LAUNDRY_SORTER_SKIP_NPM=1 scripts/install-device.sh"
check "staged unit and config" "[[ -f '$root/tmp/stage/etc/systemd/system/laundry-sorter.service' && -f '$root/tmp/stage/etc/laundry-sorter/config.yaml' ]]"
# The release tarball (npm run release, built here on x86): the device only runs npm ci --omit=dev.
"$src/scripts/make-release.sh" --no-build --out "$root/tmp/release" >/dev/null
step release-install ok "cd /tmp && tar xzf release/laundry-sorter-*.tar.gz && LAUNDRY_SORTER_DESTDIR=/tmp/stage-release laundry-sorter-*/scripts/install-device.sh"
check "release runs from its install" "chroot '$root' /tmp/stage-release/opt/laundry-sorter/bin/laundry-sorter --version >/dev/null"
step unit-security ok "systemd-analyze security --offline=true /etc/systemd/system/laundry-sorter.service | tail -1"
check "exposure at most 2.5" "awk '/Overall exposure/ { exit !(\$(NF-2) <= 2.5) }' '$run/unit-security.log'"

{ echo; echo "arm64 trixie root: $(chroot "$root" node --version), $(chroot "$root" dpkg-query -W -f '${Version}' python3-libgpiod) python3-libgpiod, qemu $(qemu-aarch64-static --version | head -1 | awk '{print $3}')"; } | tee -a "$report"
if [[ $failed == yes ]]; then say "some checks FAILED: $report"; exit 1; fi
say "all steps passed: $report"
