#!/usr/bin/env bash
# The one set-up command on a fresh Debian 12 machine (as root): installs what is missing,
# builds berth, (re)starts berthd on unix:///run/berth/berth.sock, makes a busybox image from
# Debian's busybox-static, loads it, and runs a first container from it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
install_runtime_deps
. scripts/java-env.sh; find_java
scripts/build.sh

sock=/run/berth/berth.sock
log=/var/log/berthd.log
if [ -f /run/berth/berthd.pid ] && kill -0 "$(cat /run/berth/berthd.pid)" 2>/dev/null; then
  echo "stopping the running berthd (pid $(cat /run/berth/berthd.pid)) to start the new build"
  kill -TERM "$(cat /run/berth/berthd.pid)"
  for _ in $(seq 100); do [ -S "$sock" ] || break; sleep 0.1; done
fi
setsid nohup bin/berthd >>"$log" 2>&1 < /dev/null &
for _ in $(seq 150); do
  curl -sf --unix-socket "$sock" http://berth/_ping >/dev/null 2>&1 && break; sleep 0.1
done
curl -sf --unix-socket "$sock" http://berth/_ping >/dev/null || { echo "berthd did not start; see $log" >&2; tail -20 "$log" >&2; exit 1; }
echo "berthd is running on unix://$sock (log: $log)"

mkdir -p target
scripts/make-busybox-image.sh target/busybox.tar busybox:latest >/dev/null
bin/berth load -i target/busybox.tar
bin/berth run --rm busybox echo "hello from a berth container"
bin/berth version
