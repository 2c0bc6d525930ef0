#!/usr/bin/env bash
# docker run --rm busybox true through berthd and through dockerd (same docker CLI), API-only
# create+start+wait+delete, and 20 detached containers (sequential), with monitor RSS per
# container. Prints medians and berth/docker ratios. Targets (issue 4): run --rm true <= 0.4x
# Docker's, container starts <= 0.5x Docker's, <= 3 MiB monitor RSS per container.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}; many=${MANY:-20}
tmp=$(mktemp -d /var/tmp/berth-bench.XXXXXX); echo '{}' > "$tmp/dockerd.json"
cleanup() { for p in "$tmp"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done; sleep 2; bench_bridges_cleanup; rm -rf "$tmp" 2>/dev/null || true; }
. bench/lib-bridges.sh; bench_bridges 81
trap cleanup EXIT
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wait_sock() { for _ in $(seq 300); do curl -sf --unix-socket "$1" http://x/_ping >/dev/null 2>&1 && return; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null

# measure HOST: prints "run_ms api_ms many_ms monitor_kib"
measure() {
  local host=$1 sock=${1#unix://} runs_=() api=() t0
  docker -H "$host" load -i "$tmp/busybox.tar" >/dev/null
  docker -H "$host" run --rm busybox true
  for _ in $(seq "$runs"); do t0=$(now_ms); docker -H "$host" run --rm busybox true; runs_+=($(( $(now_ms) - t0 ))); done
  for _ in $(seq "$runs"); do
    t0=$(now_ms)
    id=$(curl -sf --unix-socket "$sock" -X POST -H 'Content-Type: application/json' \
      -d '{"Image":"busybox","Cmd":["true"]}' http://x/v1.41/containers/create | sed 's/.*"Id":"\([0-9a-f]*\)".*/\1/')
    curl -sf --unix-socket "$sock" -X POST "http://x/v1.41/containers/$id/start" >/dev/null
    curl -sf --unix-socket "$sock" -X POST "http://x/v1.41/containers/$id/wait" >/dev/null
    curl -sf --unix-socket "$sock" -X DELETE "http://x/v1.41/containers/$id" >/dev/null
    api+=($(( $(now_ms) - t0 )))
  done
  t0=$(now_ms)
  for i in $(seq "$many"); do docker -H "$host" run -d --name "b$i" busybox sleep 3600 >/dev/null; done
  local many_ms=$(( $(now_ms) - t0 ))
  local mon; mon=$(ps -eo rss,comm | awk '$2 ~ /conmon|containerd-shim/ {s+=$1; n++} END {if (n) printf "%d", s/n; else print 0}')
  for i in $(seq "$many"); do docker -H "$host" rm -f "b$i" >/dev/null; done
  echo "$(printf '%s\n' "${runs_[@]}" | median) $(printf '%s\n' "${api[@]}" | median) $many_ms $mon"
}

bin/berthd --root "$tmp/broot" --exec-root "$tmp/bexec" "${BERTHD_NET[@]}" --config-file /dev/null -H "unix://$tmp/b.sock" >"$tmp/b.log" 2>&1 & echo $! > "$tmp/b.pid"
wait_sock "$tmp/b.sock"
read -r brun bapi bmany bmon < <(measure "unix://$tmp/b.sock")
kill "$(cat "$tmp/b.pid")"; rm -f "$tmp/b.pid"
echo "berthd: run --rm true ${brun} ms, API create+start+wait+rm ${bapi} ms, ${many} x run -d ${bmany} ms, monitor RSS ${bmon} KiB each"
if command -v dockerd >/dev/null 2>&1; then
  dockerd --data-root "$tmp/droot" --exec-root "$tmp/dexec" --pidfile "$tmp/d.pidf" -H "unix://$tmp/d.sock" \
    "${DOCKERD_NET[@]}" --iptables=false --ip-masq=false --config-file "$tmp/dockerd.json" \
    --containerd-namespace benchrun --containerd-plugins-namespace benchrunp >"$tmp/d.log" 2>&1 & echo $! > "$tmp/d.pid"
  wait_sock "$tmp/d.sock"
  read -r drun dapi dmany dmon < <(measure "unix://$tmp/d.sock")
  echo "dockerd: run --rm true ${drun} ms, API create+start+wait+rm ${dapi} ms, ${many} x run -d ${dmany} ms, shim RSS ${dmon} KiB each"
  awk -v b="$brun" -v d="$drun" 'BEGIN {printf "ratio run --rm true berthd/dockerd: %.2f (target <= 0.4)\n", b/d}'
  awk -v b="$bapi" -v d="$dapi" 'BEGIN {printf "ratio API create+start+wait+rm berthd/dockerd: %.2f\n", b/d}'
  awk -v b="$bmany" -v d="$dmany" 'BEGIN {printf "ratio %s sequential starts berthd/dockerd: %.2f (target <= 0.5)\n", "'"$many"'", b/d}'
else
  echo "dockerd not installed (apt-get install docker.io): no side-by-side figures"
fi
