#!/usr/bin/env bash
# Builds berth (no tests) and the JDK AOT caches that make the CLI and berthd start faster.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh; find_java
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
./mvnw -B -q -DskipTests -Dberth.commit="$commit" package
scripts/aot-train.sh
