# Sourced by bench/memory.sh and bench/cli.sh: one berthd on scratch roots, its own socket,
# bridge (10.231.75.0/24) and nftables table, busybox loaded; removed again at exit.
tmp=$(mktemp -d /var/tmp/berth-bench.XXXXXX)
br=bmem$$; table=berth_mem$$; sock="$tmp/s.sock"
dcli() { DOCKER_CONFIG="$tmp/cfg" docker -H "unix://$sock" "$@"; }
cleanup() {
  [ -S "$sock" ] && dcli ps -aq 2>/dev/null | xargs -r docker -H "unix://$sock" rm -f >/dev/null 2>&1 || true
  [ -f "$tmp/pid" ] && kill "$(cat "$tmp/pid")" 2>/dev/null || true
  sleep 3
  bin/berthd --cleanup --root "$tmp/root" --exec-root "$tmp/exec" --bridge "$br" --nft-table "$table" >/dev/null 2>&1 || true
  rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$(cat "$tmp/pid")/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }
bin/berthd --root "$tmp/root" --exec-root "$tmp/exec" --pidfile "$tmp/berthd.pid" --config-file /dev/null \
  -H "unix://$sock" --bridge "$br" --bip 10.231.75.1/24 --nft-table "$table" >"$tmp/log" 2>&1 & echo $! > "$tmp/pid"
for _ in $(seq 300); do curl -sf --unix-socket "$sock" http://x/_ping >/dev/null 2>&1 && break; sleep 0.1; done
scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null
dcli load -i "$tmp/busybox.tar" >/dev/null
