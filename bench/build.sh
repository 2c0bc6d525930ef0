#!/usr/bin/env bash
# Classic builds (DOCKER_BUILDKIT=0 docker build) of a small multi-stage Dockerfile on berthd and
# (when installed) on Debian's dockerd: cold build (--no-cache) and fully cached rebuild, medians.
# Targets (issue 9): cold <= 0.7x Docker's, cached <= Docker's.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
tmp=$(mktemp -d /var/tmp/berth-bench.XXXXXX); echo '{}' > "$tmp/dockerd.json"; . bench/lib-bridges.sh; bench_bridges 82
trap 'kill $(cat "$tmp"/*.pid 2>/dev/null) 2>/dev/null; sleep 1; bench_bridges_cleanup; rm -rf "$tmp"' EXIT
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
mkdir -p "$tmp/ctx/src"
for i in $(seq 20); do head -c 4096 /dev/urandom > "$tmp/ctx/src/f$i"; done
cat > "$tmp/ctx/Dockerfile" <<'DOCKERFILE'
FROM busybox AS build
ARG V=1
WORKDIR /work
COPY src/ ./src/
RUN cat src/* | md5sum > sum && mkdir -p /out && cp sum /out/
FROM busybox
ENV APP=bench
COPY --from=build /out/sum /sum
USER 1000
CMD ["cat", "/sum"]
DOCKERFILE
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
build() { local s=$1; shift; DOCKER_BUILDKIT=0 DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$s" build -q --network none -t bench:1 "$@" >/dev/null 2>&1; }

# measure SOCKET: prints "cold_ms cached_ms" medians
measure() {
  local sock=$1 colds=() cached=()
  DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$sock" load -i "$tmp/busybox.tar" >/dev/null
  build "$sock" "$tmp/ctx"
  for _ in $(seq "$runs"); do
    local t0; t0=$(now_ms)
    build "$sock" --no-cache "$tmp/ctx"
    colds+=($(( $(now_ms) - t0 )))
    t0=$(now_ms)
    build "$sock" "$tmp/ctx"
    cached+=($(( $(now_ms) - t0 )))
  done
  echo "$(printf '%s\n' "${colds[@]}" | median) $(printf '%s\n' "${cached[@]}" | median)"
}
wait_sock() { for _ in $(seq 300); do curl -sf --unix-socket "$1" http://x/_ping >/dev/null 2>&1 && return; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }

bin/berthd --root "$tmp/broot" --exec-root "$tmp/bexec" "${BERTHD_NET[@]}" --config-file /dev/null -H "unix://$tmp/b.sock" >"$tmp/b.log" 2>&1 & echo $! > "$tmp/b.pid"
wait_sock "$tmp/b.sock"
read -r bcold bcached < <(measure "$tmp/b.sock")
kill "$(cat "$tmp/b.pid")"; rm -f "$tmp/b.pid"
echo "berthd: cold build ${bcold} ms, cached rebuild ${bcached} ms"
if command -v dockerd >/dev/null 2>&1; then
  dockerd --data-root "$tmp/droot" --exec-root "$tmp/dexec" --pidfile "$tmp/d.pidf" -H "unix://$tmp/d.sock" \
    "${DOCKERD_NET[@]}" --iptables=false --ip-masq=false --config-file "$tmp/dockerd.json" --containerd-namespace benchbuild \
    --containerd-plugins-namespace benchbuildp >"$tmp/d.log" 2>&1 & echo $! > "$tmp/d.pid"
  wait_sock "$tmp/d.sock"
  read -r dcold dcached < <(measure "$tmp/d.sock")
  echo "dockerd: cold build ${dcold} ms, cached rebuild ${dcached} ms"
  awk -v b="$bcold" -v d="$dcold" 'BEGIN {printf "cold berthd/dockerd: %.2f (target <= 0.7)\n", b/d}'
  awk -v b="$bcached" -v d="$dcached" 'BEGIN {printf "cached berthd/dockerd: %.2f (target <= 1.0)\n", b/d}'
else
  echo "dockerd not installed (apt-get install docker.io): no side-by-side figures"
fi
