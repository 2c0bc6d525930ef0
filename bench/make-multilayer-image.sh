#!/usr/bin/env bash
# Makes a docker-save tarball with LAYERS layers of MIB_PER_LAYER MiB each (random files, so
# nothing compresses away), named bench/multilayer:latest. Usage: OUT.tar [LAYERS] [MIB_PER_LAYER]
set -euo pipefail
out=${1:?usage: make-multilayer-image.sh OUT.tar [LAYERS] [MIB_PER_LAYER]}
layers=${2:-7}; mib=${3:-36}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/img"; diffs=(); paths=()
for l in $(seq "$layers"); do
  root=$work/l$l; mkdir -p "$root/data/layer$l"
  for f in $(seq "$mib"); do head -c 1048576 /dev/urandom > "$root/data/layer$l/f$f"; done
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
  d=$(sha256sum "$work/layer.tar" | cut -d' ' -f1); mkdir -p "$work/img/$d"; mv "$work/layer.tar" "$work/img/$d/layer.tar"
  diffs+=("\"sha256:$d\""); paths+=("\"$d/layer.tar\""); rm -rf "$root"
done
join() { local IFS=,; echo "$*"; }
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$(join "${diffs[@]}")" > "$work/config.json"
cid=$(sha256sum "$work/config.json" | cut -d' ' -f1); mv "$work/config.json" "$work/img/$cid.json"
printf '[{"Config":"%s.json","RepoTags":["bench/multilayer:latest"],"Layers":[%s]}]' "$cid" "$(join "${paths[@]}")" > "$work/img/manifest.json"
tar -C "$work/img" -cf "$out" .
