# Sourced by scripts/setup.sh and scripts/test.sh: installs the Debian packages berth needs.
# Only what is missing is installed; nothing is upgraded.
apt_install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "berth needs root to install ${missing[*]} (run as root or with sudo)" >&2; return 1
  fi
  apt-get update -qq
  # policy-rc.d keeps packaged services (dockerd from docker.io) from starting on install.
  local had_policy=0; [ -e /usr/sbin/policy-rc.d ] && had_policy=1
  [ $had_policy = 1 ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  local rc=$?
  [ $had_policy = 1 ] || rm -f /usr/sbin/policy-rc.d
  return $rc
}

# What berthd needs at run time.
RUNTIME_PACKAGES=(ca-certificates curl tar busybox-static runc crun conmon tini nftables iproute2)

install_runtime_deps() {
  apt_install_missing "${RUNTIME_PACKAGES[@]}"
}

# What rootless berthd needs on top (scripts/setup-rootless.sh, ADR 0114): newuidmap and
# newgidmap for the user namespace of a subordinate range, slirp4netns for its network.
ROOTLESS_PACKAGES=(uidmap slirp4netns)

install_rootless_deps() {
  install_runtime_deps
  apt_install_missing "${ROOTLESS_PACKAGES[@]}"
}

# What the test tiers need on top: a docker CLI to drive berthd (Debian's docker.io ships one;
# /usr/local/bin/docker, when present, is used instead).
install_test_deps() {
  install_runtime_deps
  # script(1) for `run -it`; docker-py; test certificates; compose v1; a registry on loopback
  # (htpasswd for its basic auth)
  # gcc + libc6-dev build the static swapper of the docker cp race test
  apt_install_missing bsdutils python3-docker openssl docker-compose docker-registry apache2-utils \
    gcc libc6-dev
  # SystemdE2eTest: systemd-socket-activate passes berthd its socket as systemd does
  apt_install_missing systemd
  # RootlessE2eTest: uidmap and slirp4netns
  apt_install_missing "${ROOTLESS_PACKAGES[@]}"
  # OverlayE2eTest and bench/overlay.sh: etcd as the cluster store (ADR 0124); iperf3 for the
  # bench's throughput (ADR 0133)
  apt_install_missing etcd-server etcd-client iperf3
  if ! command -v docker >/dev/null 2>&1; then
    apt_install_missing docker.io
  fi
  # CriE2eTest (ADR 0121): the CNI plugins for pods, and crictl to drive them
  apt_install_missing containernetworking-plugins
  install_crictl || echo "crictl not built: CriE2eTest will skip" >&2
}

# crictl is not packaged by Debian 12: it is built from cri-tools v1.29.0's vendored sources
# with Debian's Go 1.19 (no module download; GOPROXY=off), from $CRI_TOOLS_SRC (a git
# repository or an unpacked tree of that tag) or else a shallow clone from GitHub. Installed
# at /usr/local/bin/crictl; BERTH_CRICTL points the test at another one.
install_crictl() {
  command -v crictl >/dev/null 2>&1 && return 0
  apt_install_missing git || return 1
  local tmp; tmp=$(mktemp -d /tmp/crictl-build.XXXXXX) || return 1
  local src=${CRI_TOOLS_SRC:-}
  # the sources first: without them (no CRI_TOOLS_SRC, GitHub unreachable) Go is not installed
  if [ -n "$src" ] && [ -d "$src/cmd/crictl" ]; then
    cp -a "$src" "$tmp/src"
  elif [ -n "$src" ]; then
    mkdir -p "$tmp/src" && git --git-dir="$src" archive v1.29.0 | tar -x -C "$tmp/src" || { rm -rf "$tmp"; return 1; }
  else
    timeout 60 git clone -q --depth 1 -b v1.29.0 https://github.com/kubernetes-sigs/cri-tools "$tmp/src" || { rm -rf "$tmp"; return 1; }
  fi
  apt_install_missing golang-go || { rm -rf "$tmp"; return 1; }
  (cd "$tmp/src" && CGO_ENABLED=0 GOPROXY=off GOFLAGS=-mod=vendor GOCACHE="$tmp/cache" \
    go build -trimpath -ldflags "-X sigs.k8s.io/cri-tools/pkg/version.Version=1.29.0" \
    -o /usr/local/bin/crictl ./cmd/crictl)
  local rc=$?
  rm -rf "$tmp"
  return $rc
}
