#!/usr/bin/env bash
# Pull throughput of a 7-layer ~250 MiB image from a loopback docker-registry (Debian's
# docker-registry), unpack included, on berthd and (when installed) on Debian's dockerd in its
# own data root; prints MiB/s and the ratio. Target (issue 5): berth >= 2x Docker's throughput.
# TRACE=1 runs berthd with --debug and prints the steps of its last pull, layer by layer.
# The image is pushed by berthd, so both daemons pull the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
tmp=$(mktemp -d /var/tmp/berth-bench.XXXXXX); echo '{}' > "$tmp/dockerd.json"
dbr=dpull$$; bbr=bpull$$; table=berth_pull$$
trap 'kill $(cat "$tmp"/*.pid 2>/dev/null) 2>/dev/null; sleep 1; ip link del "$dbr" 2>/dev/null; ip link del "$bbr" 2>/dev/null; nft delete table ip "$table" 2>/dev/null; rm -rf "$tmp"' EXIT
bench/make-multilayer-image.sh "$tmp/img.tar" "${LAYERS:-7}" "${MIB:-36}"
size_mib=$(( $(stat -c %s "$tmp/img.tar") / 1048576 ))
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wait_sock() { for _ in $(seq 300); do curl -sf --unix-socket "$1" http://x/_ping >/dev/null 2>&1 && return; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$tmp/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $tmp/registry}}
http: {addr: 127.0.0.1:$port}
YML
/usr/bin/docker-registry serve "$tmp/registry.yml" >"$tmp/registry.log" 2>&1 & echo $! > "$tmp/r.pid"
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
ref=127.0.0.1:$port/bench/multilayer

# CPU seconds (user+sys, children included) a process has used so far
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15+$16+$17)/hz}' "/proc/$1/stat"; }
# measure SOCKET [PID]: the median pull time in ms (the image removed before each pull); with
# PID, prints that daemon's and the registry's CPU per pull to stderr
measure() {
  local sock=$1 pid=${2:-} pulls=() c0 r0
  [ -n "$pid" ] && { c0=$(cpu_s "$pid"); r0=$(cpu_s "$(cat "$tmp/r.pid")"); }
  for _ in $(seq "$runs"); do
    curl -sf --unix-socket "$sock" -X DELETE "http://x/v1.41/images/$ref:latest?force=1" >/dev/null 2>&1 || true
    local t0; t0=$(now_ms)
    curl -sf --unix-socket "$sock" -X POST -H 'X-Registry-Auth: e30=' \
      "http://x/v1.41/images/create?fromImage=$ref&tag=latest" -o "$tmp/pull.out"
    grep -q '"error"' "$tmp/pull.out" && { cat "$tmp/pull.out" >&2; exit 1; }
    pulls+=($(( $(now_ms) - t0 )))
  done
  [ -n "$pid" ] && awk -v a="$c0" -v b="$(cpu_s "$pid")" -v c="$r0" -v d="$(cpu_s "$(cat "$tmp/r.pid")")" \
    -v n="$runs" -v rss="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")" \
    'BEGIN {printf "  CPU per pull: daemon %.2f s, registry %.2f s; daemon RSS after the pulls %.0f MiB\n", (b-a)/n, (d-c)/n, rss/1024}' >&2
  printf '%s\n' "${pulls[@]}" | median
}

# its own bridge and nftables table: the defaults (berth0, table berth) are the host's berthd's
bin/berthd ${TRACE:+--debug} --root "$tmp/broot" --exec-root "$tmp/bexec" --config-file /dev/null -H "unix://$tmp/b.sock" \
  --bridge "$bbr" --bip 10.231.74.1/24 --nft-table "$table" >"$tmp/b.log" 2>&1 & echo $! > "$tmp/b.pid"
wait_sock "$tmp/b.sock"
curl -sf --unix-socket "$tmp/b.sock" -X POST -H 'Content-Type: application/x-tar' --data-binary @"$tmp/img.tar" "http://x/v1.41/images/load?quiet=1" >/dev/null
curl -sf --unix-socket "$tmp/b.sock" -X POST "http://x/v1.41/images/bench/multilayer:latest/tag?repo=$ref&tag=latest"
curl -sf --unix-socket "$tmp/b.sock" -X POST -H 'X-Registry-Auth: e30=' "http://x/v1.41/images/$ref/push?tag=latest" >/dev/null
curl -sf --unix-socket "$tmp/b.sock" -X DELETE "http://x/v1.41/images/bench/multilayer:latest" >/dev/null
bpull=$(measure "$tmp/b.sock" "$(cat "$tmp/b.pid")")
kill "$(cat "$tmp/b.pid")"; rm -f "$tmp/b.pid"
if [ -n "${TRACE:-}" ]; then
  # TRACE=1: berthd's step lines of its last pull (the layers, then the whole pull; ms)
  echo "trace of berthd's last pull:"
  grep -o 'trace pull [^"]*' "$tmp/b.log" | tail -$(( ${LAYERS:-7} + 1 )) | sed 's/^/  /'
fi
echo "image: ${size_mib} MiB, ${LAYERS:-7} layers (uncompressed, as berth pushed them)"
awk -v s="$size_mib" -v p="$bpull" 'BEGIN {printf "berthd: pull %d ms (%.0f MiB/s)\n", p, s*1000/p}'
if command -v dockerd >/dev/null 2>&1; then
  # its own bridge by name, not --bridge none: that makes dockerd delete the host's docker0
  # (moby's removeDefaultBridgeInterface), the bridge of another dockerd on this host
  ip link add "$dbr" type bridge; ip addr add 10.231.75.1/24 dev "$dbr"; ip link set "$dbr" up
  dockerd --data-root "$tmp/droot" --exec-root "$tmp/dexec" --pidfile "$tmp/d.pidf" -H "unix://$tmp/d.sock" \
    --bridge "$dbr" --iptables=false --ip-masq=false --config-file "$tmp/dockerd.json" --containerd-namespace benchpull \
    --containerd-plugins-namespace benchpullp >"$tmp/d.log" 2>&1 & echo $! > "$tmp/d.pid"
  wait_sock "$tmp/d.sock"
  dpull=$(measure "$tmp/d.sock")
  awk -v s="$size_mib" -v p="$dpull" 'BEGIN {printf "dockerd: pull %d ms (%.0f MiB/s)\n", p, s*1000/p}'
  awk -v b="$bpull" -v d="$dpull" 'BEGIN {printf "pull throughput berthd/dockerd: %.2fx (target >= 2x)\n", d/b}'
else
  echo "dockerd not installed (apt-get install docker.io): no side-by-side figures"
fi
