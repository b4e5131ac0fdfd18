#!/bin/sh
# The "application": uses the password without ever showing it.
set -eu
echo "Connecting as '${APP_DB_USER}' with a ${#APP_DB_PASSWORD}-character password"
if [ -n "${APP_DB_PASSWORD_FILE:-}" ]; then
    echo "APP_DB_PASSWORD_FILE is still set"
else
    echo "APP_DB_PASSWORD_FILE is no longer in the application's environment"
fi
