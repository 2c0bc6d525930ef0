#!/usr/bin/env bash
# Every figure of issue 16, on a berthd this script starts and, when dockerd is installed, on a
# dockerd it starts beside it, in the same run; medians, berth/Docker ratios and the targets.
# Each daemon has its own socket, data root, exec root, pid file and bridge (berthd also its own
# nftables table); nothing else on the host is touched. Then bench/trace.sh shows where one
# `run --rm busybox true` spends its time, and bench/pull.sh measures pull (when
# docker-registry is installed and PULL is not 0).
#
# RUNS (default 10) samples for each single-container figure, MANY (default 50) containers for
# the batch figures, COLD (default 5) cold starts. Needs root, a built checkout (scripts/build.sh).
#
# dockerd runs with --iptables=false: no figure here publishes a port, and without -p dockerd
# adds no per-container rule (its bridge rules are made once at start), so the per-start work
# compared is the same; with iptables on it would write into the host's own iptables tables.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}; many=${MANY:-50}; cold=${COLD:-5}
tmp=$(mktemp -d /var/tmp/berth-all.XXXXXX)
bbr=bbench$$; dbr=dbench$$; table=berth_bench$$
dcli() { DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$1" "${@:2}"; }
cleanup() {
  for s in "$tmp/b.sock" "$tmp/d.sock"; do
    [ -S "$s" ] && dcli "$s" ps -aq 2>/dev/null | xargs -r docker -H "unix://$s" rm -f >/dev/null 2>&1 || true
  done
  for p in "$tmp"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
  sleep 3
  nft delete table ip "$table" 2>/dev/null || true
  ip link del "$bbr" 2>/dev/null || true; ip link del "$dbr" 2>/dev/null || true
  umount -R "$tmp"/d*/ 2>/dev/null || true
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }
wait_ping() { # SOCK PID: ms until the first 200 on /_ping
  local t0=$3
  until curl -sf --unix-socket "$1" http://x/_ping >/dev/null 2>&1; do
    kill -0 "$2" 2>/dev/null || { echo "daemon on $1 died" >&2; return 1; }
    sleep 0.002
  done
  ms_since "$t0"
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
tree_rss_kib() { # a daemon and its direct children that are daemons (dockerd + containerd)
  local total=0 p
  for p in $1 $(pgrep -P "$1" -x containerd || true); do total=$(( total + $(rss_kib "$p") )); done
  echo "$total"
}
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }

have_docker=0
command -v dockerd >/dev/null 2>&1 && command -v containerd >/dev/null 2>&1 && have_docker=1
# dockerd deletes the host's docker0 when started with --bridge=none (moby's
# removeDefaultBridgeInterface), and also when its data root holds a stale default "bridge"
# network while default-address-pools are set: this one gets its own bridge by name, a fresh
# data root and no pools, so neither applies; the check below proves it on every run
had_docker0=0; ip link show docker0 >/dev/null 2>&1 && had_docker0=1
echo '{}' > "$tmp/dockerd.json"
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
[ "$have_docker" = 1 ] && { ip link add "$dbr" type bridge; ip addr add 10.231.77.1/24 dev "$dbr"; ip link set "$dbr" up; }

start_berthd() { # DIR: starts berthd on DIR/s.sock, prints ms to first ping; pid in DIR.pid
  local d=$1 t0; t0=$(now_ns); mkdir -p "$d"
  bin/berthd --root "$d/root" --exec-root "$d/exec" --pidfile "$d/berthd.pid" --config-file /dev/null \
    -H "unix://$d/s.sock" --bridge "$bbr" --bip 10.231.76.1/24 --nft-table "$table" ${BERTHD_FLAGS:-} \
    >"$d.log" 2>&1 & echo $! > "$d.pid"
  wait_ping "$d/s.sock" "$(cat "$d.pid")" "$t0"
}
start_dockerd() { # DIR
  local d=$1 t0; t0=$(now_ns); mkdir -p "$d"
  dockerd --data-root "$d/root" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" -H "unix://$d/s.sock" \
    --bridge "$dbr" --iptables=false --ip6tables=false --ip-masq=false --config-file "$tmp/dockerd.json" \
    --containerd-namespace "bench$$" --containerd-plugins-namespace "bench$$p" >"$d.log" 2>&1 & echo $! > "$d.pid"
  wait_ping "$d/s.sock" "$(cat "$d.pid")" "$t0"
}
stop() { local p; p=$(cat "$1.pid"); kill -TERM "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.05; done; rm -f "$1.pid"; }

# cold start, alternating daemons; the last berthd and dockerd stay up for the rest
declare -a bcold=() dcold=()
for i in $(seq "$cold"); do
  bcold+=("$(start_berthd "$tmp/bc$i")"); sleep 1; stop "$tmp/bc$i"
  if [ "$have_docker" = 1 ]; then
    dcold+=("$(start_dockerd "$tmp/dc$i")"); sleep 1; stop "$tmp/dc$i"
    umount -R "$tmp/dc$i" 2>/dev/null || true
  fi
done
start_berthd "$tmp/b" >/dev/null; ln -s "$tmp/b/s.sock" "$tmp/b.sock"
[ "$have_docker" = 1 ] && { start_dockerd "$tmp/d" >/dev/null; ln -s "$tmp/d/s.sock" "$tmp/d.sock"; }
socks=("$tmp/b.sock"); [ "$have_docker" = 1 ] && socks+=("$tmp/d.sock")
for s in "${socks[@]}"; do dcli "$s" load -i "$tmp/busybox.tar" >/dev/null; dcli "$s" run --rm busybox true; done
sleep 5
brss_idle=$(rss_kib "$(cat "$tmp/b.pid")"); drss_idle=0
[ "$have_docker" = 1 ] && drss_idle=$(tree_rss_kib "$(cat "$tmp/d.pid")")

# time_of CMD...: ms one command takes
time_of() { local t0; t0=$(now_ns); "$@" >/dev/null; ms_since "$t0"; }
# alternate NAME CMD-with-@SOCK@: RUNS samples on each daemon, interleaved; sets <NAME>_b/<NAME>_d
alternate() {
  local name=$1; shift; local -a bs=() ds=() cmd
  for _ in $(seq "$runs"); do
    for s in "${socks[@]}"; do
      cmd=("${@//@SOCK@/$s}")
      if [ "$s" = "$tmp/b.sock" ]; then bs+=("$(time_of "${cmd[@]}")"); else ds+=("$(time_of "${cmd[@]}")"); fi
    done
  done
  printf -v "${name}_b" '%s' "$(printf '%s\n' "${bs[@]}" | median)"
  [ "$have_docker" = 1 ] && printf -v "${name}_d" '%s' "$(printf '%s\n' "${ds[@]}" | median)"
  return 0
}
run_d() { dcli "$1" run -d --name "$2" busybox sleep 3600; }
many_seq() { local i; for i in $(seq "$many"); do run_d "$1" "s$i" >/dev/null; done; }
many_par() { seq "$many" | xargs -P 8 -I{} env DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$1" run -d --name "p{}" busybox sleep 3600 >/dev/null; }
rm_all() { dcli "$1" rm -f $(dcli "$1" ps -aq) >/dev/null; }

alternate run dcli @SOCK@ run --rm busybox true
alternate none dcli @SOCK@ run --rm --network none busybox true
declare -A seq par rmf rss50 rssafter
for s in "${socks[@]}"; do
  k=$([ "$s" = "$tmp/b.sock" ] && echo b || echo d)
  seq[$k]=$(time_of many_seq "$s")
  sleep 3
  if [ "$k" = b ]; then rss50[$k]=$(rss_kib "$(cat "$tmp/b.pid")"); else rss50[$k]=$(tree_rss_kib "$(cat "$tmp/d.pid")"); fi
  rmf[$k]=$(time_of rm_all "$s")
  sleep 5 # berthd's rm -f clean-up runs after its answer (ADR 0141): let it end before the next figure
  par[$k]=$(time_of many_par "$s")
  rm_all "$s"; sleep 5
  if [ "$k" = b ]; then rssafter[$k]=$(rss_kib "$(cat "$tmp/b.pid")"); else rssafter[$k]=$(tree_rss_kib "$(cat "$tmp/d.pid")"); fi
done
alternate ver_docker dcli @SOCK@ version
berth_cli() { bin/berth -H "unix://$tmp/b.sock" "$@"; }
declare -a bv=() dv=() br=() dr=()
for _ in $(seq "$runs"); do
  bv+=("$(time_of berth_cli version)"); dv+=("$(time_of dcli "$tmp/b.sock" version)")
  br+=("$(time_of berth_cli run --rm busybox true)"); dr+=("$(time_of dcli "$tmp/b.sock" run --rm busybox true)")
done
bver=$(printf '%s\n' "${bv[@]}" | median); dver=$(printf '%s\n' "${dv[@]}" | median)
brun=$(printf '%s\n' "${br[@]}" | median); drun=$(printf '%s\n' "${dr[@]}" | median)

bc=$(printf '%s\n' "${bcold[@]}" | median); dc=0
[ "$have_docker" = 1 ] && dc=$(printf '%s\n' "${dcold[@]}" | median)
echo
echo "## bench/all.sh, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RUNS=$runs MANY=$many COLD=$cold; Docker: $( [ "$have_docker" = 1 ] && dockerd --version | cut -d, -f1 || echo 'not installed')"
echo
echo "| figure | Docker | berth | ratio | target | met |"
echo "|---|---|---|---|---|---|"
row() { # LABEL DOCKER BERTH TARGET-RATIO UNIT [higher-is-better]
  if [ "$have_docker" != 1 ] || [ "$2" = 0 ]; then echo "| $1 | — | $3 $5 | — | ≤ $4 | — |"; return; fi
  awk -v l="$1" -v d="$2" -v b="$3" -v t="$4" -v u="$5" 'BEGIN {r=b/d; printf "| %s | %s %s | %s %s | %.2f | ≤ %s | %s |\n", l, d, u, b, u, r, t, (r<=t)?"yes":"no"}'
}
row '`docker run --rm busybox true`' "${run_d:-0}" "$run_b" 0.40 ms
row 'same, `--network none`' "${none_d:-0}" "$none_b" 0.35 ms
row "$many × \`run -d … sleep\`, sequential" "${seq[d]:-0}" "${seq[b]}" 0.40 ms
row "$many × \`run -d\`, 8 at a time" "${par[d]:-0}" "${par[b]}" 0.30 ms
row "\`rm -f\` of $many running" "${rmf[d]:-0}" "${rmf[b]}" 0.50 ms
echo "| daemon RSS idle | $(mib "$drss_idle") MiB | $(mib "$brss_idle") MiB | $(awk -v a="$brss_idle" -v b="$drss_idle" 'BEGIN {if (b) printf "%.2f", a/b; else print "—"}') | ≤ 64 MiB | $(awk -v a="$brss_idle" 'BEGIN {print (a<=65536)?"yes":"no"}') |"
echo "| daemon RSS, $many running | $(mib "${rss50[d]:-0}") MiB | $(mib "${rss50[b]}") MiB | $(awk -v a="${rss50[b]}" -v b="${rss50[d]:-0}" 'BEGIN {if (b) printf "%.2f", a/b; else print "—"}') | ≤ 100 MiB | $(awk -v a="${rss50[b]}" 'BEGIN {print (a<=102400)?"yes":"no"}') |"
echo "| daemon RSS after they are removed | $(mib "${rssafter[d]:-0}") MiB | $(mib "${rssafter[b]}") MiB | — | — | — |"
row 'daemon cold start to first `/_ping`' "$dc" "$bc" 1.0 ms
row '`berth version` vs `docker version` (same berthd)' "$dver" "$bver" 3 ms
row '`berth run --rm` vs `docker run --rm` (same berthd)' "$drun" "$brun" 1.1 ms
[ "$have_docker" = 1 ] && echo "(docker version against dockerd: ${ver_docker_d} ms, against berthd: ${ver_docker_b} ms)"
echo "(Docker's RSS is dockerd + containerd; berth's is berthd; neither counts the per-container monitors)"
if [ "$had_docker0" = 1 ]; then
  if ip link show docker0 >/dev/null 2>&1; then echo "(docker0, the host's own dockerd's bridge, is still there)"
  else echo "WARNING: docker0 was deleted during this run (restart the host's dockerd to get it back)"; fi
fi

trap - EXIT; cleanup
echo
bench/trace.sh
if [ "${PULL:-1}" != 0 ] && [ -x /usr/bin/docker-registry ]; then echo; RUNS=${PULL_RUNS:-3} bench/pull.sh; fi
if [ "$had_docker0" = 1 ] && ! ip link show docker0 >/dev/null 2>&1; then
  echo "WARNING: docker0 was deleted during bench/trace.sh or bench/pull.sh"
fi
