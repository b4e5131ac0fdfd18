#!/bin/sh
# Punto de entrada: prepara el contenedor y cede el control al comando recibido.
set -e

# Un único mensaje por salida: la salida estándar y la de errores viajan por
# tuberías distintas y Docker no garantiza su orden relativo.
if [ "$#" -eq 0 ]; then
    echo "entrypoint.sh: recibidos 0 argumentos, no hay ningún comando que ejecutar" >&2
    exit 1
fi

echo "entrypoint.sh: recibidos $# argumentos: $*"

if [ "$1" = "daemon" ]; then
    # Modo servicio. En una imagen real aquí arrancaría el servidor
    # (mysqld, postgres...); en este ejemplo el "demonio" es un sleep.
    set -- sleep infinity
fi

# exec sustituye al shell por el comando: ese comando pasa a ser el PID 1
exec "$@"
