#!/usr/bin/env bash
# `make system-deps`: install, as root on Debian or Ubuntu, the system
# packages of data/system-packages.txt that are missing. Idempotent: when
# nothing is missing it changes nothing and needs neither root nor apt.
#
#   scripts/system-deps.sh [--check | --if-root] [GROUP...]   (all groups by default)
#
# --check    only say what is missing; exit 1 if something is.
# --if-root  install if root on Debian/Ubuntu, else only say what is missing
#            (exit 0): what `make test` runs first.
# The `engine` group is left out where a Docker engine already answers (a
# laptop, a CI runner): the examples use that engine, not a private one.
set -euo pipefail
data=${SYSTEM_PACKAGES_FILE:-"$(cd "$(dirname "$0")/.." && pwd)/data/system-packages.txt"}
mode=install
case "${1:-}" in
    --check) mode=check; shift ;;
    --if-root) mode=if-root; shift ;;
    -*) echo "usage: $0 [--check | --if-root] [GROUP...]" >&2; exit 2 ;;
esac

groups=("$@")
known=$(sed -n 's/^\([a-z][a-z0-9-]*\):.*/\1/p' "$data")
if [ ${#groups[@]} -eq 0 ]; then
    mapfile -t groups <<<"$known"
fi

present() {  # package[=command]
    local package=${1%%=*} command=
    [[ $1 == *=* ]] && command=${1#*=}
    if [ -n "$command" ] && command -v "$command" >/dev/null 2>&1; then
        return 0
    fi
    command -v dpkg-query >/dev/null 2>&1 &&
        [ "$(dpkg-query -W -f '${db:Status-Status}' "$package" 2>/dev/null)" = installed ]
}

missing=()
for group in "${groups[@]}"; do
    if ! grep -qx "$group" <<<"$known"; then
        echo "system-deps: unknown group '$group'; the groups are: $(echo $known)" >&2
        exit 2
    fi
    if [ "$group" = engine ] && command -v docker >/dev/null 2>&1 &&
            timeout 20 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
        continue  # a running engine runs the Docker-in-Docker container
    fi
    for entry in $(sed -n "s/^$group:\(.*\)/\1/p" "$data"); do
        present "$entry" || missing+=("${entry%%=*}")
    done
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "system-deps: ${groups[*]}: all present"
    exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
debian=false
[ -f /etc/debian_version ] && command -v apt-get >/dev/null && debian=true
if [ "$mode" = check ] || { [ "$mode" = if-root ] && { [ "$(id -u)" != 0 ] || ! $debian; }; }; then
    echo "system-deps: missing: ${missing[*]}" \
         "(install them as root with \`make system-deps\`, i.e. apt-get install ${missing[*]})" >&2
    [ "$mode" = check ] && exit 1
    exit 0
fi
if ! $debian; then
    echo "system-deps: this is not Debian or Ubuntu; install the equivalents of: ${missing[*]}" >&2
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "system-deps: missing: ${missing[*]}; run it as root: sudo make system-deps" >&2
    exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
still=()
for entry in "${missing[@]}"; do present "$entry" || still+=("$entry"); done
if [ ${#still[@]} -gt 0 ]; then
    echo "system-deps: still missing after apt-get install: ${still[*]}" >&2
    exit 1
fi
echo "system-deps: installed ${missing[*]}"
