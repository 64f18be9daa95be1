#!/usr/bin/env bash
# Installs laundry-sorter as a systemd service on Raspberry Pi OS or Debian. Run from a checkout:
#   sudo scripts/install-device.sh              install, or upgrade in place (config and models kept)
#   sudo scripts/install-device.sh --no-start   install but do not start it
#   sudo scripts/install-device.sh --uninstall  remove the program and the service; keep config, models, journal
#   sudo scripts/install-device.sh --uninstall --purge   remove those too, and the user
# Layout: /opt/laundry-sorter (program), /etc/laundry-sorter/config.yaml, /var/lib/laundry-sorter/
# {models,journal,snapshots}, /usr/local/bin/laundry-sorter, the unit in /etc/systemd/system.
# LAUNDRY_SORTER_DESTDIR=DIR installs into a staging root instead (no users, no systemctl):
# for packaging, and for the tests.
set -euo pipefail

root="${LAUNDRY_SORTER_DESTDIR:-}"
src=$(cd "$(dirname "$0")/.." && pwd)
app="$root/opt/laundry-sorter"
etc="$root/etc/laundry-sorter"
var="$root/var/lib/laundry-sorter"
unit_dir="$root/etc/systemd/system"
user=laundry-sorter
mode=install start=yes purge=no
for arg in "$@"; do
  case "$arg" in
    --no-start) start=no ;;
    --uninstall) mode=uninstall ;;
    --purge) purge=yes ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-device: unknown option $arg (see --help)" >&2; exit 64 ;;
  esac
done
staged() { [[ -n "$root" ]]; }
if ! staged && [[ $(id -u) -ne 0 ]]; then echo "install-device: run it with sudo" >&2; exit 1; fi
say() { echo "install-device: $*"; }

if [[ $mode == uninstall ]]; then
  staged || systemctl disable --now laundry-sorter.service 2>/dev/null || systemctl disable laundry-sorter.service 2>/dev/null || true
  rm -f "$unit_dir/laundry-sorter.service" "$root/usr/local/bin/laundry-sorter"
  staged || [[ ! -d /run/systemd/system ]] || systemctl daemon-reload
  rm -rf "$app"
  if [[ $purge == yes ]]; then
    rm -rf "$etc" "$var"
    staged || ! id "$user" >/dev/null 2>&1 || userdel "$user"
    say "removed, with config, models, journal and the $user user"
  else
    say "removed; kept $etc and $var (--purge removes them)"
  fi
  exit 0
fi

if ! staged; then
  "$src/scripts/install-deps.sh"
fi
# A release tarball (npm run release) is built already. A git checkout is built here in about
# 300 MB, for a Pi Zero 2 W (measured on x86: 301 MiB peak, npm's, against 413 for a full
# npm ci and tsc's 394): the program's packages only (npm's heap capped; below 96 MB it aborts),
# TypeScript alone beside them, and a transpile without type-checking (CI checks types).
# Those packages then serve the program as they are.
built_here=no
if [[ ! -f "$src/dist/src/cli/main.js" ]]; then
  say "building from source (a release tarball skips this: see the README)"
  (cd "$src" && NODE_OPTIONS=--max-old-space-size=128 npm ci --omit=dev --no-audit --no-fund >/dev/null)
  ts=$(mktemp -d)
  ts_version=$(node -p "require('$src/package.json').devDependencies.typescript")
  (cd "$ts" && NODE_OPTIONS=--max-old-space-size=128 npm install --no-save --no-package-lock --no-audit --no-fund "typescript@$ts_version" >/dev/null)
  LAUNDRY_SORTER_TYPESCRIPT="$ts/node_modules/typescript/lib/typescript.js" node --max-old-space-size=96 "$src/scripts/transpile.mjs"
  rm -rf "$ts"
  built_here=yes
fi

# The program: a fresh copy beside the old one, then swapped in, so an upgrade is all or nothing.
say "installing the program in $app"
mkdir -p "$(dirname "$app")"
rm -rf "$app.new"
mkdir -p "$app.new"
cp -a "$src/package.json" "$src/package-lock.json" "$src/README.md" "$src/dist" "$src/bin" "$src/config" "$src/systemd" "$src/models" "$app.new/"
[[ -d "$src/docs" ]] && cp -a "$src/docs" "$app.new/"
# The program's models are the shipped ones only: not the serving record or runs a demo left.
find "$app.new/models" -mindepth 1 -maxdepth 1 ! -type l ! -exec test -f '{}/manifest.json' ';' -exec rm -rf '{}' +
node_arch=$(node -p process.arch)
if [[ -n "${LAUNDRY_SORTER_SKIP_NPM:-}" ]]; then
  ln -s "$src/node_modules" "$app.new/node_modules"
