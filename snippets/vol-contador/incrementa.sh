#!/bin/sh
# Suma 1 al contador compartido /datos/contador tantas veces como diga $1.
# Cada pareja "leer + escribir" va protegida por un cerrojo (flock) sobre
# /datos/contador.lock: mientras un proceso lo tiene, los demás esperan.
set -eu

contador=/datos/contador
veces=$1

# Pistoletazo de salida: esperamos a que exista /datos/salida para que
# todos los procesos empiecen a la vez.
while [ ! -e /datos/salida ]; do
  sleep 0.1
done

i=0
while [ "$i" -lt "$veces" ]; do
  (
    flock 9
    n=$(cat "$contador")
    echo $((n + 1)) > "$contador"
  ) 9> /datos/contador.lock
  i=$((i + 1))
done
