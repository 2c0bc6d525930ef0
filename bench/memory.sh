#!/usr/bin/env bash
# berthd's RSS idle, with MANY (default 50) containers running, and after they are removed
# (issue 16: <= 64 MiB idle, <= 100 MiB with 50 running), with what grew: heap, threads, the
# largest mappings. berthd only (bench/all.sh has Docker's figures beside it). BERTHD_JAVA_OPTS
# reaches the daemon's JVM (bin/berthd), e.g. to compare a flag. Needs root and a built checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
many=${MANY:-50}
. bench/lib-berthd.sh
pid=$(cat "$tmp/pid")
snapshot() { # LABEL
  local heap; heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/total/ {gsub("K,","",$3); s+=$3} END {printf "%.1f", s/1024}')
  printf '%-28s RSS %6s MiB  heap committed %5s MiB  threads %s\n' "$1" "$(mib "$(rss_kib)")" "$heap" \
    "$(awk '/Threads/ {print $2}' "/proc/$pid/status")"
}
dcli run --rm busybox true; sleep 5
snapshot "idle"
idle=$(rss_kib)
for i in $(seq "$many"); do dcli run -d --name "m$i" busybox sleep 3600 >/dev/null; done
sleep 5
snapshot "$many running"
running=$(rss_kib)
pmap -x "$pid" | sort -k3 -n -r | sed -n 2,7p | awk '{printf "    %8d KiB resident %8d dirty  %s\n", $3, $4, $NF}'
dcli rm -f $(dcli ps -aq) >/dev/null; sleep 8
snapshot "after they are removed"
echo "| RSS idle | $(mib "$idle") MiB | target ≤ 64 MiB | $(awk -v a="$idle" 'BEGIN {print (a<=65536)?"met":"not met"}') |"
echo "| RSS, $many running | $(mib "$running") MiB | target ≤ 100 MiB | $(awk -v a="$running" 'BEGIN {print (a<=102400)?"met":"not met"}') |"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
