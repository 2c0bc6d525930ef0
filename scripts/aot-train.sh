#!/usr/bin/env bash
# Records JDK 25 AOT caches (JEP 483/514) for the CLI and the daemon: a training run loads and
# links the classes each one needs, and later starts map them instead of loading them again.
# Measured effect: bench/startup.sh. Caches are tied to the JDK and the jars: rebuilt every build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh; find_java
tmp=$(mktemp -d); trap 'kill $(cat "$tmp/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$tmp"' EXIT
rm -f berthd/target/berthd.aot berth-cli/target/berth.aot
# The daemon: start on a scratch root, serve a few requests, stop with SIGTERM (cache is written at exit).
"$JAVA" -XX:AOTCacheOutput=berthd/target/berthd.aot -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -cp "berthd/target/berthd-1.6.0.jar:berthd/target/lib/*" io.berth.daemon.Main \
  --root "$tmp/root" --exec-root "$tmp/exec" --config-file /dev/null -H "unix://$tmp/s.sock" \
  --pidfile "$tmp/berthd.pid" >"$tmp/log" 2>&1 & echo $! > "$tmp/pid"
for _ in $(seq 100); do [ -S "$tmp/s.sock" ] && break; sleep 0.1; done
for p in _ping version info images/json; do curl -sf --unix-socket "$tmp/s.sock" "http://x/v1.44/$p" >/dev/null || true; done
# The CLI, against that daemon, running `version` (the command whose start-up bench/ measures).
"$JAVA" -XX:AOTCacheOutput=berth-cli/target/berth.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -cp "berth-cli/target/berth-cli-1.6.0.jar:berth-cli/target/lib/*" io.berth.cli.Main \
  -H "unix://$tmp/s.sock" version >/dev/null 2>&1 || true
kill -TERM "$(cat "$tmp/pid")"; wait "$(cat "$tmp/pid")" 2>/dev/null || true
