#!/bin/sh
# Suma 1 al contador compartido /datos/contador tantas veces como diga $1,
# SIN ninguna coordinación con otros procesos que escriban a la vez.
# Es el ejemplo de lo que NO hay que hacer.
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
  n=$(cat "$contador")
  echo $((n + 1)) > "$contador"
  i=$((i + 1))
done
