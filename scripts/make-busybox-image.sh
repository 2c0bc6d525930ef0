#!/usr/bin/env bash
# Makes a docker-save tarball of a busybox image from Debian's busybox-static, without any
# daemon or registry: every applet linked, /etc/passwd, /etc/group, nsswitch.conf, CMD ["sh"].
# The layer is reproducible (sorted, mtime 0, owner 0), so the image ID is stable.
# Usage: scripts/make-busybox-image.sh OUT.tar [REPO:TAG]   (default busybox:latest)
set -euo pipefail
out=${1:?usage: make-busybox-image.sh OUT.tar [REPO:TAG]}
ref=${2:-busybox:latest}
bb=/bin/busybox
if ! "$bb" --list-full >/dev/null 2>&1 || ! file -L "$bb" 2>/dev/null | grep -q static; then
  [ -x /usr/bin/busybox ] && file -L /usr/bin/busybox 2>/dev/null | grep -q static && bb=/usr/bin/busybox
fi
"$bb" --list-full >/dev/null || { echo "needs Debian's busybox-static (apt-get install busybox-static)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp,proc,sys,dev,home}
chmod 1777 "$root/tmp" "$root/var/tmp"; chmod 700 "$root/root"
cp "$bb" "$root/bin/busybox"
for applet in $("$bb" --list-full); do
  [ "$applet" = bin/busybox ] && continue
  mkdir -p "$root/$(dirname "$applet")"
  ln -sf /bin/busybox "$root/$applet"
done
cat > "$root/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
P
cat > "$root/etc/group" <<'G'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
tty:x:5:
www-data:x:33:
nogroup:x:65534:
G
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"
: > "$root/etc/hosts"; : > "$root/etc/resolv.conf"; echo busybox > "$root/etc/hostname"
layer=$work/layer.tar
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$root" -cf "$layer" .
diff=$(sha256sum "$layer" | cut -d' ' -f1)
config=$work/config.json
printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/make-busybox-image.sh (busybox-static %s)"},{"created":"1970-01-01T00:00:00Z","created_by":"CMD [\\"sh\\"]","empty_layer":true}]}' \
  "$diff" "$("$bb" | head -1 | awk '{print $2}')" > "$config"
cid=$(sha256sum "$config" | cut -d' ' -f1)
img=$work/image; mkdir -p "$img/$diff"
mv "$layer" "$img/$diff/layer.tar"; mv "$config" "$img/$cid.json"
repo=${ref%:*}; tag=${ref##*:}; [ "$repo" = "$ref" ] && tag=latest
printf '[{"Config":"%s.json","RepoTags":["%s:%s"],"Layers":["%s/layer.tar"]}]' "$cid" "$repo" "$tag" "$diff" > "$img/manifest.json"
printf '{"%s":{"%s":"%s"}}' "$repo" "$tag" "$diff" > "$img/repositories"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$img" -cf "$out" .
echo "sha256:$cid"
