#!/usr/bin/env bash
# Overlay networks on a cluster store (issue 19, ADRs 0124, 0133, 0144): bulk TCP throughput between
# two containers on different "hosts" across a global overlay network (VXLAN), beside the same
# transfer between the two hosts' underlay addresses on the veth they share. Target: overlay
# >= 80% of underlay.
# Two hosts = network namespaces made here, joined by veth to an underlay bridge in a third
# namespace that also runs etcd; each host runs its own berthd (own root, exec root, socket,
# bridge and nftables table) inside its namespace. Nothing outside those namespaces is touched.
# The tool is the same on both paths: Debian's iperf3 (a kernel-bound sender and receiver, not
# a userspace copy loop that would measure itself), run in the containers' network namespaces
# (nsenter --net) for the overlay and in the hosts' for the underlay. Runs alternate between
# the two paths so that the machine's load falls on both alike; the median of RUNS is printed
# with the load average. BASE=<another berth checkout, built> makes a second, identical pair
# of hosts running that checkout's berthd and measures its overlay in the same alternation, so
# that two versions are compared under the same load (e.g. BASE=/path/to/main).
# Needs root, etcd (Debian's etcd-server), iperf3, VXLAN in the kernel, and berthd built
# (./mvnw -pl berthd -am package -DskipTests). RUNS (default 5), SECS per run (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}; secs=${SECS:-5}
for t in etcd iperf3; do
  command -v "$t" >/dev/null || { echo "$t is not installed (apt-get install etcd-server iperf3)" >&2; exit 1; }
