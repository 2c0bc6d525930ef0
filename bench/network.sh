#!/usr/bin/env bash
# Networking cost on berthd: network set-up per container start (docker run --rm true on the
# default bridge vs --network none), and a published port vs the container's own address for
# bulk transfer (curl of a 200 MiB file) and new connections (sequential small GETs).
# Targets (issue 6): bridge set-up <= 10 ms per start; published >= 95% of direct for bulk,
# >= 90% for new connections. Uses its own bridge, subnet and nftables table.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}; conns=${CONNS:-200}
tmp=$(mktemp -d /var/tmp/berth-netbench.XXXXXX)
cleanup() {
  docker -H "unix://$tmp/b.sock" rm -f nb >/dev/null 2>&1 || true
  [ -f "$tmp/b.pid" ] && kill "$(cat "$tmp/b.pid")" 2>/dev/null; sleep 2
  nft delete table ip berth_bench 2>/dev/null || true; ip link del btbench0 2>/dev/null || true
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
bin/berthd --root "$tmp/root" --exec-root "$tmp/exec" --config-file /dev/null \
  -H "unix://$tmp/b.sock" --bridge btbench0 --bip 10.252.9.1/24 --nft-table berth_bench \
  >"$tmp/b.log" 2>&1 & echo $! > "$tmp/b.pid"
for _ in $(seq 300); do curl -sf --unix-socket "$tmp/b.sock" http://x/_ping >/dev/null 2>&1 && break; sleep 0.1; done
d() { docker -H "unix://$tmp/b.sock" "$@"; }
d load -i "$tmp/busybox.tar" >/dev/null
time_runs() { local t=() t0; for _ in $(seq "$runs"); do t0=$(now_ms); d run --rm "$@" busybox true; t+=($(( $(now_ms) - t0 ))); done; printf '%s\n' "${t[@]}" | median; }
d run --rm busybox true
bridge=$(time_runs); none=$(time_runs --network none)
echo "run --rm true: bridge ${bridge} ms, none ${none} ms, bridge set-up $((bridge - none)) ms"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
d run -d --name nb -p "127.0.0.1:$port:80" busybox sh -c \
  'mkdir -p /w && head -c 209715200 /dev/zero > /w/big && echo ok > /w/small && exec httpd -f -p 80 -h /w' >/dev/null
ip=$(d inspect -f '{{.NetworkSettings.IPAddress}}' nb)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/small" >/dev/null && break; sleep 0.1; done
bulk() { curl -s -o /dev/null -w '%{speed_download}\n' "$1/big"; }
rate() { local t0; t0=$(now_ms); for _ in $(seq "$conns"); do curl -s -o /dev/null "$1/small"; done; echo $(( conns * 1000 / ($(now_ms) - t0 + 1) )); }
pb=$(bulk "http://127.0.0.1:$port"); db=$(bulk "http://$ip:80")
pr=$(rate "http://127.0.0.1:$port"); dr=$(rate "http://$ip:80")
awk -v pb="$pb" -v db="$db" -v pr="$pr" -v dr="$dr" 'BEGIN {
  printf "bulk: published %.0f MB/s, direct %.0f MB/s (%.0f%%)\n", pb/1e6, db/1e6, 100*pb/db;
  printf "new connections: published %d/s, direct %d/s (%.0f%%)\n", pr, dr, 100*pr/dr }'
