#!/usr/bin/env bash
# The PDFs and the offline site (make pdf), into site/downloads/.
source "$(dirname "$0")/lib.sh"
step as_root scripts/system-deps.sh pdf
step make pdf
