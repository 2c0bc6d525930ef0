#!/usr/bin/env bash
# Image load and save throughput for a 7-layer ~250 MiB image through the Engine API, on berthd
# and (when installed) on Debian's dockerd in its own data root; prints MiB/s and ratios.
# Target (issue 3): load >= 1.5x Docker's throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
tmp=$(mktemp -d /var/tmp/berth-bench.XXXXXX); echo '{}' > "$tmp/dockerd.json"; . bench/lib-bridges.sh; bench_bridges 80
trap 'kill $(cat "$tmp"/*.pid 2>/dev/null) 2>/dev/null; sleep 1; bench_bridges_cleanup; rm -rf "$tmp"' EXIT
bench/make-multilayer-image.sh "$tmp/img.tar" "${LAYERS:-7}" "${MIB:-36}"
size_mib=$(( $(stat -c %s "$tmp/img.tar") / 1048576 ))
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure SOCKET: prints "load_ms save_ms" medians
measure() {
  local sock=$1 loads=() saves=()
  for _ in $(seq "$runs"); do
    curl -sf --unix-socket "$sock" -X DELETE "http://x/v1.41/images/bench/multilayer:latest?force=1" >/dev/null 2>&1 || true
    local t0; t0=$(now_ms)
    curl -sf --unix-socket "$sock" -X POST -H 'Content-Type: application/x-tar' --data-binary @"$tmp/img.tar" \
      "http://x/v1.41/images/load?quiet=1" >/dev/null
    loads+=($(( $(now_ms) - t0 )))
    t0=$(now_ms)
    curl -sf --unix-socket "$sock" "http://x/v1.41/images/bench/multilayer:latest/get" -o "$tmp/saved.tar"
    saves+=($(( $(now_ms) - t0 )))
  done
  echo "$(printf '%s\n' "${loads[@]}" | median) $(printf '%s\n' "${saves[@]}" | median)"
}
wait_sock() { for _ in $(seq 300); do curl -sf --unix-socket "$1" http://x/_ping >/dev/null 2>&1 && return; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }

bin/berthd --root "$tmp/broot" --exec-root "$tmp/bexec" "${BERTHD_NET[@]}" --config-file /dev/null -H "unix://$tmp/b.sock" >"$tmp/b.log" 2>&1 & echo $! > "$tmp/b.pid"
wait_sock "$tmp/b.sock"
read -r bload bsave < <(measure "$tmp/b.sock")
kill "$(cat "$tmp/b.pid")"; rm -f "$tmp/b.pid"
echo "image: ${size_mib} MiB, ${LAYERS:-7} layers"
awk -v s="$size_mib" -v l="$bload" -v v="$bsave" 'BEGIN {printf "berthd: load %d ms (%.0f MiB/s), save %d ms (%.0f MiB/s)\n", l, s*1000/l, v, s*1000/v}'
if command -v dockerd >/dev/null 2>&1; then
  dockerd --data-root "$tmp/droot" --exec-root "$tmp/dexec" --pidfile "$tmp/d.pidf" -H "unix://$tmp/d.sock" \
    "${DOCKERD_NET[@]}" --iptables=false --ip-masq=false --config-file "$tmp/dockerd.json" --containerd-namespace benchimg \
    --containerd-plugins-namespace benchimgp >"$tmp/d.log" 2>&1 & echo $! > "$tmp/d.pid"
  wait_sock "$tmp/d.sock"
  read -r dload dsave < <(measure "$tmp/d.sock")
  awk -v s="$size_mib" -v l="$dload" -v v="$dsave" 'BEGIN {printf "dockerd: load %d ms (%.0f MiB/s), save %d ms (%.0f MiB/s)\n", l, s*1000/l, v, s*1000/v}'
  awk -v b="$bload" -v d="$dload" 'BEGIN {printf "load throughput berthd/dockerd: %.2fx (target >= 1.5x)\n", d/b}'
  awk -v b="$bsave" -v d="$dsave" 'BEGIN {printf "save throughput berthd/dockerd: %.2fx\n", d/b}'
else
  echo "dockerd not installed (apt-get install docker.io): no side-by-side figures"
fi
