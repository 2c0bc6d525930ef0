#!/usr/bin/env bash
# The one test command: installs what is missing, builds, and runs every test tier
# (1 unit, 2 contract, 3 privileged integration, 4 end to end with the real docker CLI).
# Privileged tiers need root; without it they are skipped with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
install_test_deps
. scripts/java-env.sh; find_java
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
./mvnw -B -Dberth.commit="$commit" verify "$@"
