#!/usr/bin/env bash
# Build, with no registry, an image like the CI jobs' python:3.11-bookworm,
# to run the ci/ scripts here (ci/local-run.sh): Debian 12 minbase by
# debootstrap (git, make, CA certificates and the libraries CPython links)
# and this machine's Python (3.11.5 or later, built on Debian 12) copied in at
# its own path, with /usr/local/bin/python3 pointing to it, as the official
# image keeps its own CPython in /usr/local. Like python:3.11-bookworm it has
# no iproute2, hunspell, Pango or Docker: the job scripts must bring them.
#
#   ci/local-image.sh [TAG]     (root, debootstrap; DOCKER_HOST picks the engine)
set -euo pipefail
tag=${1:-dpt-ci:bookworm}
python=${PYTHON:-python3}
prefix=$("$python" -c 'import sys; print(sys.base_prefix)')
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
packages=ca-certificates,git,make,libssl3,libsqlite3-0,libffi8,libuuid1,libbz2-1.0,liblzma5
packages+=,libreadline8,libncursesw6,zlib1g,libexpat1,libtirpc3,libcrypt1
key=$(printf '%s\n' "$prefix" "$("$python" -V)" "$packages" "$(sha256sum "$0")" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{index .Config.Labels "dpt.ci.key"}}' "$tag" 2>/dev/null)" = "$key" ]; then
    echo "local-image: $tag is up to date"
    exit 0
fi
root=$(mktemp -d /tmp/dpt-ci-root.XXXXXX)
trap 'rm -rf "$root"' EXIT
start=$SECONDS
debootstrap --variant=minbase --include="$packages" bookworm "$root" \
    http://deb.debian.org/debian >"$root.log" 2>&1 || { tail -20 "$root.log"; exit 1; }
rm -f "$root.log"
mkdir -p "$root$prefix"
site=lib/python$version/site-packages
tar -C "$prefix" --exclude="./lib/python$version/test" --exclude="./$site" -c . |
    tar -C "$root$prefix" -x
mkdir -p "$root$prefix/$site"
cp -a "$prefix/$site"/pip "$prefix/$site"/pip-*.dist-info "$root$prefix/$site/"
for name in python3 python pip3 pip; do
    target=$prefix/bin/$name
    [ -e "$target" ] || target=$prefix/bin/${name}3
    ln -sf "$target" "$root/usr/local/bin/$name"
done
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar --numeric-owner -C "$root" -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV LANG=C.UTF-8' -c "LABEL dpt.ci.key=$key" - "$tag" >/dev/null
echo "local-image: $tag built in $((SECONDS - start)) s ($("$python" -V), Debian $(cat "$root/etc/debian_version"))"
