#!/usr/bin/env bash
# berthd cold start (launch -> first /_ping 200), idle RSS, and `berth version` wall time;
# the same for Debian's dockerd when it is installed (own socket, data root and bridge
# config, so it cannot disturb anything). Prints medians and berth/docker ratios.
# Targets (issue 2): cold start <= dockerd's, idle RSS <= 100 MiB, berth version <= 150 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
tmp=$(mktemp -d); echo "{}" > "$tmp/dockerd.json"; . bench/lib-bridges.sh; bench_bridges 83; trap 'bench_bridges_cleanup; rm -rf "$tmp"' EXIT
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2)? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

# cold_start NAME SOCKET CMD... : prints ms to first 200 on /_ping, leaves pid in $tmp/pid
cold_start() {
  local sock=$1; shift
  local t0; t0=$(now_ms)
  "$@" >"$tmp/daemon.log" 2>&1 & echo $! > "$tmp/pid"
  until curl -sf --unix-socket "$sock" http://x/_ping >/dev/null 2>&1; do
    sleep 0.002
    kill -0 "$(cat "$tmp/pid")" 2>/dev/null || { echo "daemon died: $(cat "$tmp/daemon.log")" >&2; exit 1; }
  done
  echo $(( $(now_ms) - t0 ))
}
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
tree_rss_mib() { # a daemon and its children (dockerd + containerd)
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do total=$(( total + $(awk '/VmRSS/ {print $2}' /proc/$p/status) )); done
  awk -v k=$total 'BEGIN {printf "%.1f", k/1024}'
}
stop() { kill -TERM "$(cat "$tmp/pid")" 2>/dev/null; wait "$(cat "$tmp/pid")" 2>/dev/null || true; }

declare -a bstart=() brss=()
for i in $(seq "$runs"); do
  d=$tmp/b$i
  bstart+=("$(cold_start "$d/s.sock" bin/berthd --root "$d/root" --exec-root "$d/exec" "${BERTHD_NET[@]}" --config-file /dev/null -H "unix://$d/s.sock")")
  sleep 2; brss+=("$(rss_mib "$(cat "$tmp/pid")")")
  [ "$i" = 1 ] && bsock=$d/s.sock && { 
    declare -a bver=()
    for _ in $(seq "$runs"); do t0=$(now_ms); bin/berth -H "unix://$bsock" version >/dev/null; bver+=($(( $(now_ms) - t0 ))); done
  }
  stop
done
b_start=$(printf '%s\n' "${bstart[@]}" | median)
b_rss=$(printf '%s\n' "${brss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
b_ver=$(printf '%s\n' "${bver[@]}" | median)
echo "berthd cold start (launch -> first ping): ${b_start} ms median of $runs"
echo "berthd idle RSS: ${b_rss} MiB"
echo "berth version wall time: ${b_ver} ms median of $runs"

if command -v dockerd >/dev/null 2>&1 && command -v containerd >/dev/null 2>&1; then
  declare -a dstart=() drss=()
  for i in $(seq "$runs"); do
    d=$tmp/d$i; mkdir -p "$d"
    dstart+=("$(cold_start "$d/d.sock" dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/d.pid" \
      -H "unix://$d/d.sock" "${DOCKERD_NET[@]}" --iptables=false --ip-masq=false --config-file "$tmp/dockerd.json" \
      --containerd-namespace "bench$i" --containerd-plugins-namespace "bench${i}p")")
    sleep 2; drss+=("$(tree_rss_mib "$(cat "$tmp/pid")")")
    [ "$i" = 1 ] && { declare -a dver=()
      for _ in $(seq "$runs"); do t0=$(now_ms); docker -H "unix://$d/d.sock" version >/dev/null; dver+=($(( $(now_ms) - t0 ))); done; }
    stop
  done
  d_start=$(printf '%s\n' "${dstart[@]}" | median)
  d_rss=$(printf '%s\n' "${drss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  d_ver=$(printf '%s\n' "${dver[@]}" | median)
  echo "dockerd cold start: ${d_start} ms; idle RSS (dockerd + containerd): ${d_rss} MiB; docker version: ${d_ver} ms"
  awk -v a="$b_start" -v b="$d_start" 'BEGIN {printf "ratio cold start berthd/dockerd: %.2f\n", a/b}'
  awk -v a="$b_rss" -v b="$d_rss" 'BEGIN {printf "ratio idle RSS berthd/dockerd: %.2f\n", a/b}'
  awk -v a="$b_ver" -v b="$d_ver" 'BEGIN {printf "ratio berth version/docker version: %.2f\n", a/b}'
else
  echo "dockerd not installed (apt-get install docker.io): no side-by-side figures"
  awk -v a="$b_start" 'BEGIN {printf "ratio cold start berthd / 338 ms (dockerd measured in the issue): %.2f\n", a/338}'
  awk -v a="$b_rss" 'BEGIN {printf "ratio idle RSS berthd / 140 MiB (dockerd + containerd in the issue): %.2f\n", a/140}'
  awk -v a="$b_ver" 'BEGIN {printf "ratio berth version / 150 ms target: %.2f\n", a/150}'
fi
