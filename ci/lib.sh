# Sourced by every ci/*.sh job script: the repository's root as the current
# folder, strict bash, and what a CI job needs before `make`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CI=${CI:-true}  # tests that lack a system package fail instead of skipping
export PIP_DISABLE_PIP_VERSION_CHECK=1
# The restored uv cache and the checkout are different mounts: copy, do not try hardlinks.
export UV_LINK_MODE=${UV_LINK_MODE:-copy}

# In a container job the checkout belongs to the runner's user, not root, and
# git refuses the folder ("detected dubious ownership", actions/checkout#1048):
# the pages' dates come from git history, so trust this checkout.
git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$PWD" ||
    git config --global --add safe.directory "$PWD"

# Root in a container job; the runner VM's user has passwordless sudo.
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo --preserve-env=PATH "$@"; fi
}

# Print how long each step took: CONTRIBUTING quotes these numbers.
step() {
    local start=$SECONDS
    echo "::group::$*"
    "$@"
    echo "::endgroup::"
    echo "ci: '$*' took $((SECONDS - start)) s"
}
