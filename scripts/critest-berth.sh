#!/usr/bin/env bash
# critest-berth.sh — run the CRI conformance suite (../shared/cri/run-critest.sh) against a
# berthd of its own: its own root, bridge, nft table, CNI network and loopback registry.
#
# Usage: critest-berth.sh start | run [-- EXTRA_CRITEST_FLAGS] | stop
#
#   start  starts the test registry (images.sh, through this berthd's Docker API) and berthd
#          with --cri-socket, registry-mirror-map for registry.k8s.io and gcr.io
#   run    runs run-critest.sh against it (REPORT_DIR, CRITEST_FOCUS etc. pass through)
#   stop   stops berthd, cleans its kernel state up, stops the registry
#
# Environment: DIR (default /tmp/berth-critest), CRI_DIR (default /work/shared/cri),
# REGISTRY (default 127.0.0.1:5055), BRIDGE (b1crit), POD_BRIDGE (b1cripod),
# POD_SUBNET (10.211.0.0/16), NFT (berth_cricrit), BIP (10.251.7.1/24),
# POOL (base=10.210.0.0/16,size=24), BERTHD_FLAGS (more berthd flags, e.g. --debug for the
# per-call and per-step timings).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DIR=${DIR:-/tmp/berth-critest}
CRI_DIR=${CRI_DIR:-/work/shared/cri}
REGISTRY=${REGISTRY:-127.0.0.1:5055}
BRIDGE=${BRIDGE:-b1crit}
POD_BRIDGE=${POD_BRIDGE:-b1cripod}
POD_SUBNET=${POD_SUBNET:-10.211.0.0/16}
NFT=${NFT:-berth_cricrit}
BIP=${BIP:-10.251.7.1/24}
POOL=${POOL:-base=10.210.0.0/16,size=24}
SOCK=$DIR/cri.sock
API=$DIR/docker.sock

daemon_flags() {
  printf '%s\n' --root "$DIR/root" --exec-root "$DIR/exec" -H "unix://$API" \
    --bridge "$BRIDGE" --nft-table "$NFT" --bip "$BIP" --default-address-pool "$POOL"
}

start() {
  mkdir -p "$DIR/net.d" "$DIR/ipam" "$DIR/root" "$DIR/exec"
  cat >"$DIR/net.d/10-critest.conflist" <<EOF
{"cniVersion":"0.4.0","name":"berth-critest","plugins":[
 {"type":"bridge","bridge":"$POD_BRIDGE","isGateway":true,"ipMasq":false,
  "ipam":{"type":"host-local","dataDir":"$DIR/ipam","ranges":[[{"subnet":"$POD_SUBNET"}]]}},
 {"type":"portmap","capabilities":{"portMappings":true}}]}
EOF
  cat >"$DIR/daemon.json" <<EOF
{"insecure-registries": ["$REGISTRY"],
 "registry-mirror-map": {"registry.k8s.io": ["http://$REGISTRY"], "gcr.io": ["http://$REGISTRY"]},
 "cri": {"socket": "$SOCK", "cni-conf-dir": "$DIR/net.d", "sandbox-image": "$REGISTRY/pause:3.9"}}
EOF
  mapfile -t flags < <(daemon_flags)
  # shellcheck disable=SC2086
  nohup "$here/bin/berthd" --config-file "$DIR/daemon.json" "${flags[@]}" ${BERTHD_FLAGS:-} \
    >"$DIR/berthd.log" 2>&1 &
  echo $! >"$DIR/berthd.pid"
  for _ in $(seq 1 100); do [ -S "$SOCK" ] && [ -S "$API" ] && break; sleep 0.2; done
  [ -S "$SOCK" ] || { tail -20 "$DIR/berthd.log" >&2; exit 1; }
  if ! curl -fsS "http://$REGISTRY/v2/pause/tags/list" >/dev/null 2>&1; then
    DOCKER_HOST="unix://$API" "$CRI_DIR/images.sh" --start-registry "$REGISTRY"
  fi
}

run() {
  [ "${1:-}" = "--" ] && shift
  "$CRI_DIR/run-critest.sh" "unix://$SOCK" ${1:+-- "$@"}
}

stop() {
  if [ -f "$DIR/berthd.pid" ]; then
    local pid; pid=$(cat "$DIR/berthd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$DIR/berthd.pid"
  fi
  mapfile -t flags < <(daemon_flags)
  "$here/bin/berthd" --cleanup "${flags[@]}" || true
  ip link del "$POD_BRIDGE" 2>/dev/null || true
  "$CRI_DIR/images.sh" --stop-registry || true
}

case ${1:-} in
start) start ;;
run) shift; run "$@" ;;
stop) stop ;;
*) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
