#!/usr/bin/env bash
# External links of the built site (needs network; the job does not block).
source "$(dirname "$0")/lib.sh"
step make linkcheck-external
