#!/usr/bin/env bash
# Where one `docker run --rm busybox true` through berthd spends its time: starts a berthd at
# debug level (own socket, roots, bridge and nftables table), warms it up with a few runs, then
# prints for one run, in order and in ms since the client started: each API request as it
# ends, each helper process berthd ran (ip, nft, unshare, conmon, runc) and the steps of
# create, start, exit and removal (the `trace` lines of io.berth.common.Phases).
# WARM (default 3) warm-up runs; ARGS (default "busybox true") what to run; BR, TABLE, BIP
# the bridge, nftables table and bridge address (defaults: btrace<pid>, berth_trace<pid>, 10.231.78.1/24).
set -euo pipefail
cd "$(dirname "$0")/.."
warm=${WARM:-3}; args=${ARGS:-busybox true}
tmp=$(mktemp -d /var/tmp/berth-trace.XXXXXX)
br=${BR:-btrace$$}; table=${TABLE:-berth_trace$$}; bip=${BIP:-10.231.78.1/24}
cleanup() {
  [ -f "$tmp/pid" ] && kill "$(cat "$tmp/pid")" 2>/dev/null; sleep 2
  nft delete table ip "$table" 2>/dev/null || true; ip link del "$br" 2>/dev/null || true
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
bin/berthd --debug --root "$tmp/root" --exec-root "$tmp/exec" --pidfile "$tmp/berthd.pid" --config-file /dev/null \
  -H "unix://$tmp/s.sock" --bridge "$br" --bip "$bip" --nft-table "$table" ${BERTHD_FLAGS:-} \
  >"$tmp/log" 2>&1 & echo $! > "$tmp/pid"
for _ in $(seq 300); do curl -sf --unix-socket "$tmp/s.sock" http://x/_ping >/dev/null 2>&1 && break; sleep 0.05; done
dk() { DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$tmp/s.sock" "$@"; }
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
dk load -i "$tmp/busybox.tar" >/dev/null
# shellcheck disable=SC2086
for _ in $(seq "$warm"); do dk run --rm $args >/dev/null; done
sleep 1
from=$(wc -l < "$tmp/log")
t0=$(date +%s%3N)
# shellcheck disable=SC2086
dk run --rm $args >/dev/null
t1=$(date +%s%3N)
sleep 2 # what runs after the answer (the rest of --rm's clean-up)
echo "## trace of one \`docker run --rm $args\` through berthd ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "client: $(( t1 - t0 )) ms wall; below, ms since the client started (log time, ms resolution)"
echo '```'
tail -n +"$((from + 1))" "$tmp/log" | grep -E 'msg="(trace|exec|(GET|POST|DELETE|HEAD) )' | while IFS= read -r line; do
  ts=${line#time=\"}; ts=${ts%%\"*}
  ms=$(( $(date -d "$ts" +%s%3N) - t0 ))
  msg=${line#*msg=\"}; msg=${msg%\"}
  msg=$(printf '%s' "$msg" | head -1 | sed -E 's#/containers/([0-9a-f]{12})[0-9a-f]+#/containers/\1#')
  printf '%6d  %s\n' "$ms" "$msg"
done
echo '```'
echo "client answered at $(( t1 - t0 )) ms; lines after it ran off the client's path"
echo
echo "start-up of that berthd (before its first answer; helper processes and the steps):"
echo '```'
awk '{print} /msg="trace daemon start-up/ {exit}' "$tmp/log" | grep -E 'msg="(trace (daemon start-up|network start-up|network records|network store write)|exec )' | sed -E 's/.*msg="//; s/"$//'
echo '```'
