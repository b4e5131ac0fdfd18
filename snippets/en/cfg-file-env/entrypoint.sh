#!/bin/sh
# Entry point that implements the *_FILE convention of the official
# images: if VAR_FILE exists, the value of VAR is read from the file it
# names (for example, a secret mounted in /run/secrets/).
set -eu

# Usage: file_env VAR [DEFAULT_VALUE]
file_env() {
    var="$1"
    file_var="${var}_FILE"
    default="${2:-}"

    # Only valid variable names: the eval below must not run anything.
    case "$var" in
        '' | [0-9]* | *[!A-Za-z0-9_]*)
            echo "file_env: invalid variable name: '$var'" >&2
            exit 1
            ;;
    esac

    value=""
    file=""
    eval "value=\${$var:-}"
    eval "file=\${$file_var:-}"

    if [ -n "$value" ] && [ -n "$file" ]; then
        echo "file_env: $var and $file_var are mutually exclusive, set only one" >&2
        exit 1
    fi

    if [ -n "$file" ]; then
        if [ ! -r "$file" ]; then
            echo "file_env: cannot read $file_var=$file" >&2
            exit 1
        fi
        value="$(cat "$file")"
    elif [ -z "$value" ]; then
        value="$default"
    fi

    export "$var=$value"
    unset "$file_var"
}

file_env APP_DB_USER app
file_env APP_DB_PASSWORD

if [ -z "$APP_DB_PASSWORD" ]; then
    echo "APP_DB_PASSWORD (or APP_DB_PASSWORD_FILE) is missing" >&2
    exit 1
fi

exec "$@"
