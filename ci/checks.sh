#!/usr/bin/env bash
# Everything of `make test` but Docker: the strict build and the linters, then
# every test of tests/ that needs no Docker (the build, PDF and offline-site
# tests read the site make lint built). The Docker part is ci/harness.sh and
# ci/examples.sh, on the runner VM; the ci tests (a job in a local container)
# are for `make test` on a machine like .ci/run's: here the jobs themselves run.
source "$(dirname "$0")/lib.sh"
step as_root scripts/system-deps.sh lint pdf poppler chromium
# One make run: lint and the tests share one strict build of site/.
step make lint test-suite MARKERS="not docker and not ci"
