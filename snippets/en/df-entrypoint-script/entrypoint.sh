#!/bin/sh
# Entry point: prepares the container and hands control to the command received.
set -e

# A single message per stream: standard output and standard error travel through
# different pipes and Docker does not guarantee their relative order.
if [ "$#" -eq 0 ]; then
    echo "entrypoint.sh: received 0 argument(s), there is no command to run" >&2
    exit 1
fi

echo "entrypoint.sh: received $# argument(s): $*"

if [ "$1" = "daemon" ]; then
    # Service mode. In a real image the server would start here
    # (mysqld, postgres...); in this example the "daemon" is a sleep.
    set -- sleep infinity
fi

# exec replaces the shell with the command: that command becomes PID 1
exec "$@"
