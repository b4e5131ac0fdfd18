#!/usr/bin/env bash
# The harness's own tests against a real engine (tests/ marked docker). On
# the runner VM its Docker engine runs the Docker-in-Docker container; where
# none answers (root on Debian), system-deps installs a private one's packages.
source "$(dirname "$0")/lib.sh"
step as_root scripts/system-deps.sh engine
step make test-suite MARKERS="docker"