elif [[ $built_here == yes || ( -f "$src/node_modules/.release-arch" && $(cat "$src/node_modules/.release-arch") == "$node_arch" ) ]]; then
  # Packages for this CPU are here already (a release tarball's, or just installed above): no npm again.
  cp -a "$src/node_modules" "$app.new/"
else
  (cd "$app.new" && NODE_OPTIONS=--max-old-space-size=128 npm ci --omit=dev --no-audit --no-fund >/dev/null)
fi
# The program belongs to root and nobody else may write it: the service only reads it.
staged || chown -R root:root "$app.new"
chmod -R u+rwX,go+rX,go-w "$app.new"
[[ -d "$app" ]] && mv "$app" "$app.old"
mv "$app.new" "$app"
rm -rf "$app.old"
mkdir -p "$root/usr/local/bin"
ln -sfn /opt/laundry-sorter/bin/laundry-sorter "$root/usr/local/bin/laundry-sorter"

if ! staged; then
  id "$user" >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/laundry-sorter --shell /usr/sbin/nologin "$user"
  for g in gpio video; do getent group "$g" >/dev/null && usermod -aG "$g" "$user"; done
fi
owner() { staged || chown "$user:$user" "$@"; }

# State: models, journal and snapshots belong to the service's group. The models directory is
# group-writable and setgid, so a push by any member of the group lands usable by the service.
mkdir -p "$var/models" "$var/journal" "$var/snapshots" "$var/samples" "$etc"
chmod 2775 "$var/models"; chmod 0750 "$var/journal" "$var/snapshots"; chmod 2770 "$var/samples"
owner "$var" "$var/models" "$var/journal" "$var/snapshots" "$var/samples"
for dir in "$src"/models/*/; do
  id=$(basename "$dir")
  [[ -L "${dir%/}" || -e "$var/models/$id" || ! -f "$dir/manifest.json" ]] && continue
  cp -a "$dir" "$var/models/$id"
  chmod -R g+rwX "$var/models/$id"   # so a pusher in the group can prune it later
  owner -R "$var/models/$id"
done
if [[ ! -e "$var/models/current" ]]; then
  ln -s "$(readlink "$src/models/current")" "$var/models/current"
  say "first model: $(readlink "$var/models/current")"
fi

if [[ ! -f "$etc/config.yaml" ]]; then
  install -m 0640 "$src/config/default.yaml" "$etc/config.yaml"
  owner "$etc/config.yaml"
  say "wrote $etc/config.yaml: check the wiring and broker in it"
else
  say "kept $etc/config.yaml"
fi

mkdir -p "$unit_dir"
install -m 0644 "$src/systemd/laundry-sorter.service" "$unit_dir/laundry-sorter.service"

# Can every part the config asks for work here? A missing GPIO backend or camera program is
# a failure now, not a surprise at the first start. (A staging root is not the device: only
# when asked, with LAUNDRY_SORTER_DOCTOR=1.)
if ! staged || [[ -n "${LAUNDRY_SORTER_DOCTOR:-}" ]]; then
  if ! "$app/bin/laundry-sorter" doctor --config "$etc/config.yaml"; then
    say "FAILED: the sorter cannot work with $etc/config.yaml on this machine yet (the parts marked fail above)."
    say "the program is installed but the service was not enabled; fix those, run \`laundry-sorter doctor --config $etc/config.yaml\`, then this script again"
    exit 1
  fi
fi

if ! staged; then
  if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    systemctl enable laundry-sorter.service >/dev/null
    if [[ $start == yes ]]; then systemctl restart laundry-sorter.service; say "started: systemctl status laundry-sorter"; fi
  elif command -v systemctl >/dev/null && systemctl enable laundry-sorter.service >/dev/null 2>&1; then
    # No running systemd (an image being built in a chroot, a container): enabling works offline.
    say "systemd is not running here; the service is enabled and starts at the next boot"
  else
    say "WARNING: the service is installed but NOT enabled: $(command -v systemctl >/dev/null && echo 'systemctl enable failed' || echo 'systemctl is missing'); run \`systemctl enable laundry-sorter\` where systemd runs"
    exit 1
  fi
fi
say "done"
