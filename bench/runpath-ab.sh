#!/usr/bin/env bash
# A/B of the container path between two builds of berthd, rounds interleaved so that load from
# the rest of the machine falls on both alike: BASE (a checkout or copy with bin/berthd and a
# built berthd/target) against this checkout. Each round, for each build in turn: RUNS x
# `docker run --rm busybox true` (median), the same with `--network none`, MANY x `run -d`
# sequential, MANY x `run -d` 8 at a time, `rm -f` of the MANY running (one command), each
# timed by the client, with the load average. Needs BASE=...; ROUNDS (3), RUNS (5), MANY (20).
# The daemons get their own roots, sockets, bridges (BR prefix, default bab) and nftables
# tables (TABLE prefix, default berth_ab), subnets NET.0-1 (default 10.231.90-91). DOCKERD=1 adds
# a dockerd of its own (own roots and socket, no iptables, on a bridge made for it: BR + "d" with
# DOCKER_BIP, default 10.231.92.1/24; never --bip alone, which takes the host's docker0) as a
# third column D, for ratios to Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${BASE:?BASE=<checkout of the build to compare with>}
rounds=${ROUNDS:-3}; runs=${RUNS:-5}; many=${MANY:-20}
brp=${BR:-bab}; tablep=${TABLE:-berth_ab}; net=${NET:-10.231.90}
tmp=$(mktemp -d /var/tmp/berth-ab.XXXXXX)
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
dk() { local s=$1; shift; DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$tmp/$s.sock" "$@"; }
dirs=([0]="$base" [1]="$PWD"); names=([0]=A [1]=B [2]=D)
all=(0 1); [ "${DOCKERD:-0}" = 1 ] && all=(0 1 2)
subnet() { local a=${net%.*} b=${net##*.}; echo "$a.$(( b + $1 ))"; }
cleanup() {
  for i in 0 1 2; do
    [ -S "$tmp/$i.sock" ] && dk "$i" ps -aq 2>/dev/null | xargs -r env DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$tmp/$i.sock" rm -f >/dev/null 2>&1 || true
    [ -f "$tmp/$i.pid" ] && kill "$(cat "$tmp/$i.pid")" 2>/dev/null || true
  done
  for _ in $(seq 100); do [ -f "$tmp/2.pid" ] && kill -0 "$(cat "$tmp/2.pid")" 2>/dev/null || break; sleep 0.1; done
  sleep 3
  for i in 0 1; do
    "${dirs[$i]}/bin/berthd" --cleanup --root "$tmp/$i/root" --exec-root "$tmp/$i/exec" --bridge "$brp$i" --nft-table "$tablep$i" >/dev/null 2>&1 || true
  done
  [ "${all[2]:-}" = 2 ] && ip link del "${brp}d" 2>/dev/null || true
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
for i in 0 1; do
  "${dirs[$i]}/bin/berthd" --root "$tmp/$i/root" --exec-root "$tmp/$i/exec" --pidfile "$tmp/$i/berthd.pid" \
    --config-file /dev/null -H "unix://$tmp/$i.sock" --bridge "$brp$i" --bip "$(subnet "$i").1/24" \
    --nft-table "$tablep$i" ${BERTHD_FLAGS:-} >"$tmp/$i.log" 2>&1 & echo $! > "$tmp/$i.pid"
done
if [ "${all[2]:-}" = 2 ]; then
  echo '{}' > "$tmp/dockerd.json"
  ip link add "${brp}d" type bridge && ip addr add "${DOCKER_BIP:-10.231.92.1/24}" dev "${brp}d" && ip link set "${brp}d" up
  dockerd --data-root "$tmp/2/root" --exec-root "$tmp/2/exec" --pidfile "$tmp/2/d.pid" -H "unix://$tmp/2.sock" \
    --bridge "${brp}d" --iptables=false --ip6tables=false --ip-masq=false --config-file "$tmp/dockerd.json" \
    --containerd-namespace berthab --containerd-plugins-namespace berthabp >"$tmp/2.log" 2>&1 & echo $! > "$tmp/2.pid"
fi
for i in "${all[@]}"; do
  for _ in $(seq 300); do curl -sf --unix-socket "$tmp/$i.sock" http://x/version >/dev/null 2>&1 && break; sleep 0.1; done
  dk "$i" load -i "$tmp/busybox.tar" >/dev/null
  for _ in 1 2 3; do dk "$i" run --rm busybox true; dk "$i" run --rm --network none busybox true; done
done
median_of() { local s=$1 t0 out=(); shift; for _ in $(seq "$runs"); do t0=$(now_ms); dk "$s" "$@"; out+=($(( $(now_ms) - t0 ))); done; printf '%s\n' "${out[@]}" | median; }
timed() { local t0; t0=$(now_ms); "$@"; echo $(( $(now_ms) - t0 )); }
seq_d() { for n in $(seq "$many"); do dk "$1" run -d --name "s$n" busybox sleep 3600 >/dev/null; done; }
par_d() { seq "$many" | xargs -P 8 -I{} env DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$tmp/$1.sock" run -d --name "p{}" busybox sleep 3600 >/dev/null; }
rm_all() { dk "$1" rm -f $(dk "$1" ps -aq) >/dev/null; }
printf '%-5s %-4s %8s %8s %8s %8s %8s  %s\n' round name run none seq par rm-f load | tee "$tmp/table"
for r in $(seq "$rounds"); do
  for i in "${all[@]}"; do
    run=$(median_of "$i" run --rm busybox true)
    none=$(median_of "$i" run --rm --network none busybox true)
    s=$(timed seq_d "$i"); rm_all "$i"; sleep 3
    p=$(timed par_d "$i"); f=$(timed rm_all "$i"); sleep 3
    printf '%-5s %-4s %8s %8s %8s %8s %8s  %s\n' "$r" "${names[$i]}" "$run" "$none" "$s" "$p" "$f" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$tmp/table"
  done
done
awk -v n="${#all[@]}" 'NR > 1 && $1 ~ /^[0-9]+$/ {for (f = 3; f <= 7; f++) v[$2, f] = v[$2, f] " " $f}
  END {if (n < 3) exit; split("run none seq par rm-f", h, " ");
    for (f = 3; f <= 7; f++) for (x = 0; x < 2; x++) {nm = x ? "B" : "A"; split(v[nm, f], b, " "); split(v["D", f], d, " "); s = 0; c = 0
      for (i in b) if (d[i] > 0) {s += b[i] / d[i]; c++}; if (c) printf "ratio %s/D %-5s mean of %d rounds: %.2f\n", nm, h[f - 2], c, s / c}}' "$tmp/table"
echo "ms, client wall time: run/none = median of $runs; seq/par = $many x run -d; rm-f = one rm -f of the $many started 8 at a time"
sleep 3
for i in 0 1; do
  # with BERTHD_FLAGS=--debug: the median of each helper process berthd ran (bench/trace.sh's exec lines)
  grep -o 'msg="exec [^"]*' "$tmp/$i.log" 2>/dev/null | sed -E 's/msg="exec //; s/ [0-9a-f]{64}.*( [0-9.]+ms)$/\1/; s/ ([0-9.]+)ms$/\t\1/' \
    | sort -t$'\t' -k1,1 -k2,2n | awk -F'\t' -v n="${names[$i]}" '
      function out() { if (c) printf "%s helper %-50s x%-4d median %.1f ms\n", n, k, c, a[int((c+1)/2)] }
      $1 != k { out(); k = $1; c = 0 } { a[++c] = $2 } END { out() }' || true
  for step in 'network(netns+veth+firewall)' 'conmon+runtime-create' 'total'; do
    grep -o "msg=\"trace start [^\"]*" "$tmp/$i.log" 2>/dev/null | grep -oE " $(printf '%s' "$step" | sed 's/[()+]/\\&/g')=[0-9.]*" \
      | sed 's/.*=//' | sort -n | awk -v n="${names[$i]}" -v k="$step" '{a[NR]=$1} END {if (NR) printf "%s trace start %-50s x%-4d median %.1f ms\n", n, k, NR, a[int((NR+1)/2)]}' || true
  done
  echo "${names[$i]} leftovers: $(ls "/sys/class/net/$brp$i/brif" 2>/dev/null | wc -l) ports on $brp$i, $(mount | grep -c "$tmp/$i/" || true) mounts, $(ls "$tmp/$i/exec/netns" 2>/dev/null | wc -l) netns files, $(ps -eo comm | grep -c '^conmon$') conmon processes on the host"
done
