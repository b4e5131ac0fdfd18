#!/bin/sh
# Adds 1 to the shared counter /datos/contador as many times as $1 says.
# Each "read + write" pair is protected by a lock (flock) on
# /datos/contador.lock: while one process holds it, the others wait.
set -eu

contador=/datos/contador
veces=$1

# Starting gun: we wait for /datos/salida to exist so that all the
# processes start at the same time.
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
