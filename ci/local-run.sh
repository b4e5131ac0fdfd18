#!/usr/bin/env bash
# Run a CI job script here as GitHub runs it in a container job: in the image
# of ci/local-image.sh (like python:3.11-bookworm), as root, on a copy of this
# checkout (its history, plus the changes not committed yet) owned by another
# user, as actions/checkout leaves it. The host's uv cache is mounted as the
# job's restored cache (CI_COLD=1 starts from an empty one).
#
#   ci/local-run.sh ci/unit.sh            (DOCKER_HOST picks the engine)
#   ci/local-run.sh bash -c 'scripts/system-deps.sh --check engine'
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
image=${CI_IMAGE:-dpt-ci:bookworm}
work=$(mktemp -d /tmp/dpt-ci-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q --no-hardlinks "$root" "$work/repo"
# The working tree as it is: changed and new files over the clone, deleted ones removed.
(cd "$root" && git ls-files -z -m -o --exclude-standard) |
    (cd "$root" && xargs -0 -r cp --parents -t "$work/repo" 2>/dev/null || true)
(cd "$root" && git ls-files -z -d) | (cd "$work/repo" && xargs -0 -r rm -f)
git -C "$work/repo" remote remove origin
cache=()
if [ -z "${CI_COLD:-}" ]; then
    mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}/uv"
    cache=(-v "${XDG_CACHE_HOME:-$HOME/.cache}/uv:/github/home/.cache/uv")
fi
# This machine's CA certificates (a TLS-inspecting proxy's included), as the host trusts them.
certs=()
bundle=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
if [ -f "$bundle" ]; then
    certs=(-v "$bundle:/etc/ssl/host-ca.crt:ro" -e SSL_CERT_FILE=/etc/ssl/host-ca.crt
           -e PIP_CERT=/etc/ssl/host-ca.crt)
fi
tar -C "$work" -c repo | docker run --rm -i --network host \
    -e CI=true -e HOME=/github/home -e GITHUB_ACTIONS=true -e GITHUB_WORKSPACE=/__w/repo \
    "${cache[@]}" "${certs[@]}" -w /__w "$image" \
    bash -c 'mkdir -p "$HOME" && tar -x && chown -R 1001:1001 repo && cd repo && exec "$@"' bash "$@"
