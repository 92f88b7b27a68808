#!/usr/bin/env bash
# Installs npu-watch as a systemd service from a built checkout (`npm ci && npm run build` first), or removes
# it. Run as root. Idempotent: running it again updates everything in place.
#
#   /opt/npu-watch/                                        the app: dist/, package.json, production node_modules
#   /usr/local/bin/npu-watch                               wrapper: exec <node> /opt/npu-watch/dist/cli.js "$@"
#   /usr/local/lib/systemd/system/npu-watch.service        the daemon (system unit)
#   /usr/local/lib/systemd/user/npu-watch-notify.service   desktop notifications (user unit)
#   /usr/local/lib/sysusers.d/npu-watch.conf               the npu-watch user, in the render group
#   /usr/local/lib/tmpfiles.d/npu-watch-rapl.conf          RAPL energy_uj readable by the npu-watch group
#   /usr/local/lib/udev/rules.d/99-npu-watch-rapl.rules    the same when a powercap zone appears
#   /usr/local/lib/tmpfiles.d/npu-watch-pmt.conf           PMT telemetry (the NPU's own energy) readable by it
#   /usr/local/lib/udev/rules.d/99-npu-watch-pmt.rules     the same when a telemetry region appears
#
# Everything goes under /usr/local and /opt (the administrator's, not the package manager's, and writable on
# Fedora Atomic too); /etc stays for your settings: /etc/npu-watch/config.toml and `systemctl edit` drop-ins.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/install-service.sh [--uninstall] [--root DIR] [--no-deps]

  (no option)   install or update npu-watch as a systemd service (run as root)
  --uninstall   stop and disable the units, remove every installed file (keeps the npu-watch user,
                /var/lib/npu-watch, /var/cache/npu-watch and /etc/npu-watch)
  --root DIR    install into (or remove from) a staging root instead of /: files only, plus
                systemd-sysusers/systemd-tmpfiles with --root; no systemctl, udevadm or restorecon
  --no-deps     do not run `npm ci --omit=dev` in /opt/npu-watch (the app then needs its node_modules
                from elsewhere)

Environment: NODE=/path/to/node picks the Node.js the service runs (default: `command -v node`).
EOF
}

say() { printf 'npu-watch install: %s\n' "$*"; }
die() { printf 'npu-watch install: error: %s\n' "$*" >&2; exit 1; }

root=""
mode=install
deps=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || { usage >&2; exit 2; }; root="$2"; shift 2 ;;
    --root=*) root="${1#--root=}"; shift ;;
    --uninstall) mode=uninstall; shift ;;
    --no-deps) deps=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'npu-watch install: unknown argument %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
  [ "$root" != / ] || root=""
fi
live=1
[ -z "$root" ] || live=0

APP_DIR=/opt/npu-watch
BIN=/usr/local/bin/npu-watch
SYSTEM_UNIT=/usr/local/lib/systemd/system/npu-watch.service
USER_UNIT=/usr/local/lib/systemd/user/npu-watch-notify.service
SYSUSERS=/usr/local/lib/sysusers.d/npu-watch.conf
TMPFILES=/usr/local/lib/tmpfiles.d/npu-watch-rapl.conf
UDEV_RULE=/usr/local/lib/udev/rules.d/99-npu-watch-rapl.rules
PMT_TMPFILES=/usr/local/lib/tmpfiles.d/npu-watch-pmt.conf
PMT_UDEV_RULE=/usr/local/lib/udev/rules.d/99-npu-watch-pmt.rules
INSTALLED_FILES=("$BIN" "$SYSTEM_UNIT" "$USER_UNIT" "$SYSUSERS" "$TMPFILES" "$UDEV_RULE" "$PMT_TMPFILES" "$PMT_UDEV_RULE")

if [ "$live" = 1 ]; then
  [ "$(id -u)" = 0 ] || die "run as root (sudo $0 $*), or stage into a directory with --root DIR"
  command -v systemctl >/dev/null || die "systemctl not found: this installs a systemd service"
fi
umask 022

# Runs a systemd tool against the live system, or skips it (with a note) in a staging root.
live_only() {
  if [ "$live" = 1 ]; then
    "$@"
  else
    say "staging root: skipped: $*"
  fi
}

uninstall() {
  if [ "$live" = 1 ]; then
    systemctl disable --now npu-watch.service 2>/dev/null && say "stopped and disabled npu-watch.service" || true
    systemctl --global disable npu-watch-notify.service 2>/dev/null || true
  fi
  local file
  for file in "${INSTALLED_FILES[@]}"; do
    if [ -e "$root$file" ] || [ -L "$root$file" ]; then
      rm -f "$root$file"
      say "removed $root$file"
    fi
  done
  if [ -d "$root$APP_DIR" ]; then
    rm -rf "$root$APP_DIR"
    say "removed $root$APP_DIR"
  fi
  if [ "$live" = 1 ]; then
    systemctl daemon-reload
    if command -v udevadm >/dev/null; then udevadm control --reload || true; fi
  fi
  say "uninstalled. Kept: the npu-watch user and group, /var/lib/npu-watch (state), /var/cache/npu-watch,"
  say "/etc/npu-watch. Remove them with: rm -rf /var/lib/npu-watch /var/cache/npu-watch /etc/npu-watch; userdel npu-watch"
  say "RAPL energy_uj and PMT telem files keep the npu-watch group until the next boot. Users who enabled the notifier:"
  say "systemctl --user disable npu-watch-notify.service"
}

