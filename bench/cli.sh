#!/usr/bin/env bash
# The berth CLI's start against the docker CLI's, on one berthd this script starts (issue 16:
# `berth version` <= 3x `docker version`, `berth run --rm busybox true` <= 1.1x `docker run`):
# RUNS (default 10) interleaved samples, median wall time and median CPU (user+sys) of each.
# Needs root, a built checkout (scripts/build.sh) and the docker CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
. bench/lib-berthd.sh
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sample() { # NAME CMD...: appends "wall_ms cpu_ms" to $tmp/NAME (CMD a program, not a function)
  local t0 t1; t0=$(date +%s%N)
  /usr/bin/time -o "$tmp/time" -f '%U %S' "${@:2}" >/dev/null 2>&1
  t1=$(date +%s%N)
  awk -v w=$(( (t1 - t0) / 1000000 )) '{printf "%d %d\n", w, ($1+$2)*1000}' "$tmp/time" >> "$tmp/$1"
}
berth=(bin/berth -H "unix://$sock"); docker=(env DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$sock")
"${docker[@]}" version >/dev/null; "${berth[@]}" version >/dev/null
for _ in $(seq "$runs"); do
  sample bver "${berth[@]}" version; sample dver "${docker[@]}" version
  sample brun "${berth[@]}" run --rm busybox true; sample drun "${docker[@]}" run --rm busybox true
done
row() { # LABEL B D TARGET
  local bw dw bc dc
  bw=$(cut -d' ' -f1 "$tmp/$2" | median); dw=$(cut -d' ' -f1 "$tmp/$3" | median)
  bc=$(cut -d' ' -f2 "$tmp/$2" | median); dc=$(cut -d' ' -f2 "$tmp/$3" | median)
  awk -v l="$1" -v bw="$bw" -v dw="$dw" -v bc="$bc" -v dc="$dc" -v t="$4" 'BEGIN {
    r = dw ? bw / dw : 0
    printf "| %s | %d ms (cpu %d) | %d ms (cpu %d) | %.2f | ≤ %s | %s |\n", l, dw, dc, bw, bc, r, t, (r <= t) ? "yes" : "no" }'
}
echo "| figure | docker CLI | berth CLI | ratio | target | met |"
echo "|---|---|---|---|---|---|"
row '`version`' bver dver 3
row '`run --rm busybox true`' brun drun 1.1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
