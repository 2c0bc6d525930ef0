#!/usr/bin/env bash
# Installs a built checkout: /usr/local/lib/berth, berth and berthd on the PATH
# (/usr/local/bin), the systemd units berthd.socket and berthd.service (socket activation,
# Type=notify), the group berth that owns the API socket, /etc/berth/daemon.json (kept if
# present), and berth compose as the docker CLI's compose plugin
# (/usr/local/lib/docker/cli-plugins, unless another docker-compose plugin is there already).
# Run scripts/setup.sh (or scripts/build.sh) first. PREFIX overrides /usr/local.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
[ -f berthd/target/berthd-1.6.0.jar ] || { echo "not built: run scripts/build.sh first" >&2; exit 1; }
dest=$prefix/lib/berth
rm -rf "$dest.new"; mkdir -p "$dest.new"
for d in berthd berth-cli; do
  mkdir -p "$dest.new/$d/target"
  cp -r $d/target/*.jar $d/target/lib "$dest.new/$d/target/"
  cp $d/target/*.aot "$dest.new/$d/target/" 2>/dev/null || true
done
mkdir -p "$dest.new/bin" "$dest.new/scripts"
cp bin/berth bin/berthd bin/docker-compose "$dest.new/bin/"; cp scripts/java-env.sh "$dest.new/scripts/"; cp README.md "$dest.new/"
rm -rf "$dest"; mv "$dest.new" "$dest"
ln -sf "$dest/bin/berthd" "$prefix/bin/berthd"
ln -sf "$dest/bin/berth" "$prefix/bin/berth"
plugins=$prefix/lib/docker/cli-plugins
mkdir -p "$plugins"
if [ ! -e "$plugins/docker-compose" ] || [ "$(readlink "$plugins/docker-compose")" = "$dest/bin/docker-compose" ]; then
  ln -sfn "$dest/bin/docker-compose" "$plugins/docker-compose"
else
  echo "kept the docker-compose plugin already in $plugins (berth's is $dest/bin/docker-compose)"
fi
mkdir -p /etc/berth
[ -f /etc/berth/daemon.json ] || cp dist/daemon.json /etc/berth/daemon.json
getent group berth >/dev/null || groupadd --system berth
sed "s|/usr/local/bin/berthd|$prefix/bin/berthd|" dist/berthd.service > /etc/systemd/system/berthd.service
cp dist/berthd.socket /etc/systemd/system/berthd.socket
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  echo "installed; start with: systemctl enable --now berthd.socket berthd"
else
  echo "installed (no systemd running here: start berthd by hand)"
fi
