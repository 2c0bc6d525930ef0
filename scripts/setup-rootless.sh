#!/usr/bin/env bash
# Prepares rootless berthd for USER (as root; docs/adr/0114-rootless.md):
#   scripts/setup-rootless.sh USER
# installs uidmap (newuidmap/newgidmap) and slirp4netns, gives USER 65536 subordinate uids and
# gids when /etc/subuid or /etc/subgid has none for them, and lets users open /dev/net/tun
# (mode 0666, as Debian's udev rules make it) for slirp4netns. Then USER starts berthd with
#   XDG_RUNTIME_DIR=/run/user/$(id -u USER) bin/berthd-rootless
# and reaches it with  docker -H unix://$XDG_RUNTIME_DIR/berth/berth.sock ...
set -euo pipefail
cd "$(dirname "$0")/.."
user="${1:?usage: scripts/setup-rootless.sh USER}"
[ "$(id -u)" -eq 0 ] || { echo "scripts/setup-rootless.sh needs root" >&2; exit 1; }
id -u "$user" >/dev/null 2>&1 || { echo "no such user: $user" >&2; exit 1; }
. scripts/deps.sh
install_rootless_deps

# the first 65536-aligned range above every range in the file
next_free() {
  awk -F: 'BEGIN { top = 100000 } NF >= 3 { end = $2 + $3; if (end > top) top = end }
    END { printf "%d\n", int((top + 65535) / 65536) * 65536 }' "$1"
}
for f in /etc/subuid /etc/subgid; do
  touch "$f"
  if ! grep -q "^$user:" "$f"; then
    start="$(next_free "$f")"
    echo "$user:$start:65536" >> "$f"
    echo "$f: $user:$start:65536"
  fi
done

if [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
  chmod 0666 /dev/net/tun
  echo "/dev/net/tun: mode 0666"
fi

uid="$(id -u "$user")"
if [ ! -d "/run/user/$uid" ]; then
  # what systemd-logind makes at login; without logind, make it here
  install -d -m 0700 -o "$user" -g "$(id -g "$user")" "/run/user/$uid"
  echo "/run/user/$uid: made (XDG_RUNTIME_DIR)"
fi
echo "rootless berthd is ready for $user: XDG_RUNTIME_DIR=/run/user/$uid $(pwd)/bin/berthd-rootless"
