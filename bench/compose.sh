#!/usr/bin/env bash
# `berth compose up -d` of a 3-service project (network + 3 containers) against one berthd,
# next to docker-compose 1.29's `up -d` of the same project against the same berthd; each run
# ends with a `down`. Prints medians and the berth/v1 ratio. Target (issue 18): <= 1.2x.
# berthd runs on its own root, socket, bridge and nftables table, removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
command -v docker-compose >/dev/null || { echo "docker-compose 1.29 is not installed" >&2; exit 1; }
tmp=$(mktemp -d /var/tmp/berth-bench-compose.XXXXXX)
# BENCH_NET replaces the daemon's network flags (a shared machine gives each user its ranges)
read -r -a net <<< "${BENCH_NET:---bridge bcb0 --bip 10.233.91.1/24 --nft-table berth_bench_compose --default-address-pool base=10.178.0.0/16,size=24}"
cleanup() {
  # berthd keeps containers running when it stops (live restore): remove them first
  [ -S "$tmp/b.sock" ] && docker -H "unix://$tmp/b.sock" ps -aq 2>/dev/null \
    | xargs -r docker -H "unix://$tmp/b.sock" rm -f >/dev/null 2>&1 || true
  [ -f "$tmp/b.pid" ] && kill "$(cat "$tmp/b.pid")" 2>/dev/null && sleep 3
  bin/berthd --root "$tmp/root" --exec-root "$tmp/exec" "${net[@]}" --cleanup >/dev/null 2>&1 || true
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo '{}' > "$tmp/daemon.json"
bin/berthd --root "$tmp/root" --exec-root "$tmp/exec" --config-file "$tmp/daemon.json" \
  -H "unix://$tmp/b.sock" "${net[@]}" >"$tmp/b.log" 2>&1 & echo $! > "$tmp/b.pid"
for _ in $(seq 600); do curl -sf --unix-socket "$tmp/b.sock" http://x/_ping >/dev/null 2>&1 && break; sleep 0.1; done
export DOCKER_HOST="unix://$tmp/b.sock" BERTH_HOST="unix://$tmp/b.sock"
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
docker load -i "$tmp/busybox.tar" >/dev/null
mkdir -p "$tmp/bench"
cat > "$tmp/bench/compose.yaml" <<'YAML'
services:
  db:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
  api:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: [db]
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: [api]
YAML
f=$tmp/bench/compose.yaml
time_up() { # CMD...: ms for `CMD up -d`, then down
  local t0; t0=$(now_ms)
  "$@" -f "$f" up -d >/dev/null 2>&1
  echo $(( $(now_ms) - t0 ))
  # a down that fails is retried once: docker-compose 1.29's parallel `stop -t 0` sometimes gets
  # "cannot kill container …: container does not exist" from berthd for a container that is there
  "$@" -f "$f" down -t 0 >/dev/null 2>&1 || { sleep 1; "$@" -f "$f" down -t 0 >/dev/null 2>&1; }
}
berth_ms=(); v1_ms=()
time_up bin/berth compose >/dev/null; time_up docker-compose >/dev/null   # warm caches
for _ in $(seq "$runs"); do
  berth_ms+=("$(time_up bin/berth compose)")
  v1_ms+=("$(time_up docker-compose)")
done
b=$(printf '%s\n' "${berth_ms[@]}" | median); v=$(printf '%s\n' "${v1_ms[@]}" | median)
echo "berth compose up -d (3 services): ${b} ms median of $runs (${berth_ms[*]})"
echo "docker-compose 1.29 up -d (3 services): ${v} ms median of $runs (${v1_ms[*]})"
awk -v b="$b" -v v="$v" 'BEGIN {printf "ratio berth/v1: %.2fx (target <= 1.2x)\n", b/v}'
