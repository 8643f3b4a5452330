#!/bin/sh
# Makes an OCI bundle at $1: a busybox rootfs (Debian's busybox-static) and a config.json written by
# `ocirt spec` ($2 = the ocirt binary), adjusted for a non-interactive run. Idempotent.
set -eu
bundle=$1
ocirt=$2
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "busybox-bundle: $busybox not found (apt-get install busybox-static)" >&2; exit 1; }
rm -rf "$bundle"
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/etc" "$bundle/rootfs/proc" "$bundle/rootfs/sys" \
         "$bundle/rootfs/dev" "$bundle/rootfs/tmp" "$bundle/rootfs/root"
cp "$busybox" "$bundle/rootfs/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$bundle/rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nuser1:x:1000:1000:user1:/home/user1:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$bundle/rootfs/etc/passwd"
printf 'root:x:0:\nuser1:x:1000:\nnogroup:x:65534:\n' > "$bundle/rootfs/etc/group"
(cd "$bundle" && "$ocirt" spec)
# Non-interactive: no terminal (foreground terminals are a later issue).
sed -i 's/"terminal": true/"terminal": false/' "$bundle/config.json"
