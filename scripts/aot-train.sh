#!/usr/bin/env bash
# Records JDK 25 AOT caches (JEP 483/514/515) for the CLI and the daemon: a training run loads
# and links the classes each one needs and profiles its methods, and later starts map them
# instead of loading them again. Measured effect: bench/startup.sh, bench/all.sh (ADR 0119).
# Caches are tied to the JDK and the jars: rebuilt every build. The training daemon has its own
# scratch roots, bridge and nftables table; its containers run with --network none.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh; find_java
tmp=$(mktemp -d); br=btrain$$; table=berth_train$$
trap 'kill $(cat "$tmp/pid" 2>/dev/null) 2>/dev/null || true; sleep 1; nft delete table ip "$table" 2>/dev/null || true; ip link del "$br" 2>/dev/null || true; rm -rf "$tmp"' EXIT
rm -f berthd/target/berthd.aot berth-cli/target/berth.aot
# The daemon: start on a scratch root, serve the requests of the CLI's training below, stop
# with SIGTERM (the cache is written at exit).
"$JAVA" -XX:AOTCacheOutput=berthd/target/berthd.aot -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -cp "berthd/target/berthd-1.6.0.jar:berthd/target/lib/*" io.berth.daemon.Main \
  --root "$tmp/root" --exec-root "$tmp/exec" --config-file /dev/null -H "unix://$tmp/s.sock" \
  --pidfile "$tmp/berthd.pid" --bridge "$br" --bip 10.231.79.1/24 --nft-table "$table" >"$tmp/log" 2>&1 & echo $! > "$tmp/pid"
for _ in $(seq 100); do [ -S "$tmp/s.sock" ] && break; sleep 0.1; done
for p in _ping version info images/json; do curl -sf --unix-socket "$tmp/s.sock" "http://x/v1.44/$p" >/dev/null || true; done
# a busybox image for the training containers (skipped where busybox-static is missing)
if scripts/make-busybox-image.sh "$tmp/busybox.tar" busybox:latest >/dev/null 2>&1; then
  curl -sf --unix-socket "$tmp/s.sock" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary @"$tmp/busybox.tar" "http://x/v1.44/images/load?quiet=1" >/dev/null || true
fi
# The CLI, against that daemon: version, images, ps, run --rm (AotTraining runs them in one JVM).
"$JAVA" -XX:AOTCacheOutput=berth-cli/target/berth.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -cp "berth-cli/target/berth-cli-1.6.0.jar:berth-cli/target/lib/*" io.berth.cli.AotTraining \
  "unix://$tmp/s.sock" || true
kill -TERM "$(cat "$tmp/pid")"; wait "$(cat "$tmp/pid")" 2>/dev/null || true
