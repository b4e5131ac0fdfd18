#!/usr/bin/env bash
# The examples of one page (a shard of the job matrix; ci/pages.sh lists the
# pages), or of every page without an argument. The report of the run is left
# in .book-report/examples.json (ci/merge-reports.sh joins the shards').
#   ci/examples.sh [docs/es/redes.md]
source "$(dirname "$0")/lib.sh"
step as_root scripts/system-deps.sh engine
step make test-examples PAGE="${1:-docs}"