# The Node.js the service will run: 20.19 or newer, somewhere the npu-watch user can execute it.
pick_node() {
  local node="${NODE:-$(command -v node || true)}"
  [ -n "$node" ] || die "node not found: install Node.js 20.19 or newer (Fedora: dnf install nodejs), or set NODE=/path/to/node"
  case "$node" in
    /home/* | /root/* | /tmp/*)
      local problem="$node is in a home or temporary directory, where the npu-watch service cannot run it: install Node.js system-wide (dnf install nodejs) or set NODE=/path/to/node"
      # A staging root is not run here: say so, and go on.
      if [ "$live" = 1 ]; then die "$problem"; else say "warning: $problem" >&2; fi ;;
  esac
  [ -x "$node" ] || die "NODE=$node is not executable"
  "$node" -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)' \
    || die "$node is Node.js $("$node" --version); npu-watch needs 20.19 or newer"
  printf '%s\n' "$node"
}

install_app() {
  [ -f "$source_dir/dist/cli.js" ] && [ -f "$source_dir/dist/canary/worker.js" ] \
    || die "$source_dir/dist is not built: run 'npm ci && npm run build' there first (as your user), then this script"
  local app="$root$APP_DIR"
  mkdir -p "$app"
  rm -rf "$app/dist"
  cp -R "$source_dir/dist" "$app/dist"
  local file
  for file in package.json package-lock.json README.md; do
    install -m 0644 "$source_dir/$file" "$app/$file"
  done
  say "installed the app in $app"
  if [ "$deps" = 1 ]; then
    command -v npm >/dev/null || die "npm not found: it installs the app's dependencies into $APP_DIR"
    say "installing production dependencies (npm ci --omit=dev; openvino-node downloads its runtime)"
    (cd "$app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
  else
    say "skipped dependencies (--no-deps): run 'npm ci --omit=dev' in $APP_DIR before starting the service"
  fi
}

install_wrapper() {
  local node
  node=$(pick_node)
  mkdir -p "$root$(dirname "$BIN")"
  local tmp
  tmp=$(mktemp)
  cat >"$tmp" <<EOF
#!/bin/sh
# npu-watch, installed by scripts/install-service.sh: the app in $APP_DIR on the Node.js chosen at install.
exec "$node" "$APP_DIR/dist/cli.js" "\$@"
EOF
  install -m 0755 "$tmp" "$root$BIN"
  rm -f "$tmp"
  say "installed $root$BIN (runs $node)"
}

install_systemd_files() {
  local pair source target
  for pair in \
    "npu-watch.service:$SYSTEM_UNIT" \
    "npu-watch-notify.service:$USER_UNIT" \
    "npu-watch.sysusers:$SYSUSERS" \
    "npu-watch-rapl.conf:$TMPFILES" \
    "99-npu-watch-rapl.rules:$UDEV_RULE" \
    "npu-watch-pmt.conf:$PMT_TMPFILES" \
    "99-npu-watch-pmt.rules:$PMT_UDEV_RULE"; do
    source="$source_dir/systemd/${pair%%:*}"
    target="$root${pair#*:}"
    mkdir -p "$(dirname "$target")"
    install -m 0644 "$source" "$target"
    say "installed $target"
  done
}

apply() {
  local root_args=()
  [ "$live" = 1 ] || { root_args=(--root "$root"); mkdir -p "$root/etc"; }
  # The user and group first: the tmpfiles and udev rules name the group.
  systemd-sysusers "${root_args[@]}" "$(basename "$SYSUSERS")"
  say "applied sysusers: user npu-watch (in group render)"
  systemd-tmpfiles "${root_args[@]}" --create "$(basename "$TMPFILES")"
  say "applied tmpfiles: RAPL energy_uj readable by group npu-watch"
  systemd-tmpfiles "${root_args[@]}" --create "$(basename "$PMT_TMPFILES")"
  say "applied tmpfiles: PMT telemetry (the NPU's own energy) readable by group npu-watch"
  if [ "$live" = 1 ]; then
    if command -v udevadm >/dev/null; then
      udevadm control --reload
      udevadm trigger --action=add --subsystem-match=powercap --subsystem-match=intel_pmt
      say "reloaded udev rules and re-applied them to the powercap zones and PMT telemetry regions"
    else
      say "udevadm not found: the udev rule applies from the next boot"
    fi
    if command -v restorecon >/dev/null; then
      restorecon -RF "$APP_DIR" "$BIN" "$SYSTEM_UNIT" "$USER_UNIT" "$SYSUSERS" "$TMPFILES" "$UDEV_RULE" "$PMT_TMPFILES" "$PMT_UDEV_RULE" || true
    fi
  else
    say "staging root: skipped udevadm and restorecon"
  fi
  live_only systemctl daemon-reload
  if [ "$live" = 1 ] && systemctl is-active --quiet npu-watch.service; then
    systemctl restart npu-watch.service
    say "restarted the running npu-watch.service on the new version"
  fi
}

if [ "$mode" = uninstall ]; then
  uninstall
  exit 0
fi

install_app
install_wrapper
install_systemd_files
apply
say "done. Next:"
say "  sudo systemctl enable --now npu-watch.service"
say "  systemctl status npu-watch.service; curl -s http://127.0.0.1:10461/metrics | grep npuwatch_device"
say "  desktop notifications, in your session: systemctl --user daemon-reload && systemctl --user enable --now npu-watch-notify.service"
