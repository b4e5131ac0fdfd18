#!/bin/sh
# Punto de entrada que implementa la convención *_FILE de las imágenes
# oficiales: si existe VAR_FILE, el valor de VAR se lee del fichero que
# nombra (por ejemplo, un secreto montado en /run/secrets/).
set -eu

# Uso: file_env VAR [VALOR_POR_DEFECTO]
file_env() {
    var="$1"
    file_var="${var}_FILE"
    default="${2:-}"

    # Solo nombres de variable válidos: el eval de abajo no debe ejecutar nada.
    case "$var" in
        '' | [0-9]* | *[!A-Za-z0-9_]*)
            echo "file_env: nombre de variable no válido: '$var'" >&2
            exit 1
            ;;
    esac

    value=""
    file=""
    eval "value=\${$var:-}"
    eval "file=\${$file_var:-}"

    if [ -n "$value" ] && [ -n "$file" ]; then
        echo "file_env: $var y $file_var son excluyentes, define solo una" >&2
        exit 1
    fi

    if [ -n "$file" ]; then
        if [ ! -r "$file" ]; then
            echo "file_env: no se puede leer $file_var=$file" >&2
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
    echo "Falta APP_DB_PASSWORD (o APP_DB_PASSWORD_FILE)" >&2
    exit 1
fi

exec "$@"
