#!/bin/sh
# La "aplicación": usa la contraseña sin mostrarla nunca.
set -eu
echo "Conectando como '${APP_DB_USER}' con una contraseña de ${#APP_DB_PASSWORD} caracteres"
if [ -n "${APP_DB_PASSWORD_FILE:-}" ]; then
    echo "APP_DB_PASSWORD_FILE sigue definida"
else
    echo "APP_DB_PASSWORD_FILE ya no está en el entorno de la aplicación"
fi
