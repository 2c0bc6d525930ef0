#!/usr/bin/env bash
# Overlay networks on a cluster store (issue 19, ADR 0124): bulk TCP throughput between two
# containers on different "hosts" across a global overlay network (VXLAN), beside the same
# transfer between the two hosts' underlay addresses on the veth they share. Target: overlay
# >= 80% of underlay.
# Two hosts = network namespaces made here, joined by veth to an underlay bridge in a third
# namespace that also runs etcd; each host runs its own berthd (own root, exec root, socket,
# bridge and nftables table) inside its namespace. Nothing outside those namespaces is touched.
# Needs root, etcd (Debian's etcd-server), VXLAN in the kernel, and berthd built
# (./mvnw -pl berthd -am package -DskipTests). MB=<size of the transfer, default 1000>.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${MB:-1000}
tag=$$
ul=bov-ul-$tag; ha=bov-a-$tag; hb=bov-b-$tag
tmp=$(mktemp -d /var/tmp/berth-ovbench.XXXXXX)
net=10.251.$((tag % 200 + 20))
d() { local h=$1; shift; docker -H "unix://$tmp/$h.sock" "$@"; }
cleanup() {
  for h in a b; do
    d "$h" rm -f "ov$h" >/dev/null 2>&1 || true
  done
  d a network rm ovb >/dev/null 2>&1 || true
  for h in a b; do [ -f "$tmp/$h.pid" ] && kill "$(cat "$tmp/$h.pid")" 2>/dev/null || true; done
  [ -f "$tmp/etcd.pid" ] && kill "$(cat "$tmp/etcd.pid")" 2>/dev/null || true
  sleep 2
  for n in "$ha" "$hb" "$ul"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
command -v etcd >/dev/null || { echo "etcd is not installed (apt-get install etcd-server)" >&2; exit 1; }

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
nsenter --net="/run/netns/$ul" etcd --name bov --data-dir "$tmp/etcd" \
  --listen-client-urls "http://$net.1:2379" --advertise-client-urls "http://$net.1:2379" \
  --listen-peer-urls "http://127.0.0.1:2380" --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster bov=http://127.0.0.1:2380 >"$tmp/etcd.log" 2>&1 & echo $! > "$tmp/etcd.pid"
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
i=2
for h in a b; do
  ns=$ha; [ "$h" = b ] && ns=$hb
  nsenter --net="/run/netns/$ns" bin/berthd --root "$tmp/$h/root" --exec-root "$tmp/$h/exec" \
    --config-file /dev/null -H "unix://$tmp/$h.sock" --bridge "bov$h$tag" \
    --bip "10.252.$i.1/24" --nft-table "berth_bov$h" \
    --cluster-store "etcd://$net.1:2379" --cluster-advertise "$net.$i" \
    >"$tmp/$h.log" 2>&1 & echo $! > "$tmp/$h.pid"
  i=$((i + 1))
done
for h in a b; do
  for _ in $(seq 300); do curl -sf --unix-socket "$tmp/$h.sock" http://x/_ping >/dev/null 2>&1 && break; sleep 0.1; done
  d "$h" load -i "$tmp/busybox.tar" >/dev/null
done
d a network create -d overlay ovb >/dev/null
d a run -d --name ova --network ovb busybox sh -c \
  "mkdir -p /w && head -c $((mb * 1048576)) /dev/zero > /w/big && exec httpd -f -p 80 -h /w" >/dev/null
d b run -d --name ovb --network ovb busybox sleep 3600 >/dev/null
ipa=$(d a inspect -f '{{(index .NetworkSettings.Networks "ovb").IPAddress}}' ova)
for _ in $(seq 100); do d b exec ovb timeout 2 wget -q -O /dev/null "http://ova/" 2>/dev/null && break; sleep 0.2; done
# the underlay: the same busybox httpd serving the same file on host a's address
mkdir -p "$tmp/w"; head -c $((mb * 1048576)) /dev/zero > "$tmp/w/big"
nsenter --net="/run/netns/$ha" busybox httpd -f -p 8080 -h "$tmp/w" & echo $! > "$tmp/httpd.pid"
sleep 0.5
# busybox time inside each end, so docker exec's own start is not measured
ms() { awk '/^real/ { m=$2; s=$3; sub("m","",m); sub("s","",s); print int((m*60+s)*1000) }'; }
over() { d b exec ovb time wget -q -O /dev/null "http://$ipa/big" 2>&1 | ms; }
under() { nsenter --net="/run/netns/$hb" busybox time busybox wget -q -O /dev/null "http://$net.2:8080/big" 2>&1 | ms; }
best() { local b=999999999 t; for _ in 1 2 3; do t=$("$@"); [ "$t" -lt "$b" ] && b=$t; done; echo "$b"; }
o=$(best over); u=$(best under)
kill "$(cat "$tmp/httpd.pid")" 2>/dev/null || true
awk -v mb="$mb" -v o="$o" -v u="$u" 'BEGIN {
  printf "overlay (container on a -> container on b, VXLAN): %.0f MB/s\n", mb*1.048576*1000/o;
  printf "underlay (host a -> host b on the veth): %.0f MB/s\n", mb*1.048576*1000/u;
  printf "overlay/underlay: %.0f%%\n", 100*u/o }'