done
tag=$$
tmp=$(mktemp -d /var/tmp/berth-ovbench.XXXXXX)
clusters="0"; [ -n "${BASE:-}" ] && clusters="0 1"
here=$(pwd)
d() { local h=$1; shift; docker -H "unix://$tmp/$h.sock" "$@"; }
cleanup() {
  for p in "$tmp"/iperf-*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
  for k in $clusters; do
    for h in a b; do d "$h$k" rm -f "ov$h" >/dev/null 2>&1 || true; done
    d "a$k" network rm ovb >/dev/null 2>&1 || true
    for h in a b; do [ -f "$tmp/$h$k.pid" ] && kill "$(cat "$tmp/$h$k.pid")" 2>/dev/null || true; done
    [ -f "$tmp/etcd$k.pid" ] && kill "$(cat "$tmp/etcd$k.pid")" 2>/dev/null || true
  done
  sleep 2
  for k in $clusters; do
    for n in bov-a-$tag-$k bov-b-$tag-$k bov-ul-$tag-$k; do ip netns del "$n" 2>/dev/null || true; done
  done
  # the overlay networks' namespaces are bind mounts under the exec roots (ADR 0144)
  for f in "$tmp"/*/exec/overlay/*; do [ -e "$f" ] && umount -l "$f" 2>/dev/null || true; done
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null

# cluster <k> <berth checkout>: an underlay bridge in a namespace with etcd, two host namespaces
# on it with a berthd each (that checkout's bin/berthd), an overlay network and a container on
# each host; writes its names to $tmp/<k>.env
cluster() {
  local k=$1 dir=$2 ul=bov-ul-$tag-$1 ha=bov-a-$tag-$1 hb=bov-b-$tag-$1 i h ns
  local net=10.251.$(( (tag + 100 * $1) % 200 + 20 ))
  ip netns add "$ul"; ip netns add "$ha"; ip netns add "$hb"
  ip -n "$ul" link set lo up
  ip -n "$ul" link add ulbr type bridge
  ip -n "$ul" addr add "$net.1/24" dev ulbr
  ip -n "$ul" link set ulbr up
  i=2
  for h in "$ha" "$hb"; do
    ip -n "$ul" link add "ul$i" type veth peer name ul0 netns "$h"
    ip -n "$ul" link set "ul$i" master ulbr up
    ip -n "$h" addr add "$net.$i/24" dev ul0
    ip -n "$h" link set ul0 up
    ip -n "$h" link set lo up
    i=$((i + 1))
  done
  nsenter --net="/run/netns/$ul" etcd --name bov --data-dir "$tmp/etcd$k" \
    --listen-client-urls "http://$net.1:2379" --advertise-client-urls "http://$net.1:2379" \
    --listen-peer-urls "http://127.0.0.1:2380" --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster bov=http://127.0.0.1:2380 >"$tmp/etcd$k.log" 2>&1 & echo $! > "$tmp/etcd$k.pid"
  i=2
  for h in a b; do
    ns=$ha; [ "$h" = b ] && ns=$hb
    nsenter --net="/run/netns/$ns" "$dir/bin/berthd" --root "$tmp/$h$k/root" \
      --exec-root "$tmp/$h$k/exec" --config-file /dev/null -H "unix://$tmp/$h$k.sock" \
      --bridge "bov$h$tag" --bip "10.252.$i.1/24" --nft-table "berth_bov$h" \
      --cluster-store "etcd://$net.1:2379" --cluster-advertise "$net.$i" \
      >"$tmp/$h$k.log" 2>&1 & echo $! > "$tmp/$h$k.pid"
    i=$((i + 1))
  done
  for h in a b; do
    for _ in $(seq 300); do curl -sf --unix-socket "$tmp/$h$k.sock" http://x/_ping >/dev/null 2>&1 && break; sleep 0.1; done
    d "$h$k" load -i "$tmp/busybox.tar" >/dev/null
  done
  d "a$k" network create -d overlay ovb >/dev/null
  d "a$k" run -d --name ova --network ovb busybox sleep 3600 >/dev/null
  d "b$k" run -d --name ovb --network ovb busybox sleep 3600 >/dev/null
  local ipa nsa nsb
  ipa=$(d "a$k" inspect -f '{{(index .NetworkSettings.Networks "ovb").IPAddress}}' ova)
  for _ in $(seq 100); do d "b$k" exec ovb ping -c 1 -W 1 ova >/dev/null 2>&1 && break; sleep 0.2; done
  nsa=/proc/$(d "a$k" inspect -f '{{.State.Pid}}' ova)/ns/net
  nsb=/proc/$(d "b$k" inspect -f '{{.State.Pid}}' ovb)/ns/net
  # servers: in container a's namespace (overlay) and in host a's (underlay)
  nice -n -19 nsenter --net="$nsa" iperf3 -s -D -p 5201 --pidfile "$tmp/iperf-o$k.pid"
  nice -n -19 nsenter --net="/run/netns/$ha" iperf3 -s -D -p 5202 --pidfile "$tmp/iperf-u$k.pid"
  echo "ha=$ha hb=$hb net=$net ipa=$ipa nsa=$nsa nsb=$nsb" > "$tmp/$k.env"
  echo "cluster $k ($dir, $(git -C "$dir" log -1 --format=%h)): MTU underlay veth" \
    "$(ip -n "$ha" -o link show ul0 | sed 's/.* mtu \([0-9]*\).*/\1/'), container eth0" \
    "$(nsenter --net="$nsa" ip -o link show eth0 | sed 's/.* mtu \([0-9]*\).*/\1/')"
}
cluster 0 "$here"
[ -n "${BASE:-}" ] && cluster 1 "$BASE"
sleep 0.5
# Each run gives the throughput and the CPU time the path cost per GB: the iperf3 client's and
# server's own (their rusage, which holds the softirq work done in their context: veth, bridge,
# VXLAN, TCP) plus the ksoftirqd threads'. The cost does not depend on what else the machine
# runs, the throughput does; on a loaded machine compare the costs.
ksoft() { local s=0 p; for p in $(pgrep ksoftirqd); do s=$((s + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo "$s"; }
iperf() { # <netns> <server> <port>: "Gbit/s ms-of-CPU-per-GB"
  local k0 j; k0=$(ksoft)
  j=$(nice -n -19 nsenter --net="$1" iperf3 -c "$2" -p "$3" -t "$secs" -J)
  python3 -c 'import json,sys,os
e=json.loads(sys.argv[1])["end"]; c=e["cpu_utilization_percent"]; r=e["sum_received"]
cpu=(c["host_total"]+c["remote_total"])/100*r["seconds"]+int(sys.argv[2])/os.sysconf("SC_CLK_TCK")
print("%.2f %.0f" % (r["bits_per_second"]/1e9, 1000*cpu/(r["bytes"]/1e9)))' "$j" $(( $(ksoft) - k0 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$tmp/runs"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
. "$tmp/0.env"
for r in $(seq "$runs"); do
  read -r ug uc < <(iperf "/run/netns/$hb" "$net.2" 5202)
  read -r og oc < <(iperf "$nsb" "$ipa" 5201)
  line="$ug $uc $og $oc"
  msg="run $r: underlay $ug Gbit/s ($uc ms CPU/GB), overlay $og Gbit/s ($oc ms CPU/GB)"
  if [ -n "${BASE:-}" ]; then
    (. "$tmp/1.env"; iperf "$nsb" "$ipa" 5201) > "$tmp/base-run"
    read -r bg bc < "$tmp/base-run"
    line="$line $bg $bc"; msg="$msg, BASE's overlay $bg Gbit/s ($bc ms CPU/GB)"
  fi
  echo "$line" >> "$tmp/runs"
  echo "$msg (load $(cut -d' ' -f1 /proc/loadavg))"
done
col() { awk -v c="$1" '{print $c}' "$tmp/runs" | median; }
ug=$(col 1); uc=$(col 2); og=$(col 3); oc=$(col 4)
awk -v ug="$ug" -v uc="$uc" -v og="$og" -v oc="$oc" -v n="$runs" 'BEGIN {
  printf "medians of %d runs:\n", n;
  printf "overlay (container on b -> container on a, VXLAN): %s Gbit/s, %s ms CPU per GB\n", og, oc;
  printf "underlay (host b -> host a on the veth): %s Gbit/s, %s ms CPU per GB\n", ug, uc;
  printf "overlay/underlay: throughput %.0f%%, CPU cost per byte %.2fx (%.0f%% of underlay throughput when CPU-bound)\n", 100*og/ug, oc/uc, 100*uc/oc }'
if [ -n "${BASE:-}" ]; then
  bg=$(col 5); bc=$(col 6)
  awk -v ug="$ug" -v uc="$uc" -v bg="$bg" -v bc="$bc" -v og="$og" -v oc="$oc" 'BEGIN {
    printf "BASE'"'"'s overlay: %s Gbit/s, %s ms CPU per GB: throughput %.0f%% of the underlay, cost %.2fx\n", bg, bc, 100*bg/ug, bc/uc;
    printf "this checkout against BASE: throughput %.2fx, CPU cost per byte %.2fx\n", og/bg, oc/bc }'
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
